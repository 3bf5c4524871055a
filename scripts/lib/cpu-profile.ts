// Reading `node --cpu-prof` profiles: where a process spent its CPU during given time windows,
// by function (self time) and by package. Profile timestamps and process.hrtime() both count
// CLOCK_MONOTONIC microseconds on Linux, so a benchmark can mark its load windows with hrtime.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };
export type Window = { from: number; to: number };
export type ProfileSummary = {
  /** Sampled milliseconds inside the windows, idle excluded. */
  busyMs: number;
  idleMs: number;
  byFunction: Array<{ frame: string; percent: number }>;
  byPackage: Array<{ name: string; percent: number }>;
};

/** Microseconds of CLOCK_MONOTONIC, the profiles' clock. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return "node (built-in JS)";
  if (!url) return "(native: syscalls, GC, V8)";
  return url.includes("/.cache/castmatch/") || url.includes("/stack/") ? "castmatch stack" : "other";
}

/** Summarises every .cpuprofile in `dir` (the main thread and each worker thread) together. */
export function summariseProfiles(dir: string, windows: Window[], top = 25): ProfileSummary {
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const p = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    let t = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      const delta = p.timeDeltas[i] ?? 0;
      t += delta;
      if (!windows.some((w) => t >= w.from && t <= w.to)) continue;
      const cf = byId.get(p.samples[i]!)!.callFrame;
      if (cf.functionName === "(idle)") {
        idle += delta;
        continue;
      }
      busy += delta;
      const where = cf.url ? `${cf.url.replace(/^file:\/\//, "").split("/").slice(-2).join("/")}:${cf.lineNumber + 1}` : "";
      const frame = `${cf.functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
      self.set(frame, (self.get(frame) ?? 0) + delta);
      const pkg = packageOf(cf.url);
      packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
    }
  }
  const rank = <K extends string>(m: Map<string, number>, key: K) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => ({ [key]: k, percent: Math.round((v / Math.max(busy, 1)) * 1000) / 10 }) as Record<K, string> & { percent: number });
  return { busyMs: Math.round(busy / 1000), idleMs: Math.round(idle / 1000), byFunction: rank(self, "frame"), byPackage: rank(packages, "name") };
}
