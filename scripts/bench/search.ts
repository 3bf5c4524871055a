// Talent search at scale: load N profiles with 384-d embeddings, build the HNSW index, then
// measure, unfiltered and with filters keeping ~50 %, ~10 % and ~1 % of rows, as a casting
// director under RLS: vector search (recall@10 against exact search, the plan
// private.vector_search_plan chose, QPS and p95 at 1/8/32 connections), the first page of
// search_talent (the same), match_talent for twelve roles, and talent-search end to end through
// the gateway and its Deno function (the stack in its own process); then the peak QPS of each.
// --levers adds a table of every vector plan (exact scan, ef_search 40…400) per filter: recall and
// QPS at 8 connections, where the plan's thresholds come from.
// Nothing of production is rebuilt here: profiles are inserted as rows and embedded by the embed
// worker's code (private.talent_document), filters are private.talent_filters' text, exact search
// is private.hybrid_rank with its exact plan, and search_talent gets talent-search's own arguments
// (scripts/lib/search-corpus.ts).
//
//   npm run bench:search -- [--profiles 100000] [--queries 50] [--json] [--no-e2e] [--keep]
//                           [--levers] [--plans exact,40,100,200,400]
//
// Native PostgreSQL only: DATABASE_URL, or a throwaway local cluster (shared_buffers 4GB, so that
// the index stays in memory; the run reports the setting). With --keep the loaded database
// (castmatch_search_<N>) is kept and reused by the next run with the same N.
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase, prepareDatabase } from "../../stack/database.ts";
import { signJwt } from "../../stack/config.ts";
import { archetypes, generateCorpus } from "../../seed/matching-corpus.ts";
import { embedLocal, LOCAL_MODEL, localProvider } from "../../functions/_shared/embeddings/local.ts";
import { toPgVector } from "../../functions/_shared/embeddings/provider.ts";
import { SearchBody } from "../../functions/talent-search/contract.ts";
import { filterArgs, searchTalentArgs } from "../../functions/talent-search/search-args.ts";
import { barChart, progress, stats, type Stats } from "../lib/bench.ts";
import { embedAll } from "../lib/embed-queue.ts";
import { benchProfiles, chosenPlan, countPassing, insertProfiles, namedCall, PROFILE_BATCH, type Filters } from "../lib/search-corpus.ts";
import { nativeServer } from "../lib/native-server.ts";
import { startStackProcess } from "../lib/stack-process.ts";

const { values: args } = parseArgs({
  options: {
    profiles: { type: "string", default: "100000" },
    queries: { type: "string", default: "50" },
    json: { type: "boolean", default: false },
    e2e: { type: "boolean", default: true },
    keep: { type: "boolean", default: false },
    levers: { type: "boolean", default: false },
    plans: { type: "string", default: "exact,40,100,200,400" },
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
const load: { seconds: number | null; embedSeconds: number | null; indexSeconds: number | null } = { seconds: null, embedSeconds: null, indexSeconds: null };

async function loadDatabase() {
  if (exists) await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  const db = await openDatabase({ databaseUrl: dbUrl });
  await prepareDatabase(db, { seed: false });
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  // Bulk load: no index upkeep while the vectors arrive; the index exactly as the migrations
  // define it, rebuilt once the rows are in.
  const indexdef = String((await sql`select indexdef from pg_indexes
                                      where schemaname = 'public' and indexname = 'talent_profiles_embedding_idx'`)[0]!.indexdef);
  await sql.unsafe(`drop index public.talent_profiles_embedding_idx`);
  const bar = progress("loading talent", N);
  for (let from = 0; from < N; from += PROFILE_BATCH) {
    const count = Math.min(PROFILE_BATCH, N - from);
    await insertProfiles((text, params) => db.query(text, params), benchProfiles(from, count));
    // fresh statistics, as autovacuum keeps them: the triggers' cached plans were made when the
    // tables were empty (a sequential scan of talent_profiles per consent made each batch slower)
    await db.exec("analyze public.talent_profiles, public.consents, auth.users");
    bar.update(from + count);
  }
  bar.finish();
  // every row queued an embedding job: the embed worker's code drains them (claim, embed
  // private.talent_document, complete with private.talent_search_source's spelling keys)
  const embedStarted = Date.now();
  const ebar = progress("embedding (the embed worker, local model)", N);
  const embedded = await embedAll(db, localProvider, (n) => ebar.update(n));
  ebar.finish();
  if (embedded !== N) throw new Error(`the embed worker stored ${embedded} vectors for ${N} profiles`);
  await db.close();
  load.embedSeconds = (Date.now() - embedStarted) / 1000;
  load.seconds = (Date.now() - started) / 1000;
  const indexStarted = Date.now();
  log("building the HNSW index…");
  await sql.unsafe(`set maintenance_work_mem = '6GB'; set max_parallel_maintenance_workers = 1; ${indexdef};`);
  load.indexSeconds = (Date.now() - indexStarted) / 1000;
  // the casting director who searches (a vetted casting_director sees public and casting-only profiles)
  await sql.unsafe(`insert into auth.users (id, email, raw_user_meta_data) values ('00000000-0000-4000-8000-00000000c0de', 'cd@search.bench', '{}');
    insert into public.user_roles (user_id, role) values ('00000000-0000-4000-8000-00000000c0de', 'casting_director');
    create table if not exists private.bench_loaded (profiles integer, load_seconds real, embed_seconds real, index_seconds real);
    insert into private.bench_loaded values (${N}, ${load.seconds}, ${load.embedSeconds}, ${load.indexSeconds});`);
  await sql.unsafe("vacuum analyze public.talent_profiles");
  await sql.end();
}

const loaded = exists
  ? await postgres(dbUrl, { max: 1, onnotice: () => {} })`select * from private.bench_loaded`.catch(() => [])
  : [];
// a kept database measures this code only if it was built by these migrations
const current = loaded.length > 0 && await (async () => {
  const db = await openDatabase({ databaseUrl: dbUrl });
  try {
    await prepareDatabase(db, { seed: false });
    return true;
  } catch (error) {
    log(`not reusing ${dbName}: ${(error as Error).message.split(":")[0]}; loading it again`);
    return false;
  } finally {
    await db.close();
  }
})();
// (a database loaded before the embed worker made its vectors has no embed_seconds: load again)
if (current && Number(loaded[0]!.profiles) === N && loaded[0]!.embed_seconds != null) {
  load.seconds = Number(loaded[0]!.load_seconds);
  load.embedSeconds = Number(loaded[0]!.embed_seconds);
  load.indexSeconds = Number(loaded[0]!.index_seconds);
  log(`reusing ${dbName} (loaded in ${load.seconds.toFixed(0)} s, index built in ${load.indexSeconds.toFixed(0)} s)`);
} else {
  await loadDatabase();
  log(`loaded ${N.toLocaleString("en-IN")} profiles in ${load.seconds!.toFixed(1)} s (embedding ${load.embedSeconds!.toFixed(1)} s of it); ` +
      `HNSW index in ${load.indexSeconds!.toFixed(1)} s`);
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
  return { text, vector: toPgVector(embedLocal(text)) };
});
// The filters, as a talent-search request states them (SearchBody.filters).
type Filter = { name: string; filters: Filters };
const filters: Filter[] = [
  { name: "unfiltered", filters: {} },
  { name: "50 % (gender)", filters: { gender: "female" } },
  { name: "10 % (height band)", filters: { height_min: 150, height_max: 154 } },
  { name: "1 % (gender + height)", filters: { gender: "female", height_min: 150, height_max: 150 } },
];
const DEPTH = 10;

/** A transaction as the casting director (claims and role as PostgREST sets them); `plan` forces
 *  the semantic source's plan (castmatch.search_vector_plan: 'exact' or an ef_search). */
async function asCd<T>(fn: (tx: postgres.TransactionSql) => Promise<T>, plan: string | null = null): Promise<T> {
  // BEGIN, the settings and the query in one write, as the REST layer sends them
  return sql.begin(async (tx) => {
    const [, , result] = await Promise.all([
      tx`select set_config('request.jwt.claim.sub', ${CD}, true),
                set_config('request.jwt.claims', ${JSON.stringify({ sub: CD, role: "authenticated" })}, true),
                set_config('castmatch.search_vector_plan', ${plan ?? ""}, true)`,
      tx.unsafe("set local role authenticated"),
      fn(tx),
    ]);
    return result;
  }) as Promise<T>;
}
/** The bare index scan, as Supabase's published figures measure it: the table owner (no RLS), no
 *  ranking function, a fixed ef_search. */
async function bare(q: string, ef: number) {
  return sql.begin(async (tx) => {
    const [, rows] = await Promise.all([
      tx`select set_config('hnsw.ef_search', ${String(ef)}, true)`,
      tx`select id from public.talent_profiles order by embedding operator(extensions.<=>) ${q}::extensions.halfvec(384) limit 10`,
    ]);
    return rows;
  });
}
const call = (tx: postgres.TransactionSql, c: { text: string; params: unknown[] }) =>
  tx.unsafe(c.text, c.params as postgres.ParameterOrJSON<never>[], { prepare: true });
/** Vector search alone: private.hybrid_rank's semantic source with the request's filters (exact
 *  search when the plan is forced to 'exact'). */
const ann = (tx: postgres.TransactionSql, q: string, f: Filter) => call(tx, namedCall("private.hybrid_rank", {
  query_text: null, query_embedding: q, ...filterArgs(f.filters), keyword_weight: 0, fit_weight: 0, depth: DEPTH,
}, "talent_id, similarity"));
/** search_talent with the arguments talent-search sends for this request's first page. */
const hybrid = (tx: postgres.TransactionSql, q: { text: string; vector: string }, f: Filter) => {
  const body = SearchBody.parse({ query: q.text, limit: 10, filters: f.filters });
  return call(tx, namedCall("public.search_talent", searchTalentArgs(body, { vector: q.vector, model: LOCAL_MODEL }, null).args, "talent_id"));
};

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
/** Each query once at c=1, then at each concurrency with enough work for every connection. */
async function atConcurrencies(job: (q: (typeof queries)[number]) => () => Promise<unknown>): Promise<Runs> {
  const out = {} as Runs;
  for (const c of CONCURRENCY) {
    const rounds = Math.max(1, Math.ceil((c * 6) / queries.length));
    out[`c${c}`] = await concurrently(c, Array.from({ length: rounds }, () => queries.map(job)).flat());
  }
  return out;
}
const peak = (runs: Runs) => {
  const best = CONCURRENCY.map((c) => ({ c, run: runs[`c${c}`]! })).sort((a, b) => b.run.qps - a.run.qps)[0]!;
  return { concurrency: best.c, qps: best.run.qps, p95: best.run.latency.p95 };
};

type Run = { latency: Stats; qps: number };
type Runs = Record<`c${number}`, Run>;
type Row = { filter: string; selectivity: number; plan: string; recall: number; vector: Runs; hybrid: Runs };
const CONCURRENCY = [1, 8, 32];
// the truth per filter and query: the 10th distance of the exact search (recall counts ties as hits)
const truth = new Map<string, number[]>();
const distanceOf = (r: postgres.Row) => 1 - Number(r.similarity);
async function recallOf(f: Filter, plan: string | null): Promise<number> {
  if (!truth.has(f.name)) {
    const kth: number[] = [];
    for (const q of queries) kth.push(Math.max(...(await asCd((tx) => ann(tx, q.vector, f), "exact")).map(distanceOf), -Infinity));
    truth.set(f.name, kth.map((d) => (d === -Infinity ? Infinity : d)));
  }
  const kth = truth.get(f.name)!;
  let recall = 0;
  for (const [i, q] of queries.entries()) {
    const got = await asCd((tx) => ann(tx, q.vector, f), plan);
    recall += got.filter((r) => distanceOf(r) <= kth[i]! + 1e-4).length / 10;
  }
  return recall / queries.length;
}
const query = (text: string, params: unknown[]) => sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
const selectivityOf = async (f: Filter) => (await countPassing(query, f.filters)) / N;

const sqlRows: Row[] = [];
const bar = args.json ? null : progress("SQL: recall, latency and QPS at 1/8/32", filters.length);
for (const [i, f] of filters.entries()) {
  const selectivity = await selectivityOf(f);
  const recall = await recallOf(f, null);
  const vector = await atConcurrencies((q) => () => asCd((tx) => ann(tx, q.vector, f)));
  // the database's share of talent-search: search_talent as the function calls it for a
  // first page (meaning, words and filters fused)
  const hybridRuns = await atConcurrencies((q) => () => asCd((tx) => hybrid(tx, q, f)));
  // what private.hybrid_rank picks for this filter (the same call it makes, as the same caller)
  const plan = await asCd((tx) => chosenPlan((text, params) => tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]), f.filters, DEPTH));
  sqlRows.push({ filter: f.name, selectivity, plan, recall, vector, hybrid: hybridRuns });
  bar?.update(i + 1);
}
bar?.finish();

// The bare index scan at ef_search 100 and 200 (no filters, RLS or ranking function): what this
// machine gives for Supabase's own measurement, next to ours.
const bareRows: Array<{ ef: number } & Runs> = [];
for (const ef of [100, 200]) bareRows.push({ ef, ...(await atConcurrencies((q) => () => bare(q.vector, ef))) });

// --levers: each plan of the semantic source on each filter (recall, QPS at 8 connections), the
// table private.vector_search_plan's thresholds come from; "chosen" is what it picks by itself.
type LeverRow = { filter: string; plan: string; recall: number; c8: Run };
const leverRows: LeverRow[] = [];
const hybridLeverRows: Array<{ filter: string; plan: string; c8: Run }> = [];
if (args.levers) {
  const plans = args.plans.split(",");
  const lbar = args.json ? null : progress("levers: each vector plan per filter", filters.length * plans.length);
  for (const [i, f] of filters.entries()) {
    for (const [j, plan] of plans.entries()) {
      const recall = await recallOf(f, plan);
      const jobs = Array.from({ length: 3 }, () => queries.map((q) => () => asCd((tx) => ann(tx, q.vector, f), plan))).flat();
      leverRows.push({ filter: f.name, plan, recall, c8: await concurrently(8, jobs) });
      lbar?.update(i * plans.length + j + 1);
    }
    // search_talent with the old fixed list (400) against the plan chosen per query, back to back
    for (const plan of ["400", ""]) {
      const jobs = Array.from({ length: 3 }, () => queries.map((q) => () => asCd((tx) => hybrid(tx, q, f), plan || null))).flat();
      hybridLeverRows.push({ filter: f.name, plan: plan || "chosen", c8: await concurrently(8, jobs) });
    }
  }
  lbar?.finish();
}

// match_talent: twelve roles of a project the casting director runs (made once per database;
// embedded by the embed worker's code, like the profiles), matched 20 deep.
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
  const db = await openDatabase({ databaseUrl: dbUrl });
  try {
    if (await embedAll(db, localProvider) !== 12) throw new Error("the embed worker did not embed the twelve roles");
  } finally {
    await db.close();
  }
  const roles = await sql`select r.id from public.casting_roles r where r.project_id = ${project!.id} order by r.id`;
  return roles.map((r) => String(r.id));
})();
const matchJobs = () => roleIds.flatMap((id) => [id, id]).map((id) => () => asCd((tx) => tx`select talent_id from public.match_talent(${id}::uuid, 20)`));
const match = { c1: await concurrently(1, matchJobs()), c8: await concurrently(8, [...matchJobs(), ...matchJobs()]) };

// End to end: talent-search through the gateway and a Deno function, as the same casting director,
// the stack in its own process (as `npm start` runs it) so that the load generator here does not
// share its thread. Each query text is sent once at c=1 (the function embeds it, a cache miss), then
// again at 8 and 32 connections, where the query embedding cache answers.
const e2eRows: Array<{ filter: string } & Runs> = [];
if (args.e2e) {
  // One director searching as fast as the machine answers: the gateway's rate limits (60 a
  // minute for talent-search) would measure themselves, not the search.
  const stack = await startStackProcess({ databaseUrl: dbUrl, env: { CASTMATCH_SCHEDULE_EVERY_MS: "0", CASTMATCH_RATE_LIMITS: "off" } });
  try {
    const { keys } = stack;
    const jwt = await signJwt(keys.jwtSecret, { sub: CD, role: "authenticated", aud: "authenticated" });
    const search = (text: string, f: Filter) => async () => {
      const response = await fetch(`${stack.apiUrl}/functions/v1/talent-search`, {
        method: "POST",
        headers: { authorization: `Bearer ${jwt}`, apikey: keys.publishableKey, "content-type": "application/json" },
        body: JSON.stringify({ query: text, limit: 10, filters: f.filters }),
      });
      if (!response.ok) throw new Error(`talent-search answered ${response.status}: ${await response.text()}`);
      await response.json();
    };
    const ebar = args.json ? null : progress("end to end: talent-search at 1/8/32", filters.length);
    for (const [i, f] of filters.entries()) {
      await search(`warm-up ${f.name}`, f)(); // boot the function
      e2eRows.push({ filter: f.name, ...(await atConcurrencies((q) => search(q.text, f))) });
      ebar?.update(i + 1);
    }
    ebar?.finish();
  } finally {
    await stack.stop();
    stack.dispose();
  }
}
await sql.end();
if (!args.keep) {
  const a = postgres(server.url, { max: 1, onnotice: () => {} });
  await a.unsafe(`drop database if exists ${dbName} with (force)`);
  await a.end();
}
server.stop();

const peaks = {
  vector: sqlRows.map((r) => ({ filter: r.filter, ...peak(r.vector) })),
  search_talent: sqlRows.map((r) => ({ filter: r.filter, ...peak(r.hybrid) })),
  talent_search: e2eRows.map((r) => ({ filter: r.filter, ...peak(r) })),
};
const result = {
  profiles: N, model: LOCAL_MODEL, dimensions: 384, type: "halfvec",
  index: { definition: sizes.hnsw_definition, ef_search: "per query (private.vector_search_plan)", iterative_scan: "relaxed_order" },
  load_seconds: load.seconds, embed_seconds: load.embedSeconds, index_build_seconds: load.indexSeconds, sizes, shared_buffers: warm.shared_buffers, cores: cpus().length,
  queries: Q, concurrency: CONCURRENCY, sql: sqlRows, bare_index_scan: bareRows, peak: peaks, levers: { vector: leverRows, search_talent: hybridLeverRows }, match_talent: match, end_to_end: e2eRows,
};
const line = (r: Runs) => CONCURRENCY.map((c) => {
  const run = r[`c${c}`]!;
  return `c=${c} ${run.qps.toFixed(0).padStart(4)} QPS p95 ${run.latency.p95.toFixed(1).padStart(6)} ms`;
}).join("  ");
if (args.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  log(`\n${N.toLocaleString("en-IN")} profiles; shared_buffers ${warm.shared_buffers}; ${cpus().length} cores`);
  log(`HNSW index ${sizes.hnsw}, GIN (full text) ${sizes.gin}, table with indexes ${sizes.table_total}`);
  log("\nSQL vector search (top 10, as a casting director under RLS):");
  for (const r of sqlRows) {
    log(`  ${r.filter.padEnd(22)} keeps ${(r.selectivity * 100).toFixed(1).padStart(5)} %  plan ${r.plan.padEnd(5)}  recall@10 ${r.recall.toFixed(3)}  ${line(r.vector)}`);
  }
  log("\nThe bare index scan (table owner: no RLS, filters or ranking function; unfiltered top 10):");
  for (const r of bareRows) log(`  ef_search ${String(r.ef).padEnd(12)} ${line(r)}`);
  log("\nSQL search_talent as talent-search calls it (meaning + words + filters, top 10):");
  for (const r of sqlRows) log(`  ${r.filter.padEnd(22)} ${line(r.hybrid)}`);
  if (e2eRows.length) {
    log("\nEnd to end: talent-search through the gateway (embed the query, search_talent, top 10):");
    for (const r of e2eRows) log(`  ${r.filter.padEnd(22)} ${line(r)}`);
  }
  log(`\nmatch_talent (a role's breakdown, top 20): c=1 p50 ${match.c1.latency.p50.toFixed(1)} p95 ${match.c1.latency.p95.toFixed(1)} ` +
      `p99 ${match.c1.latency.p99.toFixed(1)} ms ${match.c1.qps.toFixed(0)} QPS  c=8 p95 ${match.c8.latency.p95.toFixed(1)} ms ${match.c8.qps.toFixed(0)} QPS`);
  if (leverRows.length) {
    log("\nLevers: each plan of the vector source (recall@10; QPS and p95 at 8 connections):");
    for (const r of leverRows) {
      log(`  ${r.filter.padEnd(22)} ${r.plan.padEnd(6)} recall ${r.recall.toFixed(3)}  ${r.c8.qps.toFixed(0).padStart(4)} QPS  p95 ${r.c8.latency.p95.toFixed(1)} ms`);
    }
    log("search_talent with ef_search 400 for every query against the plan chosen per query (8 connections):");
    for (const r of hybridLeverRows) {
      log(`  ${r.filter.padEnd(22)} ${r.plan.padEnd(6)} ${r.c8.qps.toFixed(0).padStart(4)} QPS  p95 ${r.c8.latency.p95.toFixed(1)} ms`);
    }
  }
  log("\nPeak QPS (best of 1/8/32 connections)");
  log(barChart([
    ...peaks.vector.map((p) => ({ label: `vector ${p.filter}`, value: p.qps, note: `c=${p.concurrency}, p95 ${p.p95.toFixed(0)} ms` })),
    ...peaks.search_talent.map((p) => ({ label: `hybrid ${p.filter}`, value: p.qps, note: `c=${p.concurrency}, p95 ${p.p95.toFixed(0)} ms` })),
    ...peaks.talent_search.map((p) => ({ label: `e2e ${p.filter}`, value: p.qps, note: `c=${p.concurrency}, p95 ${p.p95.toFixed(0)} ms` })),
  ], "QPS"));
}
// The API server started for the end-to-end part leaves a database pool that keeps Node's
// event loop alive after stop(); everything is written, so leave.
process.exit(0);
