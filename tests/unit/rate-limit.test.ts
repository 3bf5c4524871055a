// The gateway's rate limiter (stack/rate-limit.ts) on a simulated clock: the buckets config.toml
// describes, who counts as whom, and a casting call's peak against the project's real limits.
import { describe, expect, it } from "vitest";
import { generateKeys, readProjectConfig, signJwt } from "../../stack/config.ts";
import { MemoryStore, RateLimiter, clientAddress, readRateLimits, withHeaders, type RateLimitConfig } from "../../stack/rate-limit.ts";
import { deviceAddress } from "../support/clients.ts";

const keys = generateKeys();
const api = "http://127.0.0.1:54321";

function limiterAt(clock: { now: number }, config: RateLimitConfig = readProjectConfig().rateLimits) {
  return new RateLimiter({ config, store: new MemoryStore(() => clock.now), jwtSecret: keys.jwtSecret, serviceKey: keys.secretKey });
}

const request = (method: string, path: string, headers: Record<string, string> = {}) =>
  new Request(`${api}${path}`, { method, headers: { apikey: keys.publishableKey, ...headers } });

const from = (address: string, token?: string) => ({ "x-forwarded-for": address, ...(token ? { authorization: `Bearer ${token}` } : {}) });

async function status(limiter: RateLimiter, req: Request, peer = "127.0.0.1"): Promise<number> {
  const verdict = await limiter.check(req, peer);
  return "refused" in verdict ? verdict.refused.status : 200;
}

describe("config.toml", () => {
  it("keys auth limits as [auth.rate_limit] does, per 5 minutes in buckets of at most 30, and functions per minute", () => {
    const config = readRateLimits(
      { auth: { rate_limit: { sign_in_sign_ups: 10, token_refresh: 150 } }, functions: { submit: { rate_limit_per_minute: 5 }, health: { rate_limit_per_minute: 0 } }, api: { rate_limit_writes_per_minute: 100 } },
      ["submit", "health", "talent-search"],
    );
    expect(config.auth.sign_in_sign_ups).toMatchObject({ limit: 10, burst: 10, windowMs: 300_000, scope: "ip" });
    expect(config.auth.token_refresh).toMatchObject({ limit: 150, burst: 30, windowMs: 300_000, scope: "ip" });
    expect(config.auth.token_verifications).toMatchObject({ limit: 30 }); // Supabase's default
    expect(config.auth.email_sent).toMatchObject({ windowMs: 3_600_000, scope: "project" });
    expect(config.functions.submit).toMatchObject({ limit: 5, windowMs: 60_000, scope: "user" });
    expect(config.functions.health).toBeNull();
    expect(config.functions["talent-search"]).toMatchObject({ limit: 120 });
    expect(config.restWrites).toMatchObject({ limit: 100, scope: "user" });
  });

  it("refuses a limit that is not a number of requests", () => {
    expect(() => readRateLimits({ auth: { rate_limit: { token_refresh: -1 } } }, [])).toThrow(/auth.rate_limit.token_refresh/);
    expect(() => readRateLimits({ functions: { submit: { rate_limit_per_minute: "many" } } } as never, ["submit"])).toThrow(/functions.submit/);
  });

  it("has the project's limits in supabase/config.toml", () => {
    const { auth, functions } = readProjectConfig().rateLimits;
    expect(auth.sign_in_sign_ups.limit).toBeLessThanOrEqual(30);
    expect(functions.health).toBeNull();
    expect(functions["talent-search"]?.limit).toBeGreaterThanOrEqual(30);
  });
});

describe("who is asking", () => {
  const req = (xff?: string) => request("GET", "/", xff ? { "x-forwarded-for": xff } : {});

  it("believes X-Forwarded-For only from a proxy on this machine, and only its last entry", () => {
    expect(clientAddress(req("203.0.113.9"), "198.51.100.1")).toBe("198.51.100.1");
    expect(clientAddress(req("1.1.1.1, 203.0.113.9"), "127.0.0.1")).toBe("203.0.113.9");
    expect(clientAddress(req("203.0.113.9:4711"), "::ffff:127.0.0.1")).toBe("203.0.113.9");
    expect(clientAddress(req("garbage"), "127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress(req(), "::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("tells the test suite's clients apart (each names an address of its own)", () => {
    const [a, b] = [clientAddress(req(deviceAddress()), "127.0.0.1"), clientAddress(req(deviceAddress()), "127.0.0.1")];
    expect(a).toMatch(/^fd00:.*::\/64$/);
    expect(b).toMatch(/^fd00:.*::\/64$/);
    expect(a).not.toBe(b);
  });

  it("counts IPv6 clients per /64", () => {
    expect(clientAddress(req("2001:db8:1:2:aaaa::1"), "127.0.0.1")).toBe("2001:db8:1:2::/64");
    expect(clientAddress(req("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "127.0.0.1")).toBe("2001:db8:1:2::/64");
    expect(clientAddress(req("[2001:db8::9]:443"), "127.0.0.1")).toBe("2001:db8:0:0::/64");
  });
});

describe("buckets", () => {
  it("let a burst through, refuse the next request with Retry-After, and refill at the configured rate", async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    const signIn = () => request("POST", "/auth/v1/token?grant_type=password", from("203.0.113.7"));
    for (let i = 0; i < 30; i++) expect(await status(limiter, signIn())).toBe(200);
    const refused = await limiter.check(signIn(), "127.0.0.1");
    expect("refused" in refused && refused.refused.headers.get("retry-after")).toBe("10"); // 30 per 300 s: one every 10 s
    clock.now += 10_000;
    expect(await status(limiter, signIn())).toBe(200);
    expect(await status(limiter, signIn())).toBe(429);
    // Another address, and the other auth buckets, are their own.
    expect(await status(limiter, request("POST", "/auth/v1/token?grant_type=password", from("203.0.113.8")))).toBe(200);
    expect(await status(limiter, request("POST", "/auth/v1/token?grant_type=refresh_token", from("203.0.113.7")))).toBe(200);
    expect(await status(limiter, request("GET", "/auth/v1/verify?type=signup&token=x", from("203.0.113.7")))).toBe(200);
  });

  it("count a signed-in user's calls per user, whatever their address, and an anonymous caller's per address", async () => {
    const clock = { now: 0 };
    const config = readRateLimits({ functions: { "match-talent": { rate_limit_per_minute: 3 } } }, ["match-talent"]);
    const limiter = limiterAt(clock, config);
    const alice = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" });
    const call = (headers: Record<string, string>) => request("POST", "/functions/v1/match-talent", headers);
    for (const address of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) expect(await status(limiter, call(from(address, alice)))).toBe(200);
    expect(await status(limiter, call(from("203.0.113.4", alice)))).toBe(429);
    const bob = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" });
    expect(await status(limiter, call(from("203.0.113.1", bob)))).toBe(200);
    // A token signed with another secret names nobody: its caller counts by address.
    const forged = await signJwt("another-secret-another-secret-another-secret", { sub: crypto.randomUUID(), role: "authenticated" });
    for (let i = 0; i < 3; i++) expect(await status(limiter, call(from("198.51.100.5", forged)))).toBe(200);
    expect(await status(limiter, call(from("198.51.100.5")))).toBe(429);
    // The service role is never limited; reads and preflights are not counted.
    for (let i = 0; i < 10; i++) expect(await status(limiter, call({ authorization: `Bearer ${keys.secretKey}` }))).toBe(200);
    expect(await status(limiter, request("OPTIONS", "/functions/v1/match-talent", from("203.0.113.4", alice)))).toBe(200);
  });

  it("count REST writes and RPC calls, not reads", async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock, readRateLimits({ api: { rate_limit_writes_per_minute: 2 } }, []));
    const user = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" });
    for (let i = 0; i < 5; i++) expect(await status(limiter, request("GET", "/rest/v1/projects", from("203.0.113.1", user)))).toBe(200);
    expect(await status(limiter, request("PATCH", "/rest/v1/projects?id=eq.1", from("203.0.113.1", user)))).toBe(200);
    expect(await status(limiter, request("POST", "/rest/v1/rpc/match_talent", from("203.0.113.1", user)))).toBe(200);
    expect(await status(limiter, request("DELETE", "/rest/v1/projects?id=eq.1", from("203.0.113.1", user)))).toBe(429);
  });
});

// A popular open role on the project's real limits: 2,000 talent (two to an address: family
// Wi-Fi, a shared office) sign in and submit within a minute, a tenth retry their submission and
// some refresh their session; 20 casting directors from two offices search every 2 s, shortlist
// every 5 s and match every 10 s. Each submit and search also makes the function's own call to
// the REST API with the user's token. Meanwhile one address guesses a talent's password.
describe("a casting call's peak", () => {
  it("is not throttled, while a password guesser from one address is refused long before 100 tries", async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    type Event = { at: number; request: Request; who: string };
    const events: Event[] = [];
    const add = (at: number, who: string, method: string, path: string, headers: Record<string, string>) =>
      events.push({ at, who, request: request(method, path, headers) });

    for (let i = 0; i < 2000; i++) {
      const token = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" });
      const address = `10.${(i >> 9) & 255}.${(i >> 1) & 255}.1`;
      const start = random() * 55_000;
      add(start, "talent", "POST", "/auth/v1/token?grant_type=password", from(address));
      add(start + 2_000, "talent", "POST", "/functions/v1/submit", from(address, token));
      add(start + 2_050, "talent", "POST", "/rest/v1/rpc/submit_to_role", { authorization: `Bearer ${token}` }); // from the function
      if (i % 10 === 0) add(start + 4_000, "talent", "POST", "/functions/v1/submit", from(address, token));
      if (i % 20 === 0) add(start + 3_000, "talent", "POST", "/auth/v1/token?grant_type=refresh_token", from(address));
    }
    for (let d = 0; d < 20; d++) {
      const token = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated" });
      const office = d < 10 ? "203.0.113.10" : "198.51.100.20";
      add(d * 100, "director", "POST", "/auth/v1/token?grant_type=password", from(office));
      for (let t = 1_000; t < 60_000; t += 2_000) {
        add(t + d, "director", "POST", "/functions/v1/talent-search", from(office, token));
        add(t + d + 30, "director", "POST", "/rest/v1/rpc/search_talent", { authorization: `Bearer ${token}` });
      }
      for (let t = 1_500; t < 60_000; t += 5_000) add(t + d, "director", "POST", "/rest/v1/shortlist_items", from(office, token));
      for (let t = 2_500; t < 60_000; t += 10_000) add(t + d, "director", "POST", "/functions/v1/match-talent", from(office, token));
    }
    for (let i = 0; i < 100; i++) add(i * 600, "guesser", "POST", "/auth/v1/token?grant_type=password", from("192.0.2.66"));

    events.sort((a, b) => a.at - b.at);
    const refused: Record<string, number> = { talent: 0, director: 0, guesser: 0 };
    let guesses = 0;
    let firstRefusedGuess = 0;
    for (const event of events) {
      clock.now = event.at;
      const code = await status(limiter, event.request);
      if (event.who === "guesser") {
        guesses++;
        if (code === 429 && !firstRefusedGuess) firstRefusedGuess = guesses;
      }
      if (code === 429) refused[event.who]!++;
    }
    expect(events.length).toBeGreaterThan(7_500);
    expect(refused.talent).toBe(0);
    expect(refused.director).toBe(0);
    // 30 at once (and one that refilled meanwhile), then one per 10 s: about 35 guesses a minute.
    expect(firstRefusedGuess).toBeGreaterThan(30);
    expect(firstRefusedGuess).toBeLessThanOrEqual(32);
    expect(refused.guesser).toBeGreaterThanOrEqual(60);
  });
});

describe("headers on an answer", () => {
  it("are set on the handler's own response, and on a copy of one whose headers cannot change", async () => {
    const own = Response.json({ ok: true }, { status: 201 });
    const same = withHeaders(own, { "ratelimit-remaining": "4", "x-request-id": "r1" });
    expect(same).toBe(own);
    expect(same.headers.get("ratelimit-remaining")).toBe("4");
    // a redirect's headers are immutable: the answer is a copy with the same status, location and body
    const redirect = Response.redirect("http://127.0.0.1:54321/elsewhere", 302);
    const copy = withHeaders(redirect, { "x-request-id": "r2" });
    expect(copy).not.toBe(redirect);
    expect(copy.status).toBe(302);
    expect(copy.headers.get("location")).toBe("http://127.0.0.1:54321/elsewhere");
    expect(copy.headers.get("x-request-id")).toBe("r2");
    expect(withHeaders(own, {})).toBe(own);
    expect(await same.json()).toEqual({ ok: true });
  });
});

describe("phone messages and MFA", () => {
  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Request(`${api}${path}`, { method, headers: { apikey: keys.publishableKey, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("counts an OTP to a phone against sms_sent (project-wide, per hour), not email_sent, with Retry-After when spent", async () => {
    const clock = { now: 0 };
    const config = readRateLimits({ auth: { rate_limit: { sms_sent: 2, email_sent: 5 } } }, []);
    expect(config.auth.sms_sent).toMatchObject({ limit: 2, windowMs: 3_600_000, scope: "project" });
    const limiter = limiterAt(clock, config);
    // different addresses: the bucket is the project's
    expect(await status(limiter, json("POST", "/auth/v1/otp", { phone: "+919820011223" }, from(deviceAddress())))).toBe(200);
    expect(await status(limiter, json("PUT", "/auth/v1/user", { phone: "+919820011224" }, from(deviceAddress())))).toBe(200);
    const verdict = await limiter.check(json("POST", "/auth/v1/resend", { type: "sms", phone: "+919820011223" }, from(deviceAddress())), "127.0.0.1");
    expect("refused" in verdict && verdict.refused.status).toBe(429);
    if ("refused" in verdict) {
      expect(Number(verdict.refused.headers.get("retry-after"))).toBeGreaterThan(1000);
      // GoTrue's code for this bucket, which supabase-js hands the app as error.code
      expect(await verdict.refused.json()).toMatchObject({ error_code: "over_sms_send_rate_limit" });
    }
    // email is another bucket
    expect(await status(limiter, json("POST", "/auth/v1/otp", { email: "a@b.test" }, from(deviceAddress())))).toBe(200);
    clock.now += 30 * 60_000;
    expect(await status(limiter, json("POST", "/auth/v1/otp", { phone: "+919820011223" }, from(deviceAddress())))).toBe(200);
  });

  it("spends nothing of sms_sent on an [auth.sms.test_otp] number (its code is fixed and never sent), as GoTrue", async () => {
    const clock = { now: 0 };
    const config = readRateLimits({ auth: { rate_limit: { sms_sent: 1 }, sms: { test_otp: { "919800000001": "123456" } } } }, []);
    const limiter = limiterAt(clock, config);
    for (let i = 0; i < 3; i++) expect(await status(limiter, json("POST", "/auth/v1/otp", { phone: "+91 98000 00001" }, from(deviceAddress())))).toBe(200);
    expect(await status(limiter, json("POST", "/auth/v1/otp", { phone: "+919820011223" }, from(deviceAddress())))).toBe(200);
    expect(await status(limiter, json("POST", "/auth/v1/otp", { phone: "+919820011224" }, from(deviceAddress())))).toBe(429);
  });

  it("limits MFA challenge and verify to 15 a minute per address", async () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    const device = deviceAddress();
    for (let i = 0; i < 15; i++) expect(await status(limiter, json("POST", `/auth/v1/factors/f${i % 2}/${i % 2 ? "verify" : "challenge"}`, {}, from(device)))).toBe(200);
    expect(await status(limiter, json("POST", "/auth/v1/factors/f0/verify", {}, from(device)))).toBe(429);
    expect(await status(limiter, json("POST", "/auth/v1/factors/f0/verify", {}, from(deviceAddress())))).toBe(200);
    expect(await status(limiter, json("POST", "/auth/v1/factors", {}, from(device)))).toBe(200); // enrolling is not limited here
    clock.now += 4_000;
    expect(await status(limiter, json("POST", "/auth/v1/factors/f0/verify", {}, from(device)))).toBe(200);
  });
});
