// Edge-function host: every function in functions/<name>/index.ts runs in ONE Deno process, the
// edge runtime (stack/deno/runtime.ts), each in its own Web Worker with its own env and crash
// boundary, as Supabase's edge runtime runs them. A function that fails to boot answers 503 with
// the reason; the others keep serving. A function that died is booted again on its next request,
// and so is the runtime itself.
//
// Functions load `npm:` packages from the project's node_modules (`--node-modules-dir=manual`),
// which `npm install` filled with the user's own registry, proxy and CA settings; with
// `--cached-only` nothing is ever fetched when a function boots, so `npm start` works offline.
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { Readable } from "node:stream";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import { paths } from "./config.ts";
import { SetupError } from "./database.ts";
import type { FromHost, ToHost } from "./deno/protocol.ts";

export type FunctionStatus = "starting" | "ready" | "failed" | "stopped";

type Fn = {
  name: string;
  status: FunctionStatus;
  port: number;
  reason: string;
  /** Milliseconds from boot command to listening, for the last boot. */
  bootMs: number | null;
  ready: Promise<void> | null;
  settle: ((error?: Error) => void) | null;
  inflight: number;
  lastUsed: number;
};

export type FunctionHostOptions = {
  names: string[];
  env: Record<string, string>;
  functionsDir?: string;
  /** Prints each function's output, prefixed with its name. */
  log?: ((line: string) => void) | undefined;
  bootTimeoutMs?: number;
  /** Deno's cache folder (compiled code only; nothing is downloaded into it). */
  denoDir?: string;
  /** Where the CA, proxy and registry variables are read from (default: this process's env). */
  hostEnv?: NodeJS.ProcessEnv;
  /** A function unused this long goes back to sleep (its worker ends; the next request boots it
   *  again). 0 keeps every function up. Default: CASTMATCH_FUNCTION_IDLE_MS or 60 s. */
  idleMs?: number;
};

/** The standard variables that name a CA, proxy or registry, passed through to the runtime so
 *  functions' own outbound requests (an embeddings API, an email webhook) work as the user's
 *  other tools do. Deno reads DENO_CERT and NODE_EXTRA_CA_CERTS, but not SSL_CERT_FILE. */
const PASSTHROUGH = [
  "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
  "DENO_CERT", "DENO_TLS_CA_STORE", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
  "NPM_CONFIG_REGISTRY", "npm_config_registry", "TZ", "LANG",
];

export function runtimeEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSTHROUGH) if (source[key]) env[key] = source[key]!;
  // A CA named only the OpenSSL way (SSL_CERT_FILE) reaches Deno as DENO_CERT.
  if (!env.DENO_CERT && !env.NODE_EXTRA_CA_CERTS && env.SSL_CERT_FILE) env.DENO_CERT = env.SSL_CERT_FILE;
  return env;
}

/** The `deno` binary from the pinned npm package. */
export function denoBinary(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve("deno/package.json");
  } catch {
    throw new SetupError("Deno is missing (no `deno` npm package): run `npm install`");
  }
  for (const candidate of [join(pkg, "..", "deno"), join(pkg, "..", "bin", "deno")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new SetupError("Deno is missing (the `deno` npm package has no binary): run `npm install`");
}

const RS = "\x1e";

export class FunctionHost {
  readonly #fns = new Map<string, Fn>();
  readonly #options: Required<Omit<FunctionHostOptions, "log">> & Pick<FunctionHostOptions, "log">;
  readonly #deno: string;
  #runtime: ChildProcess | null = null;
  #stopping = false;

  constructor(options: FunctionHostOptions) {
    this.#options = {
      functionsDir: paths.functions,
      bootTimeoutMs: 60_000,
      denoDir: paths.denoDir,
      hostEnv: process.env,
      idleMs: Number(process.env.CASTMATCH_FUNCTION_IDLE_MS ?? 60_000),
      ...options,
    };
    this.#deno = denoBinary();
    for (const name of options.names) {
      this.#fns.set(name, { name, status: "stopped", port: 0, reason: "", bootMs: null, ready: null, settle: null, inflight: 0, lastUsed: 0 });
    }
    const idleMs = this.#options.idleMs;
    if (idleMs > 0) {
      this.#sweeper = setInterval(() => {
        const now = Date.now();
        for (const f of this.#fns.values()) if (f.status === "ready" && f.inflight === 0 && now - f.lastUsed > idleMs) this.unload(f.name);
      }, Math.min(idleMs, 10_000));
      this.#sweeper.unref();
    }
  }

  readonly #sweeper: NodeJS.Timeout | undefined;

  has(name: string): boolean {
    return this.#fns.has(name);
  }

  /** The edge runtime's process id (one for every function), or null when it is not running. */
  get runtimePid(): number | null {
    return this.#runtime?.pid ?? null;
  }

  /** Each function's state; `port` is its worker's loopback port while it is ready. */
  status(): Record<string, { status: FunctionStatus; reason?: string; bootMs?: number; port?: number }> {
    const out: Record<string, { status: FunctionStatus; reason?: string; bootMs?: number; port?: number }> = {};
    for (const f of this.#fns.values()) {
      out[f.name] = {
        status: f.status,
        ...(f.reason ? { reason: f.reason } : {}),
        ...(f.bootMs != null ? { bootMs: f.bootMs } : {}),
        ...(f.status === "ready" ? { port: f.port } : {}),
      };
    }
    return out;
  }

  /** Boots every function; resolves when each is ready or has failed. */
  async startAll(): Promise<void> {
    await Promise.all([...this.#fns.values()].map((f) => this.#ensure(f).catch(() => {})));
  }

  /** Boots each function once, one at a time, and puts it back to sleep: shows at start-up which
   *  ones fail to load, while the runtime never holds more than one extra isolate. */
  async check(): Promise<void> {
    for (const f of this.#fns.values()) {
      await this.#ensure(f).catch(() => {});
      if (f.status === "ready" && f.inflight === 0) this.unload(f.name);
    }
  }

  /** Stops one function's worker; its next request boots it again (a cold start). */
  unload(name: string): void {
    const f = this.#fns.get(name);
    if (!f || !this.#runtime) return;
    this.#send({ op: "stop", name });
    this.#settle(f, "stopped", new Error("unloaded"));
  }

  /** Forwards a request to the function; the function sees the path `/<name>/<rest>`. */
  async handle(name: string, rest: string, request: Request): Promise<Response> {
    const f = this.#fns.get(name);
    if (!f) return jsonResponse(404, { error: "not_found", message: `no function named "${name}"` });
    f.inflight++;
    try {
      return await this.#forward(f, rest, request);
    } finally {
      f.inflight--;
      f.lastUsed = Date.now();
    }
  }

  async #forward(f: Fn, rest: string, request: Request): Promise<Response> {
    const name = f.name;
    try {
      await this.#ensure(f);
    } catch {
      return jsonResponse(503, { error: "function_unavailable", message: `function "${name}" failed to boot: ${f.reason}` });
    }
    const url = new URL(request.url);
    const path = `/${name}${rest}${url.search}`;
    const length = Number(request.headers.get("content-length") ?? (request.body ? NaN : 0));
    // Small requests (JSON bodies) go over node:http with buffered bodies: fetch's web streams
    // cost ~2 ms of CPU per forwarded request. Large or chunked bodies stream through fetch.
    if (request.method === "GET" || request.method === "HEAD" || length <= BUFFERED_BODY_MAX) {
      const body = request.method === "GET" || request.method === "HEAD" || !request.body ? null : Buffer.from(await request.arrayBuffer());
      return forwardBuffered(f.port, path, request, body).catch((error: Error) => unavailable(f, error));
    }
    const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers, redirect: "manual", body: request.body, duplex: "half" };
    try {
      return await fetch(`http://127.0.0.1:${f.port}${path}`, init);
    } catch (error) {
      return unavailable(f, error as Error);
    }
  }

  #ensure(f: Fn): Promise<void> {
    if (f.status === "ready" || f.status === "starting") return f.ready!;
    f.status = "starting";
    f.reason = "";
    f.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(f, "failed", new Error(`did not listen within ${Math.round(this.#options.bootTimeoutMs / 1000)} s`)), this.#options.bootTimeoutMs);
      timer.unref();
      f.settle = (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
    });
    f.ready.catch(() => {});
    try {
      this.#send({
        op: "boot",
        name: f.name,
        entry: pathToFileURL(join(this.#options.functionsDir, f.name, "index.ts")).href,
        env: { ...this.#options.env, SB_EXECUTION_ID: `${f.name}-${process.pid}` },
      });
    } catch (error) {
      this.#settle(f, "failed", error as Error);
    }
    return f.ready;
  }

  #settle(f: Fn, status: FunctionStatus, error?: Error): void {
    f.status = status;
    if (error && status === "failed") f.reason ||= error.message;
    const settle = f.settle;
    f.settle = null;
    settle?.(error);
  }

  #send(command: FromHost): void {
    const runtime = this.#runtime ?? this.#spawn();
    runtime.stdin!.write(JSON.stringify(command) + "\n");
  }

  #spawn(): ChildProcess {
    const root = paths.root;
    const child = spawn(
      this.#deno,
      [
        "run",
        "--quiet",
        "--no-prompt",
        "--no-config",
        "--cached-only",
        "--node-modules-dir=manual",
        "--unstable-worker-options",
        "--allow-net",
        "--allow-env",
        `--allow-read=${[this.#options.functionsDir, join(root, "node_modules"), join(root, "stack", "deno")].join(",")}`,
        join(root, "stack", "deno", "runtime.ts"),
      ],
      {
        cwd: this.#options.functionsDir,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          ...runtimeEnv(this.#options.hostEnv),
          DENO_DIR: this.#options.denoDir,
          DENO_NO_UPDATE_CHECK: "1",
          NO_COLOR: "1",
          CASTMATCH_FUNCTION_READ: [this.#options.functionsDir, join(root, "node_modules")].join(","),
          CASTMATCH_PRELOAD: this.#preload(),
        },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    this.#runtime = child;
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(RS)) this.#onEvent(JSON.parse(line.slice(1)) as ToHost);
        else if (line.trim()) this.#options.log?.(`[edge-runtime] ${line}`);
      }
    });
    const stderrLines: string[] = [];
    child.stderr!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        stderrLines.push(line);
        if (stderrLines.length > 20) stderrLines.shift();
        this.#options.log?.(`[edge-runtime] ${line}`);
      }
    });
    child.stdin!.on("error", () => {});
    child.once("error", (error) => this.#runtimeGone(child, `could not start deno: ${error.message}`));
    child.once("exit", (code, signal) => {
      const last = stderrLines.slice(-2).join(" | ");
      this.#runtimeGone(child, `the edge runtime ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${last ? `: ${last}` : ""}`);
    });
    return child;
  }

  /** What a spare worker loads ahead: the functions' shared, pinned dependencies. */
  #preload(): string {
    const deps = join(this.#options.functionsDir, "_shared", "deps.ts");
    return existsSync(deps) ? pathToFileURL(deps).href : "";
  }

  #runtimeGone(child: ChildProcess, reason: string): void {
    if (this.#runtime !== child) return;
    this.#runtime = null;
    for (const f of this.#fns.values()) {
      if (f.status === "ready" || f.status === "starting") {
        if (this.#stopping) this.#settle(f, "stopped", new Error("stopped"));
        else {
          f.reason = reason;
          this.#settle(f, "failed", new Error(reason));
        }
      }
    }
  }

  #onEvent(event: ToHost): void {
    const f = this.#fns.get(event.name);
    if (event.event === "log") {
      this.#options.log?.(`[${event.name}] ${event.line}`);
      return;
    }
    if (!f) return;
    if (event.event === "ready") {
      f.port = event.port;
      f.bootMs = event.ms;
      this.#settle(f, "ready");
    } else {
      f.reason = event.event === "exited" ? `exited: ${event.reason}` : event.reason;
      if (event.event === "exited") this.#options.log?.(`[${f.name}] ${f.reason}`);
      this.#settle(f, "failed", new Error(f.reason));
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#sweeper);
    const child = this.#runtime;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.stdin?.end();
    // It exits on end of stdin; a runtime that does not is terminated, then killed.
    const term = setTimeout(() => child.kill("SIGTERM"), 300);
    const kill = setTimeout(() => child.kill("SIGKILL"), 1000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
  }
}

function unavailable(f: Fn, error: Error): Response {
  return jsonResponse(503, {
    error: "function_unavailable",
    message: `function "${f.name}" did not answer: ${f.reason || error.message}`,
  });
}

const BUFFERED_BODY_MAX = 1 << 20;
const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer", "content-length"]);
const NULL_BODY = new Set([101, 204, 205, 304]);
const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });

/** One request to a function's worker, body in hand; a response with a length is read whole
 *  (the gateway then writes it in one go), one without (a stream, server-sent events) streams.
 *  A kept-alive connection the worker closed just before it was reused is retried once on a new
 *  one (the request never reached the function). */
function forwardBuffered(port: number, path: string, request: Request, body: Buffer | null, retried = false): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key)) headers[key] = value;
    });
    if (body) headers["content-length"] = String(body.length);
    const outgoing = httpRequest({ host: "127.0.0.1", port, path, method: request.method, headers, agent: keepAlive }, (incoming) => {
      const status = incoming.statusCode ?? 502;
      const responseHeaders = new Headers();
      for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
        const key = incoming.rawHeaders[i]!;
        if (!HOP_BY_HOP.has(key.toLowerCase()) || key.toLowerCase() === "content-length") responseHeaders.append(key, incoming.rawHeaders[i + 1]!);
      }
      if (NULL_BODY.has(status) || request.method === "HEAD") {
        incoming.resume();
        return resolve(new Response(null, { status, statusText: incoming.statusMessage, headers: responseHeaders }));
      }
      if (incoming.headers["content-length"] === undefined) {
        return resolve(new Response(Readable.toWeb(incoming) as ReadableStream, { status, statusText: incoming.statusMessage, headers: responseHeaders }));
      }
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.once("error", reject);
      incoming.once("end", () => resolve(new Response(new Uint8Array(Buffer.concat(chunks)), { status, statusText: incoming.statusMessage, headers: responseHeaders })));
    });
    outgoing.once("error", (error: NodeJS.ErrnoException) => {
      if (!retried && outgoing.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) {
        resolve(forwardBuffered(port, path, request, body, true));
      } else reject(error);
    });
    outgoing.end(body ?? undefined);
  });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
