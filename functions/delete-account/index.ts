// POST /functions/v1/delete-account — erasure of the caller's account, in the database's three
// steps (sql/98_data_rights.sql): {} → the preview and a confirmation token; {confirm_token} →
// begin (consents withdrawn, files listed), remove the files through the Storage API as the
// caller, finish (pseudonymise what is kept, erase the rest, revoke sessions, delete the user).
// A retry after a failure resumes: each step is idempotent until the account is gone.
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { callerClient, databaseError } from "../_shared/supabase.ts";
import { contract, DeleteBody } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);

function erasureError(error: { code?: string; message: string; hint?: string | null }): Response {
  if (error.code === "PT409") return errorResponse(409, "blocked", error.message);
  if (error.code === "42501") return errorResponse(403, "forbidden", error.message, error.hint ?? undefined);
  if (error.code === "22023") return errorResponse(400, "invalid_body", error.message, error.hint ?? undefined);
  return databaseError(error);
}

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const parsed = await parseBody(request, DeleteBody);
  if (!parsed.ok) return parsed.response;
  const db = callerClient(request, env);

  if (!parsed.value.confirm_token) {
    const preview = await db.rpc("account_erasure_preview");
    return preview.error ? erasureError(preview.error) : json(200, preview.data);
  }
  const token = parsed.value.confirm_token;
  const begun = await db.rpc("begin_account_erasure", { confirm_token: token });
  if (begun.error) return erasureError(begun.error);
  const objects = ((begun.data as { objects: Array<{ bucket: string; name: string }> }).objects) ?? [];
  const byBucket = new Map<string, string[]>();
  for (const o of objects) byBucket.set(o.bucket, [...(byBucket.get(o.bucket) ?? []), o.name]);
  for (const [bucket, names] of byBucket) {
    for (let i = 0; i < names.length; i += 100) {
      const removed = await db.storage.from(bucket).remove(names.slice(i, i + 100));
      if (removed.error) return errorResponse(503, "storage_unavailable", `removing your files failed (${removed.error.message}); call again to resume`);
    }
  }
  const finished = await db.rpc("finish_account_erasure", { confirm_token: token });
  if (finished.error) return erasureError(finished.error);
  const { pseudonym: _pseudonym, ...kept } = finished.data as Record<string, unknown>;
  return json(200, { erased: true, files_removed: objects.length, kept });
});
