// GET /functions/v1/health — liveness of the edge runtime (no JWT needed, see config.toml).
import { corsHeaders, preflight } from "../_shared/cors.ts";

Deno.serve((request) => {
  const early = preflight(request);
  if (early) return early;
  if (request.method !== "GET") {
    return Response.json(
      { error: "method_not_allowed", message: "use GET" },
      { status: 405, headers: { ...corsHeaders, Allow: "GET, OPTIONS" } },
    );
  }
  return Response.json({ status: "ok", runtime: `deno ${Deno.version.deno}` }, { headers: corsHeaders });
});
