// Where things live and what the local stack is configured with.
// `supabase/config.toml` is the single source for ports, per-function settings, storage's upload
// cap, rate limits, the write safety settings and the background jobs: the real Supabase CLI
// reads the same file on the deploy path (and warns that it does not know our own [castmatch]
// table and [api].pg_safe_update, which it ignores). This module is its one reader: parsed once
// per file, validated with zod (a wrong type names its key and stops start-up), and handed out typed.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { SignJWT } from "jose";
import { parse as parseToml } from "smol-toml";
import { readAuthPhoneConfig, type AuthPhoneConfig } from "./auth-config.ts";
import { z } from "zod";
import { readRateLimits, type RateLimitConfig } from "./rate-limit.ts";
import type { RealtimeLimits } from "./realtime.ts";
import { firstIssue } from "./zod-issue.ts";

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
};

/** A background job of `[castmatch.jobs.<name>]`: the local scheduler (stack/scheduler.ts) runs it
 *  every `everyMs`; on a hosted project pg_cron runs it on `cron` (private.schedule_hosted_jobs). */
export type JobSettings = {
  name: string;
  /** An edge function called with the service key, or a SQL expression run as the database owner;
   *  either answers a JSON object of counts. */
  run: { function: string } | { sql: string };
  everyMs: number;
  /** Writes through the API wake it early; while it finds nothing to do it backs off. */
  wakeOnWrite: boolean;
  /** pg_cron's schedule on a hosted project: five cron fields, or "N seconds". */
  cron: string;
};

export type ProjectConfig = {
  apiPort: number;
  dbPort: number;
  functionsDir: string;
  functions: Record<string, FunctionSettings>;
  safety: SafetySettings;
  rateLimits: RateLimitConfig;
  /** Phone sign-in, SMS delivery and MFA ([auth.sms], [auth.hook.send_sms], [auth.mfa]). */
  auth: AuthPhoneConfig;
  /** [realtime] limits; unset ones keep Supabase's defaults (stack/realtime.ts). */
  realtime: Partial<RealtimeLimits>;
  /** REST worker threads on a native database (stack/rest.ts); unset: one per core. */
  restWorkers?: number | undefined;
  /** Project scripts `npm start` runs once the seed of a new database is loaded and the stack serves. */
  afterSeed: string[];
  /** `[storage] file_size_limit` in bytes: the project-wide upload cap. */
  storageFileSizeLimit: number;
  /** `[castmatch.jobs.*]`, in name order. */
  jobs: JobSettings[];
  /** Keys an older config.toml used that are no longer read: one line each, for start-up to print. */
  warnings: string[];
};

/** A size as the Supabase CLI writes it ("50MiB", "5MB", "500KiB") or a number of bytes. */
const byteSize = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\s*\d+(\.\d+)?\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$/i, 'a size such as "50MiB"'),
]).transform((value) => {
  if (typeof value === "number") return value;
  const [, amount, unit = "B"] = /^\s*([\d.]+)\s*([A-Za-z]*)\s*$/.exec(value)!;
  const scale: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  return Math.floor(Number(amount) * scale[unit.toLowerCase()]!);
});
const count = z.number().int().nonnegative();
const port = z.number().int().min(0).max(65535);

/** A duration as config.toml writes it ("500ms", "2s", "60m", "1h"), in milliseconds. */
const duration = z.string()
  .regex(/^\d+(ms|s|m|h)$/, 'a duration such as "2s", "60m" or "500ms"')
  .transform((value) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(value)!;
    return Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as "ms" | "s" | "m" | "h"];
  })
  .refine((ms) => ms > 0, "a duration longer than 0");

/** pg_cron's schedule: five cron fields (minute hour day month weekday; names and `$` allowed),
 *  or "N seconds" with N from 1 to 59. */
export function isCronSchedule(value: string): boolean {
  if (/^([1-9]|[1-5][0-9]) seconds?$/.test(value.trim())) return true;
  const fields = value.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[0-9A-Za-z*,/$-]+$/.test(f));
}

/** `[castmatch.jobs.<name>]`: strict, so a misspelt key is named rather than ignored. */
const jobSchema = z.object({
  function: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "the name of a folder under functions/").optional(),
  sql: z.string().trim().min(1, "a SQL expression answering a jsonb object of counts").optional(),
  every: duration,
  wake_on_write: z.boolean().default(false),
  cron: z.string().refine(isCronSchedule, 'a pg_cron schedule: five cron fields such as "17 3 * * *", or "10 seconds"'),
}).strict().superRefine((job, ctx) => {
  if ((job.function === undefined) === (job.sql === undefined)) {
    ctx.addIssue({ code: "custom", path: ["function"], message: 'give either function = "<edge function>" or sql = "<expression>", not both or neither' });
  }
});

/** The keys of config.toml the local stack reads. Every table is loose: the Supabase CLI's other
 *  keys (and keys a newer CLI adds) pass through untouched. Rate-limit numbers are checked again,
 *  with their own messages, by readRateLimits. */
export const configFileSchema = z.object({
  api: z.object({
    port: port.default(54321),
    pg_safe_update: z.boolean().default(true),
    rate_limit_writes_per_minute: z.number().optional(),
  }).loose().prefault({}),
  db: z.object({ port: port.default(54322) }).loose().prefault({}),
  storage: z.object({ file_size_limit: byteSize.default(50 * 1024 * 1024) }).loose().prefault({}),
  auth: z.object({ rate_limit: z.record(z.string(), z.number()).optional() }).loose().prefault({}),
  functions: z.record(z.string(), z.object({
    verify_jwt: z.boolean().optional(),
    rate_limit_per_minute: z.number().optional(),
  }).loose()).prefault({}),
  realtime: z.object({
    max_concurrent_users: z.number().int().positive().optional(),
    max_channels_per_client: z.number().int().positive().optional(),
    max_joins_per_second: z.number().int().positive().optional(),
    max_events_per_second: z.number().int().positive().optional(),
    max_payload_size_in_kb: z.number().int().positive().optional(),
  }).loose().prefault({}),
  castmatch: z.object({
    max_affected_rows: count.optional(),
    archive_retention_days: count.optional(),
    /** Read by releases before [castmatch.jobs]; accepted so their config.toml still starts. */
    archive_purge_every_minutes: z.number().positive().optional(),
    rest_workers: count.optional(),
    after_seed: z.array(z.string().regex(/^[\w./-]+\.(ts|mjs|js)$/, "a script path such as seed/media.ts")).default([]),
    demo_logins: z.string().regex(/^[\w./-]+\.json$/, "a JSON file such as seed/demo-logins.json").optional(),
    jobs: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "a job name of lower-case letters, digits, - and _"), jobSchema).optional(),
  }).loose().prefault({}),
}).loose();
export type ConfigFile = z.infer<typeof configFileSchema>;

/** config.toml is wrong: one line naming the file and the key. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const parsedFiles = new Map<string, { mtimeMs: number; config: ConfigFile }>();

/** The validated contents of a config.toml, parsed once (again only when the file changes). */
export function readConfigFile(file = paths.config): ConfigFile {
  const mtimeMs = statSync(file).mtimeMs;
  const known = parsedFiles.get(file);
  if (known?.mtimeMs === mtimeMs) return known.config;
  let raw: unknown;
  try {
    raw = parseToml(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = configFileSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${file}: ${firstIssue(result.error)}`);
  }
  parsedFiles.set(file, { mtimeMs, config: result.data });
  return result.data;
}

export function readProjectConfig(file = paths.config, functionsDir = paths.functions): ProjectConfig {
  const raw = readConfigFile(file);
  const functions: Record<string, FunctionSettings> = {};
  for (const name of listFunctionNames(functionsDir)) {
    functions[name] = { verifyJwt: raw.functions[name]?.verify_jwt ?? true };
  }
  const safety: SafetySettings = {
    pgSafeUpdate: raw.api.pg_safe_update,
    maxAffectedRows: raw.castmatch.max_affected_rows,
    archiveRetentionDays: raw.castmatch.archive_retention_days,
  };
  return {
    apiPort: raw.api.port,
    dbPort: raw.db.port,
    functionsDir,
    functions,
    safety,
    rateLimits: readRateLimits(raw, Object.keys(functions)),
    auth: authPhoneConfig(raw),
    realtime: readRealtimeLimits(raw.realtime),
    restWorkers: raw.castmatch.rest_workers,
    afterSeed: raw.castmatch.after_seed,
    storageFileSizeLimit: raw.storage.file_size_limit,
    jobs: readJobs(file, raw, Object.keys(functions)),
    warnings: legacyWarnings(file, raw),
  };
}

/** `[castmatch.jobs.*]` as the scheduler takes them; a job calling a function that functions/ does
 *  not have stops start-up, naming the key. */
function readJobs(file: string, raw: ConfigFile, functionNames: string[]): JobSettings[] {
  return Object.entries(raw.castmatch.jobs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, job]) => {
    if (job.function !== undefined && !functionNames.includes(job.function)) {
      throw new ConfigError(`${file}: castmatch.jobs.${name}.function: there is no function "${job.function}" in functions/`);
    }
    return {
      name,
      run: job.function !== undefined ? { function: job.function } : { sql: job.sql! },
      everyMs: job.every,
      wakeOnWrite: job.wake_on_write,
      cron: job.cron,
    };
  });
}

/** What a config.toml of an earlier release still says that is no longer read. */
function legacyWarnings(file: string, raw: ConfigFile): string[] {
  if (raw.castmatch.archive_purge_every_minutes === undefined) return [];
  return [`${file}: ` + (raw.castmatch.jobs
    ? "[castmatch] archive_purge_every_minutes is no longer read: each job has its own `every` in [castmatch.jobs.<name>]; remove the key"
    : "[castmatch] archive_purge_every_minutes is no longer read and this config.toml declares no [castmatch.jobs], so no background jobs run: copy the [castmatch.jobs.*] tables of this release's supabase/config.toml (docs/functions.md#scheduled-functions)")];
}

/** [auth.sms], [auth.hook.send_sms] and [auth.mfa]; a wrong one stops start-up with one line. */
function authPhoneConfig(raw: ConfigFile) {
  try {
    return readAuthPhoneConfig(raw);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}


function readRealtimeLimits(raw: ConfigFile["realtime"]): Partial<RealtimeLimits> {
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

/** Function secrets for the local stack: `functions/.env`, the file you would hand to
 *  `supabase secrets set --env-file` when deploying. Ignored by git. Parsed by Node's own dotenv
 *  parser (util.parseEnv): `export` prefixes, comments (also after a value), single, double and
 *  backtick quotes, multi-line quoted values, \n in double quotes. Two spellings that the Supabase
 *  CLI (godotenv) reads differently are refused rather than read wrong: an unquoted value with
 *  `#` straight after a character (godotenv keeps `pa#ss`, Node cuts it to `pa`), and `\"` inside
 *  double quotes; quote the first, single-quote the second. */
export function readFunctionSecrets(file = join(paths.functions, ".env")): Record<string, string> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, "utf8");
  const ambiguous = /^[ \t]*(?:export[ \t]+)?([\w.]+)[ \t]*=[ \t]*(?:[^'"`\s#\r\n][^\r\n]*?[^\s#]#|"[^"\r\n]*\\")/m.exec(text);
  if (ambiguous) {
    throw new ConfigError(`${file}: the value of ${ambiguous[1]} is read differently by the Supabase CLI; put a value with # in quotes, and one with " in single quotes`);
  }
  return parseEnv(text) as Record<string, string>;
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
