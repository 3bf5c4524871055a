// Databases made before migrations became append-only (before the baseline, 94cc1eb) applied
// earlier texts of the baseline's migrations, regenerated in place as sql/ changed. No migration
// can take such a schema forward, so the data moves instead: a new database is built from the
// baseline migrations, every row of every table is copied into it by column name (triggers and
// foreign-key checks off, as a restore does), sequences follow, and then the usual upgrade applies
// the newer migrations. The old folder is kept beside the new one, untouched.
import { existsSync, renameSync, rmSync } from "node:fs";
import type { Database, Migration, Row } from "./database.ts";

/** Schemas the copy leaves alone: the system's, and the migration history the new database keeps. */
const SKIP_SCHEMAS = ["pg_catalog", "information_schema", "supabase_migrations", "pg_toast"];
const CHUNK = 2000;

type Column = { name: string; generated: boolean };

async function tablesOf(db: Database): Promise<Map<string, Column[]>> {
  const rows = await db.query<{ t: string; c: string; g: boolean }>(`
    select format('%I.%I', n.nspname, c.relname) as t, a.attname as c, a.attgenerated <> '' as g
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relkind in ('r', 'p') and not c.relispartition
       and n.nspname <> all ($1::text[]) and n.nspname !~ '^pg_'
       and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
     order by 1, a.attnum`, [SKIP_SCHEMAS]);
  const out = new Map<string, Column[]>();
  for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), { name: r.c, generated: r.g }]);
  return out;
}

export type CopyResult = { tables: number; rows: number; skipped: string[] };

/** Copies every row of `from` into the same tables of `to` (which the caller built empty of user data). */
export async function copyData(from: Database, to: Database): Promise<CopyResult> {
  const source = await tablesOf(from);
  const target = await tablesOf(to);
  const skipped: string[] = [];
  let tables = 0;
  let rows = 0;
  await to.exec("begin; set local session_replication_role = replica;");
  try {
    for (const [table, columns] of target) {
      const have = source.get(table);
      if (!have) continue;
      const names = new Set(have.filter((c) => !c.generated).map((c) => c.name));
      const common = columns.filter((c) => !c.generated && names.has(c.name)).map((c) => `"${c.name.replaceAll('"', '""')}"`);
      const lost = have.filter((c) => !c.generated && !columns.some((t) => t.name === c.name)).map((c) => c.name);
      if (lost.length) skipped.push(`${table}: columns ${lost.join(", ")} have no place in the new schema`);
      // the new database's own rows (reference data its migrations insert) give way to the old's
      await to.exec(`delete from ${table}`);
      if (!common.length) continue;
      tables++;
      for (let offset = 0; ; offset += CHUNK) {
        const batch = await from.query<{ r: unknown }>(
          `select coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) as r from (select ${common.join(", ")} from ${table} order by ctid limit ${CHUNK} offset ${offset}) t`,
        );
        const json = batch[0]?.r;
        const list = (typeof json === "string" ? JSON.parse(json) : json) as Row[];
        if (!list.length) break;
        await to.query(
          `insert into ${table} (${common.join(", ")}) overriding system value
           select ${common.join(", ")} from jsonb_populate_recordset(null::${table}, $1::text::jsonb)`,
          [JSON.stringify(list)],
        );
        rows += list.length;
        if (list.length < CHUNK) break;
      }
    }
    // sequences continue where the old database's stood
    const sequences = await from.query<{ s: string; v: string | number; called: boolean }>(`
      select format('%I.%I', schemaname, sequencename) as s, coalesce(last_value, start_value) as v, last_value is not null as called
        from pg_sequences where schemaname <> all ($1::text[])`, [SKIP_SCHEMAS]);
    for (const q of sequences) {
      await to.query("select setval(to_regclass($1), $2, $3) where to_regclass($1) is not null", [q.s, q.v, q.called]);
    }
    await to.exec("commit");
  } catch (error) {
    await to.exec("rollback").catch(() => {});
    throw error;
  }
  return { tables, rows, skipped };
}

/** Released baseline migrations whose recorded text differs from the file. */
export function legacyMigrations(migrations: Migration[], recorded: Map<string, string | null>, read: (m: Migration) => string, released: Set<string>): Migration[] {
  return migrations.filter((m) => {
    const text = recorded.get(m.version);
    return text != null && released.has(`${m.version}_${m.name}.sql`) && text !== read(m);
  });
}

/** Puts the rebuilt folder in place of the old one, which is kept beside it; returns where. */
export function swapDataDirs(dataDir: string, rebuilt: string, stamp: string): string {
  const kept = `${dataDir}.before-upgrade-${stamp}`;
  renameSync(dataDir, kept);
  renameSync(rebuilt, dataDir);
  return kept;
}

export function discard(dir: string) {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
