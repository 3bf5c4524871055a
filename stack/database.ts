// One database handle for both backends: embedded PGlite (the default) or a native
// PostgreSQL server reached through DATABASE_URL. Everything above this file (the API,
// migrations, tests) is written once against this interface.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { pgtap } from "@electric-sql/pglite/pgtap";
import { vector } from "@electric-sql/pglite/vector";
import { PGlite } from "@electric-sql/pglite";
import { createPgliteConnection } from "@supabase/lite/pglite";
import { createPostgresConnection } from "@supabase/lite/postgres";
import postgres from "postgres";
import { MIGRATION_HISTORY_SQL, bootstrapSql } from "./bootstrap.ts";
import { applyMigrations, listMigrations, MigrationError, releasedMigrations, type Migration } from "./migrate.ts";
import { paths } from "./config.ts";
import { safeSerializers } from "./query-params.mjs";

type LiteConnection =
  | Awaited<ReturnType<typeof createPgliteConnection>>
  | ReturnType<typeof createPostgresConnection>;

export type Row = Record<string, unknown>;

export interface Database {
  readonly kind: "embedded" | "native";
  /** The connection @supabase/lite serves the API through. */
  readonly connection: LiteConnection;
  /** Runs one or more statements (simple protocol); returns the rows of every result. */
  exec(sql: string): Promise<Row[][]>;
  /** One parameterised statement. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** For native only: the server's URL. Embedded databases get one from the socket bridge. */
  readonly url: string | null;
  /** The PGlite instance behind an embedded database. */
  readonly pglite: PGlite | null;
  /** Native only: how the API's connection pool connects (REST workers open their own). */
  readonly connectionOptions: { url: string; postgresOptions?: Record<string, unknown> } | null;
  close(): Promise<void>;
}

/** A clear one-line error for set-up problems; start-up prints its message, never a stack. */
export class SetupError extends Error {
  override name = "SetupError";
}

/** A database made before migrations became append-only: its data moves to a rebuilt one (stack/rebuild.ts). */
export class LegacyDatabaseError extends SetupError {
  override name = "LegacyDatabaseError";
}

export type OpenOptions = {
  /** Native PostgreSQL URL. Without it, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined keeps the database in memory (tests). */
  dataDir?: string | undefined;
  /** Native only: load safeupdate into the API's sessions (not the admin connection). */
  safeUpdate?: boolean | undefined;
};

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.databaseUrl ? openNative(options.databaseUrl, options.safeUpdate ?? false) : openEmbedded(options.dataDir);
}

// Hosted Supabase sets `session_preload_libraries = 'safeupdate'` on its API login role
// (authenticator), so every PostgREST session refuses UPDATE/DELETE without WHERE while
// migrations and the SQL editor (other roles) do not. Here the API's sessions are
// @supabase/lite's connection pool, which logs in as the URL's user like our migrations and
// SQL console do: the library is therefore named in the startup packet of the pool's
// connections only.
const SAFEUPDATE_SESSION = { session_preload_libraries: "safeupdate" };

// The API's pool (postgres.js defaults to 10). Requests that wait on a row lock hold their
// connection: when 300 invited talent race for audition seats (bench:casting-call), ten of them
// waiting on a slot's row took every connection and everyone else queued behind them (submit p99
// 1.3 s; with 20 connections 0.4 s, on a quiet machine).
export const API_POOL = 20;

/** The extensions every embedded database loads (a restore opens the data folder with them too). */
export const pgliteExtensions = { vector, pgtap, pg_trgm, btree_gist };

// PGlite's data folder is PostgreSQL's, bound to one major version: PGlite 0.4.5 (pinned exactly,
// with the version @supabase/lite pins) is PostgreSQL 17. A PGlite of another major cannot open
// this folder; moving to one means a logical export (docs/operations.md), so refuse clearly
// rather than let PostgreSQL fail deep inside WebAssembly.
const PGLITE_PG_MAJOR = "17";

async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const folderMajor = dataDir && existsSync(join(dataDir, "PG_VERSION")) ? readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim() : null;
  if (folderMajor && folderMajor !== PGLITE_PG_MAJOR) {
    throw new SetupError(
      `the embedded database in ${dataDir} was made by PostgreSQL ${folderMajor}; this PGlite runs PostgreSQL ${PGLITE_PG_MAJOR}. ` +
        "Keep using the release that made it; moving between PostgreSQL majors is described in docs/operations.md",
    );
  }
  const connection = await createPgliteConnection({
    ...(dataDir ? { url: dataDir } : {}),
    pgliteOptions: {
      extensions: pgliteExtensions,
      // PGlite's default 128 MB of shared buffers would hold a demo database many times over and
      // costs ~90 MB of memory (measured); CASTMATCH_PGLITE_SHARED_BUFFERS sets another size.
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${process.env.CASTMATCH_PGLITE_SHARED_BUFFERS || "32MB"}`],
    },
  });
  const db = connection.driver;
  await db.waitReady;
  db.serializers = safeSerializers(db.serializers);
  return {
    kind: "embedded",
    connection,
    url: null,
    pglite: db,
    connectionOptions: null,
    async exec(sql) {
      const results = await db.exec(sql);
      return results.map((r) => r.rows as Row[]);
    },
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async close() {
      await connection.close();
    },
  };
}

async function openNative(url: string, safeUpdate: boolean): Promise<Database> {
  const admin = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    throw new SetupError(`cannot connect to DATABASE_URL (${redactUrl(url)}): ${(error as Error).message}`);
  }
  const [available] = await admin<{ ok: boolean }[]>`
    select exists (select 1 from pg_available_extensions where name = 'vector') as ok`;
  if (!available?.ok) {
    await admin.end({ timeout: 1 });
    throw new SetupError(
      `the PostgreSQL server at ${redactUrl(url)} has no pgvector extension; run \`npm run native:setup\` or install pgvector`,
    );
  }
  if (safeUpdate) {
    const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5, connection: SAFEUPDATE_SESSION });
    const problem = await probe`select 1`.then(() => null, (error: Error) => error.message);
    await probe.end({ timeout: 1 }).catch(() => {});
    if (problem) {
      await admin.end({ timeout: 1 });
      throw new SetupError(
        `the PostgreSQL server at ${redactUrl(url)} cannot load safeupdate (${problem}); run \`npm run native:setup\`, ` +
          "or set [api] pg_safe_update = false in supabase/config.toml",
      );
    }
  }
  const connectionOptions = { url, postgresOptions: { max: API_POOL, ...(safeUpdate ? { connection: SAFEUPDATE_SESSION } : {}) } };
  const connection = createPostgresConnection(connectionOptions);
  connection.driver.options.serializers = safeSerializers(connection.driver.options.serializers);
  return {
    kind: "native",
    connection,
    url,
    pglite: null,
    connectionOptions,
    async exec(sql) {
      const results = (await admin.unsafe(sql).simple()) as unknown;
      // postgres.js returns one result for a single statement and an array of results for several.
      const list = Array.isArray(results) && Array.isArray(results[0]) ? results : [results];
      return (list as Row[][]).map((r) => [...r]);
    },
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      return [...(await admin.unsafe<T[]>(sql, params as postgres.ParameterOrJSON<never>[]))];
    },
    async close() {
      await Promise.all([connection.close(), admin.end({ timeout: 2 })]);
    },
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

export { listMigrations, type Migration } from "./migrate.ts";

export type PrepareResult = {
  applied: string[];
  fresh: boolean;
  seeded: boolean;
  /** Where the backup taken before migrating existing data is. */
  backup?: string | undefined;
  /** A pre-append-only database whose data moved to a rebuilt one: where the old folder is kept. */
  rebuilt?: { kept: string; tables: number; rows: number; skipped: string[] } | undefined;
};

export type PrepareOptions = {
  seed?: boolean;
  migrations?: Migration[];
  seedFile?: string;
  /**
   * Takes a backup before pending migrations change a database that already holds data, and
   * returns where it is; `false` skips it (scratch databases, tests).
   */
  backup?: false | ((pending: Migration[]) => Promise<string>);
};

/**
 * Runs cluster-wide catalog changes (roles, their settings and memberships) again when another
 * database of the same server changed the same rows at that moment: PostgreSQL then fails the
 * later one ("tuple concurrently updated"). Two stacks starting together on one server do that.
 * The statements are idempotent and run as one transaction, so a retry is safe.
 */
export async function retryCatalogRace<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const message = (error as Error).message ?? "";
      if (attempt >= 5 || !/tuple concurrently (updated|deleted)|deadlock detected/.test(message)) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
    }
  }
}

/**
 * Bootstraps the Supabase roles and schemas, applies pending migrations (recorded in
 * supabase_migrations.schema_migrations as the Supabase CLI does) and loads the seed
 * when the database was empty. A database that holds data is backed up first.
 */
export async function prepareDatabase(db: Database, options: PrepareOptions = {}): Promise<PrepareResult> {
  await retryCatalogRace(() => db.exec(bootstrapSql()));
  await db.exec(MIGRATION_HISTORY_SQL);
  const history = await db.query<{ version: string; statements: string[] | null }>(
    "select version, statements from supabase_migrations.schema_migrations",
  );
  // We record a migration as one statement; the Supabase CLI splits it, so only our own
  // records can be compared with the file.
  const done = new Map(history.map((r) => [r.version, r.statements?.length === 1 ? r.statements[0]! : null]));
  const fresh = done.size === 0;
  const migrations = options.migrations ?? listMigrations();
  // Migrations are append-only: one that changed after this database applied it was edited in
  // place (an unreleased migration a developer is still writing), which no later start can repair.
  const changed = migrations.filter((m) => {
    const recorded = done.get(m.version);
    return recorded != null && recorded !== readFileSync(m.file, "utf8");
  });
  const released = releasedMigrations();
  if (changed.length && changed.every((m) => released.has(`${m.version}_${m.name}.sql`))) {
    throw new LegacyDatabaseError(
      `this database was made before migrations became append-only (it applied earlier texts of ${changed.map((m) => `${m.version}_${m.name}`).join(", ")}); ` +
        (db.kind === "embedded"
          ? "its data must move to a rebuilt database"
          : "on native PostgreSQL, back it up (`npm run db:backup`), start with an empty DATABASE_URL, and copy the data across (docs/operations.md)"),
    );
  }
  if (changed.length) {
    throw new SetupError(
      `migration ${changed.map((m) => `${m.version}_${m.name}`).join(", ")} changed since this database applied it. ` +
        "Migrations are append-only: put the change in a new migration (`npm run db:diff -- <name>`) and restore the file " +
        "(`git checkout -- supabase/migrations`), or rebuild a local database you can lose with `npm run db:reset`",
    );
  }
  const pending = migrations.filter((m) => !done.has(m.version));
  let backup: string | undefined;
  if (!fresh && pending.length && options.backup) backup = await options.backup(pending);
  let applied: string[];
  try {
    applied = await applyMigrations(db, pending);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    throw new SetupError(`${error.message}${backup ? `; a backup taken just before is at ${backup}` : ""}`);
  }
  let seeded = false;
  const seedFile = options.seedFile ?? paths.seed;
  if (fresh && (options.seed ?? true) && existsSync(seedFile)) {
    await inTransaction(db, readFileSync(seedFile, "utf8"), "seed");
    seeded = true;
  }
  // Statistics at once, rather than at autovacuum's first pass a minute or more later: the planner
  // and talent search read them (private.rare_words_query's word frequencies,
  // private.vector_search_plan's row estimates). Without them a new database's first searches
  // look up every word of the query and walk the vector index with the longest search list.
  if (applied.length || seeded) await db.exec("analyze");
  return { applied, fresh, seeded, ...(backup ? { backup } : {}) };
}

/** Writes supabase/config.toml's write-safety numbers into the database, where the triggers read them. */
export async function applySafetySettings(db: Database, settings: { maxAffectedRows?: number | undefined; archiveRetentionDays?: number | undefined }) {
  const { maxAffectedRows, archiveRetentionDays } = settings;
  if (maxAffectedRows === undefined && archiveRetentionDays === undefined) return;
  try {
    await db.query(
      `update private.safety_settings
          set max_affected_rows = coalesce($1::integer, max_affected_rows),
              archive_retention_days = coalesce($2::integer, archive_retention_days)
        where singleton`,
      [maxAffectedRows ?? null, archiveRetentionDays ?? null],
    );
  } catch (error) {
    throw new SetupError(`supabase/config.toml [castmatch]: ${(error as Error).message}`);
  }
}

async function inTransaction(db: Database, sql: string, what: string): Promise<void> {
  try {
    await db.exec(`begin;\n${sql}\n;\ncommit;`);
  } catch (error) {
    await db.exec("rollback").catch(() => {});
    throw new SetupError(`${what} failed: ${(error as Error).message}`);
  }
}
