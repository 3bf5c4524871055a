// /bucket routes: buckets are rows of storage.buckets, read and written as the caller.
import { sqlState, type Caller } from "./db.ts";
import type { Core } from "./core.ts";
import { bucketConfig } from "./core.ts";
import { StorageError, invalid, json, noBucket } from "./errors.ts";
import { BucketBody, checkBucket, parseBody, parseSize, uuidOrNull } from "./validate.ts";

const COLUMNS = "id, name, owner, owner_id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types, created_at, updated_at";
const notEmpty = () => new StorageError("409", "ResourceNotEmpty", "The bucket you tried to delete is not empty", "ResourceNotEmpty");

export async function listBuckets(core: Core, caller: Caller): Promise<Response> {
  return json(200, await core.db.transaction(caller, "storage.bucket.list", (tx) => tx.query(`select ${COLUMNS} from storage.buckets order by name`)));
}

export async function getBucket(core: Core, caller: Caller, id: string): Promise<Response> {
  const [row] = await core.db.transaction(caller, "storage.bucket.get", (tx) => tx.query(`select ${COLUMNS} from storage.buckets where id = $1`, [id]));
  if (!row) throw noBucket();
  return json(200, row);
}

function bucketValues(input: unknown) {
  const body = parseBody(BucketBody, input);
  const limit = body.file_size_limit;
  const size = limit === undefined || limit === null ? limit : parseSize(limit);
  if (size === null && limit !== null && limit !== undefined) throw invalid("file_size_limit: use bytes or a size such as 10MB");
  return { ...body, file_size_limit: size };
}

export async function createBucket(core: Core, caller: Caller, input: unknown): Promise<Response> {
  const v = bucketValues(input);
  const id = checkBucket(v.id ?? v.name ?? "");
  await core.db.transaction(caller, "storage.bucket.create", (tx) =>
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

export async function updateBucket(core: Core, caller: Caller, id: string, input: unknown): Promise<Response> {
  const v = bucketValues(input);
  const rows = await core.db.transaction(caller, "storage.bucket.update", (tx) =>
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

export async function deleteBucket(core: Core, caller: Caller, id: string): Promise<Response> {
  const result = await core.db.transaction(caller, "storage.bucket.delete", async (tx) => {
    const [used] = await tx.query<{ used: boolean }>("select exists (select 1 from storage.objects where bucket_id = $1) as used", [id]);
    if (used?.used) return "not empty";
    return (await tx.query("delete from storage.buckets where id = $1 returning id", [id])).length ? "deleted" : "missing";
  }, async (tx) => {
    // Objects the caller cannot see still make the bucket non-empty.
    const [any] = await tx.query<{ used: boolean }>("select exists (select 1 from storage.objects where bucket_id = $1) as used", [id]);
    if (any?.used) throw notEmpty();
  });
  if (result === "not empty") throw notEmpty();
  if (result === "missing") throw noBucket();
  return json(200, { message: "Successfully deleted" });
}

export async function emptyBucket(core: Core, caller: Caller, id: string): Promise<Response> {
  await bucketConfig(core, id);
  const removed = await core.db.transaction(caller, "storage.bucket.empty", (tx) =>
    tx.query<{ version: string | null }>("delete from storage.objects where bucket_id = $1 returning version", [id]),
  );
  for (const r of removed) await core.files.removeVersion(r.version);
  return json(200, { message: "Successfully emptied" });
}
