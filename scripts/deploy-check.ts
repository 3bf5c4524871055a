// Proves the Supabase deploy path with the real Supabase CLI, on a freshly bootstrapped
// native database: `db push` of supabase/migrations succeeds, `db lint` finds no errors in
// public, `db advisors` finds nothing at WARN or above, and `gen types` equals types/database.ts.
//
//   npm run deploy:check               check (CI)
//   npm run deploy:check -- --write    regenerate types/database.ts
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { bootstrapSql } from "../stack/bootstrap.ts";
import { paths } from "../stack/config.ts";
import { nativeServer } from "./lib/native-server.ts";

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
const name = `castmatch_deploy_${randomBytes(4).toString("hex")}`;
const admin = postgres(server.url, { max: 1, onnotice: () => {} });
let failed = false;
try {
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  url.searchParams.set("sslmode", "disable"); // loopback; no TLS to negotiate
  const target = url.toString();
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
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
  server.stop();
}
process.exit(failed ? 1 : 0);
