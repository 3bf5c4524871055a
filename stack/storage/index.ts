// Supabase's Storage API for the local stack: a platform service any Supabase project could use.
// It knows storage.buckets and storage.objects and nothing of the app: who may do what is the
// storage.objects policies' and triggers' business (every operation is one transaction as the
// caller, stack/storage/db.ts), and what else must follow a removal is the database's.
//   routes.ts        the route table            auth.ts       callers and signed-URL tokens
//   uploads.ts       one-request and signed uploads            tus.ts        resumable uploads
//   objects.ts       info, list, move, copy, remove, sign      buckets.ts    /bucket
//   serving.ts       downloads with Range       renditions.ts image transformations
//   core.ts          the commit every upload ends in           files.ts      files on disk by version
//   sniff.ts         content type checks         housekeeping.ts  sweeps, removal queue, expiry
// Errors answer as Supabase's Storage API does (errors.ts).
// @supabase/lite's experimental storage was evaluated and not used: see docs/storage.md.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paths, readConfigFile, type Keys } from "../config.ts";
import type { Database } from "../database.ts";
import { VerifiedTokens } from "../jwt.ts";
import { StorageAuth } from "./auth.ts";
import type { Core } from "./core.ts";
import { storageDb } from "./db.ts";
import { CORS, failure, fromDatabase } from "./errors.ts";
import { FileStore } from "./files.ts";
import { drainRemovals, hasRemovalQueue, reconcile } from "./housekeeping.ts";
import { route } from "./routes.ts";
import { startTus } from "./tus.ts";
import { drain } from "./validate.ts";

export type StorageOptions = {
  database: Database;
  keys: Keys;
  /** The stack's verified-token cache (stack/jwt.ts); one of its own when absent. */
  tokens?: VerifiedTokens;
  /** Folder for the files; without one, a temporary folder removed on stop (tests). */
  dir?: string | undefined;
  log?: ((line: string) => void) | undefined;
  /** A new database whose files are still to come (the project's after_seed scripts place them):
   *  objects without a file are not reported at start. */
  filesArriveLater?: boolean | undefined;
  /** How often housekeeping runs (the removal queue, expired uploads); 0 turns it off. Default 2 s. */
  housekeepingEveryMs?: number;
  /** Project-wide cap over every bucket's own limit (Supabase's storage.file_size_limit). */
  fileSizeLimit?: number;
  /** How long an unfinished resumable upload is kept (default 24 h). */
  resumableExpiryMs?: number;
  /** The clock for expiries and token times (tests move it). */
  now?: () => number;
};

export type StorageService = {
  readonly dir: string;
  handle(request: Request): Promise<Response>;
  /** Runs housekeeping now: the database's removal queue, then expired resumable uploads. */
  housekeeping(): Promise<{ removed: number; expiredUploads: number }>;
  stop(): Promise<void>;
};

/** Where an on-disk stack keeps its files: one folder per database, so a reset or a switch of
 *  backend never mixes them (the start-up sweep removes files of a database that is gone). */
export function storageDirFor(databaseUrl: string | undefined): string {
  if (!databaseUrl) return join(paths.state, "storage", "embedded");
  const url = new URL(databaseUrl);
  const name = `${url.hostname}-${url.port || 5432}-${decodeURIComponent(url.pathname.slice(1)) || "postgres"}`;
  return join(paths.state, "storage", `native-${name.replace(/[^A-Za-z0-9_.-]/g, "_")}`);
}

/** `[storage] file_size_limit` of supabase/config.toml ("50MiB" when absent, as the Supabase CLI). */
export function configuredFileSizeLimit(file = paths.config): number {
  return readConfigFile(file).storage.file_size_limit;
}

export async function startStorage(options: StorageOptions): Promise<StorageService> {
  const temporary = !options.dir;
  const dir = options.dir ?? join(tmpdir(), `castmatch-storage-${randomUUID()}`);
  const now = options.now ?? Date.now;
  const files = new FileStore(dir);
  await files.init();
  const db = storageDb(options.database);
  const log = options.log ?? (() => {});
  const core: Core = {
    db,
    files,
    auth: new StorageAuth(options.keys, options.tokens ?? new VerifiedTokens(options.keys.jwtSecret), now),
    fileSizeLimit: options.fileSizeLimit ?? configuredFileSizeLimit(),
    log,
  };
  const tus = startTus(core, { dir: join(dir, "tus"), expiryMs: options.resumableExpiryMs ?? 24 * 3600 * 1000, now });
  await reconcile(core, { reportMissing: !options.filesArriveLater });
  const queue = await hasRemovalQueue(core);

  const housekeeping = async () => ({
    removed: queue ? await drainRemovals(core) : 0,
    expiredUploads: await tus.cleanUpExpired(),
  });
  let timer: NodeJS.Timeout | undefined;
  const every = options.housekeepingEveryMs ?? 2000;
  if (every > 0) {
    let running = false;
    timer = setInterval(() => {
      if (running) return;
      running = true;
      housekeeping().catch((error) => log(`storage: housekeeping failed: ${(error as Error).message}`)).finally(() => (running = false));
    }, every);
    timer.unref();
  }

  async function handle(request: Request): Promise<Response> {
    if (request.method === "OPTIONS" && !new URL(request.url).pathname.includes("/upload/resumable")) {
      return new Response(null, {
        status: 204,
        headers: {
          ...CORS,
          "access-control-allow-methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
          "access-control-allow-headers": request.headers.get("access-control-request-headers") ??
            "authorization, x-client-info, apikey, content-type, cache-control, x-upsert, x-metadata",
          "access-control-max-age": "86400",
        },
      });
    }
    try {
      return await route(core, tus, request);
    } catch (error) {
      const failed = fromDatabase(error);
      if (failed.httpStatus >= 500) log(`storage: ${request.method} ${new URL(request.url).pathname} failed: ${(error as Error).stack ?? error}`);
      // Whatever is left of a refused upload is read, so the client receives the answer.
      await drain(request.body);
      return failure(failed);
    }
  }

  return {
    dir,
    handle,
    housekeeping,
    async stop() {
      if (timer) clearInterval(timer);
      await db.close();
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}
