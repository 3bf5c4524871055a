// Runs pgTAP files through our database handle, so the same runner serves PGlite and
// native PostgreSQL. Each file is `begin; select plan(n); … select * from finish(); rollback;`.
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Database } from "../../stack/database.ts";

export type FileResult = { file: string; planned: number; passed: number; failed: number; problems: string[] };

const TAP_LINE = /^(?:(not )?ok \d+|1\.\.\d+|#)/;

export function parseTap(lines: string[]): Omit<FileResult, "file"> {
  let planned = -1;
  let passed = 0;
  let failed = 0;
  const problems: string[] = [];
  let lastFailure: string[] | null = null;
  for (const line of lines) {
    const plan = /^1\.\.(\d+)/.exec(line);
    if (plan) planned = Number(plan[1]);
    else if (line.startsWith("ok ")) {
      passed++;
      lastFailure = null;
    } else if (line.startsWith("not ok ")) {
      failed++;
      lastFailure = [line];
      problems.push(line);
    } else if (line.startsWith("#") && lastFailure) {
      problems.push(`  ${line}`);
    }
  }
  if (planned < 0) problems.push("no plan: the file must call plan(n)");
  else if (passed + failed !== planned) {
    problems.push(`planned ${planned} tests but ran ${passed + failed}`);
  }
  return { planned, passed, failed, problems };
}

function tapLines(resultSets: Record<string, unknown>[][]): string[] {
  const lines: string[] = [];
  for (const rows of resultSets) {
    for (const row of rows) {
      const values = Object.values(row);
      if (values.length !== 1 || typeof values[0] !== "string") continue;
      for (const line of values[0].split("\n")) if (TAP_LINE.test(line)) lines.push(line);
    }
  }
  return lines;
}

/** The file's SQL with psql's `\\ir other.sql` includes expanded (relative to the file). */
export function expandIncludes(file: string): string {
  return readFileSync(file, "utf8").replace(/^\\ir\s+(\S+)\s*$/gm, (_, included: string) =>
    expandIncludes(join(dirname(file), included)));
}

export async function runPgTapFile(db: Database, file: string): Promise<FileResult> {
  const name = basename(file);
  try {
    const result = parseTap(tapLines(await db.exec(expandIncludes(file))));
    // A file whose plan did not add up counts as one more failure.
    return { file: name, ...result, failed: result.failed + (result.problems.length && !result.failed ? 1 : 0) };
  } catch (error) {
    await db.exec("rollback").catch(() => {});
    return { file: name, planned: 0, passed: 0, failed: 1, problems: [`error: ${(error as Error).message}`] };
  }
}
