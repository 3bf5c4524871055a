// The offline default embedder: deterministic, no model download. Text in any Indian script
// is first romanised and every word reduced to its spelling key (functions/_shared/romanise.ts),
// so "अभिनेत्री", "abhinetri" and the lexicon's Tamil "நடிகை" meet as words and concepts.
// A document becomes a 384-dimension vector by signed feature hashing of
//   - word stems (weight 1),
//   - the concept groups of functions/_shared/embeddings/lexicon.ts its words and word
//     pairs belong to (weight 2), so synonyms across English and Hinglish meet,
//   - character trigrams of each word (weight 0.3 in total per word), so spelling
//     variants of romanised names and words ("Shreya"/"Shriya", "naachti"/"nachti") stay close,
// with sublinear term frequency, then L2-normalised so cosine distance applies.
// It is a bag of features, not a language model: it cannot tell "not a dancer" from "dancer".
import { fnv1a } from "../hash.ts";
import { normalize, type EmbeddingProvider } from "./provider.ts";
import { conceptGroups, nativeWords, stopwords as stopwordList } from "./lexicon.ts";
import { romanWords, scriptOf, spellingKey } from "../romanise.ts";

// v2: words are romanised spelling keys (v1 vectors of the same text differ, so the index
// records which one it holds)
export const LOCAL_MODEL = "castmatch-local-hash-v2";
export const DIMENSIONS = 384;

/** The words of a text in any script: romanised spelling keys, digits and punctuation dropped. */
export function tokenize(text: string): string[] {
  return words(text).map((w) => w.key);
}

/** tokenize, with whether each word was written in an Indian script. */
function words(text: string): Array<{ key: string; indic: boolean }> {
  return text.split(/\s+/).flatMap((raw) => {
    const indic = [...raw].some((c) => scriptOf(c) !== null);
    return romanWords(raw).map(spellingKey).filter((w) => w.length > 1).map((key) => ({ key, indic }));
  });
}

// Lexicon entries are read like any text ("street-smart" and "street smart" are one entry).
const conceptOf = new Map<string, string[]>();
for (const groups of [conceptGroups, nativeWords]) {
  for (const [concept, words] of Object.entries(groups)) {
    for (const word of words) {
      const key = tokenize(word).join("");
      if (!key) continue;
      const known = conceptOf.get(key) ?? [];
      if (!known.includes(concept)) conceptOf.set(key, [...known, concept]);
    }
  }
}
const stopwords = new Set([...stopwordList].flatMap((w) => romanWords(w).map(spellingKey)));

/** A light English stemmer: enough to meet "dancing", "dances" and "dance". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ied")) return word.slice(0, -3) + "y";
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith("ly")) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith("es") && !word.endsWith("ses")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function concepts(word: string, indic: boolean): string[] {
  const known = conceptOf.get(word) ?? conceptOf.get(stem(word));
  if (known || !indic) return known ?? [];
  // an inflected form of a known word, in the scripts whose languages inflect by suffix
  // (கல்லூரியில் is கல்லூரி + il, "in college"; কলেজে, ಕಾಲೇಜಿನಲ್ಲಿ): the longest known prefix of
  // 5+ letters, at most 5 shorter. (Not for Latin text: English words are not built that way,
  // and on the English corpus it cost recall.)
  for (let end = word.length - 1; end >= 5 && end >= word.length - 5; end--) {
    const prefix = conceptOf.get(word.slice(0, end));
    if (prefix) return prefix;
  }
  return [];
}

/** The weighted features of one text (exported for tests and for explaining a match). */
export function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const all = words(text);
  for (let i = 0; i < all.length; i++) {
    const { key: word, indic } = all[i]!;
    // a pair joined ("street smart" → "streetsmart", "hip hop" → "hiphop") may name a concept
    const next = all[i + 1]?.key;
    if (next) for (const c of conceptOf.get(word + next) ?? []) add(`c:${c}`, 2);
    if (stopwords.has(word)) continue;
    const s = stem(word);
    add(`w:${s}`, 1);
    for (const c of concepts(word, indic)) add(`c:${c}`, 2);
    const padded = `#${word}#`;
    const grams = padded.length - 2;
    for (let j = 0; j < grams; j++) add(`g:${padded.slice(j, j + 3)}`, 0.3 / grams);
  }
  return counts;
}

export function embedLocal(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const [feature, weight] of features(text)) {
    const hash = fnv1a(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    // sublinear: a word said five times is not five times as important
    vector[hash % DIMENSIONS]! += sign * (weight > 1 ? 1 + Math.log(weight) : weight);
  }
  return normalize(vector).map((x) => Math.round(x * 1e5) / 1e5);
}

export const localProvider: EmbeddingProvider = {
  name: "local",
  model: LOCAL_MODEL,
  dimensions: DIMENSIONS,
  embed: (texts) => Promise.resolve(texts.map(embedLocal)),
};
