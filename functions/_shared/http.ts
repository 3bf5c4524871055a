// Responses and validation shared by every function: JSON everywhere, CORS on every answer,
// 405 for a wrong method, 400 naming the field for a bad body.
import { corsHeaders } from "./cors.ts";
import type { Contract, Method } from "./contract.ts";
import type { z } from "./deps.ts";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, "content-type": "application/json", ...headers },
  });
}

export function errorResponse(status: number, error: string, message: string, field?: string): Response {
  return json(status, field ? { error, message, field } : { error, message });
}

/** 405 with an Allow header listing the contract's methods, or null when the method is allowed. */
export function checkMethod(request: Request, contract: Contract): Response | null {
  const allowed = Object.keys(contract.operations) as Method[];
  if (allowed.includes(request.method as Method)) return null;
  return json(
    405,
    { error: "method_not_allowed", message: `${request.method} is not allowed; use ${allowed.join(" or ")}` },
    { Allow: [...allowed, "OPTIONS"].join(", ") },
  );
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Parses a JSON body with the schema; a failure names the first offending field. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.infer<S>>> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return { ok: false, response: errorResponse(400, "invalid_json", "the request body must be JSON") };
  }
  return validate(schema, raw);
}

/** Validates any decoded input (a form, query parameters) with the schema, as parseBody does. */
export function validate<S extends z.ZodType>(schema: S, raw: unknown, what = "body"): Parsed<z.infer<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join(".") : what;
  return { ok: false, response: errorResponse(400, `invalid_${what}`, `${field}: ${issue.message}`, field) };
}
