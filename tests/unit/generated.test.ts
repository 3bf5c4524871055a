// Generated artefacts must match their sources, and the migration history follows its rules
// (scripts/lib/migrations.ts): no released migration changed, new ones after the released ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paths } from "../../stack/config.ts";
import { checkMigrations, releasedMigrations } from "../../scripts/lib/migrations.ts";

describe("supabase/migrations", () => {
  it("keeps every released migration byte for byte and follows the naming and ordering rules", () => {
    expect(releasedMigrations().size).toBeGreaterThanOrEqual(19);
    expect(checkMigrations()).toEqual([]);
  });
});

describe("generated seed", () => {
  it("supabase/seed.sql is exactly what seed/generate.ts produces", async () => {
    const { generateSeed } = await import("../../seed/generate.ts");
    expect(readFileSync(paths.seed, "utf8"), "seed drifted: run npm run gen:seed").toBe(generateSeed());
  });

  it("seed/demo-logins.json, which `npm start` prints, is exactly what seed/generate.ts produces", async () => {
    const { generateDemoLogins } = await import("../../seed/generate.ts");
    expect(readFileSync(join(paths.root, "seed", "demo-logins.json"), "utf8"), "demo logins drifted: run npm run gen:seed").toBe(generateDemoLogins());
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
