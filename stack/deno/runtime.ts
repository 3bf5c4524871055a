// The edge runtime: ONE Deno process that runs every function in its own Web Worker (its own V8
// isolate), as Supabase's edge runtime does. Each worker has its own env, its own permissions and
// its own crash boundary: a function that throws at boot or dies at run time is reported and the
// others keep serving. Each function's Deno.serve binds a private loopback port that the gateway
// forwards to directly.
//
// Control channel with the host (stack/functions.ts):
//   stdin  <- one JSON command per line: {"op":"boot","name","entry","env"} | {"op":"stop","name"}
//   stdout -> one event per line, prefixed with RS (\x1e): ready {name, port, ms} | failed {name,
//             reason} | exited {name, reason} | log {name, line}
// End of stdin means the host is gone: the runtime exits, so no Deno process outlives the stack.
//
// Cold starts: one spare worker waits with the shared dependencies (CASTMATCH_PRELOAD: the
// functions' pinned npm packages) already loaded, so booting a function only loads its own files.
// The spare becomes that function's isolate, and a new spare is made once the boot is done.
import type { FromHost, ToHost, WorkerEvent } from "./protocol.ts";

const RS = "\x1e";
const encoder = new TextEncoder();
const workerUrl = new URL("./worker.ts", import.meta.url);
const readRoots = (Deno.env.get("CASTMATCH_FUNCTION_READ") ?? "").split(",").filter(Boolean);
const workers = new Map<string, { worker: Worker; generation: number }>();
let generation = 0;

function emit(event: ToHost): void {
  // One write per event, so lines from several workers never interleave.
  Deno.stdout.writeSync(encoder.encode(RS + JSON.stringify(event) + "\n"));
}

function stop(name: string): void {
  workers.get(name)?.worker.terminate();
  workers.delete(name);
}

function newWorker(): Worker {
  return new Worker(workerUrl, {
    type: "module",
    // What a function may do. The parent process holds no more than this either.
    deno: { permissions: { net: true, env: true, read: readRoots, write: false, run: false, ffi: false, sys: false, import: true } },
  });
}

let spare: Worker | null = null;
let spareTimer: ReturnType<typeof setTimeout> | undefined;
function makeSpareSoon(): void {
  // After the boot that used the last one, so the two do not compete for the CPU.
  clearTimeout(spareTimer);
  spareTimer = setTimeout(() => (spare ??= newWorker()), 200);
}

function boot(name: string, entry: string, env: Record<string, string>): void {
  stop(name);
  const started = performance.now();
  const mine = ++generation;
  const worker = spare ?? newWorker();
  spare = null;
  workers.set(name, { worker, generation: mine });
  const current = () => workers.get(name)?.generation === mine;
  const gone = (reason: string, event: "failed" | "exited") => {
    if (!current()) return;
    if (!ready) makeSpareSoon();
    workers.delete(name);
    worker.terminate();
    emit({ event, name, reason });
  };
  let ready = false;
  worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
    if (!current()) return;
    const data = message.data;
    if (data.type === "log") emit({ event: "log", name, line: data.line });
    else if (data.type === "listening") {
      ready = true;
      emit({ event: "ready", name, port: data.port, ms: Math.round(performance.now() - started) });
      makeSpareSoon();
    } else if (data.type === "failed") gone(data.reason, "failed");
    else if (data.type === "exit") gone(`called Deno.exit(${data.code})`, ready ? "exited" : "failed");
  };
  worker.onerror = (error: ErrorEvent) => {
    // Keep the runtime (and every other function) alive; this function alone goes down.
    error.preventDefault();
    const reason = `uncaught ${String(error.message ?? error).split("\n")[0]}`;
    gone(reason, ready ? "exited" : "failed");
  };
  worker.onmessageerror = () => gone("sent a message the runtime could not read", ready ? "exited" : "failed");
  worker.postMessage({ entry, env, name });
}

function handle(command: FromHost): void {
  if (command.op === "boot") boot(command.name, command.entry, command.env);
  else if (command.op === "stop") stop(command.name);
}

makeSpareSoon();

let buffered = "";
const decoder = new TextDecoder();
for await (const chunk of Deno.stdin.readable) {
  buffered += decoder.decode(chunk, { stream: true });
  let newline: number;
  while ((newline = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, newline).trim();
    buffered = buffered.slice(newline + 1);
    if (!line) continue;
    try {
      handle(JSON.parse(line) as FromHost);
    } catch (error) {
      emit({ event: "log", name: "runtime", line: `bad command: ${(error as Error).message}` });
    }
  }
}
Deno.exit(0);
