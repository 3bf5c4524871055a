// `npm run db:check`: the rules of supabase/migrations/ (scripts/lib/migrations.ts): names and
// versions, no released migration changed, new ones after the released ones, `concurrently` on
// its own, and squawk's lint of every unreleased migration. `-- --seal` records every present
// migration as released (when cutting a release). CI runs it; `npm run db:diff -- --check` is the
// other half (the migrations give the schema of sql/ + policies/).
import { relative } from "node:path";
import { paths } from "../stack/config.ts";
import { lintMigrations } from "./lib/migration-lint.ts";
import { checkMigrations, sealMigrations, unreleasedMigrations } from "./lib/migrations.ts";

if (process.argv.includes("--seal")) {
  const problems = checkMigrations();
  if (problems.length) {
    for (const p of problems) console.error(`db:check: ${p}`);
    process.exit(1);
  }
  console.log(`db:check: ${sealMigrations()} migrations recorded as released in supabase/released-migrations.sha256`);
  process.exit(0);
}
const problems = checkMigrations();
const unreleased = unreleasedMigrations();
const findings = lintMigrations(unreleased);
for (const p of problems) console.error(`db:check: ${p}`);
for (const f of findings) console.error(`db:check: lint: ${f}`);
if (problems.length || findings.length) {
  if (findings.length) console.error("db:check: see .squawk.toml for the rules; a finding that is safe here can be waived in the file with `-- squawk-ignore <rule>` and a comment saying why");
  process.exit(1);
}
console.log(`db:check: migrations ok (${unreleased.length} unreleased: ${unreleased.map((f) => relative(paths.migrations, f)).join(", ") || "none"})`);
