// supabase-js clients for the running test stack.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import ws from "ws";

// Every client is a device of its own, as every persona is a person: the gateway counts sign-ins
// per client address (config.toml [auth.rate_limit]), and a whole test run signs in from
// 127.0.0.1. A proxy on the gateway's machine may name the client with X-Forwarded-For, so each
// client names its own address (a /64 of its own: IPv6 clients are counted per /64).
let devices = 0;
export function deviceAddress(): string {
  const group = (n: number) => (n & 0xffff).toString(16);
  return `fd00:${group(process.pid >>> 16)}:${group(process.pid)}:${group(devices++)}::1`;
}

export function client(apiUrl: string, key: string): SupabaseClient {
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { "x-forwarded-for": deviceAddress() } },
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
