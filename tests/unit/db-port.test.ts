// The embedded database's Postgres port (stack/db-port.ts and the pglite-socket edit): SQL
// clients take turns on PGlite's one session; one idling inside a transaction is ended after the
// idle limit, its work rolled back, so it cannot hold the API forever.
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDbPort, type DbPort } from "../../stack/db-port.ts";

let pglite: PGlite;
let port: DbPort;
const IDLE_MS = 400;

beforeAll(async () => {
  pglite = new PGlite();
  await pglite.exec("create table t (id int primary key, v text); insert into t values (1, 'before')");
  port = await startDbPort(pglite, { port: 0, idleInTransactionMs: IDLE_MS });
});
afterAll(async () => {
  await port?.stop();
  await pglite?.close();
});

const connect = () => postgres(port.url, { max: 1, onnotice: () => {} });

describe("the embedded database's port", () => {
  it("ends a client idle in a transaction after the limit, rolls its work back, and lets everyone else go on", async () => {
    const idle = connect();
    const other = connect();
    try {
      let updated!: () => void;
      const inTransaction = new Promise<void>((r) => (updated = r));
      const outcome = idle.begin(async (tx) => {
        await tx`update t set v = 'never committed' where id = 1`;
        updated();
        await new Promise((r) => setTimeout(r, IDLE_MS * 4)); // idle inside the transaction
        await tx`select 1`;
      }).then(() => "committed", (error: { code?: string; message: string }) => error.code ?? error.message);
      await inTransaction;
      const t0 = Date.now();
      // an in-process query and another client wait for the session...
      const inProcess = pglite.query<{ v: string }>("select v from t where id = 1");
      const [seen] = await other<{ v: string }[]>`select v from t where id = 1`;
      expect(Date.now() - t0).toBeGreaterThanOrEqual(IDLE_MS - 50);
      // ...and get it once the idle client is ended, without its update
      expect(seen!.v).toBe("before");
      expect((await inProcess).rows[0]!.v).toBe("before");
      // the connection is closed (after a FATAL 25P03, PostgreSQL's own answer, that postgres.js
      // reports as the close since no query of the client's was running)
      expect(await outcome).toMatch(/^(25P03|CONNECTION_CLOSED)$/);
    } finally {
      await Promise.all([idle.end({ timeout: 1 }), other.end({ timeout: 1 })]);
    }
  });

  it("does not end a client that is busy inside a transaction, however long it takes", async () => {
    const busy = connect();
    try {
      const result = await busy.begin(async (tx) => {
        await tx`update t set v = 'committed' where id = 1`;
        await tx`select pg_sleep(${(IDLE_MS * 2) / 1000})`;
        return tx<{ v: string }[]>`select v from t where id = 1`;
      });
      expect(result[0]!.v).toBe("committed");
      expect((await pglite.query<{ v: string }>("select v from t where id = 1")).rows[0]!.v).toBe("committed");
    } finally {
      await busy.end({ timeout: 1 });
    }
  });

  it("puts the session's settings back when a client leaves", async () => {
    const before = (await pglite.query<{ p: string }>("select current_setting('search_path') as p")).rows[0]!.p;
    const careless = connect();
    await careless.unsafe("set search_path = pg_catalog; set role pg_read_all_data");
    await careless.end({ timeout: 1 });
    const now = await pglite.query<{ p: string; u: string }>("select current_setting('search_path') as p, current_user as u");
    expect(now.rows[0]).toEqual({ p: before, u: "postgres" });
  });
});
