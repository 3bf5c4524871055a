// supabase-js clients for the running test stack.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import ws from "ws";

export function client(apiUrl: string, key: string): SupabaseClient {
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no global WebSocket; supabase-js needs one for realtime.
    realtime: { transport: ws as never },
  });
}

let counter = 0;
/** Signs up a fresh user and returns a client acting as them. */
export async function signedUpClient(apiUrl: string, key: string, label = "user") {
  const c = client(apiUrl, key);
  const email = `${label}.${Date.now()}.${counter++}@test.castmatch`;
  const { data, error } = await c.auth.signUp({ email, password: "correct horse battery" });
  if (error || !data.session) throw new Error(`sign-up failed: ${error?.message ?? "no session"}`);
  return { client: c, user: data.user!, accessToken: data.session.access_token, email };
}

export { signJwt } from "../../stack/config.ts";
