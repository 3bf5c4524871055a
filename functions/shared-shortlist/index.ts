// GET /functions/v1/shared-shortlist?token=… — what a producer or client sees through a
// share link. The token is checked in the database (HMAC, expiry, revocation); this function
// holds the service key only to ask that one question.
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json } from "../_shared/http.ts";
import { databaseError, serviceClient } from "../_shared/supabase.ts";
import { contract, ShareQuery } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const query = ShareQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return errorResponse(400, "invalid_query", `token: ${query.error.issues[0]!.message}`, "token");
  const { data, error } = await serviceClient(env).rpc("shared_shortlist", { token: query.data.token });
  if (error) return databaseError(error);
  if (!data) return errorResponse(404, "not_found", "this share link is unknown, expired or revoked");
  return json(200, data, { "cache-control": "no-store" });
});
