// Database access from a function: as the caller (their JWT, so RLS applies), or as the
// service role (only where a function's own check allows it). Postgres errors map to the
// HTTP status a client expects.
import { createClient, type SupabaseClient } from "./deps.ts";
import { errorResponse } from "./http.ts";

export type Env = (name: string) => string | undefined;

function required(env: Env, name: string): string {
  const value = env(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const options = { auth: { persistSession: false, autoRefreshToken: false } };

/** A client that acts as whoever called the function. */
export function callerClient(request: Request, env: Env): SupabaseClient {
  const authorization = request.headers.get("authorization") ?? "";
  return createClient(required(env, "SUPABASE_URL"), required(env, "SUPABASE_ANON_KEY"), {
    ...options,
    global: { headers: { Authorization: authorization } },
  });
}

export function serviceClient(env: Env): SupabaseClient {
  return createClient(required(env, "SUPABASE_URL"), required(env, "SUPABASE_SERVICE_ROLE_KEY"), options);
}

/** True when the request carries the project's service key (what cron and operators send). */
export function isServiceCall(request: Request, env: Env): boolean {
  const token = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  const keys = [env("SUPABASE_SERVICE_ROLE_KEY"), env("SUPABASE_SECRET_KEY")].filter(Boolean);
  return token !== "" && keys.includes(token);
}

type PgError = { code?: string; message: string; details?: string | null; hint?: string | null };

/** The HTTP answer for a database error: raised codes in our SQL map to 4xx, the rest is 500. */
export function databaseError(error: PgError): Response {
  switch (error.code) {
    case "P0002":
    case "PT404":
      return errorResponse(404, "not_found", error.message);
    case "PT422":
      // our SQL names the unmet criterion or field in the hint
      return errorResponse(422, "unprocessable", error.message, error.hint ?? undefined);
    case "42501":
      return errorResponse(403, "forbidden", error.message);
    case "22023":
    case "22P02":
    case "23514":
      return errorResponse(400, "invalid_request", error.message);
    case "23505":
      return errorResponse(409, "conflict", error.message);
    case "PGRST301":
    case "PGRST302":
      return errorResponse(401, "unauthorized", error.message);
    default:
      console.error("database error", error);
      return errorResponse(500, "database_error", error.message);
  }
}
