// The rules of supabase/migrations/, the append-only history of the schema:
// - a file is <YYYYMMDDHHMMSS>_<name>.sql; versions are unique and only ever grow;
// - a released migration never changes: supabase/released-migrations.sha256 (sha256sum format,
//   `cd supabase/migrations && sha256sum -c ../released-migrations.sha256`) records each one;
// - a new migration sorts after every released one (`supabase db push` refuses one inserted
//   before the last applied migration);
// - `create index concurrently` cannot run in a transaction, so such a statement lives in a
//   migration of its own, which the runner applies outside a transaction (as the Supabase CLI does).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "../../stack/config.ts";
import { listMigrations, needsNoTransaction, RELEASED_MANIFEST, releasedMigrations, splitStatements } from "../../stack/migrate.ts";

export { RELEASED_MANIFEST, releasedMigrations };

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Every rule above; returns one line per problem. */
export function checkMigrations(dir = paths.migrations, manifest = RELEASED_MANIFEST): string[] {
  const problems: string[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  for (const f of files) if (!/^\d{14}_[a-z0-9_]+\.sql$/.test(f)) problems.push(`${f}: name it <YYYYMMDDHHMMSS>_<name>.sql (lower-case name)`);
  const versions = new Map<string, string>();
  for (const m of listMigrations(dir)) {
    const other = versions.get(m.version);
    if (other) problems.push(`${m.version}: used by two migrations (${other}, ${m.name})`);
    versions.set(m.version, m.name);
  }
  const released = releasedMigrations(manifest);
  let lastReleased = "";
  for (const [file, hash] of released) {
    const path = join(dir, file);
    if (!existsSync(path)) problems.push(`${file}: a released migration was deleted; released migrations never change`);
    else if (sha256(readFileSync(path)) !== hash) problems.push(`${file}: a released migration changed; released migrations never change, add a new one (npm run db:diff -- <name>)`);
    if (file > lastReleased) lastReleased = file;
  }
  for (const f of files) {
    if (released.has(f)) continue;
    if (f < lastReleased) problems.push(`${f}: sorts before the released ${lastReleased}; a new migration's version must be later (supabase db push refuses it otherwise)`);
    const sql = readFileSync(join(dir, f), "utf8");
    const statements = splitStatements(sql);
    if (needsNoTransaction(sql) && statements.some((s) => !/\bconcurrently\b/i.test(s.text))) {
      problems.push(`${f}: \`concurrently\` cannot run in a transaction: put each such statement in a migration of its own, with nothing else`);
    }
  }
  return problems;
}

/** Migrations not yet recorded as released. */
export function unreleasedMigrations(dir = paths.migrations): string[] {
  const released = releasedMigrations();
  return readdirSync(dir).filter((f) => f.endsWith(".sql") && !released.has(f)).sort().map((f) => join(dir, f));
}

/** Records every migration present as released (run when a release is cut). */
export function sealMigrations(dir = paths.migrations, manifest = RELEASED_MANIFEST): number {
  const files = readdirSync(dir).filter((f) => /^\d{14}_.+\.sql$/.test(f)).sort();
  writeFileSync(manifest, files.map((f) => `${sha256(readFileSync(join(dir, f)))}  ${f}\n`).join(""));
  return files.length;
}

/** A version for a migration written now: the UTC time, and always after the newest present. */
export function newMigrationVersion(now = new Date(), dir = paths.migrations): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const newest = listMigrations(dir).at(-1)?.version ?? "";
  if (stamp > newest) return stamp;
  // (a clock behind the newest migration: the next second after it, as a number would count)
  return String(BigInt(newest) + 1n);
}
