// `npm start` as a user runs it (stack/launch.mjs), in a state folder of its own, in a child
// process the test controls: Ctrl-C, kill -9, a start on the same folder again.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "../../stack/config.ts";
import { scratchDatabase, type Scratch } from "./backend.ts";

export type Started = {
  child: ChildProcess;
  home: string;
  apiUrl: string;
  key: string;
  output: () => string;
  exited: Promise<number | null>;
};

const homes: string[] = [];
const started: ChildProcess[] = [];

/** Starts `npm start` (a fresh state folder unless `home` is given) and waits for its banner. */
export async function startCastMatch(databaseUrl: string | undefined, home?: string): Promise<Started> {
  if (!home) {
    home = mkdtempSync(join(tmpdir(), "castmatch-home-"));
    homes.push(home);
  }
  // LOG_FORMAT=pretty: the banner with the keys, as a terminal shows it (piped output is JSON)
  const env: NodeJS.ProcessEnv = { ...process.env, CASTMATCH_HOME: home, PORT: "0", DB_PORT: "0", CASTMATCH_SCHEDULE_EVERY_MS: "500", LOG_FORMAT: "pretty" };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  // its own process group, so a test can kill it and everything below it at once
  const child = spawn(process.execPath, ["--enable-source-maps", join(ROOT, "stack", "launch.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  // 'close', not 'exit': the exit can reach us before the last lines the child wrote to its pipes.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  // A fresh data folder is made and seeded first: minutes on a loaded 2-core machine.
  const since = Date.now();
  while (!/Press Ctrl-C to stop/.test(output)) {
    if (Date.now() - since > 360_000 || child.exitCode !== null) {
      throw new Error(`npm start did not come up in ${Date.now() - since} ms (exit code ${child.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const apiUrl = /API_URL\s+(\S+)/.exec(output)![1]!;
  const key = /PUBLISHABLE_KEY\s+(\S+)/.exec(output)![1]!;
  return { child, home, apiUrl, key, output: () => output, exited };
}

/** Kills every stack a test started (and their process groups) and removes their folders. */
export function cleanUpStarted(): void {
  for (const child of started) {
    if (child.exitCode !== null || !child.pid) continue;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }
  // (a killed child may still be writing its data folder for a moment)
  for (const home of homes) rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

/** The demo casting director's request headers on a started stack. */
export async function directorHeaders(stack: Started): Promise<Record<string, string>> {
  const signIn = await fetch(`${stack.apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: stack.key, "content-type": "application/json" },
    body: JSON.stringify({ email: "cd@castmatch.test", password: "castmatch-demo" }),
  });
  const { access_token } = (await signIn.json()) as { access_token: string };
  return { apikey: stack.key, authorization: `Bearer ${access_token}`, "content-type": "application/json" };
}

/** For a test file that starts its own stacks: a scratch database on native (none on embedded),
 *  made before its tests and dropped after them, with every stack they started stopped. */
export function ownStacks(): { start(home?: string): Promise<Started> } {
  let scratch: Scratch | undefined;
  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(async () => {
    cleanUpStarted();
    await scratch?.drop();
  });
  return { start: (home) => startCastMatch(scratch!.databaseUrl, home) };
}
