// Small, shared benchmark tools: latency statistics, progress bars and text bar charts.

export type Stats = { n: number; min: number; p50: number; p95: number; p99: number; mean: number; max: number };

/**
 * The q-quantile (0 ≤ q ≤ 1) of samples sorted ascending, by the nearest-rank rule: the smallest
 * sample with at least q of all samples at or below it, i.e. sorted[ceil(q · n) − 1] (q = 0 gives
 * the minimum). No interpolation: every figure reported is a latency that was measured, and p99
 * of fewer than 100 samples is the maximum. NaN when there are no samples.
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile: q must be within [0, 1], got ${q}`);
  if (!sorted.length) return NaN;
  // (less a hair: 0.07 × 100 is 7.000000000000001 in floating point, whose ceiling is 8)
  return sorted[Math.max(0, Math.ceil(q * sorted.length - 1e-9) - 1)]!;
}

/** n, min, p50, p95, p99 (nearest rank, see percentile), mean and max of the samples, to 0.001. */
export function stats(samples: readonly number[]): Stats {
  if (!samples.length) throw new Error("no samples");
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length, min: round(s[0]!), p50: round(percentile(s, 0.5)), p95: round(percentile(s, 0.95)), p99: round(percentile(s, 0.99)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length), max: round(s[s.length - 1]!),
  };
}

/** Times `fn` (milliseconds) after `warmup` untimed runs. */
export async function timeIt(fn: () => Promise<unknown>, iterations = 30, warmup = 3): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** A progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise). */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDecile = -1;
  const draw = (done: number) => {
    const frac = total ? done / total : 1;
    const width = 30;
    const bar = "█".repeat(Math.round(frac * width)).padEnd(width, "░");
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    return `${label} ${bar} ${String(Math.round(frac * 100)).padStart(3)} % ${done.toLocaleString("en-IN")}/${total.toLocaleString("en-IN")} ${secs} s`;
  };
  return {
    update(done: number) {
      if (tty) process.stderr.write(`\r${draw(done)}`);
      else {
        const decile = Math.floor((done / Math.max(total, 1)) * 10);
        if (decile !== lastDecile) process.stderr.write(`${draw(done)}\n`);
        lastDecile = decile;
      }
    },
    finish() {
      if (tty) process.stderr.write(`\r${draw(total)}\n`);
      return (Date.now() - started) / 1000;
    },
  };
}

/** Horizontal bars, one per row, scaled to the largest value. */
export function barChart(rows: Array<{ label: string; value: number; note?: string }>, unit: string, width = 40): string {
  const max = Math.max(...rows.map((r) => r.value), Number.EPSILON);
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  return rows
    .map((r) => `${r.label.padEnd(labelWidth)} │${"▇".repeat(Math.max(1, Math.round((r.value / max) * width))).padEnd(width)} ${r.value.toFixed(2)} ${unit}${r.note ? `  ${r.note}` : ""}`)
    .join("\n");
}
