// The stack's structured logs: what is redacted, levels by env, JSON or a readable line.
import { describe, expect, it } from "vitest";
import { createLogger, redact, redactText } from "../../stack/logging.ts";
import { callerOf, serviceOf } from "../../stack/request-log.ts";

describe("redaction", () => {
  it("removes phone numbers, emails, JWTs, keys, secrets and URL tokens", () => {
    const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjMifQ.abcDEF_123-xyz";
    const text = `call +91 98200 12345 or 9820012345, mail ananya.iyer+cast@example.co.in, Bearer ${jwt}, apikey sb_secret_abc123XYZ, ` +
      `sb_publishable_q-w_e, whsec_dGhpcyBpcyBhIHNlY3JldA==, /functions/v1/guardian-consent?token=abc.def&lang=en, raw ${jwt}`;
    const out = redactText(text);
    for (const secret of ["98200 12345", "9820012345", "ananya.iyer", "example.co.in", jwt, "sb_secret_abc123XYZ", "sb_publishable_q-w_e",
                          "dGhpcyBpcyBhIHNlY3JldA", "abc.def"]) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out).toContain("[phone]");
    expect(out).toContain("[email]");
    expect(out).not.toContain("example.co.in");
    // a database URL's user at a host is not an email address; its password never shows (redactUrl)
    expect(redactText("on PostgreSQL at postgresql://postgres@127.0.0.1:55432/api")).toBe("on PostgreSQL at postgresql://postgres@127.0.0.1:55432/api");
    expect(redactText("talent.42@mail.castmatch.test wrote")).toBe("[email] wrote");
    expect(out).toContain("Bearer [redacted]");
    expect(out).toContain("token=[redacted]&lang=en");
  });

  it("leaves what operators need: ids, dates, timings, routes", () => {
    const keep = "request 2d1f8a3c-7b4e-4f0a-9c3d-1234567890ab at 2026-11-21T22:04:30.123Z took 1234.5 ms on /rest/v1/talent_profiles status 200";
    expect(redactText(keep)).toBe(keep);
  });

  it("walks objects and empties fields named after secrets", () => {
    expect(redact({ authorization: "Bearer x", nested: { list: ["a@b.io", 42] }, password: "hunter2", ok: true }))
      .toEqual({ authorization: "[redacted]", nested: { list: ["[email]", 42] }, password: "[redacted]", ok: true });
  });
});

describe("the logger", () => {
  const capture = (env: NodeJS.ProcessEnv, format?: "json" | "pretty") => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l), now: () => new Date("2026-11-21T10:00:00Z"), ...(format ? { format } : {}) }, env);
    return { logger, lines };
  };

  it("writes one JSON object per line, at or above LOG_LEVEL", () => {
    const { logger, lines } = capture({ LOG_LEVEL: "warn", LOG_FORMAT: "json" });
    logger.info("hidden");
    logger.debug("hidden too");
    logger.warn("shown", { user: "a@b.io" });
    logger.error("also shown");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { ts: "2026-11-21T10:00:00.000Z", level: "warn", msg: "shown", user: "[email]" },
      { ts: "2026-11-21T10:00:00.000Z", level: "error", msg: "also shown" },
    ]);
  });

  it("defaults to info, and to a readable line when asked (a terminal)", () => {
    const { logger, lines } = capture({}, "pretty");
    expect(logger.level).toBe("info");
    logger.debug("not at info");
    logger.info("request", { request_id: "r1", service: "rest", method: "GET", route: "/rest/v1/projects", status: 200, latency_ms: 12.5, user_id: "0a1b2c3d-4e5f" });
    logger.warn("careful", { n: 1 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}200 GET \/rest\/v1\/projects 12\.5 ms {2}rest user 0a1b2c3d {2}r1$/);
    expect(lines[1]).toMatch(/warn {2}careful {2}n=1$/);
  });
});

describe("request fields", () => {
  it("name the service and the function", () => {
    expect(serviceOf("/functions/v1/submit/x")).toEqual({ service: "functions", fn: "submit" });
    expect(serviceOf("/rest/v1/projects")).toEqual({ service: "rest" });
    expect(serviceOf("/auth/v1/token")).toEqual({ service: "auth" });
    expect(serviceOf("/storage/v1/object/x")).toEqual({ service: "storage" });
    expect(serviceOf("/")).toEqual({ service: "gateway" });
  });

  it("label the caller from the token without trusting it", () => {
    const token = ["eyJhbGciOiJIUzI1NiJ9", Buffer.from(JSON.stringify({ sub: "u-1", role: "authenticated" })).toString("base64url"), "sig"].join(".");
    expect(callerOf(new Headers({ authorization: `Bearer ${token}` }))).toEqual({ user_id: "u-1", role: "authenticated" });
    expect(callerOf(new Headers({ authorization: "Bearer sb_secret_x" }))).toEqual({ role: "service_role" });
    expect(callerOf(new Headers({ apikey: "sb_publishable_x" }))).toEqual({ role: "anon" });
    expect(callerOf(new Headers({ authorization: "Bearer garbage" }))).toEqual({ role: "invalid_token" });
  });
});
