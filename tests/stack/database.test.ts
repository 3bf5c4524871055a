// Database set-up: bootstrap, migration bookkeeping, seed-once, persistence, and the one-line
// errors a bad DATABASE_URL gets.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { listMigrations, openDatabase, prepareDatabase, SetupError } from "../../stack/database.ts";
import { backendName, scratchDatabase } from "../support/backend.ts";

const temp = mkdtempSync(join(tmpdir(), "castmatch-db-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function fixtureMigrations(files: Record<string, string>) {
  const dir = mkdtempSync(join(temp, "migrations-"));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe(`migrations on ${backendName}`, () => {
  it("applies pending migrations once, records them, and seeds only a fresh database", async () => {
    const scratch = await scratchDatabase();
    const dir = fixtureMigrations({
      "20260101000001_first.sql": "create table public.t1 (id int primary key); alter table public.t1 enable row level security;",
      "20260101000002_second.sql": "insert into public.t1 values (1);",
    });
    const seedFile = join(dir, "seed.sql");
    writeFileSync(seedFile, "insert into public.t1 values (100);");
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    try {
      const first = await prepareDatabase(db, { migrations: listMigrations(dir), seedFile });
      expect(first).toEqual({ applied: ["20260101000001_first", "20260101000002_second"], fresh: true, seeded: true });
      const second = await prepareDatabase(db, { migrations: listMigrations(dir), seedFile });
      expect(second).toEqual({ applied: [], fresh: false, seeded: false });
      expect(await db.query("select id from public.t1 order by id")).toEqual([{ id: 1 }, { id: 100 }]);
      // analysed at once: the planner and talent search see the seeded rows' statistics
      expect(await db.query("select reltuples from pg_class where oid = 'public.t1'::regclass")).toEqual([{ reltuples: 2 }]);
      const history = await db.query("select version, name from supabase_migrations.schema_migrations order by version");
      expect(history).toEqual([
        { version: "20260101000001", name: "first" },
        { version: "20260101000002", name: "second" },
      ]);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it("refuses to run on a database that applied an older version of a migration, and says how to fix it", async () => {
    const scratch = await scratchDatabase();
    const dir = fixtureMigrations({ "20260101000001_first.sql": "create table public.t2 (id int);" });
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    try {
      await prepareDatabase(db, { migrations: listMigrations(dir), seed: false });
      writeFileSync(join(dir, "20260101000001_first.sql"), "create table public.t2 (id int, name text);");
      const error = await prepareDatabase(db, { migrations: listMigrations(dir), seed: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SetupError);
      expect((error as Error).message).toMatch(/^migration 20260101000001_first changed since this database applied it\. Migrations are append-only: put the change in a new migration \(`npm run db:diff -- <name>`\)/);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it("rolls every pending migration back when one fails, and names the migration, line and statement", async () => {
    const scratch = await scratchDatabase();
    const dir = fixtureMigrations({
      "20260101000001_good.sql": "create table public.before_bad (id int);",
      "20260101000002_bad.sql": "-- a comment first\ncreate table public.half (id int);\n\nselect\n  no_such_function();",
    });
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    try {
      const error = await prepareDatabase(db, { migrations: listMigrations(dir), seed: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SetupError);
      expect((error as Error).message).toMatch(
        /^migration 20260101000002_bad failed at line 4 \(select no_such_function\(\)\): .*no_such_function.*; nothing was applied, the database is as it was$/,
      );
      expect(await db.query("select to_regclass('public.half') as a, to_regclass('public.before_bad') as b")).toEqual([{ a: null, b: null }]);
      expect(await db.query("select version from supabase_migrations.schema_migrations")).toEqual([]);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it("backs up a database that holds data before migrating it, and never a new one", async () => {
    const scratch = await scratchDatabase();
    const dir = fixtureMigrations({ "20260101000001_first.sql": "create table public.t3 (id int);" });
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    const calls: string[][] = [];
    const backup = async (pending: { version: string }[]) => {
      calls.push(pending.map((m) => m.version));
      return "/backups/here.tar";
    };
    try {
      const first = await prepareDatabase(db, { migrations: listMigrations(dir), seed: false, backup });
      expect(first.backup).toBeUndefined();
      writeFileSync(join(dir, "20260101000002_second.sql"), "alter table public.t3 add column name text;");
      const second = await prepareDatabase(db, { migrations: listMigrations(dir), seed: false, backup });
      expect(second).toMatchObject({ applied: ["20260101000002_second"], backup: "/backups/here.tar" });
      const third = await prepareDatabase(db, { migrations: listMigrations(dir), seed: false, backup });
      expect(third.backup).toBeUndefined();
      expect(calls).toEqual([["20260101000002"]]);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it("applies a `create index concurrently` migration outside a transaction, after the ones before it", async () => {
    const scratch = await scratchDatabase();
    const dir = fixtureMigrations({
      "20260101000001_table.sql": "create table public.t4 (id int, name text);",
      "20260101000002_index.sql": "-- on its own: concurrently cannot run in a transaction\ncreate index concurrently t4_name on public.t4 (name);",
      "20260101000003_after.sql": "alter table public.t4 add column note text;",
    });
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    try {
      const result = await prepareDatabase(db, { migrations: listMigrations(dir), seed: false });
      expect(result.applied).toEqual(["20260101000001_table", "20260101000002_index", "20260101000003_after"]);
      expect(await db.query("select indexname from pg_indexes where tablename = 't4'")).toEqual([{ indexname: "t4_name" }]);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });
});

describe("set-up errors", () => {
  it("reports an unreachable DATABASE_URL in one line, with the password hidden", async () => {
    const error = await openDatabase({ databaseUrl: "postgresql://me:hunter2@127.0.0.1:1/nowhere" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    const message = (error as Error).message;
    expect(message).toMatch(/^cannot connect to DATABASE_URL \(postgresql:\/\/me:\*\*\*@127\.0\.0\.1:1\/nowhere\)/);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("\n");
  });
});

// Persistence of the data folder is a property of the embedded backend only.
if (backendName === "embedded") describe("embedded data folder", () => {
  it("keeps data across restarts", async () => {
    const dataDir = join(temp, "pgdata");
    mkdirSync(dataDir, { recursive: true });
    const dir = fixtureMigrations({ "20260101000001_keep.sql": "create table public.kept (v text);" });
    const first = await openDatabase({ dataDir });
    await prepareDatabase(first, { migrations: listMigrations(dir), seed: false });
    await first.exec("insert into public.kept values ('still here')");
    await first.close();
    const second = await openDatabase({ dataDir });
    try {
      const again = await prepareDatabase(second, { migrations: listMigrations(dir), seed: false });
      expect(again.applied).toEqual([]);
      expect(await second.query("select v from public.kept")).toEqual([{ v: "still here" }]);
    } finally {
      await second.close();
    }
  });
});

// On native, safeupdate guards the API's sessions (hosted Supabase does the same); its setting is
// superuser-only (PGC_SUSET), so a request running as an API role cannot switch it off.
if (backendName === "native") describe("safeupdate on native", () => {
  it("cannot be switched off by the API roles; a superuser still can", async () => {
    const scratch = await scratchDatabase();
    const dir = fixtureMigrations({
      "20260101000001_t.sql": "create table public.t3 (id int); grant all on public.t3 to anon, authenticated, service_role;",
    });
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl, safeUpdate: true });
    const api = postgres(scratch.databaseUrl!, { max: 1, onnotice: () => {}, connection: { session_preload_libraries: "safeupdate" } });
    // One transaction per attempt, as each API request is: the SQLSTATE it ended with, or "ok".
    const attempt = (role: string | null, ...statements: string[]) =>
      api.begin(async (tx) => {
        if (role) await tx.unsafe(`set local role ${role}`);
        for (const statement of statements) await tx.unsafe(statement);
      }).then(() => "ok", (error: { code?: string }) => error.code ?? String(error));
    try {
      await prepareDatabase(db, { migrations: listMigrations(dir), seed: false });
      const answers: Record<string, string> = {};
      for (const role of ["anon", "authenticated", "service_role"]) {
        answers[`${role}: set`] = await attempt(role, "set safeupdate.enabled = off");
        answers[`${role}: set local`] = await attempt(role, "set local safeupdate.enabled = off");
        answers[`${role}: set_config`] = await attempt(role, "select set_config('safeupdate.enabled', 'off', true)");
        answers[`${role}: delete`] = await attempt(role, "delete from public.t3");
      }
      expect(answers).toEqual({
        "anon: set": "42501", "anon: set local": "42501", "anon: set_config": "42501", "anon: delete": "21000",
        "authenticated: set": "42501", "authenticated: set local": "42501", "authenticated: set_config": "42501", "authenticated: delete": "21000",
        "service_role: set": "42501", "service_role: set local": "42501", "service_role: set_config": "42501", "service_role: delete": "21000",
      });
      // The pool's own (superuser) login, as migrations and the SQL console use it.
      expect(await attempt(null, "delete from public.t3")).toBe("21000");
      expect(await attempt(null, "set local safeupdate.enabled = off", "delete from public.t3")).toBe("ok");
    } finally {
      await api.end();
      await db.close();
      await scratch.drop();
    }
  });
});
