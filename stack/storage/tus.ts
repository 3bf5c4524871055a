// Resumable uploads (the TUS protocol) at /storage/v1/upload/resumable, as Supabase Storage serves
// them, with @tus/server and @tus/file-store (what Supabase Storage itself uses):
//   POST  /upload/resumable[/sign]        creates an upload; Upload-Metadata names bucketName,
//                                          objectName, contentType, cacheControl, metadata (JSON);
//                                          x-upsert: true replaces; /sign takes x-signature (a
//                                          signed upload URL's token) instead of a session
//   HEAD  …/<id>                          the offset to resume from
//   PATCH …/<id>                          the next chunk (storage-js and Supabase's docs use 6 MB)
//   DELETE …/<id>                         abandons it
// <id> is base64url("<bucket>/<name>/<version>"), as Supabase builds it. Chunks are appended to
// <storage>/tus/<version> on disk (never held in memory), with <version>.json beside it, so an
// upload survives a dropped connection and a restart of the stack. Checks, all as the caller:
//   at creation  the bucket exists, Upload-Length within its file_size_limit (and the project's),
//                contentType among its allowed_mime_types, and a rolled-back insert says the
//                storage.objects policies and triggers would let this caller write the object;
//   each chunk   the same insert check (the caller may have lost the right since);
//   at the end   the bytes are sniffed against contentType, and the object is inserted as the
//                caller, so every trigger (a deadline, say) decides at completion.
// Unfinished uploads expire (Upload-Expires) and are removed by the housekeeping timer.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { FileStore as TusFileStore } from "@tus/file-store";
import { Server, type Upload } from "@tus/server";
import { StorageAuth } from "./auth.ts";
import { bucketConfig, checkType, commitObject, md5Of, normaliseType, probeWrite, sizeLimit, tooLarge, type Core } from "./core.ts";
import type { Caller } from "./db.ts";
import { fromDatabase, invalid, notFound } from "./errors.ts";
import { FileStore } from "./files.ts";
import { checkContent } from "./sniff.ts";
import { checkBucket, checkKey, parseMetadata } from "./validate.ts";

export const TUS_PATH = "/upload/resumable";

/** @tus/file-store, with expiry on the service's clock (so tests can move time). */
class ExpiringFileStore extends TusFileStore {
  /** Uploads finished (their file moved into place) in a request still being answered: the
   *  creation handler reads the upload once more after the finish hook. */
  readonly finished = new Map<string, Upload>();

  constructor(directory: string, expiryMs: number, readonly now: () => number) {
    super({ directory, expirationPeriodInMilliseconds: expiryMs });
  }

  override async getUpload(id: string): Promise<Upload> {
    return this.finished.get(id) ?? super.getUpload(id);
  }

  override async deleteExpired(): Promise<number> {
    let removed = 0;
    for (const id of (await this.configstore.list?.()) ?? []) {
      const upload = await this.configstore.get(id);
      if (!upload?.creation_date || upload.size === upload.offset) continue;
      if (this.now() <= new Date(upload.creation_date).getTime() + this.getExpiration()) continue;
      await rm(join(this.directory, id), { force: true });
      await this.configstore.delete(id);
      removed++;
    }
    return removed;
  }
}

/** What one request through the TUS routes acts as, and on which object. */
type Context = {
  signed: boolean;
  caller: Caller | null;
  upsert: boolean;
  /** From the URL's id (HEAD, PATCH, DELETE) or the creation's metadata (POST). */
  target: { bucket: string; name: string } | null;
  finished: string | null;
};

export type Tus = {
  handle(request: Request, subpath: string): Promise<Response>;
  /** Removes unfinished uploads older than the expiry; returns how many. */
  cleanUpExpired(): Promise<number>;
};

export function startTus(core: Core, options: { dir: string; expiryMs: number; now: () => number }): Tus {
  const datastore = new ExpiringFileStore(options.dir, options.expiryMs, options.now);
  const contexts = new WeakMap<Request, Context>();
  const contextOf = (req: Request) => {
    const ctx = contexts.get(req);
    if (!ctx) throw new Error("TUS request without a context");
    return ctx;
  };

  /** The stored upload's object must be the one its URL names (the URL cannot retarget it). */
  async function stored(id: string, ctx: Context): Promise<Upload> {
    const upload = await datastore.getUpload(id);
    const meta = upload.metadata ?? {};
    if (!ctx.target || meta.bucketName !== ctx.target.bucket || meta.objectName !== ctx.target.name) throw notFound();
    return upload;
  }

  async function authorise(req: Request, ctx: Context, contentType: string): Promise<void> {
    const { bucket, name } = ctx.target!;
    if (ctx.signed) {
      const grant = await core.auth.verifyUpload(req.headers.get("x-signature"), bucket, name);
      ctx.caller = StorageAuth.grantCaller(grant);
      ctx.upsert = grant.upsert;
    }
    if (req.method === "HEAD" || req.method === "OPTIONS") return;
    await probeWrite(core, ctx.caller!, bucket, name, ctx.upsert, contentType);
  }

  const server = new Server({
    path: `/storage/v1${TUS_PATH}`,
    datastore,
    disableTerminationForFinishedUploads: true,
    // Supabase's clients send these; CORS preflights must allow them.
    allowedHeaders: ["Authorization", "X-Upsert", "Upload-Expires", "ApiKey", "x-signature", "x-client-info"],
    namingFunction(req, metadata) {
      const ctx = contextOf(req);
      if (req.headers.get("upload-defer-length") !== null || req.headers.get("upload-length") === null) {
        throw invalid("Upload-Length is required (the bucket's size limit is checked when the upload is created)");
      }
      if (!metadata?.bucketName || !metadata.objectName) throw invalid("Upload-Metadata must name bucketName and objectName");
      ctx.target = { bucket: checkBucket(metadata.bucketName), name: checkKey(metadata.objectName) };
      return randomUUID();
    },
    generateUrl(req, { id }) {
      const { bucket, name } = contextOf(req).target!;
      const url = new URL(req.url);
      const base = url.pathname.replace(/\/+$/, "");
      return `${url.origin}${base}/${Buffer.from(`${bucket}/${name}/${id}`).toString("base64url")}`;
    },
    getFileIdFromRequest(req) {
      const ctx = contextOf(req);
      const last = /\/([^/]+)\/?$/.exec(new URL(req.url).pathname)?.[1];
      if (!last || last === "resumable" || last === "sign") return undefined;
      const decoded = Buffer.from(last, "base64url").toString("utf8");
      const bucket = decoded.slice(0, decoded.indexOf("/"));
      const version = decoded.slice(decoded.lastIndexOf("/") + 1);
      const name = decoded.slice(bucket.length + 1, decoded.length - version.length - 1);
      if (!bucket || !name || !FileStore.isVersion(version)) return undefined;
      ctx.target = { bucket, name };
      return version;
    },
    async maxSize(req) {
      const ctx = contextOf(req);
      if (!ctx.target) return core.fileSizeLimit;
      const bucket = await bucketConfig(core, ctx.target.bucket);
      const limit = sizeLimit(core, bucket);
      const length = Number(req.headers.get("upload-length") ?? 0);
      if (req.method === "POST" && length > limit) throw tooLarge(bucket, limit);
      return limit;
    },
    async onIncomingRequest(req, id) {
      const ctx = contextOf(req);
      if (req.method === "POST") {
        const raw = req.headers.get("upload-metadata") ?? "";
        // (the type is checked against the bucket in onUploadCreate; here only the database is asked)
        return authorise(req, ctx, normaliseType(metadataValue(raw, "contentType")));
      }
      const upload = await stored(id, ctx);
      return authorise(req, ctx, normaliseType(upload.metadata?.contentType));
    },
    async onUploadCreate(_req, upload) {
      const meta = { ...(upload.metadata ?? {}) };
      const bucket = await bucketConfig(core, meta.bucketName!);
      meta.contentType = normaliseType(meta.contentType);
      checkType(bucket, meta.contentType);
      meta.cacheControl = /^\d+$/.test(meta.cacheControl ?? "") ? `max-age=${meta.cacheControl}` : meta.cacheControl || "no-cache";
      parseMetadata(meta.metadata);
      return { metadata: meta };
    },
    async onUploadFinish(req, upload) {
      const ctx = contextOf(req);
      const meta = upload.metadata ?? {};
      const file = join(options.dir, upload.id);
      try {
        const mimetype = normaliseType(meta.contentType);
        await checkContent(file, mimetype);
        await commitObject(core, ctx.caller!, {
          bucketId: meta.bucketName!, name: meta.objectName!, upsert: ctx.upsert, file, size: upload.size ?? upload.offset,
          md5: await md5Of(file), mimetype, cacheControl: meta.cacheControl ?? null, userMetadata: parseMetadata(meta.metadata),
          version: upload.id,
        });
        datastore.finished.set(upload.id, upload);
        ctx.finished = upload.id;
        await datastore.configstore.delete(upload.id);
        return { headers: { "Tus-Complete": "1" } };
      } catch (error) {
        // A refused upload cannot succeed by resending it: its bytes go.
        if (fromDatabase(error).httpStatus < 500) await datastore.remove(upload.id).catch(() => {});
        throw error;
      }
    },
    // Errors answer as Supabase's TUS routes do: the real status, the message as the body.
    onResponseError(_req, error) {
      if (error instanceof Error && !("status_code" in error)) {
        const failed = fromDatabase(error);
        if (failed.httpStatus >= 500) core.log(`storage: resumable upload failed: ${error.stack ?? error}`);
        return { status_code: Number(failed.statusCode) >= 400 && Number(failed.statusCode) < 600 ? Number(failed.statusCode) : 400, body: failed.message };
      }
      return undefined;
    },
  });

  return {
    async handle(request, subpath) {
      const signed = subpath === "/sign" || subpath.startsWith("/sign/");
      const ctx: Context = { signed, caller: null, upsert: request.headers.get("x-upsert") === "true", target: null, finished: null };
      // A session is needed for everything but the CORS preflight, unless the URL is signed.
      if (!signed && request.method !== "OPTIONS") ctx.caller = await core.auth.caller(request);
      contexts.set(request, ctx);
      try {
        return await server.handleWeb(request);
      } finally {
        if (ctx.finished) datastore.finished.delete(ctx.finished);
      }
    },
    cleanUpExpired: () => server.cleanUpExpiredUploads(),
  };
}

/** One value of an Upload-Metadata header ("key base64,key base64"). */
function metadataValue(header: string, key: string): string | undefined {
  for (const pair of header.split(",")) {
    const [k, v] = pair.trim().split(" ");
    if (k === key) return v ? Buffer.from(v, "base64").toString("utf8") : undefined;
  }
  return undefined;
}
