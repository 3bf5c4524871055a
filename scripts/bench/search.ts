// Talent search at scale: load N profiles with 384-d embeddings, build the HNSW index, then
// measure vector search (recall@10 against exact search, latency, QPS at concurrency 1 and 8)
// and the first page of search_talent, unfiltered and with filters keeping ~50 %, ~10 % and
// ~1 % of rows, in SQL as a casting director under RLS; match_talent for twelve roles; and
// talent-search end to end through the gateway and its Deno function.
//
//   npm run bench:search -- [--profiles 100000] [--queries 50] [--json] [--no-e2e] [--keep]
//
// Native PostgreSQL only: DATABASE_URL, or a throwaway local cluster. With --keep the loaded
// database (castmatch_search_<N>) is kept and reused by the next run with the same N.
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase, prepareDatabase } from "../../stack/database.ts";
import { generateKeys, signJwt } from "../../stack/config.ts";
import { startStack } from "../../stack/server.ts";
import { archetypes, generateCorpus } from "../../seed/matching-corpus.ts";
import { embedLocal, LOCAL_MODEL } from "../../functions/_shared/embeddings/local.ts";
import { toPgVector } from "../../functions/_shared/embeddings/provider.ts";
import { searchTerms } from "../../functions/_shared/romanise.ts";
import { barChart, progress, stats, type Stats } from "../lib/bench.ts";
import { nativeServer } from "../lib/native-server.ts";

const { values: args } = parseArgs({
  options: {
    profiles: { type: "string", default: "100000" },
    queries: { type: "string", default: "50" },
    json: { type: "boolean", default: false },
    e2e: { type: "boolean", default: true },
    keep: { type: "boolean", default: false },
  },
  allowNegative: true,
});
const N = Number(args.profiles);
const Q = Number(args.queries);
if (!Number.isInteger(N) || N < 1000) throw new Error("--profiles must be an integer ≥ 1000");
const log = (line: string) => { if (!args.json) console.log(line); };

// A throwaway cluster gets a buffer cache that holds the index, as a production server's would
// (the default 512MB of the test clusters is a quarter of a million profiles' HNSW index).
process.env.PG_SHARED_BUFFERS ??= "4GB";
const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop() {} } : await nativeServer();
const dbName = `castmatch_search_${N}`;
const admin = postgres(server.url, { max: 1, onnotice: () => {} });
const exists = (await admin`select 1 from pg_database where datname = ${dbName}`).length > 0;
const dbUrl = (() => { const u = new URL(server.url); u.pathname = `/${dbName}`; u.searchParams.set("sslmode", "disable"); return u.toString(); })();
const load: { seconds: number | null; indexSeconds: number | null } = { seconds: null, indexSeconds: null };

async function loadDatabase() {
  if (exists) await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  const db = await openDatabase({ databaseUrl: dbUrl });
  await prepareDatabase(db, { seed: false });
  await db.close();
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  // Bulk load: no per-row queue jobs (vectors arrive with the rows) and no index upkeep.
  // the index exactly as the migrations define it, rebuilt once the rows are in
  const indexdef = String((await sql`select indexdef from pg_indexes
                                      where schemaname = 'public' and indexname = 'talent_profiles_embedding_idx'`)[0]!.indexdef);
  await sql.unsafe(`alter table public.talent_profiles disable trigger talent_profiles_embed;
                    drop index public.talent_profiles_embedding_idx;`);
  const batch = 5000;
  const bar = progress("loading talent", N);
  for (let from = 0; from < N; from += batch) {
    const count = Math.min(batch, N - from);
    const talent = generateCorpus(count, 0, 1000 + from / batch).talent;
    const rows = talent.map((t, i) => ({
      id: t.id, user: t.id.replace(/^.{8}/, (from + i).toString(16).padStart(8, "0")), name: t.stageName, gender: t.gender,
      a0: t.ageMin, a1: t.ageMax, langs: `{${t.languages.join(",")}}`, skills: `{${t.skills.map((s) => `"${s}"`).join(",")}}`,
      city: t.city, bio: t.bio, height: 150 + ((from + i) % 50),
      vis: (from + i) % 10 < 4 ? "public" : "casting_only",
      emb: toPgVector(embedLocal(`${t.stageName}. ${t.gender === "female" ? "Actress, woman" : "Actor, man"}. based in ${t.city}. speaks ${t.languages.join(" ")}. ${t.bio}`)),
      // what the embed worker writes with the vector (private.talent_search_source)
      terms: searchTerms(`${t.stageName} ${t.city} ${t.bio}`),
    }));
    await sql`insert into auth.users (id, email, raw_user_meta_data)
              select u, u || '@search.bench', '{"requested_role":"talent"}'::jsonb from unnest(${rows.map((r) => r.user)}::uuid[]) u`;
    // shown to casting teams by consent (sql/15_consent.sql)
    await sql`insert into public.consents (user_id, purpose, notice_version)
              select u, 'casting_visibility', 1 from unnest(${rows.map((r) => r.user)}::uuid[]) u`;
    await sql`insert into public.talent_profiles (id, user_id, stage_name, gender, playing_age_min, playing_age_max, languages, skills,
                                                  city, bio, height_cm, visibility, embedding, embedded_at, search_text)
              select x.id, x.user_id, x.name, x.gender::public.gender, x.a0, x.a1, x.langs::text[], x.skills::text[], x.city, x.bio,
                     x.height, x.vis::public.profile_visibility, x.emb::extensions.halfvec(384), now(), x.terms
              from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.user)}::uuid[], ${rows.map((r) => r.name)}::text[],
                          ${rows.map((r) => r.gender)}::text[], ${rows.map((r) => r.a0)}::int[], ${rows.map((r) => r.a1)}::int[],
                          ${rows.map((r) => r.langs)}::text[], ${rows.map((r) => r.skills)}::text[], ${rows.map((r) => r.city)}::text[],
                          ${rows.map((r) => r.bio)}::text[], ${rows.map((r) => r.height)}::int[], ${rows.map((r) => r.vis)}::text[],
                          ${rows.map((r) => r.emb)}::text[], ${rows.map((r) => r.terms)}::text[])
                   as x(id, user_id, name, gender, a0, a1, langs, skills, city, bio, height, vis, emb, terms)`;
    bar.update(from + count);
  }
  bar.finish();
  load.seconds = (Date.now() - started) / 1000;
  const indexStarted = Date.now();
  log("building the HNSW index…");
  await sql.unsafe(`set maintenance_work_mem = '6GB'; set max_parallel_maintenance_workers = 1; ${indexdef};
    alter table public.talent_profiles enable trigger talent_profiles_embed;`);
  load.indexSeconds = (Date.now() - indexStarted) / 1000;
  // the casting director who searches (a vetted casting_director sees public and casting-only profiles)
  await sql.unsafe(`insert into auth.users (id, email, raw_user_meta_data) values ('00000000-0000-4000-8000-00000000c0de', 'cd@search.bench', '{}');
    insert into public.user_roles (user_id, role) values ('00000000-0000-4000-8000-00000000c0de', 'casting_director');
    create table if not exists private.bench_loaded (profiles integer, load_seconds real, index_seconds real);
    insert into private.bench_loaded values (${N}, ${load.seconds}, ${load.indexSeconds});`);
  await sql.unsafe("vacuum analyze public.talent_profiles");
  await sql.end();
}

const loaded = exists
  ? await postgres(dbUrl, { max: 1, onnotice: () => {} })`select * from private.bench_loaded`.catch(() => [])
  : [];
if (loaded.length && Number(loaded[0]!.profiles) === N) {
  load.seconds = Number(loaded[0]!.load_seconds);
  load.indexSeconds = Number(loaded[0]!.index_seconds);
  log(`reusing ${dbName} (loaded in ${load.seconds.toFixed(0)} s, index built in ${load.indexSeconds.toFixed(0)} s)`);
} else {
  await loadDatabase();
  log(`loaded ${N.toLocaleString("en-IN")} profiles in ${load.seconds!.toFixed(1)} s; HNSW index in ${load.indexSeconds!.toFixed(1)} s`);
}
await admin.end();

const CD = "00000000-0000-4000-8000-00000000c0de";
const sql = postgres(dbUrl, { max: 8, onnotice: () => {} });
// Measure a server in steady state: the table and its indexes read into the buffer cache as far
// as it holds them, not the first queries after a load paying for disk reads.
const warm = await sql.unsafe(`create extension if not exists pg_prewarm with schema extensions;
  select current_setting('shared_buffers') as shared_buffers,
         extensions.pg_prewarm('public.talent_profiles_embedding_idx') + extensions.pg_prewarm('public.talent_profiles')
         + extensions.pg_prewarm('public.talent_profiles_search_idx') as blocks`).then((r) => r.at(-1)![0] as { shared_buffers: string; blocks: number });
log(`shared_buffers ${warm.shared_buffers}; prewarmed ${Number(warm.blocks).toLocaleString("en-IN")} blocks`);
const sizes = (await sql`select pg_size_pretty(pg_relation_size('public.talent_profiles_embedding_idx')) as hnsw,
                                pg_get_indexdef('public.talent_profiles_embedding_idx'::regclass) as hnsw_definition,
                                pg_relation_size('public.talent_profiles_embedding_idx') as hnsw_bytes,
                                pg_size_pretty(pg_relation_size('public.talent_profiles_search_idx')) as gin,
                                pg_size_pretty(pg_total_relation_size('public.talent_profiles')) as table_total`)[0]!;

// Queries: role phrasings from the corpus's phrase bank, embedded locally.
const phrases = Object.values(archetypes).flatMap((a) => a.role);
const queries = Array.from({ length: Q }, (_, i) => {
  const text = `${phrases[i % phrases.length]} ${phrases[(i * 7 + 3) % phrases.length]}`;
  return { text, vector: toPgVector(embedLocal(text)), terms: searchTerms(text) };
});
type Filter = { name: string; gender: string | null; hmin: number | null; hmax: number | null };
const filters: Filter[] = [
  { name: "unfiltered", gender: null, hmin: null, hmax: null },
  { name: "50 % (gender)", gender: "female", hmin: null, hmax: null },
  { name: "10 % (height band)", gender: null, hmin: 150, hmax: 154 },
  { name: "1 % (gender + height)", gender: "female", hmin: 150, hmax: 150 },
];

async function asCd<T>(fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claim.sub', ${CD}, true),
                    set_config('request.jwt.claims', ${JSON.stringify({ sub: CD, role: "authenticated" })}, true)`;
    await tx.unsafe("set local role authenticated");
    return fn(tx);
  }) as Promise<T>;
}
const ann = (tx: postgres.TransactionSql, q: string, f: Filter) => tx`
  select talent_id, similarity from private.hybrid_rank(null, ${q}::extensions.halfvec(384), gender => ${f.gender}::public.gender,
    height_min => ${f.hmin}::int, height_max => ${f.hmax}::int, keyword_weight => 0, fit_weight => 0, depth => 10)
  order by score desc`;
const exact = (tx: postgres.TransactionSql, q: string, f: Filter) => tx`
  select id as talent_id, (t.embedding operator(extensions.<=>) ${q}::extensions.halfvec(384))::float8 as distance from public.talent_profiles t
  where (${f.gender}::public.gender is null or t.gender = ${f.gender}::public.gender)
    and (${f.hmin}::int is null or t.height_cm >= ${f.hmin}::int) and (${f.hmax}::int is null or t.height_cm <= ${f.hmax}::int)
    and t.embedding is not null
  order by (t.embedding operator(extensions.<=>) ${q}::extensions.halfvec(384)) + 0 limit 10`;

const hybrid = (tx: postgres.TransactionSql, q: { text: string; vector: string; terms: string }, f: Filter) => tx`
  select talent_id from public.search_talent(${q.text}, ${q.vector}, query_terms => ${q.terms}, gender => ${f.gender}::public.gender,
    height_min => ${f.hmin}::int, height_max => ${f.hmax}::int, match_count => 10, query_model => ${LOCAL_MODEL})`;

async function concurrently(concurrency: number, jobs: Array<() => Promise<unknown>>): Promise<Run> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const t0 = performance.now();
      await job();
      samples.push(performance.now() - t0);
    }
  }));
  return { latency: stats(samples), qps: jobs.length / ((performance.now() - started) / 1000) };
}

type Run = { latency: Stats; qps: number };
type Row = { filter: string; selectivity: number; recall: number; c1: Run; c8: Run; hybrid: { c1: Run; c8: Run } };
const sqlRows: Row[] = [];
const bar = args.json ? null : progress("SQL: recall and latency", filters.length);
for (const [i, f] of filters.entries()) {
  const selectivity = Number((await sql`select count(*)::float / ${N} as s from public.talent_profiles t
    where (${f.gender}::public.gender is null or t.gender = ${f.gender}::public.gender)
      and (${f.hmin}::int is null or t.height_cm >= ${f.hmin}::int) and (${f.hmax}::int is null or t.height_cm <= ${f.hmax}::int)`)[0]!.s);
  // Recall with ties: generated bios repeat phrases, so many profiles sit at exactly the 10th
  // distance; an ANN result counts when it is as close as the exact 10th (a tie is as good).
  let recall = 0;
  for (const q of queries) {
    const truth = await asCd((tx) => exact(tx, q.vector, f));
    const kth = Number(truth.at(-1)?.distance ?? Infinity);
    const got = await asCd((tx) => ann(tx, q.vector, f));
    recall += got.filter((r) => 1 - Number(r.similarity) <= kth + 1e-4).length / Math.max(1, truth.length);
  }
  const jobs = () => queries.map((q) => () => asCd((tx) => ann(tx, q.vector, f)));
  const c1 = await concurrently(1, jobs());
  const c8 = await concurrently(8, [...jobs(), ...jobs(), ...jobs()]);
  // the database's share of talent-search: search_talent as the function calls it for a
  // first page (meaning, words and filters fused)
  const hybridJobs = () => queries.map((q) => () => asCd((tx) => hybrid(tx, q, f)));
  const hybrid1 = await concurrently(1, hybridJobs());
  const hybrid8 = await concurrently(8, [...hybridJobs(), ...hybridJobs(), ...hybridJobs()]);
  sqlRows.push({ filter: f.name, selectivity, recall: recall / queries.length, c1, c8, hybrid: { c1: hybrid1, c8: hybrid8 } });
  bar?.update(i + 1);
}
bar?.finish();

// match_talent: twelve roles of a project the casting director runs (made once per database;
// embedded from private.role_document, the text the queue would embed), matched 20 deep.
const roleIds = await (async () => {
  const existing = await sql`select r.id from public.casting_roles r join public.projects p on p.id = r.project_id
                             where p.title = 'Bench Nights' order by r.id`;
  if (existing.length) return existing.map((r) => String(r.id));
  const [project] = await sql`insert into public.projects (title, status, created_by) values ('Bench Nights', 'casting', ${CD}) returning id`;
  for (const role of generateCorpus(0, 12, 99, 0).roles) {
    await sql`insert into public.casting_roles (project_id, name, description, gender, age_min, age_max, languages, skills, city, status)
              values (${project!.id}, ${"Role " + role.archetype}, ${role.description}, ${role.gender}::public.gender, ${role.ageMin},
                      ${role.ageMax}, ${role.languages}::text[], ${role.skills}::text[], ${role.city}, 'open')`;
  }
  const roles = await sql`select r.id, private.role_document(r) as document, private.role_search_source(r) as source
                          from public.casting_roles r where r.project_id = ${project!.id}`;
  for (const r of roles) {
    await sql`update public.casting_roles set embedding = ${toPgVector(embedLocal(String(r.document)))}::extensions.halfvec(384),
              embedded_at = now(), search_text = ${searchTerms(String(r.source))} where id = ${r.id}`;
  }
  return roles.map((r) => String(r.id));
})();
const matchJobs = () => roleIds.flatMap((id) => [id, id]).map((id) => () => asCd((tx) => tx`select talent_id from public.match_talent(${id}::uuid, 20)`));
const match = { c1: await concurrently(1, matchJobs()), c8: await concurrently(8, [...matchJobs(), ...matchJobs()]) };

// End to end: talent-search through the gateway and a Deno function, as the same casting director.
const e2eRows: Array<{ filter: string; c1: Run; c8: Run }> = [];
if (args.e2e) {
  const keys = generateKeys();
  // One director searching as fast as the machine answers: the gateway's rate limits (60 a
  // minute for talent-search) would measure themselves, not the search.
  const stack = await startStack({ keys, port: 0, dbPort: null, databaseUrl: dbUrl, scheduleEveryMs: 0, rateLimits: null });
  try {
    const jwt = await signJwt(keys.jwtSecret, { sub: CD, role: "authenticated", aud: "authenticated" });
    const call = (text: string, f: Filter) => async () => {
      const response = await fetch(`${stack.apiUrl}/functions/v1/talent-search`, {
        method: "POST",
        headers: { authorization: `Bearer ${jwt}`, apikey: keys.publishableKey, "content-type": "application/json" },
        body: JSON.stringify({ query: text, limit: 10, filters: {
          ...(f.gender ? { gender: f.gender } : {}), ...(f.hmin ? { height_min: f.hmin, height_max: f.hmax } : {}) } }),
      });
      if (!response.ok) throw new Error(`talent-search answered ${response.status}: ${await response.text()}`);
      await response.json();
    };
    const ebar = args.json ? null : progress("end to end: talent-search", filters.length);
    for (const [i, f] of filters.entries()) {
      await call(queries[0]!.text, f)(); // warm the function
      const c1 = await concurrently(1, queries.map((q) => call(q.text, f)));
      const c8 = await concurrently(8, [...queries, ...queries, ...queries].map((q) => call(q.text, f)));
      e2eRows.push({ filter: f.name, c1, c8 });
      ebar?.update(i + 1);
    }
    ebar?.finish();
  } finally {
    await stack.stop();
  }
}
await sql.end();
if (!args.keep) {
  const a = postgres(server.url, { max: 1, onnotice: () => {} });
  await a.unsafe(`drop database if exists ${dbName} with (force)`);
  await a.end();
}
server.stop();

const result = {
  profiles: N, model: LOCAL_MODEL, dimensions: 384, type: "halfvec", index: { definition: sizes.hnsw_definition, ef_search: 400, iterative_scan: "relaxed_order" },
  load_seconds: load.seconds, index_build_seconds: load.indexSeconds, sizes, shared_buffers: warm.shared_buffers, queries: Q,
  sql: sqlRows, match_talent: match, end_to_end: e2eRows,
};
if (args.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  log(`\nHNSW index ${sizes.hnsw}, GIN (full text) ${sizes.gin}, table with indexes ${sizes.table_total}`);
  log("\nSQL (vector search, top 10, as a casting director under RLS):");
  for (const r of sqlRows) {
    log(`  ${r.filter.padEnd(22)} keeps ${(r.selectivity * 100).toFixed(1).padStart(5)} %  recall@10 ${r.recall.toFixed(3)}  ` +
        `c=1 p50 ${r.c1.latency.p50.toFixed(1)} p95 ${r.c1.latency.p95.toFixed(1)} p99 ${r.c1.latency.p99.toFixed(1)} ms ${r.c1.qps.toFixed(0)} QPS  ` +
        `c=8 p95 ${r.c8.latency.p95.toFixed(1)} ms ${r.c8.qps.toFixed(0)} QPS`);
  }
  log("\nSQL (search_talent as talent-search calls it: meaning + words + filters, top 10):");
  for (const r of sqlRows) {
    log(`  ${r.filter.padEnd(22)} c=1 p50 ${r.hybrid.c1.latency.p50.toFixed(1)} p95 ${r.hybrid.c1.latency.p95.toFixed(1)} p99 ${r.hybrid.c1.latency.p99.toFixed(1)} ms ` +
        `${r.hybrid.c1.qps.toFixed(0)} QPS  c=8 p95 ${r.hybrid.c8.latency.p95.toFixed(1)} ms ${r.hybrid.c8.qps.toFixed(0)} QPS`);
  }
  log(`\nmatch_talent (a role's breakdown, top 20): c=1 p50 ${match.c1.latency.p50.toFixed(1)} p95 ${match.c1.latency.p95.toFixed(1)} ` +
      `p99 ${match.c1.latency.p99.toFixed(1)} ms ${match.c1.qps.toFixed(0)} QPS  c=8 p95 ${match.c8.latency.p95.toFixed(1)} ms ${match.c8.qps.toFixed(0)} QPS`);
  if (e2eRows.length) {
    log("\nEnd to end (talent-search: embed query + hybrid search, top 10):");
    for (const r of e2eRows) {
      log(`  ${r.filter.padEnd(22)} c=1 p50 ${r.c1.latency.p50.toFixed(1)} p95 ${r.c1.latency.p95.toFixed(1)} p99 ${r.c1.latency.p99.toFixed(1)} ms ` +
          `${r.c1.qps.toFixed(0)} QPS  c=8 p95 ${r.c8.latency.p95.toFixed(1)} ms ${r.c8.qps.toFixed(0)} QPS`);
    }
  }
  log("\np95 latency, SQL c=1 (ms)");
  log(barChart(sqlRows.map((r) => ({ label: r.filter, value: r.c1.latency.p95, note: `recall ${r.recall.toFixed(3)}` })), "ms"));
  if (e2eRows.length) {
    log("\np95 latency, talent-search end to end, c=1 (ms)");
    log(barChart(e2eRows.map((r) => ({ label: r.filter, value: r.c1.latency.p95 })), "ms"));
  }
}
// The API server started for the end-to-end part leaves a database pool that keeps Node's
// event loop alive after stop(); everything is written, so leave.
process.exit(0);
