// POST /functions/v1/submit — a submission with eligibility checking and idempotent retries; the
// answer says what the submission shares with the role's casting team (private.submission_sharing).
// The checks and the insert run in one transaction in public.submit_to_role, as the caller.
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { callerClient, databaseError } from "../_shared/supabase.ts";
import { contract, IdempotencyKey, SubmitBody } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const header = request.headers.get("idempotency-key");
  const key = header === null ? null : IdempotencyKey.safeParse(header);
  if (key && !key.success) {
    return errorResponse(400, "invalid_header", `Idempotency-Key: ${key.error.issues[0]!.message}`, "Idempotency-Key");
  }
  const parsed = await parseBody(request, SubmitBody);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const { data, error } = await callerClient(request, env).rpc("submit_to_role", {
    casting_role_id: body.casting_role_id,
    talent_id: body.talent_id,
    cover_note: body.cover_note ?? null,
    media_ids: body.media_ids,
    idempotency_key: key?.data ?? null,
  });
  if (error) {
    if (error.code === "23505") return errorResponse(409, "already_submitted", "this talent already submitted to this role");
    return databaseError(error);
  }
  const result = (typeof data === "string" ? JSON.parse(data) : data) as { submission: unknown; sharing: unknown; replayed: boolean };
  const answer = { submission: result.submission, sharing: result.sharing };
  return json(result.replayed ? 200 : 201, answer, result.replayed ? { "Idempotency-Replayed": "true" } : {});
});
