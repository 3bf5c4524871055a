// The casting-query evaluation (tests/matching/queries/): queries written apart from the phrase
// banks, each with what it asks for (gender, languages, skills, city, playing age), judged
// against the structured fields of the talent the caller can see, never against the generator.
//
// precision@10 of one query: the share of its top 10 that meet what it asks, out of
// min(10, how many visible talent meet it) — a query whose need only 4 talent fit scores 1 when
// those 4 lead. Two measures: "gender and language" (what each query names of those two, the
// issue's measure) and "all named" (also skills, city and age where the query names them).
// Queries no visible talent fits are left out of a measure and counted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "../../stack/config.ts";

export type Asks = { gender?: "female" | "male"; languages?: string[]; skills?: string[][]; city?: string; age?: [number, number] };
export type EvalQuery = { id: string; script: string; query: string; asks: Asks };
export type Split = "dev" | "held-out";
export type Talent = {
  id: string; gender: string; languages: string[]; skills: string[]; city: string | null; playing_age_min: number; playing_age_max: number;
};

export const SCRIPT_ORDER = ["english", "devanagari", "hinglish", "bengali", "gurmukhi", "gujarati", "tamil", "telugu", "kannada",
  "malayalam", "marathi"];

export function loadQueries(split: Split): EvalQuery[] {
  const file = join(paths.root, "tests", "matching", "queries", `${split}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { queries: EvalQuery[] }).queries;
}

export type Measure = "gender_language" | "all_named";

export function fits(t: Talent, asks: Asks, measure: Measure): boolean {
  if (asks.gender && t.gender !== asks.gender) return false;
  if (asks.languages && !asks.languages.every((l) => t.languages.includes(l))) return false;
  if (measure === "gender_language") return true;
  if (asks.skills && !asks.skills.every((anyOf) => anyOf.some((s) => t.skills.includes(s)))) return false;
  if (asks.city && t.city?.toLowerCase() !== asks.city.toLowerCase()) return false;
  if (asks.age && !(t.playing_age_max >= asks.age[0] && t.playing_age_min <= asks.age[1])) return false;
  return true;
}

export type QueryResult = { id: string; script: string; query: string; top: Talent[] };
export type Score = { queries: number; precision: number; unanswerable: number; misses: Array<{ id: string; query: string; precision: number }> };

/** precision@k per script (and "native": the languages' own scripts together), for one measure. */
export function score(results: QueryResult[], queries: EvalQuery[], visible: Talent[], measure: Measure, k = 10): Record<string, Score> {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const out: Record<string, Score> = {};
  const add = (bucket: string, id: string, query: string, p: number | null) => {
    const s = (out[bucket] ??= { queries: 0, precision: 0, unanswerable: 0, misses: [] });
    if (p === null) s.unanswerable++;
    else {
      s.precision = (s.precision * s.queries + p) / (s.queries + 1);
      s.queries++;
      if (p < 1) s.misses.push({ id, query, precision: Math.round(p * 100) / 100 });
    }
  };
  for (const r of results) {
    const q = byId.get(r.id)!;
    const relevant = visible.filter((t) => fits(t, q.asks, measure)).length;
    const p = relevant === 0 ? null : r.top.slice(0, k).filter((t) => fits(t, q.asks, measure)).length / Math.min(k, relevant);
    add(q.script, q.id, q.query, p);
    if (!["english", "devanagari", "hinglish"].includes(q.script)) add("native", q.id, q.query, p);
    add("all", q.id, q.query, p);
  }
  return out;
}
