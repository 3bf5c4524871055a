// talent-search embeds each distinct query text once (functions/_shared/embeddings/query-cache.ts).
import { describe, expect, it } from "vitest";
import type { EmbeddingProvider } from "../../functions/_shared/embeddings/provider.ts";
import { queryEmbedder } from "../../functions/_shared/embeddings/query-cache.ts";

function counting(model: string, fail = false) {
  const calls: string[] = [];
  const provider: EmbeddingProvider = {
    name: "test", model, dimensions: 3,
    async embed(texts) {
      calls.push(...texts);
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error("provider down");
      return texts.map((t) => [t.length, 1, 0]);
    },
  };
  return { provider, calls };
}

describe("query embeddings", () => {
  it("are computed once per text and model, and served from the cache after", async () => {
    const embedQuery = queryEmbedder(10);
    const a = counting("model-a");
    const first = await embedQuery(a.provider, "dancer from Pune");
    const again = await embedQuery(a.provider, "dancer from Pune");
    expect(first).toEqual({ vector: "[16,1,0]", cached: false });
    expect(again).toEqual({ vector: "[16,1,0]", cached: true });
    expect(a.calls).toEqual(["dancer from Pune"]);
    // another text, and the same text for another model, are embedded anew
    await embedQuery(a.provider, "Dancer from Pune");
    const b = counting("model-b");
    expect((await embedQuery(b.provider, "dancer from Pune")).cached).toBe(false);
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(1);
  });

  it("share one provider call between concurrent requests for the same text", async () => {
    const embedQuery = queryEmbedder(10);
    const p = counting("model-c");
    const results = await Promise.all(Array.from({ length: 8 }, () => embedQuery(p.provider, "tall lead, Marathi")));
    expect(p.calls).toEqual(["tall lead, Marathi"]);
    expect(new Set(results.map((r) => r.vector)).size).toBe(1);
  });

  it("keep no failure, and keep at most the configured number of texts", async () => {
    const embedQuery = queryEmbedder(10);
    const small = queryEmbedder(2);
    const none = queryEmbedder(0);
    const down = counting("model-d", true);
    await expect(embedQuery(down.provider, "anything")).rejects.toThrow("provider down");
    await expect(embedQuery(down.provider, "anything")).rejects.toThrow("provider down");
    expect(down.calls).toHaveLength(2);

    const p = counting("model-e");
    for (const t of ["one", "two", "three"]) await small(p.provider, t);
    expect((await small(p.provider, "three")).cached).toBe(true);
    expect((await small(p.provider, "one")).cached).toBe(false); // evicted: least recently used
    // size 0: no cache at all
    const off = counting("model-f");
    await none(off.provider, "same");
    expect((await none(off.provider, "same")).cached).toBe(false);
    expect(off.calls).toHaveLength(2);
  });
});
