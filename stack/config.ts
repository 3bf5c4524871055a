// Where things live and what the local stack is configured with.
// `supabase/config.toml` is the single source for ports and per-function settings:
// the real Supabase CLI reads the same file on the deploy path.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { parse as parseToml } from "smol-toml";
import { readRateLimits, type RateLimitConfig } from "./rate-limit.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const paths = {
  root: ROOT,
  config: join(ROOT, "supabase", "config.toml"),
  migrations: join(ROOT, "supabase", "migrations"),
  seed: join(ROOT, "supabase", "seed.sql"),
  functions: join(ROOT, "functions"),
  /** Ignored folder with everything the local stack keeps between runs. */
  state: join(ROOT, ".castmatch"),
  pgdata: join(ROOT, ".castmatch", "pgdata"),
  keys: join(ROOT, ".castmatch", "keys.json"),
  running: join(ROOT, ".castmatch", "running.json"),
  denoDir: join(ROOT, ".castmatch", "deno"),
};

export type FunctionSettings = { verifyJwt: boolean };

export type ProjectConfig = {
  apiPort: number;
  dbPort: number;
  functionsDir: string;
  functions: Record<string, FunctionSettings>;
  rateLimits: RateLimitConfig;
};

type RawConfig = {
  api?: { port?: number };
  db?: { port?: number };
  functions?: Record<string, { verify_jwt?: boolean }>;
};

export function readProjectConfig(file = paths.config, functionsDir = paths.functions): ProjectConfig {
  const raw = parseToml(readFileSync(file, "utf8")) as RawConfig;
  const functions: Record<string, FunctionSettings> = {};
  for (const name of listFunctionNames(functionsDir)) {
    functions[name] = { verifyJwt: raw.functions?.[name]?.verify_jwt ?? true };
  }
  return {
    apiPort: raw.api?.port ?? 54321,
    dbPort: raw.db?.port ?? 54322,
    functionsDir,
    functions,
    rateLimits: readRateLimits(raw, Object.keys(functions)),
  };
}

/** Every folder under functions/ with an index.ts, except shared code (`_shared`). */
export function listFunctionNames(dir = paths.functions): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_") && existsSync(join(dir, e.name, "index.ts")))
    .map((e) => e.name)
    .sort();
}

export type Keys = { jwtSecret: string; publishableKey: string; secretKey: string };

export function generateKeys(): Keys {
  const token = (n: number) => randomBytes(n).toString("base64url");
  return {
    jwtSecret: token(48),
    publishableKey: `sb_publishable_${token(24)}`,
    secretKey: `sb_secret_${token(24)}`,
  };
}

/** A JWT signed with the given secret (HS256, as the auth server signs); `expiresInSeconds` may be
 *  negative to forge an expired one. */
export async function signJwt(secret: string, claims: Record<string, unknown>, expiresInSeconds = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now - 10)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** Keys are made once per checkout and kept in the ignored state folder. */
export function loadOrCreateKeys(file = paths.keys): Keys {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Keys;
  const keys = generateKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  return keys;
}
