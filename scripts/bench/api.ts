// API throughput of the local stack, as clients see it: REST reads (one row, a filtered page,
// embedded resources), a REST write, an RPC, and the talent-search and submit functions, each at
// 1, 8, 32 and 128 connections (autocannon in its own process, on loopback). Each REST request also
// runs as a direct-SQL control in the same run: lite's own statements (role, claims, query) straight
// through a connection pool, the ceiling for any REST layer on this machine.
//
//   npm run bench:api [-- --native] [--json] [--seconds 5] [--connections 1,8,32,128] [--only single,page]
//                     [--workers N] [--baseline <checkout>] [--profile] [--no-control] [--config <config.toml>]
//
// --workers N      REST worker threads of a native stack (CASTMATCH_REST_WORKERS); default: the stack's own
// --baseline DIR   also runs another checkout's `npm start` (its own node_modules and patches), point by point
//                  alternately with this one, and reports the ratio (before/after in one run)
// --profile        runs the stack under `node --cpu-prof` and prints where its CPU went during the load
//                  (--profile-dir DIR keeps the .cpuprofile files there, for a flame graph in Chrome DevTools)
// --config FILE    a different supabase/config.toml for the stack (CASTMATCH_CONFIG)
// Rate limits: the stack runs with CASTMATCH_RATE_LIMITS=off (a load test from one address is not a
// casting call); --rate-limits keeps the configured limits.
//
// Besides req/s and latency, each point reports CPU milliseconds per request of the stack's
// processes (and, native, of its PostgreSQL backends) from /proc: on a machine shared with other
// work those stay meaningful when req/s do not. Stops by itself: every point is bounded.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { DEMO_PASSWORD } from "../../seed/personas.ts";
import { stableUuid } from "../../seed/generate.ts";
import { barChart, progress } from "../lib/bench.ts";
import { monotonicMicros, summariseProfiles, type ProfileSummary, type Window } from "../lib/cpu-profile.ts";
import { httpLoadInChild, type LoadRequest, type LoadResult } from "../lib/http-load.ts";
import { accessToken, createOpenRoles, createProject, createTalent, drainEmbeddingQueue, dropEmbeddingJobs, signInWithPassword } from "../lib/load-fixtures.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";
import { loadAverage, processesCpuMs, processTreeCpuMs } from "../lib/proc-cpu.ts";
import { controlInChild, type ControlPoint } from "../lib/sql-control.ts";
import { startStackProcess, type StackProcess } from "../lib/stack-process.ts";

const { values: args } = parseArgs({
  options: {
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    seconds: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    connections: { type: "string", default: "1,8,32,128" },
    only: { type: "string" },
    workers: { type: "string" },
    baseline: { type: "string" },
    profile: { type: "boolean", default: false },
    "profile-dir": { type: "string" },
    control: { type: "boolean", default: true },
    config: { type: "string" },
    "rate-limits": { type: "boolean", default: false },
  },
  allowNegative: true,
});

const TYPES = {
  single: { rest: true, about: "REST: one talent profile by id, under RLS (casting director)" },
  page: { rest: true, about: "REST: a page of 20 filtered, ordered profiles" },
  embedded: { rest: true, about: "REST: 20 submissions with talent and role embedded" },
  write: { rest: true, about: "REST: PATCH one shortlist item (rank, note)" },
  rpc: { rest: true, about: "REST: rpc/budget_status (producer)" },
  "talent-search": { rest: false, about: "function: talent-search, first page of 20 (casting director)" },
  submit: { rest: false, about: "function: submit, a new talent and role each request" },
} as const;
type Type = keyof typeof TYPES;

const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const connections = args.connections.split(",").map(Number);
const types = (args.only ? args.only.split(",") : Object.keys(TYPES)) as Type[];
for (const t of types) if (!(t in TYPES)) throw new Error(`--only: unknown request type "${t}" (known: ${Object.keys(TYPES).join(", ")})`);
if (!(seconds > 0) || connections.some((c) => !Number.isInteger(c) || c < 1 || c > 1024)) throw new Error("--seconds > 0 and --connections 1..1024");
const log = (line: string) => process.stderr.write(`${line}\n`);
const backend = args.native ? "native" : "embedded";

/** Submissions a run may make: every (talent, role) pair once. */
const SUBMIT_TALENT = 1500;
const SUBMIT_ROLES = 8;

type Target = {
  label: "current" | "baseline";
  stack: StackProcess;
  requests: Record<Type, LoadRequest[]>;
  dbName: string | null;
  sql: postgres.Sql | null;
  scratch: { url: string; drop(): Promise<void> } | null;
  profileDir: string | null;
  windows: Window[];
  roles: string[];
  tag: string;
};

let server: NativeServer | undefined;
const targets: Target[] = [];

async function startTarget(label: Target["label"], cwd: string | undefined): Promise<Target> {
  let scratch: Target["scratch"] = null;
  if (args.native) {
    server ??= await nativeServer();
    scratch = await createScratchDatabase(server.url, "castmatch_api");
  }
  const profiling = args.profile || args["profile-dir"] !== undefined;
  const profileDir = profiling && label === "current" ? args["profile-dir"] ?? mkdtempSync(join(tmpdir(), "castmatch-api-prof-")) : null;
  log(`starting the ${label} stack (${backend}${cwd ? `, ${cwd}` : ""})…`);
  const env: Record<string, string> = { CASTMATCH_SCHEDULE_EVERY_MS: "0" };
  if (!args["rate-limits"]) env.CASTMATCH_RATE_LIMITS = "off";
  if (args.workers !== undefined) env.CASTMATCH_REST_WORKERS = args.workers;
  const stack = await startStackProcess({
    cwd,
    databaseUrl: scratch?.url,
    env,
    configFile: args.config,
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  const target: Target = { label, stack, requests: {} as Target["requests"], dbName: null, sql: null, scratch, profileDir, windows: [], roles: [], tag: "" };
  targets.push(target);
  {
    // The demo seed's vectors, as the scheduler (off during the load) would make them.
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    await drainEmbeddingQueue(sql, stack.apiUrl, stack.keys.secretKey).finally(() => sql.end());
  }
  target.requests = await fixtures(target);
  if (args.native) {
    target.sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    target.dbName = new URL(stack.dbUrl).pathname.slice(1);
  }
  return target;
}

/** Bench roles and a shortlist item (in SQL, as the owner), then one request list per type. The
 *  talent who submit are made when submit is measured, so the other types see the demo seed. */
async function fixtures(t: Target): Promise<Record<Type, LoadRequest[]>> {
  const { stack } = t;
  const tag = `api${Date.now().toString(36)}`;
  const talentId = stableUuid("talent", "talent@castmatch.test");
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  let item: string;
  let projectId: string;
  try {
    const [project] = await sql<{ id: string }[]>`select id from public.projects where title = 'Bombay Nights'`;
    if (!project) throw new Error("the demo seed is missing (no project 'Bombay Nights')");
    projectId = project.id;
    // The bench's own roles, shortlist and (later) talent live in a project of their own, and the
    // talent speak only English: the measured reads see the demo seed as it is.
    const benchProject = await createProject(sql, `Bench ${tag}`, "cd@castmatch.test");
    t.roles = await createOpenRoles(sql, benchProject, SUBMIT_ROLES, tag);
    const [shortlist] = await sql<{ id: string }[]>`
      insert into public.shortlists (casting_role_id, name) values (${t.roles[0]!}, ${`${tag} first look`}) returning id`;
    const [row] = await sql<{ id: string }[]>`
      insert into public.shortlist_items (shortlist_id, talent_id) values (${shortlist!.id}, ${talentId}) returning id`;
    item = row!.id;
  } finally {
    await sql.end();
  }
  t.tag = tag;
  const key = stack.keys.publishableKey;
  const cd = as(key, await signInWithPassword(stack.apiUrl, key, "cd@castmatch.test", DEMO_PASSWORD));
  const producer = as(key, await signInWithPassword(stack.apiUrl, key, "producer@castmatch.test", DEMO_PASSWORD));
  return {
    single: [{ method: "GET", path: `/rest/v1/talent_profiles?select=id,stage_name,gender,city,languages,bio&id=eq.${talentId}`, headers: cd }],
    page: [{ method: "GET", path: "/rest/v1/talent_profiles?select=id,stage_name,gender,city,playing_age_min,playing_age_max,languages&languages=cs.%7Bhindi%7D&gender=eq.female&order=stage_name&limit=20", headers: cd }],
    embedded: [{ method: "GET", path: `/rest/v1/submissions?select=id,status,created_at,talent_profiles!submissions_talent_id_fkey(stage_name,city),casting_roles!submissions_casting_role_id_fkey(name)&project_id=eq.${projectId}&order=created_at.desc&limit=20`, headers: cd }],
    write: [{ method: "PATCH", path: `/rest/v1/shortlist_items?id=eq.${item}`, headers: { ...cd, ...JSON_BODY, prefer: "return=minimal" }, body: JSON.stringify({ rank: 3, note: "Strong read; callback for the court scene." }) }],
    rpc: [{ method: "POST", path: "/rest/v1/rpc/budget_status", headers: { ...producer, ...JSON_BODY }, body: "{}" }],
    "talent-search": [{ method: "POST", path: "/functions/v1/talent-search", headers: { ...cd, ...JSON_BODY }, body: JSON.stringify({ query: "street-smart Mumbai college girl who can dance, fluent Marathi", limit: 20 }) }],
    submit: [],
  };
}

const JSON_BODY = { "content-type": "application/json" };
const as = (apikey: string, token: string, more: Record<string, string> = {}) => ({ apikey, authorization: `Bearer ${token}`, ...more });

/** Talent in SQL and one submit request per (talent, role) pair: each submission is new. */
async function submitRequests(t: Target): Promise<LoadRequest[]> {
  const sql = postgres(t.stack.dbUrl, { max: 1, onnotice: () => {} });
  let talent: Awaited<ReturnType<typeof createTalent>>;
  try {
    talent = await createTalent(sql, SUBMIT_TALENT, t.tag, ["english"]);
    await dropEmbeddingJobs(sql, talent);
  } finally {
    await sql.end();
  }
  const tokens = await Promise.all(talent.map((u) => accessToken(t.stack.keys.jwtSecret, u)));
  const key = t.stack.keys.publishableKey;
  const out: LoadRequest[] = [];
  // Role-major, so consecutive requests come from different talent.
  for (const role of t.roles) {
    talent.forEach((u, i) => out.push({
      method: "POST", path: "/functions/v1/submit",
      headers: as(key, tokens[i]!, { ...JSON_BODY, "idempotency-key": `${t.tag}-${role}-${u.talentId}` }),
      body: JSON.stringify({ casting_role_id: role, talent_id: u.talentId, cover_note: "Available for the whole shoot." }),
    }));
  }
  return out;
}

/** One answer per type before the load: a benchmark of errors is worthless. */
async function check(t: Target) {
  for (const type of types) {
    if (type === "submit") continue; // each submit request is single-use
    const r = t.requests[type][0]!;
    const response = await fetch(`${t.stack.apiUrl}${r.path}`, { method: r.method, headers: r.headers, ...(r.body ? { body: r.body } : {}) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${t.label} ${type}: ${response.status} ${text.slice(0, 300)}`);
  }
}

async function backendPids(t: Target): Promise<number[]> {
  if (!t.sql) return [];
  const rows = await t.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${t.dbName} and pid <> pg_backend_pid()`;
  return rows.map((r) => r.pid);
}

type Point = LoadResult & { stackCpuMsPerRequest: number; edgeRuntimeCpuMsPerRequest: number; postgresCpuMsPerRequest: number | null; generatorCpuMsPerRequest: number; loadAverage: number };

const submitCursor = new Map<Target, number>();

/** Waits until the stack is idle again (requests still in flight when the last point ended, e.g.
 *  128 searches queued on embedded PGlite's one session, must not count against the next one). */
async function settle(t: Target) {
  const deadline = Date.now() + 60_000;
  let last = processTreeCpuMs(t.stack.pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = processTreeCpuMs(t.stack.pid);
    const busy = now.self + now.children - last.self - last.children;
    last = now;
    if (busy < 60) return; // under 12 % of a core
  }
}

async function measure(t: Target, type: Type, c: number): Promise<Point> {
  await settle(t);
  let requests = t.requests[type];
  if (type === "submit" && !t.requests.submit.length) t.requests.submit = await submitRequests(t);
  if (type === "submit") {
    // Each submission is used once: hand this point the next unused slice.
    const from = submitCursor.get(t) ?? 0;
    requests = t.requests.submit.slice(from);
    if (!requests.length) throw new Error("bench:api ran out of unused submissions; lower --seconds");
  }
  const spec = { origin: t.stack.apiUrl, connections: c, seconds, requests };
  if (warmup > 0) {
    const w = await httpLoadInChild({ ...spec, seconds: warmup });
    if (type === "submit") submitCursor.set(t, (submitCursor.get(t) ?? 0) + w.requests + c);
  }
  if (type === "submit") spec.requests = t.requests.submit.slice(submitCursor.get(t) ?? 0);
  const pidsBefore = await backendPids(t);
  const pgBefore = new Map(pidsBefore.map((p) => [p, processesCpuMs([p])]));
  const stackBefore = processTreeCpuMs(t.stack.pid);
  const from = monotonicMicros();
  const result = await httpLoadInChild(spec);
  t.windows.push({ from, to: monotonicMicros() });
  const stackAfter = processTreeCpuMs(t.stack.pid);
  let pgCpu: number | null = null;
  if (t.sql) {
    pgCpu = 0;
    for (const pid of await backendPids(t)) pgCpu += processesCpuMs([pid]) - (pgBefore.get(pid) ?? 0);
  }
  if (type === "submit") submitCursor.set(t, (submitCursor.get(t) ?? 0) + result.requests + c);
  const n = Math.max(result.requests, 1);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    ...result,
    rps: Math.round(result.rps * 10) / 10,
    p50: round(result.p50), p95: round(result.p95), p99: round(result.p99), max: round(result.max),
    stackCpuMsPerRequest: round((stackAfter.self - stackBefore.self) / n),
    edgeRuntimeCpuMsPerRequest: round((stackAfter.children - stackBefore.children) / n),
    postgresCpuMsPerRequest: pgCpu === null ? null : round(pgCpu / n),
    generatorCpuMsPerRequest: round(result.generatorCpuMs / n),
    loadAverage: loadAverage(),
  };
}

const results: Array<{ type: Type; connections: number; target: Target["label"] } & Point> = [];
let control: ControlPoint[] = [];
let controlStatements: Record<string, unknown> = {};
let profile: ProfileSummary | null = null;
const loadBefore = loadAverage();
let workers = "";

try {
  const current = await startTarget("current", undefined);
  const baseline = args.baseline ? await startTarget("baseline", args.baseline) : null;
  workers = /REST: (\d+) worker/.exec(current.stack.output())?.[1] ?? args.workers ?? "";
  for (const t of targets) await check(t);
  const total = types.length * connections.length * targets.length;
  const bar = progress(`bench:api on ${backend}`, total);
  let done = 0;
  for (const type of types) {
    for (const c of connections) {
      for (const t of targets) {
        results.push({ type, connections: c, target: t.label, ...(await measure(t, type, c)) });
        bar.update(++done);
      }
    }
  }
  bar.finish();
  for (const t of targets) await t.sql?.end();
  for (const t of targets) await t.stack.stop();
  if (current.profileDir) profile = summariseProfiles(current.profileDir, current.windows);
  const restTypes = types.filter((t) => TYPES[t].rest);
  if (args.control && restTypes.length) {
    log("direct-SQL control…");
    const out = await controlInChild({
      ...(args.native ? { databaseUrl: current.stack.dbUrl } : { dataDir: current.stack.dataDir }),
      keys: current.stack.keys,
      requests: restTypes.map((name) => ({ name, request: current.requests[name][0]! })),
      connections,
      seconds,
      warmupSeconds: warmup,
    });
    control = out.points;
    controlStatements = out.statements;
  }
  void baseline;
} finally {
  for (const t of targets) {
    await t.sql?.end().catch(() => {});
    await t.stack.stop().catch(() => {});
    t.stack.dispose();
    await t.scratch?.drop().catch(() => {});
    if (t.profileDir && !args["profile-dir"]) rmSync(t.profileDir, { recursive: true, force: true });
  }
  server?.stop();
}

// ---- report
const loadAfter = loadAverage();
const controlOf = (type: Type, c: number) => control.find((p) => p.name === type && p.connections === c);
const rows = results.map((r) => {
  const ctl = r.target === "current" ? controlOf(r.type, r.connections) : undefined;
  // the baseline point measured right after this one (points alternate: current, baseline)
  const next = results[results.indexOf(r) + 1];
  const base = r.target === "current" && next?.target === "baseline" ? next : undefined;
  return {
    ...r,
    controlRps: ctl ? Math.round(ctl.rps * 10) / 10 : null,
    ofControl: ctl ? Math.round((r.rps / ctl.rps) * 1000) / 1000 : null,
    vsBaseline: base ? Math.round((r.rps / base.rps) * 100) / 100 : null,
  };
});
const report = {
  backend,
  restWorkers: workers === "" ? null : Number(workers),
  seconds,
  loadAverage: { before: loadBefore, after: loadAfter },
  points: rows,
  control,
  controlStatements,
  profile,
};

if (args.json) console.log(JSON.stringify(report, null, 2));
else {
  const fmt = (x: number) => Math.round(x).toLocaleString("en-IN");
  console.log(`\nbench:api on ${backend}${report.restWorkers !== null ? `, ${report.restWorkers} REST worker(s)` : ""}; ${seconds} s per point; load average ${loadBefore} → ${loadAfter} (2 cores shared)`);
  for (const type of types) {
    console.log(`\n${type}: ${TYPES[type].about}`);
    console.log("  conns   target      req/s     p50     p95     p99 (ms)  errors  of control  CPU ms/req: stack / pg / deno");
    for (const r of rows.filter((x) => x.type === type)) {
      const errors = r.errors + Object.values(r.non2xx).reduce((a, b) => a + b, 0);
      console.log(`  ${String(r.connections).padStart(5)}   ${r.target.padEnd(8)} ${fmt(r.rps).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)}  ${String(errors).padStart(9)}  ${r.ofControl === null ? "".padStart(10) : `${Math.round(r.ofControl * 100)} %`.padStart(10)}  ${r.stackCpuMsPerRequest.toFixed(2).padStart(6)} / ${r.postgresCpuMsPerRequest === null ? "—" : r.postgresCpuMsPerRequest.toFixed(2)}${r.edgeRuntimeCpuMsPerRequest >= 0.01 ? ` / ${r.edgeRuntimeCpuMsPerRequest.toFixed(2)}` : ""}${r.vsBaseline !== null ? `   ×${r.vsBaseline} vs baseline` : ""}`);
      if (Object.keys(r.non2xx).length) console.log(`           non-2xx: ${JSON.stringify(r.non2xx)}`);
    }
    for (const p of control.filter((x) => x.name === type)) {
      console.log(`  ${String(p.connections).padStart(5)}   SQL ctl  ${fmt(p.rps).padStart(8)} ${p.p50.toFixed(1).padStart(7)} ${p.p95.toFixed(1).padStart(7)} ${p.p99.toFixed(1).padStart(7)}  ${String(p.errors).padStart(9)}              ${p.clientCpuMsPerRequest.toFixed(2).padStart(6)} / ${p.postgresCpuMsPerRequest === null ? "—" : p.postgresCpuMsPerRequest.toFixed(2)}`);
    }
  }
  const at = connections.includes(32) ? 32 : connections.at(-1)!;
  const chart = rows.filter((r) => r.connections === at).flatMap((r) => [
    { label: `${r.type} ${r.target === "current" ? "" : "(baseline)"}`.trim(), value: r.rps },
    ...(r.target === "current" && r.controlRps !== null ? [{ label: `${r.type} SQL control`, value: r.controlRps }] : []),
  ]);
  console.log(`\nreq/s at ${at} connections:`);
  console.log(barChart(chart, "req/s"));
  if (profile) {
    console.log(`\nstack CPU during the load (--cpu-prof, all threads): ${profile.busyMs} ms busy, ${profile.idleMs} ms idle`);
    console.log("  by package:  " + profile.byPackage.slice(0, 8).map((p) => `${p.name} ${p.percent} %`).join(", "));
    console.log("  top self time:");
    for (const f of profile.byFunction.slice(0, 15)) console.log(`    ${f.percent.toFixed(1).padStart(5)} %  ${f.frame}`);
  }
}
process.exit(0);
