// Applies supabase/migrations/ to a database, as `supabase db push` does, and keeps the data:
// - the history is supabase_migrations.schema_migrations, the Supabase CLI's own table, so a
//   database migrated here and one migrated by the CLI agree on what has been applied;
// - pending migrations apply in version order, all in one transaction: a failure leaves the
//   database exactly as it was and names the migration, the line and the statement that failed;
// - a migration with `create index concurrently` (which cannot run in a transaction) applies on
//   its own, outside one, statement by statement;
// - before it changes a database that holds data, the caller's `backup` hook takes a backup.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { paths } from "./config.ts";

export type Migration = { version: string; name: string; file: string };

/** The released migrations, `sha256  file` per line (sha256sum's format); they never change. */
export const RELEASED_MANIFEST = join(paths.root, "supabase", "released-migrations.sha256");

/** file name -> sha256 of every released migration. */
export function releasedMigrations(manifest = RELEASED_MANIFEST): Map<string, string> {
  const released = new Map<string, string>();
  if (!existsSync(manifest)) return released;
  for (const line of readFileSync(manifest, "utf8").split("\n")) {
    const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line.trim());
    if (match) released.set(match[2]!, match[1]!);
  }
  return released;
}

export function listMigrations(dir = paths.migrations): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{14}_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const [, version = "", name = ""] = /^(\d{14})_(.+)\.sql$/.exec(file) ?? [];
      return { version, name, file: join(dir, file) };
    });
}

export type Statement = { text: string; line: number };

/**
 * Splits SQL into top-level statements at semicolons, keeping quoted strings, quoted
 * identifiers, dollar-quoted bodies, comments and `begin atomic … end` bodies whole.
 */
export function splitStatements(sql: string): Statement[] {
  const out: Statement[] = [];
  let start = 0;
  let i = 0;
  let atomic = 0; // depth of SQL-standard function bodies (begin atomic … end)
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    // (leading comments belong to no statement: the line is where the statement itself starts)
    const lead = /^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/.exec(raw)![0].length;
    const text = raw.slice(lead).trim();
    if (text) out.push({ text, line: sql.slice(0, start + lead).split("\n").length });
    start = end + 1;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "/" && next === "*") {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql.startsWith("/*", i)) (depth++, (i += 2));
        else if (sql.startsWith("*/", i)) (depth--, (i += 2));
        else i++;
      }
    } else if (c === "'") {
      // E'…' strings take backslash escapes; every string takes '' for a quote
      const escapes = /[eE]$/.test(sql.slice(Math.max(0, i - 1), i)) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? " ");
      i++;
      while (i < sql.length) {
        if (escapes && sql[i] === "\\") i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "$" && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? " ")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? sql.length : end + tag[0].length;
      } else i++;
    } else if (/[A-Za-z]/.test(c) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? " ")) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 64))![0].toLowerCase();
      if (word === "begin" && /^begin\s+atomic\b/i.test(sql.slice(i, i + 40))) atomic++;
      else if (word === "end" && atomic > 0 && /^end\s*;/i.test(sql.slice(i, i + 20))) atomic--;
      i += word.length;
    } else if (c === ";" && atomic === 0) {
      push(i);
      i++;
    } else i++;
  }
  push(sql.length);
  return out;
}

/** True when the migration has a statement PostgreSQL refuses to run in a transaction block. */
export function needsNoTransaction(sql: string): boolean {
  return splitStatements(sql).some((s) => /^(create\s+(unique\s+)?index|drop\s+index|reindex\b[^;]*)\s+concurrently\b/i.test(s.text.replace(/^(--[^\n]*\n|\s)+/, "")));
}

/** What a migration needs from a database: run SQL text (simple protocol). */
export type SqlRunner = { exec(sql: string): Promise<unknown> };

export class MigrationError extends Error {
  override name = "MigrationError";
}

const HISTORY = "supabase_migrations.schema_migrations";
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The history row for a migration. The Supabase CLI records a file's statements one by one; we
 *  record the whole file as one, so start-up can tell a file changed since it was applied. */
export function recordSql(m: Migration, sql: string): string {
  return `insert into ${HISTORY} (version, name, statements) values (${quote(m.version)}, ${quote(m.name)}, array[${quote(sql)}]);`;
}

/**
 * Applies `pending` in order. Transactional migrations apply together in one transaction; a
 * failure rolls all of them back and is then located statement by statement (in a transaction
 * that is rolled back too) so the error names what failed.
 */
export async function applyMigrations(db: SqlRunner, pending: Migration[]): Promise<string[]> {
  const applied: string[] = [];
  let batch: Migration[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const texts = batch.map((m) => readFileSync(m.file, "utf8"));
    try {
      await db.exec("begin");
      for (let k = 0; k < batch.length; k++) await db.exec(`${texts[k]}\n;\n${recordSql(batch[k]!, texts[k]!)}`);
      await db.exec("commit");
    } catch (error) {
      await db.exec("rollback").catch(() => {});
      throw new MigrationError(`${await locateFailure(db, batch, texts, error as Error)}; nothing was applied, the database is as it was`);
    }
    applied.push(...batch.map((m) => `${m.version}_${m.name}`));
    batch = [];
  };
  for (const m of pending) {
    const sql = readFileSync(m.file, "utf8");
    if (!needsNoTransaction(sql)) {
      batch.push(m);
      continue;
    }
    await flush();
    for (const s of splitStatements(sql)) {
      try {
        await db.exec(s.text);
      } catch (error) {
        throw new MigrationError(
          `migration ${m.version}_${m.name} failed at line ${s.line} (${summary(s.text)}): ${(error as Error).message}; ` +
            `the migrations before it are applied (${applied.length ? applied.join(", ") : "none"}); it runs outside a transaction, so check for an invalid index`,
        );
      }
    }
    await db.exec(recordSql(m, sql));
    applied.push(`${m.version}_${m.name}`);
  }
  await flush();
  return applied;
}

async function locateFailure(db: SqlRunner, batch: Migration[], texts: string[], original: Error): Promise<string> {
  try {
    await db.exec("begin");
    for (let k = 0; k < batch.length; k++) {
      for (const s of splitStatements(texts[k]!)) {
        try {
          await db.exec(s.text);
        } catch (error) {
          return `migration ${batch[k]!.version}_${batch[k]!.name} failed at line ${s.line} (${summary(s.text)}): ${(error as Error).message}`;
        }
      }
    }
    return `migrations ${batch.map((m) => `${m.version}_${m.name}`).join(", ")} failed: ${original.message}`;
  } finally {
    await db.exec("rollback").catch(() => {});
  }
}

function summary(statement: string): string {
  const first = statement.replace(/^(--[^\n]*\n|\s)+/, "").replace(/\s+/g, " ");
  return first.length > 120 ? `${first.slice(0, 117)}…` : first;
}
