// Where things live and what the local stack is configured with.
// `supabase/config.toml` is the single source for ports, per-function settings and the write
// safety settings: the real Supabase CLI reads the same file on the deploy path (and warns that
// it does not know our own [castmatch] table and [api].pg_safe_update, which it ignores).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { parse as parseToml } from "smol-toml";
import { readRateLimits, type RateLimitConfig } from "./rate-limit.ts";
import type { RealtimeLimits } from "./realtime.ts";

/** The project folder: the nearest folder above this module with supabase/config.toml (this
 *  module also runs bundled, from .castmatch/build/). */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "supabase", "config.toml"))) return dir;
    if (dirname(dir) === dir) return resolve(from, "..");
  }
}
/** Everything the local stack keeps between runs; CASTMATCH_HOME moves it (tests, second stacks). */
const STATE = process.env.CASTMATCH_HOME ? resolve(process.env.CASTMATCH_HOME) : join(ROOT, ".castmatch");
export const paths = {
  root: ROOT,
  /** CASTMATCH_CONFIG names another config.toml (benchmarks: rate limits raised or off). */
  config: process.env.CASTMATCH_CONFIG ? resolve(process.env.CASTMATCH_CONFIG) : join(ROOT, "supabase", "config.toml"),
  migrations: join(ROOT, "supabase", "migrations"),
  seed: join(ROOT, "supabase", "seed.sql"),
  functions: join(ROOT, "functions"),
  /** Ignored folder (.castmatch/) with everything the local stack keeps between runs. */
  state: STATE,
  pgdata: join(STATE, "pgdata"),
  keys: join(STATE, "keys.json"),
  running: join(STATE, "running.json"),
  denoDir: join(STATE, "deno"),
};

export type FunctionSettings = { verifyJwt: boolean };

/** What keeps API writes from destroying data (issue 15). Unset numbers keep the database's own defaults. */
export type SafetySettings = {
  /** Refuse UPDATE/DELETE without a filter (21000), as hosted Supabase does with safeupdate. */
  pgSafeUpdate: boolean;
  /** At most this many rows changed by one UPDATE or DELETE statement of anon or authenticated. */
  maxAffectedRows?: number | undefined;
  /** Archived projects, roles and shortlists stay restorable at least this long before a purge. */
  archiveRetentionDays?: number | undefined;
  /** How often the local scheduler runs the purge of archived rows past retention. */
  purgeEveryMinutes: number;
};

export type ProjectConfig = {
  apiPort: number;
  dbPort: number;
  functionsDir: string;
  functions: Record<string, FunctionSettings>;
  safety: SafetySettings;
  rateLimits: RateLimitConfig;
  /** [realtime] limits; unset ones keep Supabase's defaults (stack/realtime.ts). */
  realtime: Partial<RealtimeLimits>;
  /** REST worker threads on a native database (stack/rest.ts); unset: one per core. */
  restWorkers?: number | undefined;
};

type RawConfig = {
  api?: { port?: number; pg_safe_update?: boolean };
  db?: { port?: number };
  functions?: Record<string, { verify_jwt?: boolean }>;
  realtime?: {
    max_concurrent_users?: number; max_channels_per_client?: number; max_joins_per_second?: number;
    max_events_per_second?: number; max_payload_size_in_kb?: number;
  };
  castmatch?: { max_affected_rows?: number; archive_retention_days?: number; archive_purge_every_minutes?: number; rest_workers?: number };
};

export function readProjectConfig(file = paths.config, functionsDir = paths.functions): ProjectConfig {
  const raw = parseToml(readFileSync(file, "utf8")) as RawConfig;
  const functions: Record<string, FunctionSettings> = {};
  for (const name of listFunctionNames(functionsDir)) {
    functions[name] = { verifyJwt: raw.functions?.[name]?.verify_jwt ?? true };
  }
  const safety: SafetySettings = {
    pgSafeUpdate: raw.api?.pg_safe_update ?? true,
    maxAffectedRows: raw.castmatch?.max_affected_rows,
    archiveRetentionDays: raw.castmatch?.archive_retention_days,
    purgeEveryMinutes: raw.castmatch?.archive_purge_every_minutes ?? 60,
  };
  return {
    apiPort: raw.api?.port ?? 54321,
    dbPort: raw.db?.port ?? 54322,
    functionsDir,
    functions,
    safety,
    rateLimits: readRateLimits(raw, Object.keys(functions)),
    realtime: readRealtimeLimits(raw.realtime ?? {}),
    restWorkers: raw.castmatch?.rest_workers,
  };
}

function readRealtimeLimits(raw: NonNullable<RawConfig["realtime"]>): Partial<RealtimeLimits> {
  const limits: Partial<RealtimeLimits> = {};
  const set = (key: keyof RealtimeLimits, value: number | undefined, name: string) => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 1) throw new Error(`supabase/config.toml [realtime] ${name}: expected a positive integer`);
    limits[key] = value;
  };
  set("maxConcurrentUsers", raw.max_concurrent_users, "max_concurrent_users");
  set("maxChannelsPerClient", raw.max_channels_per_client, "max_channels_per_client");
  set("maxJoinsPerSecond", raw.max_joins_per_second, "max_joins_per_second");
  set("maxEventsPerSecond", raw.max_events_per_second, "max_events_per_second");
  set("maxPayloadSizeKb", raw.max_payload_size_in_kb, "max_payload_size_in_kb");
  return limits;
}

/** Every folder under functions/ with an index.ts, except shared code (`_shared`). */
export function listFunctionNames(dir = paths.functions): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_") && existsSync(join(dir, e.name, "index.ts")))
    .map((e) => e.name)
    .sort();
}

/** Function secrets for the local stack: `functions/.env` (KEY=value lines, # comments), the
 *  file you would hand to `supabase secrets set --env-file` when deploying. Ignored by git. */
export function readFunctionSecrets(file = join(paths.functions, ".env")): Record<string, string> {
  if (!existsSync(file)) return {};
  const secrets: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    const raw = m[2]!;
    secrets[m[1]!] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return secrets;
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
