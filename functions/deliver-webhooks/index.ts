// POST /functions/v1/deliver-webhooks — one batch of webhook deliveries (the local scheduler calls
// it every 2 s, as cron would). Each delivery is signed with every current secret of its endpoint
// (Standard Webhooks: "v1,<sig>" per secret, space-separated, so a rotation loses nothing), posted
// with a 10 s timeout, and reported back: 2xx is delivered, anything else waits its backoff.
import { preflight } from "../_shared/cors.ts";
import { Webhook } from "../_shared/deps.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { databaseError, isServiceCall, serviceClient } from "../_shared/supabase.ts";
import { contract, DeliverWebhooksBody } from "./contract.ts";
import { refusal } from "./targets.ts";

const env = (name: string) => Deno.env.get(name);
const TIMEOUT_MS = 10_000;
const PARALLEL = 8;

type Claimed = { id: string; message_id: string; url: string; payload: Record<string, unknown>; secrets: string[] };
type Result = { id: string; ok: boolean; status: number | null; error: string | null };

async function deliver(d: Claimed): Promise<Result> {
  const refused = await refusal(d.url, env);
  if (refused) return { id: d.id, ok: false, status: null, error: refused };
  const body = JSON.stringify(d.payload);
  const sentAt = new Date();
  const signature = d.secrets.map((secret) => new Webhook(secret).sign(d.message_id, sentAt, body)).join(" ");
  try {
    const response = await fetch(d.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "CastMatch-Webhooks/1",
        "webhook-id": d.message_id,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { id: d.id, ok: response.status >= 200 && response.status < 300, status: response.status,
             error: response.ok ? null : `answered ${response.status}` };
  } catch (error) {
    return { id: d.id, ok: false, status: null, error: (error as Error).message };
  }
}

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  if (!isServiceCall(request, env)) return errorResponse(403, "forbidden", "only the service role delivers webhooks");
  const body = await parseBody(request, DeliverWebhooksBody);
  if (!body.ok) return body.response;
  const db = serviceClient(env);
  const claimed = await db.rpc("claim_webhook_deliveries", { batch_size: body.value.batch_size });
  if (claimed.error) return databaseError(claimed.error);
  const due = (claimed.data ?? []) as Claimed[];
  const results: Result[] = [];
  for (let i = 0; i < due.length; i += PARALLEL) results.push(...(await Promise.all(due.slice(i, i + PARALLEL).map(deliver))));
  if (!results.length) return json(200, { claimed: 0, delivered: 0, retrying: 0, dead: 0 });
  const completed = await db.rpc("complete_webhook_deliveries", { results });
  if (completed.error) return databaseError(completed.error);
  return json(200, { claimed: due.length, ...(completed.data as { delivered: number; retrying: number; dead: number }) });
});
