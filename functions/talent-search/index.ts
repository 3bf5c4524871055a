// POST /functions/v1/talent-search — free text + filters → ranked talent, under the
// caller's JWT (their RLS decides whom they can find).
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { EmbeddingError, providerFromEnv } from "../_shared/embeddings/index.ts";
import { queryEmbedder } from "../_shared/embeddings/query-cache.ts";
import { callerClient, databaseError } from "../_shared/supabase.ts";
import { contract, SearchBody } from "./contract.ts";
import { decodeCursor, encodeCursor, fingerprint, MAX_PAGE } from "./cursor.ts";
import { searchTalentArgs } from "./search-args.ts";

const env = (name: string) => Deno.env.get(name);
// QUERY_EMBEDDING_CACHE query texts kept (default 1,000: ~5 MB at 384 dimensions; 0 turns it off)
const cacheSize = Number(env("QUERY_EMBEDDING_CACHE") ?? 1000);
const embedQuery = queryEmbedder(Number.isInteger(cacheSize) && cacheSize >= 0 ? cacheSize : 1000);

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const parsed = await parseBody(request, SearchBody);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const search = fingerprint(body);
  const after = body.cursor ? decodeCursor(body.cursor, search) : null;
  if (typeof after === "string") return errorResponse(400, "invalid_body", `cursor: ${after}`, "cursor");

  let provider, vector: string;
  try {
    provider = providerFromEnv(env);
    ({ vector } = await embedQuery(provider, body.query));
  } catch (error) {
    const status = error instanceof EmbeddingError ? 502 : 500;
    return errorResponse(status, "provider_failed", (error as Error).message);
  }
  const { understood, page, args } = searchTalentArgs(body, { vector, model: provider.model }, after);
  const { data, error } = await callerClient(request, env).rpc("search_talent", args);
  if (error) {
    if (error.code === "22023" && /embedded with/.test(error.message)) return errorResponse(409, "model_mismatch", error.message);
    return databaseError(error);
  }
  const results = (data ?? []) as Array<{ talent_id: string; score: number }>;
  const last = results.at(-1);
  const next = results.length === body.limit && last && page < MAX_PAGE
    ? encodeCursor({ score: last.score, id: last.talent_id, page }, search)
    : null;
  return json(200, { provider: provider.name, model: provider.model, understood, results, next_cursor: next });
});
