// Moving a pre-append-only database's rows into a rebuilt schema (stack/rebuild.ts): every row by
// column name, generated and identity columns, reference rows the new migrations inserted giving
// way to the old ones, sequences continuing, and columns with no place named.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listMigrations, openDatabase, prepareDatabase } from "../../stack/database.ts";
import { copyData } from "../../stack/rebuild.ts";
import { backendName, scratchDatabase } from "../support/backend.ts";

const temp = mkdtempSync(join(tmpdir(), "castmatch-rebuild-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function migrations(sql: string) {
  const dir = mkdtempSync(join(temp, "m-"));
  writeFileSync(join(dir, "20260101000001_schema.sql"), sql);
  return listMigrations(dir);
}

const OLD = `
  create table public.notes (id bigint generated always as identity primary key, body text not null, retired text,
    words tsvector generated always as (to_tsvector('simple', body)) stored);
  create table public.kinds (code text primary key, label text);
  insert into public.kinds values ('a', 'old label A');
  create table public.links (id serial primary key, note_id bigint references public.notes (id));`;
const NEW = `
  create table public.notes (id bigint generated always as identity primary key, body text not null, pinned boolean not null default false,
    words tsvector generated always as (to_tsvector('simple', body)) stored);
  create table public.kinds (code text primary key, label text);
  insert into public.kinds values ('a', 'new label A'), ('b', 'new label B');
  create table public.links (id serial primary key, note_id bigint references public.notes (id));
  create function public.trip() returns trigger language plpgsql as $$ begin raise exception 'triggers are off during the copy'; end $$;
  create trigger trip before insert on public.links for each row execute function public.trip();`;

describe(`moving rows into a rebuilt schema on ${backendName}`, () => {
  it("copies every row by column name, keeps identities and sequences, and names what has no place", async () => {
    const a = await scratchDatabase();
    const b = await scratchDatabase();
    const from = await openDatabase({ databaseUrl: a.databaseUrl });
    const to = await openDatabase({ databaseUrl: b.databaseUrl });
    try {
      await prepareDatabase(from, { migrations: migrations(OLD), seed: false });
      await prepareDatabase(to, { migrations: migrations(NEW), seed: false });
      await from.exec(`
        insert into public.notes (body, retired) select 'note ' || g, 'x' from generate_series(1, 2500) g;
        delete from public.notes where id = 7;
        insert into public.links (note_id) values (1), (2500);
        insert into auth.users (id, email) values ('33333333-3333-4333-8333-333333333333', 'kept@example.test');`);
      const result = await copyData(from, to);
      expect(result.rows).toBe(2499 + 1 + 2 + 1 + (await from.query<{ n: number }>("select count(*)::int as n from auth.identities"))[0]!.n);
      expect(result.skipped).toEqual(["public.notes: columns retired have no place in the new schema"]);
      expect(await to.query("select count(*)::int as n, max(id)::int as top, bool_or(pinned) as pinned from public.notes")).toEqual([{ n: 2499, top: 2500, pinned: false }]);
      expect(await to.query("select count(*)::int as n from public.notes where id = 7")).toEqual([{ n: 0 }]);
      expect(await to.query("select words::text as w from public.notes where id = 12")).toEqual([{ w: "'12':2 'note':1" }]);
      expect(await to.query("select code, label from public.kinds order by code")).toEqual([{ code: "a", label: "old label A" }]);
      expect(await to.query("select email from auth.users")).toEqual([{ email: "kept@example.test" }]);
      // identities and serials continue after the copied rows
      await to.exec("drop trigger trip on public.links; insert into public.notes (body) values ('after'); insert into public.links (note_id) values (1);");
      expect(await to.query("select max(id)::int as id from public.notes")).toEqual([{ id: 2501 }]);
      expect(await to.query("select max(id)::int as id from public.links")).toEqual([{ id: 3 }]);
    } finally {
      await from.close();
      await to.close();
      await a.drop();
      await b.drop();
    }
  }, 300_000); // two embedded databases built from scratch: slow on a busy 2-core machine
});
