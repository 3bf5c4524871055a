import { describe, expect, it } from "vitest";
import { barChart, stats } from "../../scripts/lib/bench.ts";

describe("benchmark statistics", () => {
  it("takes nearest-rank percentiles of the samples", () => {
    const s = stats(Array.from({ length: 100 }, (_, i) => 100 - i)); // 1..100, unsorted
    expect(s).toMatchObject({ n: 100, min: 1, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(stats([7])).toMatchObject({ p50: 7, p95: 7, p99: 7 });
    expect(() => stats([])).toThrow(/no samples/);
  });

  it("draws bars proportional to the values", () => {
    const chart = barChart([{ label: "a", value: 10 }, { label: "bb", value: 5, note: "half" }], "ms", 20).split("\n");
    expect(chart[0]).toContain("▇".repeat(20));
    expect(chart[1]).toMatch(/│▇{10} {10} 5\.00 ms {2}half$/);
    expect(chart[0]!.indexOf("│")).toBe(chart[1]!.indexOf("│"));
  });
});
