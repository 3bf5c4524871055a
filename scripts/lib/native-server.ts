// A native PostgreSQL server for scripts: DATABASE_URL when set, otherwise a throwaway local
// cluster (installed by scripts/native-postgres.sh if needed), stopped and deleted afterwards.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paths } from "../../stack/config.ts";
import { freePort } from "../../stack/functions.ts";

const script = join(paths.root, "scripts", "native-postgres.sh");

export function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env });
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
  if ((await run("bash", [script, "setup"])) !== 0) throw new Error("native PostgreSQL set-up failed");
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
