// The local stand-in for pg_cron (stack/scheduler.ts): it runs whatever [castmatch.jobs] declares,
// knows no job by name, reads "did work" from any positive count, keeps its pace while there is
// work, backs off when there is none (jobs that writes wake), and logs a failure once rather than
// on every run. Time is vitest's fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobSettings } from "../../stack/config.ts";
import type { Database } from "../../stack/database.ts";
import type { FunctionHost } from "../../stack/functions.ts";
import { didWork, functionRun, hostedJobs, hostedScheduleStatement, sqlRun, startJob, startJobs, type RunResult } from "../../stack/scheduler.ts";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** A function host whose functions answer the given bodies in turn (then `{ done: 0 }`). */
function fakeFunctions(answers: Record<string, Array<unknown | Response>>) {
  const calls: Array<{ name: string; authorization: string | null; body: string }> = [];
  const functions = {
    has: (name: string) => name in answers,
    async handle(name: string, _rest: string, request: Request) {
      calls.push({ name, authorization: request.headers.get("authorization"), body: await request.text() });
      const next = answers[name]!.length ? answers[name]!.shift() : { done: 0 };
      return next instanceof Response ? next : Response.json(next);
    },
  } as unknown as FunctionHost;
  return { functions, calls };
}

/** A database whose SQL answers the given results in turn (then `{ rows: 0 }`). */
function fakeDatabase(answers: Array<Record<string, unknown> | null | Error>, kind: "native" | "embedded" = "native") {
  const sql: string[] = [];
  const db = {
    kind,
    async query(text: string) {
      sql.push(text);
      const next = answers.length ? answers.shift()! : { rows: 0 };
      if (next instanceof Error) throw next;
      return [{ result: next }];
    },
  } as unknown as Database;
  return { db, sql };
}

const job = (name: string, run: JobSettings["run"], every: number, wakeOnWrite: boolean): JobSettings =>
  ({ name, run, everyMs: every, wakeOnWrite, cron: "* * * * *" });

describe("didWork", () => {
  it("is any positive number in the answer, nested too, except under keys starting with kept", () => {
    expect(didWork({ embedded: 3, model: "local" })).toBe(true);
    expect(didWork({ sent: 0, failed: 0 })).toBe(false);
    expect(didWork({ shortlists: 0, kept_for_talent_records: 4 })).toBe(false);
    expect(didWork({ by_target: { a: 0, b: [0, 2] } })).toBe(true);
    expect(didWork({ retrying: -1, note: "5" })).toBe(false);
    expect(didWork(null)).toBe(false);
    expect(didWork("busy")).toBe(false);
  });
});

describe("startJob", () => {
  it("runs at once, keeps its pace while there is work, backs off when idle, and a wake brings it back", async () => {
    const answers: RunResult[] = [{ answer: { moved: 5 } }, { answer: { moved: 5 } }];
    let runs = 0;
    const lines: string[] = [];
    const run = async (): Promise<RunResult> => (runs++, answers.shift() ?? { answer: { moved: 0 } });
    const j = startJob({ name: "drain", run, everyMs: 20, wakeOnWrite: true, log: (l) => lines.push(l) });
    const after = async (ms: number) => (await vi.advanceTimersByTimeAsync(ms), runs);
    expect(await after(0)).toBe(1); // work, at start
    expect(await after(20)).toBe(2); // work
    expect(await after(20)).toBe(3); // nothing: the next wait is 40 ms
    expect(await after(39)).toBe(3);
    expect(await after(1)).toBe(4); // nothing again: 80 ms
    expect(await after(79)).toBe(4);
    expect(await after(1)).toBe(5); // then 160 ms
    expect(await after(100)).toBe(5);
    j.wake(); // a client wrote something: look again within the normal 20 ms
    expect(await after(20)).toBe(6);
    expect(lines).toEqual(['[drain] {"moved":5}', '[drain] {"moved":5}']);
    await j.stop();
    expect(await after(10_000)).toBe(6);
  });

  it("never waits more than 2 minutes when idle, and a job that writes do not wake keeps its own pace", async () => {
    let idleRuns = 0;
    let steadyRuns = 0;
    const idle = startJob({ name: "idle", run: async () => (idleRuns++, { answer: {} }), everyMs: 1000, wakeOnWrite: true });
    const steady = startJob({ name: "steady", run: async () => (steadyRuns++, { answer: {} }), everyMs: 1000, wakeOnWrite: false });
    await vi.advanceTimersByTimeAsync(0);
    // idle waits 2, 4, 8, … 64 s, then 120 s each: runs at 0, 2, 6, 14, 30, 62, 126, 246, 366 s
    await vi.advanceTimersByTimeAsync(365_999);
    expect(idleRuns).toBe(8);
    expect(steadyRuns).toBe(366); // every second, from 0 to 365 s
    steady.wake(); // ignored: it never backs off
    await vi.advanceTimersByTimeAsync(1);
    expect(idleRuns).toBe(9);
    expect(steadyRuns).toBe(367);
    await Promise.all([idle.stop(), steady.stop()]);
  });

  it("logs a failure once per distinct message, and again after a success", async () => {
    const results: Array<RunResult | Error> = [
      { problem: "500: boom" }, { problem: "500: boom" }, new Error("connection lost"), { answer: { n: 0 } }, { problem: "500: boom" },
    ];
    const lines: string[] = [];
    const run = async () => {
      const next = results.shift() ?? { answer: {} };
      if (next instanceof Error) throw next;
      return next;
    };
    const j = startJob({ name: "flaky", run, everyMs: 10, wakeOnWrite: false, log: (l) => lines.push(l) });
    await vi.advanceTimersByTimeAsync(100);
    await j.stop();
    expect(lines).toEqual(["[flaky] 500: boom", "[flaky] connection lost", "[flaky] 500: boom"]);
  });

  it("waits for a run in flight when stopped, and starts none after", async () => {
    let finish!: () => void;
    let runs = 0;
    const run = () => (runs++, new Promise<RunResult>((resolve) => (finish = () => resolve({ answer: { n: 1 } }))));
    const j = startJob({ name: "slow", run, everyMs: 10, wakeOnWrite: true });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = j.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
  });
});

describe("function jobs", () => {
  it("POST {} with the service key, log the answer as it is, and name the status of a refusal", async () => {
    const { functions, calls } = fakeFunctions({
      tidy: [{ tidied: 2, kind: "any" }, Response.json({ message: "only the service role" }, { status: 403 })],
    });
    const lines: string[] = [];
    const [j] = startJobs([job("tidy-up", { function: "tidy" }, 50, true)], {
      database: fakeDatabase([]).db, functions, serviceKey: "sk", log: (l) => lines.push(l),
    });
    await vi.advanceTimersByTimeAsync(50);
    await j!.stop();
    expect(calls).toEqual([
      { name: "tidy", authorization: "Bearer sk", body: "{}" },
      { name: "tidy", authorization: "Bearer sk", body: "{}" },
    ]);
    expect(lines).toEqual(['[tidy-up] {"tidied":2,"kind":"any"}', "[tidy-up] 403: only the service role"]);
  });

  it("a run of a function that answers no JSON is a run that did nothing", async () => {
    const { functions } = fakeFunctions({ plain: [new Response("ok")] });
    expect(await functionRun(functions, "plain", "sk")()).toEqual({ answer: null });
  });
});

describe("startJobs", () => {
  it("runs what config declares; the pace override applies to jobs that writes wake; 0 runs none", async () => {
    const { functions, calls } = fakeFunctions({ a: [], b: [] });
    const { db, sql } = fakeDatabase([]);
    const declared = [
      job("a", { function: "a" }, 1000, true),
      job("b", { function: "b" }, 1000, false),
      job("gone", { function: "not-served-here" }, 1000, true),
      job("s", { sql: "private.count_things()" }, 1000, false),
    ];
    expect(startJobs(declared, { database: db, functions, serviceKey: "k", everyMs: 0 })).toEqual([]);
    const jobs = startJobs(declared, { database: db, functions, serviceKey: "k", everyMs: 100 });
    expect(jobs.map((j) => j.name)).toEqual(["a", "b", "s"]);
    await vi.advanceTimersByTimeAsync(0);
    // the first runs answered nothing: "a" now waits 200 ms (100 doubled), "b" and "s" 1 s
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(jobs.map((j) => j.stop()));
    const count = (name: string) => calls.filter((c) => c.name === name).length;
    expect(count("a")).toBe(3); // at 0, 200 and 600 ms (waits 200, 400, 800)
    expect(count("b")).toBe(2); // at 0 and 1000 ms
    expect(sql).toEqual(["select (private.count_things()) as result", "select (private.count_things()) as result"]);
  });
});

describe("SQL jobs", () => {
  it("run the expression as it is written and log their counts; kept_… counts alone are not work", async () => {
    const { db, sql } = fakeDatabase([
      { shortlists: 0, projects: 0, kept_for_talent_records: 2 },
      { shortlists: 1, projects: 0, kept_for_talent_records: 2 },
      new Error("connection lost"),
      new Error("connection lost"),
    ]);
    const lines: string[] = [];
    const j = startJob({ name: "purge", run: sqlRun(db, "private.purge_archived()"), everyMs: 20, wakeOnWrite: false, log: (l) => lines.push(l) });
    await vi.advanceTimersByTimeAsync(80);
    await j.stop();
    expect(sql).toHaveLength(5);
    expect(sql.every((s) => s === "select (private.purge_archived()) as result")).toBe(true);
    expect(lines).toEqual([
      '[purge] {"shortlists":1,"projects":0,"kept_for_talent_records":2}',
      "[purge] connection lost",
    ]);
  });

  it("on PGlite's one session, never run inside a client's open transaction: they skip and retry in 2 s", async () => {
    // null: the guarded statement found itself inside another transaction and did nothing.
    const { db, sql } = fakeDatabase([null, { shortlists: 3 }], "embedded");
    const lines: string[] = [];
    const j = startJob({ name: "purge", run: sqlRun(db, "private.purge_archived()"), everyMs: 3_600_000, wakeOnWrite: false, log: (l) => lines.push(l) });
    await vi.advanceTimersByTimeAsync(1999);
    expect(sql).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sql).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3_599_999);
    expect(sql).toHaveLength(2); // then its own hour
    await j.stop();
    expect(sql[0]).toBe("select case when now() = statement_timestamp() then (private.purge_archived()) end as result");
    expect(lines).toEqual(['[purge] {"shortlists":3}']);
  });
});

describe("the hosted schedule", () => {
  it("is each job's function or SQL with its cron schedule, as one statement a migration carries", () => {
    const jobs = [job("a", { function: "fn-a" }, 2000, true), job("b", { sql: "private.it's()" }, 60_000, false)];
    expect(hostedJobs(jobs)).toEqual({ a: { function: "fn-a", cron: "* * * * *" }, b: { sql: "private.it's()", cron: "* * * * *" } });
    const statement = hostedScheduleStatement(jobs);
    expect(statement).toMatch(/^select private\.schedule_hosted_jobs\('\{\n/);
    expect(statement).toMatch(/'::jsonb\);$/);
    expect(statement).toContain("private.it''s()");
  });
});
