// POST /functions/v1/embed — drains the embedding queue (service key only). The local stack
// calls it every few seconds; on Supabase, schedule it with pg_cron + pg_net (docs/functions.md).
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { EmbeddingError, providerFromEnv } from "../_shared/embeddings/index.ts";
import { databaseError, isServiceCall, serviceClient } from "../_shared/supabase.ts";
import { contract, EmbedBody } from "./contract.ts";
import { ModelMismatch, runEmbedJobs } from "./worker.ts";

const env = (name: string) => Deno.env.get(name);

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  if (!isServiceCall(request, env)) return errorResponse(403, "forbidden", "only the service role runs the embedding queue");
  const body = await parseBody(request, EmbedBody);
  if (!body.ok) return body.response;
  let provider;
  try {
    provider = providerFromEnv(env);
  } catch (error) {
    return errorResponse(500, "provider_misconfigured", (error as Error).message);
  }
  const db = serviceClient(env);
  try {
    const run = await runEmbedJobs(db, provider, {
      batchSize: body.value.batch_size,
      maxBatches: body.value.max_batches,
      timeBudgetMs: body.value.time_budget_ms,
    });
    const status = await db.rpc("embedding_status");
    if (status.error) return databaseError(status.error);
    const queued = Number((status.data as { queued?: number } | null)?.queued ?? 0);
    return json(200, { provider: provider.name, model: provider.model, ...run, queued });
  } catch (error) {
    if (error instanceof ModelMismatch) return errorResponse(409, "model_mismatch", error.message);
    if (error instanceof EmbeddingError) return errorResponse(502, "provider_failed", error.message);
    return errorResponse(500, "queue_failed", (error as Error).message);
  }
});
