// One source of truth for the jobs: supabase/config.toml's [castmatch.jobs]. The local scheduler
// reads it at start; a hosted project gets it from the newest migration that calls
// private.schedule_hosted_jobs. A change of jobs in config.toml fails here until a new migration
// ships the new list (a migration released once never changes).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paths, readProjectConfig } from "../../stack/config.ts";
import { hostedJobs, hostedScheduleStatement } from "../../stack/scheduler.ts";

/** The job list of the newest migration that schedules the hosted jobs, and that migration's file. */
function newestHostedSchedule(): { file: string; jobs: unknown } | null {
  const files = readdirSync(paths.migrations).filter((f) => /^\d{14}_.+\.sql$/.test(f)).sort().reverse();
  for (const file of files) {
    const calls = [...readFileSync(join(paths.migrations, file), "utf8").matchAll(/select private\.schedule_hosted_jobs\('((?:[^']|'')*)'::jsonb\);/g)];
    const last = calls.at(-1);
    if (last) return { file, jobs: JSON.parse(last[1]!.replaceAll("''", "'")) };
  }
  return null;
}

describe("the hosted schedule", () => {
  it("in the newest migration that carries it, is config.toml's [castmatch.jobs]", () => {
    const { jobs } = readProjectConfig();
    const shipped = newestHostedSchedule();
    expect(shipped, "no migration calls private.schedule_hosted_jobs").not.toBeNull();
    expect(shipped!.jobs, [
      `supabase/config.toml's [castmatch.jobs] differ from the hosted schedule of supabase/migrations/${shipped!.file}.`,
      "Ship them in a new migration (npm run db:diff -- <name> makes the file when sql/ changed too) ending with:",
      hostedScheduleStatement(jobs),
    ].join("\n")).toEqual(hostedJobs(jobs));
  });

  it("changes when a job's function, SQL or cron schedule changes, but not with its local pace", () => {
    const { jobs } = readProjectConfig();
    const job = jobs[0]!;
    const again = (change: Partial<typeof job>) => hostedJobs([{ ...job, ...change }, ...jobs.slice(1)]);
    expect(again({ everyMs: job.everyMs * 7, wakeOnWrite: !job.wakeOnWrite })).toEqual(hostedJobs(jobs));
    expect(again({ cron: "0 0 1 1 *" })).not.toEqual(hostedJobs(jobs));
    expect(again({ run: { sql: "private.something_else()" } })).not.toEqual(hostedJobs(jobs));
    expect(hostedJobs(jobs.slice(1))).not.toEqual(hostedJobs(jobs));
  });
});
