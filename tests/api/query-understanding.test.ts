// Casting queries nobody tuned the phrase banks on (tests/matching/queries/, npm run
// eval:queries): in every script, at least 19 of every 20 results fit the gender and language the
// query names, and what else it names (skills, city, age). And the reading shows, and yields to
// filters. talent-search allows a user 60 calls a minute (supabase/config.toml), so the 258
// queries go to search_talent as talent-search sends them (the same reading, spelling keys and
// local embedding, computed here), each split as its own casting director; a sample goes through
// talent-search itself and must rank the same. npm run eval:queries asks every one through it.
import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { callFunction } from "../support/functions.ts";
import { accessToken, signIn } from "../support/personas.ts";
import { loadQueries, score, type EvalQuery, type QueryResult, type Split, type Talent } from "../../scripts/lib/query-eval.ts";
import { understandQuery } from "../../functions/_shared/query-understanding.ts";
import { searchTerms } from "../../functions/_shared/romanise.ts";
import { localProvider } from "../../functions/_shared/embeddings/local.ts";
import { toPgVector } from "../../functions/_shared/embeddings/provider.ts";

const stack = inject("stack");
let cd: SupabaseClient;
let token: string;
const askers = {} as Record<Split, { client: SupabaseClient; token: string; visible: Talent[] }>;

/** search_talent with exactly the arguments talent-search sends for a query. */
async function rpcSearch(client: SupabaseClient, q: EvalQuery): Promise<Talent[]> {
  const [vector] = await localProvider.embed([q.query]);
  const { evidence: _, ...understood } = understandQuery(q.query);
  const r = await client.rpc("search_talent", {
    query: q.query, query_terms: searchTerms(q.query).slice(0, 2000), query_embedding: toPgVector(vector!),
    query_model: localProvider.model, match_count: 10, understood,
  });
  expect(r.error).toBeNull();
  return r.data as Talent[];
}
const search = async (body: Record<string, unknown>, bearer = token) => {
  const r = await callFunction(stack, "talent-search", body, bearer);
  expect(r.status).toBe(200);
  return r.body;
};

beforeAll(async () => {
  // the seed's vectors first, as cron would embed them
  for (let i = 0; ; i++) {
    const r = await callFunction(stack, "embed", {}, stack.secretKey);
    expect(r.status).toBe(200);
    if (r.body.queued === 0) break;
    if (i > 100) throw new Error("the embedding queue did not drain");
  }
  cd = await signIn(stack, "casting_director");
  token = await accessToken(cd);
  for (const [split, persona] of [["dev", "casting_director"], ["held-out", "outside_cd"]] as const) {
    const client = split === "dev" ? cd : await signIn(stack, persona);
    // relevance: the structured fields of the talent this casting director can see
    const rows = await client.from("talent_profiles").select("id, gender, languages, skills, city, playing_age_min, playing_age_max");
    expect(rows.error).toBeNull();
    askers[split] = { client, token: await accessToken(client), visible: rows.data as Talent[] };
  }
}, 300_000);

describe.each<Split>(["dev", "held-out"])("the %s casting queries", (split) => {
  const queries = loadQueries(split);
  let results: QueryResult[];

  beforeAll(async () => {
    results = [];
    for (const q of queries) results.push({ id: q.id, script: q.script, query: q.query, top: await rpcSearch(askers[split].client, q) });
  }, 600_000);

  it("rank as talent-search ranks them (a sample through the function)", async () => {
    for (const q of queries.filter((_, i) => i % 20 === 0)) {
      const body = await search({ query: q.query, limit: 10 }, askers[split].token);
      const expected = results.find((r) => r.id === q.id)!.top.map((t) => t.id ?? (t as unknown as { talent_id: string }).talent_id);
      expect(body.results.map((t: { talent_id: string }) => t.talent_id), q.query).toEqual(expected);
    }
  });

  it("cover English, Devanagari Hindi, Hinglish and the languages' own scripts", () => {
    const scripts = new Set(queries.map((q) => q.script));
    expect([...scripts].sort()).toEqual(["bengali", "devanagari", "english", "gujarati", "gurmukhi", "hinglish", "kannada",
      "malayalam", "marathi", "tamil", "telugu"]);
  });

  it.each(["gender_language", "all_named"] as const)("reach precision@10 ≥ 0.95 in every script (%s)", (measure) => {
    const scores = score(results, queries, askers[split].visible, measure);
    for (const bucket of ["english", "devanagari", "hinglish", "native"]) {
      expect(scores[bucket]!.precision, `${bucket}: ${JSON.stringify(scores[bucket]!.misses)}`).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe("the reading of a query", () => {
  it("is returned, and each result's explanation says how it was used", async () => {
    const body = await search({ query: "कोलकाता की बंगाली अभिनेत्री जो गाना गाती हो, 25 से 35 साल", limit: 10 });
    expect(body.understood).toMatchObject({ gender: "female", languages: ["bengali"], skills: ["singing"], city: "Kolkata",
                                            age_min: 25, age_max: 35 });
    expect(body.understood.evidence).toEqual(expect.arrayContaining([{ word: "अभिनेत्री", means: "gender: female" }]));
    expect(body.results.length).toBe(10);
    for (const t of body.results) {
      expect(t.gender).toBe("female");
      expect(t.languages).toContain("bengali");
      expect(t.explanation.query).toMatchObject({ gender: "female", languages: ["bengali"], filters: ["gender", "languages"],
                                                 preferences: ["skills", "city", "age"], overridden_by_filters: [] });
      expect(t.explanation.fit).toMatchObject({ languages_matched: ["bengali"], city_match: t.city === "Kolkata" });
      expect(t.explanation.fit.age_match).toBe(t.playing_age_max >= 25 && t.playing_age_min <= 35);
    }
    // preferences lead: who has the skill, the city and the age comes before who lacks them
    const fit = body.results.map((t: { explanation: { fit: { score: number } } }) => t.explanation.fit.score);
    expect(fit[0]).toBeGreaterThanOrEqual(fit.at(-1)!);
  });

  it("yields to the request's filters, and understand: false turns it off", async () => {
    const body = await search({ query: "Punjabi comedy actor", filters: { gender: "female" }, limit: 10 });
    expect(body.results.length).toBeGreaterThan(0);
    for (const t of body.results) {
      expect(t.gender).toBe("female");
      expect(t.languages).toContain("punjabi");
      expect(t.explanation.query).toMatchObject({ gender: "male", filters: ["languages"], overridden_by_filters: ["gender"] });
    }
    const raw = await search({ query: "Punjabi comedy actor", limit: 10, understand: false });
    expect(raw.understood).toBeNull();
    expect(raw.results.every((t: { explanation: Record<string, unknown> }) => !("query" in t.explanation))).toBe(true);
  });

  it("a languages-joined-by-or query prefers either and filters on neither", async () => {
    const body = await search({ query: "Tamil or Malayalam speaking actress", limit: 10 });
    expect(body.understood).toMatchObject({ languages: ["tamil", "malayalam"], languages_any: true });
    for (const t of body.results) {
      expect(t.gender).toBe("female");
      expect(t.languages.some((l: string) => l === "tamil" || l === "malayalam")).toBe(true);
    }
  });

  it("search_talent refuses a malformed reading with a 400 naming it", async () => {
    for (const understood of [[1], { gender: "other" }, { languages: "tamil" }, { age_min: 400 }, { skills: [7] }]) {
      const r = await cd.rpc("search_talent", { query: "actress", understood });
      expect([r.error?.code, r.status]).toEqual(["22023", 400]);
      expect(r.error?.message).toMatch(/^understood must be/);
    }
  });
});
