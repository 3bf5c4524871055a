// The route table of Supabase's Storage API (/storage/v1), the part storage-js and TUS clients use:
//   /bucket[/:id[/empty]]                        buckets (read, and write where RLS lets you)
//   /object/:bucket/:name                        upload (POST; PUT or x-upsert replaces), download (GET, HEAD), remove (DELETE)
//   /object/authenticated/:bucket/:name          download
//   /object/public/:bucket/:name                 download from a public bucket, no key needed
//   /object/info[/authenticated|/public]/:bucket/:name   an object's details
//   /object/list/:bucket                         one folder's files and sub-folders
//   /object/move, /object/copy                   rename or duplicate an object
//   /object/sign/:bucket[/:name]                 signed download URLs (POST), and their downloads (GET ?token=)
//   /object/upload/sign/:bucket/:name            a signed upload URL (POST), and the upload through it (PUT ?token=)
//   DELETE /object/:bucket {prefixes}            remove many
//   /upload/resumable[/sign][/:id]               resumable uploads (TUS, tus.ts)
//   /render/image/{authenticated,public,sign}/:bucket/:name?width=…   image renditions
import type { Core } from "./core.ts";
import { findObject } from "./core.ts";
import * as buckets from "./buckets.ts";
import { json, notFound } from "./errors.ts";
import * as objects from "./objects.ts";
import { render } from "./renditions.ts";
import { send } from "./serving.ts";
import { TUS_PATH, type Tus } from "./tus.ts";
import { signUpload, upload, uploadSigned } from "./uploads.ts";
import { RemoveBody, checkBucket, checkKey, decode, parseBody, readJson, transformFromQuery } from "./validate.ts";

export async function route(core: Core, tus: Tus, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/storage\/v1/, "");
  const method = request.method;
  const read = method === "GET" || method === "HEAD";
  const caller = () => core.auth.caller(request);
  const bucketOf = (part: string | undefined) => checkBucket(decode(part ?? "", "bucket"));
  const nameOf = (part: string | undefined) => decode(part ?? "", "object name");
  let m: RegExpExecArray | null;

  if (path === TUS_PATH || path.startsWith(`${TUS_PATH}/`)) return tus.handle(request, path.slice(TUS_PATH.length));
  if ((m = /^\/render\/image\/(authenticated|public|sign)\/([^/]+)\/(.+)$/.exec(path)) && read) {
    const bucket = bucketOf(m[2]);
    const name = nameOf(m[3]);
    if (m[1] === "sign") {
      const signed = await core.auth.verifySigned(url.searchParams.get("token"), bucket, name);
      const transformations = typeof signed.transformations === "string" ? signed.transformations : "";
      return render(core, request, await findObject(core, null, bucket, name), transformFromQuery(new URLSearchParams(transformations)));
    }
    const row = m[1] === "public" ? await objects.findPublicObject(core, bucket, name) : await findObject(core, await caller(), bucket, name);
    return render(core, request, row, transformFromQuery(url.searchParams));
  }
  if (/^\/bucket\/?$/.test(path)) {
    if (method === "GET") return buckets.listBuckets(core, await caller());
    if (method === "POST") return buckets.createBucket(core, await caller(), await readJson(request));
  }
  if ((m = /^\/bucket\/([^/]+)\/empty$/.exec(path)) && method === "POST") return buckets.emptyBucket(core, await caller(), bucketOf(m[1]));
  if ((m = /^\/bucket\/([^/]+)$/.exec(path))) {
    const id = bucketOf(m[1]);
    if (method === "GET") return buckets.getBucket(core, await caller(), id);
    if (method === "PUT") return buckets.updateBucket(core, await caller(), id, await readJson(request));
    if (method === "DELETE") return buckets.deleteBucket(core, await caller(), id);
  }
  if (path === "/object/move" && method === "POST") return objects.move(core, await caller(), await readJson(request));
  if (path === "/object/copy" && method === "POST") return objects.copy(core, request, await caller(), await readJson(request));
  if ((m = /^\/object\/upload\/sign\/([^/]+)\/(.+)$/.exec(path))) {
    const bucket = bucketOf(m[1]);
    const name = checkKey(nameOf(m[2]));
    if (method === "POST") return signUpload(core, request, await caller(), bucket, name);
    if (method === "PUT") return uploadSigned(core, request, bucket, name);
  }
  if ((m = /^\/object\/list\/([^/]+)$/.exec(path)) && method === "POST") return objects.list(core, await caller(), bucketOf(m[1]), await readJson(request));
  if ((m = /^\/object\/sign\/([^/]+)$/.exec(path)) && method === "POST") return objects.signMany(core, await caller(), bucketOf(m[1]), await readJson(request));
  if ((m = /^\/object\/sign\/([^/]+)\/(.+)$/.exec(path))) {
    const bucket = bucketOf(m[1]);
    const name = nameOf(m[2]);
    if (method === "POST") return objects.sign(core, await caller(), bucket, name, await readJson(request));
    if (read) {
      await core.auth.verifySigned(url.searchParams.get("token"), bucket, name);
      return send(core, request, await findObject(core, null, bucket, name));
    }
  }
  if ((m = /^\/object\/info\/(?:authenticated\/|public\/)?([^/]+)\/(.+)$/.exec(path)) && method === "GET") {
    return objects.info(core, await caller(), bucketOf(m[1]), nameOf(m[2]));
  }
  if ((m = /^\/object\/public\/([^/]+)\/(.+)$/.exec(path)) && read) return send(core, request, await objects.findPublicObject(core, bucketOf(m[1]), nameOf(m[2])));
  if ((m = /^\/object\/authenticated\/([^/]+)\/(.+)$/.exec(path)) && read) {
    const who = await caller();
    return send(core, request, await findObject(core, who, bucketOf(m[1]), nameOf(m[2])));
  }
  if ((m = /^\/object\/([^/]+)$/.exec(path)) && method === "DELETE") {
    const body = parseBody(RemoveBody, await readJson(request));
    return json(200, await objects.removeObjects(core, await caller(), bucketOf(m[1]), body.prefixes));
  }
  if ((m = /^\/object\/([^/]+)\/(.+)$/.exec(path))) {
    const bucket = bucketOf(m[1]);
    const name = nameOf(m[2]);
    if (method === "POST" || method === "PUT") {
      const upsert = method === "PUT" || request.headers.get("x-upsert") === "true";
      return upload(core, request, await caller(), bucket, checkKey(name), upsert);
    }
    if (read) return send(core, request, await findObject(core, await caller(), bucket, name));
    if (method === "DELETE") {
      const removed = await objects.removeObjects(core, await caller(), bucket, [name]);
      if (removed.length === 0) throw notFound();
      return json(200, { message: "Successfully deleted" });
    }
  }
  return json(404, { statusCode: "404", code: "NotFound", error: "Not Found", message: `Route ${method}:${url.pathname} not found` });
}
