// Errors as Supabase's Storage API renders them: a JSON body with `statusCode` (the real status,
// as a string), `code`, `error` and `message`. Like the Storage API behind Supabase's gateway,
// the HTTP status of a refusal is 400 and the real one is in the body (storage-js reads both).
import { sqlState } from "./db.ts";

export class StorageError extends Error {
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

export const invalid = (message: string) => new StorageError("400", "InvalidRequest", message, "invalid_request");
export const notFound = () => new StorageError("404", "NoSuchKey", "Object not found", "not_found");
export const noBucket = () => new StorageError("404", "NoSuchBucket", "Bucket not found", "Bucket not found");
export const denied = (message = "new row violates row-level security policy") => new StorageError("403", "AccessDenied", message, "Unauthorized");
export const exists = () => new StorageError("409", "KeyAlreadyExists", "The resource already exists", "Duplicate");

/** What a failed database statement means for the client. */
export function fromDatabase(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const state = sqlState(error);
  const message = (error as Error).message;
  if (state === "42501") return denied(message);
  if (state === "23505") return exists();
  // The project's own rules (triggers, constraints) raise class 22/23 or P0001 with a message for people.
  if (state && (/^2[23]/.test(state) || state === "P0001")) return invalid(message);
  if (state === "57014") return new StorageError("544", "DatabaseTimeout", "The database statement timed out", "DatabaseTimeout", 400);
  return new StorageError("500", "InternalError", "Internal server error", "internal");
}

export const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "content-length, content-range, content-type, etag, last-modified",
};

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...CORS } });
}

export function failure(error: StorageError): Response {
  return json(error.httpStatus, { statusCode: error.statusCode, code: error.code, error: error.error, message: error.message });
}
