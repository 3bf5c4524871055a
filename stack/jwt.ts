// The project's JWTs, verified once: WebCrypto's HMAC costs the gateway CPU on every request,
// and a client sends the same token with every request until it refreshes it. A token's claims
// are kept until its exp (at most 10,000 tokens, least recently used dropped first; a token
// without exp for an hour; a failure is never kept). One per stack: the rate limiter (who is
// asking) and verify_jwt (may they call the function) share it.
import { jwtVerify, type JWTPayload } from "jose";
import { LRUCache } from "lru-cache";

/** Milliseconds since the epoch; tests pass their own. */
export type Clock = { now(): number };
const systemClock: Clock = { now: () => Date.now() };
const NO_EXP_TTL_MS = 3_600_000;

export class VerifiedTokens {
  readonly #secret: Uint8Array;
  readonly #clock: Clock;
  readonly #claims: LRUCache<string, JWTPayload>;

  constructor(jwtSecret: string, clock: Clock = systemClock) {
    this.#secret = new TextEncoder().encode(jwtSecret);
    this.#clock = clock;
    // ttlResolution 0: an entry is stale the moment its token expires, by this clock.
    this.#claims = new LRUCache({ max: 10_000, ttlResolution: 0, perf: clock });
  }

  /** The token's claims; throws (jose's error) when it is not a valid, unexpired project JWT. */
  async claims(token: string): Promise<JWTPayload> {
    const known = this.#claims.get(token);
    if (known) return known;
    const now = this.#clock.now();
    const { payload } = await jwtVerify(token, this.#secret, { algorithms: ["HS256"], currentDate: new Date(now) });
    this.#claims.set(token, payload, { ttl: payload.exp === undefined ? NO_EXP_TTL_MS : payload.exp * 1000 - now });
    return payload;
  }

  /** Tokens remembered now (tests). */
  get size(): number {
    return this.#claims.size;
  }
}
