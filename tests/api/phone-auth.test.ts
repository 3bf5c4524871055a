// Phone sign-up and sign-in as a mobile app does it with unmodified supabase-js: a code by SMS or
// WhatsApp, verifyOtp, a session that refreshes, a phone change; and the refusals (wrong, expired
// and reused codes, too many tries, resend too soon, the sms_sent and token_verifications limits
// with Retry-After). This stack has its own clock for codes (no sleeps) and reads its codes from
// the outbox (/_outbox/messages), where every message goes when no provider is configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";
import { client } from "../support/clients.ts";

let stack: Stack;
let scratch: Scratch;
const clock = { now: Date.now() };
let phones = 0;
const newPhone = () => `+9198${String(process.pid % 1000).padStart(3, "0")}${String(phones++).padStart(5, "0")}`;

beforeAll(async () => {
  scratch = await scratchDatabase();
  stack = await startStack({ keys: generateKeys(), port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, seed: false, scheduleEveryMs: 0, authClock: () => clock.now });
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

const anon = () => client(stack.apiUrl, stack.keys.publishableKey);
type Message = { channel: string; to: string; body: string; via: string };
async function outbox(to: string): Promise<Message[]> {
  return (await (await fetch(`${stack.apiUrl}/_outbox/messages?to=${encodeURIComponent(to)}`)).json()) as Message[];
}
async function lastCode(to: string): Promise<string> {
  const [latest] = await outbox(to);
  const code = /\b(\d{6})\b/.exec(latest?.body ?? "")?.[1];
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
const later = (ms: number) => (clock.now += ms);

describe("phone sign-up and sign-in", () => {
  it("signs up by SMS: the code arrives in the outbox, verifyOtp returns a session whose token names the phone", async () => {
    const phone = newPhone();
    const c = anon();
    const sent = await c.auth.signInWithOtp({ phone, options: { data: { full_name: "Ravi Kulkarni", requested_role: "talent" } } });
    expect(sent.error).toBeNull();
    const [message] = await outbox(phone);
    expect(message).toMatchObject({ channel: "sms", to: phone, via: "outbox" });
    expect(message!.body).toMatch(/^Your CastMatch code is \d{6}\./);

    const { data, error } = await c.auth.verifyOtp({ phone, token: await lastCode(phone), type: "sms" });
    expect(error).toBeNull();
    expect(data.user?.phone).toBe(phone.slice(1));
    expect(data.user?.phone_confirmed_at).toBeTruthy();
    expect(data.user?.email ?? "").toBe("");
    const claims = decodeJwt(data.session!.access_token);
    expect(claims).toMatchObject({ sub: data.user!.id, phone: phone.slice(1), aal: "aal1", role: "authenticated" });
    expect((claims.amr as Array<{ method: string }>).map((a) => a.method)).toEqual(["otp"]);

    // The session works everywhere lite serves: /user, a refresh, and RLS on /rest/v1.
    const me = await c.auth.getUser();
    expect(me.data.user?.id).toBe(data.user!.id);
    const refreshed = await c.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(decodeJwt(refreshed.data.session!.access_token)).toMatchObject({ aal: "aal1", phone: phone.slice(1) });
    const profile = await c.from("profiles").select("id, full_name").eq("id", data.user!.id).single();
    expect(profile.data).toEqual({ id: data.user!.id, full_name: "Ravi Kulkarni" });
  });

  it("sends by WhatsApp when asked, and signs an existing user in", async () => {
    const phone = newPhone();
    const first = anon();
    await first.auth.signInWithOtp({ phone });
    const signedUp = await first.auth.verifyOtp({ phone, token: await lastCode(phone), type: "sms" });
    later(61_000);
    const second = anon();
    expect((await second.auth.signInWithOtp({ phone, options: { channel: "whatsapp" } })).error).toBeNull();
    expect((await outbox(phone))[0]).toMatchObject({ channel: "whatsapp" });
    const again = await second.auth.verifyOtp({ phone, token: await lastCode(phone), type: "sms" });
    expect(again.error).toBeNull();
    expect(again.data.user?.id).toBe(signedUp.data.user!.id);
  });

  it("does not create a user when shouldCreateUser is false", async () => {
    const { error } = await anon().auth.signInWithOtp({ phone: newPhone(), options: { shouldCreateUser: false } });
    expect(error?.code).toBe("otp_disabled");
  });

  it("refuses a malformed number, naming the format", async () => {
    const { error } = await anon().auth.signInWithOtp({ phone: "98-not-a-number" });
    expect(error?.status).toBe(400);
    expect(error?.message).toMatch(/E\.164/);
  });

  it("uses the fixed code of a [auth.sms.test_otp] number and sends nothing", async () => {
    const c = anon();
    await c.auth.signInWithOtp({ phone: "+919800000001" });
    expect((await outbox("+919800000001"))[0]).toMatchObject({ via: "test_otp" });
    const { data, error } = await c.auth.verifyOtp({ phone: "+919800000001", token: "123456", type: "sms" });
    expect(error).toBeNull();
    expect(data.session).toBeTruthy();
    // As GoTrue: the fixed code needs no request first and does not expire.
    later(3_600_000);
    const again = await anon().auth.verifyOtp({ phone: "+919800000001", token: "123456", type: "sms" });
    expect(again.error).toBeNull();
    expect(again.data.user?.id).toBe(data.user!.id);
    expect((await anon().auth.verifyOtp({ phone: "+919800000001", token: "654321", type: "sms" })).error?.code).toBe("otp_expired");
  });

  it("reads numbers as GoTrue does: a leading + and spaces are dropped, anything else is refused", async () => {
    const phone = newPhone();
    const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 8)} ${phone.slice(8)}`;
    expect((await anon().auth.signInWithOtp({ phone: spaced })).error).toBeNull();
    const code = await lastCode(phone);
    const { data, error } = await anon().auth.verifyOtp({ phone: phone.slice(1), token: code, type: "sms" });
    expect(error).toBeNull();
    expect(data.user?.phone).toBe(phone.slice(1));
    const dashed = await anon().auth.signInWithOtp({ phone: `${phone.slice(0, 3)}-${phone.slice(3)}` });
    expect(dashed.error).toMatchObject({ status: 400, code: "validation_failed", message: "Invalid phone number format (E.164 required)" });
  });

  it("answers odd requests with GoTrue's 400s", async () => {
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${stack.apiUrl}/auth/v1${path}`, { method: "POST", headers: { apikey: stack.keys.publishableKey, "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { error_code: string; msg: string } };
    };
    expect(await post("/otp", { phone: newPhone(), email: "both@test.castmatch" })).toEqual({
      status: 400, body: { code: 400, error_code: "validation_failed", msg: "Only an email address or phone number should be provided" } });
    const wrongType = await anon().auth.verifyOtp({ phone: newPhone(), token: "123456", type: "signup" });
    expect(wrongType.error).toMatchObject({ status: 400, code: "validation_failed", message: "Only an email address or phone number should be provided on verify" });
    expect((await post("/verify", { phone: newPhone(), token: "123456", token_hash: "abc", type: "sms" })).body.msg).toBe("Verify requires either a token or a token hash");
    expect((await post("/resend", { type: "sms", email: "someone@test.castmatch" })).body.msg).toBe("Type provided requires a phone number");
    expect((await post("/resend", { type: "phone_change" })).body.msg).toBe("Missing email address or phone number");
  });
});

describe("refusals", () => {
  it("refuses a wrong code, then accepts the right one once; a reused code is refused", async () => {
    const phone = newPhone();
    const c = anon();
    await c.auth.signInWithOtp({ phone });
    const code = await lastCode(phone);
    const bad = await c.auth.verifyOtp({ phone, token: wrong(code), type: "sms" });
    expect(bad.error?.code).toBe("otp_expired");
    expect(bad.error?.status).toBe(403);
    expect((await c.auth.verifyOtp({ phone, token: code, type: "sms" })).error).toBeNull();
    const reused = await anon().auth.verifyOtp({ phone, token: code, type: "sms" });
    expect(reused.error?.code).toBe("otp_expired");
  });

  it("refuses an expired code (the stack's clock moves past otp_expiry)", async () => {
    const phone = newPhone();
    const c = anon();
    await c.auth.signInWithOtp({ phone });
    const code = await lastCode(phone);
    later(301_000);
    const expired = await c.auth.verifyOtp({ phone, token: code, type: "sms" });
    expect(expired.error?.code).toBe("otp_expired");
  });

  it("voids a code after max_attempts wrong tries, even for the right code", async () => {
    const phone = newPhone();
    const c = anon();
    await c.auth.signInWithOtp({ phone });
    const code = await lastCode(phone);
    for (let i = 0; i < 5; i++) expect((await c.auth.verifyOtp({ phone, token: wrong(code), type: "sms" })).error?.code).toBe("otp_expired");
    expect((await c.auth.verifyOtp({ phone, token: code, type: "sms" })).error?.code).toBe("otp_expired");
  });

  it("refuses a resend within max_frequency with 429 and Retry-After, and sends after it", async () => {
    const phone = newPhone();
    await anon().auth.signInWithOtp({ phone });
    const response = await fetch(`${stack.apiUrl}/auth/v1/otp`, {
      method: "POST", headers: { apikey: stack.keys.publishableKey, "content-type": "application/json", "x-forwarded-for": "203.0.113.7" },
      body: JSON.stringify({ phone }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await response.json()) as { error_code: string }).error_code).toBe("over_sms_send_rate_limit");
    later(61_000);
    expect((await anon().auth.signInWithOtp({ phone })).error).toBeNull();
    expect(await outbox(phone)).toHaveLength(2);
  });
});

describe("token_verifications", () => {
  it("refuses the 31st verification from one address within 5 minutes with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) {
      last = await fetch(`${stack.apiUrl}/auth/v1/verify`, {
        method: "POST", headers: { apikey: stack.keys.publishableKey, "content-type": "application/json", "x-forwarded-for": "192.0.2.31" },
        body: JSON.stringify({ phone: "+919812345678", token: "000000", type: "sms" }),
      });
      statuses.push(last.status);
      if (i < 30) await last.body?.cancel();
    }
    expect(statuses.slice(0, 30).every((s) => s === 403)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error_code: string }).error_code).toBe("over_request_rate_limit");
  });
});

describe("phone change", () => {
  it("updateUser({ phone }) sends a code to the new number; verifyOtp type phone_change moves the account to it", async () => {
    const phone = newPhone();
    const c = anon();
    await c.auth.signInWithOtp({ phone });
    const { data } = await c.auth.verifyOtp({ phone, token: await lastCode(phone), type: "sms" });
    const next = newPhone();
    const asked = await c.auth.updateUser({ phone: next });
    expect(asked.error).toBeNull();
    expect(asked.data.user?.phone).toBe(phone.slice(1));
    expect((asked.data.user as { new_phone?: string }).new_phone).toBe(next.slice(1));
    const bad = await c.auth.verifyOtp({ phone: next, token: wrong(await lastCode(next)), type: "phone_change" });
    expect(bad.error?.code).toBe("otp_expired");
    const moved = await c.auth.verifyOtp({ phone: next, token: await lastCode(next), type: "phone_change" });
    expect(moved.error).toBeNull();
    expect(moved.data.user).toMatchObject({ id: data.user!.id, phone: next.slice(1) });
    const identity = moved.data.user!.identities!.find((i) => i.provider === "phone");
    expect(identity?.identity_data).toMatchObject({ phone: next.slice(1), phone_verified: true });
    // The old number no longer signs anyone in.
    later(61_000);
    expect((await anon().auth.signInWithOtp({ phone, options: { shouldCreateUser: false } })).error?.code).toBe("otp_disabled");
  });

  it("resend works as GoTrue's: no session, the current number names the account, and only pending codes go again", async () => {
    const phone = newPhone();
    const c = anon();
    await c.auth.signInWithOtp({ phone });
    later(61_000);
    // not yet confirmed: a new code
    expect((await anon().auth.resend({ phone, type: "sms" })).error).toBeNull();
    expect(await outbox(phone)).toHaveLength(2);
    await c.auth.verifyOtp({ phone, token: await lastCode(phone), type: "sms" });
    const next = newPhone();
    expect((await c.auth.updateUser({ phone: next })).error).toBeNull();
    later(61_000);
    // an app without a session asks for the phone_change code again, by the account's number
    const again = await anon().auth.resend({ phone, type: "phone_change" });
    expect(again.error).toBeNull();
    expect(again.data.messageId).toBeTruthy();
    expect(await outbox(next)).toHaveLength(2);
    later(61_000);
    // a confirmed number gets no sign-in code from resend, and an unknown one no hint
    const confirmed = await anon().auth.resend({ phone, type: "sms" });
    expect(confirmed).toMatchObject({ error: null, data: { messageId: undefined } });
    expect(await outbox(phone)).toHaveLength(2);
    expect((await anon().auth.resend({ phone: newPhone(), type: "phone_change" })).error).toBeNull();
    expect((await c.auth.verifyOtp({ phone: next, token: await lastCode(next), type: "phone_change" })).data.user?.phone).toBe(next.slice(1));
  });

  it("gives an email account a phone identity when it adds a number", async () => {
    const c = anon();
    const signedUp = await c.auth.signUp({ email: `phone.add.${Date.now()}@test.castmatch`, password: "a-long-passphrase-1" });
    expect(signedUp.error).toBeNull();
    const phone = newPhone();
    expect((await c.auth.updateUser({ phone })).error).toBeNull();
    const { data, error } = await c.auth.verifyOtp({ phone, token: await lastCode(phone), type: "phone_change" });
    expect(error).toBeNull();
    expect(data.user?.identities?.map((i) => i.provider).sort()).toEqual(["email", "phone"]);
    expect(data.user!.identities!.find((i) => i.provider === "phone")!.identity_data).toMatchObject({ phone: phone.slice(1), phone_verified: true });
  });

  it("refuses a number another account holds", async () => {
    const taken = newPhone();
    const holder = anon();
    await holder.auth.signInWithOtp({ phone: taken });
    await holder.auth.verifyOtp({ phone: taken, token: await lastCode(taken), type: "sms" });
    const phone = newPhone();
    const c = anon();
    await c.auth.signInWithOtp({ phone });
    await c.auth.verifyOtp({ phone, token: await lastCode(phone), type: "sms" });
    const { error } = await c.auth.updateUser({ phone: taken });
    expect(error?.code).toBe("phone_exists");
  });
});

describe("the outbox", () => {
  it("is a page too, and holds lite's emails", async () => {
    const email = `outbox.${Date.now()}@test.castmatch`;
    await anon().auth.signInWithOtp({ email });
    const mails = await outbox(email);
    expect(mails[0]).toMatchObject({ channel: "email", to: email });
    // a number typed into the address bar as is: its "+" reaches the server as a space
    const phone = newPhone();
    await anon().auth.signInWithOtp({ phone });
    const typed = (await (await fetch(`${stack.apiUrl}/_outbox/messages?to=${phone}`)).json()) as Message[];
    expect(typed.map((m) => m.to)).toEqual([phone]);
    const page = await fetch(`${stack.apiUrl}/_outbox`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain(email);
  });
});
