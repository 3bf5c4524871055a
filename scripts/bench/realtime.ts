// `npm run bench:realtime`: Realtime fan-out on loopback. For each backend and each number of
// subscribers (each its own user and WebSocket, in a child process), writes at a steady rate and
// measures, per kind of message:
//   changes+RLS  INSERTs into a table whose policy joins a membership table (every subscriber a
//                member): one RLS check per subscriber per change
//   changes      INSERTs into a table without RLS
//   broadcast    REST broadcasts to a room every subscriber joined
// latency from commit (or send) to the client (p50/p95/p99), delivered messages per second, and
// the stack's CPU (plus PostgreSQL's on native) per delivered message. The write rate aims at
// --target delivered messages per second (default 3,000: Supabase's published figure).
//   npm run bench:realtime -- [--sizes 100,500,1000,5000] [--backends embedded,native]
//                             [--seconds 5] [--target 3000] [--json]
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { generateKeys, paths, readProjectConfig, signJwt } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { stats, type Stats } from "../lib/bench.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";
import { processesCpuMs } from "../lib/proc-cpu.ts";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const json = args.includes("--json");
const sizes = opt("sizes", "100,500,1000,5000").split(",").map(Number);
const backends = opt("backends", "embedded,native").split(",") as Array<"embedded" | "native">;
const seconds = Number(opt("seconds", "5"));
const target = Number(opt("target", "3000"));
const say = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-IN");

type Kind = "changes+RLS" | "changes" | "broadcast";
type Row = {
  backend: string; subscribers: number; kind: Kind; writesPerSecond: number; writes: number;
  expected: number; delivered: number; deliveredPerSecond: number; latencyMs: Stats | null;
  cpuMsPerMessage: { stack: number; postgres: number | null };
};

const BENCH_SQL = `
create schema if not exists rt_bench;
grant usage on schema rt_bench to authenticated;
create table if not exists rt_bench.members (team int not null, user_id uuid not null, primary key (team, user_id));
create table if not exists rt_bench.guarded (id bigint generated always as identity primary key, team int not null, body text not null);
create table if not exists rt_bench.open (id bigint generated always as identity primary key, team int not null, body text not null);
alter table rt_bench.guarded enable row level security;
alter table rt_bench.members enable row level security;
grant select on rt_bench.guarded, rt_bench.open, rt_bench.members to authenticated;
drop policy if exists "Members read their team's rows" on rt_bench.guarded;
create policy "Members read their team's rows" on rt_bench.guarded for select to authenticated
  using (team in (select m.team from rt_bench.members m where m.user_id = (select auth.uid())));
drop policy if exists "People read their memberships" on rt_bench.members;
create policy "People read their memberships" on rt_bench.members for select to authenticated using (user_id = (select auth.uid()));
do $$ begin
  if not exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'rt_bench') then
    alter publication supabase_realtime add table rt_bench.guarded, rt_bench.open;
  end if;
end $$;`;

function clientsProcess(): ChildProcess {
  return fork(join(paths.root, "scripts", "bench", "realtime-clients.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

function ask<T>(child: ChildProcess, command: object, key: string, onProgress?: (n: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (m: Record<string, unknown>) => {
      if ("progress" in m) return onProgress?.(m.progress as number);
      if ("error" in m) {
        child.off("message", listener);
        return reject(new Error(String(m.error)));
      }
      if (key in m) {
        child.off("message", listener);
        resolve(m[key] as T);
      }
    };
    child.on("message", listener);
    child.send(command);
  });
}

async function measure(stack: Stack, pgPids: () => Promise<number[]>, child: ChildProcess, backend: string, n: number, kind: Kind): Promise<Row> {
  const rate = Math.min(200, Math.max(1, Math.round(target / n)));
  const writes = Math.max(3, Math.round(rate * seconds));
  const expected = writes * n;
  await ask(child, { cmd: "reset" }, "reset");
  const pids = await pgPids();
  const pgBefore = new Map(pids.map((p) => [p, processesCpuMs([p])]));
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  for (let i = 0; i < writes; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (kind === "broadcast") {
      const sent = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
        method: "POST", headers: { apikey: stack.keys.secretKey, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ topic: "bench-room", event: "tick", payload: { t: Date.now() } }] }),
      });
      if (sent.status !== 202) throw new Error(`broadcast answered ${sent.status}`);
    } else {
      await stack.database.query(`insert into rt_bench.${kind === "changes" ? "open" : "guarded"} (team, body) values (1, 'tick')`);
    }
  }
  // Drain: until every message arrived, or none arrived for 10 s (the next kind must not start
  // while this one's backlog is still being delivered).
  let report: { latencies: number[]; lastAt: number };
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    report = await ask(child, { cmd: "report" }, "report");
    if (report.latencies.length >= expected) break;
    const quietSince = report.lastAt || started + seconds * 1000;
    if (Date.now() - quietSince > 10_000 || Date.now() - started > seconds * 1000 + 180_000) break;
  }
  const cpu = process.cpuUsage(cpuBefore);
  let pgCpu: number | null = null;
  if (backend === "native") {
    pgCpu = 0;
    for (const pid of await pgPids()) pgCpu += processesCpuMs([pid]) - (pgBefore.get(pid) ?? 0);
  }
  const delivered = report.latencies.length;
  const span = Math.max(1, (report.lastAt || Date.now()) - started) / 1000;
  return {
    backend, subscribers: n, kind, writesPerSecond: rate, writes, expected, delivered,
    deliveredPerSecond: Math.round(delivered / span),
    latencyMs: delivered ? stats(report.latencies) : null,
    cpuMsPerMessage: {
      stack: delivered ? Math.round(((cpu.user + cpu.system) / 1000 / delivered) * 1000) / 1000 : 0,
      postgres: pgCpu === null || !delivered ? null : Math.round((pgCpu / delivered) * 1000) / 1000,
    },
  };
}

async function runBackend(backend: "embedded" | "native", rows: Row[]): Promise<void> {
  let server: NativeServer | undefined;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  if (backend === "native") {
    server = await nativeServer();
    scratch = await createScratchDatabase(server.url, "castmatch_bench_rt");
  }
  const keys = generateKeys();
  const big = 1_000_000;
  const stack = await startStack({
    keys, port: 0, dbPort: null, databaseUrl: scratch?.url, seed: false, scheduleEveryMs: 0, rateLimits: null,
    config: { ...readProjectConfig(), functions: {} },
    realtimeLimits: { maxConcurrentUsers: big, maxChannelsPerClient: 10, maxJoinsPerSecond: big, maxEventsPerSecond: big },
  });
  const pgPids = async () => backend === "native"
    ? (await stack.database.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")).map((r) => r.pid)
    : [];
  try {
    await stack.database.exec(BENCH_SQL);
    for (const n of sizes) {
      const users = Array.from({ length: n }, () => randomUUID());
      await stack.database.exec("truncate rt_bench.members");
      for (let i = 0; i < users.length; i += 1000) {
        const chunk = users.slice(i, i + 1000);
        await stack.database.query("insert into rt_bench.members (team, user_id) select 1, unnest($1::uuid[])", [chunk]);
      }
      await stack.database.exec("analyze rt_bench.members");
      const tokens = await Promise.all(users.map((sub) => signJwt(keys.jwtSecret, { sub, role: "authenticated", aud: "authenticated" }, 3600)));
      const child = clientsProcess();
      const url = `${stack.apiUrl.replace(/^http/, "ws")}/realtime/v1/websocket?apikey=${keys.publishableKey}&vsn=2.0.0`;
      const t0 = Date.now();
      await ask(child, { cmd: "connect", url, tokens }, "ready", (done) => { if (!json || process.stderr.isTTY) process.stderr.write(`\r${backend}: ${fmt(done)}/${fmt(n)} subscribers joined`); });
      say(`\r${backend}: ${fmt(n)} subscribers joined in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      for (const kind of ["changes+RLS", "changes", "broadcast"] as Kind[]) {
        const row = await measure(stack, pgPids, child, backend, n, kind);
        rows.push(row);
        say(`  ${kind.padEnd(11)} ${fmt(row.writesPerSecond)} writes/s → ${fmt(row.deliveredPerSecond)} msgs/s delivered ` +
          `(${fmt(row.delivered)}/${fmt(row.expected)}), p50 ${row.latencyMs?.p50 ?? "-"} ms p95 ${row.latencyMs?.p95 ?? "-"} ms p99 ${row.latencyMs?.p99 ?? "-"} ms, ` +
          `CPU/msg stack ${row.cpuMsPerMessage.stack} ms${row.cpuMsPerMessage.postgres !== null ? ` + postgres ${row.cpuMsPerMessage.postgres} ms` : ""}`);
      }
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ cmd: "close" });
      await exited;
    }
  } finally {
    await stack.stop();
    await scratch?.drop();
    server?.stop();
  }
}

const rows: Row[] = [];
for (const backend of backends) await runBackend(backend, rows);

// Ratios in one run: native over embedded, and what RLS costs, per size.
const ratios: Array<Record<string, unknown>> = [];
for (const n of sizes) {
  const get = (backend: string, kind: Kind) => rows.find((r) => r.backend === backend && r.subscribers === n && r.kind === kind);
  for (const kind of ["changes+RLS", "changes", "broadcast"] as Kind[]) {
    const e = get("embedded", kind);
    const nat = get("native", kind);
    if (e && nat) ratios.push({ subscribers: n, kind, nativeOverEmbeddedMsgsPerSecond: Math.round((nat.deliveredPerSecond / Math.max(1, e.deliveredPerSecond)) * 100) / 100 });
  }
  for (const backend of backends) {
    const rls = get(backend, "changes+RLS");
    const open = get(backend, "changes");
    if (rls && open && rls.cpuMsPerMessage.stack) {
      ratios.push({ subscribers: n, backend, rlsOverOpenCpuPerMessage: Math.round((((rls.cpuMsPerMessage.stack + (rls.cpuMsPerMessage.postgres ?? 0)) / Math.max(0.001, open.cpuMsPerMessage.stack + (open.cpuMsPerMessage.postgres ?? 0)))) * 100) / 100 });
    }
  }
}
const goal = rows.find((r) => r.backend === "native" && r.subscribers === 500 && r.kind === "changes+RLS");
const summary = {
  date: new Date().toISOString(),
  command: `npm run bench:realtime -- ${args.join(" ")}`.trim(),
  seconds, target, rows, ratios,
  goal: goal ? { deliveredPerSecond: goal.deliveredPerSecond, p95Ms: goal.latencyMs?.p95 ?? null, met: goal.deliveredPerSecond >= 3000 && (goal.latencyMs?.p95 ?? Infinity) <= 200 } : null,
};
if (json) console.log(JSON.stringify(summary, null, 2));
else {
  console.log("\nratios:");
  for (const r of ratios) console.log(`  ${JSON.stringify(r)}`);
  if (summary.goal) console.log(`goal (native, 500 subscribers, RLS): ${fmt(summary.goal.deliveredPerSecond)} msgs/s, p95 ${summary.goal.p95Ms} ms → ${summary.goal.met ? "met" : "not met"}`);
}
process.exit(0);
