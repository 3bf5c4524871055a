// The running stack, as `npm start` records it in the state folder: read by `npm run status`,
// the SQL console and the backfill, and printed by `npm start`.
import { existsSync, readFileSync } from "node:fs";
import { paths, type Keys } from "./config.ts";
import { readDemoLogins } from "./demo.ts";

export type Running = { pid: number; apiUrl: string; dbUrl: string | null; keys: Keys };

export async function formatStatus(r: Running, style: "env" | "pretty"): Promise<string> {
  const values: Array<[string, string]> = [
    ["API_URL", r.apiUrl],
    ["REST_URL", `${r.apiUrl}/rest/v1`],
    ["AUTH_URL", `${r.apiUrl}/auth/v1`],
    ["FUNCTIONS_URL", `${r.apiUrl}/functions/v1`],
    ["DB_URL", r.dbUrl ?? ""],
    ["PUBLISHABLE_KEY", r.keys.publishableKey],
    ["ANON_KEY", r.keys.publishableKey],
    ["SECRET_KEY", r.keys.secretKey],
    ["SERVICE_ROLE_KEY", r.keys.secretKey],
    ["JWT_SECRET", r.keys.jwtSecret],
  ];
  if (style === "env") return values.map(([k, v]) => `${k}="${v}"`).join("\n");
  const width = Math.max(...values.map(([k]) => k.length));
  const lines = values.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  const demo = readDemoLogins();
  if (demo?.logins.length) {
    lines.push("", `  Demo logins (password: ${demo.password}):`);
    for (const l of demo.logins) lines.push(`    ${l.name.padEnd(18)} ${l.email.padEnd(26)} ${l.about}`);
    for (const note of demo.notes) lines.push(`  ${note}`);
  }
  lines.push(`  Outbox (SMS, WhatsApp, email that would have gone out): ${r.apiUrl}/_outbox`);
  return lines.join("\n");
}

export function readRunning(): Running | null {
  if (!existsSync(paths.running)) return null;
  const running = JSON.parse(readFileSync(paths.running, "utf8")) as Running;
  try {
    process.kill(running.pid, 0);
    return running;
  } catch {
    return null;
  }
}
