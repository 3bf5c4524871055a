// A SQL client's transaction and the API's are isolated on both backends. On embedded PGlite, one
// session serves the API and the Postgres wire bridge (SQL tools, after_seed scripts): the bridge
// holds PGlite's transaction lock while its client's transaction is open (patches/edits.mjs,
// pglite-socket-transaction-lock), so an API write waits for it instead of running, and
// committing, inside it.
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { backendName } from "../support/backend.ts";
import { client } from "../support/clients.ts";

const stack = inject("stack");

describe("a SQL client's transaction and the API", () => {
  it("a write the SQL client rolls back stays rolled back while the API writes meanwhile", async () => {
    const sql = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    const service = client(stack.apiUrl, stack.secretKey);
    try {
      const rows = await sql<{ id: string; bio: string | null }[]>`select id, bio from public.talent_profiles order by id limit 2`;
      const [mine, theirs] = [rows[0]!, rows[1]!];
      const marker = `api ${Date.now()}`;
      let apiWrite: PromiseLike<{ error: unknown }> | undefined;
      await sql.begin(async (tx) => {
        await tx`update public.talent_profiles set bio = 'rolled back by the SQL client' where id = ${mine.id}`;
        // The API writes while the transaction is open (not awaited here: on embedded it waits for it).
        apiWrite = Promise.resolve(service.from("talent_profiles").update({ bio: marker }).eq("id", theirs.id).select("id"));
        await new Promise((r) => setTimeout(r, 300));
        await tx`select 1/0`;
      }).catch((error: { code?: string }) => expect(error.code).toBe("22012"));
      expect((await apiWrite!).error).toBeNull();
      const after = await sql<{ id: string; bio: string | null }[]>`select id, bio from public.talent_profiles where id in (${mine.id}, ${theirs.id})`;
      expect(after.find((r) => r.id === mine.id)!.bio).toBe(mine.bio);
      expect(after.find((r) => r.id === theirs.id)!.bio).toBe(marker);
      await sql`update public.talent_profiles set bio = ${theirs.bio} where id = ${theirs.id}`;
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});

describe("several SQL clients at once", () => {
  it("one client's transaction and another's parameterised queries never mix", async () => {
    const first = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    const second = postgres(stack.dbUrl!, { max: 1, onnotice: () => {}, prepare: false });
    try {
      const marker = `bridge ${Date.now()}`;
      let reads: Promise<Array<{ n: number; s: string }[]>> | undefined;
      let during = "";
      const seen = await first.begin(async (tx) => {
        await tx`create temporary table bridge_turns (n int) on commit drop`;
        await tx`insert into bridge_turns values (1)`;
        // unnamed statements (Parse, Bind, Execute, Sync each a message of its own)
        reads = Promise.all(Array.from({ length: 20 }, (_, i) => second<{ n: number; s: string }[]>`select ${i}::int as n, ${marker}::text as s`));
        await new Promise((r) => setTimeout(r, 200));
        during = await Promise.race([reads.then(() => "answered"), new Promise<string>((r) => setTimeout(() => r("waiting"), 100))]);
        await tx`insert into bridge_turns values (2)`;
        return (await tx<{ n: number }[]>`select n from bridge_turns order by n`).map((r) => r.n);
      });
      expect(seen).toEqual([1, 2]);
      // embedded: one session, so the second client waits for the first's transaction; native: it need not
      expect(during).toBe(backendName === "embedded" ? "waiting" : "answered");
      expect((await reads!).map((rows) => `${rows[0]!.n} ${rows[0]!.s}`)).toEqual(Array.from({ length: 20 }, (_, i) => `${i} ${marker}`));
      const mixed = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? first : second)<{ n: number; s: string }[]>`select ${i}::int as n, ${marker}::text as s`));
      expect(mixed.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    } finally {
      await Promise.all([first.end({ timeout: 1 }), second.end({ timeout: 1 })]);
    }
  });

  it("a client that leaves inside a transaction is rolled back, and the next client gets the session", async () => {
    const leaving = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    const next = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await next<{ id: string; bio: string | null }[]>`select id, bio from public.talent_profiles order by id limit 1`;
      await leaving`begin`;
      await leaving`update public.talent_profiles set bio = 'left in a transaction' where id = ${row!.id}`;
      await leaving.end({ timeout: 0 });
      const [after] = await next<{ bio: string | null }[]>`select bio from public.talent_profiles where id = ${row!.id}`;
      expect(after!.bio).toBe(row!.bio);
    } finally {
      await Promise.all([leaving.end({ timeout: 1 }), next.end({ timeout: 1 })]);
    }
  });
});

describe("a SQL client's session settings", () => {
  it("stay with that client: after it leaves, the API and the next client see the stack's own", async () => {
    const before = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    const [expected] = await before<{ user: string; path: string; timeout: string }[]>`
      select current_user as user, current_setting('search_path') as path, current_setting('statement_timeout') as timeout`;
    await before.end({ timeout: 1 });
    const careless = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    await careless.unsafe("set role authenticated; set search_path = pg_catalog; set statement_timeout = '1ms'");
    await careless.end({ timeout: 1 });
    const next = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    try {
      const [seen] = await next<{ user: string; path: string; timeout: string }[]>`
        select current_user as user, current_setting('search_path') as path, current_setting('statement_timeout') as timeout`;
      expect(seen).toEqual(expected);
    } finally {
      await next.end({ timeout: 1 });
    }
    const res = await fetch(`${stack.apiUrl}/rest/v1/talent_profiles?select=id&limit=1`, { headers: { apikey: stack.secretKey, authorization: `Bearer ${stack.secretKey}` } });
    expect(res.status).toBe(200);
  });
});
