// `npm run sql`: an SQL console on the running stack's database (embedded or native), as the
// database owner — for admins. Uses psql when it is installed, otherwise a small built-in
// console (statements end with `;`, `\q` quits).
//
//   npm run sql                                   interactive
//   npm run sql -- -c "select * from reporting.casting_funnel"
import { spawnSync } from "node:child_process";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { readRunning } from "../stack/running.ts";

const { values: args } = parseArgs({ options: { c: { type: "string" } } });
const url = process.env.DATABASE_URL ?? readRunning()?.dbUrl;
if (!url) {
  console.error("No database: start the stack with `npm start` (or set DATABASE_URL)");
  process.exit(1);
}

const psql = spawnSync("psql", ["--version"], { encoding: "utf8" });
if (psql.status === 0) {
  const run = spawnSync("psql", [url, ...(args.c ? ["-c", args.c] : [])], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

const sql = postgres(url, { max: 1, onnotice: (n) => console.log(`${n.severity}: ${n.message}`) });
async function execute(text: string) {
  try {
    const results = (await sql.unsafe(text).simple()) as unknown;
    const list = (Array.isArray(results) && Array.isArray(results[0]) ? results : [results]) as Array<Record<string, unknown>[] & { command?: string; count?: number }>;
    for (const r of list) {
      if (r.length) console.table([...r]);
      else console.log(`${r.command ?? "OK"}${r.count ? ` ${r.count}` : ""}`);
    }
  } catch (error) {
    console.error(`ERROR: ${(error as Error).message}`);
    return false;
  }
  return true;
}

if (args.c) {
  const ok = await execute(args.c);
  await sql.end();
  process.exit(ok ? 0 : 1);
}
const rl = createInterface({ input: process.stdin, output: process.stdout });
console.log(`connected to ${url.replace(/:[^:@/]+@/, ":***@")} — end statements with ; and type \\q to quit`);
let buffer = "";
for (;;) {
  const line = await rl.question(buffer ? "castmatch-# " : "castmatch=# ").catch(() => "\\q");
  if (line.trim() === "\\q") break;
  buffer += `${line}\n`;
  if (line.trimEnd().endsWith(";")) {
    await execute(buffer);
    buffer = "";
  }
}
rl.close();
await sql.end();
