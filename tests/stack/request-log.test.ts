// Structured logs through the real gateway: one line per REST, auth, function and storage request
// with its request id (passed to the function and back in X-Request-Id), service, route, status,
// latency, user and role; bodies pass through untouched; nothing personal or secret in any line.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { memoryLogger } from "../../stack/logging.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const keys = generateKeys();
const logger = memoryLogger("info");
let stack: Stack;
let scratch: Scratch;

beforeAll(async () => {
  scratch = await scratchDatabase();
  stack = await startStack({
    keys, port: 0, dbPort: null, seed: false, databaseUrl: scratch.databaseUrl, scheduleEveryMs: 0, requestLog: logger,
    config: readProjectConfig(join(fixtures, "config.toml"), join(fixtures, "functions")),
  });
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

const lineFor = (requestId: string) => logger.lines.filter((l) => l.request_id === requestId);

describe("request logs", () => {
  it("write one line per request, for every service, with the id the response returns", async () => {
    const email = `logged.${Date.now()}@test.castmatch`;
    const signUp = await fetch(`${stack.apiUrl}/auth/v1/signup`, {
      method: "POST", headers: { apikey: keys.publishableKey, "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery", data: { full_name: "Ananya Iyer" } }),
    });
    expect(signUp.status).toBe(200);
    const session = (await signUp.json()) as { access_token: string; user: { id: string } };
    const rest = await fetch(`${stack.apiUrl}/rest/v1/profiles?select=id&full_name=eq.Ananya%20Iyer&phone=eq.9820012345`, {
      headers: { apikey: keys.publishableKey, authorization: `Bearer ${session.access_token}` },
    });
    const storage = await fetch(`${stack.apiUrl}/storage/v1/bucket`, { headers: { apikey: keys.publishableKey, authorization: `Bearer ${session.access_token}` } });
    const missing = await fetch(`${stack.apiUrl}/nowhere`);
    for (const [response, service] of [[signUp, "auth"], [rest, "rest"], [storage, "storage"], [missing, "gateway"]] as const) {
      const id = response.headers.get("x-request-id")!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const lines = lineFor(id);
      expect(lines, service).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: "info", msg: "request", service, status: response.status });
      expect(typeof lines[0]!.latency_ms).toBe("number");
    }
    const restLine = lineFor(rest.headers.get("x-request-id")!)[0]!;
    expect(restLine).toMatchObject({ route: "/rest/v1/profiles", query: "select,full_name,phone", user_id: session.user.id, role: "authenticated" });
    const everything = JSON.stringify(logger.lines);
    for (const secret of [email, "98200", "Ananya", session.access_token, keys.publishableKey, "correct horse"]) {
      expect(everything, secret).not.toContain(secret);
    }
  });

  it("pass the request id to the function, which sees it, and keep a caller's own id", async () => {
    const response = await fetch(`${stack.apiUrl}/functions/v1/open`, {
      method: "POST", headers: { "content-type": "application/json", "x-request-id": "client-chosen-42" }, body: JSON.stringify({ hello: "world" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("client-chosen-42");
    expect(lineFor("client-chosen-42")).toEqual([expect.objectContaining({ service: "functions", function: "open", method: "POST", role: "anon" })]);
    const echo = await fetch(`${stack.apiUrl}/functions/v1/echo`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys.secretKey}` }, body: JSON.stringify({ n: 1 }),
    });
    const seen = (await echo.json()) as { requestId: string; body: unknown };
    expect(seen).toMatchObject({ requestId: echo.headers.get("x-request-id"), body: { n: 1 } });
    expect(lineFor(seen.requestId)).toEqual([expect.objectContaining({ function: "echo", role: "service_role", status: 200 })]);
    // an id that could forge log lines is replaced
    const odd = await fetch(`${stack.apiUrl}/functions/v1/open`, { headers: { "x-request-id": "bad id \"level\":\"error\"" } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("log a refused JWT as a 401 without the token", async () => {
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const response = await fetch(`${stack.apiUrl}/functions/v1/echo`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    const line = lineFor(response.headers.get("x-request-id")!)[0]!;
    expect(line).toMatchObject({ status: 401, function: "echo" });
    expect(JSON.stringify(line)).not.toContain(forged);
  });
});
