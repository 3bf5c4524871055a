// The edge-function side of the gateway, against fixture functions: JWT verification and
// its per-function opt-out, CORS preflight, env, per-function processes, a function that
// fails to boot, and clean shutdown.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { SetupError } from "../../stack/database.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";
import { signJwt } from "../support/clients.ts";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const keys = generateKeys();
let stack: Stack;
let scratch: Scratch;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  scratch = await scratchDatabase();
  stack = await startStack({
    keys,
    port: 0,
    dbPort: null,
    seed: false,
    databaseUrl: scratch.databaseUrl,
    config: readProjectConfig(join(fixtures, "config.toml"), join(fixtures, "functions")),
  });
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

const call = (path: string, init: RequestInit = {}) => fetch(`${stack.apiUrl}/functions/v1/${path}`, init);
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("JWT verification (verify_jwt on by default)", () => {
  it("refuses a request without Authorization", async () => {
    const res = await call("echo");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: "Missing authorization header" });
  });

  it("refuses a token signed with another secret", async () => {
    const forged = await signJwt("not-the-project-secret-not-the-project-secret", { sub: crypto.randomUUID(), role: "authenticated" });
    expect((await call("echo", bearer(forged))).status).toBe(401);
  });

  it("refuses an expired token", async () => {
    const expired = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" }, -60);
    const res = await call("echo", bearer(expired));
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/Invalid JWT/);
  });

  it("refuses the publishable key alone (it is not a JWT)", async () => {
    expect((await call("echo", bearer(keys.publishableKey))).status).toBe(401);
  });

  it("passes a valid user JWT through, with path, query and body", async () => {
    const token = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" });
    const res = await call("echo/sub/path?x=1", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ method: "POST", path: "/echo/sub/path", search: "?x=1", body: { hello: "world" } });
  });

  it("accepts the service-role key", async () => {
    expect((await call("echo", bearer(keys.secretKey))).status).toBe(200);
  });

  it("lets a CORS preflight through without a JWT", async () => {
    const res = await call("echo", { method: "OPTIONS" });
    expect(res.status).not.toBe(401);
  });
});

describe("function runtime", () => {
  it("serves an opted-out function without a JWT", async () => {
    expect((await call("open")).status).toBe(200);
  });

  it("gives functions Supabase's environment", async () => {
    const res = await call("echo", bearer(keys.secretKey));
    const { env } = await res.json();
    expect(env).toEqual({
      SUPABASE_URL: stack.apiUrl,
      SUPABASE_ANON_KEY: keys.publishableKey,
      SUPABASE_SERVICE_ROLE_KEY: keys.secretKey,
      SUPABASE_DB_URL: expect.any(String),
    });
  });

  it("runs each function in its own process", async () => {
    const a = (await (await call("echo", bearer(keys.secretKey))).json()).pid;
    const b = (await (await call("open")).json()).pid;
    expect(a).not.toBe(b);
    expect(a).not.toBe(process.pid);
  });

  it("answers 503 with the reason for a function that failed to boot, and keeps serving the others", async () => {
    const res = await call("broken", bearer(keys.secretKey));
    expect(res.status).toBe(503);
    expect((await res.json()).message).toMatch(/broken on purpose at boot/);
    expect((await call("open")).status).toBe(200);
    expect(stack.functions.status()).toMatchObject({ broken: { status: "failed" }, open: { status: "ready" } });
  });

  it("answers 404 for an unknown function", async () => {
    expect((await call("nope", bearer(keys.secretKey))).status).toBe(404);
  });

  it("restarts a function whose process died", async () => {
    const first = (await (await call("open")).json()).pid;
    process.kill(first, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const res = await call("open");
    expect(res.status).toBe(200);
    expect((await res.json()).pid).not.toBe(first);
  });
});

describe("start-up errors", () => {
  it("names the taken port in one line", async () => {
    const port = Number(new URL(stack.apiUrl).port);
    const error = await startStack({ keys, port, dbPort: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toBe(`API port ${port} is already in use (is another stack running? \`npm run status\`)`);
  });
});

describe("shutdown", () => {
  it("stops every function process", async () => {
    const own = await startStack({
      keys,
      port: 0,
      dbPort: null,
      seed: false,
      config: readProjectConfig(join(fixtures, "config.toml"), join(fixtures, "functions")),
    });
    const pid = (await (await fetch(`${own.apiUrl}/functions/v1/open`)).json()).pid as number;
    expect(isAlive(pid)).toBe(true);
    await own.stop();
    expect(isAlive(pid)).toBe(false);
  });
});
