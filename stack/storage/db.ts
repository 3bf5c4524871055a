// Database access for the Storage service: every operation is one transaction that runs as
// the caller (role, request.jwt claims and storage.operation set locally, as Supabase's
// Storage API does), so the storage.objects policies decide, on either backend.
import postgres from "postgres";
import type { Database, Row } from "../database.ts";

/** Who a request acts as: the database role and the verified JWT claims. */
export type Caller = {
  role: "anon" | "authenticated" | "service_role";
  sub: string | null;
  claims: Record<string, unknown>;
};

export interface Tx {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface StorageDb {
  /**
   * Runs `fn` in one transaction as `caller` (or as the owner when null). `asOwner` runs first,
   * before the role switch, for the reads the service itself needs (e.g. locking the row an
   * upsert replaces). A throw rolls everything back.
   */
  transaction<T>(caller: Caller | null, operation: string, fn: (tx: Tx) => Promise<T>, asOwner?: (tx: Tx) => Promise<void>): Promise<T>;
  close(): Promise<void>;
}

export function storageDb(database: Database): StorageDb {
  const run = async <T>(tx: Tx, caller: Caller | null, operation: string, fn: (tx: Tx) => Promise<T>, asOwner?: (tx: Tx) => Promise<void>) => {
    if (asOwner) await asOwner(tx);
    if (caller) {
      await tx.query(
        `select set_config('role', $1, true), set_config('request.jwt.claim.role', $1, true),
                set_config('request.jwt.claims', $2, true), set_config('request.jwt.claim.sub', $3, true),
                set_config('storage.operation', $4, true)`,
        [caller.role, JSON.stringify(caller.claims), caller.sub ?? "", operation],
      );
    }
    return fn(tx);
  };

  if (database.pglite) {
    const pglite = database.pglite;
    return {
      transaction: (caller, operation, fn, asOwner) =>
        pglite.transaction((t) =>
          run({ query: async (sql, params) => (await t.query(sql, params)).rows as never }, caller, operation, fn, asOwner),
        ),
      close: async () => {},
    };
  }
  if (!database.url) throw new Error("storage needs an embedded database or a DATABASE_URL");
  // Its own small pool: the stack's admin connection is a single one shared by set-up tasks.
  const sql = postgres(database.url, { max: 4, onnotice: () => {}, connect_timeout: 5, idle_timeout: 30 });
  return {
    transaction: async (caller, operation, fn, asOwner) =>
      (await sql.begin((t) =>
        run(
          { query: async (text, params = []) => [...(await t.unsafe(text, params as postgres.ParameterOrJSON<never>[]))] as never },
          caller,
          operation,
          fn,
          asOwner,
        ),
      )) as Awaited<ReturnType<typeof fn>>,
    close: () => sql.end({ timeout: 1 }),
  };
}

/** The SQLSTATE of a database error from either driver, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
