// What Supabase Auth (GoTrue) does and @supabase/lite 0.10.0 does not, in front of lite on
// /auth/v1 and sharing its tables (auth.users, auth.sessions, auth.refresh_tokens):
//   POST /otp {phone}, POST /verify {type: sms | phone_change}, POST /resend {type: sms | phone_change},
//   PUT /user {phone}: phone sign-up/sign-in and phone change by SMS or WhatsApp (stack/auth-sms.ts);
//   /factors, /factors/:id/challenge, /factors/:id/verify, DELETE /factors/:id: TOTP MFA;
//   every session lite issues or refreshes: its access token re-signed with the claims GoTrue puts
//   there and lite leaves out (aal, amr, phone, app_metadata, user_metadata, is_anonymous), its
//   user with `factors` and the phone fields. A refresh keeps the level: aal is the session's.
// Everything else is lite's. Why an extension and not edits to lite: docs/auth.md.
// Errors have GoTrue's shape and codes ({ code, error_code, msg }), which supabase-js reads.
import { isIP } from "node:net";
import { createHmac, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import { generateSecret, generateURI, verify as verifyTotp } from "otplib";
import QRCode from "qrcode";
import type { AuthPhoneConfig, SmsChannel, SmsType } from "./auth-config.ts";
import { channelAvailable, Outbox, sendSms, SmsSendError } from "./auth-sms.ts";
import type { Database } from "./database.ts";
import type { VerifiedTokens } from "./jwt.ts";
import { clientAddress } from "./rate-limit.ts";

export type AuthExtensionOptions = {
  database: Database;
  jwtSecret: string;
  tokens: VerifiedTokens;
  config: AuthPhoneConfig;
  outbox: Outbox;
  /** Access tokens' lifetime, as lite's (jwt_expiry). */
  jwtExpirySeconds: number;
  /** The clock of OTP expiry, resend frequency and TOTP windows; tests move it. */
  now?: () => number;
  /** How providers are called (tests: stubs). */
  fetcher?: typeof fetch;
};

type Lite = (request: Request) => Promise<Response>;
type UserRow = { id: string; email: string | null; phone: string | null; phone_change: string | null; raw_app_meta_data: unknown; raw_user_meta_data: unknown; is_anonymous: boolean; banned_until: string | null };
type Caller = { userId: string; sessionId: string; aal: string; user: UserRow };
type FactorRow = { id: string; friendly_name: string | null; factor_type: string; status: string; created_at: string; updated_at: string; last_challenged_at: string | null; secret: string | null; last_totp_step: string | null };

class AuthError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

const INVALID_OTP = () => new AuthError(403, "otp_expired", "Token has expired or is invalid");
const SESSION_NOT_FOUND = () => new AuthError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
const PHONE_FORMAT = /^[1-9][0-9]{1,14}$/;

/** "+91 98200 11223" -> "919820011223" (GoTrue's stored form), or a 400 naming the format.
 *  As GoTrue: a leading "+" and spaces go; anything else (dashes, brackets) is refused. */
export function normalisePhone(phone: unknown): string {
  const digits = typeof phone === "string" ? phone.replace(/^\+/, "").replace(/ /g, "") : "";
  if (!PHONE_FORMAT.test(digits)) throw new AuthError(400, "validation_failed", "Invalid phone number format (E.164 required)");
  return digits;
}

export class AuthExtension {
  readonly #o: AuthExtensionOptions;
  readonly #now: () => number;
  readonly #secret: Uint8Array;

  constructor(options: AuthExtensionOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#secret = new TextEncoder().encode(options.jwtSecret);
  }

  /** Answers an /auth/v1 request, itself or through lite. */
  async handle(request: Request, peer: string | null, lite: Lite): Promise<Response> {
    try {
      return await this.#route(request, clientAddress(request, peer), lite);
    } catch (error) {
      if (error instanceof AuthError) return authJson(error.status, { code: error.status, error_code: error.code, msg: error.message }, error.headers);
      throw error;
    }
  }

  async #route(request: Request, peer: string, lite: Lite): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/auth\/v1/, "").replace(/\/+$/, "") || "/";
    const method = request.method;
    if (method === "OPTIONS") return lite(request);
    const factor = /^\/factors(?:\/([^/]+)(?:\/(challenge|verify))?)?$/.exec(path);
    if (factor) return this.#factors(request, peer, factor[1], factor[2]);
    if (method === "POST" && (path === "/otp" || path === "/verify" || path === "/resend")) {
      const body = await peekJson(request);
      if (path === "/otp" && body.phone && body.email) throw new AuthError(400, "validation_failed", "Only an email address or phone number should be provided");
      if (path === "/verify" && body.phone && !body.email) this.#checkPhoneVerify(body);
      if (path === "/otp" && body.phone !== undefined && !body.email) return this.#sendPhoneOtp(body);
      if (path === "/resend" && (body.type === "sms" || body.type === "phone_change")) return this.#resend(body);
      if (path === "/verify" && (body.type === "sms" || body.type === "phone_change")) return this.#verifyPhoneOtp(request, body);
      if (path === "/otp" || path === "/resend") return lite(request);
      return this.#enrichSession(await lite(request), "otp");
    }
    if (path === "/user" && method === "PUT") {
      const body = await peekJson(request);
      if (body.phone !== undefined) await this.#startPhoneChange(request, body);
      return this.#enrichUser(await lite(request));
    }
    if (path === "/user" && method === "GET") return this.#enrichUser(await lite(request));
    if (path === "/settings" && method === "GET") return this.#settings(await lite(request));
    const response = await lite(request);
    if (method === "POST" && (path === "/token" || path === "/signup")) {
      const grant = url.searchParams.get("grant_type");
      return this.#enrichSession(response, grant === "password" || path === "/signup" ? "password" : grant === "refresh_token" ? null : "oauth");
    }
    return response;
  }

  // -------------------------------------------------------------------------------------------
  // Phone OTP

  async #sendPhoneOtp(body: Record<string, unknown>): Promise<Response> {
    const phone = normalisePhone(body.phone);
    const channel = this.#channel(body.channel);
    let user = await this.#userByPhone(phone);
    if (!user) {
      if (body.create_user === false || !this.#o.config.sms.enableSignup) throw new AuthError(422, "otp_disabled", "Signups not allowed for otp");
      user = await this.#createPhoneUser(phone, isObject(body.data) ? body.data : {});
    }
    if (user.banned_until && Date.parse(user.banned_until) > this.#now()) throw new AuthError(403, "user_banned", "User is banned");
    const messageId = await this.#sendOtp(user, phone, "sms", channel);
    return authJson(200, { message_id: messageId });
  }

  /** As GoTrue: no session is needed, `phone` is the account's current number (a phone_change
   *  code goes again to the pending new one), and an unknown number, a phone already confirmed
   *  (type sms) or no pending change answer 200 with nothing sent, telling nobody which numbers
   *  have accounts. */
  async #resend(body: Record<string, unknown>): Promise<Response> {
    if (!body.phone && body.type === "sms") throw new AuthError(400, "validation_failed", "Type provided requires a phone number");
    if (!body.phone && !body.email) throw new AuthError(400, "validation_failed", "Missing email address or phone number");
    if (body.phone && body.email) throw new AuthError(400, "validation_failed", "Only an email address or phone number should be provided.");
    const phone = normalisePhone(body.phone);
    const channel = this.#channel(body.channel);
    const user = await this.#userByPhone(phone);
    if (!user) return authJson(200, {});
    if (body.type === "sms") {
      const [row] = await this.#db<{ confirmed: boolean }>(`select phone_confirmed_at is not null as confirmed from auth.users where id = $1`, [user.id]);
      if (row?.confirmed) return authJson(200, {});
      return authJson(200, { message_id: await this.#sendOtp(user, phone, "sms", channel) });
    }
    if (!user.phone_change) return authJson(200, {});
    return authJson(200, { message_id: await this.#sendOtp(user, user.phone_change, "phone_change", channel) });
  }

  async #startPhoneChange(request: Request, body: Record<string, unknown>): Promise<void> {
    const caller = await this.#caller(request);
    const phone = normalisePhone(body.phone);
    if (phone === caller.user.phone) return;
    const taken = await this.#userByPhone(phone);
    if (taken && taken.id !== caller.userId) throw new AuthError(422, "phone_exists", "A user with this phone number has already been registered");
    const channel = this.#channel(body.channel);
    await this.#sendOtp(caller.user, phone, "phone_change", channel);
    await this.#db(`update auth.users set phone_change = $2, phone_change_sent_at = $3, updated_at = now() where id = $1`, [caller.userId, phone, this.#iso()]);
  }

  #channel(value: unknown): SmsChannel {
    const channel = value ?? "sms";
    if ((channel !== "sms" && channel !== "whatsapp") || !channelAvailable(this.#o.config, channel)) {
      throw new AuthError(400, "validation_failed", "Invalid channel, supported values are 'sms' or 'whatsapp'. 'whatsapp' is only supported if Twilio or the Send SMS Hook is used as the provider.");
    }
    return channel;
  }

  /** Makes, stores (hashed) and sends a code, unless one went out less than max_frequency ago. */
  async #sendOtp(user: UserRow, phone: string, purpose: "sms" | "phone_change", channel: SmsChannel): Promise<string> {
    const { sms } = this.#o.config;
    const [last] = await this.#db<{ sent_at: string }>(`select sent_at from auth.phone_otps where user_id = $1 and purpose = $2`, [user.id, purpose]);
    const waitMs = last ? Date.parse(last.sent_at) + sms.maxFrequencyMs - this.#now() : 0;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AuthError(429, "over_sms_send_rate_limit", `For security purposes, you can only request this after ${seconds} seconds.`, { "Retry-After": String(seconds) });
    }
    const fixed = sms.testOtp[phone];
    const otp = fixed ?? String(randomInt(0, 10 ** sms.otpLength)).padStart(sms.otpLength, "0");
    const type: SmsType = purpose === "sms" ? "otp" : "phone_change";
    const text = sms.template.replace(/\{\{\s*\.Code\s*\}\}/g, otp);
    let messageId: string;
    if (fixed) {
      // [auth.sms.test_otp]: nothing is sent to a test number; the outbox shows the fixed code.
      messageId = this.#o.outbox.add({ channel, to: `+${phone}`, body: text, via: "test_otp" }).id;
    } else {
      try {
        messageId = await sendSms(this.#o.config, this.#o.outbox, { phone, channel, type, otp, text, user: hookUser(user) }, this.#o.fetcher);
      } catch (error) {
        if (error instanceof SmsSendError) throw new AuthError(500, "sms_send_failed", `Error sending ${purpose === "sms" ? "confirmation" : "phone change"} OTP to provider: ${error.message}`);
        throw error;
      }
    }
    await this.#db(
      `insert into auth.phone_otps (user_id, purpose, phone, token_hash, sent_at, failed_attempts) values ($1, $2, $3, $4, $5, 0)
       on conflict (user_id, purpose) do update set phone = excluded.phone, token_hash = excluded.token_hash, sent_at = excluded.sent_at, failed_attempts = 0`,
      [user.id, purpose, phone, this.#hash(purpose, phone, otp), this.#iso()],
    );
    return messageId;
  }

  #hash(purpose: string, phone: string, otp: string): string {
    // Keyed with the JWT secret (not in the database): a leaked table does not give codes away.
    return createHmac("sha256", this.#secret).update(`${purpose}:${phone}:${otp}`).digest("hex");
  }

  /** GoTrue's checks of a POST /verify that names a phone, in its order and words. */
  #checkPhoneVerify(body: Record<string, unknown>): void {
    if (!body.type) throw new AuthError(400, "validation_failed", "Verify requires a verification type");
    if (!body.token === !body.token_hash) throw new AuthError(400, "validation_failed", "Verify requires either a token or a token hash");
    if (body.token && body.type !== "sms" && body.type !== "phone_change") {
      throw new AuthError(400, "validation_failed", "Only an email address or phone number should be provided on verify");
    }
  }

  async #verifyPhoneOtp(request: Request, body: Record<string, unknown>): Promise<Response> {
    const phone = normalisePhone(body.phone);
    const token = typeof body.token === "string" ? body.token.trim() : "";
    if (!token) throw new AuthError(400, "validation_failed", "Verify requires a token");
    const purpose = body.type as "sms" | "phone_change";
    // An [auth.sms.test_otp] number's fixed code is good without a code having been requested,
    // and does not expire (GoTrue checks it before any stored code).
    const fixed = this.#o.config.sms.testOtp[phone];
    if (fixed !== undefined && token === fixed) {
      const [user] = await this.#db<{ id: string }>(`select id::text from auth.users where ${purpose === "sms" ? "phone" : "phone_change"} = $1`, [phone]);
      if (!user) throw INVALID_OTP();
      await this.#db(`delete from auth.phone_otps where user_id = $1 and purpose = $2`, [user.id, purpose]);
      return this.#confirmPhone(user.id, phone, purpose);
    }
    const [pending] = await this.#db<{ user_id: string; token_hash: string; sent_at: string; failed_attempts: number }>(
      `select user_id, token_hash, sent_at, failed_attempts from auth.phone_otps where phone = $1 and purpose = $2 order by sent_at desc limit 1`, [phone, purpose]);
    if (!pending) throw INVALID_OTP();
    if (Date.parse(pending.sent_at) + this.#o.config.sms.otpExpiryMs < this.#now()) {
      await this.#db(`delete from auth.phone_otps where user_id = $1 and purpose = $2`, [pending.user_id, purpose]);
      throw INVALID_OTP();
    }
    const given = Buffer.from(this.#hash(purpose, phone, token));
    if (!timingSafeEqual(given, Buffer.from(pending.token_hash.padEnd(given.length).slice(0, given.length)))) {
      // Bounded tries per code: the one that reaches max_attempts voids it.
      const [tried] = await this.#db<{ failed_attempts: number }>(
        `update auth.phone_otps set failed_attempts = failed_attempts + 1 where user_id = $1 and purpose = $2 returning failed_attempts`, [pending.user_id, purpose]);
      if (tried && tried.failed_attempts >= this.#o.config.sms.maxAttempts) {
        await this.#db(`delete from auth.phone_otps where user_id = $1 and purpose = $2`, [pending.user_id, purpose]);
      }
      throw INVALID_OTP();
    }
    // Used once: whoever deletes the row first signs in.
    const used = await this.#db(`delete from auth.phone_otps where user_id = $1 and purpose = $2 and token_hash = $3 returning user_id`, [pending.user_id, purpose, pending.token_hash]);
    if (!used.length) throw INVALID_OTP();
    return this.#confirmPhone(pending.user_id, phone, purpose);
  }

  /** A verified code: the phone is confirmed (or the account moves to the new one), and signs in. */
  async #confirmPhone(userId: string, phone: string, purpose: "sms" | "phone_change"): Promise<Response> {
    if (purpose === "sms") {
      await this.#db(`update auth.users set phone_confirmed_at = coalesce(phone_confirmed_at, now()), updated_at = now() where id = $1`, [userId]);
      await this.#db(`update auth.identities set identity_data = ${IDENTITY_DATA} || '{"phone_verified": true}'::jsonb, last_sign_in_at = now(), updated_at = now() where user_id = $1 and provider = 'phone'`, [userId]);
    } else {
      try {
        await this.#db(`update auth.users set phone = $2, phone_confirmed_at = now(), phone_change = null, phone_change_sent_at = null, updated_at = now() where id = $1`, [userId, phone]);
      } catch {
        throw new AuthError(422, "phone_exists", "A user with this phone number has already been registered");
      }
      // As GoTrue: the phone identity follows the number, and is made for a user who had none.
      const moved = await this.#db(`update auth.identities set identity_data = ${IDENTITY_DATA} || jsonb_build_object('phone', $2::text, 'phone_verified', true), updated_at = now()
        where user_id = $1 and provider = 'phone' returning id`, [userId, phone]);
      if (!moved.length) {
        await this.#db(`insert into auth.identities (id, provider, provider_id, user_id, identity_data, last_sign_in_at, created_at, updated_at) values ($1, 'phone', $2::text, $2::uuid, $3::text::jsonb, now(), now(), now())`,
          [randomUUID(), userId, JSON.stringify({ sub: userId, phone, phone_verified: true, email_verified: false })]);
      }
    }
    return this.#mintSession(userId, "otp");
  }

  async #userByPhone(phone: string): Promise<UserRow | null> {
    const [user] = await this.#db<UserRow>(`${USER_SELECT} where phone = $1`, [phone]);
    return user ?? null;
  }

  async #createPhoneUser(phone: string, data: Record<string, unknown>): Promise<UserRow> {
    const id = randomUUID();
    await this.#db(
      `insert into auth.users (id, aud, role, phone, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ($1, 'authenticated', 'authenticated', $2, $3::jsonb, $4::jsonb, now(), now())`,
      [id, phone, JSON.stringify({ provider: "phone", providers: ["phone"] }), JSON.stringify(data)]);
    await this.#db(
      `insert into auth.identities (id, provider, provider_id, user_id, identity_data, created_at, updated_at) values ($1, 'phone', $2::text, $2::uuid, $3::jsonb, now(), now())`,
      [randomUUID(), id, JSON.stringify({ sub: id, phone, phone_verified: false, email_verified: false })]);
    return (await this.#userByPhone(phone))!;
  }

  // -------------------------------------------------------------------------------------------
  // TOTP factors

  async #factors(request: Request, peer: string, factorId: string | undefined, action: string | undefined): Promise<Response> {
    const caller = await this.#caller(request);
    const { mfa } = this.#o.config;
    if (!factorId) {
      if (request.method !== "POST") throw new AuthError(405, "method_not_allowed", `${request.method} is not allowed here; use POST`);
      return this.#enroll(caller, await peekJson(request));
    }
    const [factor] = await this.#db<FactorRow>(`select * from auth.mfa_factors where id::text = $1 and user_id = $2`, [factorId, caller.userId]);
    if (!factor) throw new AuthError(404, "mfa_factor_not_found", "Factor not found");
    if (!action && request.method === "DELETE") return this.#unenroll(caller, factor);
    if (request.method !== "POST" || !action) throw new AuthError(405, "method_not_allowed", `${request.method} is not allowed here`);
    if (factor.factor_type !== "totp") throw new AuthError(422, "mfa_phone_verify_not_enabled", "MFA verification is disabled for Phone");
    if (!mfa.totpVerify) throw new AuthError(422, "mfa_totp_verify_not_enabled", "MFA verification is disabled for TOTP");
    if (action === "challenge") {
      const id = randomUUID();
      const at = this.#iso();
      await this.#db(`insert into auth.mfa_challenges (id, factor_id, created_at, ip_address) values ($1, $2, $3, $4::inet)`, [id, factor.id, at, inet(peer)]);
      await this.#db(`update auth.mfa_factors set last_challenged_at = $2, updated_at = now() where id = $1`, [factor.id, at]);
      return authJson(200, { id, type: "totp", expires_at: Math.floor((this.#now() + mfa.challengeExpiryMs) / 1000) });
    }
    return this.#verifyFactor(caller, factor, peer, await peekJson(request));
  }

  async #enroll(caller: Caller, body: Record<string, unknown>): Promise<Response> {
    const { mfa } = this.#o.config;
    const type = body.factor_type;
    if (type === "phone") throw new AuthError(422, "mfa_phone_enroll_not_enabled", "MFA enroll is disabled for Phone");
    if (type === "webauthn") throw new AuthError(422, "mfa_web_authn_enroll_not_enabled", "MFA enroll is disabled for WebAuthn");
    if (type !== "totp") throw new AuthError(400, "validation_failed", "factor_type needs to be totp, phone, or webauthn");
    if (!mfa.totpEnroll) throw new AuthError(422, "mfa_totp_enroll_not_enabled", "MFA enroll is disabled for TOTP");
    const friendlyName = typeof body.friendly_name === "string" ? body.friendly_name : "";
    // Unverified factors nobody finished within a day are forgotten, as GoTrue's expiry does.
    await this.#db(`delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and created_at < now() - interval '1 day'`, [caller.userId]);
    const factors = await this.#db<FactorRow>(`select * from auth.mfa_factors where user_id = $1`, [caller.userId]);
    if (friendlyName && factors.some((f) => f.friendly_name === friendlyName)) {
      throw new AuthError(422, "mfa_factor_name_conflict", `A factor with the friendly name "${friendlyName}" for this user already exists`);
    }
    if (factors.length >= mfa.maxEnrolledFactors) throw new AuthError(422, "too_many_enrolled_mfa_factors", "Maximum number of verified factors reached, unenroll to continue");
    if (factors.some((f) => f.status === "verified") && caller.aal !== "aal2") throw new AuthError(403, "insufficient_aal", "AAL2 required to enroll a new factor");
    const secret = generateSecret();
    const issuer = typeof body.issuer === "string" && body.issuer ? body.issuer : mfa.issuer;
    const uri = generateURI({ issuer, label: caller.user.email || (caller.user.phone ? `+${caller.user.phone}` : caller.userId), secret });
    const qr = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "H", margin: 1 });
    const id = randomUUID();
    await this.#db(`insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, secret, created_at, updated_at) values ($1, $2, $3, 'totp', 'unverified', $4, now(), now())`,
      [id, caller.userId, friendlyName, secret]);
    return authJson(200, { id, type: "totp", friendly_name: friendlyName, totp: { qr_code: qr, secret, uri } });
  }

  async #verifyFactor(caller: Caller, factor: FactorRow, peer: string, body: Record<string, unknown>): Promise<Response> {
    const code = typeof body.code === "string" ? body.code.trim() : "";
    if (!code) throw new AuthError(400, "validation_failed", "Code needs to be non-empty");
    const challengeId = typeof body.challenge_id === "string" ? body.challenge_id : "";
    const [challenge] = await this.#db<{ id: string; created_at: string; verified_at: string | null; same_ip: boolean }>(
      `select id, created_at, verified_at, ip_address = $3::inet as same_ip from auth.mfa_challenges where id::text = $1 and factor_id = $2`, [challengeId, factor.id, inet(peer)]);
    if (!challenge) throw new AuthError(422, "mfa_factor_not_found", "MFA factor with the provided challenge ID not found");
    if (challenge.verified_at || !challenge.same_ip) throw new AuthError(422, "mfa_ip_address_mismatch", "Challenge and verify IP addresses mismatch.");
    if (Date.parse(challenge.created_at) + this.#o.config.mfa.challengeExpiryMs < this.#now()) {
      await this.#db(`delete from auth.mfa_challenges where id = $1`, [challenge.id]);
      throw new AuthError(422, "mfa_challenge_expired", `MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`);
    }
    // SHA-1, 6 digits, 30 s, one step either side (GoTrue's settings), never a step at or before
    // the last one accepted for this factor (a code is used once).
    const last = factor.last_totp_step === null ? undefined : Number(factor.last_totp_step);
    const result = /^\d{6}$/.test(code)
      ? await verifyTotp({ secret: factor.secret ?? "", token: code, epoch: Math.floor(this.#now() / 1000), epochTolerance: 30, ...(last !== undefined ? { afterTimeStep: last } : {}) }).catch(() => ({ valid: false as const }))
      : { valid: false as const };
    if (!result.valid || !("timeStep" in result)) throw new AuthError(422, "mfa_verification_failed", "Invalid TOTP code entered");
    const claimed = await this.#db(`update auth.mfa_factors set last_totp_step = $2, status = 'verified', updated_at = now()
      where id = $1 and (last_totp_step is null or last_totp_step < $2) returning id`, [factor.id, result.timeStep]);
    if (!claimed.length) throw new AuthError(422, "mfa_verification_failed", "Invalid TOTP code entered");
    await this.#db(`update auth.mfa_challenges set verified_at = $2 where id = $1`, [challenge.id, this.#iso()]);
    // (the session may have ended meanwhile: another session's step-up ends the aal1 ones)
    const raised = await this.#db(`update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1 returning id`, [caller.sessionId, factor.id]);
    if (!raised.length) throw SESSION_NOT_FOUND();
    await this.#addAmr(caller.sessionId, "totp");
    // As GoTrue: the user's other sessions below aal2 end, and unfinished enrolments go.
    await this.#db(`delete from auth.sessions where user_id = $1 and id <> $2 and coalesce(aal, 'aal1') <> 'aal2'`, [caller.userId, caller.sessionId]);
    await this.#db(`delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and factor_type = 'totp'`, [caller.userId]);
    return this.#issueForSession(caller.userId, caller.sessionId);
  }

  async #unenroll(caller: Caller, factor: FactorRow): Promise<Response> {
    if (factor.status === "verified" && caller.aal !== "aal2") throw new AuthError(422, "insufficient_aal", "AAL2 required to unenroll verified factor");
    await this.#db(`delete from auth.mfa_factors where id = $1`, [factor.id]);
    // Sessions that this factor raised go back to aal1.
    await this.#db(`delete from auth.mfa_amr_claims where authentication_method = 'totp' and session_id in (select id from auth.sessions where factor_id = $1)`, [factor.id]);
    await this.#db(`update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now() where factor_id = $1`, [factor.id]);
    return authJson(200, { id: factor.id });
  }

  // -------------------------------------------------------------------------------------------
  // Sessions and tokens

  /** The signed-in caller: a valid access token whose session still exists. */
  async #caller(request: Request): Promise<Caller> {
    const token = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
    let claims;
    try {
      claims = await this.#o.tokens.claims(token);
    } catch (error) {
      throw new AuthError(403, "bad_jwt", `invalid JWT: ${(error as Error).message}`);
    }
    const userId = typeof claims.sub === "string" ? claims.sub : "";
    const sessionId = typeof claims.session_id === "string" ? claims.session_id : "";
    const [session] = await this.#db<{ aal: string | null }>(`select aal from auth.sessions where id::text = $1 and user_id::text = $2`, [sessionId, userId]);
    if (!session) throw SESSION_NOT_FOUND();
    const [user] = await this.#db<UserRow>(`${USER_SELECT} where id = $1`, [userId]);
    if (!user) throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");
    return { userId, sessionId, aal: session.aal ?? "aal1", user };
  }

  /** A new session (phone OTP sign-in), with lite's tables so lite's refresh and /user serve it. */
  async #mintSession(userId: string, method: string): Promise<Response> {
    const sessionId = randomUUID();
    await this.#db(`insert into auth.sessions (id, user_id, aal, created_at, updated_at) values ($1, $2, 'aal1', now(), now())`, [sessionId, userId]);
    await this.#db(`update auth.users set last_sign_in_at = now() where id = $1`, [userId]);
    await this.#addAmr(sessionId, method);
    return this.#issueForSession(userId, sessionId);
  }

  /** Access and refresh token for an existing session (the refresh tokens before are revoked). */
  async #issueForSession(userId: string, sessionId: string): Promise<Response> {
    const refresh = randomUUID();
    await this.#db(`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and not revoked`, [sessionId]);
    await this.#db(`insert into auth.refresh_tokens (id, token, user_id, session_id, revoked, created_at, updated_at) values ($1, $2, $3, $4, false, now(), now())`,
      [randomUUID(), refresh, userId, sessionId]);
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = this.#o.jwtExpirySeconds;
    const accessToken = await this.#sign(await this.#claims(userId, sessionId), now, now + expiresIn);
    const user = await this.#userJson(userId);
    return authJson(200, { access_token: accessToken, token_type: "bearer", expires_in: expiresIn, expires_at: now + expiresIn, refresh_token: refresh, user });
  }

  /** lite's token response with GoTrue's claims and user fields added. */
  async #enrichSession(response: Response, method: string | null): Promise<Response> {
    if (response.status !== 200 || !response.headers.get("content-type")?.includes("json")) return response;
    const body = (await response.clone().json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body.access_token !== "string") return response;
    const liteClaims = decodeJwt(body.access_token);
    const userId = String(liteClaims.sub ?? "");
    const sessionId = typeof liteClaims.session_id === "string" ? liteClaims.session_id : "";
    if (!sessionId) return response;
    if (method) await this.#addAmr(sessionId, method);
    body.access_token = await this.#sign(await this.#claims(userId, sessionId), liteClaims.iat ?? Math.floor(Date.now() / 1000), liteClaims.exp!);
    if (isObject(body.user)) body.user = await this.#withPhoneAndFactors(body.user);
    return authJson(200, body, Object.fromEntries([...response.headers].filter(([k]) => k.toLowerCase().startsWith("sb-") || k.toLowerCase().startsWith("ratelimit"))));
  }

  async #enrichUser(response: Response): Promise<Response> {
    if (response.status !== 200) return response;
    const body = (await response.clone().json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body.id !== "string") return response;
    return authJson(200, await this.#withPhoneAndFactors(body));
  }

  async #settings(response: Response): Promise<Response> {
    if (response.status !== 200) return response;
    const body = (await response.clone().json().catch(() => null)) as { external?: Record<string, unknown> } & Record<string, unknown> | null;
    if (!body) return response;
    const { sms } = this.#o.config;
    body.external = { ...body.external, phone: sms.enableSignup };
    body.sms_provider = sms.hook ? "hook" : sms.twilio ? "twilio" : sms.textlocal ? "textlocal" : "";
    return authJson(200, body);
  }

  async #addAmr(sessionId: string, method: string): Promise<void> {
    await this.#db(`insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method) values ($1, $2, now(), now(), $3)
      on conflict (session_id, authentication_method) do update set updated_at = now()`, [randomUUID(), sessionId, method]).catch((error: { code?: string }) => {
      // a session that ended meanwhile (the claim's foreign key): GoTrue's answer, not a 500
      if (error.code === "23503") throw SESSION_NOT_FOUND();
      throw error;
    });
  }

  /** GoTrue's access-token claims for this user and session; aal and amr come from the session. */
  async #claims(userId: string, sessionId: string): Promise<Record<string, unknown>> {
    const [row] = await this.#db<UserRow & { aal: string | null; amr: Array<{ method: string; timestamp: number }> | null }>(
      `select u.id, u.email, u.phone, u.phone_change, u.raw_app_meta_data, u.raw_user_meta_data, u.is_anonymous, u.banned_until, s.aal,
              (select json_agg(json_build_object('method', c.authentication_method, 'timestamp', floor(extract(epoch from c.updated_at))::bigint) order by c.updated_at desc)
                 from auth.mfa_amr_claims c where c.session_id = s.id) as amr
       from auth.users u join auth.sessions s on s.user_id = u.id where u.id = $1 and s.id = $2`, [userId, sessionId]);
    if (!row) throw new AuthError(403, "session_not_found", "Session does not exist");
    return {
      sub: userId,
      aud: "authenticated",
      role: "authenticated",
      email: row.email ?? "",
      phone: row.phone ?? "",
      app_metadata: jsonObject(row.raw_app_meta_data),
      user_metadata: jsonObject(row.raw_user_meta_data),
      aal: row.aal ?? "aal1",
      amr: typeof row.amr === "string" ? JSON.parse(row.amr) : row.amr ?? [],
      session_id: sessionId,
      is_anonymous: Boolean(row.is_anonymous),
    };
  }

  #sign(claims: Record<string, unknown>, iat: number, exp: number): Promise<string> {
    return new SignJWT({ ...claims, iat }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(iat).setExpirationTime(exp).sign(this.#secret);
  }

  /** The user as GET /user answers (GoTrue's shape, built here for users lite cannot map). */
  async #userJson(userId: string): Promise<Record<string, unknown>> {
    const [u] = await this.#db<Record<string, unknown>>(
      `select id, aud, role, email, phone, email_confirmed_at, phone_confirmed_at, confirmed_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data,
              is_anonymous, created_at, updated_at,
              (select coalesce(json_agg(json_build_object('identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'identity_data', ${IDENTITY_DATA.replace(/identity_data/g, "i.identity_data")},
                 'provider', i.provider, 'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at, 'updated_at', i.updated_at)), '[]'::json)
                 from auth.identities i where i.user_id = u.id) as identities
       from auth.users u where id = $1`, [userId]);
    if (!u) throw new AuthError(404, "user_not_found", "User not found");
    const user: Record<string, unknown> = {
      id: u.id, aud: u.aud ?? "authenticated", role: u.role ?? "authenticated", email: u.email ?? "", phone: u.phone ?? "",
      app_metadata: jsonObject(u.raw_app_meta_data), user_metadata: jsonObject(u.raw_user_meta_data),
      identities: typeof u.identities === "string" ? JSON.parse(u.identities) : u.identities,
      created_at: iso(u.created_at), updated_at: iso(u.updated_at), is_anonymous: Boolean(u.is_anonymous),
    };
    if (u.confirmed_at) user.confirmed_at = iso(u.confirmed_at);
    if (u.last_sign_in_at) user.last_sign_in_at = iso(u.last_sign_in_at);
    return this.#withPhoneAndFactors(user);
  }

  /** Adds what GoTrue's user has and lite's lacks: the phone fields and MFA factors. */
  async #withPhoneAndFactors(user: Record<string, unknown>): Promise<Record<string, unknown>> {
    const [row] = await this.#db<{ email_confirmed_at: unknown; phone_confirmed_at: unknown; phone_change: string | null; phone_change_sent_at: unknown }>(
      `select email_confirmed_at, phone_confirmed_at, phone_change, phone_change_sent_at from auth.users where id::text = $1`, [String(user.id)]);
    if (!row) return user;
    const out: Record<string, unknown> = { ...user };
    if (row.email_confirmed_at) out.email_confirmed_at = iso(row.email_confirmed_at);
    else delete out.email_confirmed_at;
    if (row.phone_confirmed_at) out.phone_confirmed_at = iso(row.phone_confirmed_at);
    if (row.phone_change) out.new_phone = row.phone_change;
    if (row.phone_change_sent_at) out.phone_change_sent_at = iso(row.phone_change_sent_at);
    const factors = await this.#db<FactorRow>(`select id, friendly_name, factor_type, status, created_at, updated_at, last_challenged_at from auth.mfa_factors where user_id::text = $1 order by created_at`, [String(user.id)]);
    if (factors.length) {
      out.factors = factors.map((f) => ({
        id: f.id, friendly_name: f.friendly_name ?? "", factor_type: f.factor_type, status: f.status,
        created_at: iso(f.created_at), updated_at: iso(f.updated_at), ...(f.last_challenged_at ? { last_challenged_at: iso(f.last_challenged_at) } : {}),
      }));
    } else {
      delete out.factors;
    }
    return out;
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  #db<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.#o.database.query<T>(sql, params);
  }
}

/** identity_data as an object: lite's postgres driver stores jsonb objects as jsonb strings, and
 *  `string || object` would make an array of them. */
const IDENTITY_DATA = `(case when jsonb_typeof(identity_data) = 'string' then (identity_data #>> '{}')::jsonb else identity_data end)`;

const USER_SELECT = `select id::text, email, phone, phone_change, raw_app_meta_data, raw_user_meta_data, is_anonymous, banned_until from auth.users`;

function hookUser(user: UserRow): Record<string, unknown> {
  return { id: user.id, aud: "authenticated", role: "authenticated", email: user.email ?? "", phone: user.phone ?? "",
    app_metadata: jsonObject(user.raw_app_meta_data), user_metadata: jsonObject(user.raw_user_meta_data), is_anonymous: Boolean(user.is_anonymous) };
}

/** jsonb that a driver may hand back as an object or as a JSON string (lite's postgres driver). */
function jsonObject(value: unknown): Record<string, unknown> {
  let v = value;
  for (let i = 0; i < 2 && typeof v === "string"; i++) {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  return isObject(v) ? v : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** The client address as Postgres inet ("unknown" when the socket gave none: loopback). */
function inet(address: string): string {
  return isIP(address.replace(/\/\d+$/, "")) ? address : "127.0.0.1";
}

async function peekJson(request: Request): Promise<Record<string, unknown>> {
  const body = await request.clone().json().catch(() => null);
  return isObject(body) ? body : {};
}

function authJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "access-control-allow-origin": "*", ...headers } });
}
