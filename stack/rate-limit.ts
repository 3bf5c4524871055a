// Rate limits of the local gateway, configured in supabase/config.toml:
//
//   /auth/v1   per client IP, the buckets of `[auth.rate_limit]` as Supabase Auth keys them:
//              sign_in_sign_ups (sign-up, password/PKCE/ID-token sign-in, OTP, magic link),
//              token_refresh (grant_type=refresh_token), token_verifications (/verify), and
//              email_sent (recover, resend, OTP, magic link; per hour, project-wide as on Supabase),
//              sms_sent (the same for a phone: OTP, resend, PUT /user {phone}; per hour, project-wide).
//              Numbers are per 5 minutes, in token buckets of at most 30, as hosted Auth has them.
//              MFA challenge and verify: 15 a minute per IP (GoTrue's MFA_RATE_LIMIT_CHALLENGE_AND_VERIFY
//              default; the CLI's config has no key for it).
//   /functions per user (per IP when anonymous): `[functions.<name>] rate_limit_per_minute`
//              (0: unlimited), DEFAULT_FUNCTION_LIMIT when absent.
//   /rest/v1   writes (POST, PATCH, PUT, DELETE, so RPC calls too) per user, per IP when
//              anonymous: `[api] rate_limit_writes_per_minute`. Reads are not limited.
//
// The service role is never limited. The user is the `sub` of a JWT signed with the project's
// secret (an unverified claim would let anyone spend someone else's quota); the client IP is the
// socket's, or, when the socket is a proxy on this machine (the gateway listens on loopback only),
// the last X-Forwarded-For entry, which that proxy wrote. IPv6 clients count per /64.
//
// A refused request gets 429 with Retry-After, RateLimit-Limit/-Remaining/-Reset/-Policy and a
// JSON body in the functions' error shape; allowed requests carry the RateLimit-* headers too.
// The algorithm is GCRA (a token bucket kept as one timestamp per key), so the state is one row
// per key: in this process (embedded), or in PostgreSQL (`gateway.rate_limits`, an unlogged table
// outside the API's schemas, one atomic upsert per request) when several gateways share one database.
import { isIP } from "node:net";
import postgres from "postgres";
import { VerifiedTokens } from "./jwt.ts";
import { routeOf } from "./routes.ts";

export type Scope = "ip" | "user" | "project";

/** `limit` requests per `windowMs`, in bursts of at most `burst`. */
export type Rule = { name: string; limit: number; windowMs: number; burst: number; scope: Scope };

export type RateLimitConfig = {
  auth: Record<AuthBucket, Rule>;
  /** /factors/:id/challenge and /verify, per IP. */
  mfa: Rule;
  /** Per function name; a missing name gets DEFAULT_FUNCTION_LIMIT per minute, null is unlimited. */
  functions: Record<string, Rule | null>;
  restWrites: Rule | null;
  /** [auth.sms.test_otp] numbers (digits): their codes are fixed and never sent, so, as in
   *  GoTrue, they spend nothing of sms_sent. */
  testPhones?: ReadonlySet<string>;
};

export const AUTH_BUCKETS = ["sign_in_sign_ups", "token_refresh", "token_verifications", "email_sent", "sms_sent"] as const;
export type AuthBucket = (typeof AUTH_BUCKETS)[number];

/** Supabase's defaults (the CLI's config.toml template), except email_sent: 2 an hour is the
 *  allowance of Supabase's built-in mailer, 30 the default with your own SMTP. */
const AUTH_DEFAULTS: Record<AuthBucket, number> = { sign_in_sign_ups: 30, token_refresh: 150, token_verifications: 30, email_sent: 30, sms_sent: 30 };
const HOURLY_PROJECT_WIDE = new Set<AuthBucket>(["email_sent", "sms_sent"]);
const MFA_PER_MINUTE = 15;
const AUTH_BURST = 30;
export const DEFAULT_FUNCTION_LIMIT = 120;
export const DEFAULT_REST_WRITE_LIMIT = 600;

const MINUTE = 60_000;

type RawConfig = {
  api?: { rate_limit_writes_per_minute?: number };
  auth?: { rate_limit?: Partial<Record<string, number>>; sms?: { test_otp?: Record<string, unknown> } };
  functions?: Record<string, { rate_limit_per_minute?: number }>;
};

function positive(value: unknown, key: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`supabase/config.toml: ${key} must be a number of requests (0 or more), not ${JSON.stringify(value)}`);
  }
  return Math.floor(value);
}

const perMinute = (name: string, limit: number, scope: Scope): Rule | null =>
  limit === 0 ? null : { name, limit, windowMs: MINUTE, burst: limit, scope };

/** The limits from a parsed config.toml, for the given functions. */
export function readRateLimits(parsed: unknown, functionNames: string[]): RateLimitConfig {
  const raw = (parsed ?? {}) as RawConfig;
  const given = raw.auth?.rate_limit ?? {};
  const auth = {} as Record<AuthBucket, Rule>;
  for (const name of AUTH_BUCKETS) {
    const limit = positive(given[name], `auth.rate_limit.${name}`, AUTH_DEFAULTS[name]);
    auth[name] = HOURLY_PROJECT_WIDE.has(name)
      ? { name, limit, windowMs: 60 * MINUTE, burst: Math.max(limit, 1), scope: "project" }
      : { name, limit, windowMs: 5 * MINUTE, burst: Math.max(1, Math.min(limit, AUTH_BURST)), scope: "ip" };
  }
  const functions: Record<string, Rule | null> = {};
  for (const name of functionNames) {
    const limit = positive(raw.functions?.[name]?.rate_limit_per_minute, `functions.${name}.rate_limit_per_minute`, DEFAULT_FUNCTION_LIMIT);
    functions[name] = perMinute(`function:${name}`, limit, "user");
  }
  const writes = positive(raw.api?.rate_limit_writes_per_minute, "api.rate_limit_writes_per_minute", DEFAULT_REST_WRITE_LIMIT);
  const mfa: Rule = { name: "mfa_challenge_and_verify", limit: MFA_PER_MINUTE, windowMs: MINUTE, burst: MFA_PER_MINUTE, scope: "ip" };
  const testPhones = new Set(Object.keys(raw.auth?.sms?.test_otp ?? {}).map(phoneDigits));
  return { auth, mfa, functions, restWrites: perMinute("rest_writes", writes, "user"), testPhones };
}

// ---------------------------------------------------------------------------------------------
// Who is asking.

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** The client's address: the socket peer, or the entry a proxy on this machine appended. */
export function clientAddress(request: Request, peer: string | null): string {
  const socket = peer ?? "unknown";
  if (!LOOPBACK.has(socket)) return prefix(socket);
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim().replace(/^\[(.*)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  return last && isIP(last) ? prefix(last) : prefix(socket);
}

/** IPv6 addresses count per /64, the block one subscriber gets. */
function prefix(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

// ---------------------------------------------------------------------------------------------
// Where the buckets live.

/** GCRA: `tat` (theoretical arrival time) is when the bucket would be full again. */
export type Take = { allowed: boolean; aheadMs: number };

export interface RateLimitStore {
  /** Takes one token from `key` (emission interval `intervalMs`, burst tolerance `toleranceMs`). */
  take(key: string, intervalMs: number, toleranceMs: number): Promise<Take>;
  close(): Promise<void>;
}

/** One process: a Map of key -> tat (ms), swept of full buckets as it grows. */
export class MemoryStore implements RateLimitStore {
  readonly #tat = new Map<string, number>();
  #nextSweep = 0;
  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, intervalMs: number, toleranceMs: number): Promise<Take> {
    const now = this.now();
    this.#sweep(now);
    const tat = Math.max(this.#tat.get(key) ?? now, now);
    if (tat - now > toleranceMs) return { allowed: false, aheadMs: tat - now };
    this.#tat.set(key, tat + intervalMs);
    return { allowed: true, aheadMs: tat + intervalMs - now };
  }

  #sweep(now: number) {
    if (now < this.#nextSweep && this.#tat.size < 100_000) return;
    for (const [key, tat] of this.#tat) if (tat <= now) this.#tat.delete(key);
    this.#nextSweep = now + MINUTE;
  }

  async close() {}
}

const TABLE_SQL = `
  create schema if not exists gateway;
  revoke all on schema gateway from public;
  -- Unlogged: losing the buckets in a crash only forgets recent requests.
  create unlogged table if not exists gateway.rate_limits (key text primary key, tat timestamptz not null);`;

// One atomic statement per request: the upsert only moves tat when the bucket has room, and the
// database's clock is every gateway's clock.
const TAKE_SQL = `
  with now as (select clock_timestamp() as t),
  attempt as (
    insert into gateway.rate_limits as b (key, tat)
    select $1, t + $2 * interval '1 millisecond' from now
    on conflict (key) do update
      set tat = greatest(b.tat, (select t from now)) + $2 * interval '1 millisecond'
      where greatest(b.tat, (select t from now)) <= (select t from now) + $3 * interval '1 millisecond'
    returning tat
  )
  select (select tat from attempt) is not null as allowed,
         extract(epoch from coalesce((select tat from attempt), (select tat from gateway.rate_limits where key = $1)) - (select t from now)) * 1000 as ahead_ms`;

/** Several gateways, one database: the buckets are rows of gateway.rate_limits. */
export class PostgresStore implements RateLimitStore {
  readonly #sql: postgres.Sql;
  #ready: Promise<void> | null = null;
  #sweeper: NodeJS.Timeout;

  constructor(url: string) {
    this.#sql = postgres(url, { max: 4, onnotice: () => {}, idle_timeout: 30 });
    this.#sweeper = setInterval(() => {
      this.#sql`delete from gateway.rate_limits where tat < clock_timestamp()`.catch(() => {});
    }, MINUTE);
    this.#sweeper.unref();
  }

  ready(): Promise<void> {
    // Two gateways starting at once may race to create the table: the loser tries again.
    this.#ready ??= this.#sql.unsafe(TABLE_SQL).simple().then(() => undefined, () => this.#sql.unsafe(TABLE_SQL).simple().then(() => undefined));
    return this.#ready;
  }

  async take(key: string, intervalMs: number, toleranceMs: number): Promise<Take> {
    await this.ready();
    const [row] = await this.#sql.unsafe<{ allowed: boolean; ahead_ms: number }[]>(TAKE_SQL, [key, intervalMs, toleranceMs]);
    return { allowed: row!.allowed, aheadMs: Number(row!.ahead_ms) };
  }

  async close() {
    clearInterval(this.#sweeper);
    await this.#sql.end({ timeout: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Which bucket a request spends.

type Spend = { rule: Rule; key: string };

const phoneDigits = (phone: unknown) => String(phone).replace(/^\+/, "").replace(/\s/g, "");

/** A message to a phone or to an email address (the body says which; only these few auth
 *  requests are read twice); none to a test number. */
async function sentTo(request: Request, testPhones: ReadonlySet<string>): Promise<Array<"sms_sent" | "email_sent">> {
  const body = (await request.clone().json().catch(() => null)) as { phone?: unknown; email?: unknown; type?: unknown } | null;
  if (!(body && (body.type === "sms" || body.type === "phone_change" || (body.phone !== undefined && !body.email)))) return ["email_sent"];
  return testPhones.has(phoneDigits(body.phone)) ? [] : ["sms_sent"];
}

async function authBuckets(request: Request, path: string, url: URL, testPhones: ReadonlySet<string>): Promise<AuthBucket[]> {
  const method = request.method;
  if (method === "PUT" && path === "/user") {
    const body = (await request.clone().json().catch(() => null)) as { phone?: unknown } | null;
    return body?.phone !== undefined && !testPhones.has(phoneDigits(body.phone)) ? ["sms_sent"] : [];
  }
  if (method !== "POST" && !(method === "GET" && path === "/verify")) return [];
  switch (path) {
    case "/token":
      return [url.searchParams.get("grant_type") === "refresh_token" ? "token_refresh" : "sign_in_sign_ups"];
    case "/signup":
      return ["sign_in_sign_ups"];
    case "/otp":
      return ["sign_in_sign_ups", ...(await sentTo(request, testPhones))];
    case "/magiclink":
      return ["sign_in_sign_ups", "email_sent"];
    case "/resend":
      return sentTo(request, testPhones);
    case "/recover":
      return ["email_sent"];
    case "/verify":
      return ["token_verifications"];
    default:
      return [];
  }
}

export type RateLimiterOptions = {
  config: RateLimitConfig;
  store: RateLimitStore;
  jwtSecret: string;
  /** The stack's verified-token cache (stack/jwt.ts); by default one of the limiter's own. */
  tokens?: VerifiedTokens;
  /** The secret API key: requests with it (the service role) are never limited. */
  serviceKey: string;
};

export class RateLimiter {
  readonly #options: RateLimiterOptions;
  readonly #tokens: VerifiedTokens;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#tokens = options.tokens ?? new VerifiedTokens(options.jwtSecret);
  }

  /** A 429 to answer with, or the RateLimit-* headers to add to the answer (none: not limited). */
  async check(request: Request, peer: string | null): Promise<{ refused: Response } | { headers: Record<string, string> }> {
    const spends = await this.#spends(request, peer);
    let headers: Record<string, string> = {};
    for (const { rule, key } of spends) {
      const interval = rule.windowMs / rule.limit;
      const tolerance = interval * (rule.burst - 1);
      const take = await this.#options.store.take(`${rule.name}|${key}`, interval, tolerance);
      if (!take.allowed) return { refused: refusal(rule, Math.ceil((take.aheadMs - tolerance) / 1000), request) };
      const remaining = Math.max(0, rule.burst - Math.ceil(take.aheadMs / interval - 1e-9));
      headers = rateLimitHeaders(rule, remaining, Math.ceil(take.aheadMs / 1000));
    }
    return { headers };
  }

  close(): Promise<void> {
    return this.#options.store.close();
  }

  async #spends(request: Request, peer: string | null): Promise<Spend[]> {
    const method = request.method;
    if (method === "OPTIONS") return [];
    const url = new URL(request.url);
    const { config } = this.#options;
    const ip = () => clientAddress(request, peer);

    const route = routeOf(url.pathname);
    if (route.service === "auth") {
      const path = (route.path || "/").replace(/\/+$/, "") || "/";
      if (method === "POST" && /^\/factors\/[^/]+\/(challenge|verify)$/.test(path)) return [{ rule: config.mfa, key: ip() }];
      return (await authBuckets(request, path, url, config.testPhones ?? new Set())).map((name) => {
        const rule = config.auth[name];
        return { rule, key: rule.scope === "project" ? "project" : ip() };
      });
    }
    let rule: Rule | null | undefined;
    if (route.service === "functions") {
      const name = route.fn;
      rule = name in config.functions ? config.functions[name] : perMinute(`function:${name}`, DEFAULT_FUNCTION_LIMIT, "user");
    } else if (route.service === "rest" && !["GET", "HEAD"].includes(method)) {
      rule = config.restWrites;
    }
    if (!rule) return [];
    const who = await this.#caller(request);
    if (who === "service_role") return [];
    return [{ rule, key: who ? `user:${who}` : `ip:${ip()}` }];
  }

  /** The verified user id, "service_role", or null for an anonymous or unverifiable caller. */
  async #caller(request: Request): Promise<string | null> {
    const { serviceKey } = this.#options;
    if (request.headers.get("apikey") === serviceKey) return "service_role";
    const token = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return null;
    if (token === serviceKey) return "service_role";
    try {
      const payload = await this.#tokens.claims(token);
      if (payload.role === "service_role") return "service_role";
      return typeof payload.sub === "string" && payload.sub ? payload.sub : null;
    } catch {
      return null;
    }
  }
}

const DESCRIPTIONS: Record<string, string> = {
  sign_in_sign_ups: "sign-in and sign-up attempts from your address",
  token_refresh: "session refreshes from your address",
  token_verifications: "verification attempts from your address",
  email_sent: "emails sent by this project",
  sms_sent: "SMS and WhatsApp messages sent by this project",
  mfa_challenge_and_verify: "MFA challenges and verifications from your address",
  rest_writes: "writes",
};

/** GoTrue's codes for its message limits (the other auth limits are over_request_rate_limit). */
const AUTH_ERROR_CODES: Record<string, string> = { sms_sent: "over_sms_send_rate_limit", email_sent: "over_email_send_rate_limit" };

function rateLimitHeaders(rule: Rule, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    "RateLimit-Limit": String(rule.burst),
    "RateLimit-Remaining": String(remaining),
    "RateLimit-Reset": String(Math.max(0, resetSeconds)),
    "RateLimit-Policy": `${rule.limit};w=${Math.round(rule.windowMs / 1000)};burst=${rule.burst};comment="${rule.name}"`,
  };
}

function refusal(rule: Rule, retryAfter: number, request: Request): Response {
  const seconds = Math.max(1, retryAfter);
  const what = DESCRIPTIONS[rule.name] ?? `calls of ${rule.name.replace(/^function:/, "")}`;
  const per = rule.windowMs >= 60 * MINUTE ? "an hour" : rule.windowMs === MINUTE ? "a minute" : `${rule.windowMs / MINUTE} minutes`;
  const body: Record<string, string> = {
    error: "over_request_rate_limit",
    message: `too many ${what} (at most ${rule.limit} in ${per}); try again in ${seconds} s`,
  };
  // supabase-js's auth client reads GoTrue's error_code, which names the message buckets apart.
  if (new URL(request.url).pathname.startsWith("/auth/")) body.error_code = AUTH_ERROR_CODES[rule.name] ?? "over_request_rate_limit";
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: {
      "content-type": "application/json",
      "access-control-allow-origin": "*",
      "Retry-After": String(seconds),
      ...rateLimitHeaders(rule, 0, seconds),
    },
  });
}

/** The response with the RateLimit-* headers added (fetch responses have immutable headers). */
/** The response with these headers set: in place when its headers can change (a handler's own
 *  response, which @hono/node-server then writes straight to the socket), else on a copy (a
 *  fetch()'s response, Response.error() and redirects have immutable headers). */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  const entries = Object.entries(headers);
  if (!entries.length) return response;
  try {
    for (const [k, v] of entries) response.headers.set(k, v);
    return response;
  } catch {
    const merged = new Headers(response.headers);
    for (const [k, v] of entries) merged.set(k, v);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
  }
}

export type StoreKind = "memory" | "postgres";

/** In this process on an embedded database (one process owns it), in PostgreSQL on a native one
 *  (several gateways may serve it); CASTMATCH_RATE_LIMIT_STORE or the stack option overrides. */
export async function openRateLimitStore(kind: StoreKind | undefined, database: { kind: "embedded" | "native"; url: string | null }): Promise<RateLimitStore> {
  const chosen = kind ?? (process.env.CASTMATCH_RATE_LIMIT_STORE as StoreKind | undefined) ?? (database.kind === "native" ? "postgres" : "memory");
  if (chosen === "memory") return new MemoryStore();
  if (chosen !== "postgres") throw new Error(`CASTMATCH_RATE_LIMIT_STORE must be memory or postgres, not ${JSON.stringify(chosen)}`);
  if (!database.url) throw new Error("the postgres rate-limit store needs a native database (DATABASE_URL); an embedded one is served by one process");
  const store = new PostgresStore(database.url);
  await store.ready();
  return store;
}
