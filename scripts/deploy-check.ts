// Proves the Supabase deploy path with the real Supabase CLI, on a freshly bootstrapped
// native database: `db push` of supabase/migrations succeeds, `db lint` finds no errors in
// public, `db advisors` finds nothing at WARN or above, and `gen types` equals types/database.ts.
//
//   npm run deploy:check               check (CI)
//   npm run deploy:check -- --write    regenerate types/database.ts
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { bootstrapSql } from "../stack/bootstrap.ts";
import { paths } from "../stack/config.ts";
import { createScratchDatabase, nativeServer } from "./lib/native-server.ts";

const write = process.argv.includes("--write");
const typesFile = join(paths.root, "types", "database.ts");
const cli = join(paths.root, "node_modules", ".bin", "supabase");

function supabase(step: string, args: string[]): string {
  process.stdout.write(`[deploy-check] ${step}… `);
  const started = Date.now();
  const r = spawnSync(cli, [...args, "--workdir", paths.root], {
    encoding: "utf8",
    env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
  if (r.status !== 0) {
    console.log("failed");
    throw new Error(`supabase ${args[0]} ${args[1] ?? ""} exited ${r.status}:\n${out}`);
  }
  console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return r.stdout ?? "";
}

const server = await nativeServer();
const scratch = await createScratchDatabase(server.url, "castmatch_deploy");
let failed = false;
try {
  const target = scratch.url;
  const db = postgres(target, { max: 1, onnotice: () => {} });
  await db.unsafe(bootstrapSql()).simple();
  await db.end();

  const remote = `--remote=${target}`;
  supabase("db push", ["db", "push", remote, "--yes"]);
  const lint = supabase("db lint", ["db", "lint", remote, "--schema", "public", "--level", "error", "--fail-on", "error"]);
  if (lint.trim()) console.log(lint.trim());
  const advisors = supabase("db advisors", ["db", "advisors", remote, "--type", "all", "--level", "warn", "--fail-on", "warn"]);
  if (advisors.trim()) console.log(advisors.trim());
  const types = supabase("gen types", ["gen", "types", "--lang", "typescript", remote, "--schema", "public"]);
  if (write) {
    writeFileSync(typesFile, types);
    console.log(`[deploy-check] wrote ${typesFile}`);
  } else if (readFileSync(typesFile, "utf8") !== types) {
    throw new Error("types/database.ts differs from `supabase gen types`: run `npm run deploy:check -- --write` and commit it");
  }
  console.log("[deploy-check] the Supabase deploy path works");
} catch (error) {
  failed = true;
  console.error(`[deploy-check] ${(error as Error).message}`);
} finally {
  await scratch.drop();
  server.stop();
}
process.exit(failed ? 1 : 0);
