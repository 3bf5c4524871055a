import { describe, expect, it } from "vitest";
import { barChart, percentile, stats } from "../../scripts/lib/bench.ts";
import { runJsonChild } from "../../scripts/lib/json-child.ts";

const CHILD = new URL("../fixtures/json-child.ts", import.meta.url).href;

describe("benchmark statistics", () => {
  it("takes nearest-rank percentiles: a measured sample, never an interpolation", () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 0.95)).toBe(95);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2); // interpolating would give 2.5
    expect(percentile([1, 2, 3, 4], 0.51)).toBe(3);
    expect(percentile([10, 20, 30], 0.99)).toBe(30); // p99 of fewer than 100 samples is the maximum
    expect(percentile([10, 20, 30], 0)).toBe(10);
    expect(percentile([10, 20, 30], 1)).toBe(30);
    expect(percentile(oneToHundred, 0.07)).toBe(7); // 0.07 × 100 is 7.000000000000001 in floating point
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("summarises samples in any order", () => {
    const s = stats(Array.from({ length: 100 }, (_, i) => 100 - i)); // 1..100, unsorted
    expect(s).toMatchObject({ n: 100, min: 1, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(stats([7])).toMatchObject({ n: 1, min: 7, p50: 7, p95: 7, p99: 7, max: 7, mean: 7 });
    expect(stats([0.12345, 0.2])).toMatchObject({ min: 0.123, p50: 0.123, max: 0.2 });
    expect(() => stats([])).toThrow(/no samples/);
  });

  it("draws bars proportional to the values", () => {
    const chart = barChart([{ label: "a", value: 10 }, { label: "bb", value: 5, note: "half" }], "ms", 20).split("\n");
    expect(chart[0]).toContain("▇".repeat(20));
    expect(chart[1]).toMatch(/│▇{10} {10} 5\.00 ms {2}half$/);
    expect(chart[0]!.indexOf("│")).toBe(chart[1]!.indexOf("│"));
  });
});

describe("a benchmark's child process", () => {
  it("answers the JSON it was given on stdin with the last JSON line it prints", async () => {
    await expect(runJsonChild(CHILD, { n: 21 }, { label: "the doubler" })).resolves.toEqual({ doubled: 42 });
  });

  it("says which child failed and why", async () => {
    await expect(runJsonChild(CHILD, { n: -1 }, { label: "the doubler", stderr: "capture" }))
      .rejects.toThrow(/^the doubler failed \(exit 1\): .*cannot double -1/);
  });

  it("does nothing when its module is only imported", async () => {
    const { served } = await import("../fixtures/json-child.ts");
    await expect(served).resolves.toBeUndefined();
  });
});
