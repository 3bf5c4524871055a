// Small, shared benchmark tools: latency statistics, progress bars and text bar charts.

export type Stats = { n: number; min: number; p50: number; p95: number; p99: number; mean: number; max: number };

export function stats(samples: number[]): Stats {
  if (!samples.length) throw new Error("no samples");
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length, min: round(s[0]!), p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)),
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
