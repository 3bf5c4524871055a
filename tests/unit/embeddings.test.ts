// The embedders behind functions/_shared/embeddings: the local one's properties, the
// OpenAI-compatible client against a fake endpoint, Supabase.ai through a stand-in global,
// and the choice by environment.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedLocal, features, LOCAL_MODEL, stem } from "../../functions/_shared/embeddings/local.ts";
import { openAiProvider } from "../../functions/_shared/embeddings/openai.ts";
import { providerFromEnv, EmbeddingError } from "../../functions/_shared/embeddings/index.ts";

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("the local embedder", () => {
  it("is deterministic, 384-dimensional and unit length", () => {
    const v = embedLocal("Theatre actor from Pune");
    expect(v).toHaveLength(384);
    expect(embedLocal("Theatre actor from Pune")).toEqual(v);
    expect(cosine(v, v)).toBeCloseTo(1, 3);
  });

  it("puts Hinglish and English for the same idea closer than unrelated text", () => {
    const role = embedLocal("a girl who dances at every party");
    expect(cosine(role, embedLocal("ladki jo naachti hai"))).toBeGreaterThan(cosine(role, embedLocal("tough police inspector")));
    expect(cosine(embedLocal("street-smart hustler"), embedLocal("tapori full jugaad"))).toBeGreaterThan(0.2);
  });

  it("keeps spelling variants of a romanised name close", () => {
    expect(cosine(embedLocal("Shreya"), embedLocal("Shriya"))).toBeGreaterThan(cosine(embedLocal("Shreya"), embedLocal("Karthik")));
  });

  it("stems lightly and ignores filler words", () => {
    expect(stem("dancing")).toBe("danc");
    expect(stem("dances")).toBe("danc");
    expect([...features("hai aur the").keys()]).toEqual([]);
  });
});

describe("an OpenAI-compatible endpoint", () => {
  let url = "";
  let last: { auth?: string; body?: { model: string; input: string[]; dimensions?: number } } = {};
  let reply: (input: string[]) => { status: number; body: unknown } = (input) => ({
    status: 200,
    body: { data: input.map((_, i) => ({ index: input.length - 1 - i, embedding: new Array(384).fill(i === 0 ? 2 : 1) })).reverse() },
  });
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    last = { auth: req.headers.authorization, body: JSON.parse(raw) };
    const r = reply(last.body!.input);
    res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the model, the texts and 384 dimensions, and returns unit vectors in order", async () => {
    const p = openAiProvider({ baseUrl: url, apiKey: "k", model: "text-embedding-3-small" });
    const vectors = await p.embed(["a", "b"]);
    expect(p.model).toBe("openai/text-embedding-3-small");
    expect(last).toMatchObject({ auth: "Bearer k", body: { model: "text-embedding-3-small", input: ["a", "b"], dimensions: 384 } });
    expect(vectors).toHaveLength(2);
    expect(cosine(vectors[0]!, vectors[0]!)).toBeCloseTo(1, 6);
  });

  it("marks rate limits retryable and wrong dimensions not", async () => {
    const p = openAiProvider({ baseUrl: url, model: "m", maxRetries: 0 });
    reply = () => ({ status: 429, body: { error: "slow down" } });
    await expect(p.embed(["a"])).rejects.toMatchObject({ retryable: true });
    reply = (input) => ({ status: 200, body: { data: input.map((_, index) => ({ index, embedding: [1, 2, 3] })) } });
    await expect(p.embed(["a"])).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/3 dimensions/) });
  });
});

describe("choosing a provider", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];

  it("defaults to local, picks openai when an endpoint is configured, and refuses nonsense", () => {
    expect(providerFromEnv(env({})).model).toBe(LOCAL_MODEL);
    expect(providerFromEnv(env({ EMBEDDING_API_URL: "http://127.0.0.1:1/v1" })).name).toBe("openai");
    expect(() => providerFromEnv(env({ EMBEDDING_PROVIDER: "openai" }))).toThrow(EmbeddingError);
    expect(() => providerFromEnv(env({ EMBEDDING_PROVIDER: "magic" }))).toThrow(/local, openai or supabase/);
    expect(() => providerFromEnv(env({ EMBEDDING_PROVIDER: "supabase" }))).toThrow(/edge runtime/);
  });

  it("uses Supabase.ai gte-small on Supabase's edge runtime", async () => {
    const g = globalThis as { Supabase?: unknown };
    g.Supabase = { ai: { Session: class { run() { return Promise.resolve(new Array(384).fill(0.05)); } } } };
    try {
      const p = providerFromEnv(env({}));
      expect([p.name, p.model]).toEqual(["supabase", "supabase/gte-small"]);
      expect((await p.embed(["x", "y"]))[1]).toHaveLength(384);
    } finally {
      delete g.Supabase;
    }
  });

  it("feeds gte-small, an English-only model, romanised text", async () => {
    const g = globalThis as { Supabase?: unknown };
    const seen: string[] = [];
    g.Supabase = { ai: { Session: class { run(input: string) { seen.push(input); return Promise.resolve(new Array(384).fill(0.05)); } } } };
    try {
      await providerFromEnv(env({})).embed(["मुंबई की नाचती लड़की", "Street-smart"]);
      expect(seen).toEqual(["mumbai ki nachti ladki", "street-smart"]);
    } finally {
      delete g.Supabase;
    }
  });
});

describe("email senders", () => {
  it("posts to a webhook with a bearer token and fails loudly on an error answer", async () => {
    const { webhookSender, senderFromEnv } = await import("../../functions/_shared/email.ts");
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fake = (status: number) => ((url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(new Response(null, { status }));
    }) as unknown as typeof fetch;
    await webhookSender("http://mail.test/send", "t", fake(202)).send({ to: "a@b.c", subject: "Hi", text: "Body" });
    expect(calls[0]!.init.headers).toMatchObject({ authorization: "Bearer t" });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ to: "a@b.c", subject: "Hi", text: "Body" });
    await expect(webhookSender("http://mail.test/send", undefined, fake(500)).send({ to: "a", subject: "s", text: "t" })).rejects.toThrow(/500/);
    expect(senderFromEnv(() => undefined).name).toBe("console");
    expect(() => senderFromEnv((n) => (n === "EMAIL_PROVIDER" ? "webhook" : undefined))).toThrow(/EMAIL_WEBHOOK_URL/);
  });
});
