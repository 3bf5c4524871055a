// Creates, migrates and seeds a new embedded database in a process of its own, then exits.
// PGlite's initdb and a first load hold several hundred MB of WebAssembly memory that a process
// never gives back; done here, the long-running stack opens a ready database and stays small.
//   node --import tsx stack/prepare.ts <dataDir> [--no-seed]   prints the PrepareResult as JSON
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./config.ts";
import { openDatabase, prepareDatabase, SetupError, type PrepareResult } from "./database.ts";

/** True when dataDir holds no database yet. */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, "PG_VERSION"));
}

/** Runs this file in a child process; resolves with its result, or rejects with its one-line error. */
export function prepareInChild(dataDir: string, seed: boolean): Promise<PrepareResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "stack", "prepare.ts"), dataDir, ...(seed ? [] : ["--no-seed"])], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.once("error", (error) => reject(new SetupError(`cannot prepare the database: ${error.message}`)));
    child.once("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as PrepareResult);
      else reject(new SetupError(/^error: (.*)$/m.exec(err)?.[1] ?? `preparing the database failed (exit ${code}): ${err.trim().split("\n").pop() ?? ""}`));
    });
  });
}

// Run as a script (not when bundled into the stack, where this module's URL is the bundle's).
if (process.argv[1]?.endsWith("prepare.ts") && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dataDir] = process.argv.slice(2);
  try {
    if (!dataDir) throw new SetupError("usage: prepare.ts <dataDir> [--no-seed]");
    const db = await openDatabase({ dataDir });
    const result = await prepareDatabase(db, { seed: !process.argv.includes("--no-seed") });
    await db.close();
    console.log(JSON.stringify(result));
  } catch (error) {
    console.error(`error: ${error instanceof SetupError ? error.message : (error as Error).message}`);
    process.exit(1);
  }
}
