// What each SMS provider receives (stack/auth-sms.ts), against stub servers on 127.0.0.1: Twilio's
// Messages API for SMS and WhatsApp, Textlocal's /send, and the Send SMS Hook, whose signature is
// checked with standardwebhooks as a receiver would; India's DLT IDs travel with each. And how
// [auth.sms] is read from config.toml (stack/auth-config.ts).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { parse } from "smol-toml";
import { readFileSync } from "node:fs";
import { parseDuration, readAuthPhoneConfig, type AuthPhoneConfig } from "../../stack/auth-config.ts";
import { channelAvailable, Outbox, sendSms, SmsSendError, type SmsMessage } from "../../stack/auth-sms.ts";

type Seen = { method: string; path: string; headers: IncomingMessage["headers"]; body: string };
let server: Server;
let base = "";
const seen: Seen[] = [];
let reply: { status: number; body: unknown } = { status: 201, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const SECRET = "v1,whsec_" + Buffer.from("a test secret of thirty-two bytes").toString("base64");
function config(sms: Partial<AuthPhoneConfig["sms"]>): AuthPhoneConfig {
  const base = readAuthPhoneConfig({});
  return { ...base, sms: { ...base.sms, ...sms } };
}
const DLT = { entityId: "1101234567890123456", senderId: "CSTMCH", templates: { otp: "1107000000000000001", phone_change: "1107000000000000002" } };
const message = (over: Partial<SmsMessage> = {}): SmsMessage => ({
  phone: "919820011223", channel: "sms", type: "otp", otp: "482913", text: "Your CastMatch code is 482913.", user: { id: "u1", phone: "919820011223" }, ...over,
});
async function send(cfg: AuthPhoneConfig, m: SmsMessage, outbox = new Outbox()) {
  seen.length = 0;
  const id = await sendSms(cfg, outbox, m);
  return { id, request: seen[0]!, outbox };
}

describe("Twilio", () => {
  const twilio = { accountSid: "AC123", messageServiceSid: "MG456", authToken: "tok", apiBase: "" };
  it("posts the SMS form to the account's Messages.json with basic auth", async () => {
    reply = { status: 201, body: { sid: "SM1", status: "queued" } };
    const { id, request, outbox } = await send(config({ twilio: { ...twilio, apiBase: base }, dlt: DLT }), message());
    expect(id).toBe("SM1");
    expect(request.path).toBe("/2010-04-01/Accounts/AC123/Messages.json");
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("AC123:tok").toString("base64")}`);
    const form = Object.fromEntries(new URLSearchParams(request.body));
    expect(form).toMatchObject({ To: "+919820011223", Channel: "sms", From: "MG456", Body: "Your CastMatch code is 482913." });
    expect(JSON.parse(form.Tags!)).toEqual({ dlt_template_id: DLT.templates.otp, dlt_entity_id: DLT.entityId });
    expect(outbox.list()[0]).toMatchObject({ via: "twilio", channel: "sms", to: "+919820011223" });
  });

  it("sends WhatsApp to whatsapp:+<phone> from a whatsapp: number, with the content template's variable", async () => {
    reply = { status: 201, body: { sid: "SM2", status: "queued" } };
    const { request } = await send(config({ twilio: { ...twilio, messageServiceSid: "+14155238886", contentSid: "HX9", apiBase: base } }), message({ channel: "whatsapp" }));
    const form = Object.fromEntries(new URLSearchParams(request.body));
    expect(form).toMatchObject({ To: "whatsapp:+919820011223", From: "whatsapp:+14155238886", Channel: "whatsapp", ContentSid: "HX9" });
    expect(JSON.parse(form.ContentVariables!)).toEqual({ 1: "482913" });
    expect(form.Body).toBeUndefined();
  });

  it("turns Twilio's refusal into an error the outbox records", async () => {
    reply = { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } };
    const outbox = new Outbox();
    await expect(sendSms(config({ twilio: { ...twilio, apiBase: base } }), outbox, message())).rejects.toThrow(SmsSendError);
    expect(outbox.list()[0]!.error).toMatch(/not a valid phone number/);
  });
});

describe("Textlocal", () => {
  it("posts sender, apikey, message and numbers to /send; the DLT sender ID is the sender", async () => {
    reply = { status: 200, body: { status: "success", messages: [{ id: "TL1" }] } };
    const { id, request } = await send(config({ textlocal: { sender: "TXTLCL", apiKey: "key", apiBase: base }, dlt: DLT }), message());
    expect(id).toBe("TL1");
    expect(request.path).toBe("/send");
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ sender: "CSTMCH", apikey: "key", message: "Your CastMatch code is 482913.", numbers: "919820011223" });
  });

  it("refuses WhatsApp, and reports Textlocal's errors", async () => {
    const cfg = config({ textlocal: { sender: "TXTLCL", apiKey: "key", apiBase: base } });
    expect(channelAvailable(cfg, "whatsapp")).toBe(false);
    reply = { status: 200, body: { status: "failure", errors: [{ code: 7, message: "Invalid login details" }] } };
    await expect(sendSms(cfg, new Outbox(), message())).rejects.toThrow(/Invalid login details/);
  });
});

describe("the Send SMS Hook", () => {
  it("posts { user, sms } signed as Standard Webhooks, with the message type's DLT template", async () => {
    reply = { status: 200, body: {} };
    const { request } = await send(config({ hook: { uri: `${base}/sms-hook`, secrets: [SECRET] }, dlt: DLT }), message({ type: "phone_change", channel: "whatsapp" }));
    expect(request.path).toBe("/sms-hook");
    const verified = new Webhook(SECRET.replace(/^v1,/, "")).verify(request.body, {
      "webhook-id": String(request.headers["webhook-id"]),
      "webhook-timestamp": String(request.headers["webhook-timestamp"]),
      "webhook-signature": String(request.headers["webhook-signature"]),
    }) as { user: { id: string }; sms: Record<string, unknown> };
    expect(verified.user.id).toBe("u1");
    expect(verified.sms).toEqual({
      otp: "482913", sms_type: "phone_change", phone: "919820011223", channel: "whatsapp", message: "Your CastMatch code is 482913.",
      dlt: { entity_id: DLT.entityId, sender_id: DLT.senderId, template_id: DLT.templates.phone_change },
    });
  });

  it("is refused by a receiver holding another secret, and a non-2xx answer is an error", async () => {
    reply = { status: 200, body: {} };
    const { request } = await send(config({ hook: { uri: `${base}/sms-hook`, secrets: [SECRET] } }), message());
    const other = new Webhook(Buffer.from("another secret entirely, 32 byte").toString("base64"));
    expect(() => other.verify(request.body, request.headers as Record<string, string>)).toThrow();
    reply = { status: 503, body: { error: "down" } };
    await expect(sendSms(config({ hook: { uri: `${base}/sms-hook`, secrets: [SECRET] } }), new Outbox(), message())).rejects.toThrow(/503/);
  });
});

describe("no provider", () => {
  it("sends nothing anywhere and keeps the message in the outbox", async () => {
    seen.length = 0;
    const outbox = new Outbox();
    await sendSms(config({}), outbox, message({ channel: "whatsapp" }));
    expect(seen).toEqual([]);
    expect(outbox.list("+919820011223")).toEqual([expect.objectContaining({ via: "outbox", channel: "whatsapp", body: "Your CastMatch code is 482913." })]);
  });
});

describe("[auth.sms] in config.toml", () => {
  it("reads the project's file: sign-up on, test numbers, TOTP on, no provider", () => {
    const cfg = readAuthPhoneConfig(parse(readFileSync("supabase/config.toml", "utf8")));
    expect(cfg.sms).toMatchObject({ enableSignup: true, maxFrequencyMs: 60_000, otpLength: 6, otpExpiryMs: 300_000, maxAttempts: 5,
      testOtp: { "919800000001": "123456" }, twilio: null, textlocal: null, hook: null, dlt: { templates: {} } });
    expect(cfg.mfa).toMatchObject({ totpEnroll: true, totpVerify: true, maxEnrolledFactors: 10 });
  });

  it("substitutes env() and refuses a provider without its credentials", () => {
    const raw = { auth: { sms: { twilio: { enabled: true, account_sid: "AC1", message_service_sid: "MG1", auth_token: "env(TWILIO_TEST_TOKEN)" } } } };
    expect(readAuthPhoneConfig(raw, { TWILIO_TEST_TOKEN: "secret" }).sms.twilio?.authToken).toBe("secret");
    expect(() => readAuthPhoneConfig(raw, {})).toThrow(/needs account_sid, message_service_sid and auth_token/);
    expect(() => readAuthPhoneConfig({ auth: { sms: { dlt: { templates: { welcome: "1" } } } } })).toThrow(/message types are otp and phone_change/);
  });

  it("reads Go durations as the CLI writes them", () => {
    expect(parseDuration("5s", 0)).toBe(5000);
    expect(parseDuration("1m30s", 0)).toBe(90_000);
    expect(parseDuration(undefined, 42)).toBe(42);
    expect(() => parseDuration("soon", 0)).toThrow(/not a duration/);
  });
});
