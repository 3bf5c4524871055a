// Search queries, embedded once per distinct text. Casting directors repeat searches (the next
// page, a refresh, one brief typed by a whole team), and an embedding costs a provider round trip
// (locally, CPU). Kept per model and exact text, in the pgvector text form search_talent takes,
// at most `size` of them (0: no cache). Concurrent requests for one text share a single call to
// the provider; a failed call is not kept.
import { LRUCache } from "../deps.ts";
import { type EmbeddingProvider, toPgVector } from "./provider.ts";

export type QueryEmbedder = (provider: EmbeddingProvider, text: string) => Promise<{ vector: string; cached: boolean }>;

async function embedOne(provider: EmbeddingProvider, text: string): Promise<string> {
  const [vector] = await provider.embed([text]);
  return toPgVector(vector!);
}

export function queryEmbedder(size: number): QueryEmbedder {
  if (size === 0) return async (provider, text) => ({ vector: await embedOne(provider, text), cached: false });
  const cache = new LRUCache<string, string, { provider: EmbeddingProvider; text: string }>({
    max: size,
    fetchMethod: (_key, _stale, { context }) => embedOne(context.provider, context.text),
  });
  return async (provider, text) => {
    const key = `${provider.model}\u0000${text}`;
    const hit = cache.get(key);
    if (hit !== undefined) return { vector: hit, cached: true };
    return { vector: (await cache.fetch(key, { context: { provider, text } }))!, cached: false };
  };
}
