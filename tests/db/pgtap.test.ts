// Runs every tests/db/*.sql pgTAP file on a fresh database of the chosen backend.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, prepareDatabase, type Database } from "../../stack/database.ts";
import { backendName, scratchDatabase, type Scratch } from "../support/backend.ts";
import { runPgTapFile } from "../support/pgtap.ts";
import { readFileSync } from "node:fs";

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();

describe(`pgTAP on ${backendName}`, () => {
  let db: Database;
  let scratch: Scratch;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    await prepareDatabase(db, { seed: false });
    await db.exec(readFileSync(join(dir, "helpers.sql"), "utf8"));
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it("has pgTAP files to run", () => expect(files.length).toBeGreaterThan(0));

  for (const file of files) {
    // The RLS matrix alone runs ~4,000 cells, each in a subtransaction (20-30 s on a quiet machine,
    // over 60 s on a loaded 2-core one): bounds for a loaded machine.
    it(file, { timeout: 300_000 }, async () => {
      const result = await runPgTapFile(db, join(dir, file));
      expect(result.problems, result.problems.join("\n")).toEqual([]);
      expect(result.passed).toBe(result.planned);
    });
  }
});
