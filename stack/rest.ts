// The REST layer (@supabase/lite's PostgREST-compatible /rest/v1) on more than one core.
//
// lite spends ~0.5–1 ms of JavaScript per request on one event loop, so one Node process tops out
// near one core. On a native database each of N worker threads can run its own lite App with its
// own connection pool; the gateway (one event loop: routing, functions, storage, auth) hands each
// /rest/v1 request to the least busy worker and streams nothing: REST bodies are JSON and small.
// An embedded PGlite database is one session inside this process, so it keeps the single
// in-process App (workers: 0).
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { App } from "@supabase/lite";
import { paths, type Keys } from "./config.ts";
import { API_POOL, type Database } from "./database.ts";
import { jsonResponse } from "./functions.ts";

type AppConfig = Omit<ConstructorParameters<typeof App>[0], "connection">;

/** Access tokens' lifetime (seconds), lite's and the auth extension's. */
export const LITE_JWT_EXPIRY = 3600;

/** lite's settings, the same for the gateway's App and every worker's. */
export function liteAppConfig(keys: Keys, options: { pgSafeUpdate: boolean; embedded: boolean }): AppConfig {
  return {
    auth: {
      enabled: true,
      jwt_secret: keys.jwtSecret,
      jwt_expiry: LITE_JWT_EXPIRY,
      enable_signup: true,
      publishable_key: keys.publishableKey,
      secret_key: keys.secretKey,
      email: { enable_confirmations: false },
    },
    // Unfiltered PATCH/DELETE: embedded, refused here in the REST layer; native, by safeupdate
    // in the database (as on hosted Supabase, where PostgREST itself does not check).
    api: { pg_safe_update: options.pgSafeUpdate && options.embedded },
    options: { server: { admin: false } },
  } as AppConfig;
}

/** How many REST workers: CASTMATCH_REST_WORKERS, else `[castmatch] rest_workers`, else two fewer
 *  than the cores (at most 8) on a native database; always 0 on an embedded one.
 *  Why two fewer: PostgreSQL and the clients need cores too, and a request handed to a worker costs
 *  more CPU in all (measured on 2 cores shared with other work, bench:api at 32 connections,
 *  alternating runs: one row 401–691 req/s at 1.1–1.2 ms of stack CPU per request in-process,
 *  317–437 req/s at 2.0–2.2 ms with 2 workers). With spare cores, workers take the REST layer
 *  off the gateway's one event loop. */
export function restWorkerCount(database: Database, configured: number | undefined): number {
  if (database.kind === "embedded" || !database.connectionOptions) return 0;
  const fromEnv = process.env.CASTMATCH_REST_WORKERS;
  const wanted = fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) : configured ?? Math.min(Math.max(availableParallelism() - 2, 0), 8);
  return Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, 64) : 0;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

type Reply = { id: number; status: number; statusText: string; headers: Array<[string, string]>; body: ArrayBuffer | null } | { id: number; error: string };
type Slot = { worker: Worker; inflight: number; ready: Promise<void>; exited: Promise<void> };

export class RestWorkers {
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<number, { resolve: (r: Response) => void; slot: Slot }>();
  #nextId = 1;
  #stopping = false;

  constructor(
    readonly count: number,
    private data: { url: string; postgresOptions?: Record<string, unknown>; config: AppConfig },
    private readonly log?: (line: string) => void,
  ) {
    // The API's pool, shared out between the workers (at least 5 connections each).
    const max = Math.max(5, Math.ceil(Number(data.postgresOptions?.max ?? API_POOL) / count));
    this.data = { ...data, postgresOptions: { ...data.postgresOptions, max } };
    for (let i = 0; i < count; i++) this.#slots.push(this.#spawn());
  }

  /** Resolves when every worker has its App and schema cache ready. */
  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.ready));
    this.log?.(`REST: ${this.count} worker thread${this.count === 1 ? "" : "s"}`);
  }

  #spawn(): Slot {
    const worker = new Worker(join(paths.root, "stack", "rest-worker.mjs"), { workerData: this.data });
    let settle!: { resolve: () => void; reject: (e: Error) => void };
    const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => {});
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    const slot: Slot = { worker, inflight: 0, ready, exited };
    worker.on("message", (message: Reply | { ready: true } | { failed: string }) => {
      if ("ready" in message) return settle.resolve();
      if ("failed" in message) return settle.reject(new Error(message.failed));
      const waiting = this.#pending.get(message.id);
      if (!waiting) return;
      this.#pending.delete(message.id);
      slot.inflight--;
      waiting.resolve("error" in message
        ? jsonResponse(500, { code: "SUP", message: `the REST worker failed: ${message.error}`, details: null, hint: null })
        : new Response(NULL_BODY.has(message.status) ? null : message.body, { status: message.status, statusText: message.statusText, headers: message.headers }));
    });
    worker.on("error", (error) => this.log?.(`[rest] a worker failed: ${error.message}`));
    worker.once("exit", (code) => {
      settle.reject(new Error(`the REST worker exited with code ${code}`));
      // Requests it held get an answer; a new worker takes its place unless we are stopping.
      for (const [id, waiting] of this.#pending) {
        if (waiting.slot !== slot) continue;
        this.#pending.delete(id);
        waiting.resolve(jsonResponse(502, { code: "SUP", message: "the REST worker stopped before answering", details: null, hint: null }));
      }
      const index = this.#slots.indexOf(slot);
      if (index >= 0 && !this.#stopping) {
        this.log?.(`[rest] worker exited (code ${code}); starting another`);
        this.#slots[index] = this.#spawn();
      }
    });
    return slot;
  }

  /** Hands the request to the least busy worker. */
  async fetch(request: Request, peerAddress: string | null): Promise<Response> {
    let slot = this.#slots[0]!;
    for (const s of this.#slots) if (s.inflight < slot.inflight) slot = s;
    const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
    const id = this.#nextId++;
    slot.inflight++;
    return new Promise<Response>((resolve) => {
      this.#pending.set(id, { resolve, slot });
      const headers: Array<[string, string]> = [];
      request.headers.forEach((value, key) => headers.push([key, value]));
      slot.worker.postMessage({ id, method: request.method, url: request.url, headers, body, peerAddress }, body ? [body] : []);
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#slots.map(async ({ worker, exited }) => {
      worker.postMessage({ stop: true });
      const timer = setTimeout(() => void worker.terminate(), 1000);
      await exited;
      clearTimeout(timer);
    }));
  }
}
