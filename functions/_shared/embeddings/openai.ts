// Any OpenAI-compatible embeddings endpoint (OpenAI, Azure OpenAI, Together, a local
// text-embeddings-inference or Ollama server…): POST {base}/embeddings. The model must give
// 384 dimensions, natively (gte-small, bge-small, all-MiniLM-L6) or through the `dimensions`
// parameter (text-embedding-3-*).
// Text is sent as written, in whatever script: OpenAI's text-embedding-3-* and open
// multilingual models (multilingual-e5-small, paraphrase-multilingual-MiniLM-L12-v2,
// bge-m3 shortened to 384) embed Hindi, Tamil, Bengali… in their own scripts. English-only
// ones (gte-small, bge-small-en, all-MiniLM-L6) need the romanisation the supabase provider
// applies. Full text gets romanised spelling keys whichever model embeds (search_text).
import { z } from "../deps.ts";
import { EmbeddingError, normalize, type EmbeddingProvider } from "./provider.ts";
import { DIMENSIONS } from "./local.ts";

const EmbeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })),
});

export type OpenAiOptions = {
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  /** Send `dimensions: 384` (models that can shorten their vectors); default true. */
  sendDimensions?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

export function openAiProvider(options: OpenAiOptions): EmbeddingProvider {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
  const doFetch = options.fetch ?? fetch;
  return {
    name: "openai",
    model: `openai/${options.model}`,
    dimensions: DIMENSIONS,
    async embed(texts) {
      if (texts.length === 0) return [];
      let response: Response;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify({
            model: options.model,
            input: texts,
            ...(options.sendDimensions === false ? {} : { dimensions: DIMENSIONS }),
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw new EmbeddingError(`embeddings endpoint unreachable: ${(error as Error).message}`, true);
      }
      if (!response.ok) {
        const detail = (await response.text()).slice(0, 300);
        const retryable = response.status === 429 || response.status >= 500;
        throw new EmbeddingError(`embeddings endpoint answered ${response.status}: ${detail}`, retryable);
      }
      const parsed = EmbeddingsResponse.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new EmbeddingError("embeddings endpoint answered without data[].embedding", false);
      const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      if (vectors.length !== texts.length) {
        throw new EmbeddingError(`asked for ${texts.length} embeddings, got ${vectors.length}`, false);
      }
      const wrong = vectors.find((v) => v.length !== DIMENSIONS);
      if (wrong) throw new EmbeddingError(`model ${options.model} gives ${wrong.length} dimensions; the index needs ${DIMENSIONS}`, false);
      return vectors.map(normalize);
    },
  };
}
