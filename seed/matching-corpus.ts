// A labelled synthetic corpus for measuring talent matching (npm run eval:matching).
//
// Every talent has structured attributes (gender, playing age, languages, city, skills) and
// one or two hidden archetypes ("streetwise", "comic", …) that only their bio expresses, in
// English or Hinglish, in words drawn from a phrase bank. Every role has hard requirements
// (gender, age range, languages), preferred skills and city, and an archetype its
// description expresses — usually in different words than the bios use.
//
// Ground truth: a talent is relevant to a role when it passes the role's hard filters, shares
// its archetype, and has one of its preferred skills (when the role names any). Graded gain
// for nDCG: 2 for the archetype, +1 for a preferred skill, +0.5 for the preferred city.
// No single signal sees all of that: filters see skills and city but not the archetype,
// keywords catch the archetype only when the same words are used, embeddings catch synonyms.
//
// With { scripts: true } the same corpus (same people, roles and labels: its random draws are
// unchanged) is written in the scripts our users write (seed/matching-scripts.ts): many bios in
// the talent's own script, some in Devanagari, romanised Hindi or a Devanagari–English mix;
// and every role is asked once per script, so each script's recall is measured on the same
// roles and the same relevant talent as English. A second random stream picks the scripts.
import { gendered, prng, stableUuid } from "./generate.ts";
import { regions } from "./world.ts";
import { SCRIPTS, scriptFillers, scriptPhrases, type Script } from "./matching-scripts.ts";

export { SCRIPTS, type Script };

/** The script a talent of a language writes their bio in, when not English. */
const ownScript: Record<string, Script> = {
  hindi: "devanagari", marathi: "devanagari", tamil: "tamil", telugu: "telugu", bengali: "bengali",
  gujarati: "gujarati", malayalam: "malayalam", kannada: "kannada", punjabi: "gurmukhi",
};


type Archetype = { talent: string[]; role: string[]; skills: string[] };

// Phrases: talent bios and role descriptions share a few exact words and many synonyms.
export const archetypes: Record<string, Archetype> = {
  streetwise: {
    talent: ["grew up a tapori in the chawls, knows every jugaad", "street-smart hustler from the lanes", "galli ka chalu, full jugaad", "savvy survivor of the bylanes"],
    role: ["a street-smart hustler who survives on jugaad", "tough, savvy kid of the streets", "chalu tapori energy"],
    skills: [],
  },
  comic: {
    talent: ["natural comic timing, does stand-up on weekends", "funny and witty on camera", "mazaak karna pasand hai, comedy sketches on YouTube", "quirky humour, improv troupe member"],
    role: ["a witty comedian with great timing", "comic relief, funny and quirky", "the joker of the group, hasya is everything"],
    skills: ["stand-up comedy", "improvisation", "mimicry"],
  },
  dancer: {
    talent: ["trained dancer, kathak since childhood", "naachti hoon, shaadi choreography bhi karti hoon", "dance reels with a big following", "performs bharatanatyam recitals"],
    role: ["a dancer who lights up every party", "can dance: choreography-heavy role", "nritya trained, classical moves"],
    skills: ["kathak", "bharatanatyam", "bollywood dance", "hip hop", "classical dance"],
  },
  action: {
    talent: ["does own stunts, martial arts black belt", "fight sequences and combat training", "kalaripayattu practitioner, very physical", "boxing every morning, action-ready"],
    role: ["an action lead who fights", "stunt-heavy role, combat skills needed", "a fighter, physically imposing"],
    skills: ["martial arts", "kalaripayattu", "stage combat"],
  },
  intense: {
    talent: ["intense, brooding screen presence", "method actor drawn to dark, gritty drama", "serious dramatic roles are my thing", "gehra emotional range, naturalistic"],
    role: ["intense and brooding, carries dark scenes", "a gritty, emotional dramatic part", "serious, method-style performance"],
    skills: [],
  },
  elite: {
    talent: ["plays rich, posh characters with ease", "aristocratic poise, royal family roles", "elite south Bombay types, ameer ghar ka", "corporate heiress and tycoon parts"],
    role: ["a wealthy heir with aristocratic airs", "rich, elite and entitled", "royal family scion, posh"],
    skills: ["horse riding"],
  },
  rural: {
    talent: ["from a small village, farming family", "gaon ki ladki/ladka, rustic and desi", "fishing village upbringing on the coast", "rural roots, kisan family"],
    role: ["a rustic villager", "small-town farmer's child, desi to the core", "fisherfolk from a coastal gaon"],
    skills: ["swimming", "driving"],
  },
  student: {
    talent: ["still in college, campus theatre regular", "student actor, hostel plays", "university drama society lead", "fresher energy, college fest anchor"],
    role: ["a college student", "campus-life role, hostel and exams", "young university fresher"],
    skills: [],
  },
  cop: {
    talent: ["plays cops and inspectors convincingly", "police officer roles in two crime series", "havaldar to detective, crime branch parts", "investigator roles, strong authority"],
    role: ["a tough police inspector", "crime-branch officer, detective mind", "cop with authority"],
    skills: ["driving", "martial arts"],
  },
  villain: {
    talent: ["known for menacing villain parts", "gangster and goon roles, negative shades", "khalnayak vibes, antagonist in a web series", "plays crooks and dons"],
    role: ["a menacing antagonist", "gangster don, negative role", "the villain everyone fears"],
    skills: ["stage combat"],
  },
  musician: {
    talent: ["singer-songwriter, riyaz every day", "plays guitar and sings live", "gaana gaati hoon, trained vocalist", "tabla player and musician"],
    role: ["a musician who sings on screen", "vocalist, must sing live", "guitar-playing singer"],
    skills: ["singing", "guitar", "tabla"],
  },
  warm: {
    talent: ["warm, gentle presence on screen", "sweet and innocent characters, bholi types", "kind, caring mother and sister roles", "soft-spoken, caring"],
    role: ["a warm, caring presence", "gentle and kind-hearted", "sweet, innocent character"],
    skills: [],
  },
};

const fillers = [
  "Several OTT and ad credits.", "NSD workshop alumni.", "Comfortable on camera and on stage.", "Web series and TVC experience.",
  "Bahut saare ads kiye hain.", "Theatre background, ten plays.", "Dubbing work for two films.", "Available for outstation shoots.",
];

export type CorpusTalent = {
  id: string; stageName: string; gender: "female" | "male"; ageMin: number; ageMax: number; languages: string[];
  skills: string[]; city: string; bio: string; archetypes: string[]; script: Script;
};
export type CorpusRole = {
  id: string; description: string; gender: "female" | "male"; ageMin: number; ageMax: number; languages: string[];
  skills: string[]; city: string | null; archetype: string; script: Script;
};
export type Corpus = { talent: CorpusTalent[]; roles: CorpusRole[]; gain: Map<string, Map<string, number>> };

export function passesFilters(t: CorpusTalent, r: CorpusRole): boolean {
  return t.gender === r.gender && t.ageMin <= r.ageMax && t.ageMax >= r.ageMin && r.languages.every((l) => t.languages.includes(l));
}

/** Graded relevance; 0 means not relevant. */
export function gainOf(t: CorpusTalent, r: CorpusRole): number {
  if (!passesFilters(t, r) || !t.archetypes.includes(r.archetype)) return 0;
  const skill = r.skills.some((s) => t.skills.includes(s));
  if (r.skills.length > 0 && !skill) return 0;
  return 2 + (skill ? 1 : 0) + (r.city && t.city === r.city ? 0.5 : 0);
}

export function generateCorpus(talentCount: number, roleCount: number, seed = 7, minRelevant = 5,
                               options: { scripts?: boolean } = {}): Corpus {
  const rnd = prng(seed);
  const srnd = prng(seed * 7919 + 1);
  const names = Object.keys(archetypes);
  const talent: CorpusTalent[] = [];
  for (let i = 0; i < talentCount; i++) {
    const region = rnd.pick(regions);
    const gender = rnd.next() < 0.5 ? "female" : "male";
    const first = rnd.pick(gender === "female" ? region.female : region.male);
    const ageMin = rnd.int(18, 55);
    const kinds = rnd.some(names, rnd.next() < 0.5 ? 1 : 2);
    const pool = kinds.flatMap((k) => archetypes[k]!.skills);
    const skills = new Set<string>();
    for (const s of rnd.some(pool, rnd.int(0, 2))) skills.add(s);
    if (rnd.next() < 0.2) skills.add(rnd.pick(Object.values(archetypes).flatMap((a) => a.skills)));
    const languages = [region.language];
    if (region.language !== "hindi" && rnd.next() < 0.7) languages.push("hindi");
    if (rnd.next() < 0.6) languages.push("english");
    const sentences = kinds.map((k) => {
      const phrase = rnd.pick(archetypes[k]!.talent).replace("ladki/ladka", gender === "female" ? "ladki" : "ladka");
      return phrase.charAt(0).toUpperCase() + phrase.slice(1) + ".";
    });
    sentences.push(rnd.pick(fillers));
    if (rnd.next() < 0.5) sentences.push(rnd.pick(fillers));
    let bio = rnd.some(sentences, sentences.length).join(" ");
    let script: Script = "english";
    if (options.scripts) {
      const roll = srnd.next();
      script = roll < 0.45 ? ownScript[region.language]!
        : roll < 0.55 && languages.includes("hindi") ? "devanagari"
        : roll < 0.65 ? "romanised" : roll < 0.72 ? "mixed" : "english";
      const written = script;
      if (written !== "english") {
        const own = kinds.map((k) => gendered(srnd.pick(scriptPhrases[k]![written].talent), gender));
        bio = [...own, srnd.pick(scriptFillers[written])].join(written === "devanagari" || written === "mixed" ? "। " : ". ");
      }
    }
    talent.push({
      id: stableUuid("corpus-talent", String(seed), String(i)),
      stageName: `${first} ${rnd.pick(region.surnames)}`,
      gender, ageMin, ageMax: ageMin + rnd.int(3, 10), languages, skills: [...skills], city: rnd.pick(region.cities),
      bio, archetypes: kinds, script,
    });
  }

  const roles: CorpusRole[] = [];
  const gain = new Map<string, Map<string, number>>();
  let asked = 0;
  for (let attempt = 0; asked < roleCount && attempt < roleCount * 50; attempt++) {
    const archetype = rnd.pick(names);
    const region = rnd.pick(regions);
    const ageMin = rnd.int(18, 45);
    const a = archetypes[archetype]!;
    const role: CorpusRole = {
      id: stableUuid("corpus-role", String(seed), String(attempt)),
      description: `${rnd.pick(a.role)}.`.replace(/^./, (c) => c.toUpperCase()),
      gender: rnd.next() < 0.5 ? "female" : "male",
      ageMin, ageMax: ageMin + rnd.int(5, 12),
      languages: rnd.next() < 0.6 ? ["hindi"] : [region.language],
      skills: a.skills.length && rnd.next() < 0.8 ? rnd.some(a.skills, rnd.int(1, 2)) : [],
      city: rnd.next() < 0.4 ? rnd.pick(region.cities) : null,
      archetype,
      script: "english",
    };
    const gains = new Map<string, number>();
    for (const t of talent) {
      const g = gainOf(t, role);
      if (g > 0) gains.set(t.id, g);
    }
    if (gains.size < minRelevant) continue;
    asked++;
    roles.push(role);
    gain.set(role.id, gains);
    // the same role asked in every other script
    if (options.scripts) {
      for (const script of SCRIPTS.filter((s) => s !== "english")) {
        const phrase = gendered(srnd.pick(scriptPhrases[archetype]![script].role), role.gender);
        const variant: CorpusRole = { ...role, id: stableUuid("corpus-role", String(seed), String(attempt), script), description: phrase, script };
        roles.push(variant);
        gain.set(variant.id, gains);
      }
    }
  }
  return { talent, roles, gain };
}

/** recall@k against every relevant talent (capped at k) and nDCG@k with graded gains. */
export function scoreRanking(ranked: string[], gains: Map<string, number>, k = 10): { recall: number; ndcg: number } {
  const top = ranked.slice(0, k);
  const hits = top.filter((id) => gains.has(id)).length;
  const recall = hits / Math.min(k, gains.size);
  const dcg = top.reduce((sum, id, i) => sum + (gains.get(id) ?? 0) / Math.log2(i + 2), 0);
  const ideal = [...gains.values()].sort((a, b) => b - a).slice(0, k).reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return { recall, ndcg: ideal === 0 ? 0 : dcg / ideal };
}
