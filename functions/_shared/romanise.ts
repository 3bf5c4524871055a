// One spelling for text in any Indian script: what lets a Devanagari query find a Tamil bio,
// and "bolnay" find "बोलने". Used on queries (talent-search, before the RPC) and on documents
// (the embed worker writes it to search_text, which the full-text index reads), and inside
// the local embedder, so the three agree.
//
//   romanise(text)     Indic-script runs → lower-case ASCII romanisation, as people write
//                      Hinglish ("नाचती" → "nachti", "தமிழ்" → "tamil"); other text lower-cased,
//                      accents folded. Readable: what an English-only model should be fed.
//   spellingKey(word)  one key per romanised spelling variant ("bolnay"/"bolne",
//                      "ladaki"/"ladki", "naachti"/"nachti", "thoda"/"toda").
//   searchTerms(text)  romanise, then the key of every word: what search_text holds.
//
// Transliteration is @indic-transliteration/sanscript's (to IAST), with two local choices:
// - where a script merges sounds Devanagari keeps apart (Tamil க is ka/kha/ga/gha, Bengali ব is
//   ba/va), the library reads it as the last Devanagari letter of its table (க → "gh"); we
//   register a copy of each scheme that reads it as the first (க → "k", ব → "b"), which is
//   how these languages are romanised.
// - Tamil writes k, c, ṭ, t, p for both their voiceless and voiced sounds, which follow from
//   the position: voiced between vowels and after a nasal, voiceless at the start and doubled
//   (மும்பை is mumbai, நடிகை nadigai, பேசும் pesum). We write them as said.
// - Hindi drops most inherent vowels ("बोलने" is bolne, not bolane): for the North Indian
//   scripts, an inherent "a" between a vowel+consonant and a consonant+vowel, and a final one
//   after a single consonant, are dropped (Ohala's rule). Dravidian scripts write their vowels.
import { Sanscript } from "./deps.ts";

type Script = { name: string; first: number; schwaDeletion: boolean };

/** The scripts we transliterate, by Unicode block (128 code points each). */
export const SCRIPTS: readonly Script[] = [
  { name: "devanagari", first: 0x0900, schwaDeletion: true },
  { name: "bengali", first: 0x0980, schwaDeletion: true },
  { name: "gurmukhi", first: 0x0a00, schwaDeletion: true },
  { name: "gujarati", first: 0x0a80, schwaDeletion: true },
  { name: "oriya", first: 0x0b00, schwaDeletion: true },
  { name: "tamil", first: 0x0b80, schwaDeletion: false },
  { name: "telugu", first: 0x0c00, schwaDeletion: false },
  { name: "kannada", first: 0x0c80, schwaDeletion: false },
  { name: "malayalam", first: 0x0d00, schwaDeletion: false },
];

/** The script of one character, or null for anything outside the Indic blocks. */
export function scriptOf(char: string): Script | null {
  const code = char.codePointAt(0)!;
  if (code < 0x0900 || code > 0x0d7f) return null;
  // dandas (। ॥) are shared punctuation
  if (code === 0x0964 || code === 0x0965) return null;
  return SCRIPTS[(code - 0x0900) >> 7] ?? null;
}

/** The names of the scripts a text uses: "latin" for ASCII letters, then each Indic script. */
export function scriptsOf(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    const s = scriptOf(char);
    if (s) found.add(s.name);
    else if (/[a-z]/i.test(char)) found.add("latin");
  }
  return [...found];
}

// The schemes that read a merged letter as its first Devanagari reading (see above).
const registered = new Set<string>();
function schemeFor(script: Script): string {
  const name = `castmatch_${script.name}`;
  if (registered.has(name)) return name;
  const base = Sanscript.schemes[script.name]!;
  const scheme: Record<string, Record<string, string>> = {};
  for (const [group, table] of Object.entries(base)) {
    if (typeof table !== "object" || table === null) continue;
    const seen = new Set<string>();
    scheme[group] = {};
    for (const [devanagari, letter] of Object.entries(table)) {
      if (seen.has(letter)) continue;
      seen.add(letter);
      scheme[group]![devanagari] = letter;
    }
  }
  Sanscript.addBrahmicScheme(name, scheme);
  registered.add(name);
  return name;
}

// Marks that only refine a sound we fold anyway: nuktas (ज़ → ज, ड़ → ड), Gurmukhi addak (ੱ,
// doubles the next consonant), and the candra vowels of English loanwords (कॉलेज → कोलेज).
const FOLDED_MARKS = /[\u093c\u09bc\u0a3c\u0abc\u0b3c\u0a71]/g;
const CANDRA: Record<string, string> = { "\u0949": "\u094b", "\u0945": "\u0947", "\u0911": "\u0913", "\u090d": "\u090f" };
// Malayalam writes a final consonant as a chillu letter (ൻ, ർ, ൽ, ൾ, ൺ, ൿ), which the library
// does not know: the same consonant with a virama. And ൗ alone is the modern au sign.
const MALAYALAM: Record<string, string> = {
  "\u0d7a": "\u0d23\u0d4d", "\u0d7b": "\u0d28\u0d4d", "\u0d7c": "\u0d30\u0d4d", "\u0d7d": "\u0d32\u0d4d",
  "\u0d7e": "\u0d33\u0d4d", "\u0d7f": "\u0d15\u0d4d", "\u0d57": "\u0d4c",
};

// IAST as the library writes it → the letters of everyday romanisation.
const IAST_VOWELS = new Set(["a", "ā", "i", "ī", "u", "ū", "ṛ", "ṝ", "ḷ", "ḹ", "e", "è", "ē", "ai", "o", "ò", "ō", "au"]);
// a vowel and its nasalisation (candrabindu: गाँव) are one token
const IAST_TOKEN = /(?:ai|au|[aāiīuūeèēoòō])(?:~|m̐)?|[kgcjṭḍtdpb]h|r̤h|k͟h|l̤|r̤|m̐|./gu;
const IAST_ASCII: Record<string, string> = {
  ā: "a", ī: "i", ū: "u", ṛ: "ri", ṝ: "ri", ḷ: "li", ḹ: "li", è: "e", ē: "e", ò: "o", ō: "o",
  ḥ: "h", "~": "n", "m̐": "n", ṅ: "n", ñ: "n", ṭ: "t", ṭh: "th", ḍ: "d", ḍh: "dh", ṇ: "n",
  c: "ch", ch: "chh", ś: "sh", ṣ: "sh", "l̤": "l", "r̤": "d", "r̤h": "dh", ḻ: "l", ṉ: "n", ṟ: "r",
  ẏ: "y", "k͟h": "kh", ġ: "g", q: "k",
};

const isVowelToken = (t: string | undefined) => t !== undefined && IAST_VOWELS.has(t.replace(/~|m̐/u, ""));
const isConsonant = (t: string | undefined) => t !== undefined && !isVowelToken(t) && /^\p{L}/u.test(t);

const TAMIL_VOICED: Record<string, string> = { k: "g", c: "s", ṭ: "ḍ", t: "d", p: "b" };
const NASALS = new Set(["ṅ", "ñ", "ṇ", "n", "m", "ṉ"]);

const GRANTHA = new Set(["j", "ṣ", "s", "h", "ś"]);

/**
 * Tamil's voiceless stops voiced where Tamil says them voiced (see above), in place. Not in
 * words with a Grantha letter (ஜ ஷ ஸ ஹ): loanwords, said as spelt (ஸ்டண்ட் is stunt, not
 * "stand", and இன்ஸ்பெக்டர் inspector).
 */
function voiceTamil(tokens: string[]): void {
  if (tokens.some((t) => GRANTHA.has(t))) return;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!, before = tokens[i - 1]!;
    if (!(t in TAMIL_VOICED) || before === t) continue;
    if (isVowelToken(before) && tokens[i + 1] !== t) tokens[i] = TAMIL_VOICED[t]!;
    // after a nasal: ng, nj, nd, mb (c after ñ is j, not s)
    else if (NASALS.has(before)) tokens[i] = t === "c" ? "j" : TAMIL_VOICED[t]!;
  }
}

/** One IAST word → ASCII, dropping the inherent vowels Hindi does not say. */
function iastWordToAscii(word: string, script: Script): string {
  const tokens = word.match(IAST_TOKEN) ?? [];
  if (script.schwaDeletion) {
    const vowel = isVowelToken;
    for (let i = tokens.length - 1; i >= 2; i--) {
      if (tokens[i] !== "a") continue;
      const last = i === tokens.length - 1;
      const single = isConsonant(tokens[i - 1]) && vowel(tokens[i - 2]);
      if (last ? single : single && isConsonant(tokens[i + 1]) && vowel(tokens[i + 2])) tokens.splice(i, 1);
    }
  }
  if (script.name === "tamil") voiceTamil(tokens);
  return tokens.map((t, i) => {
    // anusvara: m before a labial or at the end; Bengali ং is "ng" (বাংলা → bangla)
    if (t === "ṃ") return /^[pbm]/.test(tokens[i + 1] ?? "") || i === tokens.length - 1 ? "m" : script.name === "bengali" ? "ng" : "n";
    const nasal = /~|m̐/u.test(t) && t.length > 1;
    const base = nasal ? t.replace(/~|m̐/u, "") : t;
    return (IAST_ASCII[base] ?? base) + (nasal ? "n" : "");
  }).join("");
}

// Words repeat (bios, queries, lexicon): transliterate each distinct run once.
const memo = new Map<string, string>();
const MEMO_LIMIT = 20_000;

function transliterateRun(run: string, script: Script): string {
  const key = `${script.name}:${run}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const prepared = run.normalize("NFD").replace(/[\u0949\u0945\u0911\u090d]/g, (c) => CANDRA[c]!)
    .replace(/[\u0d7a-\u0d7f\u0d57]/g, (c) => MALAYALAM[c]!).replace(FOLDED_MARKS, "").normalize("NFC");
  const iast = Sanscript.t(prepared, schemeFor(script), "iast");
  const ascii = iast.split(/(\s+)/).map((w: string) => (/\s/.test(w) ? w : iastWordToAscii(w, script))).join("");
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, ascii);
  return ascii;
}

/** Indic-script runs → ASCII romanisation; everything lower-cased with accents folded. */
export function romanise(text: string): string {
  let out = "";
  let run = "";
  let runScript: Script | null = null;
  const flush = () => {
    if (runScript && run) out += transliterateRun(run, runScript);
    run = "";
    runScript = null;
  };
  for (const char of text.normalize("NFC")) {
    const script = scriptOf(char);
    if (script && script === runScript) run += char;
    else if (script) {
      flush();
      runScript = script;
      run = char;
    } else {
      flush();
      out += char;
    }
  }
  flush();
  return out.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

const VOWELS = "aeiou";
const isVowel = (c: string | undefined) => c !== undefined && VOWELS.includes(c);

/**
 * The key of one romanised word (lower-case ASCII letters): spelling variants of Hinglish and
 * romanised regional words meet. Applied to every word, English too, on both sides of a
 * match, so it only has to be consistent, not pretty.
 */
export function spellingKey(word: string): string {
  let w = word
    .replace(/ph/g, "f").replace(/w/g, "v").replace(/z/g, "j").replace(/q/g, "k").replace(/ck/g, "k")
    // "bolnay", "bolney" → "bolne" (a final "ay"/"ey" is how many people write a long e)
    .replace(/(?<=[^aeiou])(?:ay|ey)$/, "e")
    // aspiration is written or not (thoda/toda, kathak/katthak, Tamil has none); ch and sh stay
    .replace(/chh/g, "ch").replace(/([kgjtdb])h/g, "$1")
    // long vowels written doubled or not
    .replace(/aa+/g, "a").replace(/ee+|ii+/g, "i").replace(/oo+|uu+/g, "u")
    // doubled consonants
    .replace(/([b-df-hj-np-tv-z])\1+/g, "$1");
  // inherent vowels said or not (ladaki/ladki, bolane/bolne): Ohala's rule, as for the scripts
  const units = w.match(/ch|sh|[a-z]/g) ?? [];
  const consonant = (u: string | undefined) => u !== undefined && !isVowel(u);
  for (let i = units.length - 3; i >= 2; i--) {
    if (units[i] === "a" && consonant(units[i - 1]) && isVowel(units[i - 2]) && consonant(units[i + 1]) && isVowel(units[i + 2])) {
      units.splice(i, 1);
    }
  }
  w = units.join("");
  return w;
}

/** Lower-case ASCII words of romanised text (digits and punctuation are separators). */
export function romanWords(text: string): string[] {
  return romanise(text).split(/[^a-z]+/).filter((w) => w.length > 0);
}

/** The spelling keys of a text in any script(s), in order: what search_text holds. */
export function searchTerms(text: string): string {
  return romanWords(text).map(spellingKey).join(" ");
}
