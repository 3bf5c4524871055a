// What every Storage route shares: the database as the caller, the files on disk, the bucket
// rules, and the one way an upload becomes an object (a direct upload, a signed upload, a copy and
// a finished resumable upload all end in `commitObject`).
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import type { StorageAuth } from "./auth.ts";
import type { Caller, StorageDb } from "./db.ts";
import { StorageError, noBucket, notFound } from "./errors.ts";
import type { FileStore } from "./files.ts";
import { formatSize, mimeAllowed, uuidOrNull } from "./validate.ts";

export type Core = {
  db: StorageDb;
  files: FileStore;
  auth: StorageAuth;
  /** Project-wide cap over every bucket's own limit (Supabase's storage.file_size_limit). */
  fileSizeLimit: number;
  log: (line: string) => void;
};

export type ObjectRow = {
  id: string;
  bucket_id: string;
  name: string;
  version: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date | string;
  updated_at: Date | string;
};
export type BucketRow = { id: string; public: boolean; file_size_limit: number | null; allowed_mime_types: string[] | null };

export async function bucketConfig(core: Core, id: string): Promise<BucketRow> {
  const [row] = await core.db.transaction(null, "storage.bucket.get", (tx) =>
    tx.query<BucketRow>("select id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types from storage.buckets where id = $1", [id]),
  );
  if (!row) throw noBucket();
  return row;
}

export function sizeLimit(core: Core, bucket: BucketRow): number {
  return Math.min(bucket.file_size_limit ?? core.fileSizeLimit, core.fileSizeLimit);
}

export function tooLarge(bucket: BucketRow, limit: number): StorageError {
  return new StorageError("413", "EntityTooLarge",
    `The object exceeded the maximum allowed size of ${formatSize(limit)} (${limit} bytes) for bucket ${bucket.id} (file_size_limit)`, "Payload too large");
}

export function checkType(bucket: BucketRow, mimetype: string): void {
  if (mimeAllowed(bucket.allowed_mime_types, mimetype)) return;
  throw new StorageError("415", "InvalidMimeType",
    `mime type ${mimetype || "(none)"} is not supported: bucket ${bucket.id} accepts ${bucket.allowed_mime_types!.join(", ")} (allowed_mime_types)`, "invalid_mime_type");
}

export function normaliseType(contentType: string | null | undefined): string {
  return (contentType || "application/octet-stream").split(";")[0]!.trim().toLowerCase();
}

export async function findObject(core: Core, caller: Caller | null, bucket: string, name: string): Promise<ObjectRow> {
  const [row] = await core.db.transaction(caller, "storage.object.get", (tx) =>
    tx.query<ObjectRow>(
      `select id, bucket_id, name, version, metadata, user_metadata, created_at, updated_at
       from storage.objects where bucket_id = $1 and name = $2`,
      [bucket, name],
    ),
  );
  if (!row) throw notFound();
  return row;
}

const WRITE = `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
  values ($1, $2, $3::uuid, $4, $5::text::jsonb, $6::text::jsonb, $7)`;
const UPSERT = `${WRITE}
  on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id,
    metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version,
    updated_at = now(), last_accessed_at = now()`;

class Probe extends Error {}

/**
 * Asks the database whether `caller` may write this object (policies, triggers such as a
 * deadline), rolled back: a refused upload is refused before its bytes arrive.
 */
export async function probeWrite(core: Core, caller: Caller, bucketId: string, name: string, upsert: boolean, mimetype: string): Promise<void> {
  await core.db
    .transaction(caller, "storage.object.upload", async (tx) => {
      await tx.query(upsert ? UPSERT : WRITE, [bucketId, name, uuidOrNull(caller.sub), caller.sub, JSON.stringify({ mimetype }), "{}", randomUUID()]);
      throw new Probe();
    })
    .catch((error) => {
      if (!(error instanceof Probe)) throw error;
    });
}

export type NewObject = {
  bucketId: string;
  name: string;
  upsert: boolean;
  /** The finished file (in tmp, or a resumable upload's), moved into place on success. */
  file: string;
  size: number;
  md5: string;
  mimetype: string;
  cacheControl: string | null;
  userMetadata: Record<string, unknown> | null;
  version?: string;
};

/**
 * Records the object as `caller` and moves its file into place inside that transaction, so a
 * committed row always has its file; an upsert's displaced file goes after the commit. On failure
 * the file is removed.
 */
export async function commitObject(core: Core, caller: Caller, o: NewObject): Promise<{ id: string; version: string }> {
  const version = o.version ?? randomUUID();
  const metadata = {
    eTag: `"${o.md5}"`,
    size: o.size,
    mimetype: o.mimetype,
    cacheControl: o.cacheControl ?? "no-cache",
    lastModified: new Date().toISOString(),
    contentLength: o.size,
    httpStatusCode: 200,
  };
  let placed: string | null = null;
  let previous: string | null = null;
  try {
    const [row] = await core.db.transaction(
      caller,
      "storage.object.upload",
      async (tx) => {
        const rows = await tx.query<{ id: string }>(`${o.upsert ? UPSERT : WRITE} returning id`, [
          o.bucketId, o.name, uuidOrNull(caller.sub), caller.sub, JSON.stringify(metadata), JSON.stringify(o.userMetadata ?? {}), version,
        ]);
        placed = await core.files.place(o.file, version);
        return rows;
      },
      async (tx) => {
        // Writers of one name take turns, so the file an upsert displaces is always known.
        await tx.query("select pg_advisory_xact_lock(hashtext($1 || '/' || $2))", [o.bucketId, o.name]);
        const [old] = await tx.query<{ version: string | null }>("select version from storage.objects where bucket_id = $1 and name = $2", [o.bucketId, o.name]);
        previous = o.upsert ? old?.version ?? null : null;
      },
    );
    if (previous) await core.files.removeVersion(previous);
    return { id: row!.id, version };
  } catch (error) {
    await core.files.discard(placed ?? o.file);
    throw error;
  }
}

/** The MD5 of a file on disk, read as a stream (a resumable upload can be large). */
export async function md5Of(path: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
