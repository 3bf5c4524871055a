// Talent matching over the real API on the seeded world: the embedding queue and its worker,
// match-talent and talent-search, per persona, including what each must be refused.
import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { LOCAL_MODEL } from "../../functions/_shared/embeddings/local.ts";
import { client, signedUpClient } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { accessToken, email, signIn } from "../support/personas.ts";

const stack = inject("stack");
const meeraRole = stableUuid("role", "bombay-nights", "Meera Joshi");
const monsoonRole = stableUuid("role", "monsoon", "Inspector Patil");
const demoTalent = stableUuid("talent", email("talent"));

const as: Record<string, SupabaseClient> = {};
const token: Record<string, string> = {};
const service = () => client(stack.apiUrl, stack.secretKey);

const call = (fn: string, body: unknown, bearer: string | null, method = "POST") => callFunction(stack, fn, body, bearer, { method });

/** Drains the queue through the embed function, as cron would. */
async function drain() {
  for (let i = 0; i < 20; i++) {
    const r = await call("embed", {}, stack.secretKey);
    expect(r.status).toBe(200);
    if (r.body.queued === 0) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the embedding queue did not drain");
}

beforeAll(async () => {
  for (const p of ["talent", "agent", "casting_director", "outside_cd", "producer"]) {
    as[p] = await signIn(stack, p);
    token[p] = await accessToken(as[p]!);
  }
  await drain();
});

describe("the embedding queue", () => {
  it("embeds every seeded profile and role with the local model", async () => {
    const { data } = await service().rpc("embedding_status");
    expect(data).toMatchObject({ model: LOCAL_MODEL, queued: 0, failed: 0 });
    expect(data.talent_profiles.embedded).toBe(data.talent_profiles.rows);
    expect(data.casting_roles.embedded).toBe(data.casting_roles.rows);
  });

  it("re-embeds a profile after its bio changes", async () => {
    const before = await as.talent!.from("talent_profiles").select("embedding, embedded_at").eq("id", demoTalent).single();
    const edit = await as.talent!.from("talent_profiles").update({ bio: "Kathak dancer and stand-up comic from Dadar." }).eq("id", demoTalent);
    expect(edit.error).toBeNull();
    const result = await drain();
    expect(result).toMatchObject({ provider: "local", model: LOCAL_MODEL });
    const after = await as.talent!.from("talent_profiles").select("embedding, embedded_at").eq("id", demoTalent).single();
    expect(after.data!.embedding).not.toEqual(before.data!.embedding);
    expect(new Date(after.data!.embedded_at).getTime()).toBeGreaterThan(new Date(before.data!.embedded_at).getTime());
  });

  it("drops a result for text that changed after the claim, and keeps the newer job", async () => {
    const db = service();
    await as.talent!.from("talent_profiles").update({ bio: "Version one." }).eq("id", demoTalent);
    const claimed = await db.rpc("claim_embedding_jobs", { batch_size: 100, lease_seconds: 60 });
    const job = (claimed.data as Array<{ target_id: string; version: number; target_table: string }>).find((j) => j.target_id === demoTalent)!;
    expect(job).toBeDefined();
    await as.talent!.from("talent_profiles").update({ bio: "Version two." }).eq("id", demoTalent);
    const stale = await db.rpc("complete_embedding_jobs", {
      model: LOCAL_MODEL,
      results: [{ ...job, embedding: `[${new Array(384).fill(0.05).join(",")}]` }],
    });
    expect(stale.error).toBeNull();
    expect(stale.data).toBe(0);
    const status = await db.rpc("embedding_status");
    expect(status.data.queued).toBeGreaterThan(0);
    await drain();
  });

  it("refuses vectors from another model, so one index never mixes two", async () => {
    await as.talent!.from("talent_profiles").update({ bio: "Mixed models must fail." }).eq("id", demoTalent);
    const db = service();
    const claimed = await db.rpc("claim_embedding_jobs", { batch_size: 100 });
    const job = (claimed.data as Array<{ target_id: string }>).find((j) => j.target_id === demoTalent)!;
    const done = await db.rpc("complete_embedding_jobs", {
      model: "openai/text-embedding-3-small",
      results: [{ ...job, embedding: `[${new Array(384).fill(0.05).join(",")}]` }],
    });
    expect(done.error?.message).toMatch(/index holds "castmatch-local-hash-v2"/);
    // the lease runs out and the job is embedded on a later pass; hand it back now
    await db.rpc("fail_embedding_jobs", { jobs: [job], error: "test" });
  });

  it("only the service role runs the worker", async () => {
    expect((await call("embed", {}, token.casting_director!)).status).toBe(403);
    const direct = await as.casting_director!.rpc("claim_embedding_jobs", { batch_size: 1 });
    expect(direct.error).not.toBeNull();
    const bad = await call("embed", { batch_size: 0 }, stack.secretKey);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("batch_size");
    expect((await call("embed", null, stack.secretKey, "GET")).status).toBe(405);
  });
});

describe("match-talent", () => {
  it("ranks talent that meet the role's hard filters, with an explanation", async () => {
    const r = await call("match-talent", { casting_role_id: meeraRole, limit: 15 }, token.casting_director!);
    expect(r.status).toBe(200);
    expect(r.body.model).toBe(LOCAL_MODEL);
    expect(r.body.results.length).toBeGreaterThanOrEqual(5);
    expect(r.body.results.length).toBeLessThanOrEqual(15);
    const scores = r.body.results.map((x: { score: number }) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const t of r.body.results) {
      expect(t.gender).toBe("female");
      expect(t.playing_age_min).toBeLessThanOrEqual(32);
      expect(t.playing_age_max).toBeGreaterThanOrEqual(25);
      expect(t.languages).toEqual(expect.arrayContaining(["hindi", "marathi"]));
      expect(t.explanation.semantic.similarity).toBeGreaterThan(0);
      expect(t.explanation.embedding).toBe("ready");
    }
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("turning a source off changes the ranking", async () => {
    const hybrid = await call("match-talent", { casting_role_id: meeraRole, limit: 10 }, token.casting_director!);
    const fitOnly = await call("match-talent", { casting_role_id: meeraRole, limit: 10, weights: { semantic: 0, keyword: 0, fit: 1 } }, token.casting_director!);
    expect(fitOnly.status).toBe(200);
    // every candidate is still measured on meaning, but it contributes nothing
    expect(fitOnly.body.results.every((t: { explanation: { semantic: { contribution: number } } }) => t.explanation.semantic.contribution === 0)).toBe(true);
    expect(fitOnly.body.results.map((t: { talent_id: string }) => t.talent_id)).not.toEqual(hybrid.body.results.map((t: { talent_id: string }) => t.talent_id));
  });

  it("adds the top N to a new shortlist, and skips talent already on it", async () => {
    const r = await call("match-talent", { casting_role_id: meeraRole, limit: 10, add_to_shortlist: { top_n: 3, name: "AI picks" } }, token.casting_director!);
    expect(r.status).toBe(200);
    expect(r.body.shortlist).toMatchObject({ created: true, added: 3 });
    const items = await as.casting_director!.from("shortlist_items").select("talent_id, rank").eq("shortlist_id", r.body.shortlist.id).order("rank");
    expect(items.data!.map((i) => i.talent_id)).toEqual(r.body.results.slice(0, 3).map((t: { talent_id: string }) => t.talent_id));
    const again = await call("match-talent", { casting_role_id: meeraRole, add_to_shortlist: { top_n: 5, shortlist_id: r.body.shortlist.id } }, token.casting_director!);
    expect(again.body.shortlist).toMatchObject({ id: r.body.shortlist.id, created: false, added: 2 });
    // the producer of the project reads the shortlist, but may not match
    const seen = await as.producer!.from("shortlist_items").select("talent_id").eq("shortlist_id", r.body.shortlist.id);
    expect(seen.data).toHaveLength(5);
  });

  it("refuses callers outside the role's casting team", async () => {
    expect((await call("match-talent", { casting_role_id: meeraRole }, token.producer!)).status).toBe(403);
    expect((await call("match-talent", { casting_role_id: meeraRole }, token.talent!)).status).toBe(403);
    expect((await call("match-talent", { casting_role_id: meeraRole }, token.outside_cd!)).status).toBe(403);
    // a confidential project's role does not exist for outsiders
    const hidden = await call("match-talent", { casting_role_id: monsoonRole }, token.outside_cd!);
    expect(hidden.status).toBe(404);
    expect((await call("match-talent", { casting_role_id: meeraRole }, null)).status).toBe(401);
  });

  it("answers bad input with a 4xx naming the field", async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ casting_role_id: "not-a-uuid" }, 400, "casting_role_id"],
      [{ casting_role_id: meeraRole, limit: 201 }, 400, "limit"],
      [{ casting_role_id: meeraRole, weights: { semantic: -1 } }, 400, "weights.semantic"],
      [{ casting_role_id: meeraRole, limit: 5, add_to_shortlist: { top_n: 6 } }, 400, "add_to_shortlist.top_n"],
      [{ casting_role_id: meeraRole, extra: 1 }, 400, "body"],
    ];
    for (const [body, status, field] of cases) {
      const r = await call("match-talent", body, token.casting_director!);
      expect([r.status, r.body.field]).toEqual([status, field]);
    }
    const unknown = await call("match-talent", { casting_role_id: stableUuid("no", "such", "role") }, token.casting_director!);
    expect(unknown.status).toBe(404);
    const otherList = await call("match-talent", { casting_role_id: meeraRole, add_to_shortlist: { top_n: 1, shortlist_id: stableUuid("x") } }, token.casting_director!);
    expect([otherList.status, otherList.body.field]).toEqual([404, "add_to_shortlist.shortlist_id"]);
  });
});

describe("talent-search", () => {
  const query = "street-smart Mumbai college girl, fluent Marathi, can dance";

  it("ranks talent by meaning and words, within the filters", async () => {
    const filters = { gender: "female", age_min: 20, age_max: 28, languages: ["Marathi"], height_min: 150, height_max: 180 };
    const r = await call("talent-search", { query, filters, limit: 10 }, token.casting_director!);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ provider: "local", model: LOCAL_MODEL });
    expect(r.body.results.length).toBeGreaterThan(0);
    for (const t of r.body.results) {
      expect(t.gender).toBe("female");
      expect(t.playing_age_min).toBeLessThanOrEqual(28);
      expect(t.playing_age_max).toBeGreaterThanOrEqual(20);
      expect(t.languages).toContain("marathi");
      expect(t.height_cm).toBeGreaterThanOrEqual(150);
      expect(t.height_cm).toBeLessThanOrEqual(180);
      // the query names Marathi: a fit criterion, named by its tag
      expect(t.explanation.fit).toMatchObject({ languages_matched: ["marathi"], languages_missing: [] });
    }
    // a query that names no language, skill, city or age is ranked by meaning and words alone
    const unnamed = await call("talent-search", { query: "street-smart and quick-witted", limit: 5 }, token.casting_director!);
    expect(unnamed.body.understood).toMatchObject({ gender: null, languages: [], skills: [], city: null, age_min: null });
    expect(unnamed.body.results.every((t: { explanation: { fit: unknown } }) => t.explanation.fit === null)).toBe(true);
  });

  it("pages with a cursor: no repeats, scores keep falling, and the cursor is tied to its search", async () => {
    const first = await call("talent-search", { query, limit: 5 }, token.casting_director!);
    const second = await call("talent-search", { query, limit: 5, cursor: first.body.next_cursor }, token.casting_director!);
    expect(second.status).toBe(200);
    const ids = [...first.body.results, ...second.body.results].map((t: { talent_id: string }) => t.talent_id);
    expect(new Set(ids).size).toBe(10);
    const scores = [...first.body.results, ...second.body.results].map((t: { score: number }) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const whole = await call("talent-search", { query, limit: 10 }, token.casting_director!);
    expect(whole.body.results.map((t: { talent_id: string }) => t.talent_id)).toEqual(ids);
    const replay = await call("talent-search", { query: "tamil fisherwoman", limit: 5, cursor: first.body.next_cursor }, token.casting_director!);
    expect([replay.status, replay.body.field]).toEqual([400, "cursor"]);
    const junk = await call("talent-search", { query, limit: 5, cursor: "bm90IGEgY3Vyc29y" }, token.casting_director!);
    expect([junk.status, junk.body.field]).toEqual([400, "cursor"]);
  });

  it("finds only what the caller may see", async () => {
    const newcomer = await signedUpClient(stack.apiUrl, stack.publishableKey, "searcher");
    const theirs = await call("talent-search", { query, limit: 200 }, newcomer.accessToken);
    const cds = await call("talent-search", { query, limit: 200 }, token.casting_director!);
    expect(theirs.status).toBe(200);
    const visible = await newcomer.client.from("talent_profiles").select("id, visibility");
    const allowed = new Set(visible.data!.map((t) => t.id));
    expect(visible.data!.every((t) => t.visibility === "public")).toBe(true);
    expect(theirs.body.results.every((t: { talent_id: string }) => allowed.has(t.talent_id))).toBe(true);
    expect(cds.body.results.length).toBeGreaterThan(theirs.body.results.length);
  });

  it("answers bad input with a 4xx naming the field, and is not open to anonymous callers", async () => {
    const cases: Array<[unknown, string]> = [
      [{ query: " " }, "query"],
      [{ query: "x".repeat(501) }, "query"],
      [{ query, limit: 201 }, "limit"],
      [{ query, filters: { age_min: 40, age_max: 30 } }, "filters.age_max"],
      [{ query, filters: { gender: "other" } }, "filters.gender"],
      [{ query, filters: { eyes: "brown" } }, "filters"],
    ];
    for (const [body, field] of cases) {
      const r = await call("talent-search", body, token.casting_director!);
      expect([r.status, r.body.field]).toEqual([400, field]);
    }
    expect((await call("talent-search", "{not json", token.casting_director!)).body.error).toBe("invalid_json");
    expect((await call("talent-search", null, token.casting_director!, "GET")).status).toBe(405);
    const preflight = await fetch(`${stack.apiUrl}/functions/v1/talent-search`, { method: "OPTIONS" });
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    expect((await call("talent-search", { query }, null)).status).toBe(401);
  });
});

describe("in every script", () => {
  type Result = { talent_id: string; gender: string; languages: string[]; explanation: { fit: { languages_matched: string[]; languages_missing: string[]; skills_matched: string[] } | null } };
  const search = async (query: string, filters: Record<string, unknown> = {}, limit = 10) => {
    const r = await call("talent-search", { query, filters, limit }, token.casting_director!);
    expect(r.status).toBe(200);
    return r.body.results as Result[];
  };

  it("a Devanagari query finds talent as relevant as the same need asked in English", async () => {
    // the measure: no filters, top 10 scored by the need's gender and language
    const needs = [
      { gender: "female", language: "marathi", en: "Marathi-speaking college girl who dances", hi: "मराठी बोलने वाली कॉलेज की लड़की जो नाचती है" },
      { gender: "male", language: "tamil", en: "tough police inspector who speaks Tamil", hi: "तमिल बोलने वाला सख़्त पुलिस इंस्पेक्टर" },
      { gender: "female", language: "bengali", en: "Bengali actress who sings", hi: "गाने वाली बंगाली अभिनेत्री" },
      { gender: "male", language: "punjabi", en: "Punjabi man for action and stunts", hi: "एक्शन और स्टंट करने वाला पंजाबी आदमी" },
    ];
    // relevant results in the four top tens (precision@10 × 40)
    const hits = (results: Result[], need: (typeof needs)[number]) =>
      results.filter((t) => t.gender === need.gender && t.languages.includes(need.language)).length;
    let english = 0, devanagari = 0;
    for (const need of needs) {
      english += hits(await search(need.en), need);
      devanagari += hits(await search(need.hi), need);
    }
    expect(english).toBeGreaterThanOrEqual(28);
    expect(devanagari).toBeGreaterThanOrEqual(0.9 * english);
  });

  it("a language the query names, in any script, is a fit criterion named by its tag", async () => {
    for (const query of ["Tamil bolne wala", "தமிழ் பேசும் நடிகர்"]) {
      const results = await search(query);
      expect(results.filter((t) => t.languages.includes("tamil")).length).toBeGreaterThanOrEqual(8);
      for (const t of results) {
        const speaks = t.languages.includes("tamil");
        expect(t.explanation.fit).toMatchObject({ languages_matched: speaks ? ["tamil"] : [], languages_missing: speaks ? [] : ["tamil"] });
      }
    }
  });

  it("filters take language names and tags as people type them", async () => {
    const results = await search("actor", { languages: ["मराठी", " Hindi "], skills: [" Theatre "] }, 20);
    expect(results.length).toBeGreaterThan(0);
    for (const t of results) expect(t.languages).toEqual(expect.arrayContaining(["marathi", "hindi"]));
  });

  it("a bio in Tamil is found by an English query, and an English bio by a Devanagari one", async () => {
    const filters = { gender: "female", age_min: 24, age_max: 31, languages: ["tamil"] };
    await as.talent!.from("talent_profiles").update({ bio: "பரதநாட்டியம் நடனக் கலைஞர், நடனம் என் உயிர். மும்பையில் நாடக மேடை." }).eq("id", demoTalent);
    await drain();
    const english = await search("classical dancer", filters, 5);
    expect(english.map((t) => t.talent_id)).toContain(demoTalent);
    await as.talent!.from("talent_profiles").update({ bio: "Trained Kathak dancer; theatre in Mumbai." }).eq("id", demoTalent);
    await drain();
    const hindi = await search("कथक नर्तकी", filters, 5);
    expect(hindi.map((t) => t.talent_id)).toContain(demoTalent);
  });

  it("match-talent ranks for a breakdown written in Devanagari, and explains in tags", async () => {
    const role = await as.casting_director!.from("casting_roles").insert({
      // a draft: other test files count the open roles anonymous visitors see
      project_id: stableUuid("project", "bombay-nights"), name: "नाचने वाली सहेली", status: "draft",
      description: "मराठी बोलने वाली कॉलेज की लड़की जो नाचती है", gender: "female", age_min: 18, age_max: 26,
      languages: ["मराठी"], skills: [" Bollywood Dance "], submission_deadline: new Date(Date.now() + 86_400_000).toISOString(),
    }).select("id, languages, skills").single();
    expect(role.error).toBeNull();
    expect([role.data!.languages, role.data!.skills]).toEqual([["marathi"], ["bollywood dance"]]);
    await drain();
    const r = await call("match-talent", { casting_role_id: role.data!.id, limit: 10 }, token.casting_director!);
    expect(r.status).toBe(200);
    expect(r.body.results.length).toBeGreaterThan(0);
    for (const t of r.body.results as Result[]) {
      expect(t.languages).toContain("marathi");
      expect(t.explanation.fit).toMatchObject({ languages_matched: ["marathi"] });
      expect(["bollywood dance"]).toEqual(expect.arrayContaining(t.explanation.fit!.skills_matched));
    }
    expect((await as.casting_director!.from("casting_roles").delete().eq("id", role.data!.id)).error).toBeNull();
  });
});

describe("accept what people type", () => {
  it("a profile's languages and skills in any case, spacing or script are stored as tags", async () => {
    const r = await as.talent!.from("talent_profiles").update({ languages: ["Tamil", "हिंदी", " English ", "मराठी"], skills: ["Bharatanatyam", " swimming"] })
      .eq("id", demoTalent).select("languages, skills").single();
    expect(r.error).toBeNull();
    expect(r.data).toEqual({ languages: ["tamil", "hindi", "english", "marathi"], skills: ["bharatanatyam", "swimming"] });
  });

  it("a value that cannot be a tag gets a 400 naming the field and the rule, and changes nothing", async () => {
    const r = await as.talent!.from("talent_profiles").update({ languages: ["Tamil", "ভাষা"] }).eq("id", demoTalent);
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ code: "23514" });
    expect(r.error!.message).toMatch(/^languages: "ভাষা" is not a language name we know/);
    const bad = await as.talent!.from("talent_profiles").update({ skills: ["kathak!!"] }).eq("id", demoTalent);
    expect([bad.status, bad.error?.message]).toEqual([400, expect.stringMatching(/^skills: "kathak!!" is not a tag: a-z letters/)]);
    const kept = await as.talent!.from("talent_profiles").select("languages").eq("id", demoTalent).single();
    expect(kept.data!.languages).toEqual(["tamil", "hindi", "english", "marathi"]);
  });

  it("a project's language as typed", async () => {
    const made = await as.casting_director!.from("projects").insert({ title: "Naya Show", language: " Hindi " }).select("id, language").single();
    expect(made.data?.language).toBe("hindi");
    const tamil = await as.casting_director!.from("projects").update({ language: "தமிழ்" }).eq("id", made.data!.id).select("language").single();
    expect(tamil.data?.language).toBe("tamil");
    const bad = await as.casting_director!.from("projects").update({ language: "Hindi 2" }).eq("id", made.data!.id);
    expect([bad.status, bad.error?.message]).toEqual([400, expect.stringMatching(/^language: "hindi 2" is not a language name we know/)]);
    await as.casting_director!.from("projects").delete().eq("id", made.data!.id);
  });
});
