// Generated artefacts must match their sources: a change to sql/ or policies/ without
// `npm run gen:migrations` fails the suite.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paths } from "../../stack/config.ts";
import { generateMigrations } from "../../scripts/gen-migrations.ts";

describe("generated files", () => {
  it("supabase/migrations is exactly what sql/ and policies/ generate", () => {
    const wanted = generateMigrations();
    const present = readdirSync(paths.migrations).filter((f) => f.endsWith(".sql")).sort();
    expect(present).toEqual([...wanted.keys()].sort());
    for (const [file, text] of wanted) {
      expect(readFileSync(join(paths.migrations, file), "utf8"), `${file} drifted: run npm run gen:migrations`).toBe(text);
    }
  });
});

describe("generated seed", () => {
  it("supabase/seed.sql is exactly what seed/generate.ts produces", async () => {
    const { generateSeed } = await import("../../seed/generate.ts");
    expect(readFileSync(paths.seed, "utf8"), "seed drifted: run npm run gen:seed").toBe(generateSeed());
  });
});

describe("generated OpenAPI document", () => {
  it("types/functions.openapi.json is what the function contracts generate", async () => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync("npm", ["run", "--silent", "gen:openapi", "--", "--check"], { cwd: paths.root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});

describe("write-safety settings", () => {
  it("the database's defaults (sql/97_safety.sql) are supabase/config.toml's, which the stack writes at start", async () => {
    const { readProjectConfig } = await import("../../stack/config.ts");
    const { safety } = readProjectConfig();
    const sql = readFileSync(join(paths.root, "sql", "97_safety.sql"), "utf8");
    const defaultOf = (column: string) => Number(new RegExp(`${column} integer not null default (\\d+)`).exec(sql)?.[1]);
    expect(defaultOf("max_affected_rows")).toBe(safety.maxAffectedRows);
    expect(defaultOf("archive_retention_days")).toBe(safety.archiveRetentionDays);
    expect(safety.pgSafeUpdate).toBe(true);
  });
});
