// Supabase Storage's HTTP API (/storage/v1) for the local stack: the part storage-js uses.
//   /bucket[/:id[/empty]]                       buckets (read, and write where RLS lets you)
//   /object/:bucket/:name                        upload (POST; PUT or x-upsert replaces), download (GET, HEAD), remove (DELETE)
//   /object/authenticated/:bucket/:name          download
//   /object/public/:bucket/:name                 download from a public bucket, no key needed
//   /object/info/:bucket/:name                   an object's details
//   /object/list/:bucket                         one folder's files and sub-folders
//   /object/sign/:bucket[/:name]                 signed download URLs (POST), and their downloads (GET ?token=)
//   DELETE /object/:bucket {prefixes}            remove many
//   /render/image/{authenticated,public,sign}/:bucket/:name?width=…   image renditions (Supabase's image transformation API)
// Every operation is one database transaction as the caller (stack/storage-db.ts), so the
// storage.objects policies and triggers decide, as on Supabase. Files live on disk by version
// (stack/storage-files.ts): a row always has its file, and a file without a row is swept.
// Errors answer as Supabase's Storage API does: HTTP 400 with the real status in `statusCode`
// (413 too large, 415 wrong type, 403 refused, 404 not found, 409 exists) and `code`.
// @supabase/lite's experimental storage was evaluated and not used: see the README's Storage section.
import { randomUUID } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import busboy from "busboy";
import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";
import { paths, readConfigFile, type Keys } from "./config.ts";
import type { Database } from "./database.ts";
import { FileStore, TooLarge, type Received } from "./storage-files.ts";
import { sqlState, storageDb, type Caller, type StorageDb } from "./storage-db.ts";

export type StorageOptions = {
  database: Database;
  keys: Keys;
  /** Folder for the files; without one, a temporary folder removed on stop (tests). */
  dir?: string | undefined;
  log?: ((line: string) => void) | undefined;
  /** How often objects queued by removed media rows are removed; 0 turns it off. Default 2 s. */
  purgeEveryMs?: number;
  /** Project-wide cap over every bucket's own limit (Supabase's storage.file_size_limit). */
  fileSizeLimit?: number;
};

export type StorageService = {
  readonly dir: string;
  handle(request: Request): Promise<Response>;
  /** Removes the objects whose media rows were removed (private.storage_removals). */
  purgeQueued(): Promise<number>;
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
  const files = new FileStore(dir);
  await files.init();
  const db = storageDb(options.database);
  const log = options.log ?? (() => {});
  const api = new StorageApi(db, files, options.keys, options.fileSizeLimit ?? configuredFileSizeLimit(), log);
  await api.reconcile();

  let timer: NodeJS.Timeout | undefined;
  const every = options.purgeEveryMs ?? 2000;
  if (every > 0) {
    let running = false;
    timer = setInterval(() => {
      if (running) return;
      running = true;
      api.purgeQueued().catch((error) => log(`storage: removing queued objects failed: ${(error as Error).message}`)).finally(() => (running = false));
    }, every);
    timer.unref();
  }
  return {
    dir,
    handle: (request) => api.handle(request),
    purgeQueued: () => api.purgeQueued(),
    async stop() {
      if (timer) clearInterval(timer);
      await db.close();
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}

// ── Errors, as Supabase's Storage API renders them ─────────────────────────────────────────

class StorageError extends Error {
  constructor(
    readonly statusCode: string,
    readonly code: string,
    message: string,
    readonly error: string = code,
    readonly httpStatus = statusCode === "500" ? 500 : 400,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new StorageError("400", "InvalidRequest", message, "invalid_request");
const notFound = () => new StorageError("404", "NoSuchKey", "Object not found", "not_found");
const noBucket = () => new StorageError("404", "NoSuchBucket", "Bucket not found", "Bucket not found");
const denied = (message = "new row violates row-level security policy") => new StorageError("403", "AccessDenied", message, "Unauthorized");

function fromDatabase(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const state = sqlState(error);
  const message = (error as Error).message;
  if (state === "42501") return denied(message);
  if (state === "23505") return new StorageError("409", "KeyAlreadyExists", "The resource already exists", "Duplicate");
  // Our own rules (triggers, constraints) raise class 22/23 or P0001 with a message for people.
  if (state && (/^2[23]/.test(state) || state === "P0001")) return invalid(message);
  if (state === "57014") return new StorageError("544", "DatabaseTimeout", "The database statement timed out", "DatabaseTimeout", 400);
  return new StorageError("500", "InternalError", "Internal server error", "internal");
}

// ── Validation ─────────────────────────────────────────────────────────────────────────────

// Supabase Storage accepts these characters in keys and bucket names (ASCII word characters and
// a few marks); refusing the rest here means a path that works locally also works when deployed.
const KEY = /^[\w/!\-.*'() &$@=;:+,?]+$/;
const BUCKET = /^[\w!\-.*'() &$@=;:+,?]{1,100}$/;

function checkBucket(id: string): string {
  if (!BUCKET.test(id)) throw new StorageError("400", "InvalidBucketName", `Bucket name invalid: ${JSON.stringify(id)}`, "Invalid Input");
  return id;
}

function checkKey(name: string): string {
  if (!KEY.test(name) || Buffer.byteLength(name) > 1024 || name.startsWith("/") || name.endsWith("/") || name.includes("//")) {
    throw new StorageError("400", "InvalidKey", `Invalid key: ${JSON.stringify(name)} (letters, digits, folders separated by single slashes, and _ ! - . * ' ( ) space & $ @ = ; : + , ?)`);
  }
  return name;
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`the ${what} in the URL is not valid percent-encoding`);
  }
}

function parseSize(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$/i.exec(value);
  if (!m) return null;
  const unit = (m[2] ?? "B").toLowerCase();
  const scale = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 }[unit] ?? 1;
  return Math.floor(Number(m[1]) * scale);
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The first issue of a zod error as "field: problem". */
function bodyError(error: z.ZodError): StorageError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  return invalid(`${field}: ${issue?.message ?? "invalid"}`);
}

const ListBody = z.object({
  prefix: z.string().max(1024).default(""),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  sortBy: z
    .object({
      column: z.enum(["name", "updated_at", "created_at", "last_accessed_at"]).default("name"),
      order: z.string().toLowerCase().pipe(z.enum(["asc", "desc"])).default("asc"),
    })
    .default({ column: "name", order: "asc" }),
  search: z.string().max(1024).default(""),
});
const TransformBody = z.object({
  width: z.number().int().min(1).max(2500).optional(),
  height: z.number().int().min(1).max(2500).optional(),
  resize: z.enum(["cover", "contain", "fill"]).optional(),
  quality: z.number().int().min(20).max(100).optional(),
  format: z.enum(["origin"]).optional(),
});
type Transform = z.infer<typeof TransformBody>;
const ExpiresIn = z.number().int().min(1).max(10 * 365 * 24 * 3600);
const SignBody = z.object({ expiresIn: ExpiresIn, transform: TransformBody.optional() });
const SignManyBody = z.object({ expiresIn: ExpiresIn, paths: z.array(z.string().min(1).max(1024)).min(1).max(1000) });
const RemoveBody = z.object({ prefixes: z.array(z.string().min(1).max(1024)).min(1).max(1000) });
const BucketBody = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  public: z.boolean().optional(),
  file_size_limit: z.union([z.number().int().min(0), z.string(), z.null()]).optional(),
  allowed_mime_types: z.array(z.string().min(1).max(255)).max(100).nullable().optional(),
});

/** Query-string transformation options of the render endpoints. */
function transformFromQuery(query: URLSearchParams): Transform {
  const int = (name: string) => {
    const value = query.get(name);
    if (value === null || value === "") return undefined;
    if (!/^\d{1,6}$/.test(value)) throw invalid(`${name}: expected a whole number, got ${JSON.stringify(value)}`);
    return Number(value);
  };
  const parsed = TransformBody.safeParse({
    width: int("width"),
    height: int("height"),
    quality: int("quality"),
    resize: query.get("resize") || undefined,
    format: query.get("format") || undefined,
  });
  if (!parsed.success) throw bodyError(parsed.error);
  return parsed.data;
}

function transformToQuery(t: Transform): string {
  const q = new URLSearchParams();
  for (const key of ["width", "height", "resize", "quality", "format"] as const) if (t[key] !== undefined) q.set(key, String(t[key]));
  return q.toString();
}

// Content that does not match its declared type is refused: a bucket's allowed_mime_types is
// only worth something if a PDF cannot arrive as image/jpeg. (Supabase checks the declared type only.)
const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString("latin1");
const isoMedia = (b: Buffer) => ascii(b, 4, 8) === "ftyp";
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/png": (b) => ascii(b, 0, 8) === "\x89PNG\r\n\x1a\n",
  "image/webp": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
  "image/gif": (b) => ascii(b, 0, 4) === "GIF8",
  "video/mp4": isoMedia,
  "audio/mp4": isoMedia,
  "video/quicktime": (b) => isoMedia(b) || ["moov", "mdat", "wide", "free", "skip", "pnot"].includes(ascii(b, 4, 8)),
  "video/webm": (b) => ascii(b, 0, 4) === "\x1a\x45\xdf\xa3",
  "audio/mpeg": (b) => ascii(b, 0, 3) === "ID3" || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  "audio/wav": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE",
};

function mimeAllowed(allowed: string[] | null, mimetype: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    return rule === mimetype || (rule.endsWith("/*") && mimetype.startsWith(rule.slice(0, -1)));
  });
}

// ── Responses ──────────────────────────────────────────────────────────────────────────────

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "content-length, content-range, content-type, etag, last-modified",
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...CORS } });
}

function failure(error: StorageError): Response {
  return json(error.httpStatus, { statusCode: error.statusCode, code: error.code, error: error.error, message: error.message });
}

type ObjectRow = {
  id: string;
  bucket_id: string;
  name: string;
  version: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date | string;
  updated_at: Date | string;
};
type BucketRow = { id: string; public: boolean; file_size_limit: number | null; allowed_mime_types: string[] | null };

type Incoming = {
  body: AsyncIterable<Uint8Array>;
  mimetype: string;
  cacheControl: string | null;
  userMetadata: Record<string, unknown> | null;
  /** Settles when the whole request body has been read (multipart: parsed). */
  done: Promise<void>;
};

class Probe extends Error {}

// ── The API ────────────────────────────────────────────────────────────────────────────────

class StorageApi {
  readonly #secret: Uint8Array;

  constructor(
    readonly db: StorageDb,
    readonly files: FileStore,
    readonly keys: Keys,
    readonly fileSizeLimit: number,
    readonly log: (line: string) => void,
  ) {
    this.#secret = new TextEncoder().encode(keys.jwtSecret);
  }

  async handle(request: Request): Promise<Response> {
    if (request.method === "OPTIONS") {
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
      return await this.route(request);
    } catch (error) {
      const failed = fromDatabase(error);
      if (failed.httpStatus >= 500) this.log(`storage: ${request.method} ${new URL(request.url).pathname} failed: ${(error as Error).stack ?? error}`);
      // Whatever is left of a refused upload is read, so the client receives the answer.
      await drain(request.body);
      return failure(failed);
    }
  }

  private async route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/storage\/v1/, "");
    const method = request.method;
    const read = method === "GET" || method === "HEAD";
    let m: RegExpExecArray | null;

    if ((m = /^\/render\/image\/(authenticated|public|sign)\/([^/]+)\/(.+)$/.exec(path)) && read) {
      const [, mode, b = "", n = ""] = m;
      const bucket = checkBucket(decode(b, "bucket"));
      const name = decode(n, "object name");
      if (mode === "sign") {
        const signed = await this.verifyToken(url, bucket, name);
        return this.render(request, await this.findObject(null, bucket, name), transformFromQuery(new URLSearchParams(signed.transformations ?? "")));
      }
      const row = mode === "public" ? await this.findPublicObject(bucket, name) : await this.findObject(await this.caller(request), bucket, name);
      return this.render(request, row, transformFromQuery(url.searchParams));
    }
    if (/^\/bucket\/?$/.test(path)) {
      if (method === "GET") return this.listBuckets(await this.caller(request));
      if (method === "POST") return this.createBucket(await this.caller(request), await readJson(request));
    }
    if ((m = /^\/bucket\/([^/]+)\/empty$/.exec(path)) && method === "POST") {
      return this.emptyBucket(await this.caller(request), checkBucket(decode(m[1]!, "bucket")));
    }
    if ((m = /^\/bucket\/([^/]+)$/.exec(path))) {
      const id = checkBucket(decode(m[1]!, "bucket"));
      if (method === "GET") return this.getBucket(await this.caller(request), id);
      if (method === "PUT") return this.updateBucket(await this.caller(request), id, await readJson(request));
      if (method === "DELETE") return this.deleteBucket(await this.caller(request), id);
    }
    if ((m = /^\/object\/list\/([^/]+)$/.exec(path)) && method === "POST") {
      return this.list(await this.caller(request), checkBucket(decode(m[1]!, "bucket")), await readJson(request));
    }
    if ((m = /^\/object\/sign\/([^/]+)$/.exec(path)) && method === "POST") {
      return this.signMany(await this.caller(request), checkBucket(decode(m[1]!, "bucket")), await readJson(request));
    }
    if ((m = /^\/object\/sign\/([^/]+)\/(.+)$/.exec(path))) {
      const bucket = checkBucket(decode(m[1]!, "bucket"));
      const name = decode(m[2]!, "object name");
      if (method === "POST") return this.sign(await this.caller(request), bucket, name, await readJson(request));
      if (read) {
        await this.verifyToken(url, bucket, name);
        return this.send(request, await this.findObject(null, bucket, name));
      }
    }
    if ((m = /^\/object\/info\/(?:authenticated\/|public\/)?([^/]+)\/(.+)$/.exec(path)) && method === "GET") {
      return this.info(await this.caller(request), checkBucket(decode(m[1]!, "bucket")), decode(m[2]!, "object name"));
    }
    if ((m = /^\/object\/public\/([^/]+)\/(.+)$/.exec(path)) && read) {
      return this.send(request, await this.findPublicObject(checkBucket(decode(m[1]!, "bucket")), decode(m[2]!, "object name")));
    }
    if ((m = /^\/object\/authenticated\/([^/]+)\/(.+)$/.exec(path)) && read) {
      const caller = await this.caller(request);
      return this.send(request, await this.findObject(caller, checkBucket(decode(m[1]!, "bucket")), decode(m[2]!, "object name")));
    }
    if ((m = /^\/object\/([^/]+)$/.exec(path)) && method === "DELETE") {
      const body = RemoveBody.safeParse(await readJson(request));
      if (!body.success) throw bodyError(body.error);
      return this.remove(await this.caller(request), checkBucket(decode(m[1]!, "bucket")), body.data.prefixes);
    }
    if ((m = /^\/object\/([^/]+)\/(.+)$/.exec(path))) {
      const bucket = checkBucket(decode(m[1]!, "bucket"));
      const name = decode(m[2]!, "object name");
      if (method === "POST" || method === "PUT") {
        const upsert = method === "PUT" || request.headers.get("x-upsert") === "true";
        return this.upload(request, await this.caller(request), bucket, checkKey(name), upsert);
      }
      if (read) return this.send(request, await this.findObject(await this.caller(request), bucket, name));
      if (method === "DELETE") {
        const removed = await this.removeObjects(await this.caller(request), bucket, [name]);
        if (removed.length === 0) throw notFound();
        return json(200, { message: "Successfully deleted" });
      }
    }
    return json(404, { statusCode: "404", code: "NotFound", error: "Not Found", message: `Route ${method}:${url.pathname} not found` });
  }

  // ── Who is asking ──

  /** The caller, from `Authorization: Bearer <jwt or key>` or the `apikey` header. */
  private async caller(request: Request): Promise<Caller> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const token = bearer ?? request.headers.get("apikey") ?? undefined;
    if (!token) throw new StorageError("400", "InvalidJWT", "Missing authorization: send the apikey header or Authorization: Bearer <token>", "Unauthorized");
    if (token === this.keys.publishableKey) return { role: "anon", sub: null, claims: { role: "anon" } };
    if (token === this.keys.secretKey) return { role: "service_role", sub: null, claims: { role: "service_role" } };
    let claims: Record<string, unknown>;
    try {
      claims = (await jwtVerify(token, this.#secret, { algorithms: ["HS256"] })).payload as Record<string, unknown>;
    } catch (error) {
      throw new StorageError("400", "InvalidJWT", `Invalid JWT: ${(error as Error).message}`, "Unauthorized");
    }
    const role = claims.role;
    if (role !== "anon" && role !== "authenticated" && role !== "service_role") {
      throw new StorageError("400", "InvalidJWT", `Invalid JWT: role ${JSON.stringify(role)} is not an API role`, "Unauthorized");
    }
    return { role, sub: typeof claims.sub === "string" ? claims.sub : null, claims };
  }

  private async verifyToken(url: URL, bucket: string, name: string): Promise<{ transformations?: string }> {
    const token = url.searchParams.get("token");
    if (!token) throw invalid("token: the signed URL has no token");
    let payload: Record<string, unknown>;
    try {
      payload = (await jwtVerify(token, this.#secret, { algorithms: ["HS256"] })).payload as Record<string, unknown>;
    } catch (error) {
      const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new StorageError("400", expired ? "ExpiredToken" : "InvalidSignature", expired ? "The signed URL has expired" : `Invalid signature: ${(error as Error).message}`);
    }
    if (payload.url !== `${bucket}/${name}`) throw new StorageError("400", "InvalidSignature", "The signed URL is for another object");
    return typeof payload.transformations === "string" ? { transformations: payload.transformations } : {};
  }

  // ── Buckets ──

  private async bucketConfig(id: string): Promise<BucketRow> {
    const [row] = await this.db.transaction(null, "storage.bucket.get", (tx) =>
      tx.query<BucketRow>(
        "select id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types from storage.buckets where id = $1",
        [id],
      ),
    );
    if (!row) throw noBucket();
    return row;
  }

  private readonly bucketColumns =
    "id, name, owner, owner_id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types, created_at, updated_at";

  private async listBuckets(caller: Caller): Promise<Response> {
    const rows = await this.db.transaction(caller, "storage.bucket.list", (tx) =>
      tx.query(`select ${this.bucketColumns} from storage.buckets order by name`),
    );
    return json(200, rows);
  }

  private async getBucket(caller: Caller, id: string): Promise<Response> {
    const [row] = await this.db.transaction(caller, "storage.bucket.get", (tx) =>
      tx.query(`select ${this.bucketColumns} from storage.buckets where id = $1`, [id]),
    );
    if (!row) throw noBucket();
    return json(200, row);
  }

  private bucketValues(input: unknown) {
    const body = BucketBody.safeParse(input);
    if (!body.success) throw bodyError(body.error);
    const limit = body.data.file_size_limit;
    const size = limit === undefined || limit === null ? limit : parseSize(limit);
    if (size === null && limit !== null && limit !== undefined) throw invalid("file_size_limit: use bytes or a size such as 10MB");
    return { ...body.data, file_size_limit: size };
  }

  private async createBucket(caller: Caller, input: unknown): Promise<Response> {
    const v = this.bucketValues(input);
    const id = checkBucket(v.id ?? v.name ?? "");
    await this.db.transaction(caller, "storage.bucket.create", (tx) =>
      tx.query(
        `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $2, $3::uuid, $4, $5, $6::bigint, $7::text[])`,
        [id, v.name ?? id, uuidOrNull(caller.sub), caller.sub, v.public ?? false, v.file_size_limit ?? null, v.allowed_mime_types ?? null],
      ),
    ).catch((error) => {
      if (sqlState(error) === "23505") throw new StorageError("409", "BucketAlreadyExists", "The resource already exists", "Duplicate");
      throw error;
    });
    return json(200, { name: id });
  }

  private async updateBucket(caller: Caller, id: string, input: unknown): Promise<Response> {
    const v = this.bucketValues(input);
    const rows = await this.db.transaction(caller, "storage.bucket.update", (tx) =>
      tx.query(
        `update storage.buckets set
           public = coalesce($2, public),
           file_size_limit = case when $3::boolean then $4::bigint else file_size_limit end,
           allowed_mime_types = case when $5::boolean then $6::text[] else allowed_mime_types end,
           updated_at = now()
         where id = $1 returning id`,
        [id, v.public ?? null, v.file_size_limit !== undefined, v.file_size_limit ?? null, v.allowed_mime_types !== undefined, v.allowed_mime_types ?? null],
      ),
    );
    if (rows.length === 0) throw noBucket();
    return json(200, { message: "Successfully updated" });
  }

  private async deleteBucket(caller: Caller, id: string): Promise<Response> {
    const result = await this.db.transaction(caller, "storage.bucket.delete", async (tx) => {
      const [used] = await tx.query<{ used: boolean }>("select exists (select 1 from storage.objects where bucket_id = $1) as used", [id]);
      if (used?.used) return "not empty";
      return (await tx.query("delete from storage.buckets where id = $1 returning id", [id])).length ? "deleted" : "missing";
    }, async (tx) => {
      // Objects the caller cannot see still make the bucket non-empty.
      const [any] = await tx.query<{ used: boolean }>("select exists (select 1 from storage.objects where bucket_id = $1) as used", [id]);
      if (any?.used) throw new StorageError("409", "ResourceNotEmpty", "The bucket you tried to delete is not empty", "ResourceNotEmpty");
    });
    if (result === "not empty") throw new StorageError("409", "ResourceNotEmpty", "The bucket you tried to delete is not empty", "ResourceNotEmpty");
    if (result === "missing") throw noBucket();
    return json(200, { message: "Successfully deleted" });
  }

  private async emptyBucket(caller: Caller, id: string): Promise<Response> {
    await this.bucketConfig(id);
    const removed = await this.db.transaction(caller, "storage.bucket.empty", (tx) =>
      tx.query<{ version: string | null }>("delete from storage.objects where bucket_id = $1 returning version", [id]),
    );
    for (const r of removed) await this.files.removeVersion(r.version);
    return json(200, { message: "Successfully emptied" });
  }

  // ── Objects ──

  private async findObject(caller: Caller | null, bucket: string, name: string): Promise<ObjectRow> {
    const [row] = await this.db.transaction(caller, "storage.object.get", (tx) =>
      tx.query<ObjectRow>(
        `select id, bucket_id, name, version, metadata, user_metadata, created_at, updated_at
         from storage.objects where bucket_id = $1 and name = $2`,
        [bucket, name],
      ),
    );
    if (!row) throw notFound();
    return row;
  }

  private async findPublicObject(bucket: string, name: string): Promise<ObjectRow> {
    const config = await this.bucketConfig(bucket);
    if (!config.public) throw noBucket();
    return this.findObject(null, bucket, name);
  }

  private async incoming(request: Request): Promise<Incoming> {
    const type = request.headers.get("content-type") ?? "";
    const body = request.body;
    if (/^multipart\/form-data/i.test(type)) {
      if (!body) throw invalid("the multipart body is empty");
      return new Promise<Incoming>((resolve, reject) => {
        let parser: busboy.Busboy;
        try {
          parser = busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 } });
        } catch (error) {
          reject(invalid(`malformed multipart body: ${(error as Error).message}`));
          return;
        }
        const fields: Record<string, string> = {};
        let file = false;
        const done = new Promise<void>((ok, fail) => {
          parser.on("close", ok);
          parser.on("error", (error: Error) => fail(invalid(`malformed multipart body: ${error.message}`)));
        });
        done.catch(() => {});
        parser.on("field", (name, value) => (fields[name] = value));
        parser.on("file", (_field, stream, info) => {
          if (file) return void stream.resume();
          file = true;
          try {
            resolve({
              body: stream,
              mimetype: info.mimeType,
              cacheControl: fields.cacheControl ? `max-age=${fields.cacheControl}` : null,
              userMetadata: parseMetadata(fields.metadata),
              done,
            });
          } catch (error) {
            stream.resume();
            reject(error);
          }
        });
        done.then(() => file || reject(invalid("the multipart body has no file")), reject);
        Readable.fromWeb(body as never)
          .on("error", (error) => parser.destroy(error))
          .pipe(parser);
      });
    }
    const encoded = request.headers.get("x-metadata");
    let userMetadata: Record<string, unknown> | null = null;
    if (encoded) userMetadata = parseMetadata(Buffer.from(encoded, "base64").toString("utf8"));
    return {
      body: body ?? (async function* () {})(),
      mimetype: type || "application/octet-stream",
      cacheControl: request.headers.get("cache-control"),
      userMetadata,
      done: Promise.resolve(),
    };
  }

  private async upload(request: Request, caller: Caller, bucketId: string, name: string, upsert: boolean): Promise<Response> {
    const bucket = await this.bucketConfig(bucketId);
    const limit = Math.min(bucket.file_size_limit ?? this.fileSizeLimit, this.fileSizeLimit);
    const incoming = await this.incoming(request);
    const mimetype = incoming.mimetype.split(";")[0]!.trim().toLowerCase();
    const values = (metadata: Record<string, unknown>, version: string) => [
      bucketId, name, uuidOrNull(caller.sub), caller.sub, JSON.stringify(metadata), JSON.stringify(incoming.userMetadata ?? {}), version,
    ];
    const write = upsert
      ? `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
         values ($1, $2, $3::uuid, $4, $5::text::jsonb, $6::text::jsonb, $7)
         on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id,
           metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version,
           updated_at = now(), last_accessed_at = now()
         returning id`
      : `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
         values ($1, $2, $3::uuid, $4, $5::text::jsonb, $6::text::jsonb, $7) returning id`;
    let received: Received | null = null;
    try {
      if (!mimeAllowed(bucket.allowed_mime_types, mimetype)) {
        throw new StorageError("415", "InvalidMimeType",
          `mime type ${mimetype || "(none)"} is not supported: bucket ${bucketId} accepts ${bucket.allowed_mime_types!.join(", ")} (allowed_mime_types)`,
          "invalid_mime_type");
      }
      // Ask the database first (rolled back), so a refused upload is refused before its bytes arrive.
      await this.db
        .transaction(caller, "storage.object.upload", async (tx) => {
          await tx.query(write, values({ mimetype }, randomUUID()));
          throw new Probe();
        })
        .catch((error) => {
          if (!(error instanceof Probe)) throw error;
        });
      try {
        received = await this.files.receive(incoming.body, limit);
      } catch (error) {
        if (error instanceof TooLarge) {
          throw new StorageError("413", "EntityTooLarge",
            `The object exceeded the maximum allowed size of ${formatSize(limit)} (${limit} bytes) for bucket ${bucketId} (file_size_limit)`,
            "Payload too large");
        }
        throw invalid(`the upload was interrupted: ${(error as Error).message}`);
      }
      await incoming.done;
      const signature = SIGNATURES[mimetype];
      if (signature && !signature(received.head)) {
        throw new StorageError("415", "InvalidMimeType", `the file's content is not ${mimetype} (its first bytes do not match the type it was sent as)`, "invalid_mime_type");
      }
    } catch (error) {
      if (received) await this.files.discard(received.tmp);
      await drainIncoming(incoming);
      throw error;
    }

    const version = randomUUID();
    const metadata = {
      eTag: `"${received.md5}"`,
      size: received.size,
      mimetype,
      cacheControl: incoming.cacheControl ?? "no-cache",
      lastModified: new Date().toISOString(),
      contentLength: received.size,
      httpStatusCode: 200,
    };
    let placed: string | null = null;
    let previous: string | null = null;
    try {
      const [row] = await this.db.transaction(
        caller,
        "storage.object.upload",
        async (tx) => {
          const rows = await tx.query<{ id: string }>(write, values(metadata, version));
          // The file is in place before the row commits: a committed row always has its file.
          placed = await this.files.place(received.tmp, version);
          return rows;
        },
        async (tx) => {
          // Writers of one name take turns, so the file an upsert displaces is always known.
          await tx.query("select pg_advisory_xact_lock(hashtext($1 || '/' || $2))", [bucketId, name]);
          const [old] = await tx.query<{ version: string | null }>(
            "select version from storage.objects where bucket_id = $1 and name = $2", [bucketId, name]);
          previous = upsert ? old?.version ?? null : null;
        },
      );
      if (previous) await this.files.removeVersion(previous);
      return json(200, { Id: row?.id, Key: `${bucketId}/${name}` });
    } catch (error) {
      await this.files.discard(placed ?? received.tmp);
      throw error;
    }
  }

  private async send(request: Request, row: ObjectRow, variant?: { path: string; mimetype: string; size: number }): Promise<Response> {
    const file = variant?.path ?? (row.version && FileStore.isVersion(row.version) ? this.files.pathOf(row.version) : null);
    const size = variant?.size ?? (file ? (await stat(file).catch(() => null))?.size ?? null : null);
    if (!file || size === null) {
      this.log(`storage: ${row.bucket_id}/${row.name} has no file (version ${row.version ?? "none"})`);
      throw notFound();
    }
    const meta = row.metadata ?? {};
    const etag = variant ? `"${row.version}-${variant.size}"` : typeof meta.eTag === "string" ? meta.eTag : `"${row.version}"`;
    const headers: Record<string, string> = {
      ...CORS,
      "content-type": variant?.mimetype ?? (typeof meta.mimetype === "string" ? meta.mimetype : "application/octet-stream"),
      "cache-control": typeof meta.cacheControl === "string" ? meta.cacheControl : "no-cache",
      etag,
      "last-modified": new Date(row.updated_at).toUTCString(),
      "accept-ranges": "bytes",
    };
    const url = new URL(request.url);
    if (url.searchParams.has("download")) {
      const filename = url.searchParams.get("download") || row.name.split("/").pop() || "download";
      headers["content-disposition"] = `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
    }
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });

    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = request.headers.get("range");
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      const from = m?.[1] ? Number(m[1]) : null;
      const to = m?.[2] ? Number(m[2]) : null;
      if (!m || (from === null && to === null) || (from !== null && from >= size) || (from !== null && to !== null && to < from)) {
        return new Response(JSON.stringify({ statusCode: "416", code: "InvalidRange", error: "invalid_range", message: `invalid range ${range} for ${size} bytes` }), {
          status: 416, headers: { ...headers, "content-type": "application/json", "content-range": `bytes */${size}` },
        });
      }
      if (from === null) start = Math.max(0, size - to!);
      else {
        start = from;
        end = to === null ? size - 1 : Math.min(to, size - 1);
      }
      status = 206;
      headers["content-range"] = `bytes ${start}-${end}/${size}`;
    }
    headers["content-length"] = String(size === 0 ? 0 : end - start + 1);
    if (request.method === "HEAD" || size === 0) return new Response(null, { status, headers });
    return new Response(Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream, { status, headers });
  }

  private async info(caller: Caller, bucket: string, name: string): Promise<Response> {
    const row = await this.findObject(caller, bucket, name);
    const meta = row.metadata ?? {};
    return json(200, {
      id: row.id,
      name: row.name,
      bucket_id: row.bucket_id,
      version: row.version,
      size: meta.size ?? null,
      content_type: meta.mimetype ?? null,
      cache_control: meta.cacheControl ?? null,
      etag: meta.eTag ?? null,
      metadata: row.user_metadata ?? {},
      created_at: row.created_at,
      last_modified: row.updated_at,
    });
  }

  private async list(caller: Caller, bucket: string, input: unknown): Promise<Response> {
    const body = ListBody.safeParse(input);
    if (!body.success) throw bodyError(body.error);
    const { limit, offset, sortBy, search } = body.data;
    await this.bucketConfig(bucket);
    let prefix = body.data.prefix.replace(/^\/+/, "");
    if (prefix && !prefix.endsWith("/")) prefix += "/";
    const column = { name: "name", updated_at: "updated_at", created_at: "created_at", last_accessed_at: "last_accessed_at" }[sortBy.column];
    const direction = sortBy.order === "desc" ? "desc" : "asc";
    // One level of the folder tree, as Supabase lists it: sub-folders (no id) and files, named
    // relative to the prefix; `search` matches the start of those names, ignoring case.
    const rows = await this.db.transaction(caller, "storage.object.list", (tx) =>
      tx.query(
        `with matched as (
           select o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata, substr(o.name, char_length($2) + 1) as rest
           from storage.objects o
           where o.bucket_id = $1 and o.name like $3 escape '\\'
         ), entries as (
           select split_part(rest, '/', 1) as name, null::uuid as id, null::timestamptz as updated_at,
                  null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata
           from matched where position('/' in rest) > 0 group by 1
           union all
           select rest, id, updated_at, created_at, last_accessed_at, metadata from matched where position('/' in rest) = 0
         )
         select * from entries where lower(name) like lower($4) escape '\\'
         order by ${column} ${direction} nulls first, name collate "C" ${direction}
         limit $5 offset $6`,
        [bucket, prefix, `${escapeLike(prefix)}%`, `${escapeLike(search)}%`, limit, offset],
      ),
    );
    return json(200, rows);
  }

  private async removeObjects(caller: Caller, bucket: string, names: string[]): Promise<Record<string, unknown>[]> {
    await this.bucketConfig(bucket);
    const removed = await this.db.transaction(caller, "storage.object.delete", (tx) =>
      tx.query<{ version: string | null }>(
        `delete from storage.objects where bucket_id = $1 and name = any ($2::text[])
         returning id, bucket_id, name, owner, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at`,
        [bucket, names],
      ),
    );
    // Only after the rows are gone: a failed removal leaves both the row and its file.
    for (const r of removed) await this.files.removeVersion(r.version);
    return removed;
  }

  private async remove(caller: Caller, bucket: string, names: string[]): Promise<Response> {
    return json(200, await this.removeObjects(caller, bucket, names));
  }

  private async signToken(claims: Record<string, unknown>, expiresIn: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(now).setExpirationTime(now + expiresIn).sign(this.#secret);
  }

  private async sign(caller: Caller, bucket: string, name: string, input: unknown): Promise<Response> {
    const body = SignBody.safeParse(input);
    if (!body.success) throw bodyError(body.error);
    await this.findObject(caller, bucket, name);
    const transform = body.data.transform && Object.keys(body.data.transform).length ? body.data.transform : null;
    const claims: Record<string, unknown> = { url: `${bucket}/${name}` };
    if (transform) claims.transformations = transformToQuery(transform);
    const token = await this.signToken(claims, body.data.expiresIn);
    const route = transform ? "/render/image/sign" : "/object/sign";
    return json(200, { signedURL: `${route}/${bucket}/${name}?token=${token}` });
  }

  private async signMany(caller: Caller, bucket: string, input: unknown): Promise<Response> {
    const body = SignManyBody.safeParse(input);
    if (!body.success) throw bodyError(body.error);
    await this.bucketConfig(bucket);
    const visible = new Set(
      (await this.db.transaction(caller, "storage.object.sign", (tx) =>
        tx.query<{ name: string }>("select name from storage.objects where bucket_id = $1 and name = any ($2::text[])", [bucket, body.data.paths]),
      )).map((r) => r.name),
    );
    const out = [];
    for (const path of body.data.paths) {
      if (!visible.has(path)) {
        out.push({ error: "Either the object does not exist or you do not have access to it", path, signedURL: null });
        continue;
      }
      const token = await this.signToken({ url: `${bucket}/${path}` }, body.data.expiresIn);
      out.push({ error: null, path, signedURL: `/object/sign/${bucket}/${path}?token=${token}` });
    }
    return json(200, out);
  }

  // ── Image renditions ──

  private async render(request: Request, row: ObjectRow, transform: Transform): Promise<Response> {
    const mimetype = typeof row.metadata?.mimetype === "string" ? row.metadata.mimetype : "";
    const source = /^image\/(jpeg|png|webp|gif|avif)$/.exec(mimetype)?.[1];
    if (!source) throw invalid(`only images can be transformed; ${row.name} is ${mimetype || "of unknown type"}`);
    if (!row.version || !this.files.has(row.version)) throw notFound();
    const wantsWebp = transform.format !== "origin" && (request.headers.get("accept") ?? "").includes("image/webp");
    const format = wantsWebp ? "webp" : source === "gif" ? "png" : (source as "jpeg" | "png" | "webp" | "avif");
    const quality = transform.quality ?? 80;
    const fit = transform.resize === "contain" ? "inside" : transform.resize === "fill" ? "fill" : "cover";
    const variant = `${transform.width ?? "auto"}x${transform.height ?? "auto"}-${fit}-q${quality}.${format}`;
    const target = this.files.renditionPath(row.version, variant);
    if (!existsSync(target)) {
      // sharp (libvips) loads on the first rendition only, so an idle stack does not carry it.
      const { default: sharp } = await import("sharp");
      const tmp = this.files.tmpPath();
      try {
        await sharp(this.files.pathOf(row.version), { limitInputPixels: 50_000_000 })
          .rotate()
          .resize({ width: transform.width, height: transform.height, fit, withoutEnlargement: true })
          .toFormat(format, { quality })
          .toFile(tmp);
        await mkdir(dirname(target), { recursive: true });
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true });
        throw invalid(`the image could not be transformed: ${(error as Error).message}`);
      }
    }
    const size = (await stat(target)).size;
    return this.send(request, row, { path: target, mimetype: `image/${format}`, size });
  }

  // ── Housekeeping ──

  async purgeQueued(): Promise<number> {
    const removed = await this.db.transaction(null, "storage.object.delete", async (tx) => {
      const [queued] = await tx.query<{ n: number }>("select count(*)::int as n from private.storage_removals");
      if (!queued?.n) return [];
      const rows = await tx.query<{ version: string | null }>(
        `delete from storage.objects o using private.storage_removals r
         where o.bucket_id = r.bucket_id and o.name = r.name
           and not exists (select 1 from public.talent_media m where m.bucket = o.bucket_id and m.storage_path = o.name)
         returning o.version`,
      );
      await tx.query("delete from private.storage_removals");
      return rows;
    });
    for (const r of removed) await this.files.removeVersion(r.version);
    return removed.length;
  }

  /** At start-up: files without a row go; seeded objects get their placeholder file. */
  async reconcile(): Promise<void> {
    const rows = await this.db.transaction(null, "storage.reconcile", (tx) =>
      tx.query<{ id: string; version: string | null; metadata: Record<string, unknown> | null }>(
        "select id, version, metadata from storage.objects"),
    );
    const swept = await this.files.sweep(new Set(rows.map((r) => r.version).filter((v): v is string => !!v)));
    if (swept.files) this.log(`storage: removed ${swept.files} files whose objects are gone`);
    let missing = 0;
    for (const row of rows) {
      if (row.version && this.files.has(row.version)) continue;
      const mimetype = row.metadata?.mimetype;
      if (row.metadata?.seed === true && row.version && FileStore.isVersion(row.version) && typeof mimetype === "string") {
        await this.placeSeedFile(row.id, row.version, mimetype);
      } else {
        missing++;
      }
    }
    if (missing) this.log(`storage: ${missing} objects have no file in ${this.files.root} (their downloads answer 404)`);
  }

  private async placeSeedFile(id: string, version: string, mimetype: string): Promise<void> {
    const source = join(paths.root, "seed", "media", mimetype.startsWith("image/") ? "headshot.jpg" : "reel.mp4");
    const target = this.files.pathOf(version);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
    const size = (await stat(target)).size;
    const metadata = {
      eTag: `"${version}"`, size, mimetype, cacheControl: "max-age=3600", lastModified: new Date().toISOString(),
      contentLength: size, httpStatusCode: 200, seed: true,
    };
    await this.db.transaction(null, "storage.seed", (tx) =>
      tx.query("update storage.objects set metadata = $2::text::jsonb where id = $1", [id, JSON.stringify(metadata)]));
  }
}

// ── Small helpers ──────────────────────────────────────────────────────────────────────────

function uuidOrNull(value: string | null): string | null {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : null;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function parseMetadata(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined || text === "") return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalid("metadata: expected a JSON object");
}

async function readJson(request: Request, max = 1024 * 1024): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > max) throw new StorageError("413", "EntityTooLarge", `the JSON body is larger than ${formatSize(max)}`, "Payload too large");
      chunks.push(chunk);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid("body: expected JSON");
  }
}

async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body || body.locked) return;
  try {
    for await (const _ of body as unknown as AsyncIterable<Uint8Array>) void _;
  } catch {
    // the client went away
  }
}

async function drainIncoming(incoming: Incoming): Promise<void> {
  try {
    for await (const _ of incoming.body) void _;
  } catch {
    // the client went away
  }
  await incoming.done.catch(() => {});
}
