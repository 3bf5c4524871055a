// The local stand-in for pg_cron's SQL jobs (the purge of archived rows): runs at start and then
// on its interval, logs what it did, stays quiet when it did nothing or only kept rows on purpose,
// and logs a failure once rather than on every tick.
import { describe, expect, it, vi } from "vitest";
import type { Database } from "../../stack/database.ts";
import type { FunctionHost } from "../../stack/functions.ts";
import { startScheduler, startSqlJob } from "../../stack/scheduler.ts";

function fakeDatabase(answers: Array<Record<string, unknown> | null | Error>, kind: "native" | "embedded" = "native") {
  const sql: string[] = [];
  const db = {
    kind,
    async query(text: string) {
      sql.push(text);
      const next = answers.length ? answers.shift()! : { projects: 0 };
      if (next instanceof Error) throw next;
      return [{ result: next }];
    },
  } as unknown as Database;
  return { db, sql };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startSqlJob", () => {
  it("runs at once and on its interval, logging only what it did", async () => {
    const { db, sql } = fakeDatabase([
      { shortlists: 0, projects: 0, kept_for_talent_records: 2 },
      { shortlists: 1, projects: 0, kept_for_talent_records: 2 },
      new Error("connection lost"),
      new Error("connection lost"),
    ]);
    const lines: string[] = [];
    const job = startSqlJob(db, "purge-archived", "private.purge_archived()", 20, (l) => lines.push(l));
    for (let waited = 0; sql.length < 5 && waited < 5000; waited += 10) await tick(10);
    await job.stop();
    expect(sql.length).toBeGreaterThanOrEqual(5);
    expect(sql.every((s) => s === "select (private.purge_archived()) as result")).toBe(true);
    expect(lines).toEqual([
      '[purge-archived] {"shortlists":1,"projects":0,"kept_for_talent_records":2}',
      "[purge-archived] connection lost",
    ]);
  });

  it("on PGlite's one session, never runs inside a client's open transaction: it skips and retries", async () => {
    // null: the guarded statement found itself inside another transaction and did nothing.
    const { db, sql } = fakeDatabase([null, { shortlists: 3 }], "embedded");
    const lines: string[] = [];
    const job = startSqlJob(db, "purge-archived", "private.purge_archived()", 60_000, (l) => lines.push(l));
    for (let waited = 0; sql.length < 2 && waited < 5000; waited += 10) await tick(10);
    await job.stop();
    expect(sql).toHaveLength(2);
    expect(sql[0]).toBe("select case when now() = statement_timestamp() then (private.purge_archived()) end as result");
    expect(lines).toEqual(['[purge-archived] {"shortlists":3}']);
  });
});

describe("startScheduler", () => {
  /** A function host whose job answers the given counts in turn (then nothing). */
  function fakeFunctions(embedded: number[]) {
    let calls = 0;
    const functions = {
      async handle() {
        calls++;
        return Response.json({ embedded: embedded.shift() ?? 0, model: "test" });
      },
    } as unknown as FunctionHost;
    return { functions, calls: () => calls };
  }

  it("keeps its pace while there is work, backs off when there is none, and a wake brings it back", async () => {
    vi.useFakeTimers();
    try {
      const { functions, calls } = fakeFunctions([5, 5]);
      const job = startScheduler(functions, "embed", "key", 20);
      const after = async (ms: number) => {
        await vi.advanceTimersByTimeAsync(ms);
        return calls();
      };
      expect(await after(20)).toBe(1); // work
      expect(await after(20)).toBe(2); // work
      expect(await after(20)).toBe(3); // nothing: the next wait is 40 ms
      expect(await after(39)).toBe(3);
      expect(await after(1)).toBe(4); // nothing again: 80 ms
      expect(await after(79)).toBe(4);
      expect(await after(1)).toBe(5); // then 160 ms
      expect(await after(100)).toBe(5);
      job.wake(); // a client wrote something: look again within the normal 20 ms
      expect(await after(20)).toBe(6);
      await job.stop();
      expect(await after(10_000)).toBe(6);
    } finally {
      vi.useRealTimers();
    }
  });
});
