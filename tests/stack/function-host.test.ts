// The edge-function side of the gateway, against fixture functions: JWT verification and
// its per-function opt-out, CORS preflight, env, one edge runtime with an isolate per function,
// a function that fails to boot or crashes, and clean shutdown.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, listFunctionNames, readProjectConfig } from "../../stack/config.ts";
import { SetupError } from "../../stack/database.ts";
import { FunctionHost } from "../../stack/functions.ts";
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

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

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

  it("runs every function in one edge runtime, each in its own isolate with its own env", async () => {
    const echo = await (await call("echo", bearer(keys.secretKey))).json();
    const open = await (await call("open")).json();
    expect(echo.pid).toBe(stack.functions.runtimePid);
    expect(open.pid).toBe(echo.pid);
    expect(echo.pid).not.toBe(process.pid);
    expect(open.isolate).not.toBe(echo.isolate);
    // echo set ECHO_WAS_HERE in its own env; open must not see it.
    expect(open.echoEnv).toBeNull();
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

  it("names the missing package and the fix when a function cannot load its dependencies", async () => {
    const res = await call("missing-dep");
    expect(res.status).toBe(503);
    const { message } = await res.json();
    expect(message).toMatch(/npm:left-pad@1\.3\.0/);
    expect(message).toMatch(/npm install/);
    expect(message).not.toMatch(/\n|    at /);
  });

  it("contains a function that crashes at run time: the others keep serving, and it boots again", async () => {
    const before = (await (await call("open")).json()).isolate;
    expect((await call("open/crash")).status).toBe(202);
    await until(() => stack.functions.status().open?.status === "failed");
    expect(stack.functions.status().open?.reason).toMatch(/crashed on purpose/);
    expect((await call("echo", bearer(keys.secretKey))).status).toBe(200);
    const after = await call("open");
    expect(after.status).toBe(200);
    expect((await after.json()).isolate).not.toBe(before);
  });

  it("ends only the calling function on Deno.exit", async () => {
    const runtime = stack.functions.runtimePid;
    expect((await call("open/exit")).status).toBe(202);
    await until(() => stack.functions.status().open?.status === "failed");
    expect(stack.functions.runtimePid).toBe(runtime);
    expect((await call("echo", bearer(keys.secretKey))).status).toBe(200);
    expect((await call("open")).status).toBe(200);
  });

  it("starts the edge runtime again when its process died", async () => {
    const first = stack.functions.runtimePid!;
    process.kill(first, "SIGKILL");
    await until(() => stack.functions.runtimePid !== first);
    const res = await call("open");
    expect(res.status).toBe(200);
    expect((await res.json()).pid).not.toBe(first);
  });
});

describe("a fresh clone", () => {
  it("boots every real function with the network unplugged and an empty Deno cache", async () => {
    const denoDir = mkdtempSync(join(tmpdir(), "castmatch-deno-"));
    const unplugged = "http://127.0.0.1:9"; // nothing listens on the discard port
    const host = new FunctionHost({
      names: listFunctionNames(),
      denoDir,
      hostEnv: { HTTPS_PROXY: unplugged, HTTP_PROXY: unplugged, NPM_CONFIG_REGISTRY: unplugged },
      env: { SUPABASE_URL: stack.apiUrl, SUPABASE_ANON_KEY: keys.publishableKey, SUPABASE_SERVICE_ROLE_KEY: keys.secretKey },
    });
    try {
      await host.startAll();
      const status = host.status();
      expect(Object.keys(status).length).toBeGreaterThanOrEqual(7);
      for (const [name, s] of Object.entries(status)) expect({ name, ...s }).toMatchObject({ name, status: "ready" });
      const health = await host.handle("health", "", new Request("http://x/functions/v1/health"));
      expect(health.status).toBe(200);
    } finally {
      await host.stop();
      rmSync(denoDir, { recursive: true, force: true });
    }
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
  it("stops the edge runtime", async () => {
    const own = await startStack({
      keys,
      port: 0,
      dbPort: null,
      seed: false,
      config: readProjectConfig(join(fixtures, "config.toml"), join(fixtures, "functions")),
    });
    const pid = (await (await fetch(`${own.apiUrl}/functions/v1/open`)).json()).pid as number;
    expect(pid).toBe(own.functions.runtimePid);
    expect(isAlive(pid)).toBe(true);
    await own.stop();
    expect(isAlive(pid)).toBe(false);
  });
});
