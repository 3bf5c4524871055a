// Downloads: an object's bytes (or a rendition's) with ETag, conditional GET and byte ranges, as
// video players ask for them; streamed from disk, never read whole.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { Core, ObjectRow } from "./core.ts";
import { CORS, notFound } from "./errors.ts";
import { FileStore } from "./files.ts";

export type Variant = { path: string; mimetype: string; size: number };

export async function send(core: Core, request: Request, row: ObjectRow, variant?: Variant): Promise<Response> {
  const file = variant?.path ?? (row.version && FileStore.isVersion(row.version) ? core.files.pathOf(row.version) : null);
  const size = variant?.size ?? (file ? (await stat(file).catch(() => null))?.size ?? null : null);
  if (!file || size === null) {
    core.log(`storage: ${row.bucket_id}/${row.name} has no file (version ${row.version ?? "none"})`);
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
