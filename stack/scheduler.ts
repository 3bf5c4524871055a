// The local stand-in for the pg_cron job a Supabase project would use: every few seconds,
// ask the `embed` function to drain the embedding queue. One call at a time; failures are
// logged once per distinct message, not every tick.
import type { FunctionHost } from "./functions.ts";

export type Scheduler = { stop(): Promise<void> };

export function startEmbedScheduler(
  functions: FunctionHost,
  serviceKey: string,
  intervalMs: number,
  log?: (line: string) => void,
): Scheduler {
  let running: Promise<void> | null = null;
  let lastProblem = "";
  const tick = async () => {
    const response = await functions.handle(
      "embed",
      "",
      new Request("http://127.0.0.1/functions/v1/embed", {
        method: "POST",
        headers: { authorization: `Bearer ${serviceKey}`, "content-type": "application/json" },
        body: "{}",
      }),
    );
    const body = (await response.json().catch(() => ({}))) as { embedded?: number; model?: string; message?: string };
    if (response.ok) {
      lastProblem = "";
      if (body.embedded) log?.(`[embed] stored ${body.embedded} vectors (${body.model})`);
    } else {
      const problem = `[embed] ${response.status}: ${body.message ?? "no message"}`;
      if (problem !== lastProblem) log?.(problem);
      lastProblem = problem;
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick().catch((error) => log?.(`[embed] ${(error as Error).message}`)).finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
