// Where a webhook may be sent. A production's endpoint must not reach into the platform's own
// network (loopback, private, link-local or metadata addresses): the URL's host, and every
// address it resolves to, must be public. A local stack (SUPABASE_URL on loopback) or
// WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows private targets, for development and tests.
export type Env = (name: string) => string | undefined;

// Not public: "this" network, private, shared (CGNAT), loopback, link-local (cloud metadata),
// benchmarking, multicast and reserved ranges.
const PRIVATE_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
  "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4"];

function v4(address: string): number | null {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inRange(n: number, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = v4(base!)!;
  return n >= start && n < start + size;
}

export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, "").toLowerCase();
  const n = v4(a);
  if (n !== null) return PRIVATE_V4.some((cidr) => inRange(n, cidr));
  if (a.includes(":")) {
    return a === "::" || a === "::1" || a.startsWith("fc") || a.startsWith("fd") || a.startsWith("fe80") ||
      (a.startsWith("::ffff:") && isPrivateAddress(a.slice(7)));
  }
  return a === "localhost" || a.endsWith(".localhost") || a.endsWith(".internal") || a.endsWith(".local");
}

export function privateTargetsAllowed(env: Env): boolean {
  if (env("WEBHOOK_ALLOW_PRIVATE_TARGETS") === "true") return true;
  try {
    return isPrivateAddress(new URL(env("SUPABASE_URL") ?? "").hostname);
  } catch {
    return false;
  }
}

/** Null when the URL may be called; otherwise why not. */
type Resolve = (host: string, type: "A" | "AAAA") => Promise<string[]>;
// (through globalThis: this module is also unit-tested under Node, with a resolver of its own)
const denoResolve: Resolve = (host, type) =>
  (globalThis as unknown as { Deno: { resolveDns: Resolve } }).Deno.resolveDns(host, type);

export async function refusal(url: string, env: Env, resolve: Resolve = denoResolve): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (privateTargetsAllowed(env)) return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : "only http(s) URLs";
  if (parsed.protocol !== "https:") return "webhook URLs must use https";
  const host = parsed.hostname;
  if (isPrivateAddress(host)) return `refused: ${host} is not a public address`;
  if (v4(host) !== null || host.includes(":")) return null;
  const addresses = [
    ...(await resolve(host, "A").catch(() => [] as string[])),
    ...(await resolve(host, "AAAA").catch(() => [] as string[])),
  ];
  if (!addresses.length) return `cannot resolve ${host}`;
  const bad = addresses.find(isPrivateAddress);
  return bad ? `refused: ${host} resolves to ${bad}, which is not a public address` : null;
}
