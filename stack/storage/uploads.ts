// Uploads in one request: POST/PUT /object/:bucket/:name (multipart, as storage-js sends a File,
// or raw bytes), and signed upload URLs (POST /object/upload/sign/… makes one, PUT uploads through
// it without a session). Resumable uploads are in tus.ts; all of them end in core.commitObject.
import { Readable } from "node:stream";
import busboy from "busboy";
import { StorageAuth } from "./auth.ts";
import {
  bucketConfig, checkType, commitObject, normaliseType, probeWrite, sizeLimit, tooLarge, type Core,
} from "./core.ts";
import type { Caller } from "./db.ts";
import { invalid, json } from "./errors.ts";
import { TooLarge, type Received } from "./files.ts";
import { checkContent } from "./sniff.ts";
import { drain, parseMetadata } from "./validate.ts";

type Incoming = {
  body: AsyncIterable<Uint8Array>;
  mimetype: string;
  cacheControl: string | null;
  userMetadata: Record<string, unknown> | null;
  /** Settles when the whole request body has been read (multipart: parsed). */
  done: Promise<void>;
};

/** How long a signed upload URL is valid (Supabase: 2 hours). */
export const SIGNED_UPLOAD_SECONDS = 2 * 60 * 60;

function incoming(request: Request): Promise<Incoming> {
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
  const userMetadata = encoded ? parseMetadata(Buffer.from(encoded, "base64").toString("utf8")) : null;
  return Promise.resolve({
    body: body ?? (async function* () {})(),
    mimetype: type || "application/octet-stream",
    cacheControl: request.headers.get("cache-control"),
    userMetadata,
    done: Promise.resolve(),
  });
}

async function drainIncoming(incoming: Incoming): Promise<void> {
  await drain(incoming.body);
  await incoming.done.catch(() => {});
}

/** One upload request's bytes into a new object: checked, streamed to disk, sniffed, committed. */
export async function upload(core: Core, request: Request, caller: Caller, bucketId: string, name: string, upsert: boolean): Promise<Response> {
  const bucket = await bucketConfig(core, bucketId);
  const limit = sizeLimit(core, bucket);
  const input = await incoming(request);
  const mimetype = normaliseType(input.mimetype);
  let received: Received | null = null;
  try {
    checkType(bucket, mimetype);
    await probeWrite(core, caller, bucketId, name, upsert, mimetype);
    try {
      received = await core.files.receive(input.body, limit);
    } catch (error) {
      if (error instanceof TooLarge) throw tooLarge(bucket, limit);
      throw invalid(`the upload was interrupted: ${(error as Error).message}`);
    }
    await input.done;
    await checkContent(received.tmp, mimetype);
  } catch (error) {
    const partial = received as Received | null;
    if (partial) await core.files.discard(partial.tmp);
    await drainIncoming(input);
    throw error;
  }
  const got = received as unknown as Received;
  const row = await commitObject(core, caller, {
    bucketId, name, upsert, file: got.tmp, size: got.size, md5: got.md5, mimetype,
    cacheControl: input.cacheControl, userMetadata: input.userMetadata,
  });
  return json(200, { Id: row.id, Key: `${bucketId}/${name}` });
}

/** POST /object/upload/sign/:bucket/:name: the caller may write there now, so a token may later. */
export async function signUpload(core: Core, request: Request, caller: Caller, bucketId: string, name: string): Promise<Response> {
  await bucketConfig(core, bucketId);
  const upsert = request.headers.get("x-upsert") === "true";
  await probeWrite(core, caller, bucketId, name, upsert, "application/octet-stream");
  const token = await core.auth.sign({ url: `${bucketId}/${name}`, owner: caller.sub ?? undefined, upsert }, SIGNED_UPLOAD_SECONDS);
  const path = new URL(request.url).pathname.replace(/^\/storage\/v1/, "");
  return json(200, { url: `${path}?token=${token}` });
}

/** PUT /object/upload/sign/:bucket/:name?token=…: an upload without a session, as the signer. */
export async function uploadSigned(core: Core, request: Request, bucketId: string, name: string): Promise<Response> {
  const grant = await core.auth.verifyUpload(new URL(request.url).searchParams.get("token"), bucketId, name);
  return upload(core, request, StorageAuth.grantCaller(grant), bucketId, name, grant.upsert);
}
