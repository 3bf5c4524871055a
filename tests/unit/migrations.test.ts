// The migration rules and runner pieces that need no database: splitting SQL into statements,
// telling which migrations cannot run in a transaction, the released-migration checks, versions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkMigrations, newMigrationVersion, sealMigrations } from "../../scripts/lib/migrations.ts";
import { lintMigrations } from "../../scripts/lib/migration-lint.ts";
import { needsNoTransaction, splitStatements } from "../../stack/migrate.ts";

const temp = mkdtempSync(join(tmpdir(), "castmatch-migrations-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("splitStatements", () => {
  it("splits at top-level semicolons and keeps strings, identifiers, comments and bodies whole", () => {
    const sql = [
      "-- a comment; with a semicolon",
      "create table \"odd;name\" (v text default 'a;b''c');",
      "select /* block; /* nested; */ still */ E'x\\';y';",
      "create function f() returns int language plpgsql as $body$ begin return 1; end $body$;",
      "create function g() returns int language sql begin atomic select 1; select 2; end;",
      "select $$;$$",
    ].join("\n");
    const statements = splitStatements(sql);
    expect(statements.map((s) => s.line)).toEqual([2, 3, 4, 5, 6]);
    expect(statements[0]!.text).toBe("create table \"odd;name\" (v text default 'a;b''c')");
    expect(statements[1]!.text).toMatch(/^select \/\* block.*still \*\/ E'x\\';y'$/s);
    expect(statements[2]!.text).toMatch(/return 1; end \$body\$$/);
    expect(statements[3]!.text).toMatch(/select 2; end$/);
    expect(statements[4]!.text).toBe("select $$;$$");
  });

  it("finds nothing in a file of comments", () => {
    expect(splitStatements("-- only\n/* comments */\n;\n")).toEqual([]);
  });

  it("tells which migrations must run outside a transaction", () => {
    expect(needsNoTransaction("create index concurrently if not exists i on t (c);")).toBe(true);
    expect(needsNoTransaction("-- why\ncreate unique index concurrently i on t (c);")).toBe(true);
    expect(needsNoTransaction("create index i on t (c); select 'concurrently';")).toBe(false);
  });
});

describe("migration rules", () => {
  function fixture(files: Record<string, string>) {
    const dir = mkdtempSync(join(temp, "m-"));
    for (const [f, sql] of Object.entries(files)) writeFileSync(join(dir, f), sql);
    return { dir, manifest: join(dir, "released.sha256") };
  }

  it("refuses a changed or deleted released migration, and a new one sorted before the last released", () => {
    const { dir, manifest } = fixture({ "20260101000001_a.sql": "select 1;", "20260101000003_b.sql": "select 3;" });
    expect(sealMigrations(dir, manifest)).toBe(2);
    expect(checkMigrations(dir, manifest)).toEqual([]);
    writeFileSync(join(dir, "20260101000001_a.sql"), "select 1; -- edited");
    writeFileSync(join(dir, "20260101000002_late.sql"), "select 2;");
    rmSync(join(dir, "20260101000003_b.sql"));
    const problems = checkMigrations(dir, manifest);
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/20260101000001_a\.sql: a released migration changed/);
    expect(problems.join("\n")).toMatch(/20260101000003_b\.sql: a released migration was deleted/);
    expect(problems.join("\n")).toMatch(/20260101000002_late\.sql: sorts before the released 20260101000003_b\.sql/);
  });

  it("refuses bad names, a version used twice, and `concurrently` mixed with other statements", () => {
    const { dir, manifest } = fixture({
      "20260101000001_ok.sql": "select 1;",
      "20260101000001_twin.sql": "select 1;",
      "2026_bad.sql": "select 1;",
      "20260101000002_mixed.sql": "alter table t add column c int; create index concurrently i on t (c);",
      "20260101000003_alone.sql": "-- its own file\ncreate index concurrently i2 on t (c);",
    });
    const problems = checkMigrations(dir, manifest).join("\n");
    expect(problems).toMatch(/2026_bad\.sql: name it/);
    expect(problems).toMatch(/20260101000001: used by two migrations/);
    expect(problems).toMatch(/20260101000002_mixed\.sql: `concurrently` cannot run in a transaction/);
    expect(problems).not.toMatch(/000003_alone/);
  });

  it("gives new migrations a UTC timestamp after the newest present", () => {
    const { dir } = fixture({ "20990101000000_future.sql": "select 1;" });
    expect(newMigrationVersion(new Date("2026-12-02T21:05:09Z"), fixture({}).dir)).toBe("20261202210509");
    expect(newMigrationVersion(new Date("2026-12-02T21:05:09Z"), dir)).toBe("20990101000001");
  });
});

describe("migration lint (squawk)", () => {
  it("flags what locks or rewrites a large table, and passes what does not", () => {
    const file = join(temp, "20260101000009_lint.sql");
    writeFileSync(file, [
      "create table public.fresh (id bigint primary key, name text);",
      "create index fresh_name on public.fresh (name);",
      "create index talent_name on public.talent_profiles (display_name);",
      "alter table public.talent_profiles alter column display_name type varchar(100);",
      "alter table public.talent_profiles alter column bio set not null;",
      "alter table public.talent_profiles add column token uuid default gen_random_uuid();",
      "",
    ].join("\n"));
    const findings = lintMigrations([file]).join("\n");
    expect(findings).toMatch(/:3: require-concurrent-index-creation/);
    expect(findings).toMatch(/:4: changing-column-type/);
    expect(findings).toMatch(/:5: adding-not-nullable-field/);
    expect(findings).toMatch(/:6: adding-field-with-default/);
    expect(findings).not.toMatch(/:[12]: /);
  });
});
