// The gateway's one route table: which service a path belongs to, and for /functions/v1 which
// function. The router (stack/server.ts), the rate limiter and the request log all classify a
// request here, so they cannot disagree about what is a function call.
export type Service = "rest" | "auth" | "functions" | "storage" | "gateway";

export type Route =
  /** `path` is the rest of the URL path after the function's name ("" or "/…"). */
  | { service: "functions"; fn: string; path: string }
  /** `path` is the rest of the URL path after `/<service>/v1` ("" or "/…"). */
  | { service: "rest" | "auth" | "storage"; path: string }
  | { service: "gateway"; path: string };

// Supabase function names: letters, digits, "-" and "_".
const FUNCTION = /^\/functions\/v1\/([A-Za-z0-9_-]+)(\/.*)?$/;
const SERVICE = /^\/(rest|auth|storage)\/v1(\/.*)?$/;

export function routeOf(pathname: string): Route {
  const fn = FUNCTION.exec(pathname);
  if (fn) return { service: "functions", fn: fn[1]!, path: fn[2] ?? "" };
  const service = SERVICE.exec(pathname);
  if (service) return { service: service[1] as "rest" | "auth" | "storage", path: service[2] ?? "" };
  return { service: "gateway", path: pathname };
}
