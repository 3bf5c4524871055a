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
