// A native PostgreSQL server for scripts: DATABASE_URL when set, otherwise a throwaway local
// cluster (installed by scripts/native-postgres.sh if needed), stopped and deleted afterwards.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { paths } from "../../stack/config.ts";
import { freePort } from "../../stack/functions.ts";

const script = join(paths.root, "scripts", "native-postgres.sh");

/** Runs a command with our terminal; `quietStdout` sends its output to stderr (JSON reports). */
export function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env, quietStdout = false): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: quietStdout ? ["inherit", 2, "inherit"] : "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

export type NativeServer = { url: string; stop(): void };

export async function nativeServer(): Promise<NativeServer> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop() {} };
  if ((await run("bash", [script, "setup"], process.env, true)) !== 0) throw new Error("native PostgreSQL set-up failed");
  const dir = mkdtempSync(join(tmpdir(), "castmatch-pg-"));
  const stop = () => {
    spawnSync("bash", [script, "stop", dir], { stdio: "inherit" });
    rmSync(dir, { recursive: true, force: true });
  };
  const started = spawnSync("bash", [script, "start", dir, String(await freePort())], { encoding: "utf8" });
  if (started.status !== 0) {
    stop();
    throw new Error(started.stderr.trim() || "the native cluster did not start");
  }
  return { url: started.stdout.trim().split("\n").pop()!, stop };
}

export type ScratchDatabase = { url: string; drop(): Promise<void> };

/** A new, empty database on the server (sslmode=disable: loopback), dropped by `drop()`. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  url.searchParams.set("sslmode", "disable");
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await sql.end();
    },
  };
}
