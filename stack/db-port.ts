// The embedded database's Postgres port (npm start's DB_URL): SQL tools, after_seed scripts and
// functions' SUPABASE_DB_URL reach the one PGlite session through @electric-sql/pglite-socket,
// with the edits in patches/edits.mjs (pglite-socket-transaction-lock): clients take turns on the
// session, each from its first message to a sync point outside a transaction.
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** SQL clients the port accepts at once (pglite-socket's default is one: a second was reset). */
const CLIENTS = 32;

/** How long a client may sit idle inside a transaction, holding the session (and so the API),
 *  before it is ended, as PostgreSQL's idle_in_transaction_session_timeout does. */
export const IDLE_IN_TRANSACTION_MS = 60_000;

export type DbPort = { url: string; stop(): Promise<void> };

// What the edits add to pglite-socket's query queue and connection handlers.
type Queue = { castmatchReset: string; castmatchIdleMs: number; castmatchEnd: (handlerId: number) => void };
type Handler = { id: number; socket: { write(data: Uint8Array): boolean } | null; detach(close?: boolean): Promise<unknown> };

export async function startDbPort(pglite: PGlite, options: { port: number; idleInTransactionMs?: number }): Promise<DbPort> {
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: options.port, maxConnections: CLIENTS });
  const internals = server as unknown as { queryQueue: Queue; handlers: Set<Handler> };
  // What a leaving client runs last: the session's settings as the stack left them, so a
  // client's SET ROLE or search_path does not stay with the API.
  internals.queryQueue.castmatchReset = await sessionReset(pglite);
  await server.start();
  internals.queryQueue.castmatchIdleMs = options.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS;
  internals.queryQueue.castmatchEnd = (id) => {
    for (const handler of internals.handlers) {
      if (handler.id !== id) continue;
      handler.socket?.write(fatal("25P03", "terminating connection due to idle-in-transaction timeout"));
      void handler.detach(true);
    }
  };
  const port = server.getServerConn().split(":").pop();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`, stop: () => server.stop() };
}

/** SQL that puts the session's settings back to what they are now. */
async function sessionReset(pglite: PGlite): Promise<string> {
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const { rows } = await pglite.query<{ name: string; setting: string }>(
    "select name, setting from pg_settings where source = 'session' and name not in ('role', 'session_authorization')");
  return ["set session authorization default", "reset all", "reset role", ...rows.map((r) => `select set_config(${quote(r.name)}, ${quote(r.setting)}, false)`)].join(";\n");
}

/** A protocol ErrorResponse of severity FATAL (the server then closes the connection). */
function fatal(code: string, message: string): Uint8Array {
  const fields = ["SFATAL", "VFATAL", `C${code}`, `M${message}`].map((f) => `${f}\0`).join("") + "\0";
  const body = new TextEncoder().encode(fields);
  const out = new Uint8Array(5 + body.length);
  out[0] = 69; // 'E'
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}
