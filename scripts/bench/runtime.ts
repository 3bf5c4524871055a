// What the local stack costs a developer's machine: idle memory of `npm start` (the gateway's
// Node process and the edge runtime), a function's cold start, the gateway's warm overhead, and
// `health` throughput at 32 connections (autocannon in its own process, scripts/lib/http-load.ts, on loopback).
//
//   npm run bench:runtime [-- --native] [--json] [--seconds 5] [--settle 20]
//   npm run bench:runtime -- --start "node --import tsx stack/start.ts" --cwd <checkout>
//       (idle memory and health throughput of another checkout's `npm start`, for before/after)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateKeys, ROOT } from "../../stack/config.ts";
import { startStack } from "../../stack/server.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";
import { barChart, progress, stats, type Stats } from "../lib/bench.ts";
import { httpLoadInChild } from "../lib/http-load.ts";

const { values: args } = parseArgs({
  options: {
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    seconds: { type: "string", default: "5" },
    settle: { type: "string", default: "20" },
    start: { type: "string" },
    cwd: { type: "string" },
  },
});
const seconds = Number(args.seconds);
const log = (line: string) => process.stderr.write(`${line}\n`);

let server: NativeServer | undefined;
const drops: Array<() => Promise<void>> = [];
async function databaseUrl(): Promise<string | undefined> {
  if (!args.native) return undefined;
  server ??= await nativeServer();
  const scratch = await createScratchDatabase(server.url, "castmatch_bench");
  drops.push(scratch.drop);
  return scratch.url;
}

/** RSS in MB of a process and everything below it, by command. */
function treeRss(pid: number): Array<{ pid: number; rssMb: number; command: string }> {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid=,rss=,args="], { encoding: "utf8" }).stdout;
  const rows = out.trim().split("\n").map((l) => {
    const [p, pp, rss, ...cmd] = l.trim().split(/\s+/);
    return { pid: Number(p), ppid: Number(pp), rssMb: Number(rss) / 1024, command: cmd.join(" ") };
  });
  const mine = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (mine.has(r.ppid) && !mine.has(r.pid)) (mine.add(r.pid), (grew = true));
  }
  return rows.filter((r) => mine.has(r.pid) && r.rssMb > 3).map(({ pid, rssMb, command }) => ({ pid, rssMb, command }));
}

/** `GET path` at `connections` for `seconds` (after 1 s of warm-up), from the shared load generator. */
async function load(origin: string, path: string, connections: number, duration: number) {
  const r = await httpLoadInChild({ origin, connections, seconds: duration, warmupSeconds: 1, requests: [{ method: "GET", path, headers: {} }] });
  const round = (x: number) => Math.round(x * 100) / 100;
  return { rps: r.rps, p50: round(r.p50), p99: round(r.p99), errors: r.errors, non2xx: Object.values(r.non2xx).reduce((a, b) => a + b, 0) };
}

/** Phase 1: the stack as `npm start` runs it, in its own process and state folder. */
async function asUsersRunIt() {
  const home = mkdtempSync(join(tmpdir(), "castmatch-bench-home-"));
  // LOG_FORMAT=pretty: the banner with the keys, as a terminal shows it (piped output is JSON)
  const env: NodeJS.ProcessEnv = { ...process.env, CASTMATCH_HOME: home, PORT: "0", DB_PORT: "0", LOG_FORMAT: "pretty" };
  const url = await databaseUrl();
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  const [cmd, ...argv] = args.start ? args.start.split(" ") : [process.execPath, "--enable-source-maps", join(ROOT, "stack", "launch.mjs")];
  const child: ChildProcess = spawn(cmd!, argv, { cwd: args.cwd ?? ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  try {
    const t0 = Date.now();
    while (!/Ctrl-C/.test(output)) {
      if (child.exitCode !== null || Date.now() - t0 > 180_000) throw new Error(`the stack did not start:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const startSeconds = (Date.now() - t0) / 1000;
    const apiUrl = /API_URL\s+(\S+)/.exec(output)![1]!;
    const settle = Number(args.settle);
    const bar = progress(`settling for ${settle} s (first embeddings, then idle)`, settle);
    for (let s = 1; s <= settle; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      bar.update(s);
    }
    bar.finish();
    // Idle: the largest of five samples a second apart.
    let idle = treeRss(child.pid!);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = treeRss(child.pid!);
      if (now.reduce((a, r) => a + r.rssMb, 0) > idle.reduce((a, r) => a + r.rssMb, 0)) idle = now;
    }
    log(`health at 32 connections for ${seconds} s…`);
    const health = await load(apiUrl, "/functions/v1/health", 32, seconds);
    const t1 = Date.now();
    child.kill("SIGINT");
    await new Promise((r) => child.once("exit", r));
    return {
      startSeconds,
      idleRssMb: Math.round(idle.reduce((a, r) => a + r.rssMb, 0)),
      processes: idle.map((r) => ({ rssMb: Math.round(r.rssMb), command: r.command.slice(0, 90) })),
      health,
      stopSeconds: (Date.now() - t1) / 1000,
    };
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(home, { recursive: true, force: true });
  }
}

/** Phase 2: cold starts and the gateway's own cost, measured inside one stack. */
async function inside() {
  const keys = generateKeys();
  const stack = await startStack({ keys, port: 0, dbPort: null, databaseUrl: await databaseUrl(), scheduleEveryMs: 0, functionIdleMs: 0 });
  try {
    const names = Object.keys(stack.functions.status());
    const cold: Record<string, Stats & { bootMs: number }> = {};
    const bar = progress("cold starts (5 per function)", names.length * 5);
    let done = 0;
    for (const name of names) {
      const samples: number[] = [];
      const boots: number[] = [];
      for (let i = 0; i < 5; i++) {
        stack.functions.unload(name);
        await new Promise((r) => setTimeout(r, 600)); // the spare worker is ready again
        const t0 = performance.now();
        const res = await fetch(`${stack.apiUrl}/functions/v1/${name}`, { method: "OPTIONS" });
        await res.arrayBuffer();
        samples.push(performance.now() - t0);
        boots.push(stack.functions.status()[name]?.bootMs ?? NaN);
        bar.update(++done);
      }
      cold[name] = { ...stats(samples), bootMs: stats(boots).p50 };
    }
    bar.finish();
    // Warm overhead: the same health request through the gateway and straight to its worker.
    await fetch(`${stack.apiUrl}/functions/v1/health`).then((r) => r.arrayBuffer());
    const port = stack.functions.status().health!.port!;
    const measure = async (url: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 400; i++) {
        const t0 = performance.now();
        await (await fetch(url)).arrayBuffer();
        if (i >= 50) samples.push(performance.now() - t0);
      }
      return stats(samples);
    };
    const direct = await measure(`http://127.0.0.1:${port}/health`);
    const gateway = await measure(`${stack.apiUrl}/functions/v1/health`);
    return { cold, warm: { gateway, direct, overheadP50Ms: Math.round((gateway.p50 - direct.p50) * 100) / 100 } };
  } finally {
    await stack.stop();
  }
}

try {
  const backend = args.native ? "native" : "embedded";
  log(`bench:runtime on ${backend}${args.start ? ` (${args.start} in ${args.cwd ?? "."})` : ""}`);
  const users = await asUsersRunIt();
  const measured = args.start ? null : await inside();
  const result = { backend, ...users, ...(measured ?? {}) };
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`\nnpm start on ${backend}: up in ${users.startSeconds.toFixed(1)} s, stopped in ${users.stopSeconds.toFixed(1)} s after Ctrl-C`);
    console.log(`idle RSS ${users.idleRssMb} MB:`);
    console.log(barChart(users.processes.map((p) => ({ label: p.command.split(" ").slice(0, 2).join(" ").slice(-40), value: p.rssMb })), "MB"));
    const h = users.health;
    console.log(`health, 32 connections: ${Math.round(h.rps).toLocaleString("en-IN")} req/s, p50 ${h.p50} ms, p99 ${h.p99} ms, errors ${h.errors + h.non2xx}`);
    if (measured) {
      console.log("\ncold start (unloaded function, spare worker ready; first request through the gateway), ms:");
      console.log(barChart(Object.entries(measured.cold).map(([n, s]) => ({ label: n, value: s.p50, note: `p95 ${s.p95.toFixed(0)}, worker boot ${s.bootMs}` })), "ms"));
      const w = measured.warm;
      console.log(`\nwarm health p50: ${w.gateway.p50.toFixed(2)} ms through the gateway, ${w.direct.p50.toFixed(2)} ms straight to the worker: overhead ${w.overheadP50Ms} ms`);
    }
  }
} finally {
  for (const drop of drops) await drop().catch(() => {});
  server?.stop();
}
process.exit(0);
