// The local stand-in for the pg_cron jobs a Supabase project would use: every few seconds,
// call a service function (`embed` drains the embedding queue, `deliver-notifications` emails
// notifications). One call at a time; failures are logged once per distinct message.
import type { FunctionHost } from "./functions.ts";

export type Scheduler = { stop(): Promise<void> };

export function startScheduler(
  functions: FunctionHost,
  name: string,
  serviceKey: string,
  intervalMs: number,
  log?: (line: string) => void,
): Scheduler {
  let running: Promise<void> | null = null;
  let lastProblem = "";
  const tick = async () => {
    const response = await functions.handle(
      name,
      "",
      new Request(`http://127.0.0.1/functions/v1/${name}`, {
        method: "POST",
        headers: { authorization: `Bearer ${serviceKey}`, "content-type": "application/json" },
        body: "{}",
      }),
    );
    const body = (await response.json().catch(() => ({}))) as { embedded?: number; model?: string; sent?: number; message?: string };
    if (response.ok) {
      lastProblem = "";
      if (body.embedded) log?.(`[embed] stored ${body.embedded} vectors (${body.model})`);
      if (body.sent) log?.(`[deliver-notifications] emailed ${body.sent}`);
    } else {
      const problem = `[${name}] ${response.status}: ${body.message ?? "no message"}`;
      if (problem !== lastProblem) log?.(problem);
      lastProblem = problem;
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick().catch((error) => log?.(`[${name}] ${(error as Error).message}`)).finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
