// Search queries, embedded once per distinct text. Casting directors repeat searches (the next
// page, a refresh, one brief typed by a whole team), and an embedding costs a provider round trip
// (locally, CPU). Kept per model and exact text, in the pgvector text form search_talent takes;
// at most QUERY_EMBEDDING_CACHE entries (default 1,000: ~5 MB at 384 dimensions; 0 turns it off).
// Concurrent requests for one text share a single call to the provider; a failed call is not kept.
import { LRUCache } from "../deps.ts";
import { type EmbeddingProvider, toPgVector } from "./provider.ts";

const caches = new Map<number, LRUCache<string, string, EmbeddingProvider>>();

function cacheOf(size: number) {
  let cache = caches.get(size);
  if (!cache) {
    cache = new LRUCache<string, string, EmbeddingProvider>({
      max: size,
      fetchMethod: async (key, _stale, { context }) => {
        const text = key.slice(key.indexOf("\u0000") + 1);
        const [vector] = await context.embed([text]);
        return toPgVector(vector!);
      },
    });
    caches.set(size, cache);
  }
  return cache;
}

/** The query's embedding as pgvector text, and whether it came from the cache. */
export async function embedQuery(provider: EmbeddingProvider, text: string, size = 1000): Promise<{ vector: string; cached: boolean }> {
  if (!Number.isInteger(size) || size < 0) size = 1000;
  if (size === 0) {
    const [vector] = await provider.embed([text]);
    return { vector: toPgVector(vector!), cached: false };
  }
  const cache = cacheOf(size);
  const key = `${provider.model}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return { vector: hit, cached: true };
  const vector = await cache.fetch(key, { context: provider });
  return { vector: vector!, cached: false };
}
