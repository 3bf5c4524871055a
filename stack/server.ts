// The whole local backend behind one port, as Supabase's gateway does it:
//   /rest/v1, /auth/v1      -> @supabase/lite (PostgREST + GoTrue compatible, admin mode off)
//   /functions/v1/<name>/…  -> the function's own Deno process (JWT verified unless opted out)
// plus, for an embedded database, a Postgres wire-protocol bridge so SQL tools and
// functions (SUPABASE_DB_URL) reach the same PGlite.
import { createAdaptorServer } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App } from "@supabase/lite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { jwtVerify } from "jose";
import { readProjectConfig, type Keys, type ProjectConfig } from "./config.ts";
import { openDatabase, prepareDatabase, SetupError, type Database, type PrepareResult } from "./database.ts";
import { FunctionHost, jsonResponse } from "./functions.ts";
import { answerMalformedRequestsWithJson } from "./http-errors.ts";
import { RateLimiter, openRateLimitStore, withHeaders, type RateLimitConfig, type StoreKind } from "./rate-limit.ts";
import { startScheduler } from "./scheduler.ts";

export type StackOptions = {
  keys: Keys;
  port: number;
  /** Port of the Postgres bridge for an embedded database; 0 picks a free one, null disables it. */
  dbPort?: number | null;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  seed?: boolean;
  config?: ProjectConfig;
  log?: ((line: string) => void) | undefined;
  /** How often the local scheduler runs the embed and deliver-notifications jobs; 0 turns it off. Default 2 s. */
  scheduleEveryMs?: number;
  /** Rate limits instead of config.toml's (stack/rate-limit.ts); null for none (benchmarks that
   *  measure something else). And where their state lives. */
  rateLimits?: RateLimitConfig | null;
  rateLimitStore?: StoreKind;
};

export type Stack = {
  apiUrl: string;
  dbUrl: string | null;
  keys: Keys;
  database: Database;
  functions: FunctionHost;
  prepared: PrepareResult;
  stop(): Promise<void>;
};

// Telemetry would go to an outside service; this stack never sends any.
process.env.LITE_TELEMETRY = "0";
process.env.DO_NOT_TRACK = "1";

export async function startStack(options: StackOptions): Promise<Stack> {
  const config = options.config ?? readProjectConfig();
  const { keys } = options;
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    // Claim the API port first: a taken port should fail fast, before minutes of set-up.
    const gateway = createAdaptorServer({
      fetch: (req: Request, env: { incoming: { socket: { remoteAddress?: string } } }) =>
        limitThenRoute(req, env.incoming.socket.remoteAddress ?? null),
    }) as Server;
    answerMalformedRequestsWithJson(gateway);
    const apiPort = await listen(gateway, options.port, "API");
    cleanups.push(() => closeServer(gateway));
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
    cleanups.push(() => database.close());
    const prepared = await prepareDatabase(database, { seed: options.seed ?? true });

    let dbUrl = database.url;
    if (database.pglite && options.dbPort !== null) {
      const bridge = new PGLiteSocketServer({ db: database.pglite, host: "127.0.0.1", port: options.dbPort ?? 0 });
      await bridge.start().catch((error: Error) => {
        throw new SetupError(`database port ${options.dbPort} is not available: ${error.message}`);
      });
      cleanups.push(() => bridge.stop());
      dbUrl = `postgresql://postgres:postgres@127.0.0.1:${bridge.getServerConn().split(":").pop()}/postgres?sslmode=disable`;
    }

    const app = new App({
      connection: database.connection,
      auth: {
        enabled: true,
        jwt_secret: keys.jwtSecret,
        jwt_expiry: 3600,
        enable_signup: true,
        publishable_key: keys.publishableKey,
        secret_key: keys.secretKey,
        email: { enable_confirmations: false },
      },
      options: { server: { admin: false } },
    } as ConstructorParameters<typeof App>[0]);
    await app.init();

    const functions = new FunctionHost({
      names: Object.keys(config.functions),
      functionsDir: config.functionsDir,
      log: options.log,
      env: {
        SUPABASE_URL: apiUrl,
        SUPABASE_ANON_KEY: keys.publishableKey,
        SUPABASE_PUBLISHABLE_KEY: keys.publishableKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.secretKey,
        SUPABASE_SECRET_KEY: keys.secretKey,
        SUPABASE_DB_URL: dbUrl ?? "",
      },
    });
    cleanups.push(() => functions.stop());
    await functions.startAll();
    const scheduleEveryMs = options.scheduleEveryMs ?? Number(process.env.CASTMATCH_SCHEDULE_EVERY_MS ?? 2000);
    if (scheduleEveryMs > 0) {
      for (const job of ["embed", "deliver-notifications"].filter((name) => functions.has(name))) {
        const scheduler = startScheduler(functions, job, keys.secretKey, scheduleEveryMs, options.log);
        cleanups.push(() => scheduler.stop());
      }
    }

    const limits = options.rateLimits === undefined ? config.rateLimits : options.rateLimits;
    const limiter = limits && new RateLimiter({
      config: limits,
      store: await openRateLimitStore(options.rateLimitStore, database),
      jwtSecret: keys.jwtSecret,
      serviceKey: keys.secretKey,
    });
    if (limiter) cleanups.push(() => limiter.close());
    async function limitThenRoute(request: Request, peerAddress: string | null): Promise<Response> {
      if (!limiter) return route(request, peerAddress);
      const verdict = await limiter.check(request, peerAddress);
      if ("refused" in verdict) return verdict.refused;
      return withHeaders(await route(request, peerAddress), verdict.headers);
    }

    const secret = new TextEncoder().encode(keys.jwtSecret);
    async function route(request: Request, peerAddress: string | null): Promise<Response> {
      const url = new URL(request.url);
      const fn = /^\/functions\/v1\/([A-Za-z0-9_-]+)(\/.*)?$/.exec(url.pathname);
      if (fn) {
        const [, name = "", rest = ""] = fn;
        const settings = config.functions[name];
        if (settings?.verifyJwt && request.method !== "OPTIONS") {
          const denied = await checkJwt(request, secret, keys.secretKey);
          if (denied) return denied;
        }
        return functions.handle(name, rest, request);
      }
      if (/^\/(rest|auth)\/v1(\/|$)/.test(url.pathname)) {
        return app.fetch(request, { peerAddress });
      }
      return jsonResponse(404, { error: "not_found", message: `no route for ${url.pathname}` });
    }

    return { apiUrl, dbUrl, keys, database, functions, prepared, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What Supabase's edge runtime does with verify_jwt: a valid project JWT, or the service key. */
async function checkJwt(request: Request, secret: Uint8Array, serviceKey: string): Promise<Response | null> {
  const header = request.headers.get("authorization");
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return jsonResponse(401, { code: 401, message: "Missing authorization header" });
  if (token === serviceKey) return null;
  try {
    await jwtVerify(token, secret, { algorithms: ["HS256"] });
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

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
