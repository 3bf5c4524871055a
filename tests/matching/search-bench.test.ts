// bench:search measures what production indexes and runs: its profiles get the vectors and
// search_text the embed job makes from private.talent_document (playing age and skills
// included), and its filters are private.hybrid_rank's own (scripts/lib/search-corpus.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, prepareDatabase, type Database } from "../../stack/database.ts";
import { embedLocal, localProvider } from "../../functions/_shared/embeddings/local.ts";
import { toPgVector } from "../../functions/_shared/embeddings/provider.ts";
import { searchTerms } from "../../functions/_shared/romanise.ts";
import { filterArgs } from "../../functions/talent-search/search-args.ts";
import { embedAll } from "../../scripts/lib/embed-queue.ts";
import { benchProfiles, chosenPlan, countPassing, filterText, insertProfiles, namedCall, PROFILE_BATCH, type Query } from "../../scripts/lib/search-corpus.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";

const profiles = benchProfiles(0, 40);
let scratch: Scratch;
let db: Database;
let query: Query;

beforeAll(async () => {
  scratch = await scratchDatabase();
  db = await openDatabase({ databaseUrl: scratch.databaseUrl });
  await prepareDatabase(db, { seed: false });
  query = (text, params) => db.query(text, params);
  await insertProfiles(query, profiles);
});

afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

describe("bench:search's corpus", () => {
  it("is deterministic, and names playing ages and skills", () => {
    expect(benchProfiles(0, 40)).toEqual(profiles);
    expect(profiles.some((p) => p.skills.length > 0)).toBe(true);
    expect(() => benchProfiles(1, 10)).toThrow(RangeError);
    expect(() => benchProfiles(0, PROFILE_BATCH + 1)).toThrow(RangeError);
  });

  it("is embedded by the embed job: each vector and search_text is what production makes of the row", async () => {
    expect(await embedAll(db, localProvider)).toBe(profiles.length);
    const rows = await db.query<{ id: string; document: string; source: string; embedding: string; search_text: string; discoverable: boolean }>(
      `select t.id, private.talent_document(t) as document, private.talent_search_source(t) as source,
              t.embedding::text as embedding, t.search_text, t.discoverable
       from public.talent_profiles t order by t.id`);
    expect(rows).toHaveLength(profiles.length);
    const byId = new Map(profiles.map((p) => [p.id, p]));
    for (const row of rows) {
      const p = byId.get(row.id)!;
      // the document production embeds says what the profile form holds
      expect(row.document).toContain(`playing age ${p.ageMin} to ${p.ageMax}`);
      if (p.skills.length) expect(row.document).toContain("skills: ");
      const [expected] = await db.query<{ v: string }>("select $1::extensions.halfvec(384)::text as v", [toPgVector(embedLocal(row.document))]);
      expect(row.embedding).toBe(expected!.v);
      expect(row.search_text).toBe(searchTerms(row.source));
      expect(row.discoverable).toBe(true);
    }
  });

  it("filters as private.hybrid_rank does", async () => {
    const band = { gender: "female" as const, height_min: 150, height_max: 160 };
    expect(await filterText(query, band)).toBe("t.discoverable and t.gender = $1 and t.height_cm >= $7 and t.height_cm <= $8");
    expect(await filterText(query, {})).toBe("t.discoverable");
    const passing = profiles.filter((p) => p.gender === "female" && p.heightCm >= 150 && p.heightCm <= 160);
    expect(passing.length).toBeGreaterThan(0);
    expect(await countPassing(query, band)).toBe(passing.length);
    expect(await countPassing(query, { languages: ["hindi"], skills: [] })).toBe(profiles.filter((p) => p.languages.includes("hindi")).length);
    expect(await countPassing(query, {})).toBe(profiles.length);

    // the same filters given to hybrid_rank's vector source keep the same profiles (as the table owner)
    const call = namedCall("private.hybrid_rank", {
      query_text: null, query_embedding: toPgVector(embedLocal("dancer")), ...filterArgs(band), keyword_weight: 0, fit_weight: 0, depth: 40,
    }, "talent_id");
    const found = await db.query<{ talent_id: string }>(call.text, call.params);
    expect(found.map((r) => r.talent_id).sort()).toEqual(passing.map((p) => p.id).sort());

    // a table of a few profiles is scanned exactly, whatever the filters
    await db.exec("analyze public.talent_profiles");
    expect(await chosenPlan(query, band, 10)).toBe("exact");
  });
});
