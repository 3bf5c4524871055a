// Looks for values in every text, jsonb and date column of every table in every schema of the
// test stack's database (its Postgres URL): where, if anywhere, a person's data still lives.
// Simple-protocol statements only: an embedded database is one PGlite session behind the bridge,
// and the API's own extended-protocol statements could otherwise interleave with ours.
import postgres from "postgres";

const literal = (v: string) => `'${v.replaceAll("'", "''")}'`;

/** Runs statements as the database owner on the stack's database URL (simple protocol). */
export async function ownerSql<T = Record<string, unknown>>(dbUrl: string, text: string): Promise<T[]> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    return [...((await sql.unsafe(text).simple()) as unknown as T[])];
  } finally {
    await sql.end();
  }
}

export async function findValues(dbUrl: string, values: string[], dates: string[] = []): Promise<string[]> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const columns = [...((await sql.unsafe(`
      select n.nspname, c.relname, a.attname, a.atttypid = 'date'::regtype as is_date
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and a.attnum > 0 and not a.attisdropped
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
        and a.atttypid in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype, 'json'::regtype,
                           'jsonb'::regtype, 'date'::regtype, 'text[]'::regtype, 'varchar[]'::regtype)`).simple()) as unknown as
      Array<{ nspname: string; relname: string; attname: string; is_date: boolean }>)];
    const patterns = `array[${values.map((v) => literal(`%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)).join(", ")}]::text[]`;
    const days = `array[${dates.map(literal).join(", ")}]::date[]`;
    const findings: string[] = [];
    for (const col of columns) {
      const table = `"${col.nspname.replaceAll('"', '""')}"."${col.relname.replaceAll('"', '""')}"`;
      const column = `"${col.attname.replaceAll('"', '""')}"`;
      const where = col.is_date ? `${column} = any (${days})` : `${column}::text ilike any (${patterns})`;
      const [row] = (await sql.unsafe(`select count(*)::int as n from ${table} where ${where}`).simple()) as unknown as Array<{ n: number }>;
      if (row!.n > 0) findings.push(`${col.nspname}.${col.relname}.${col.attname} (${row!.n})`);
    }
    return findings;
  } finally {
    await sql.end();
  }
}
