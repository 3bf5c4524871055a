// The local stand-in for pg_cron: runs the jobs supabase/config.toml declares in
// [castmatch.jobs.<name>] (stack/config.ts), each either an edge function called with the service
// key or a SQL expression run as the database owner. It knows no job by name: a job's answer is a
// JSON object of counts, and any positive number in it (keys starting with "kept" excepted: what a
// job left alone on purpose) means it did work, which is logged as `[name] {counts}`. Each job
// runs at start and then every `every`, one run at a time; a failure is logged once per distinct
// message. On a hosted project pg_cron runs the same jobs (private.schedule_hosted_jobs).
import type { JobSettings } from "./config.ts";
import type { Database } from "./database.ts";
import type { FunctionHost } from "./functions.ts";

/** What one run of a job gave: its answer, a failure to log, or "not now" (try again shortly). */
export type RunResult = { answer: unknown } | { problem: string } | { busy: true };

export type JobSpec = {
  name: string;
  run: () => Promise<RunResult>;
  everyMs: number;
  /** Writes through the API wake it early, so while it finds nothing to do it may back off. */
  wakeOnWrite: boolean;
  log?: ((line: string) => void) | undefined;
};

export type Job = {
  name: string;
  /** New work may be queued (a write came through the API): a backed-off job looks again soon. */
  wake(): void;
  stop(): Promise<void>;
};

/** A job woken by writes backs off to this when it keeps finding nothing to do. */
export const IDLE_BACKOFF_MAX_MS = 120_000;
/** A run that could not start now (the embedded database was inside a client's transaction). */
export const BUSY_RETRY_MS = 2000;

/** True when the answer holds a positive number anywhere, except under keys starting with "kept". */
export function didWork(answer: unknown): boolean {
  if (typeof answer === "number") return answer > 0;
  if (Array.isArray(answer)) return answer.some(didWork);
  if (answer && typeof answer === "object") {
    return Object.entries(answer).some(([key, value]) => !key.startsWith("kept") && didWork(value));
  }
  return false;
}

/** Runs the job at once, then every `everyMs`. A job woken by writes doubles its wait while it
 *  finds nothing to do, up to 2 minutes (an idle stack neither burns CPU nor keeps a function's
 *  isolate awake), and `wake()` brings it back to `everyMs`. */
export function startJob(spec: JobSpec): Job {
  const { name, everyMs, log } = spec;
  const longestWait = Math.max(IDLE_BACKOFF_MAX_MS, everyMs);
  let running: Promise<void> | null = null;
  let lastProblem = "";
  let delay = everyMs;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const problem = (text: string) => {
    const line = `[${name}] ${text}`;
    if (line !== lastProblem) log?.(line);
    lastProblem = line;
  };
  const idle = () => (spec.wakeOnWrite ? Math.min(delay * 2, longestWait) : everyMs);
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    if (running || stopped) return;
    let next = everyMs;
    running = spec.run()
      .then((result) => {
        if ("busy" in result) {
          next = Math.min(BUSY_RETRY_MS, everyMs);
          return;
        }
        if ("problem" in result) {
          problem(result.problem);
          next = delay = idle();
          return;
        }
        lastProblem = "";
        const worked = didWork(result.answer);
        if (worked) log?.(`[${name}] ${JSON.stringify(result.answer)}`);
        next = delay = worked ? everyMs : idle();
      })
      .catch((error) => {
        problem((error as Error).message);
        next = delay = idle();
      })
      .finally(() => {
        running = null;
        schedule(next);
      });
  };
  schedule(0);
  return {
    name,
    wake() {
      if (!spec.wakeOnWrite || delay === everyMs) return;
      delay = everyMs;
      if (!running) schedule(everyMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** A run that POSTs `{}` to the edge function with the service key, as pg_net does on a hosted project. */
export function functionRun(functions: Pick<FunctionHost, "handle">, fn: string, serviceKey: string): () => Promise<RunResult> {
  return async () => {
    const response = await functions.handle(
      fn,
      "",
      new Request(`http://127.0.0.1/functions/v1/${fn}`, {
        method: "POST",
        headers: { authorization: `Bearer ${serviceKey}`, "content-type": "application/json" },
        body: "{}",
      }),
    );
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return { answer: body };
    const message = body && typeof body === "object" && "message" in body ? String(body.message) : "no message";
    return { problem: `${response.status}: ${message}` };
  };
}

/** A run of `expression` (SQL answering a jsonb object of counts) as the database owner. */
export function sqlRun(db: Pick<Database, "kind" | "query">, expression: string): () => Promise<RunResult> {
  // An embedded database is one PGlite session, and the API holds a transaction open across
  // awaits: a statement sent now could run inside a client's transaction, as the client's role,
  // and abort it on error. So the job runs only when the statement starts its own transaction
  // (now() = statement_timestamp(), checked in the same statement); otherwise it waits a moment.
  const sql = db.kind === "embedded"
    ? `select case when now() = statement_timestamp() then (${expression}) end as result`
    : `select (${expression}) as result`;
  return async () => {
    const [row] = await db.query<{ result: unknown }>(sql);
    const answer = row?.result ?? null;
    return answer === null && db.kind === "embedded" ? { busy: true } : { answer };
  };
}

export type SchedulerOptions = {
  database: Pick<Database, "kind" | "query">;
  functions: Pick<FunctionHost, "handle" | "has">;
  serviceKey: string;
  /** When set, the pace of the jobs woken by writes (CASTMATCH_SCHEDULE_EVERY_MS); 0 runs no job at all. */
  everyMs?: number | undefined;
  log?: ((line: string) => void) | undefined;
};

/** Starts every declared job. A function job whose function this stack does not serve (a test
 *  stack started without functions) is left out. */
export function startJobs(jobs: JobSettings[], options: SchedulerOptions): Job[] {
  if (options.everyMs !== undefined && options.everyMs <= 0) return [];
  return jobs
    .filter((job) => !("function" in job.run) || options.functions.has(job.run.function))
    .map((job) => startJob({
      name: job.name,
      run: "function" in job.run
        ? functionRun(options.functions, job.run.function, options.serviceKey)
        : sqlRun(options.database, job.run.sql),
      everyMs: job.wakeOnWrite && options.everyMs !== undefined ? options.everyMs : job.everyMs,
      wakeOnWrite: job.wakeOnWrite,
      log: options.log,
    }));
}

/** What the hosted schedule needs of each job (the local pace and wake-ups are the local stack's):
 *  the argument of private.schedule_hosted_jobs, in name order. */
export function hostedJobs(jobs: JobSettings[]): Record<string, { function: string; cron: string } | { sql: string; cron: string }> {
  return Object.fromEntries(jobs.map((job) => [job.name, { ...job.run, cron: job.cron }]));
}

/** The statement a migration carries to schedule `jobs` on a hosted project. */
export function hostedScheduleStatement(jobs: JobSettings[]): string {
  const json = JSON.stringify(hostedJobs(jobs), null, 2).replaceAll("'", "''");
  return `select private.schedule_hosted_jobs('${json}'::jsonb);`;
}
