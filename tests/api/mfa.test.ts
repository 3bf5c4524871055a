// TOTP MFA with unmodified supabase-js, and what it protects: a casting director secures the
// account with an authenticator app, after which the confidential project (Project Monsoon in the
// demo seed) needs aal2 from them; its owner can require MFA of every member; admin rights need
// aal2; public.project_access tells "step up" from "no access". The stack has its own clock for
// TOTP windows and challenge expiry (codes are computed with otplib at that clock; no sleeps).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { generate } from "otplib";
import type { SupabaseClient } from "@supabase/supabase-js";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { DEMO_PASSWORD } from "../../seed/personas.ts";
import { stableUuid } from "../../seed/generate.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";
import { client } from "../support/clients.ts";
import { email, stepUp } from "../support/personas.ts";

let stack: Stack;
let scratch: Scratch;
const clock = { now: Date.now() };
const MONSOON = "eccc173c-d776-5abe-b958-ec2115864f86";

beforeAll(async () => {
  scratch = await scratchDatabase();
  stack = await startStack({ keys: generateKeys(), port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, scheduleEveryMs: 0, authClock: () => clock.now });
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

async function passwordSignIn(persona: string): Promise<SupabaseClient> {
  const c = client(stack.apiUrl, stack.keys.publishableKey);
  const { error } = await c.auth.signInWithPassword({ email: email(persona), password: DEMO_PASSWORD });
  if (error) throw new Error(error.message);
  return c;
}
const code = (secret: string, atMs = clock.now) => generate({ secret, epoch: Math.floor(atMs / 1000) });
const token = async (c: SupabaseClient) => decodeJwt((await c.auth.getSession()).data.session!.access_token);
const monsoonRows = async (c: SupabaseClient) => (await c.from("projects").select("id").eq("id", MONSOON)).data?.length ?? -1;
const monsoonRoles = async (c: SupabaseClient) => (await c.from("casting_roles").select("id").eq("project_id", MONSOON)).data?.length ?? -1;
const access = async (c: SupabaseClient, project = MONSOON) => (await c.rpc("project_access", { project_id: project })).data as string;

let cdSecret = "";
let cdFactor = "";

describe("enrolling an authenticator", () => {
  it("enrol returns a secret, an otpauth URI and a QR code as SVG; verifying it raises the session to aal2", async () => {
    const cd = await passwordSignIn("casting_director");
    expect(await token(cd)).toMatchObject({ aal: "aal1" });
    expect((await token(cd)).amr).toEqual([expect.objectContaining({ method: "password" })]);
    expect(await monsoonRows(cd)).toBe(1);
    expect(await access(cd)).toBe("granted");

    const enrolled = await cd.auth.mfa.enroll({ factorType: "totp", friendlyName: "Kabir's phone" });
    expect(enrolled.error).toBeNull();
    const { id, totp } = enrolled.data as { id: string; totp: { secret: string; uri: string; qr_code: string } };
    expect(totp.uri).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+&issuer=/);
    expect(totp.uri).toContain(totp.secret);
    expect(totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    const before = await cd.auth.mfa.listFactors();
    expect(before.data?.all.map((f) => f.status)).toEqual(["unverified"]);
    expect(before.data?.totp).toEqual([]);
    expect((await cd.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ currentLevel: "aal1", nextLevel: "aal1" });

    const wrong = await cd.auth.mfa.challengeAndVerify({ factorId: id, code: "000000" === (await code(totp.secret)) ? "111111" : "000000" });
    expect(wrong.error?.code).toBe("mfa_verification_failed");
    const verified = await cd.auth.mfa.challengeAndVerify({ factorId: id, code: await code(totp.secret) });
    expect(verified.error).toBeNull();
    const claims = await token(cd);
    expect(claims.aal).toBe("aal2");
    expect((claims.amr as Array<{ method: string }>).map((a) => a.method).sort()).toEqual(["password", "totp"]);
    expect((await cd.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ currentLevel: "aal2", nextLevel: "aal2" });
    const after = await cd.auth.mfa.listFactors();
    expect(after.data?.totp).toEqual([expect.objectContaining({ id, friendly_name: "Kabir's phone", factor_type: "totp", status: "verified" })]);

    // A refresh keeps the level.
    const refreshed = await cd.auth.refreshSession();
    expect(decodeJwt(refreshed.data.session!.access_token)).toMatchObject({ aal: "aal2" });
    expect(await monsoonRows(cd)).toBe(1);
    cdSecret = totp.secret;
    cdFactor = id;
  });

  it("refuses a second factor from an aal1 session once one is verified", async () => {
    const cd = await passwordSignIn("casting_director");
    const { error } = await cd.auth.mfa.enroll({ factorType: "totp", friendlyName: "tablet" });
    expect(error?.code).toBe("insufficient_aal");
  });
});

describe("signing in with the authenticator", () => {
  it("at aal1 the confidential project and its roles are closed, and project_access says step up", async () => {
    const cd = await passwordSignIn("casting_director");
    expect((await cd.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({ currentLevel: "aal1", nextLevel: "aal2" });
    expect(await monsoonRows(cd)).toBe(0);
    expect(await monsoonRoles(cd)).toBe(0);
    expect(await access(cd)).toBe("step_up");
    clock.now += 30_000;
    expect((await cd.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: await code(cdSecret) })).error).toBeNull();
    expect(await monsoonRows(cd)).toBe(1);
    expect(await monsoonRoles(cd)).toBeGreaterThan(0);
    expect(await access(cd)).toBe("granted");
  });

  it("refuses a code already used (replay), and accepts the next window's", async () => {
    clock.now += 30_000;
    const first = await passwordSignIn("casting_director");
    const used = await code(cdSecret);
    expect((await first.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: used })).error).toBeNull();
    const second = await passwordSignIn("casting_director");
    expect((await second.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: used })).error?.code).toBe("mfa_verification_failed");
    clock.now += 30_000;
    expect((await second.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: await code(cdSecret) })).error).toBeNull();
  });

  it("refuses a code outside the ±1 window, an expired challenge and a challenge used twice", async () => {
    clock.now += 30_000;
    const cd = await passwordSignIn("casting_director");
    const stale = await cd.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: await code(cdSecret, clock.now - 90_000) });
    expect(stale.error?.code).toBe("mfa_verification_failed");
    const challenge = await cd.auth.mfa.challenge({ factorId: cdFactor });
    clock.now += 301_000;
    const late = await cd.auth.mfa.verify({ factorId: cdFactor, challengeId: challenge.data!.id, code: await code(cdSecret) });
    expect(late.error?.code).toBe("mfa_challenge_expired");
    const again = await cd.auth.mfa.challenge({ factorId: cdFactor });
    expect((await cd.auth.mfa.verify({ factorId: cdFactor, challengeId: again.data!.id, code: await code(cdSecret) })).error).toBeNull();
    clock.now += 30_000;
    const twice = await cd.auth.mfa.verify({ factorId: cdFactor, challengeId: again.data!.id, code: await code(cdSecret) });
    expect(twice.error?.code).toBe("mfa_ip_address_mismatch");
  });

  it("rate-limits challenge and verify per address with 429 and Retry-After", async () => {
    const cd = await passwordSignIn("casting_director");
    const jwt = (await cd.auth.getSession()).data.session!.access_token;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 16; i++) {
      const response = await fetch(`${stack.apiUrl}/auth/v1/factors/${cdFactor}/challenge`, {
        method: "POST", headers: { apikey: stack.keys.publishableKey, authorization: `Bearer ${jwt}`, "content-type": "application/json", "x-forwarded-for": "198.51.100.23" }, body: "{}",
      });
      statuses.push(response.status);
      retryAfter ??= response.headers.get("retry-after");
      await response.body?.cancel();
    }
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(statuses[15]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe("the owner requires MFA of every member", () => {
  it("needs an aal2 session to turn on, then closes the project to members without an authenticator", async () => {
    const producer = await passwordSignIn("producer");
    expect(await monsoonRows(producer)).toBe(1);

    const outside = await passwordSignIn("outside_cd");
    const refused = await outside.from("projects").insert({ title: "Secret pilot", is_confidential: true, require_mfa: true });
    expect(refused.error?.code).toBe("42501");
    expect(refused.error?.hint).toBe("aal2");

    clock.now += 30_000;
    const cd = await passwordSignIn("casting_director");
    await cd.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: await code(cdSecret) });
    const set = await cd.from("projects").update({ require_mfa: true }).eq("id", MONSOON).select("require_mfa");
    expect(set.data).toEqual([{ require_mfa: true }]);

    expect(await monsoonRows(producer)).toBe(0);
    expect(await monsoonRoles(producer)).toBe(0);
    expect(await access(producer)).toBe("enrol_mfa");
    expect(await access(outside)).toBe("none");
    expect(await access(outside, stableUuid("no such project"))).toBe("none");

    // The producer enrols and steps up: open again.
    const enrolled = await producer.auth.mfa.enroll({ factorType: "totp", friendlyName: "Meera's phone" });
    const secret = (enrolled.data as { totp: { secret: string } }).totp.secret;
    expect((await producer.auth.mfa.challengeAndVerify({ factorId: enrolled.data!.id, code: await code(secret) })).error).toBeNull();
    expect(await monsoonRows(producer)).toBe(1);
  });
});

describe("admins", () => {
  it("are ordinary users at aal1 and admins at aal2", async () => {
    const admin = await passwordSignIn("admin");
    const log = async () => (await admin.from("audit_log").select("id").limit(1)).data?.length ?? -1;
    expect(await log()).toBe(0);
    expect(await access(admin)).toBe("step_up");
    await stepUp(admin, clock.now);
    expect(await token(admin)).toMatchObject({ aal: "aal2" });
    expect(await log()).toBe(1);
  });
});

describe("unenrolling", () => {
  it("needs aal2 for a verified factor and takes the session back to aal1", async () => {
    clock.now += 30_000;
    const cd = await passwordSignIn("casting_director");
    expect((await cd.auth.mfa.unenroll({ factorId: cdFactor })).error?.code).toBe("insufficient_aal");
    await cd.auth.mfa.challengeAndVerify({ factorId: cdFactor, code: await code(cdSecret) });
    expect((await cd.auth.mfa.unenroll({ factorId: cdFactor })).error).toBeNull();
    const refreshed = await cd.auth.refreshSession();
    expect(decodeJwt(refreshed.data.session!.access_token)).toMatchObject({ aal: "aal1" });
    expect((await cd.auth.mfa.listFactors()).data?.all).toEqual([]);
  });
});
