// POST /functions/v1/deliver-notifications — one batch of notification emails. Claimed emails
// are leased to this run (two runs never send one at once); sent ones are completed, and a
// message the provider refused is handed back to wait its backoff (sql/90_workflow.sql).
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { senderFromEnv } from "../_shared/email.ts";
import { databaseError, isServiceCall, serviceClient } from "../_shared/supabase.ts";
import { contract, DeliverBody } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);

/** A guardian's consent request carries a signed link, minted by the database at claim time and
 *  stored nowhere: it goes into the message here. GUARDIAN_CONSENT_URL points it at an app's own
 *  page instead of the guardian-consent function. */
function withLink(text: string, token: string | null): string {
  if (!token) return text;
  const base = env("GUARDIAN_CONSENT_URL") || `${env("SUPABASE_URL")}/functions/v1/guardian-consent`;
  return text.replaceAll("{{link}}", `${base}?token=${encodeURIComponent(token)}`);
}

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  if (!isServiceCall(request, env)) return errorResponse(403, "forbidden", "only the service role delivers notifications");
  const body = await parseBody(request, DeliverBody);
  if (!body.ok) return body.response;
  let sender;
  try {
    sender = senderFromEnv(env);
  } catch (error) {
    return errorResponse(500, "provider_misconfigured", (error as Error).message);
  }
  const db = serviceClient(env);
  const claimed = await db.rpc("claim_notification_emails", { batch_size: body.value.batch_size });
  if (claimed.error) return databaseError(claimed.error);
  const sent: string[] = [];
  const failed: string[] = [];
  let lastError: string | undefined;
  type Claimed = { id: string; email: string; title: string; body: string | null; link_token: string | null };
  for (const n of (claimed.data ?? []) as Claimed[]) {
    try {
      await sender.send({ to: n.email, subject: n.title, text: withLink(n.body ?? n.title, n.link_token) });
      sent.push(n.id);
    } catch (error) {
      failed.push(n.id);
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
  if (sent.length) {
    const completed = await db.rpc("complete_notification_emails", { ids: sent });
    if (completed.error) return databaseError(completed.error);
  }
  if (failed.length) {
    const released = await db.rpc("release_notification_emails", { ids: failed, error: lastError });
    if (released.error) return databaseError(released.error);
  }
  return json(200, { provider: sender.name, sent: sent.length, failed: failed.length });
});
