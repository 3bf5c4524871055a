// Who a Storage request acts as, and the tokens of signed URLs. Every JWT, a caller's or a signed
// URL's, is verified by the stack's one verified-token cache (stack/jwt.ts), so a token the gateway
// has already verified costs nothing here.
import { SignJWT } from "jose";
import type { Keys } from "../config.ts";
import type { VerifiedTokens } from "../jwt.ts";
import type { Caller } from "./db.ts";
import { StorageError, invalid } from "./errors.ts";

/** What a signed upload URL allows: one object, by whom it will be owned, and whether it may replace. */
export type UploadGrant = { bucket: string; name: string; owner: string | null; upsert: boolean };

export class StorageAuth {
  readonly #secret: Uint8Array;

  constructor(readonly keys: Keys, readonly tokens: VerifiedTokens, readonly now: () => number = Date.now) {
    this.#secret = new TextEncoder().encode(keys.jwtSecret);
  }

  /** The caller, from `Authorization: Bearer <jwt or key>` or the `apikey` header. */
  async caller(request: Request): Promise<Caller> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const token = bearer ?? request.headers.get("apikey") ?? undefined;
    if (!token) throw new StorageError("400", "InvalidJWT", "Missing authorization: send the apikey header or Authorization: Bearer <token>", "Unauthorized");
    if (token === this.keys.publishableKey) return { role: "anon", sub: null, claims: { role: "anon" } };
    if (token === this.keys.secretKey) return { role: "service_role", sub: null, claims: { role: "service_role" } };
    let claims: Record<string, unknown>;
    try {
      claims = (await this.tokens.claims(token)) as Record<string, unknown>;
    } catch (error) {
      throw new StorageError("400", "InvalidJWT", `Invalid JWT: ${(error as Error).message}`, "Unauthorized");
    }
    const role = claims.role;
    if (role !== "anon" && role !== "authenticated" && role !== "service_role") {
      throw new StorageError("400", "InvalidJWT", `Invalid JWT: role ${JSON.stringify(role)} is not an API role`, "Unauthorized");
    }
    return { role, sub: typeof claims.sub === "string" ? claims.sub : null, claims };
  }

  async sign(claims: Record<string, unknown>, expiresIn: number): Promise<string> {
    const now = Math.floor(this.now() / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(now).setExpirationTime(now + expiresIn).sign(this.#secret);
  }

  /** The claims of a signed URL's token, which must name this object. */
  async verifySigned(token: string | null, bucket: string, name: string): Promise<Record<string, unknown>> {
    if (!token) throw invalid("token: the signed URL has no token");
    let payload: Record<string, unknown>;
    try {
      payload = (await this.tokens.claims(token)) as Record<string, unknown>;
    } catch (error) {
      const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new StorageError("400", expired ? "ExpiredToken" : "InvalidSignature", expired ? "The signed URL has expired" : `Invalid signature: ${(error as Error).message}`);
    }
    if (payload.url !== `${bucket}/${name}`) throw new StorageError("400", "InvalidSignature", "The signed URL is for another object");
    return payload;
  }

  /** A signed upload URL's grant. Download tokens (no `upsert` claim) do not grant uploads. */
  async verifyUpload(token: string | null, bucket: string, name: string): Promise<UploadGrant> {
    const payload = await this.verifySigned(token, bucket, name);
    if (typeof payload.upsert !== "boolean") throw new StorageError("400", "InvalidSignature", "The token is not an upload token");
    return { bucket, name, owner: typeof payload.owner === "string" ? payload.owner : null, upsert: payload.upsert };
  }

  /** The caller a signed upload writes as: the service role, on behalf of the owner who signed it. */
  static grantCaller(grant: UploadGrant): Caller {
    return { role: "service_role", sub: grant.owner, claims: { role: "service_role", ...(grant.owner ? { sub: grant.owner } : {}) } };
  }
}
