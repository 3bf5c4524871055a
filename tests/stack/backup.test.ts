// Backups: backup, destroy, restore, and every table's row count and content digest match, with
// the Storage files back beside them (embedded: PGlite's data-folder dump; native: pg_dump).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareDigests, createBackup, databaseDigest, restoreBackup } from "../../stack/backup.ts";
import { listMigrations, openDatabase, prepareDatabase, type Database } from "../../stack/database.ts";
import { backendName, scratchDatabase } from "../support/backend.ts";

const temp = mkdtempSync(join(tmpdir(), "castmatch-backup-test-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const MIGRATIONS = {
  "20260101000001_app.sql": `
    create table public.casting_notes (id bigserial primary key, body text not null, tags text[], at timestamptz default now());
    alter table public.casting_notes enable row level security;
    create schema private;
    create table private.secrets (k text primary key, v jsonb);`,
};

async function fill(db: Database) {
  await db.exec(`
    insert into auth.users (id, email, phone, raw_user_meta_data)
      values ('11111111-1111-4111-8111-111111111111', 'asha@example.test', null, '{"name": "आशा"}'),
             ('22222222-2222-4222-8222-222222222222', null, '919820011223', '{}');
    insert into public.casting_notes (body, tags) select 'note ' || g || ' — नमस्ते', array['a', 'b' || g] from generate_series(1, 250) g;
    insert into private.secrets values ('x', '{"deep": [1, 2, {"y": null}]}');
    insert into storage.buckets (id, name, public) values ('headshots', 'headshots', false);
    insert into storage.objects (bucket_id, name, owner) values ('headshots', 'asha/front.jpg', '11111111-1111-4111-8111-111111111111');`);
}

describe(`backup and restore on ${backendName}`, () => {
  it("restores every schema and the Storage files exactly, moving what was there aside", async () => {
    const scratch = await scratchDatabase();
    const dir = mkdtempSync(join(temp, "case-"));
    const migrations = join(dir, "migrations");
    mkdirSync(migrations);
    for (const [f, sql] of Object.entries(MIGRATIONS)) writeFileSync(join(migrations, f), sql);
    const dataDir = join(dir, "pgdata");
    const storageDir = join(dir, "storage");
    mkdirSync(join(storageDir, "headshots", "asha"), { recursive: true });
    writeFileSync(join(storageDir, "headshots", "asha", "front.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));

    const db = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir });
    let before;
    let backup;
    try {
      await prepareDatabase(db, { migrations: listMigrations(migrations), seed: false });
      await fill(db);
      before = await databaseDigest(db);
      backup = await createBackup(db, { storageDir, reason: "test", file: join(dir, "backup.tar") });
      // destroy: rows and files the restore must bring back, and one it must not keep
      await db.exec("delete from public.casting_notes where id % 2 = 0; delete from auth.users; insert into private.secrets values ('late', null);");
    } finally {
      await db.close();
    }
    rmSync(join(storageDir, "headshots"), { recursive: true });
    writeFileSync(join(storageDir, "stray.txt"), "not in the backup");

    expect(backup.tables).toBe(before.length);
    expect(backup.rows).toBe(before.reduce((n, t) => n + t.rows, 0));
    expect(backup.storageFiles).toBe(1);

    const result = await restoreBackup(backup.file, { databaseUrl: scratch.databaseUrl, dataDir, storageDir });
    try {
      expect(result.mismatches).toEqual([]);
      expect(result.manifest.migrations).toEqual(["20260101000001_app"]);
      expect(readFileSync(join(storageDir, "headshots", "asha", "front.jpg"))).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
      expect(existsSync(join(storageDir, "stray.txt"))).toBe(false);
      // what was there is moved aside, never deleted
      expect(result.moved.some((m) => existsSync(join(m, "stray.txt")))).toBe(true);

      const again = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir });
      try {
        expect(compareDigests(before, await databaseDigest(again))).toEqual([]);
        expect(await again.query("select count(*)::int as n, min(body) as first from public.casting_notes")).toEqual([{ n: 250, first: "note 1 — नमस्ते" }]);
        expect(await again.query("select email, phone from auth.users order by email nulls last")).toEqual([
          { email: "asha@example.test", phone: null },
          { email: null, phone: "919820011223" },
        ]);
        expect(await again.query("select name from storage.objects")).toEqual([{ name: "asha/front.jpg" }]);
        // the restored database takes new migrations as any other
        const later = join(migrations, "20260101000002_later.sql");
        writeFileSync(later, "alter table public.casting_notes add column pinned boolean not null default false;");
        const next = await prepareDatabase(again, { migrations: listMigrations(migrations), seed: false });
        expect(next.applied).toEqual(["20260101000002_later"]);
      } finally {
        await again.close();
      }
    } finally {
      await scratch.drop();
    }
  }, 300_000); // an embedded database built, dumped and loaded again: slow on a busy 2-core machine

  it("tells the digests apart when a row changes but the count does not", () => {
    const a = [{ table: "public.t", rows: 2, digest: "x" }];
    expect(compareDigests(a, [{ table: "public.t", rows: 2, digest: "y" }])).toEqual(["public.t: same 2 rows, different content"]);
    expect(compareDigests(a, [{ table: "public.t", rows: 3, digest: "x" }])).toEqual(["public.t: 3 rows, expected 2"]);
    expect(compareDigests(a, [])).toEqual(["public.t: missing"]);
  });
});
