// The project's JWTs, verified once: WebCrypto's HMAC costs the gateway CPU on every request,
// and a client sends the same token with every request until it refreshes it. A token's claims
// are kept until its exp (at most 10,000 tokens; a failure is never kept). One per stack: the
// rate limiter (who is asking) and verify_jwt (may they call the function) share it.
import { jwtVerify, type JWTPayload } from "jose";

export class VerifiedTokens {
  readonly #secret: Uint8Array;
  readonly #claims = new Map<string, JWTPayload>();

  constructor(jwtSecret: string) {
    this.#secret = new TextEncoder().encode(jwtSecret);
  }

  /** The token's claims; throws (jose's error) when it is not a valid, unexpired project JWT. */
  async claims(token: string): Promise<JWTPayload> {
    const known = this.#claims.get(token);
    if (known && (known.exp ?? Number.POSITIVE_INFINITY) > Date.now() / 1000) return known;
    const { payload } = await jwtVerify(token, this.#secret, { algorithms: ["HS256"] });
    if (this.#claims.size >= 10_000) this.#claims.clear();
    this.#claims.set(token, payload);
    return payload;
  }
}
