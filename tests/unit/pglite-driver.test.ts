// lite's PGlite driver runs a whole transaction under PGlite's transaction lock
// (patches/edits.mjs, lite-pglite-transaction-lock). PGlite is one session: without the lock,
// concurrent transactions ran inside each other, so one failing statement aborted everyone's
// transaction and one transaction's COMMIT committed another's writes.
import { createPgliteConnection } from "@supabase/lite/pglite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Connection = Awaited<ReturnType<typeof createPgliteConnection>>;
let connection: Connection;

beforeAll(async () => {
  connection = await createPgliteConnection({});
  await sql`create table t (id int primary key, who text)`.execute(connection.kysely);
});
afterAll(async () => {
  await connection.close();
});

describe("lite's PGlite driver: concurrent transactions on the one session", () => {
  it("each transaction commits or rolls back alone while 200 run at once, a third of them failing", async () => {
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      connection.kysely.transaction().execute(async (tx) => {
        await sql`/* pipelined */ select set_config('app.who', ${`tx ${i}`}, true)`.execute(tx);
        await sql`insert into t values (${i}, current_setting('app.who'))`.execute(tx);
        if (i % 3 === 0) await sql`select 1/0`.execute(tx);
        const mine = await sql<{ who: string }>`select current_setting('app.who') as who`.execute(tx);
        return mine.rows[0]!.who;
      }).then((who) => ({ i, who, error: null }), (error: Error) => ({ i, who: null, error: error.message }))));
    // the failures are the division by zero, and only those
    expect(outcomes.filter((o) => o.error).map((o) => `${o.i}: ${o.error}`)).toEqual(
      outcomes.filter((o) => o.i % 3 === 0).map((o) => `${o.i}: division by zero`));
    // every other transaction saw its own settings, never another's
    for (const o of outcomes.filter((x) => !x.error)) expect(o.who).toBe(`tx ${o.i}`);
    const rows = (await sql<{ id: number; who: string }>`select id, who from t order by id`.execute(connection.kysely)).rows;
    expect(rows.map((r) => r.id)).toEqual(outcomes.filter((o) => !o.error).map((o) => o.i));
    expect(rows.every((r) => r.who === `tx ${r.id}`)).toBe(true);
  });

  it("a statement outside a transaction waits for an open one rather than joining it", async () => {
    let outside: Promise<unknown> | undefined;
    await connection.kysely.transaction().execute(async (tx) => {
      await sql`insert into t values (1000, 'rolled back')`.execute(tx);
      outside = sql`insert into t values (1001, 'outside')`.execute(connection.kysely);
      await new Promise((r) => setTimeout(r, 50));
      await sql`select 1/0`.execute(tx);
    }).catch(() => {});
    await outside;
    const rows = (await sql<{ id: number }>`select id from t where id >= 1000 order by id`.execute(connection.kysely)).rows;
    expect(rows.map((r) => r.id)).toEqual([1001]);
  });
});
