// Re-embeds a whole database through the running stack's `embed` function, with a progress bar.
//
//   npm run embed:backfill                      rows without a vector (and failed jobs)
//   npm run embed:backfill -- --all             every row
//   npm run embed:backfill -- --model <id>      switch the index to another model first
//                                               (clears every vector; the embed function's
//                                               provider must produce that model)
//
// Targets the stack `npm start` runs, or SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY.
import { parseArgs } from "node:util";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import { readRunning } from "../stack/running.ts";
import { progress } from "./lib/bench.ts";

const { values: args } = parseArgs({
  options: { all: { type: "boolean", default: false }, model: { type: "string" }, "batch-size": { type: "string", default: "200" } },
});

const running = readRunning();
const url = process.env.SUPABASE_URL ?? running?.apiUrl;
const key = process.env.SUPABASE_SERVICE_ROLE_KEY ?? running?.keys.secretKey;
if (!url || !key) {
  console.error("No running stack: start one with `npm start`, or set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY");
  process.exit(1);
}
const db = createClient(url, key, { auth: { persistSession: false }, realtime: { transport: ws as never } });

type Status = { model: string; queued: number; failed: number; last_error: string | null;
                talent_profiles: { rows: number; embedded: number }; casting_roles: { rows: number; embedded: number } };
async function status(): Promise<Status> {
  const { data, error } = await db.rpc("embedding_status");
  if (error) throw new Error(`embedding_status: ${error.message}`);
  return data as Status;
}

if (args.model) {
  const { data, error } = await db.rpc("switch_embedding_model", { model: args.model });
  if (error) throw new Error(`switch_embedding_model: ${error.message}`);
  console.log(`index switched to ${args.model}: ${data} rows queued`);
}
const { data: queuedNow, error } = await db.rpc("enqueue_embeddings", { only_missing: !args.all });
if (error) throw new Error(`enqueue_embeddings: ${error.message}`);
const start = await status();
console.log(`model ${start.model}: ${queuedNow} rows queued, ${start.queued} jobs waiting`);

const bar = progress("embedding", start.queued);
let stalls = 0;
let last = start.queued;
for (;;) {
  const response = await fetch(`${url}/functions/v1/embed`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ batch_size: Number(args["batch-size"]), max_batches: 10, time_budget_ms: 20_000 }),
  });
  const body = (await response.json()) as { message?: string; queued?: number; provider?: string; model?: string };
  if (!response.ok) {
    bar.finish();
    console.error(`embed answered ${response.status}: ${body.message}`);
    process.exit(1);
  }
  const queued = body.queued ?? 0;
  bar.update(Math.max(0, start.queued - queued));
  if (queued === 0) break;
  // jobs leased by another worker, or backing off after a failure: wait rather than spin
  stalls = queued < last ? 0 : stalls + 1;
  last = queued;
  if (stalls > 30) break;
  if (stalls > 0) await new Promise((r) => setTimeout(r, 1000));
}
bar.finish();
const end = await status();
console.log(
  `talent ${end.talent_profiles.embedded}/${end.talent_profiles.rows} and roles ${end.casting_roles.embedded}/${end.casting_roles.rows} ` +
    `embedded with ${end.model}; ${end.queued} waiting, ${end.failed} failed`,
);
if (end.failed > 0 || end.queued > 0) {
  if (end.last_error) console.error(`last error: ${end.last_error}`);
  process.exit(1);
}
