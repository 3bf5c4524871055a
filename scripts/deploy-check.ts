// Proves the Supabase deploy path with the real Supabase CLI, on a freshly bootstrapped
// native database: `db push` of supabase/migrations succeeds, `db lint` finds no errors in
// public, `db advisors` finds nothing at WARN or above, and `gen types` equals types/database.ts.
// Then the upgrade path: a database at the previous release (its migrations pushed by the CLI)
// takes exactly the new migrations from `db push`, and `db advisors` stays clean.
//
//   npm run deploy:check               check (CI)
//   npm run deploy:check -- --write    regenerate types/database.ts
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { bootstrapSql } from "../stack/bootstrap.ts";
import { paths } from "../stack/config.ts";
import { createScratchDatabase, nativeServer } from "./lib/native-server.ts";
import { RELEASES } from "./lib/releases.ts";

const write = process.argv.includes("--write");
const typesFile = join(paths.root, "types", "database.ts");
const cli = join(paths.root, "node_modules", ".bin", "supabase");

/** Runs the CLI; returns its stdout (and its stderr too with `all`: progress lines go there). */
function supabase(step: string, args: string[], workdir = paths.root, all = false): string {
  process.stdout.write(`[deploy-check] ${step}… `);
  const started = Date.now();
  const r = spawnSync(cli, [...args, "--workdir", workdir], {
    encoding: "utf8",
    env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
  if (r.status !== 0) {
    console.log("failed");
    throw new Error(`supabase ${args[0]} ${args[1] ?? ""} exited ${r.status}:\n${out}`);
  }
  console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return all ? `${r.stdout ?? ""}${r.stderr ?? ""}` : (r.stdout ?? "");
}

/** A project folder holding the previous release's supabase/ (config and migrations). */
function releaseWorkdir(commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), "castmatch-release-supabase-"));
  mkdirSync(join(dir, "supabase", "migrations"), { recursive: true });
  const git = (...a: string[]) => spawnSync("git", a, { cwd: paths.root, encoding: "utf8", maxBuffer: 64 << 20 });
  const files = git("ls-tree", "--name-only", commit, "supabase/migrations/").stdout.split("\n").filter((f) => f.endsWith(".sql"));
  if (!files.length) throw new Error(`no migrations at ${commit}`);
  for (const f of [...files, "supabase/config.toml"]) writeFileSync(join(dir, f), git("show", `${commit}:${f}`).stdout);
  return dir;
}

const server = await nativeServer();
const scratch = await createScratchDatabase(server.url, "castmatch_deploy");
let failed = false;
try {
  const target = scratch.url;
  const db = postgres(target, { max: 1, onnotice: () => {} });
  await db.unsafe(bootstrapSql()).simple();
  await db.end();

  const remote = `--remote=${target}`;
  supabase("db push", ["db", "push", remote, "--yes"]);
  const lint = supabase("db lint", ["db", "lint", remote, "--schema", "public", "--level", "error", "--fail-on", "error"]);
  if (lint.trim()) console.log(lint.trim());
  const advisors = supabase("db advisors", ["db", "advisors", remote, "--type", "all", "--level", "warn", "--fail-on", "warn"]);
  if (advisors.trim()) console.log(advisors.trim());
  const types = supabase("gen types", ["gen", "types", "--lang", "typescript", remote, "--schema", "public"]);
  if (write) {
    writeFileSync(typesFile, types);
    console.log(`[deploy-check] wrote ${typesFile}`);
  } else if (readFileSync(typesFile, "utf8") !== types) {
    throw new Error("types/database.ts differs from `supabase gen types`: run `npm run deploy:check -- --write` and commit it");
  }
  // The upgrade path: the previous release, then this checkout's new migrations and nothing else.
  const previous = RELEASES.at(-1)!;
  const upgrade = await createScratchDatabase(server.url, "castmatch_deploy_upgrade");
  const releaseDir = releaseWorkdir(previous);
  try {
    const db2 = postgres(upgrade.url, { max: 1, onnotice: () => {} });
    await db2.unsafe(bootstrapSql()).simple();
    await db2.end();
    const remote2 = `--remote=${upgrade.url}`;
    supabase(`db push of ${previous}`, ["db", "push", remote2, "--yes"], releaseDir);
    const pushed = supabase("db push of the new migrations", ["db", "push", remote2, "--yes"], paths.root, true);
    const applied = [...pushed.matchAll(/Applying migration (\d{14}_\S+?\.sql)/g)].map((m) => m[1]).sort();
    const released = new Set(readdirSync(join(releaseDir, "supabase", "migrations")));
    const expected = readdirSync(paths.migrations).filter((f) => /^\d{14}_.+\.sql$/.test(f) && !released.has(f)).sort();
    if (JSON.stringify(applied) !== JSON.stringify(expected)) {
      throw new Error(`db push after ${previous} applied [${applied.join(", ")}], expected exactly the new migrations [${expected.join(", ")}]`);
    }
    console.log(`[deploy-check] ${previous} → this checkout: db push applied exactly the ${expected.length} new migration(s)`);
    const advisors2 = supabase("db advisors after the upgrade", ["db", "advisors", remote2, "--type", "all", "--level", "warn", "--fail-on", "warn"]);
    if (advisors2.trim()) console.log(advisors2.trim());
  } finally {
    rmSync(releaseDir, { recursive: true, force: true });
    await upgrade.drop();
  }
  console.log("[deploy-check] the Supabase deploy path works");
} catch (error) {
  failed = true;
  console.error(`[deploy-check] ${(error as Error).message}`);
} finally {
  await scratch.drop();
  server.stop();
}
process.exit(failed ? 1 : 0);
