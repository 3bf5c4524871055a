// GET /functions/v1/health — liveness of the edge runtime (no JWT needed, see config.toml).
import { preflight } from "../_shared/cors.ts";
import { checkMethod, json } from "../_shared/http.ts";
import { contract } from "./contract.ts";

Deno.serve((request) => {
  return preflight(request) ?? checkMethod(request, contract) ?? json(200, { status: "ok", runtime: `deno ${Deno.version.deno}` });
});
