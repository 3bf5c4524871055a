// The whole local backend behind one port, as Supabase's gateway does it:
//   /rest/v1, /auth/v1      -> @supabase/lite (PostgREST + GoTrue compatible, admin mode off)
//   /functions/v1/<name>/…  -> the function's own Deno process (JWT verified unless opted out)
//   /storage/v1/…           -> the Storage API (stack/storage/), files under .castmatch/storage
//   /realtime/v1/…          -> Realtime (stack/realtime.ts): the WebSocket and the REST broadcast API
// plus, for an embedded database, a Postgres wire-protocol bridge so SQL tools and
// functions (SUPABASE_DB_URL) reach the same PGlite.
import { createAdaptorServer } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App } from "@supabase/lite";
import { AuthExtension } from "./auth-extension.ts";
import { Outbox } from "./auth-sms.ts";
import { readFunctionSecrets, readProjectConfig, type Keys, type ProjectConfig } from "./config.ts";
import { createBackup } from "./backup.ts";
import { startDbPort } from "./db-port.ts";
import { applySafetySettings, LegacyDatabaseError, openDatabase, prepareDatabase, SetupError, type Database, type Migration, type PrepareResult } from "./database.ts";
import { FunctionHost, jsonResponse } from "./functions.ts";
import { VerifiedTokens } from "./jwt.ts";
import { answerMalformedRequestsWithJson } from "./http-errors.ts";
import { createLogger, type Logger } from "./logging.ts";
import { withRequestLog } from "./request-log.ts";
import { isNewDataDir, prepareInChild, rebuildInChild } from "./prepare.ts";
import { routeOf } from "./routes.ts";
import { RateLimiter, openRateLimitStore, withHeaders, type RateLimitConfig, type StoreKind } from "./rate-limit.ts";
import { LITE_JWT_EXPIRY, liteAppConfig, restWorkerCount, RestWorkers } from "./rest.ts";
import { RealtimeServer, type RealtimeLimits } from "./realtime.ts";
import { startJobs } from "./scheduler.ts";
import { startStorage, storageDirFor, type StorageOptions, type StorageService } from "./storage/index.ts";

export type StackOptions = {
  keys: Keys;
  port: number;
  /** Port of the Postgres bridge for an embedded database; 0 picks a free one, null disables it. */
  dbPort?: number | null;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Folder for Storage files; by default .castmatch/storage/… beside an on-disk database, else temporary. */
  storageDir?: string | undefined;
  /** Storage's clock and resumable-upload expiry (tests move time). */
  storage?: Pick<StorageOptions, "now" | "resumableExpiryMs" | "housekeepingEveryMs">;
  seed?: boolean;
  config?: ProjectConfig;
  log?: ((line: string) => void) | undefined;
  /** The pace of the jobs that writes wake ([castmatch.jobs.*] wake_on_write), instead of their
   *  `every`; 0 runs no job at all. Default CASTMATCH_SCHEDULE_EVERY_MS, else config.toml's. */
  scheduleEveryMs?: number;
  /** How long an unused function stays up (0: always); default CASTMATCH_FUNCTION_IDLE_MS or 60 s. */
  functionIdleMs?: number;
  /** Rate limits instead of config.toml's (stack/rate-limit.ts); null for none (benchmarks that
   *  measure something else). And where their state lives. */
  rateLimits?: RateLimitConfig | null;
  rateLimitStore?: StoreKind;
  /** Secrets for every function (EMAIL_PROVIDER, …); default functions/.env. The platform's own
   *  variables (SUPABASE_URL, keys) always win. */
  functionEnv?: Record<string, string>;
  /** Realtime limits instead of config.toml's [realtime] (benchmarks with thousands of clients). */
  realtimeLimits?: Partial<RealtimeLimits>;
  /** Where the one line per request goes (stack/request-log.ts); without it, nowhere (request ids
   *  are still given and passed on). */
  requestLog?: Logger;
  /** The clock of OTP expiry and TOTP windows (stack/auth-extension.ts); tests move it. */
  authClock?: () => number;
};

export type Stack = {
  apiUrl: string;
  dbUrl: string | null;
  keys: Keys;
  database: Database;
  functions: FunctionHost;
  prepared: PrepareResult;
  storage: StorageService;
  realtime: RealtimeServer;
  stop(): Promise<void>;
};

// Telemetry would go to an outside service; this stack never sends any.
process.env.LITE_TELEMETRY = "0";
process.env.DO_NOT_TRACK = "1";

export async function startStack(options: StackOptions): Promise<Stack> {
  const config = options.config ?? readProjectConfig();
  const { keys } = options;
  // Stopped in reverse order of start, except the gateway, which stops taking requests first.
  // Every step is bounded, so a stuck step (a client holding a connection, a query that does not
  // return) cannot keep the stack from stopping; the slow step is named.
  const cleanups: Array<{ what: string; run: () => Promise<unknown> }> = [];
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      for (const { what, run } of cleanups.reverse()) {
        const late = await bounded(run(), STOP_STEP_MS);
        if (late) options.log?.(`stopping: ${what} did not stop within ${STOP_STEP_MS / 1000} s; moving on`);
      }
    })());
  let ready!: (ok: boolean) => void;
  const started = new Promise<boolean>((resolve) => (ready = resolve));
  try {
    // Claim the API port first: a taken port should fail fast, before minutes of set-up.
    // One log line per request, around the rate limiter and the routes.
    // Requests that arrive while the stack starts wait until every part is ready (503 if it fails).
    const logged = (peer: string | null) => withRequestLog(options.requestLog ?? SILENT, async (req) =>
      (await started) ? limitThenRoute(req, peer) : jsonResponse(503, { error: "unavailable", message: "the stack failed to start" }));
    const gateway = createAdaptorServer({
      fetch: (req: Request, env: { incoming: { socket: { remoteAddress?: string } } }) =>
        logged(env.incoming.socket.remoteAddress ?? null)(req),
    }) as Server;
    answerMalformedRequestsWithJson(gateway);
    // Realtime's WebSocket upgrades; refused until the database is ready.
    let realtime: RealtimeServer | null = null;
    gateway.on("upgrade", (request, socket, head) => {
      if (realtime) return realtime.handleUpgrade(request, socket, head);
      socket.end("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    });
    const apiPort = await listen(gateway, options.port, "API");
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    // A new embedded database is made in a child process (stack/prepare.ts), so the stack does not
    // keep initdb's memory for the rest of its life.
    const { safety } = config;
    const firstRun = !options.databaseUrl && options.dataDir && isNewDataDir(options.dataDir)
      ? await prepareInChild(options.dataDir, options.seed ?? true)
      : null;
    let database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, safeUpdate: safety.pgSafeUpdate });
    cleanups.push({ what: "the database", run: () => database.close() });
    // Files live beside an on-disk database; a database in memory (tests) gets a temporary folder.
    const storageDir = options.storageDir ?? (options.dataDir ? storageDirFor(options.databaseUrl) : undefined);
    // Pending migrations on a database that holds data: a backup first (a stack with a data
    // folder is a user's; scratch stacks in tests have none).
    const backup = options.dataDir
      ? async (pending: Migration[]) => {
          options.log?.(`Backing up the database before applying ${pending.length} new migration(s)…`);
          return (await createBackup(database, { storageDir, reason: `before-${pending.at(-1)!.version}` })).file;
        }
      : false;
    let prepared: PrepareResult;
    try {
      prepared = firstRun ?? (await prepareDatabase(database, { seed: options.seed ?? true, backup }));
    } catch (error) {
      // A data folder from before migrations became append-only: its rows move to a database
      // rebuilt from the baseline (in a child process, like a first run), then the usual upgrade.
      if (!(error instanceof LegacyDatabaseError) || !options.dataDir || options.databaseUrl) throw error;
      options.log?.(`${error.message}: rebuilding it, keeping every row…`);
      await database.close();
      const rebuilt = await rebuildInChild(options.dataDir);
      database = await openDatabase({ dataDir: options.dataDir });
      prepared = { ...(await prepareDatabase(database, { seed: false, backup: false })), rebuilt };
    }
    await applySafetySettings(database, safety);

    let dbUrl = database.url;
    if (database.pglite && options.dbPort !== null) {
      const port = await startDbPort(database.pglite, { port: options.dbPort ?? 0 }).catch((error: Error) => {
        throw new SetupError(`database port ${options.dbPort} is not available: ${error.message}`);
      });
      cleanups.push({ what: "the Postgres port", run: () => port.stop() });
      dbUrl = port.url;
    }

    // /auth/v1 (and /rest/v1 on an embedded database) in this process; /rest/v1 on a native
    // database in worker threads, one lite App each (stack/rest.ts).
    const liteConfig = liteAppConfig(keys, { pgSafeUpdate: safety.pgSafeUpdate, embedded: database.kind === "embedded" });
    // lite's emails go to the local outbox (/_outbox), with the SMS and WhatsApp messages.
    const outbox = new Outbox(options.authClock);
    const app = new App({ connection: database.connection, ...liteConfig,
      options: { ...liteConfig.options, drivers: { email: outbox.emailDriver() } } } as ConstructorParameters<typeof App>[0]);
    await app.init();
    const workers = restWorkerCount(database, config.restWorkers);
    const rest = workers > 0 ? new RestWorkers(workers, { ...database.connectionOptions!, config: liteConfig }, options.log) : null;
    if (rest) {
      cleanups.push({ what: "the REST workers", run: () => rest.stop() });
      await rest.ready();
    }

    // One verified-token cache for the whole stack: the rate limiter, verify_jwt and Storage.
    const tokens = new VerifiedTokens(keys.jwtSecret);
    const storage = await startStorage({
      database,
      keys,
      tokens,
      ...options.storage,
      dir: storageDir,
      log: options.log,
      filesArriveLater: prepared.seeded && config.afterSeed.length > 0,
    });
    cleanups.push({ what: "storage", run: () => storage.stop() });

    const functions = new FunctionHost({
      names: Object.keys(config.functions),
      functionsDir: config.functionsDir,
      log: options.log,
      ...(options.functionIdleMs !== undefined ? { idleMs: options.functionIdleMs } : {}),
      env: {
        ...(options.functionEnv ?? readFunctionSecrets()),
        SUPABASE_URL: apiUrl,
        SUPABASE_ANON_KEY: keys.publishableKey,
        SUPABASE_PUBLISHABLE_KEY: keys.publishableKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.secretKey,
        SUPABASE_SECRET_KEY: keys.secretKey,
        SUPABASE_DB_URL: dbUrl ?? "",
      },
    });
    cleanups.push({ what: "the edge runtime", run: () => functions.stop() });
    // Each function is booted once, in turn, to show at start-up whether it loads; then they sleep
    // until their first request, as on Supabase's edge runtime (a cold start loads only the
    // function's own files: the shared dependencies wait preloaded in a spare worker).
    await functions.check();
    // The jobs of [castmatch.jobs.*], as pg_cron would run them on a hosted project.
    const jobs = startJobs(config.jobs, {
      database, functions, serviceKey: keys.secretKey, log: options.log,
      everyMs: options.scheduleEveryMs ?? scheduleFromEnvironment(),
    });
    for (const job of jobs) cleanups.push({ what: `the ${job.name} job`, run: () => job.stop() });

    // CASTMATCH_RATE_LIMITS=off: load benchmarks from one address (bench:api), not a casting call
    const limits = options.rateLimits !== undefined ? options.rateLimits
      : process.env.CASTMATCH_RATE_LIMITS === "off" ? null : config.rateLimits;
    // Phone OTP, MFA and GoTrue's token claims in front of lite's /auth/v1 (stack/auth-extension.ts).
    const auth = new AuthExtension({ database, jwtSecret: keys.jwtSecret, tokens, config: config.auth, outbox,
      jwtExpirySeconds: LITE_JWT_EXPIRY, ...(options.authClock ? { now: options.authClock } : {}) });
    const limiter = limits && new RateLimiter({
      config: limits,
      store: await openRateLimitStore(options.rateLimitStore, database),
      jwtSecret: keys.jwtSecret,
      tokens,
      serviceKey: keys.secretKey,
    });
    if (limiter) cleanups.push({ what: "the rate limiter", run: () => limiter.close() });
    async function limitThenRoute(request: Request, peerAddress: string | null): Promise<Response> {
      if (!limiter) return route(request, peerAddress);
      const verdict = await limiter.check(request, peerAddress);
      if ("refused" in verdict) return verdict.refused;
      return withHeaders(await route(request, peerAddress), verdict.headers);
    }

    const realtimeServer = await RealtimeServer.start({
      database, keys, log: options.log, limits: { ...config.realtime, ...options.realtimeLimits },
    });
    realtime = realtimeServer;

    cleanups.push({ what: "the API gateway", run: () => closeServer(gateway) });
    // Realtime closes its sockets first: clients see a clean close and reconnect by themselves.
    cleanups.push({ what: "Realtime sockets", run: () => realtimeServer.stop() });

    async function route(request: Request, peerAddress: string | null): Promise<Response> {
      const url = new URL(request.url);
      // A client's write may queue work for a job declared wake_on_write: it looks now rather than
      // after its idle back-off (the others ignore a wake). The jobs' own calls carry the service key.
      if (jobs.length && !READS.has(request.method) && !isServiceCall(request, keys.secretKey)) for (const job of jobs) job.wake();
      const target = routeOf(url.pathname);
      if (target.service === "functions") {
        const { fn: name, path: rest } = target;
        const settings = config.functions[name];
        if (settings?.verifyJwt && request.method !== "OPTIONS") {
          const denied = await checkJwt(request, tokens, keys.secretKey);
          if (denied) return denied;
        }
        return functions.handle(name, rest, request);
      }
      if (/^\/storage\/v1(\/|$)/.test(url.pathname)) return storage.handle(request);
      // `npm run db:backup` while an embedded stack runs: only this process may open its data
      // folder, so it takes the backup here (service key, loopback only).
      if (url.pathname === "/castmatch/v1/backup" && request.method === "POST" && isServiceCall(request, keys.secretKey) && isLoopback(peerAddress)) {
        const result = await createBackup(database, { storageDir: storage.dir, reason: "manual" });
        return jsonResponse(200, result);
      }
      if (/^\/realtime\/v1\/api(\/|$)/.test(url.pathname)) return realtimeServer.handleHttp(request);
      if (/^\/(rest|auth)\/v1(\/|$)/.test(url.pathname)) {
        if (rest && url.pathname.startsWith("/rest/")) return rest.fetch(request, peerAddress);
        if (url.pathname.startsWith("/auth/")) return auth.handle(request, peerAddress, (r) => app.fetch(r, { peerAddress }));
        return app.fetch(request, { peerAddress });
      }
      const outboxPage = outbox.handle(request);
      if (outboxPage) return outboxPage;
      return jsonResponse(404, { error: "not_found", message: `no route for ${url.pathname}` });
    }

    ready(true);
    return { apiUrl, dbUrl, keys, database, functions, prepared, storage, realtime: realtimeServer, stop };
  } catch (error) {
    ready(false);
    await stop();
    throw error;
  }
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** CASTMATCH_SCHEDULE_EVERY_MS: milliseconds, 0 for no jobs; unset keeps config.toml's pace. */
function scheduleFromEnvironment(): number | undefined {
  const value = process.env.CASTMATCH_SCHEDULE_EVERY_MS;
  if (value === undefined || value === "") return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new SetupError(`CASTMATCH_SCHEDULE_EVERY_MS=${value}: expected milliseconds (0 runs no job)`);
  return ms;
}

function isLoopback(peer: string | null): boolean {
  return peer === "127.0.0.1" || peer === "::1" || peer === "::ffff:127.0.0.1";
}

function isServiceCall(request: Request, serviceKey: string): boolean {
  return request.headers.get("apikey") === serviceKey || request.headers.get("authorization") === `Bearer ${serviceKey}`;
}

/** What Supabase's edge runtime does with verify_jwt: a valid project JWT, or the service key. */
async function checkJwt(request: Request, tokens: VerifiedTokens, serviceKey: string): Promise<Response | null> {
  const header = request.headers.get("authorization");
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return jsonResponse(401, { code: 401, message: "Missing authorization header" });
  if (token === serviceKey) return null;
  try {
    await tokens.claims(token);
    return null;
  } catch (error) {
    return jsonResponse(401, { code: 401, message: `Invalid JWT: ${(error as Error).message}` });
  }
}

function listen(server: Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new SetupError(
          error.code === "EADDRINUSE"
            ? `${what} port ${port} is already in use (is another stack running? \`npm run status\`)`
            : `cannot listen on 127.0.0.1:${port}: ${error.message}`,
        ),
      );
    };
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const STOP_STEP_MS = 1500;
const SILENT = createLogger({ level: "error", format: "json", write: () => {} });

/** Waits for the promise at most `ms`; true when it was still pending then. */
async function bounded(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)));
  const done = promise.then(() => false, () => false);
  const result = await Promise.race([done, late]);
  clearTimeout(timer);
  return result;
}

/** Stops listening, lets requests in flight finish for a moment, then closes every connection. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections?.();
    setTimeout(() => server.closeAllConnections?.(), 500).unref();
  });
}
