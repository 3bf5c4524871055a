// GET /functions/v1/health — liveness of the edge runtime (no JWT needed, see config.toml), and the
// embedding backlog (public.embedding_status, read with the service key), so that an operator sees a
// re-embed in progress and when search is as good as it will get. The backlog is read at most once
// a second and shared by the calls in between: health is also the gateway's throughput control
// (bench:runtime), which must not turn into a database benchmark. A database that cannot be read
// does not make the runtime unhealthy: the backlog then says why it is unknown.
import { preflight } from "../_shared/cors.ts";
import { checkMethod, json } from "../_shared/http.ts";
import { serviceClient } from "../_shared/supabase.ts";
import { contract, type Embeddings } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);
const BACKLOG_MAX_AGE_MS = 1000;
let backlog: { readAt: number; value: Promise<Embeddings> } | null = null;

async function readBacklog(): Promise<Embeddings> {
  try {
    const { data, error } = await serviceClient(env).rpc("embedding_status");
    if (error) return { error: error.message };
    const status = (typeof data === "string" ? JSON.parse(data) : data) as { model: string; queued: number; failed: number };
    const queued = Number(status.queued);
    return { model: status.model, queued, failed: Number(status.failed), ready: queued === 0 };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function embeddings(): Promise<Embeddings> {
  const now = Date.now();
  if (!backlog || now - backlog.readAt > BACKLOG_MAX_AGE_MS) backlog = { readAt: now, value: readBacklog() };
  return backlog.value;
}

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  return json(200, { status: "ok", runtime: `deno ${Deno.version.deno}`, embeddings: await embeddings() });
});
