// Edge-function host: each function in functions/<name>/index.ts runs in its own Deno
// process (isolation as on Supabase's edge runtime), on a private loopback port. A function
// that fails to boot answers 503 with the reason; the others keep serving. A function whose
// process died is started again on its next request.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, connect } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import { paths } from "./config.ts";
import { SetupError } from "./database.ts";

export type FunctionStatus = "starting" | "ready" | "failed" | "stopped";

type Worker = {
  name: string;
  status: FunctionStatus;
  port: number;
  process: ChildProcess | null;
  ready: Promise<void> | null;
  reason: string;
  output: string[];
};

export type FunctionHostOptions = {
  names: string[];
  env: Record<string, string>;
  functionsDir?: string;
  /** Prints each function's output, prefixed with its name. */
  log?: ((line: string) => void) | undefined;
  bootTimeoutMs?: number;
};

const OUTPUT_LINES_KEPT = 20;

/** The `deno` binary from the pinned npm package. */
export function denoBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("deno/package.json");
  for (const candidate of [join(pkg, "..", "deno"), join(pkg, "..", "bin", "deno")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new SetupError("Deno is missing (the `deno` npm package has no binary): run `npm install`");
}

export class FunctionHost {
  readonly #workers = new Map<string, Worker>();
  readonly #options: Required<Omit<FunctionHostOptions, "log">> & Pick<FunctionHostOptions, "log">;
  #deno: string;
  #stopping = false;

  constructor(options: FunctionHostOptions) {
    this.#options = { functionsDir: paths.functions, bootTimeoutMs: 120_000, ...options };
    this.#deno = denoBinary();
    for (const name of options.names) {
      this.#workers.set(name, {
        name,
        status: "stopped",
        port: 0,
        process: null,
        ready: null,
        reason: "",
        output: [],
      });
    }
  }

  has(name: string): boolean {
    return this.#workers.has(name);
  }

  status(): Record<string, { status: FunctionStatus; reason?: string }> {
    const out: Record<string, { status: FunctionStatus; reason?: string }> = {};
    for (const w of this.#workers.values()) out[w.name] = w.reason ? { status: w.status, reason: w.reason } : { status: w.status };
    return out;
  }

  /** Boots every function in parallel; resolves when each is ready or has failed. */
  async startAll(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => this.#ensure(w).catch(() => {})));
  }

  /** Forwards a request to the function; the function sees the path `/<name>/<rest>`. */
  async handle(name: string, rest: string, request: Request): Promise<Response> {
    const worker = this.#workers.get(name);
    if (!worker) return jsonResponse(404, { error: "not_found", message: `no function named "${name}"` });
    try {
      await this.#ensure(worker);
    } catch {
      return jsonResponse(503, { error: "function_unavailable", message: `function "${name}" failed to boot: ${worker.reason}` });
    }
    const url = new URL(request.url);
    const target = `http://127.0.0.1:${worker.port}/${name}${rest}${url.search}`;
    const init: RequestInit & { duplex?: "half" } = {
      method: request.method,
      headers: request.headers,
      redirect: "manual",
    };
    if (request.method !== "GET" && request.method !== "HEAD" && request.body) {
      init.body = request.body;
      init.duplex = "half";
    }
    try {
      return await fetch(target, init);
    } catch (error) {
      return jsonResponse(503, {
        error: "function_unavailable",
        message: `function "${name}" did not answer: ${worker.reason || (error as Error).message}`,
      });
    }
  }

  #ensure(worker: Worker): Promise<void> {
    if (worker.status === "ready" || worker.status === "starting") return worker.ready!;
    worker.ready = this.#boot(worker);
    worker.ready.catch(() => {});
    return worker.ready;
  }

  async #boot(worker: Worker): Promise<void> {
    worker.status = "starting";
    worker.reason = "";
    worker.output = [];
    worker.port = await freePort();
    const entry = join(this.#options.functionsDir, worker.name, "index.ts");
    const child = spawn(
      this.#deno,
      [
        "run",
        "--quiet",
        "--no-prompt",
        "--node-modules-dir=none",
        "--no-config",
        "--allow-net",
        "--allow-env",
        `--allow-read=${this.#options.functionsDir},${paths.denoDir}`,
        join(paths.root, "stack", "deno", "worker.ts"),
      ],
      {
        cwd: this.#options.functionsDir,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DENO_DIR: paths.denoDir,
          DENO_NO_UPDATE_CHECK: "1",
          NO_COLOR: "1",
          ...this.#options.env,
          DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${worker.port}`,
          CASTMATCH_FUNCTION_ENTRY: pathToFileURL(entry).href,
          SB_EXECUTION_ID: `${worker.name}-${process.pid}`,
        },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    worker.process = child;
    const record = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        worker.output.push(line);
        if (worker.output.length > OUTPUT_LINES_KEPT) worker.output.shift();
        this.#options.log?.(`[${worker.name}] ${line}`);
      }
    };
    child.stdout!.on("data", record);
    child.stderr!.on("data", record);
    const exited = new Promise<never>((_, reject) => {
      child.once("exit", (code, signal) => {
        worker.process = null;
        if (this.#stopping) {
          worker.status = "stopped";
        } else {
          worker.status = "failed";
          const last = worker.output.filter((l) => !l.startsWith("Listening on")).slice(-3).join(" | ");
          worker.reason = `${signal ? `killed by ${signal}` : `exited with code ${code}`}${last ? `: ${last}` : ""}`;
        }
        reject(new Error(worker.reason));
      });
      child.once("error", (error) => {
        worker.status = "failed";
        worker.reason = `could not start deno: ${error.message}`;
        reject(error);
      });
    });
    exited.catch(() => {});
    try {
      await Promise.race([waitForPort(worker.port, this.#options.bootTimeoutMs), exited]);
      worker.status = "ready";
    } catch (error) {
      // The exit handler may already have recorded why the process died.
      if ((worker.status as FunctionStatus) !== "failed") {
        worker.status = "failed";
        worker.reason = (error as Error).message;
      }
      child.kill("SIGKILL");
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const exits: Promise<unknown>[] = [];
    for (const w of this.#workers.values()) {
      const child = w.process;
      if (!child || child.exitCode !== null) continue;
      exits.push(new Promise((resolve) => child.once("exit", resolve)));
      child.stdin?.end();
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 2000).unref();
    }
    await Promise.all(exits);
  }
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

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`did not listen within ${Math.round(timeoutMs / 1000)} s`);
}
