// A benchmark's helper process: a module run as its own Node process (its own event loop and
// share of the cores, as real clients have), given one JSON value on stdin and answering one
// JSON value, the last line of its stdout. The load generator (http-load.ts) and the direct-SQL
// control (sql-control.ts) run this way.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export type JsonChildOptions = {
  /** What the child does, for the error message ("the load generator"). */
  label: string;
  /** "inherit" shows the child's stderr as it runs; "capture" keeps it for the error message. */
  stderr?: "inherit" | "capture";
};

const FAILED = "json-child failed: ";

/** Runs the module at `moduleUrl` (its import.meta.url) with `input` on stdin; resolves to the JSON it prints last. */
export function runJsonChild<T>(moduleUrl: string, input: unknown, options: JsonChildOptions): Promise<T> {
  const capture = options.stderr === "capture";
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(moduleUrl)], {
      stdio: ["pipe", "pipe", capture ? "pipe" : "inherit"],
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) {
        try {
          return resolve(JSON.parse(line) as T);
        } catch {
          // falls through to the error below
        }
      }
      // a failed serveJsonChild says why on its last line; otherwise the last lines that are
      // not Node 20's deprecation warnings
      const lines = err.trim().split("\n").filter((l) => l && !/deprecated/i.test(l));
      const said = lines.filter((l) => l.startsWith(FAILED)).pop();
      const why = said ? said.slice(FAILED.length) : lines.slice(-5).join(" | ");
      reject(new Error(`${options.label} failed (${signal ? `signal ${signal}` : `exit ${code}`})${why ? `: ${why}` : ""}`));
    });
    child.stdin!.end(JSON.stringify(input));
  });
}

/**
 * The child's side: when the module at `moduleUrl` is the process's entry point, reads the JSON
 * input from stdin, runs `fn` and prints its JSON answer as one line, then exits (the work may
 * leave handles open). Does nothing when the module is imported.
 */
export async function serveJsonChild<I, O>(moduleUrl: string, fn: (input: I) => Promise<O>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  let result: O;
  try {
    result = await fn(JSON.parse(input) as I);
  } catch (error) {
    process.stderr.write(`${(error as Error)?.stack ?? error}\n${FAILED}${(error as Error)?.message ?? error}\n`, () => process.exit(1));
    return;
  }
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0));
}
