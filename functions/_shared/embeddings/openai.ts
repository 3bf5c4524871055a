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
  /** At most this many texts per request (OpenAI takes 2,048; self-hosted servers often fewer); default 96. */
  maxBatch?: number;
  /** Retries of a request that failed retryably (unreachable, 408, 429, 5xx); default 3. */
  maxRetries?: number;
  /** Waits before a retry: Retry-After when the server sends it, else 0.5, 1, 2… s. Injected by tests. */
  sleep?: (ms: number) => Promise<void>;
};

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

export function openAiProvider(options: OpenAiOptions): EmbeddingProvider {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
  const doFetch = options.fetch ?? fetch;
  return {
    name: "openai",
    model: `openai/${options.model}`,
    dimensions: DIMENSIONS,
    async embed(texts) {
      // one request per batch, in order: the worker's batch may exceed what a server takes at once
      const size = Math.max(1, options.maxBatch ?? 96);
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += size) out.push(...(await withRetries(texts.slice(i, i + size))));
      return out;
    },
  };

  async function withRetries(texts: string[]): Promise<number[][]> {
    const retries = options.maxRetries ?? 3;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(texts);
      } catch (error) {
        if (!(error instanceof RetryLater) || attempt >= retries) throw error instanceof RetryLater ? error.cause : error;
        await sleep(error.afterMs ?? 500 * 2 ** attempt);
      }
    }
  }

  async function request(texts: string[]): Promise<number[][]> {
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
      throw new RetryLater(new EmbeddingError(`embeddings endpoint unreachable: ${(error as Error).message}`, true), null);
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      const failure = new EmbeddingError(`embeddings endpoint answered ${response.status}: ${detail}`, RETRYABLE(response.status));
      if (!failure.retryable) throw failure;
      const after = Number(response.headers.get("retry-after"));
      throw new RetryLater(failure, Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : null);
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
  }
}

/** A retryable failure, and how long the server asked us to wait (Retry-After), if it did. */
class RetryLater extends Error {
  constructor(override readonly cause: EmbeddingError, readonly afterMs: number | null) {
    super(cause.message);
  }
}
