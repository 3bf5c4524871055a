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
      // As in GoTrue, a step-up ends the user's other aal1 sessions: a test file stepping the
      // shared demo admin up at the same moment can end this one before its own step-up.
      if (!(problem instanceof SessionEnded) || attempt === 3) throw problem;
    }
  }
}

class SessionEnded extends Error {}
const sessionEnded = (error: { code?: string | undefined; name: string }) =>
  error.code === "session_not_found" || error.name === "AuthSessionMissingError";

/** Raises the demo admin's session to aal2 (admin actions need it) with one of the seeded
 *  authenticators: the first whose current code has not been used yet (a code is accepted once).
 *  `atMs`: the stack's clock, when a test moves it. */
export async function stepUp(c: SupabaseClient, atMs = Date.now()): Promise<void> {
  const { data, error: listed } = await c.auth.mfa.listFactors();
  if (listed) throw sessionEnded(listed) ? new SessionEnded(`admin step-up failed: ${listed.message}`) : listed;
  const factors = new Map(data?.totp.map((f) => [f.friendly_name, f.id]));
  for (const [i, secret] of DEMO_ADMIN_TOTP_SECRETS.entries()) {
    const id = factors.get(`Demo authenticator ${i + 1}`);
    if (!id) continue;
    const { error } = await c.auth.mfa.challengeAndVerify({ factorId: id, code: await generate({ secret, epoch: Math.floor(atMs / 1000) }) });
    if (!error) return;
    if (sessionEnded(error)) throw new SessionEnded(`admin step-up failed: ${error.message}`);
    if (error.code !== "mfa_verification_failed") throw new Error(`admin step-up failed: ${error.message}`);
  }
  throw new Error("admin step-up failed: every demo authenticator's current code is used");
}

export async function accessToken(c: SupabaseClient): Promise<string> {
  const { data } = await c.auth.getSession();
  if (!data.session) throw new Error("not signed in");
  return data.session.access_token;
}
