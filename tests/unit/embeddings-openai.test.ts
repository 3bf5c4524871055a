// The road to a real multilingual model: the OpenAI-compatible provider against a stub server on
// 127.0.0.1 that checks what OpenAI's embeddings API (and self-hosted servers speaking it:
// text-embeddings-inference, infinity, vLLM, Ollama) expects — the request's shape, batching of a
// worker's texts, and retries of what is worth retrying — configured as docs/matching.md says.
// The embed worker runs through it end to end too.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openAiProvider } from "../../functions/_shared/embeddings/openai.ts";
import { providerFromEnv } from "../../functions/_shared/embeddings/index.ts";
import { runEmbedJobs, type QueueDb } from "../../functions/embed/worker.ts";
import { searchTerms } from "../../functions/_shared/romanise.ts";

type Seen = { method: string; path: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> };
let seen: Seen[] = [];
// what the stub answers next, one entry per request (then 200s)
let script: Array<(res: ServerResponse, req: IncomingMessage) => void> = [];

/** A deterministic 384-d vector per text, so order can be checked. */
const vectorOf = (text: string) => Array.from({ length: 384 }, (_, i) => (i === text.length % 384 ? 1 : 0.001));

const server = createServer(async (req, res) => {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(raw);
  } catch {
    res.writeHead(400).end(JSON.stringify({ error: { message: "body is not JSON" } }));
    return;
  }
  seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
  const next = script.shift();
  if (next) return next(res, req);
  // OpenAI's contract: model and input required; input a non-empty array of strings; at most 2,048
  const input = body.input;
  if (typeof body.model !== "string" || !Array.isArray(input) || input.length === 0 || input.length > 2048 ||
      !input.every((x) => typeof x === "string")) {
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad request" } }));
    return;
  }
  // data in reverse order, as servers may send it: the client must sort by index
  const data = (input as string[]).map((text, index) => ({ object: "embedding", index, embedding: vectorOf(text) })).reverse();
  res.writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
});
let base = "";
const sleeps: number[] = [];
const sleep = async (ms: number) => { sleeps.push(ms); };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  script = [];
  sleeps.length = 0;
});

describe("the request", () => {
  it("is POST {base}/embeddings with the key, the model, the texts as written and 384 dimensions", async () => {
    const p = openAiProvider({ baseUrl: `${base}/`, apiKey: "sk-test", model: "text-embedding-3-small", sleep });
    const texts = ["बंगाली बोलने वाली अभिनेत्री", "Punjabi comedy actor", "ਪੰਜਾਬੀ ਅਦਾਕਾਰਾ"];
    const vectors = await p.embed(texts);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", path: "/v1/embeddings" });
    expect(seen[0]!.headers.authorization).toBe("Bearer sk-test");
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
    // Indic text goes as written: a multilingual model reads the scripts themselves
    expect(seen[0]!.body).toEqual({ model: "text-embedding-3-small", input: texts, dimensions: 384 });
    // in the order asked, unit length, although the server answered in reverse
    expect(vectors.map((v) => v.indexOf(Math.max(...v)))).toEqual(texts.map((t) => t.length % 384));
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 6);
  });

  it("leaves dimensions out for a model that is 384-dimensional already (self-hosted multilingual-e5-small)", async () => {
    const p = providerFromEnv((name) => ({
      EMBEDDING_PROVIDER: "openai", EMBEDDING_API_URL: base, EMBEDDING_MODEL: "intfloat/multilingual-e5-small",
      EMBEDDING_SEND_DIMENSIONS: "false",
    })[name]);
    expect(p.model).toBe("openai/intfloat/multilingual-e5-small");
    await p.embed(["query: तमिल अभिनेता"]);
    expect(seen[0]!.body).toEqual({ model: "intfloat/multilingual-e5-small", input: ["query: तमिल अभिनेता"] });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });
});

describe("batching", () => {
  it("splits a worker's texts into requests of at most maxBatch, in order", async () => {
    const p = openAiProvider({ baseUrl: base, model: "m", maxBatch: 3, sleep });
    const texts = Array.from({ length: 7 }, (_, i) => "x".repeat(i + 1));
    const vectors = await p.embed(texts);
    expect(seen.map((s) => (s.body.input as string[]).length)).toEqual([3, 3, 1]);
    expect(seen.flatMap((s) => s.body.input as string[])).toEqual(texts);
    expect(vectors.map((v) => v.indexOf(Math.max(...v)))).toEqual(texts.map((t) => t.length));
  });

  it("takes EMBEDDING_BATCH_SIZE from the environment and refuses nonsense", () => {
    const env = (vars: Record<string, string>) => (name: string) => ({ EMBEDDING_PROVIDER: "openai", EMBEDDING_API_URL: base, ...vars })[name];
    expect(() => providerFromEnv(env({ EMBEDDING_BATCH_SIZE: "many" }))).toThrow(/EMBEDDING_BATCH_SIZE/);
    expect(() => providerFromEnv(env({ EMBEDDING_MAX_RETRIES: "-1" }))).toThrow(/EMBEDDING_MAX_RETRIES/);
  });

  it("makes no request for no texts", async () => {
    expect(await openAiProvider({ baseUrl: base, model: "m", sleep }).embed([])).toEqual([]);
    expect(seen).toHaveLength(0);
  });
});

describe("retries", () => {
  const status = (code: number, headers: Record<string, string> = {}) => (res: ServerResponse) =>
    res.writeHead(code, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error: { message: `status ${code}` } }));

  it("retries 429 after the server's Retry-After, and 5xx with a growing backoff, then succeeds", async () => {
    script = [status(429, { "retry-after": "2" }), status(503), status(500)];
    const p = openAiProvider({ baseUrl: base, model: "m", sleep });
    const vectors = await p.embed(["a", "bb"]);
    expect(vectors).toHaveLength(2);
    expect(seen).toHaveLength(4);
    expect(sleeps).toEqual([2000, 1000, 2000]);
    // the same batch each time
    expect(new Set(seen.map((s) => JSON.stringify(s.body))).size).toBe(1);
  });

  it("retries a dropped connection", async () => {
    script = [(res) => res.socket!.destroy()];
    const vectors = await openAiProvider({ baseUrl: base, model: "m", sleep }).embed(["a"]);
    expect(vectors).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it("gives up after maxRetries with a retryable error, so the queue backs off and tries later", async () => {
    script = [status(502), status(502), status(502)];
    await expect(openAiProvider({ baseUrl: base, model: "m", maxRetries: 2, sleep }).embed(["a"]))
      .rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/502/) });
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it("never retries what cannot succeed: 400, 401, wrong dimensions", async () => {
    for (const code of [400, 401]) {
      seen = [];
      script = [status(code)];
      await expect(openAiProvider({ baseUrl: base, model: "m", sleep }).embed(["a"])).rejects.toMatchObject({ retryable: false });
      expect(seen).toHaveLength(1);
    }
    seen = [];
    script = [(res) => res.writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ data: [{ index: 0, embedding: new Array(768).fill(0.1) }] }))];
    await expect(openAiProvider({ baseUrl: base, model: "e5-base", sleep }).embed(["a"]))
      .rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/768 dimensions; the index needs 384/) });
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe("the embed worker through it", () => {
  it("embeds a claimed batch in provider-sized requests and completes every job with its vector", async () => {
    const jobs = Array.from({ length: 5 }, (_, i) => ({
      target_table: "talent_profiles", target_id: `00000000-0000-4000-8000-00000000000${i}`, version: 1, attempts: 1,
      content: `Actress, woman. speaks bengali. ${"ক".repeat(i + 1)}`, search_source: "কলকাতা",
    }));
    const completed: Array<{ target_id: string; embedding: string; search_text: string }> = [];
    let claims = 0;
    const db: QueueDb = {
      rpc: (name: string, args?: Record<string, unknown>) => {
        if (name === "claim_embedding_jobs") return Promise.resolve({ data: claims++ === 0 ? jobs : [], error: null }) as never;
        if (name === "complete_embedding_jobs") {
          completed.push(...(args!.results as typeof completed));
          return Promise.resolve({ data: (args!.results as unknown[]).length, error: null }) as never;
        }
        throw new Error(`unexpected rpc ${name}`);
      },
    };
    script = [(res) => res.writeHead(503).end("{}")];
    const provider = openAiProvider({ baseUrl: base, model: "text-embedding-3-small", maxBatch: 2, sleep });
    const run = await runEmbedJobs(db, provider, { batchSize: 64, maxBatches: 5, timeBudgetMs: 10_000 });
    expect(run).toEqual({ claimed: 5, embedded: 5, failed: 0, batches: 1 });
    // one 503 retried, then three requests of at most two texts
    expect(seen.map((s) => (s.body.input as string[]).length)).toEqual([2, 2, 2, 1]);
    expect(completed.map((c) => c.target_id)).toEqual(jobs.map((j) => j.target_id));
    expect(completed.every((c) => JSON.parse(c.embedding).length === 384)).toBe(true);
    expect(completed[0]!.search_text).toBe(searchTerms("কলকাতা"));
  });
});
