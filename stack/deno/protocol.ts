// Messages between the function host (Node, stack/functions.ts), the edge runtime (Deno,
// stack/deno/runtime.ts) and each function's worker (stack/deno/worker.ts). Types only, so
// both Node and Deno can import it.

/** Host -> runtime, one JSON object per line on the runtime's stdin. */
export type FromHost =
  | { op: "boot"; name: string; entry: string; env: Record<string, string> }
  | { op: "stop"; name: string };

/** Runtime -> host, one JSON object per line on stdout, after a record separator (\x1e). */
export type ToHost =
  | { event: "ready"; name: string; port: number; ms: number }
  | { event: "failed"; name: string; reason: string }
  | { event: "exited"; name: string; reason: string }
  | { event: "log"; name: string; line: string };

/** Runtime -> worker, once, right after the worker starts. */
export type WorkerInit = { name: string; entry: string; env: Record<string, string> };

/** Worker -> runtime. */
export type WorkerEvent =
  | { type: "listening"; port: number }
  | { type: "failed"; reason: string }
  | { type: "exit"; code: number }
  | { type: "log"; line: string };
