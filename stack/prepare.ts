// Creates, migrates and seeds a new embedded database in a process of its own, then exits.
// PGlite's initdb and a first load hold several hundred MB of WebAssembly memory that a process
// never gives back; done here, the long-running stack opens a ready database and stays small.
//   node --import tsx stack/prepare.ts <dataDir> [--no-seed]   prints the PrepareResult as JSON
//   node --import tsx stack/prepare.ts <dataDir> --rebuild     moves a pre-append-only database's
//     data into one built from the baseline migrations (stack/rebuild.ts); prints where the old is
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./config.ts";
import { listMigrations, openDatabase, prepareDatabase, SetupError, type PrepareResult } from "./database.ts";
import { releasedMigrations } from "./migrate.ts";
import { stamp } from "./backup.ts";
import { copyData, discard, swapDataDirs } from "./rebuild.ts";

/** True when dataDir holds no database yet. */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, "PG_VERSION"));
}

/** Runs this file in a child process; resolves with its result, or rejects with its one-line error. */
export function prepareInChild(dataDir: string, seed: boolean): Promise<PrepareResult> {
  return runChild<PrepareResult>([dataDir, ...(seed ? [] : ["--no-seed"])]);
}

export type RebuildResult = NonNullable<PrepareResult["rebuilt"]>;

/** The data of a pre-append-only embedded database, moved into a rebuilt one, in a child process. */
export function rebuildInChild(dataDir: string): Promise<RebuildResult> {
  return runChild<RebuildResult>([dataDir, "--rebuild"]);
}

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "stack", "prepare.ts"), ...args], {
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
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as T);
      else reject(new SetupError(/^error: (.*)$/m.exec(err)?.[1] ?? `preparing the database failed (exit ${code}): ${err.trim().split("\n").pop() ?? ""}`));
    });
  });
}

// Run as a script (not when bundled into the stack, where this module's URL is the bundle's).
if (process.argv[1]?.endsWith("prepare.ts") && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dataDir] = process.argv.slice(2);
  try {
    if (!dataDir) throw new SetupError("usage: prepare.ts <dataDir> [--no-seed | --rebuild]");
    if (process.argv.includes("--rebuild")) {
      console.log(JSON.stringify(await rebuild(dataDir)));
    } else {
      const db = await openDatabase({ dataDir });
      const result = await prepareDatabase(db, { seed: !process.argv.includes("--no-seed") });
      await db.close();
      console.log(JSON.stringify(result));
    }
  } catch (error) {
    console.error(`error: ${error instanceof SetupError ? error.message : (error as Error).message}`);
    process.exit(1);
  }
}

async function rebuild(dataDir: string): Promise<RebuildResult> {
  const now = stamp();
  const target = `${dataDir}.rebuild-${now}`;
  discard(target);
  const released = releasedMigrations();
  const baseline = listMigrations().filter((m) => released.has(`${m.version}_${m.name}.sql`));
  const old = await openDatabase({ dataDir });
  try {
    const fresh = await openDatabase({ dataDir: target });
    let copied;
    try {
      await prepareDatabase(fresh, { migrations: baseline, seed: false });
      copied = await copyData(old, fresh);
      await fresh.exec("analyze");
    } finally {
      await fresh.close();
    }
    await old.close();
    return { kept: swapDataDirs(dataDir, target, now), ...copied };
  } catch (error) {
    await old.close().catch(() => {});
    discard(target);
    throw error;
  }
}
