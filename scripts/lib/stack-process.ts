// The stack as `npm start` runs it, in a child process of its own, for load benchmarks: its own
// state folder, free ports on 127.0.0.1, embedded PGlite or a native database. The load generator
// and the stack are separate processes, as a user's clients and server are.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Keys } from "../../stack/config.ts";
import { ROOT } from "../../stack/config.ts";

export type StackProcessOptions = {
  /** Native PostgreSQL database for the stack; embedded PGlite without it. */
  databaseUrl?: string | undefined;
  /** Another checkout to run instead of this one (before/after comparisons). */
  cwd?: string | undefined;
  /** Node options for the stack's process, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** More environment for the stack (CASTMATCH_REST_WORKERS, CASTMATCH_RATE_LIMITS, …). */
  env?: Record<string, string>;
  /** A different supabase/config.toml (CASTMATCH_CONFIG), e.g. with rate limits raised. */
  configFile?: string | undefined;
  startTimeoutMs?: number;
  /** An existing state folder to run on (upgrades: the previous release's data); kept by dispose(). */
  home?: string | undefined;
};

export type StackProcess = {
  pid: number;
  apiUrl: string;
  /** Postgres URL: the native database, or the embedded database's socket bridge. */
  dbUrl: string;
  keys: Keys;
  /** Everything the stack printed so far. */
  output(): string;
  /** The embedded database's folder (read it only after stop()). */
  dataDir: string;
  /** Ctrl-C, as a user stops it; killed if it does not exit within 10 s. */
  stop(): Promise<void>;
  /** Deletes the stack's state folder (after stop()). */
  dispose(): void;
};

export async function startStackProcess(options: StackProcessOptions = {}): Promise<StackProcess> {
  const cwd = options.cwd ?? ROOT;
  const home = options.home ?? mkdtempSync(join(tmpdir(), "castmatch-bench-home-"));
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CASTMATCH_HOME: home,
    PORT: "0",
    DB_PORT: "0",
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  if (options.configFile) env.CASTMATCH_CONFIG = options.configFile;
  // Its log goes to a file, as to a terminal or a log shipper: read through a pipe, the load
  // generator would spend the cores it shares with the stack reading a line per request.
  const logFile = join(home, "stack.log");
  const logFd = openSync(logFile, "a");
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), "--enable-source-maps", join(cwd, "stack", "launch.mjs")], {
    cwd,
    env,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  const output = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const cleanup = () => {
    if (!options.home) rmSync(home, { recursive: true, force: true });
  };
  // a previous run's record in a kept folder is not this stack being ready
  if (options.home) rmSync(join(home, "running.json"), { force: true });
  try {
    const t0 = Date.now();
    // ready once it has recorded itself for `npm run status` (whatever LOG_LEVEL prints)
    while (!existsSync(join(home, "running.json"))) {
      if (child.exitCode !== null) throw new Error(`the stack did not start:\n${output().slice(-2000)}`);
      if (Date.now() - t0 > (options.startTimeoutMs ?? 240_000)) throw new Error(`the stack did not start within ${(options.startTimeoutMs ?? 240_000) / 1000} s:\n${output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    cleanup();
    throw error;
  }
  // what the stack records for `npm run status` (its log is JSON lines when not on a terminal)
  const running = JSON.parse(readFileSync(join(home, "running.json"), "utf8")) as { apiUrl: string; dbUrl: string | null; keys: Keys };
  return {
    pid: child.pid!,
    apiUrl: running.apiUrl,
    dbUrl: options.databaseUrl ?? running.dbUrl ?? "",
    keys: running.keys,
    dataDir: join(home, "pgdata"),
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
    dispose: cleanup,
  };
}
