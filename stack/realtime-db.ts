// The database as Realtime uses it: queries (the RLS checks and channel authorization) and
// LISTEN/NOTIFY, which carries committed row changes and realtime.send() messages to the server,
// and, on a native database, broadcasts and presence between stacks sharing it.
//   embedded: the stack's own PGlite (its notifications are delivered in this process);
//   native:   a small postgres.js pool of its own, and one listening connection.
import postgres from "postgres";
import type { Database, Row } from "./database.ts";

export interface RealtimeDb {
  readonly kind: "embedded" | "native";
  /** How many queries can usefully run at once (the pool's size; 1 for PGlite). */
  readonly parallel: number;
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** One statement whose inner statements all see one snapshot (an RLS check reads the row,
   *  then reads it as each subscriber: a write committed in between must not split them). */
  snapshotQuery<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
  /** Reads a notification's payload that was too large to travel in it. */
  unspill(payload: string): Promise<string>;
  close(): Promise<void>;
}

/** Concurrent RLS checks on a native database. */
const CHECK_POOL = 4;

export function realtimeDb(database: Database): RealtimeDb {
  if (database.pglite) {
    const db = database.pglite;
    const unlisten: Array<() => Promise<void>> = [];
    return {
      kind: "embedded",
      parallel: 1,
      async query<T extends Row>(sql: string, params: unknown[] = []) {
        return (await db.query<T>(sql, params)).rows;
      },
      // (one session: nothing else commits while a statement runs)
      async snapshotQuery<T extends Row>(sql: string, params: unknown[] = []) {
        return (await db.query<T>(sql, params)).rows;
      },
      async listen(channel, onPayload) {
        unlisten.push(await db.listen(channel, onPayload));
      },
      async notify(channel, payload) {
        await db.query("select _realtime.notify($1, $2)", [channel, payload]);
      },
      unspill: (payload) => unspill(payload, (sql, params) => db.query<{ payload: string }>(sql, params).then((r) => r.rows)),
      async close() {
        for (const u of unlisten) await u().catch(() => {});
      },
    };
  }
  const url = database.url!;
  const sql = postgres(url, { max: CHECK_POOL, onnotice: () => {}, connect_timeout: 5, idle_timeout: 60 });
  return {
    kind: "native",
    parallel: CHECK_POOL,
    async query<T extends Row>(text: string, params: unknown[] = []) {
      return [...(await sql.unsafe<T[]>(text, params as postgres.ParameterOrJSON<never>[]))];
    },
    async snapshotQuery<T extends Row>(text: string, params: unknown[] = []) {
      const rows = await sql.begin("isolation level repeatable read", (tx) => tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]));
      return [...rows] as unknown as T[];
    },
    async listen(channel, onPayload) {
      await sql.listen(channel, onPayload);
    },
    async notify(channel, payload) {
      await sql`select _realtime.notify(${channel}, ${payload})`;
    },
    unspill: (payload) => unspill(payload, (text, params) => sql.unsafe<{ payload: string }[]>(text, params as never[]).then((r) => [...r])),
    async close() {
      await sql.end({ timeout: 1 });
    },
  };
}

async function unspill(payload: string, query: (sql: string, params: unknown[]) => Promise<Array<{ payload: string }>>): Promise<string> {
  if (!payload.startsWith('{"spill"')) return payload;
  const { spill } = JSON.parse(payload) as { spill: number };
  const [row] = await query("select payload from _realtime.spill where id = $1", [spill]);
  if (!row) throw new Error(`realtime: spilled notification ${spill} is gone`);
  return row.payload;
}
