// Rate limits through the gateway, with the project's own supabase/config.toml: a password
// guesser is refused with 429, Retry-After, RateLimit-* and a JSON error; a user's calls of a
// function are counted per user, an anonymous caller's per address; and the limiter's state in
// PostgreSQL is shared by several gateways without ever letting more through than a bucket holds.
import { describe, expect, inject, it } from "vitest";
import { readProjectConfig } from "../../stack/config.ts";
import { PostgresStore } from "../../stack/rate-limit.ts";
import { DEMO_PASSWORD } from "../../seed/personas.ts";
import { nativeServerUrl } from "../support/backend.ts";
import { deviceAddress, signedUpClient } from "../support/clients.ts";
import { email } from "../support/personas.ts";

const stack = inject("stack");
const limits = readProjectConfig().rateLimits;

function signIn(address: string, password: string) {
  return fetch(`${stack.apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: stack.publishableKey, "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ email: email("talent"), password }),
  });
}

function call(name: string, init: { address: string; token?: string; body?: string; method?: string; query?: string }) {
  return fetch(`${stack.apiUrl}/functions/v1/${name}${init.query ?? ""}`, {
    method: init.method ?? "POST",
    headers: {
      apikey: stack.publishableKey,
      "content-type": "application/json",
      "x-forwarded-for": init.address,
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.method === "GET" ? {} : { body: init.body ?? "{}" }),
  });
}

async function expectRefusal(res: Response, limit: number) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.headers.get("ratelimit-limit")).toBe(String(limit));
  expect(res.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  expect(res.headers.get("ratelimit-policy")).toMatch(/^\d+;w=\d+;burst=\d+;comment="[^"]+"$/);
  const body = await res.json();
  expect(body).toMatchObject({ error: "over_request_rate_limit", message: expect.stringMatching(/try again in \d+ s$/) });
  return body as { error: string; message: string; error_code?: string };
}

describe("a password guesser", () => {
  it("is refused from their address long before 100 tries, while the account still opens elsewhere", async () => {
    const guesser = deviceAddress();
    const { burst, windowMs, limit } = limits.auth.sign_in_sign_ups;
    const started = Date.now();
    let refusedAt = 0;
    for (let attempt = 1; attempt <= 100 && !refusedAt; attempt++) {
      const res = await signIn(guesser, `guess-${attempt}`);
      if (res.status === 429) {
        refusedAt = attempt;
        const body = await expectRefusal(res, burst);
        expect(body.error_code).toBe("over_request_rate_limit"); // what supabase-js's auth client reads
        expect(body.message).toMatch(/sign-in and sign-up attempts/);
      } else {
        expect(res.status).toBe(400); // invalid_credentials
        expect(Number(res.headers.get("ratelimit-remaining"))).toBeLessThan(burst);
      }
    }
    // The bucket's burst, and what refilled while the guesses were checked (one per window / limit).
    const refilled = Math.floor((Date.now() - started) / (windowMs / limit));
    expect(refusedAt).toBeGreaterThan(burst);
    expect(refusedAt).toBeLessThanOrEqual(burst + 1 + refilled);
    expect(refusedAt).toBeLessThan(50);
    // The right password from the same address waits too; from another, the talent signs in.
    expect((await signIn(guesser, DEMO_PASSWORD)).status).toBe(429);
    expect((await signIn(deviceAddress(), DEMO_PASSWORD)).status).toBe(200);
  });
});

describe("function limits", () => {
  it("count a signed-in user's calls per user, whatever their address, and leave other users alone", async () => {
    const limit = limits.functions["match-talent"]!.burst;
    const alice = await signedUpClient(stack.apiUrl, stack.publishableKey, "ratelimit");
    const started = Date.now();
    for (let i = 1; i <= limit; i++) {
      // An invalid body is refused by the function (400) but is still a call.
      const res = await call("match-talent", { address: deviceAddress(), token: alice.accessToken });
      expect(res.status, `call ${i}`).toBe(400);
    }
    // What refilled while a loaded machine sent them is answered too (the bucket refills at its rate).
    const rule = limits.functions["match-talent"]!;
    const refill = Math.ceil(((Date.now() - started) / rule.windowMs) * rule.limit) + 1;
    let last = await call("match-talent", { address: deviceAddress(), token: alice.accessToken });
    for (let extra = 0; extra < refill && last.status === 400; extra++) {
      last = await call("match-talent", { address: deviceAddress(), token: alice.accessToken });
    }
    const body = await expectRefusal(last, limit);
    expect(body.message).toMatch(/match-talent/);
    const bob = await signedUpClient(stack.apiUrl, stack.publishableKey, "ratelimit");
    expect((await call("match-talent", { address: deviceAddress(), token: bob.accessToken })).status).toBe(400);
  });

  it("count an anonymous caller's calls per address", async () => {
    const limit = limits.functions["shared-shortlist"]!.burst;
    const address = deviceAddress();
    const open = (from: string) => call("shared-shortlist", { address: from, method: "GET", query: "?token=not-a-token" });
    // A burst's worth is answered; then, allowing for what refills while a loaded machine sends
    // them (the bucket refills at its rate), the address is refused.
    const started = Date.now();
    for (let i = 1; i <= limit; i++) expect((await open(address)).status, `call ${i}`).toBe(400);
    const rule = limits.functions["shared-shortlist"]!;
    const refill = Math.ceil(((Date.now() - started) / rule.windowMs) * rule.limit) + 1;
    let refused: Response | null = null;
    for (let extra = 0; extra <= refill && !refused; extra++) {
      const res = await open(address);
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(400);
    }
    expect(refused, `still answered after ${limit + refill} calls`).not.toBeNull();
    await expectRefusal(refused!, limit);
    expect((await open(deviceAddress())).status).toBe(400);
  });

  it("leave health unlimited, for probes and benchmarks", async () => {
    const address = deviceAddress();
    for (let i = 0; i < 150; i++) {
      const res = await call("health", { address, method: "GET" });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    }
  });
});

describe("REST writes", () => {
  it("are counted per user and say so; reads are not", async () => {
    const user = await signedUpClient(stack.apiUrl, stack.publishableKey, "ratelimit");
    const other = await signedUpClient(stack.apiUrl, stack.publishableKey, "ratelimit-other");
    const write = (token: string) =>
      fetch(`${stack.apiUrl}/rest/v1/projects?id=eq.${crypto.randomUUID()}`, {
        method: "PATCH",
        headers: { apikey: stack.publishableKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "nothing matches" }),
      });
    // Twenty writes at once by one user, then one by another; each user has a bucket of their
    // own. The bucket refills one write per 100 ms, so the first user's lowest "remaining" is at
    // most what twenty writes leave plus what refilled while they ran (a loaded machine is slower,
    // not wrong).
    const t0 = Date.now();
    const burst = await Promise.all(Array.from({ length: 20 }, () => write(user.accessToken)));
    const refilled = Math.ceil((Date.now() - t0) / 100);
    const theirs = await write(other.accessToken);
    expect(burst[0]!.headers.get("ratelimit-policy")).toContain('comment="rest_writes"');
    const lowest = Math.min(...burst.map((r) => Number(r.headers.get("ratelimit-remaining"))));
    const limit = Number(theirs.headers.get("ratelimit-limit"));
    expect(Number(theirs.headers.get("ratelimit-remaining"))).toBe(limit - 1);
    expect(lowest, `the burst took ${refilled * 100} ms`).toBeLessThanOrEqual(Math.min(limit - 2, limit - 20 + refilled));
    const read = await fetch(`${stack.apiUrl}/rest/v1/projects?select=id`, { headers: { apikey: stack.publishableKey, authorization: `Bearer ${user.accessToken}` } });
    expect(read.status).toBe(200);
    expect(read.headers.get("ratelimit-policy")).toBeNull();
  });
});

/** A PostgreSQL for the store: the test stack's own on native; on embedded (whose one process
 *  never shares its database) a PGlite of its own behind a socket that takes several connections. */
async function storeDatabase(): Promise<{ url: string; close(): Promise<unknown> }> {
  if (nativeServerUrl) return { url: stack.dbUrl!, close: async () => {} };
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const port = server.getServerConn().split(":").pop();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`, close: () => server.stop().then(() => db.close()) };
}

describe("the PostgreSQL store", () => {
  it("lets two gateways on one database through no more than one bucket holds, however they race", async () => {
    const database = await storeDatabase();
    const gateways = [new PostgresStore(database.url), new PostgresStore(database.url)];
    try {
      const key = `test|${crypto.randomUUID()}`;
      // 10 a minute in bursts of 10: 40 simultaneous requests, 20 through each gateway.
      const takes = await Promise.all(Array.from({ length: 40 }, (_, i) => gateways[i % 2]!.take(key, 6_000, 9 * 6_000)));
      expect(takes.filter((t) => t.allowed)).toHaveLength(10);
      const refused = takes.filter((t) => !t.allowed);
      // Each refusal knows how long until the next token: at most one interval.
      for (const t of refused) expect(t.aheadMs - 9 * 6_000).toBeLessThanOrEqual(6_000);
    } finally {
      await Promise.all(gateways.map((g) => g.close()));
      await database.close();
    }
  });
});
