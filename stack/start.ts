// `npm start`: the whole CastMatch backend on one port, like `supabase start`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadOrCreateKeys, paths, readProjectConfig } from "./config.ts";
import { SetupError, redactUrl } from "./database.ts";
import { startStack, type Stack } from "./server.ts";
import { formatStatus } from "./running.ts";

const databaseUrl = process.env.DATABASE_URL || undefined;
const config = readProjectConfig();
const keys = loadOrCreateKeys();

console.log(databaseUrl ? `Starting CastMatch on PostgreSQL at ${redactUrl(databaseUrl)}…` : "Starting CastMatch (embedded PGlite)…");
let stack: Stack;
try {
  stack = await startStack({
    keys,
    config,
    port: Number(process.env.PORT ?? config.apiPort),
    dbPort: Number(process.env.DB_PORT ?? config.dbPort),
    databaseUrl,
    dataDir: paths.pgdata,
    log: (line) => console.log(line),
  });
} catch (error) {
  console.error(`error: ${error instanceof SetupError ? error.message : (error as Error).stack}`);
  process.exit(1);
}

const { prepared } = stack;
if (prepared.applied.length) console.log(`Applied migrations: ${prepared.applied.join(", ")}`);
if (prepared.seeded) console.log("Loaded the demo seed (supabase/seed.sql).");
for (const [name, s] of Object.entries(stack.functions.status())) {
  // Functions sleep after the start-up check; only one that could not boot is worth a line.
  if (s.status === "failed") console.error(`warning: function ${name} failed to boot: ${s.reason ?? ""}`);
}

const running = { pid: process.pid, apiUrl: stack.apiUrl, dbUrl: stack.dbUrl, keys };
mkdirSync(paths.state, { recursive: true });
writeFileSync(paths.running, JSON.stringify(running, null, 2) + "\n", { mode: 0o600 });
console.log(`\nCastMatch is running.\n\n${await formatStatus(running, "pretty")}\n\nPress Ctrl-C to stop.`);

// Ctrl-C stops within STOP_DEADLINE_MS, always: every step of stack.stop() is bounded, and past
// the deadline the process exits anyway. A second Ctrl-C exits at once. The edge runtime ends
// with us either way (it exits when its stdin closes).
const STOP_DEADLINE_MS = 4000;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    console.log(`${signal} again: exiting now.`);
    rmSync(paths.running, { force: true });
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: stopping… (${signal === "SIGINT" ? "Ctrl-C again to exit at once" : "signal again to exit at once"})`);
  setTimeout(() => {
    console.error(`error: the stack did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
    rmSync(paths.running, { force: true });
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  await stack.stop();
  rmSync(paths.running, { force: true });
  console.log("Stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
