// The local stand-in for the pg_cron jobs a Supabase project would use: every few seconds while
// there is work, call a service function (`embed` drains the embedding queue, `deliver-notifications`
// emails notifications, `deliver-webhooks` sends webhook deliveries), and now and then run a SQL
// job as the database owner (the purge of archived
// rows). One call at a time; failures are logged once per distinct message.
import type { Database } from "./database.ts";
import type { FunctionHost } from "./functions.ts";

export type Scheduler = { stop(): Promise<void> };
/** A function job; `wake()` says new work may be queued (a write came through the API). */
export type FunctionJob = Scheduler & { wake(): void };

/** Backs off to this when a job keeps finding nothing to do. */
const IDLE_BACKOFF_MAX_MS = 120_000;

/** Calls the function every `intervalMs` while it has work. When a call finds nothing to do the
 *  wait doubles, up to 2 minutes, so an idle stack neither burns CPU nor keeps the function's
 *  isolate awake; `wake()` (any write through the API) brings it back to `intervalMs` at once. */
export function startScheduler(
  functions: FunctionHost,
  name: string,
  serviceKey: string,
  intervalMs: number,
  log?: (line: string) => void,
): FunctionJob {
  let running: Promise<void> | null = null;
  let lastProblem = "";
  let delay = intervalMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** True when the call did some work. */
  const tick = async (): Promise<boolean> => {
    const response = await functions.handle(
      name,
      "",
      new Request(`http://127.0.0.1/functions/v1/${name}`, {
        method: "POST",
        headers: { authorization: `Bearer ${serviceKey}`, "content-type": "application/json" },
        body: "{}",
      }),
    );
    const body = (await response.json().catch(() => ({}))) as {
      embedded?: number; model?: string; sent?: number; delivered?: number; retrying?: number; dead?: number; message?: string;
    };
    if (response.ok) {
      lastProblem = "";
      if (body.embedded) log?.(`[embed] stored ${body.embedded} vectors (${body.model})`);
      if (body.sent) log?.(`[deliver-notifications] emailed ${body.sent}`);
      if (body.delivered || body.dead) log?.(`[deliver-webhooks] delivered ${body.delivered ?? 0}, retrying ${body.retrying ?? 0}, dead ${body.dead ?? 0}`);
      return Boolean(body.embedded || body.sent || body.delivered || body.retrying || body.dead);
    }
    const problem = `[${name}] ${response.status}: ${body.message ?? "no message"}`;
    if (problem !== lastProblem) log?.(problem);
    lastProblem = problem;
    return false;
  };
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    if (running) return;
    running = tick()
      .then((worked) => {
        delay = worked ? intervalMs : Math.min(delay * 2, IDLE_BACKOFF_MAX_MS);
      })
      .catch((error) => {
        log?.(`[${name}] ${(error as Error).message}`);
        delay = Math.min(delay * 2, IDLE_BACKOFF_MAX_MS);
      })
      .finally(() => {
        running = null;
        schedule(delay);
      });
  };
  schedule(intervalMs);
  return {
    wake() {
      if (delay === intervalMs) return;
      delay = intervalMs;
      if (!running) schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Runs `expression` (SQL giving a jsonb object of counts) at start and then every `intervalMs`,
 *  as the database owner; logs the counts when it did something. */
export function startSqlJob(db: Database, name: string, expression: string, intervalMs: number, log?: (line: string) => void): Scheduler {
  let running: Promise<void> | null = null;
  let lastProblem = "";
  let retry: NodeJS.Timeout | undefined;
  // An embedded database is one PGlite session, and the API holds a transaction open across
  // awaits: a statement sent now could run inside a client's transaction, as the client's role,
  // and abort it on error. So the job runs only when the statement starts its own transaction
  // (now() = statement_timestamp(), checked in the same statement); otherwise it waits a moment.
  const sql = db.kind === "embedded"
    ? `select case when now() = statement_timestamp() then (${expression}) end as result`
    : `select (${expression}) as result`;
  const tick = async () => {
    const [row] = await db.query<{ result: unknown }>(sql);
    const summary = row?.result ?? null;
    if (summary === null && db.kind === "embedded") {
      retry = setTimeout(run, 2000);
      retry.unref();
      return;
    }
    lastProblem = "";
    // counts of what the job did; "kept_…" counts are what it left alone on purpose
    const did = summary && typeof summary === "object" ? Object.entries(summary).filter(([k]) => !k.startsWith("kept")) : [];
    if (did.some(([, n]) => Number(n) > 0)) {
      log?.(`[${name}] ${JSON.stringify(summary)}`);
    }
  };
  const run = () => {
    if (running) return;
    running = tick()
      .catch((error) => {
        const problem = `[${name}] ${(error as Error).message}`;
        if (problem !== lastProblem) log?.(problem);
        lastProblem = problem;
      })
      .finally(() => (running = null));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(retry);
      await running;
    },
  };
}
