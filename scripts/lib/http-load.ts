// HTTP load in a process of its own (autocannon's engine), so the load generator never shares an
// event loop with the benchmark's bookkeeping. Reads one JSON LoadSpec on stdin and prints one
// JSON LoadResult. Requests rotate through `requests` (each request takes the next entry, across
// all connections), so every submission can carry its own talent and token.
//
//   echo '{"origin":"http://127.0.0.1:54321","connections":8,"seconds":5,"requests":[…]}' | node --import tsx scripts/lib/http-load.ts
import { createRequire } from "node:module";
import { percentile } from "./bench.ts";
import { runJsonChild, serveJsonChild } from "./json-child.ts";

export type LoadRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
export type LoadSpec = {
  origin: string;
  connections: number;
  seconds: number;
  /** Untimed seconds first, same requests (caches, pools, JIT). */
  warmupSeconds?: number;
  requests: LoadRequest[];
};
export type LoadResult = {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers other than 2xx, by status. */
  non2xx: Record<string, number>;
  /** CPU milliseconds the load generator itself used. */
  generatorCpuMs: number;
};

type Instance = NodeJS.EventEmitter & { stop(): void };
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: Record<string, unknown>) => void) => Instance;

function run(spec: LoadSpec, seconds: number, record: boolean): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  let next = 0;
  const list = spec.requests;
  const latencies: number[] = [];
  const non2xx: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: seconds,
        timeout: 30,
        requests: [{
          setupRequest: (req: Record<string, unknown>) => {
            const r = list[next++ % list.length]!;
            return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
          },
        }],
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = Number(result.duration) || (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        resolve({
          requests: latencies.length,
          rps: latencies.length / elapsed,
          p50: percentile(latencies, 0.5),
          p95: percentile(latencies, 0.95),
          p99: percentile(latencies, 0.99),
          max: latencies.at(-1) ?? NaN,
          errors: Number(result.errors ?? 0) + Number(result.timeouts ?? 0),
          non2xx,
          generatorCpuMs: (() => { const used = process.cpuUsage(cpu); return Math.round((used.user + used.system) / 1000); })(),
        });
      },
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (!record) return;
      latencies.push(ms);
      if (status < 200 || status > 299) non2xx[status] = (non2xx[status] ?? 0) + 1;
    });
  });
}

export async function httpLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds) await run(spec, spec.warmupSeconds, false);
  return run(spec, spec.seconds, true);
}

/** Runs the load in a child process (its own event loop and core share, as real clients). */
export function httpLoadInChild(spec: LoadSpec): Promise<LoadResult> {
  return runJsonChild<LoadResult>(import.meta.url, spec, { label: "the load generator" });
}

await serveJsonChild(import.meta.url, httpLoad);
