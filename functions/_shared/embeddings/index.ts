// Picks the embedder from the environment:
//   EMBEDDING_PROVIDER=local|openai|supabase   (unset: supabase on Supabase's edge runtime,
//                                               else openai when EMBEDDING_API_URL is set, else local)
//   EMBEDDING_API_URL, EMBEDDING_API_KEY, EMBEDDING_MODEL (default text-embedding-3-small),
//   EMBEDDING_SEND_DIMENSIONS=false (models that are 384-dimensional already and refuse the
//   parameter, e.g. a self-hosted multilingual-e5-small), EMBEDDING_BATCH_SIZE (texts per request,
//   default 96), EMBEDDING_MAX_RETRIES (default 3). See docs/matching.md.
// Multilingual: local (through romanise.ts and its lexicon) and openai with a multilingual
// model (text-embedding-3-*); supabase's gte-small is English-only and is fed romanised text.
export { type EmbeddingProvider, EmbeddingError, toPgVector } from "./provider.ts";
import { EmbeddingError, type EmbeddingProvider } from "./provider.ts";
import { localProvider } from "./local.ts";
import { openAiProvider } from "./openai.ts";
import { supabaseAiAvailable, supabaseProvider } from "./supabase.ts";

export function providerFromEnv(env: (name: string) => string | undefined): EmbeddingProvider {
  const explicit = env("EMBEDDING_PROVIDER");
  const choice = explicit || (supabaseAiAvailable() ? "supabase" : env("EMBEDDING_API_URL") ? "openai" : "local");
  switch (choice) {
    case "local":
      return localProvider;
    case "supabase":
      return supabaseProvider();
    case "openai": {
      const baseUrl = env("EMBEDDING_API_URL");
      if (!baseUrl) throw new EmbeddingError("EMBEDDING_PROVIDER=openai needs EMBEDDING_API_URL", false);
      const count = (name: string, fallback: number) => {
        const value = Number(env(name) ?? fallback);
        if (!Number.isInteger(value) || value < 0) throw new EmbeddingError(`${name} must be a whole number`, false);
        return value;
      };
      return openAiProvider({
        baseUrl, apiKey: env("EMBEDDING_API_KEY"), model: env("EMBEDDING_MODEL") || "text-embedding-3-small",
        sendDimensions: env("EMBEDDING_SEND_DIMENSIONS") !== "false",
        maxBatch: Math.max(1, count("EMBEDDING_BATCH_SIZE", 96)), maxRetries: count("EMBEDDING_MAX_RETRIES", 3),
      });
    }
    default:
      throw new EmbeddingError(`EMBEDDING_PROVIDER must be local, openai or supabase, not "${choice}"`, false);
  }
}
