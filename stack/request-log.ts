// One log line per request through the gateway (REST, auth, functions, storage and anything else),
// written when the response starts: request id, service, method, route, function, status, latency,
// user and role. The request id is the caller's X-Request-Id when it sends a sane one, else a new
// UUID; it is passed on to REST, auth, storage and functions (X-Request-Id) and returned in the
// response's X-Request-Id, so a client, a function's own logs and the gateway's line can be joined.
// The user comes from the JWT's claims, decoded without verification: it labels the line, it
// never decides anything (the services verify the token themselves).
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import type { Logger } from "./logging.ts";

export type Service = "rest" | "auth" | "functions" | "storage" | "gateway";

export function serviceOf(pathname: string): { service: Service; fn?: string } {
  const fn = /^\/functions\/v1\/([A-Za-z0-9_-]+)/.exec(pathname);
  if (fn) return { service: "functions", fn: fn[1]! };
  if (/^\/rest\/v1(\/|$)/.test(pathname)) return { service: "rest" };
  if (/^\/auth\/v1(\/|$)/.test(pathname)) return { service: "auth" };
  if (/^\/storage\/v1(\/|$)/.test(pathname)) return { service: "storage" };
  return { service: "gateway" };
}

/** Who the request says it is, for the log: the JWT's sub and role, or the key's role. */
export function callerOf(headers: Headers): { user_id?: string; role: string } {
  const token = headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1] ?? headers.get("apikey") ?? "";
  if (token.startsWith("sb_secret_")) return { role: "service_role" };
  if (!token || token.startsWith("sb_publishable_")) return { role: "anon" };
  try {
    const claims = decodeJwt(token);
    return { ...(typeof claims.sub === "string" ? { user_id: claims.sub } : {}), role: String(claims.role ?? "unknown") };
  } catch {
    return { role: "invalid_token" };
  }
}

const SANE_ID = /^[\w.:-]{1,128}$/;

export function withRequestLog(logger: Logger, handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (incoming) => {
    const started = performance.now();
    const given = incoming.headers.get("x-request-id");
    const requestId = given && SANE_ID.test(given) ? given : randomUUID();
    const headers = new Headers(incoming.headers);
    headers.set("x-request-id", requestId);
    // (built field by field: the server's request object is not one Request(input) accepts)
    const init: RequestInit & { duplex?: "half" } = { method: incoming.method, headers, signal: incoming.signal };
    if (incoming.method !== "GET" && incoming.method !== "HEAD" && incoming.body) {
      init.body = incoming.body;
      init.duplex = "half";
    }
    const request = new Request(incoming.url, init);
    const url = new URL(request.url);
    const { service, fn } = serviceOf(url.pathname);
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      logger.error("gateway error", { request_id: requestId, error: (error as Error).message });
      response = Response.json({ error: "internal_error", message: "the gateway failed; see its log", request_id: requestId }, { status: 500 });
    }
    const responseHeaders = new Headers(response.headers);
    responseHeaders.set("x-request-id", requestId);
    const out = new Response(response.body, { status: response.status, statusText: response.statusText, headers: responseHeaders });
    logger.log(out.status >= 500 ? "error" : "info", "request", {
      request_id: requestId,
      service,
      ...(fn ? { function: fn } : {}),
      method: request.method,
      route: url.pathname,
      // parameter names only: PostgREST filters carry values (names, phone numbers) that are nobody's business here
      ...(url.search ? { query: [...new Set(url.searchParams.keys())].join(",") } : {}),
      status: out.status,
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
      ...callerOf(request.headers),
    });
    return out;
  };
}
