// The embedding queue drained in-process by the embed function's own worker code
// (functions/embed/worker.ts: claim → embed the documents private.talent_document and
// private.role_document wrote → complete), over SQL as the service role would call it. The
// benchmarks and evaluations embed their corpora this way, so their vectors and search_text are
// what production stores for the same rows.
import type { Database } from "../../stack/database.ts";
import { runEmbedJobs, type QueueDb } from "../../functions/embed/worker.ts";
import type { EmbeddingProvider } from "../../functions/_shared/embeddings/provider.ts";

/** The worker's view of the database, straight over SQL (as the service role would call it). */
export function sqlQueue(db: Database): QueueDb {
  return {
    rpc<T>(name: string, args: Record<string, unknown> = {}) {
      const names = Object.keys(args);
      const call = `select * from public.${name}(${names.map((n, i) => `${n} => $${i + 1}`).join(", ")})`;
      const values = names.map((n) => (typeof args[n] === "object" ? JSON.stringify(args[n]) : args[n]));
      return db.query(call, values).then(
        (rows) => {
          const scalar = rows.length === 1 && Object.keys(rows[0]!).length === 1 && Object.keys(rows[0]!)[0] === name;
          return { data: (scalar ? rows[0]![name] : rows) as T, error: null };
        },
        (error: { code?: string; message: string }) => ({ data: null, error: { code: error.code, message: error.message } }),
      );
    },
  };
}

/** Drains the embedding queue with the given provider; returns the number of vectors stored. */
export async function embedAll(db: Database, provider: EmbeddingProvider, onBatch?: (embedded: number) => void): Promise<number> {
  let total = 0;
  for (;;) {
    const run = await runEmbedJobs(sqlQueue(db), provider, { batchSize: 500, maxBatches: 1, timeBudgetMs: 60_000 });
    if (run.claimed === 0) return total;
    total += run.embedded;
    onBatch?.(total);
  }
}

