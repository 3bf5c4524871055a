// A SQL client's transaction and the API's are isolated on both backends. On embedded PGlite, one
// session serves the API and the Postgres wire bridge (SQL tools, after_seed scripts): the bridge
// holds PGlite's transaction lock while its client's transaction is open (patches/edits.mjs,
// pglite-socket-transaction-lock), so an API write waits for it instead of running, and
// committing, inside it.
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
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
