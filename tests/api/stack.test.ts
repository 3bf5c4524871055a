// The project's own stack through supabase-js, as a client app sees it.
import { describe, expect, inject, it } from "vitest";
import { client, signedUpClient } from "../support/clients.ts";

const stack = inject("stack");

describe("gateway", () => {
  it("answers /functions/v1/health without a JWT", async () => {
    const res = await fetch(`${stack.apiUrl}/functions/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", runtime: expect.stringMatching(/^deno 2\./) });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers the CORS preflight supabase-js browsers send", async () => {
    const res = await fetch(`${stack.apiUrl}/functions/v1/health`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(200);
    const allowed = res.headers.get("access-control-allow-headers") ?? "";
    for (const h of ["authorization", "x-client-info", "apikey", "content-type"]) expect(allowed).toContain(h);
  });

  it("answers 405 for a wrong method on health", async () => {
    expect((await fetch(`${stack.apiUrl}/functions/v1/health`, { method: "DELETE" })).status).toBe(405);
  });

  it("answers 404 outside the Supabase routes (no studio, no admin UI)", async () => {
    expect((await fetch(`${stack.apiUrl}/`)).status).toBe(404);
    expect((await fetch(`${stack.apiUrl}/functions/v1/no-such-function`)).status).toBe(404);
  });
});

describe("auth and REST through supabase-js", () => {
  it("signs a user up and in, and reads the user back with their token", async () => {
    const { client: c, email } = await signedUpClient(stack.apiUrl, stack.publishableKey);
    const { data, error } = await c.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    const again = client(stack.apiUrl, stack.publishableKey);
    const signIn = await again.auth.signInWithPassword({ email, password: "correct horse battery" });
    expect(signIn.error).toBeNull();
    const wrong = await again.auth.signInWithPassword({ email, password: "wrong password" });
    expect(wrong.error).not.toBeNull();
  });

  it("refuses a REST request with no API key instead of elevating it (admin mode is off)", async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/some_table`);
    expect(res.status).toBe(401);
  });

  it("refuses an unknown API key", async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/some_table`, { headers: { apikey: "sb_publishable_not_ours" } });
    expect(res.status).toBe(401);
  });

  it("exposes the database to SQL tools through DB_URL", async () => {
    expect(stack.dbUrl).toMatch(/^postgres(ql)?:\/\//);
    const { default: postgres } = await import("postgres");
    const sql = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from supabase_migrations.schema_migrations`;
      expect(row!.n).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  });
});

describe("demo seed", () => {
  it("lets every demo persona sign in with the printed password", async () => {
    const { readDemoLogins } = await import("../../stack/demo.ts");
    const demo = readDemoLogins()!;
    expect(demo.logins.length).toBeGreaterThan(0);
    for (const login of demo.logins) {
      const c = client(stack.apiUrl, stack.publishableKey);
      const { data, error } = await c.auth.signInWithPassword({ email: login.email, password: demo.password });
      expect(error, login.email).toBeNull();
      expect(data.user?.email).toBe(login.email);
    }
  });
});
