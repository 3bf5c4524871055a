// Backups of the whole project: every schema (auth users, public, private, storage's rows, the
// migration history) and Storage's files beside them, in one tar file that `db:restore` brings back.
//   embedded: PGlite's own dump of its data folder (dumpDataDir), taken while no query runs;
//   native:   pg_dump's custom format, restored with pg_restore into a recreated database.
// The manifest records every table's row count and content digest, and a restore checks them.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create as tarCreate, extract as tarExtract } from "tar";
import postgres from "postgres";
import { rolesSql } from "./bootstrap.ts";
import { paths } from "./config.ts";
import { pgliteExtensions, redactUrl, retryCatalogRace, SetupError, type Database } from "./database.ts";

export type TableDigest = { table: string; rows: number; digest: string };

export type BackupManifest = {
  format: 1;
  created_at: string;
  reason: string;
  kind: "embedded" | "native";
  server_version: string;
  migrations: string[];
  database: string;
  storage_files: number;
  tables: TableDigest[];
};

export type BackupResult = { file: string; bytes: number; tables: number; rows: number; storageFiles: number };

/**
 * Every table's row count and a digest of its rows, independent of row order: what a restore
 * must reproduce exactly. Tables of every schema but the system's.
 */
export async function databaseDigest(db: Pick<Database, "query">): Promise<TableDigest[]> {
  const tables = await db.query<{ name: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
     order by n.nspname, c.relname`);
  const out: TableDigest[] = [];
  for (const { name } of tables) {
    const [row] = await db.query<{ rows: string | number; digest: string }>(
      `select count(*) as rows, coalesce(md5(string_agg(h, '' order by h)), '') as digest
         from (select md5(t::text) as h from ${name} t) rows`,
    );
    out.push({ table: name, rows: Number(row?.rows ?? 0), digest: row?.digest ?? "" });
  }
  return out;
}

/** Tables whose count or digest differ, as readable lines. */
export function compareDigests(expected: TableDigest[], actual: TableDigest[]): string[] {
  const got = new Map(actual.map((t) => [t.table, t]));
  const problems: string[] = [];
  for (const t of expected) {
    const a = got.get(t.table);
    if (!a) problems.push(`${t.table}: missing`);
    else if (a.rows !== t.rows) problems.push(`${t.table}: ${a.rows} rows, expected ${t.rows}`);
    else if (a.digest !== t.digest) problems.push(`${t.table}: same ${t.rows} rows, different content`);
  }
  for (const a of actual) if (!expected.some((t) => t.table === a.table)) problems.push(`${a.table}: not in the backup`);
  return problems;
}

export function backupsDir(): string {
  return join(paths.state, "backups");
}

/** A UTC time for file names: 20261202-224010. */
export function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** Writes a backup of `db` (and the Storage files in storageDir) and returns where it is. */
export async function createBackup(
  db: Database,
  options: { storageDir?: string | undefined; file?: string | undefined; reason: string },
): Promise<BackupResult> {
  const staging = mkdtempSync(join(tmpdir(), "castmatch-backup-"));
  try {
    const [{ version = "" } = {}] = await db.query<{ version: string }>("select current_setting('server_version') as version");
    const history = await db
      .query<{ version: string; name: string }>("select version, name from supabase_migrations.schema_migrations order by version")
      .catch(() => []);
    let database: string;
    let tables: TableDigest[];
    if (db.pglite) {
      // One consistent picture: no statement or transaction of the API runs while it is taken.
      // (PGlite runs one transaction at a time; inside this one, the checkpoint writes every
      // committed page to the folder the dump reads.)
      const pglite = db.pglite;
      const dump = await pglite.transaction(async (tx) => {
        tables = await databaseDigest({ query: async (sql: string) => (await tx.query(sql)).rows as never[] });
        await tx.exec("checkpoint");
        return pglite.dumpDataDir("gzip");
      });
      database = "pgdata.tar.gz";
      writeFileSync(join(staging, database), Buffer.from(await dump.arrayBuffer()));
    } else {
      database = "database.pgdump";
      tables = await databaseDigest(db);
      const r = spawnSync(pgTool("pg_dump", version), ["--format=custom", "--file", join(staging, database), db.url!], { encoding: "utf8" });
      if (r.status !== 0) throw new SetupError(`pg_dump of ${redactUrl(db.url!)} failed: ${(r.stderr || r.error?.message || "").trim()}`);
    }
    let storageFiles = 0;
    if (options.storageDir && existsSync(options.storageDir)) {
      cpSync(options.storageDir, join(staging, "storage"), { recursive: true });
      storageFiles = countFiles(join(staging, "storage"));
    }
    const manifest: BackupManifest = {
      format: 1,
      created_at: new Date().toISOString(),
      reason: options.reason,
      kind: db.kind,
      server_version: version,
      migrations: history.map((h) => `${h.version}_${h.name}`),
      database,
      storage_files: storageFiles,
      tables: tables!,
    };
    writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    const file = options.file ?? join(backupsDir(), `castmatch-${db.kind}-${stamp()}-${options.reason.replace(/[^a-z0-9]+/gi, "-")}.tar`);
    mkdirSync(join(file, ".."), { recursive: true });
    await tarCreate({ file, cwd: staging, portable: true }, readdirSync(staging));
    return {
      file,
      bytes: statSync(file).size,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      storageFiles,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function readBackupManifest(staging: string): BackupManifest {
  const path = join(staging, "manifest.json");
  if (!existsSync(path)) throw new SetupError("this file is not a CastMatch backup (no manifest.json)");
  const manifest = JSON.parse(readFileSync(path, "utf8")) as BackupManifest;
  if (manifest.format !== 1) throw new SetupError(`backup format ${String(manifest.format)} is not one this version reads`);
  return manifest;
}

export type RestoreResult = { manifest: BackupManifest; moved: string[]; mismatches: string[] };

/**
 * Replaces the database (embedded data folder, or the native database named by databaseUrl,
 * dropped and recreated) and the Storage folder with the backup's, then checks every table's
 * count and digest against the manifest. What was there before is moved aside, not deleted.
 */
export async function restoreBackup(
  file: string,
  target: { databaseUrl?: string | undefined; dataDir: string; storageDir: string },
): Promise<RestoreResult> {
  if (!existsSync(file)) throw new SetupError(`no backup at ${file}`);
  const staging = mkdtempSync(join(tmpdir(), "castmatch-restore-"));
  const moved: string[] = [];
  try {
    await tarExtract({ file, cwd: staging });
    const manifest = readBackupManifest(staging);
    const wantKind = target.databaseUrl ? "native" : "embedded";
    if (manifest.kind !== wantKind) {
      throw new SetupError(`this backup is of an ${manifest.kind} database; restore it with ${manifest.kind === "native" ? "DATABASE_URL set" : "DATABASE_URL unset"}`);
    }
    const aside = (path: string) => {
      if (!existsSync(path)) return;
      const to = `${path}.before-restore-${stamp()}`;
      renameSync(path, to);
      moved.push(to);
    };
    let actual: TableDigest[];
    if (!target.databaseUrl) {
      aside(target.dataDir);
      mkdirSync(target.dataDir, { recursive: true });
      const { PGlite } = await import("@electric-sql/pglite");
      const blob = new Blob([readFileSync(join(staging, manifest.database))]);
      const pg = await PGlite.create({ dataDir: target.dataDir, loadDataDir: blob, extensions: pgliteExtensions });
      try {
        actual = await databaseDigest({ query: async (sql: string) => (await pg.query(sql)).rows as never[] });
      } finally {
        await pg.close();
      }
    } else {
      const url = new URL(target.databaseUrl);
      const name = decodeURIComponent(url.pathname.slice(1)) || "postgres";
      if (name === "postgres") throw new SetupError("refusing to replace the maintenance database `postgres`; point DATABASE_URL at a database of its own");
      url.pathname = "/postgres";
      const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
      let version = "";
      try {
        await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
        await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
        await retryCatalogRace(() => admin.unsafe(rolesSql()).simple());
        version = (await admin`select current_setting('server_version') as v`)[0]?.v as string;
      } finally {
        await admin.end({ timeout: 2 });
      }
      const r = spawnSync(pgTool("pg_restore", version), ["--exit-on-error", "--single-transaction", "--dbname", target.databaseUrl, join(staging, manifest.database)], { encoding: "utf8" });
      if (r.status !== 0) throw new SetupError(`pg_restore into ${redactUrl(target.databaseUrl)} failed: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(0, 3).join(" ")}`);
      const db = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        // pg_dump keeps no database-level settings: Supabase's search path, as bootstrap sets it
        await db.unsafe(`alter database "${name.replaceAll('"', '""')}" set search_path = "$user", public, extensions`);
        actual = await databaseDigest({ query: async (sql: string) => [...(await db.unsafe(sql))] as never[] });
      } finally {
        await db.end({ timeout: 2 });
      }
    }
    aside(target.storageDir);
    if (existsSync(join(staging, "storage"))) {
      mkdirSync(join(target.storageDir, ".."), { recursive: true });
      cpSync(join(staging, "storage"), target.storageDir, { recursive: true });
    }
    return { manifest, moved, mismatches: compareDigests(manifest.tables, actual) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

/** pg_dump / pg_restore of the server's major version or newer: Debian's folders, then PATH. */
export function pgTool(tool: "pg_dump" | "pg_restore", serverVersion: string): string {
  const major = Number.parseInt(serverVersion, 10) || 0;
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).map(Number).filter((v) => v >= major).sort((a, b) => b - a) : [];
  for (const v of majors) {
    const path = join(root, String(v), "bin", tool);
    if (existsSync(path)) return path;
  }
  const which = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new SetupError(`${tool} ${major || ""} is not installed: run \`npm run native:setup\` (or install PostgreSQL's client tools)`);
}

export function describeBackup(result: BackupResult): string {
  const mb = (result.bytes / 1048576).toFixed(1);
  return `${result.file} (${mb} MB: ${result.tables} tables, ${result.rows.toLocaleString("en-IN")} rows, ${result.storageFiles} storage files)`;
}

