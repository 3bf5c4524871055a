// The local stand-in for pg_cron's SQL jobs (the purge of archived rows): runs at start and then
// on its interval, logs what it did, stays quiet when it did nothing or only kept rows on purpose,
// and logs a failure once rather than on every tick.
import { describe, expect, it } from "vitest";
import type { Database } from "../../stack/database.ts";
import { startSqlJob } from "../../stack/scheduler.ts";

function fakeDatabase(answers: Array<Record<string, unknown> | Error>) {
  const sql: string[] = [];
  const db = {
    async query(text: string) {
      sql.push(text);
      const next = answers.shift() ?? { purged: { projects: 0 } };
      if (next instanceof Error) throw next;
      return [{ purged: next }];
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
    const job = startSqlJob(db, "purge-archived", "select private.purge_archived() as purged", 20, (l) => lines.push(l));
    for (let waited = 0; sql.length < 5 && waited < 5000; waited += 10) await tick(10);
    await job.stop();
    expect(sql.length).toBeGreaterThanOrEqual(5);
    expect(sql.every((s) => s === "select private.purge_archived() as purged")).toBe(true);
    expect(lines).toEqual([
      '[purge-archived] {"shortlists":1,"projects":0,"kept_for_talent_records":2}',
      "[purge-archived] connection lost",
    ]);
  });
});
