// One edge function inside the edge runtime (stack/deno/runtime.ts), in its own Web Worker.
// Before the function's module loads, this gives it what Supabase's runtime gives a function:
// - its own environment: Deno.env reads and writes a copy made for this function alone;
// - Deno.serve(handler) bound to a private loopback port that the gateway forwards to;
// - console output tagged with the function's name;
// - Deno.exit() ending this function only, never the runtime.
import type { WorkerEvent, WorkerInit } from "./protocol.ts";

// The worker's global scope (typed here, since this file is checked with the window's types).
const scope = self as unknown as {
  postMessage(message: WorkerEvent): void;
  onmessage: ((message: MessageEvent<WorkerInit>) => void) | null;
  close(): void;
};
const post = (event: WorkerEvent) => scope.postMessage(event);
// Messages that arrive while the shared dependencies load are kept, not lost.
const early: WorkerInit[] = [];
scope.onmessage = (message) => void early.push(message.data);
// A spare worker loads the shared dependencies before it knows which function it will be.
for (const url of (Deno.env.get("CASTMATCH_PRELOAD") ?? "").split(",").filter(Boolean)) {
  await import(url).catch(() => {}); // a bad preload only makes this boot slower
}
const init = early.shift() ?? await new Promise<WorkerInit>((resolve) => {
  scope.onmessage = (message) => resolve(message.data);
});
scope.onmessage = null;

// Environment: this function's own variables only.
const own = new Map(Object.entries(init.env));
const env = {
  get: (key: string) => own.get(key),
  set: (key: string, value: string) => void own.set(key, String(value)),
  delete: (key: string) => void own.delete(key),
  has: (key: string) => own.has(key),
  toObject: () => Object.fromEntries(own),
};
Object.defineProperty(Deno, "env", { value: env, configurable: true });

// Logs: one message per call, tagged by the runtime with this function's name.
const format = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : Deno.inspect(a, { colors: false }))).join(" ");
for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
  console[level] = (...args: unknown[]) => post({ type: "log", line: format(args) });
}

// Deno.exit ends this function, not the runtime.
Object.defineProperty(Deno, "exit", {
  value: (code = 0) => {
    post({ type: "exit", code });
    scope.close();
  },
  configurable: true,
});

// Deno.serve: every overload binds 127.0.0.1 on a free port and reports it once listening.
type ServeHandler = (request: Request, info: unknown) => Response | Promise<Response>;
const serve = Deno.serve.bind(Deno) as (options: Record<string, unknown>, handler: ServeHandler) => unknown;
let serving = false;
Object.defineProperty(Deno, "serve", {
  value: (a: unknown, b?: unknown) => {
    const options = (typeof a === "function" ? {} : { ...(a as Record<string, unknown>) }) as Record<string, unknown>;
    const handler = (typeof a === "function" ? a : (b ?? options.handler)) as ServeHandler;
    if (serving) throw new Error("this function already called Deno.serve");
    serving = true;
    delete options.handler;
    return serve(
      {
        ...options,
        hostname: "127.0.0.1",
        port: 0,
        onListen: ({ port }: { port: number }) => post({ type: "listening", port }),
      },
      handler,
    );
  },
  configurable: true,
});

try {
  await import(init.entry);
  if (!serving) post({ type: "failed", reason: "the module loaded but never called Deno.serve(handler)" });
} catch (error) {
  post({ type: "failed", reason: bootFailure(error) });
}

/** One line that names the fix, for the errors a newcomer meets; else the error's first line. */
function bootFailure(error: unknown): string {
  const text = String((error as Error)?.message ?? error).replace(/\x1b\[[0-9;]*m/g, "");
  const missing = /Could not find a matching package for '(npm:[^']+)'/.exec(text);
  if (missing) {
    return `cannot load ${missing[1]}: it is not in node_modules (functions load npm: packages from the project's node_modules, never from the network) — add it to package.json with that exact version and run \`npm install\``;
  }
  const remote = /(?:cached-only|not found in cache)[^]*?((?:https?|jsr):\S+)/i.exec(text) ?? /((?:https?|jsr):[^\s"']+)/.exec(text);
  if (remote && /cache|fetch|remote|import/i.test(text)) {
    return `cannot load ${remote[1]}: functions are never fetched at boot — import it as an npm: specifier listed in package.json and run \`npm install\``;
  }
  return text.split("\n")[0]!.trim();
}
