// How long a new database takes to be usable: `npm start` on a fresh state folder, timed to its
// "running" banner and to an empty embedding backlog (search as good as it will get), read
// from the database's own public.embedding_status() through the DB_URL the banner prints.
//
//   npm run bench:startup [-- --native] [--runs 3] [--json]
//   npm run bench:startup -- --cwd <another checkout>      (the same, for before/after)
//   npm run bench:startup -- --seed-cost [--cwd <checkout>]   CPU seconds to load the checkout's seed into
//                                                             an in-memory PGlite (migrations not counted)
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { ROOT } from "../../stack/config.ts";
import { listMigrations, openDatabase, prepareDatabase } from "../../stack/database.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";
import { progress, stats } from "../lib/bench.ts";

const { values: args } = parseArgs({
  options: {
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
    cwd: { type: "string" },
    "seed-cost": { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
const cwd = args.cwd ?? ROOT;
const log = (line: string) => process.stderr.write(`${line}\n`);

type Run = { runningSeconds: number; readySeconds: number; queuedAtRunning: number };

async function once(server: NativeServer | undefined): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), "castmatch-startup-"));
  const scratch = server ? await createScratchDatabase(server.url, "castmatch_startup") : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, CASTMATCH_HOME: home, PORT: "0", DB_PORT: "0", LOG_FORMAT: "pretty" };
  if (scratch) env.DATABASE_URL = scratch.url;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ["--enable-source-maps", join(cwd, "stack", "launch.mjs")],
    { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  let sql: postgres.Sql | undefined;
  try {
    const t0 = performance.now();
    while (!/CastMatch is running/.test(output)) {
      if (child.exitCode !== null || performance.now() - t0 > 300_000) throw new Error(`the stack did not start:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const runningSeconds = (performance.now() - t0) / 1000;
    const dbUrl = /DB_URL\s+(\S+)/.exec(output)?.[1] ?? scratch?.url;
    if (!dbUrl) throw new Error("the banner names no DB_URL");
    sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    let queuedAtRunning = -1;
    for (;;) {
      const [row] = await sql<{ s: { queued: number } }[]>`select public.embedding_status() as s`;
      const queued = Number(row!.s.queued);
      if (queuedAtRunning < 0) queuedAtRunning = queued;
      if (queued === 0) break;
      if (performance.now() - t0 > 600_000) throw new Error(`the embedding backlog never emptied (${queued} left)`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { runningSeconds, readySeconds: (performance.now() - t0) / 1000, queuedAtRunning };
  } finally {
    await sql?.end();
    child.kill("SIGINT");
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    rmSync(home, { recursive: true, force: true });
    await scratch?.drop().catch(() => {});
  }
}

/** CPU and wall seconds to load the seed (and analyze), in this process, with others' load mattering less. */
async function seedCost() {
  const db = await openDatabase({});
  try {
    await prepareDatabase(db, { seed: false, migrations: listMigrations(join(cwd, "supabase", "migrations")) });
    const seed = readFileSync(join(cwd, "supabase", "seed.sql"), "utf8");
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await db.exec(`begin;\n${seed}\n;\ncommit;`);
    await db.exec("analyze");
    const cpu = process.cpuUsage(cpu0);
    const [row] = await db.query<{ s: { queued: number } }>("select public.embedding_status() as s");
    return { seedBytes: Buffer.byteLength(seed), cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000,
             queuedAfter: Number(row!.s.queued) };
  } finally {
    await db.close();
  }
}

let server: NativeServer | undefined;
try {
  if (args["seed-cost"]) {
    const cost = await seedCost();
    if (args.json) console.log(JSON.stringify(cost, null, 2));
    else console.log(`seed of ${cwd}: ${cost.seedBytes} bytes, ${cost.cpuSeconds.toFixed(1)} s CPU (${cost.wallSeconds.toFixed(1)} s wall) to load into PGlite; ${cost.queuedAfter} embedding jobs queued after`);
    process.exit(0);
  }
  const backend = args.native ? "native" : "embedded";
  if (args.native) server = await nativeServer();
  const seedBytes = statSync(join(cwd, "supabase", "seed.sql")).size;
  log(`bench:startup on ${backend}, ${runs} fresh starts of ${cwd}`);
  const bar = progress("fresh starts", runs);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await once(server));
    bar.update(i + 1);
  }
  bar.finish();
  const running = stats(results.map((r) => r.runningSeconds));
  const ready = stats(results.map((r) => r.readySeconds));
  const result = { backend, runs: results, seedBytes, runningSecondsP50: running.p50, readySecondsP50: ready.p50 };
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`\n${backend}: "running" after ${running.p50.toFixed(1)} s (p50 of ${runs}), embedding backlog empty after ${ready.p50.toFixed(1)} s`);
    console.log(`queued at "running": ${results.map((r) => r.queuedAtRunning).join(", ")}; seed ${(seedBytes / 1024).toFixed(0)} KiB`);
  }
} finally {
  server?.stop();
}
process.exit(0);
