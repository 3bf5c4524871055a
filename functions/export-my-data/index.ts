// GET /functions/v1/export-my-data — everything CastMatch holds about the caller, as one JSON
// document. Each part is read as the caller (public.export_my_data_part pages through it in the
// database) and written out page by page, so a large export streams in bounded memory. Media rows
// carry a signed URL (one hour). The database rate-limits (public.claim_data_export).
import { corsHeaders, preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse } from "../_shared/http.ts";
import { callerClient, databaseError } from "../_shared/supabase.ts";
import { contract } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);
const PAGE = 500;
const SIGNED_URL_SECONDS = 3600;

type Claim = { user_id: string; exported_at: string; parts: string[]; audience: Record<string, unknown> };
type Row = { k: string; item: Record<string, unknown> };
type Db = ReturnType<typeof callerClient>;

/** Adds a signed download URL to each media row (as the caller: their own files only). */
async function withSignedUrls(db: Db, rows: Row[]): Promise<void> {
  const byBucket = new Map<string, Row[]>();
  for (const row of rows) {
    const bucket = String(row.item.bucket);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), row]);
  }
  for (const [bucket, group] of byBucket) {
    const { data } = await db.storage.from(bucket).createSignedUrls(group.map((r) => String(r.item.storage_path)), SIGNED_URL_SECONDS);
    group.forEach((row, i) => (row.item.signed_url = data?.[i]?.signedUrl ?? null));
  }
}

async function* document(db: Db, claim: Claim): AsyncGenerator<string> {
  let complete = true;
  yield `{"format":"castmatch-export/1","user_id":${JSON.stringify(claim.user_id)},"exported_at":${JSON.stringify(claim.exported_at)},"parts":{`;
  for (const [i, part] of claim.parts.entries()) {
    yield `${i ? "," : ""}${JSON.stringify(part)}:{"who_else_can_see":${JSON.stringify(claim.audience[part] ?? null)},"rows":[`;
    let after: string | null = null;
    let first = true;
    let problem: string | null = null;
    for (;;) {
      const { data, error } = await db.rpc("export_my_data_part", { part, after, page_size: PAGE });
      if (error) {
        problem = error.message;
        break;
      }
      const rows = (data ?? []) as Row[];
      if (part === "talent_media" && rows.length) await withSignedUrls(db, rows);
      for (const row of rows) {
        yield `${first ? "" : ","}${JSON.stringify(row.item)}`;
        first = false;
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.k;
    }
    if (problem) complete = false;
    yield `]${problem ? `,"error":${JSON.stringify(problem)}` : ""}}`;
  }
  yield `},"complete":${complete}}`;
}

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const db = callerClient(request, env);
  const claimed = await db.rpc("claim_data_export");
  if (claimed.error) {
    if (claimed.error.code === "PT429") {
      const response = errorResponse(429, "rate_limited", claimed.error.message);
      response.headers.set("Retry-After", claimed.error.hint ?? "3600");
      return response;
    }
    return databaseError(claimed.error);
  }
  const claim = claimed.data as Claim;
  const encoder = new TextEncoder();
  const chunks = document(db, claim);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      ...corsHeaders,
      "content-type": "application/json",
      "content-disposition": `attachment; filename="castmatch-export-${claim.exported_at.slice(0, 10)}.json"`,
      "cache-control": "no-store",
    },
  });
});
