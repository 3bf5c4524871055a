// The queue worker: claim a batch (leased, so a crash hands it back), embed, complete.
// Completing is idempotent — a result for text that changed meanwhile is dropped and the
// newer job stays queued — and a batch whose embedding fails is handed back with backoff.
import { EmbeddingError, type EmbeddingProvider, toPgVector } from "../_shared/embeddings/provider.ts";
import { searchTerms } from "../_shared/romanise.ts";

export type Job = {
  target_table: string; target_id: string; version: number; attempts: number; content: string | null;
  /** the free text whose romanised spelling keys the full-text index reads (search_text) */
  search_source?: string | null;
};

type RpcResult<T> = PromiseLike<{ data: T | null; error: { code?: string; message: string } | null }>;
export type QueueDb = { rpc<T = unknown>(name: string, args?: Record<string, unknown>): RpcResult<T> };

export type RunOptions = { batchSize: number; maxBatches: number; timeBudgetMs: number; leaseSeconds?: number };
export type RunResult = { claimed: number; embedded: number; failed: number; batches: number };

export class ModelMismatch extends Error {}
export class QueueError extends Error {}

export async function runEmbedJobs(db: QueueDb, provider: EmbeddingProvider, options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const result: RunResult = { claimed: 0, embedded: 0, failed: 0, batches: 0 };
  while (result.batches < options.maxBatches && Date.now() - started < options.timeBudgetMs) {
    const claim = await db.rpc<Job[]>("claim_embedding_jobs", {
      batch_size: options.batchSize,
      lease_seconds: options.leaseSeconds ?? 120,
    });
    if (claim.error) throw new QueueError(`claiming jobs failed: ${claim.error.message}`);
    const jobs = claim.data ?? [];
    if (jobs.length === 0) break;
    result.batches++;
    result.claimed += jobs.length;
    // a job whose row was deleted has no content: completing it just removes it
    const texts = jobs.map((j) => j.content ?? "");
    let vectors: number[][];
    try {
      vectors = await provider.embed(texts);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const back = await db.rpc<number>("fail_embedding_jobs", {
        jobs: jobs.map(({ target_table, target_id, version }) => ({ target_table, target_id, version })),
        error: message,
      });
      if (back.error) throw new QueueError(`handing jobs back failed: ${back.error.message}`);
      result.failed += jobs.length;
      if (error instanceof EmbeddingError && !error.retryable) throw error;
      continue;
    }
    const done = await db.rpc<number>("complete_embedding_jobs", {
      model: provider.model,
      results: jobs.map((j, i) => ({
        target_table: j.target_table,
        target_id: j.target_id,
        version: j.version,
        embedding: toPgVector(vectors[i]!),
        // full text across scripts and spellings: PL/pgSQL cannot transliterate, so the worker
        // writes the keys with the vector, whatever the provider (see private.talent_tsv)
        search_text: j.search_source == null ? null : searchTerms(j.search_source),
      })),
    });
    if (done.error) {
      if (done.error.code === "22023") throw new ModelMismatch(done.error.message);
      throw new QueueError(`storing vectors failed: ${done.error.message}`);
    }
    result.embedded += done.data ?? 0;
  }
  return result;
}
