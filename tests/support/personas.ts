// The seeded demo personas (seed/personas.ts), signed in through supabase-js.
import type { SupabaseClient } from "@supabase/supabase-js";
import { stableUuid } from "../../seed/generate.ts";
import { DEMO_PASSWORD, personas } from "../../seed/personas.ts";
import { client } from "./clients.ts";

export const email = (persona: string) => personas.find((p) => p.persona === persona)!.email;
export const userId = (persona: string) => stableUuid("user", email(persona));

export async function signIn(stack: { apiUrl: string; publishableKey: string }, persona: string): Promise<SupabaseClient> {
  const c = client(stack.apiUrl, stack.publishableKey);
  const { error } = await c.auth.signInWithPassword({ email: email(persona), password: DEMO_PASSWORD });
  if (error) throw new Error(`${persona} could not sign in: ${error.message}`);
  return c;
}

export async function accessToken(c: SupabaseClient): Promise<string> {
  const { data } = await c.auth.getSession();
  if (!data.session) throw new Error("not signed in");
  return data.session.access_token;
}
