// `npm start`: the whole CastMatch backend on one port, like `supabase start`.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { ConfigError, loadOrCreateKeys, paths, readProjectConfig, type ProjectConfig } from "./config.ts";
import { SetupError, redactUrl } from "./database.ts";
import { createLogger } from "./logging.ts";
import { startStack, type Stack } from "./server.ts";
import { formatStatus } from "./running.ts";

const databaseUrl = process.env.DATABASE_URL || undefined;
let config: ProjectConfig;
try {
  config = readProjectConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
const keys = loadOrCreateKeys();
// Readable lines in a terminal; one JSON object per line when piped or with LOG_FORMAT=json
// (stack/logging.ts). Either way every request leaves one line, and nothing personal or secret.
const logger = createLogger();
const say = (text: string) => (logger.format === "json" ? logger.info(text) : console.log(text));
const fail = (text: string) => (logger.format === "json" ? logger.error(text) : console.error(text));
for (const line of config.warnings) fail(`warning: ${line}`);

say(databaseUrl ? `Starting CastMatch on PostgreSQL at ${redactUrl(databaseUrl)}…` : "Starting CastMatch (embedded PGlite)…");
let stack: Stack;
try {
  stack = await startStack({
    keys,
    config,
    port: Number(process.env.PORT ?? config.apiPort),
    dbPort: Number(process.env.DB_PORT ?? config.dbPort),
    databaseUrl,
    dataDir: paths.pgdata,
    log: (line) => logger.info(line),
    requestLog: logger,
  });
} catch (error) {
  fail(`error: ${error instanceof SetupError || error instanceof ConfigError ? error.message : (error as Error).stack}`);
  process.exit(1);
}

const { prepared } = stack;
if (prepared.rebuilt) {
  const r = prepared.rebuilt;
  say(`Moved this database made before append-only migrations into a rebuilt one: ${r.rows} rows in ${r.tables} tables; the old folder is kept at ${r.kept}`);
  for (const line of r.skipped) fail(`warning: ${line}`);
}
if (prepared.backup) say(`Backed up the database before migrating it: ${prepared.backup}\n  (restore with \`npm run db:restore -- ${prepared.backup}\`)`);
if (prepared.applied.length) say(`Applied migrations: ${prepared.applied.join(", ")}`);
if (prepared.seeded) say("Loaded the demo seed (supabase/seed.sql).");
// (after the start-up check the others sleep until their first request: "stopped" is not a problem)
for (const [name, s] of Object.entries(stack.functions.status())) {
  if (s.status === "failed") fail(`warning: function ${name} failed to boot: ${s.reason ?? ""}`);
}

const running = { pid: process.pid, apiUrl: stack.apiUrl, dbUrl: stack.dbUrl, keys };
mkdirSync(paths.state, { recursive: true });
writeFileSync(paths.running, JSON.stringify(running, null, 2) + "\n", { mode: 0o600 });
if (logger.format === "json") {
  // (the keys are not logged: `npm run status` prints them)
  logger.info("CastMatch is running. Press Ctrl-C to stop.", { api_url: stack.apiUrl, db_url: stack.dbUrl ? redactUrl(stack.dbUrl) : null, keys: "npm run status" });
} else {
  console.log(`\nCastMatch is running.\n\n${await formatStatus(running, "pretty")}\n\nPress Ctrl-C to stop.`);
}
// A new database's seed may need more than SQL (the demo's media files): the project's
// after_seed scripts run, in a child process and one after another, against the stack that now
// serves, as `npm run seed:media` would. (Never synchronously: they call this very process.)
void (async () => {
  if (!prepared.seeded || !config.afterSeed.length) return;
  // (the running stack as `npm run status` prints it: API_URL, SECRET_KEY, DB_URL, …)
  const env = { ...process.env, ...parseEnv(await formatStatus(running, "env")) };
  for (const script of config.afterSeed) {
    const child = spawn(process.execPath, ["--import", "tsx", join(paths.root, script)], { cwd: paths.root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code === 0) say(out.trim().split("\n").pop() || `Ran ${script}.`);
    else fail(`warning: ${script} failed after the seed: ${out.trim().split("\n").pop() ?? ""}`);
  }
})();

// Ctrl-C stops within STOP_DEADLINE_MS, always: every step of stack.stop() is bounded, and past
// the deadline the process exits anyway. A second Ctrl-C exits at once. The edge runtime ends
// with us either way (it exits when its stdin closes).
const STOP_DEADLINE_MS = 4000;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    say(`${signal} again: exiting now.`);
    rmSync(paths.running, { force: true });
    process.exit(130);
  }
  stopping = true;
  say(`${signal}: stopping… (${signal === "SIGINT" ? "Ctrl-C again to exit at once" : "signal again to exit at once"})`);
  setTimeout(() => {
    fail(`error: the stack did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
    rmSync(paths.running, { force: true });
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  await stack.stop();
  rmSync(paths.running, { force: true });
  say("Stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
