// What the Storage API accepts: bucket names, object keys, sizes, and the JSON bodies of its routes.
import { z } from "zod";
import { StorageError, invalid } from "./errors.ts";

// Supabase Storage accepts these characters in keys and bucket names (ASCII word characters and
// a few marks); refusing the rest here means a path that works locally also works when deployed.
const KEY = /^[\w/!\-.*'() &$@=;:+,?]+$/;
const BUCKET = /^[\w!\-.*'() &$@=;:+,?]{1,100}$/;

export function checkBucket(id: string): string {
  if (!BUCKET.test(id)) throw new StorageError("400", "InvalidBucketName", `Bucket name invalid: ${JSON.stringify(id)}`, "Invalid Input");
  return id;
}

export function checkKey(name: string): string {
  if (!KEY.test(name) || Buffer.byteLength(name) > 1024 || name.startsWith("/") || name.endsWith("/") || name.includes("//")) {
    throw new StorageError("400", "InvalidKey", `Invalid key: ${JSON.stringify(name)} (letters, digits, folders separated by single slashes, and _ ! - . * ' ( ) space & $ @ = ; : + , ?)`);
  }
  return name;
}

export function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`the ${what} in the URL is not valid percent-encoding`);
  }
}

export function parseSize(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$/i.exec(value);
  if (!m) return null;
  const unit = (m[2] ?? "B").toLowerCase();
  const scale = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 }[unit] ?? 1;
  return Math.floor(Number(m[1]) * scale);
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The first issue of a zod error as "field: problem". */
export function bodyError(error: z.ZodError): StorageError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  return invalid(`${field}: ${issue?.message ?? "invalid"}`);
}

export function parseBody<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const body = schema.safeParse(input);
  if (!body.success) throw bodyError(body.error);
  return body.data;
}

export const ListBody = z.object({
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
export const TransformBody = z.object({
  width: z.number().int().min(1).max(2500).optional(),
  height: z.number().int().min(1).max(2500).optional(),
  resize: z.enum(["cover", "contain", "fill"]).optional(),
  quality: z.number().int().min(20).max(100).optional(),
  format: z.enum(["origin"]).optional(),
});
export type Transform = z.infer<typeof TransformBody>;
const ExpiresIn = z.number().int().min(1).max(10 * 365 * 24 * 3600);
export const SignBody = z.object({ expiresIn: ExpiresIn, transform: TransformBody.optional() });
export const SignManyBody = z.object({ expiresIn: ExpiresIn, paths: z.array(z.string().min(1).max(1024)).min(1).max(1000) });
export const RemoveBody = z.object({ prefixes: z.array(z.string().min(1).max(1024)).min(1).max(1000) });
/** POST /object/move and /object/copy, as storage-js sends them. */
export const MoveBody = z.object({
  bucketId: z.string().min(1).max(100),
  sourceKey: z.string().min(1).max(1024),
  destinationKey: z.string().min(1).max(1024),
  destinationBucket: z.string().min(1).max(100).optional(),
  sourceVersionId: z.string().max(100).optional(),
  copyMetadata: z.boolean().optional(),
  metadata: z.object({ cacheControl: z.string().max(200).optional(), mimetype: z.string().max(255).optional() }).passthrough().optional(),
});
export const BucketBody = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  public: z.boolean().optional(),
  file_size_limit: z.union([z.number().int().min(0), z.string(), z.null()]).optional(),
  allowed_mime_types: z.array(z.string().min(1).max(255)).max(100).nullable().optional(),
});

/** Query-string transformation options of the render endpoints. */
export function transformFromQuery(query: URLSearchParams): Transform {
  const int = (name: string) => {
    const value = query.get(name);
    if (value === null || value === "") return undefined;
    if (!/^\d{1,6}$/.test(value)) throw invalid(`${name}: expected a whole number, got ${JSON.stringify(value)}`);
    return Number(value);
  };
  return parseBody(TransformBody, {
    width: int("width"),
    height: int("height"),
    quality: int("quality"),
    resize: query.get("resize") || undefined,
    format: query.get("format") || undefined,
  });
}

export function transformToQuery(t: Transform): string {
  const q = new URLSearchParams();
  for (const key of ["width", "height", "resize", "quality", "format"] as const) if (t[key] !== undefined) q.set(key, String(t[key]));
  return q.toString();
}

export function mimeAllowed(allowed: string[] | null, mimetype: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((a) => {
    const rule = a.toLowerCase();
    return rule === mimetype || (rule.endsWith("/*") && mimetype.startsWith(rule.slice(0, -1)));
  });
}

export function uuidOrNull(value: string | null): string | null {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : null;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** User metadata: a JSON object, or nothing. */
export function parseMetadata(text: string | undefined | null): Record<string, unknown> | null {
  if (text === undefined || text === null || text === "") return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalid("metadata: expected a JSON object");
}

export async function readJson(request: Request, max = 1024 * 1024): Promise<unknown> {
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

export async function drain(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null): Promise<void> {
  if (!body || (body instanceof ReadableStream && body.locked)) return;
  try {
    for await (const _ of body as AsyncIterable<Uint8Array>) void _;
  } catch {
    // the client went away
  }
}
