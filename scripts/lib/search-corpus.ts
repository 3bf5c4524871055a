// bench:search's profiles and filters, made by production's code rather than copies of it.
// Profiles are inserted as rows: the tables' triggers canonicalise tags, derive `discoverable`
// from consent and queue an embedding job; embedAll (scripts/lib/embed-queue.ts) then runs the
// embed worker's code, which embeds private.talent_document (every attribute, playing age and
// skills included) and stores private.talent_search_source's spelling keys. Filters are written
// by private.talent_filters, the text private.hybrid_rank plans its sources with. Only what a
// user would enter is generated here.
import { generateCorpus, type CorpusTalent } from "../../seed/matching-corpus.ts";
import type { Row } from "../../stack/database.ts";
import type { SearchBody } from "../../functions/talent-search/contract.ts";
import { filterArgs } from "../../functions/talent-search/search-args.ts";

/** Profiles are generated (and loaded) this many at a time, one corpus seed per batch. */
export const PROFILE_BATCH = 5000;

export type BenchProfile = CorpusTalent & { userId: string; heightCm: number; visibility: "public" | "casting_only" };

/** One statement with parameters: Database.query, or postgres.js's sql.unsafe. */
export type Query = (text: string, params: unknown[]) => Promise<readonly Row[]>;

/** Profiles number from … from + count − 1 of the benchmark's corpus (deterministic). */
export function benchProfiles(from: number, count: number): BenchProfile[] {
  if (from % PROFILE_BATCH !== 0 || count < 0 || count > PROFILE_BATCH) {
    throw new RangeError(`benchProfiles: from must be a multiple of ${PROFILE_BATCH} and count at most ${PROFILE_BATCH}`);
  }
  return generateCorpus(count, 0, 1000 + from / PROFILE_BATCH).talent.map((t, i) => ({
    ...t,
    userId: t.id.replace(/^.{8}/, (from + i).toString(16).padStart(8, "0")),
    heightCm: 150 + ((from + i) % 50), // a height band of 5 cm keeps ~10 % of the profiles
    visibility: (from + i) % 10 < 4 ? "public" : "casting_only",
  }));
}

/** Inserts the profiles with their users and casting-visibility consent, as sign-up and the profile form would. */
export async function insertProfiles(query: Query, profiles: BenchProfile[]): Promise<void> {
  const json = JSON.stringify(profiles);
  await query(`insert into auth.users (id, email, raw_user_meta_data)
               select x."userId", x."userId" || '@search.bench', '{"requested_role":"talent"}'::jsonb
               from jsonb_to_recordset($1::text::jsonb) as x("userId" uuid)`, [json]);
  // shown to casting teams by consent (sql/15_consent.sql)
  await query(`insert into public.consents (user_id, purpose, notice_version)
               select x."userId", 'casting_visibility', 1 from jsonb_to_recordset($1::text::jsonb) as x("userId" uuid)`, [json]);
  await query(`insert into public.talent_profiles (id, user_id, stage_name, gender, playing_age_min, playing_age_max, languages, skills,
                                                   city, bio, height_cm, visibility)
               select x.id, x."userId", x."stageName", x.gender::public.gender, x."ageMin", x."ageMax",
                      array(select jsonb_array_elements_text(x.languages)), array(select jsonb_array_elements_text(x.skills)),
                      x.city, x.bio, x."heightCm", x.visibility::public.profile_visibility
               from jsonb_to_recordset($1::text::jsonb) as x(id uuid, "userId" uuid, "stageName" text, gender text, "ageMin" int,
                                                          "ageMax" int, languages jsonb, skills jsonb, city text, bio text,
                                                          "heightCm" int, visibility text)`, [json]);
}

/** A text[] value as PostgreSQL's array literal (drivers differ in how they send JS arrays). */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/** A call of `fn` with named arguments, as PostgREST makes an RPC: arrays as text[], objects as JSON. */
export function namedCall(fn: string, args: Record<string, unknown>, columns = "*"): { text: string; params: unknown[] } {
  const names = Object.keys(args).filter((n) => args[n] !== undefined);
  const params = names.map((n) => {
    const v = args[n];
    return Array.isArray(v) ? pgArray(v as string[]) : v !== null && typeof v === "object" ? JSON.stringify(v) : v;
  });
  return { text: `select ${columns} from ${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(", ")})`, params };
}

export type Filters = SearchBody["filters"];

const ARGS = "p.gender, p.age_min, p.age_max, p.languages, p.skills, p.city, p.height_min, p.height_max";

/** The filters' parameters $1…$8, in private.talent_filters' order, typed. */
function filterParams(filters: Filters) {
  const a = filterArgs(filters);
  return {
    types: `select $1::public.gender as gender, $2::integer as age_min, $3::integer as age_max, $4::text[] as languages,
                   $5::text[] as skills, $6::text as city, $7::integer as height_min, $8::integer as height_max`,
    values: [a.gender, a.age_min, a.age_max, pgArray(a.languages), pgArray(a.skills), a.city, a.height_min, a.height_max],
  };
}

/** The condition private.hybrid_rank plans its sources with for these filters (private.talent_filters). */
export async function filterText(query: Query, filters: Filters): Promise<string> {
  const { types, values } = filterParams(filters);
  const [row] = await query(`select private.talent_filters(${ARGS}) as filters from (${types}) p`, values);
  return String(row!.filters);
}

/** How many profiles pass the filters (as the table owner: every discoverable profile, no RLS). */
export async function countPassing(query: Query, filters: Filters): Promise<number> {
  const { types, values } = filterParams(filters);
  const condition = await filterText(query, filters);
  // the typed select fixes each parameter's type, whichever of them the condition names
  const [row] = await query(`select count(*)::int as n from public.talent_profiles t, (${types}) p where ${condition}`, values);
  return Number(row!.n);
}

/** private.vector_search_plan's choice for the filters, as private.hybrid_rank asks it (run it as the searcher). */
export async function chosenPlan(query: Query, filters: Filters, depth: number): Promise<string> {
  const { types, values } = filterParams(filters);
  const [row] = await query(`select private.vector_search_plan(private.talent_filters(${ARGS}), $9, ${ARGS}) as plan from (${types}) p`,
    [...values, depth]);
  return String(row!.plan);
}
