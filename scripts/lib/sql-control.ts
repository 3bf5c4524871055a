// The direct-SQL control for bench:api: the statements @supabase/lite runs for a REST request
// (its role and claims settings and its query, with the same parameters), sent straight through a
// connection pool with no HTTP and no REST layer. Its throughput is the ceiling for any REST
// layer on this machine and database.
//
// Run as a child process with a ControlSpec on stdin; prints a ControlResult. The statements are
// captured by sending each request once through a lite App configured as the stack's, on the same
// database (native: the same URL; embedded: the stack's data folder, after the stack stopped: a
// PGlite folder must never be open in two processes). Replay, per request:
//   native:   BEGIN, the captured statements and COMMIT pipelined on one pooled connection (one
//             write, as PostgREST pipelines them);
//   embedded: the captured statements in one PGlite transaction (its single session).
import { App } from "@supabase/lite";
import { createPostgresConnection } from "@supabase/lite/postgres";
import postgres from "postgres";
import { openDatabase, type Database } from "../../stack/database.ts";
import { liteAppConfig } from "../../stack/rest.ts";
import type { Keys } from "../../stack/config.ts";
import { percentile } from "./bench.ts";
import type { LoadRequest } from "./http-load.ts";
import { runJsonChild, serveJsonChild } from "./json-child.ts";
import { processesCpuMs } from "./proc-cpu.ts";

export type ControlSpec = {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  keys: Keys;
  requests: Array<{ name: string; request: LoadRequest }>;
  connections: number[];
  seconds: number;
  warmupSeconds: number;
  /** Pool size for the native control (lite's pools hold 10 each). */
  poolMax?: number;
};
export type Statement = { sql: string; params: unknown[] };
export type ControlPoint = {
  name: string; connections: number; requests: number; rps: number; p50: number; p95: number; p99: number; errors: number;
  /** CPU ms per request of the control's own process (the client side: pool, protocol, and PGlite itself when embedded). */
  clientCpuMsPerRequest: number;
  /** Native: CPU ms per request of the PostgreSQL backends serving the control. */
  postgresCpuMsPerRequest: number | null;
};
export type ControlResult = { statements: Record<string, Statement[]>; points: ControlPoint[] };

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|start transaction)\b/i;

async function capture(spec: ControlSpec, database: Database | null): Promise<Record<string, Statement[]>> {
  let recording: Statement[] | null = null;
  const record = (sql: string, params: unknown[]) => recording?.push({ sql, params });
  let connection;
  if (database?.pglite) {
    const pglite = database.pglite;
    const query = pglite.query.bind(pglite);
    pglite.query = ((sql: string, params?: unknown[], options?: unknown) => {
      record(sql, params ?? []);
      return query(sql, params, options as never);
    }) as typeof pglite.query;
    // lite's PGlite driver runs BEGIN, its settings (literals inlined) and COMMIT through exec
    const exec = pglite.exec.bind(pglite);
    pglite.exec = ((sql: string, options?: unknown) => {
      for (const part of sql.split(";\n")) record(part, []);
      return exec(sql, options as never);
    }) as typeof pglite.exec;
    connection = database.connection;
  } else {
    connection = createPostgresConnection({
      url: spec.databaseUrl!,
      postgresOptions: { max: 1, debug: (_id: number, sql: string, params: unknown[]) => record(sql, params) },
    });
  }
  const config = liteAppConfig(spec.keys, { pgSafeUpdate: true, embedded: !!database?.pglite });
  const app = new App({ connection, ...config } as ConstructorParameters<typeof App>[0]);
  await app.init();
  const out: Record<string, Statement[]> = {};
  try {
    for (const { name, request } of spec.requests) {
      // Once unrecorded (schema cache, prepared statements), then recorded.
      for (const pass of [0, 1]) {
        recording = pass ? [] : null;
        const response = await app.fetch(new Request(`http://127.0.0.1${request.path}`, {
          method: request.method, headers: request.headers, ...(request.body ? { body: request.body } : {}),
        }), { peerAddress: "127.0.0.1" });
        if (response.status >= 300) throw new Error(`${name}: lite answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        await response.arrayBuffer();
      }
      // The transaction's statements, without BEGIN/COMMIT (the replay sends its own).
      const all = recording!;
      const begin = all.findIndex((s) => /^\s*begin\b/i.test(s.sql));
      const end = all.findIndex((s, i) => i > begin && /^\s*(commit|rollback)\b/i.test(s.sql));
      out[name] = all.slice(begin + 1, end < 0 ? undefined : end).filter((s) => !TRANSACTION_CONTROL.test(s.sql));
      if (begin < 0 || !out[name]!.length) throw new Error(`${name}: no transaction captured`);
    }
  } finally {
    recording = null;
    if (!database) await connection.close();
  }
  return out;
}

async function measure(run: () => Promise<void>, connections: number, seconds: number, backendCpuMs: () => Promise<number | null>): Promise<Omit<ControlPoint, "name" | "connections">> {
  const latencies: number[] = [];
  let errors = 0;
  const pgBefore = await backendCpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await run();
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const pgAfter = await backendCpuMs();
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  const n = Math.max(latencies.length, 1);
  return {
    requests: latencies.length, rps: latencies.length / elapsed,
    p50: round(percentile(latencies, 0.5)), p95: round(percentile(latencies, 0.95)), p99: round(percentile(latencies, 0.99)), errors,
    clientCpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / n) * 1000) / 1000,
    postgresCpuMsPerRequest: pgBefore === null || pgAfter === null ? null : Math.round(((pgAfter - pgBefore) / n) * 1000) / 1000,
  };
}

export async function runControl(spec: ControlSpec): Promise<ControlResult> {
  const database = spec.dataDir ? await openDatabase({ dataDir: spec.dataDir }) : null;
  try {
    const statements = await capture(spec, database);
    const points: ControlPoint[] = [];
    for (const { name } of spec.requests) {
      const list = statements[name]!;
      for (const connections of spec.connections) {
        let run: () => Promise<void>;
        let close = async () => {};
        let backendCpuMs = async (): Promise<number | null> => null;
        if (database?.pglite) {
          const pglite = database.pglite;
          run = async () => {
            await pglite.transaction(async (tx) => {
              for (const s of list) await tx.query(s.sql, s.params);
            });
          };
        } else {
          const sql = postgres(spec.databaseUrl!, {
            max: Math.min(connections, spec.poolMax ?? 10), onnotice: () => {}, connection: { application_name: "castmatch_control" },
          });
          const probe = postgres(spec.databaseUrl!, { max: 1, onnotice: () => {} });
          close = async () => {
            await sql.end({ timeout: 2 });
            await probe.end({ timeout: 2 });
          };
          backendCpuMs = async () => {
            const rows = await probe<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'castmatch_control'`;
            return processesCpuMs(rows.map((r) => r.pid));
          };
          run = async () => {
            const reserved = await sql.reserve();
            try {
              await Promise.all([
                reserved.unsafe("begin"),
                ...list.map((s) => reserved.unsafe(s.sql, s.params as postgres.ParameterOrJSON<never>[], { prepare: true })),
                reserved.unsafe("commit"),
              ]);
            } finally {
              reserved.release();
            }
          };
        }
        try {
          if (spec.warmupSeconds) await measure(run, connections, spec.warmupSeconds, async () => null);
          points.push({ name, connections, ...(await measure(run, connections, spec.seconds, backendCpuMs)) });
        } finally {
          await close();
        }
      }
    }
    return { statements, points };
  } finally {
    await database?.close();
  }
}

/** Runs the control in a child process (its own core share, as the stack had). */
export function controlInChild(spec: ControlSpec): Promise<ControlResult> {
  return runJsonChild<ControlResult>(import.meta.url, spec, { label: "the direct-SQL control", stderr: "capture" });
}

await serveJsonChild(import.meta.url, runControl);
