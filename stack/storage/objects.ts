// Operations on existing objects, each one transaction as the caller so the storage.objects
// policies decide: info, list, remove, move, copy, and signed download URLs.
import { copyFile, constants } from "node:fs/promises";
import {
  bucketConfig, checkType, commitObject, findObject, probeWrite, sizeLimit, tooLarge, type Core, type ObjectRow,
} from "./core.ts";
import type { Caller } from "./db.ts";
import { json, noBucket, notFound } from "./errors.ts";
import {
  ListBody, MoveBody, SignBody, SignManyBody, checkBucket, checkKey, escapeLike, parseBody, transformToQuery, uuidOrNull,
} from "./validate.ts";

export async function findPublicObject(core: Core, bucket: string, name: string): Promise<ObjectRow> {
  const config = await bucketConfig(core, bucket);
  if (!config.public) throw noBucket();
  return findObject(core, null, bucket, name);
}

export async function info(core: Core, caller: Caller, bucket: string, name: string): Promise<Response> {
  const row = await findObject(core, caller, bucket, name);
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

export async function list(core: Core, caller: Caller, bucket: string, input: unknown): Promise<Response> {
  const { limit, offset, sortBy, search, prefix: rawPrefix } = parseBody(ListBody, input);
  await bucketConfig(core, bucket);
  let prefix = rawPrefix.replace(/^\/+/, "");
  if (prefix && !prefix.endsWith("/")) prefix += "/";
  const column = { name: "name", updated_at: "updated_at", created_at: "created_at", last_accessed_at: "last_accessed_at" }[sortBy.column];
  const direction = sortBy.order === "desc" ? "desc" : "asc";
  // One level of the folder tree, as Supabase lists it: sub-folders (no id) and files, named
  // relative to the prefix; `search` matches the start of those names, ignoring case.
  const rows = await core.db.transaction(caller, "storage.object.list", (tx) =>
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

export async function removeObjects(core: Core, caller: Caller, bucket: string, names: string[]): Promise<Record<string, unknown>[]> {
  await bucketConfig(core, bucket);
  const removed = await core.db.transaction(caller, "storage.object.delete", (tx) =>
    tx.query<{ version: string | null }>(
      `delete from storage.objects where bucket_id = $1 and name = any ($2::text[])
       returning id, bucket_id, name, owner, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at`,
      [bucket, names],
    ),
  );
  // Only after the rows are gone: a failed removal leaves both the row and its file.
  for (const r of removed) await core.files.removeVersion(r.version);
  return removed;
}

/** The destination of a move or copy must suit its bucket as an upload there would. */
async function checkDestination(core: Core, bucketId: string, source: ObjectRow): Promise<void> {
  const bucket = await bucketConfig(core, bucketId);
  const meta = source.metadata ?? {};
  if (typeof meta.mimetype === "string") checkType(bucket, meta.mimetype);
  const limit = sizeLimit(core, bucket);
  if (typeof meta.size === "number" && meta.size > limit) throw tooLarge(bucket, limit);
}

/** POST /object/move: the row is renamed as the caller (update policy: the old name in `using`,
 *  the new one in `with check`); the file is named by version, so it stays where it is. */
export async function move(core: Core, caller: Caller, input: unknown): Promise<Response> {
  const body = parseBody(MoveBody, input);
  const from = checkBucket(body.bucketId);
  const to = checkBucket(body.destinationBucket ?? from);
  const name = checkKey(body.destinationKey);
  const source = await findObject(core, caller, from, body.sourceKey);
  if (to !== from) await checkDestination(core, to, source);
  const [row] = await core.db.transaction(caller, "storage.object.move", (tx) =>
    tx.query<{ id: string }>(
      `update storage.objects set bucket_id = $3, name = $4, owner = $5::uuid, owner_id = $6, updated_at = now()
       where bucket_id = $1 and name = $2 returning id`,
      [from, body.sourceKey, to, name, uuidOrNull(caller.sub), caller.sub],
    ),
  );
  if (!row) throw notFound();
  return json(200, { message: "Successfully moved", Id: row.id, Key: name });
}

/** POST /object/copy: the caller must read the source and may write the destination; the copy
 *  is a new object with its own file (x-upsert replaces an existing destination). */
export async function copy(core: Core, request: Request, caller: Caller, input: unknown): Promise<Response> {
  const body = parseBody(MoveBody, input);
  const from = checkBucket(body.bucketId);
  const to = checkBucket(body.destinationBucket ?? from);
  const name = checkKey(body.destinationKey);
  const upsert = request.headers.get("x-upsert") === "true";
  const source = await findObject(core, caller, from, body.sourceKey);
  if (!source.version || !core.files.has(source.version)) throw notFound();
  await checkDestination(core, to, source);
  const meta = source.metadata ?? {};
  const mimetype = (body.copyMetadata === false && body.metadata?.mimetype) || (typeof meta.mimetype === "string" ? meta.mimetype : "application/octet-stream");
  await probeWrite(core, caller, to, name, upsert, mimetype);
  const tmp = core.files.tmpPath();
  // A reflink where the filesystem has them, else a copy.
  await copyFile(core.files.pathOf(source.version), tmp, constants.COPYFILE_FICLONE);
  const row = await commitObject(core, caller, {
    bucketId: to, name, upsert, file: tmp, size: Number(meta.size ?? 0),
    md5: typeof meta.eTag === "string" ? meta.eTag.replace(/"/g, "") : source.version,
    mimetype,
    cacheControl: (body.copyMetadata === false && body.metadata?.cacheControl) || (typeof meta.cacheControl === "string" ? meta.cacheControl : null),
    userMetadata: body.copyMetadata === false ? null : source.user_metadata,
  });
  return json(200, { Id: row.id, Key: `${to}/${name}` });
}

export async function sign(core: Core, caller: Caller, bucket: string, name: string, input: unknown): Promise<Response> {
  const body = parseBody(SignBody, input);
  await findObject(core, caller, bucket, name);
  const transform = body.transform && Object.keys(body.transform).length ? body.transform : null;
  const claims: Record<string, unknown> = { url: `${bucket}/${name}` };
  if (transform) claims.transformations = transformToQuery(transform);
  const token = await core.auth.sign(claims, body.expiresIn);
  const route = transform ? "/render/image/sign" : "/object/sign";
  return json(200, { signedURL: `${route}/${bucket}/${name}?token=${token}` });
}

export async function signMany(core: Core, caller: Caller, bucket: string, input: unknown): Promise<Response> {
  const body = parseBody(SignManyBody, input);
  await bucketConfig(core, bucket);
  const visible = new Set(
    (await core.db.transaction(caller, "storage.object.sign", (tx) =>
      tx.query<{ name: string }>("select name from storage.objects where bucket_id = $1 and name = any ($2::text[])", [bucket, body.paths]),
    )).map((r) => r.name),
  );
  const out = [];
  for (const path of body.paths) {
    if (!visible.has(path)) {
      out.push({ error: "Either the object does not exist or you do not have access to it", path, signedURL: null });
      continue;
    }
    const token = await core.auth.sign({ url: `${bucket}/${path}` }, body.expiresIn);
    out.push({ error: null, path, signedURL: `/object/sign/${bucket}/${path}?token=${token}` });
  }
  return json(200, out);
}
