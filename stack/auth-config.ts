// Phone sign-in and MFA settings, read from supabase/config.toml the way the Supabase CLI reads
// them: [auth.sms] (enabled, template, max_frequency, otp_length, otp_expiry), [auth.sms.test_otp],
// [auth.sms.twilio], [auth.sms.textlocal], [auth.hook.send_sms], [auth.mfa] and [auth.mfa.totp].
// "env(NAME)" values are read from the environment, as the CLI substitutes them.
// CastMatch's own keys (the CLI warns that it ignores them): [auth.sms] max_attempts and
// [auth.sms.dlt] (India's DLT registration: the sender ID and one template ID
// per message type, sent with every message).
import { z } from "zod";
import { firstIssue } from "./zod-issue.ts";

export type SmsChannel = "sms" | "whatsapp";
/** Why an SMS goes out: sign-in/sign-up code, a new number's confirmation, an MFA challenge. */
export type SmsType = "otp" | "phone_change";

export type TwilioConfig = { accountSid: string; messageServiceSid: string; authToken: string; contentSid?: string | undefined; apiBase: string };
export type TextlocalConfig = { sender: string; apiKey: string; apiBase: string };
export type SendSmsHookConfig = { uri: string; secrets: string[] };
export type DltConfig = { entityId?: string | undefined; senderId?: string | undefined; templates: Partial<Record<SmsType, string>> };

export type AuthPhoneConfig = {
  sms: {
    enableSignup: boolean;
    template: string;
    maxFrequencyMs: number;
    otpLength: number;
    otpExpiryMs: number;
    /** Wrong codes an OTP survives; the next wrong one voids it (a new code must be requested). */
    maxAttempts: number;
    /** Phone (digits, no "+") -> fixed code; nothing is sent to these numbers. */
    testOtp: Record<string, string>;
    twilio: TwilioConfig | null;
    textlocal: TextlocalConfig | null;
    hook: SendSmsHookConfig | null;
    dlt: DltConfig;
  };
  mfa: { maxEnrolledFactors: number; totpEnroll: boolean; totpVerify: boolean; challengeExpiryMs: number; issuer: string };
};

const TWILIO_API = "https://api.twilio.com";
const TEXTLOCAL_API = "https://api.textlocal.in";

/** "5s", "1m30s", "2h" (Go durations, as the CLI writes max_frequency) -> ms. */
export function parseDuration(value: string | number | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === "number") return value * 1000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== value.trim()) throw new Error(`not a duration: ${JSON.stringify(value)} (e.g. "5s", "1m")`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

function resolveEnv(value: string | undefined, env: NodeJS.ProcessEnv): string {
  if (value === undefined) return "";
  const m = /^env\((\w+)\)$/.exec(value.trim());
  return m ? env[m[1]!] ?? "" : value;
}

const str = z.string().optional();
const Raw = z.object({
  site_url: str,
  enable_signup: z.boolean().optional(),
  sms: z.object({
    enabled: z.boolean().optional(),
    enable_signup: z.boolean().optional(),
    template: str,
    max_frequency: z.union([z.string(), z.number()]).optional(),
    otp_length: z.number().int().min(6).max(10).optional(),
    otp_expiry: z.number().int().positive().optional(),
    max_attempts: z.number().int().positive().optional(),
    test_otp: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    twilio: z.object({ enabled: z.boolean().optional(), account_sid: str, message_service_sid: str, auth_token: str, content_sid: str, api_base: str }).optional(),
    textlocal: z.object({ enabled: z.boolean().optional(), sender: str, api_key: str, api_base: str }).optional(),
    dlt: z.object({ entity_id: str, sender_id: str, templates: z.record(z.string(), z.string()).optional() }).optional(),
  }).passthrough().optional(),
  hook: z.object({ send_sms: z.object({ enabled: z.boolean().optional(), uri: str, secrets: str }).optional() }).passthrough().optional(),
  mfa: z.object({
    max_enrolled_factors: z.number().int().positive().optional(),
    totp: z.object({ enroll_enabled: z.boolean().optional(), verify_enabled: z.boolean().optional() }).optional(),
  }).passthrough().optional(),
}).passthrough();

/** The settings from a parsed config.toml (its whole object). */
export function readAuthPhoneConfig(parsed: unknown, env: NodeJS.ProcessEnv = process.env): AuthPhoneConfig {
  const result = Raw.safeParse((parsed as { auth?: unknown } | undefined)?.auth ?? {});
  if (!result.success) {
    throw new Error(`supabase/config.toml: auth.${firstIssue(result.error, "")}`);
  }
  const raw = result.data;
  const sms = raw.sms ?? {};
  const twilio = sms.twilio?.enabled ? {
    accountSid: resolveEnv(sms.twilio.account_sid, env),
    messageServiceSid: resolveEnv(sms.twilio.message_service_sid, env),
    authToken: resolveEnv(sms.twilio.auth_token, env),
    contentSid: sms.twilio.content_sid && resolveEnv(sms.twilio.content_sid, env),
    apiBase: sms.twilio.api_base ?? TWILIO_API,
  } : null;
  const textlocal = sms.textlocal?.enabled ? {
    sender: resolveEnv(sms.textlocal.sender, env), apiKey: resolveEnv(sms.textlocal.api_key, env), apiBase: sms.textlocal.api_base ?? TEXTLOCAL_API,
  } : null;
  const hookRaw = raw.hook?.send_sms;
  const hook = hookRaw?.enabled ? { uri: resolveEnv(hookRaw.uri, env), secrets: resolveEnv(hookRaw.secrets, env).split("|").filter(Boolean) } : null;
  if (twilio && (!twilio.accountSid || !twilio.authToken || !twilio.messageServiceSid)) throw new Error("supabase/config.toml: [auth.sms.twilio] needs account_sid, message_service_sid and auth_token");
  if (textlocal && (!textlocal.apiKey || !textlocal.sender)) throw new Error("supabase/config.toml: [auth.sms.textlocal] needs sender and api_key");
  if (hook && (!/^https?:\/\//.test(hook.uri) || !hook.secrets.length)) throw new Error("supabase/config.toml: [auth.hook.send_sms] needs an http(s) uri and secrets (\"v1,whsec_...\")");
  const testOtp: Record<string, string> = {};
  for (const [phone, code] of Object.entries(sms.test_otp ?? {})) testOtp[phone.replace(/^\+/, "")] = String(code);
  const templates: Partial<Record<SmsType, string>> = {};
  for (const [type, id] of Object.entries(sms.dlt?.templates ?? {})) {
    if (type !== "otp" && type !== "phone_change") throw new Error(`supabase/config.toml: auth.sms.dlt.templates.${type}: the message types are otp and phone_change`);
    if (id) templates[type] = id;
  }
  let issuer = "castmatch";
  try {
    issuer = new URL(raw.site_url ?? "http://127.0.0.1:3000").host;
  } catch { /* GoTrue names the site's host; a bad site_url keeps the project name */ }
  return {
    sms: {
      // CLI 3: [auth.sms] enabled turns phone sign-in on ([auth] enable_signup still governs
      // sign-ups); enable_signup is the older, deprecated name.
      enableSignup: (sms.enabled ?? sms.enable_signup ?? false) && (raw.enable_signup ?? true),
      template: sms.template ?? "Your code is {{ .Code }}",
      maxFrequencyMs: parseDuration(sms.max_frequency, 60_000),
      otpLength: sms.otp_length ?? 6,
      otpExpiryMs: (sms.otp_expiry ?? 60) * 1000,
      maxAttempts: sms.max_attempts ?? 5,
      testOtp,
      twilio,
      textlocal,
      hook,
      dlt: { entityId: sms.dlt?.entity_id || undefined, senderId: sms.dlt?.sender_id || undefined, templates },
    },
    mfa: {
      maxEnrolledFactors: raw.mfa?.max_enrolled_factors ?? 10,
      totpEnroll: raw.mfa?.totp?.enroll_enabled ?? false,
      totpVerify: raw.mfa?.totp?.verify_enabled ?? false,
      challengeExpiryMs: 300_000,
      issuer,
    },
  };
}
