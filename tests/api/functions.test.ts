// Every edge function in supabase/config.toml answers a CORS preflight and refuses a method
// its contract lacks with 405, a JSON error and an Allow header.
import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { readProjectConfig } from "../../stack/config.ts";

const stack = inject("stack");
const names = Object.keys(readProjectConfig().functions);

describe("every function", () => {
  it("is configured", () => {
    expect(names).toEqual(expect.arrayContaining(["embed", "talent-search", "match-talent", "submit", "shared-shortlist", "deliver-notifications"]));
  });

  it.each(names)("%s answers CORS preflights and 405s a wrong method", async (name) => {
    const preflight = await fetch(`${stack.apiUrl}/functions/v1/${name}`, { method: "OPTIONS" });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("apikey");
    const wrong = await fetch(`${stack.apiUrl}/functions/v1/${name}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${stack.secretKey}`, apikey: stack.publishableKey, "content-type": "application/json" },
      body: "{}",
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toMatch(/OPTIONS/);
    expect((await wrong.json()).error).toBe("method_not_allowed");
  });
});

describe("npm run sql", () => {
  it("runs a statement against the stack's database and prints the admin reports", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/sql-console.ts", "-c",
      "select role, submissions from reporting.casting_funnel where project = 'Bombay Nights' order by role"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: stack.dbUrl ?? process.env.CASTMATCH_TEST_SERVER_URL ?? "" },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Meera Joshi");
    expect(run.stdout).toContain("College friend");
  });
});
