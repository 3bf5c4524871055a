// The seeded demo personas (seed/personas.ts), signed in through supabase-js.
import type { SupabaseClient } from "@supabase/supabase-js";
import { stableUuid } from "../../seed/generate.ts";
import { generate } from "otplib";
import { DEMO_ADMIN_TOTP_SECRETS, DEMO_PASSWORD, personas } from "../../seed/personas.ts";
import { client } from "./clients.ts";

export const email = (persona: string) => personas.find((p) => p.persona === persona)!.email;
export const userId = (persona: string) => stableUuid("user", email(persona));

export async function signIn(stack: { apiUrl: string; publishableKey: string }, persona: string): Promise<SupabaseClient> {
  for (let attempt = 1; ; attempt++) {
    const c = client(stack.apiUrl, stack.publishableKey);
    const { error } = await c.auth.signInWithPassword({ email: email(persona), password: DEMO_PASSWORD });
    if (error) throw new Error(`${persona} could not sign in: ${error.message}`);
    if (persona !== "admin") return c;
    try {
      await stepUp(c);
      return c;
    } catch (problem) {
      // Test files run side by side and share the demo admin. As in GoTrue, a step-up ends the
      // user's other aal1 sessions, so another file's can end this one; and each device may try
      // 15 codes a minute, which a step-up can run into when the other files have used the current
      // codes. Either way, sign in again as another device.
      if (!(problem instanceof TryAgain) || attempt === 3) throw problem;
    }
  }
}

class TryAgain extends Error {}
const tryAgain = (error: { code?: string | undefined; name: string; status?: number | undefined }) =>
  error.code === "session_not_found" || error.name === "AuthSessionMissingError" || error.status === 429;

// The time step each demo authenticator last accepted from this process (a code is accepted once).
const usedSteps = new Map<number, number>();

/** Raises the demo admin's session to aal2 (admin actions need it) with one of the seeded
 *  authenticators: the first whose current code has not been used yet. Each test worker starts
 *  at a different authenticator, so files running side by side rarely want the same code.
 *  `atMs`: the stack's clock, when a test moves it. */
export async function stepUp(c: SupabaseClient, atMs = Date.now()): Promise<void> {
  const { data, error: listed } = await c.auth.mfa.listFactors();
  if (listed) throw tryAgain(listed) ? new TryAgain(`admin step-up failed: ${listed.message}`) : listed;
  const factors = new Map(data?.totp.map((f) => [f.friendly_name, f.id]));
  const step = Math.floor(atMs / 30_000);
  const count = DEMO_ADMIN_TOTP_SECRETS.length;
  const first = ((Number(process.env.VITEST_POOL_ID) || 1) - 1) * Math.ceil(count / 2);
  for (let k = 0; k < count; k++) {
    const i = (first + k) % count;
    const id = factors.get(`Demo authenticator ${i + 1}`);
    if (!id || (usedSteps.get(i) ?? -1) >= step) continue;
    const code = await generate({ secret: DEMO_ADMIN_TOTP_SECRETS[i]!, epoch: Math.floor(atMs / 1000) });
    const { error } = await c.auth.mfa.challengeAndVerify({ factorId: id, code });
    if (!error) {
      usedSteps.set(i, step);
      return;
    }
    if (tryAgain(error)) throw new TryAgain(`admin step-up failed: ${error.message}`);
    if (error.code !== "mfa_verification_failed") throw new Error(`admin step-up failed: ${error.message}`);
    usedSteps.set(i, step); // another worker used it
  }
  throw new Error("admin step-up failed: every demo authenticator's current code is used");
}

export async function accessToken(c: SupabaseClient): Promise<string> {
  const { data } = await c.auth.getSession();
  if (!data.session) throw new Error("not signed in");
  return data.session.access_token;
}
