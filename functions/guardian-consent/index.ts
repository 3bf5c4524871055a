// GET  /functions/v1/guardian-consent?token=…[&lang=mr]  what a guardian is asked to allow for a child
// POST /functions/v1/guardian-consent          the guardian's answer {token, decision, purposes, language}
// The guardian reads in their language (DPDP Act s.5(3)): `lang`, else Accept-Language, else the
// language the request was sent in; the answer names the language read, which the consents record.
// The link comes by email (deliver-notifications); the token is checked in the database (HMAC,
// expiry, replaced or answered), which records the answer as consents given by the guardian.
// This function holds the service key only to ask those two questions.
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody, validate } from "../_shared/http.ts";
import { databaseError, serviceClient } from "../_shared/supabase.ts";
import { AnswerBody, ConsentQuery, contract } from "./contract.ts";
import { answerPage, chooseLanguage, type Details, isPageLanguage, requestPage } from "./page.ts";

const env = (name: string) => Deno.env.get(name);

/** The link's own errors (PostgREST passes PTnnn codes through as HTTP nnn). */
function linkError(error: { code?: string; message: string }): Response {
  if (error.code === "PT409") return errorResponse(409, "already_answered", error.message);
  if (error.code === "PT410") return errorResponse(410, "link_gone", error.message);
  return databaseError(error);
}

const wantsHtml = (request: Request) => (request.headers.get("accept") ?? "").includes("text/html");
const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  // the token is in the URL: never send it on as a referrer, never frame the page
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};
const html = (status: number, body: string) => new Response(body, { status, headers: pageHeaders });

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const db = serviceClient(env);

  if (request.method === "GET") {
    const query = validate(ConsentQuery, Object.fromEntries(new URL(request.url).searchParams), "query");
    if (!query.ok) return query.response;
    const asked = chooseLanguage(query.value.lang, request.headers.get("accept-language"));
    const { data, error } = await db.rpc("guardian_consent_details", { token: query.value.token, language: asked });
    if (error) {
      const failed = linkError(error);
      return wantsHtml(request) ? html(failed.status, answerPage(asked ?? "en", null, { status: failed.status, message: error.message })) : failed;
    }
    const details = data as Details;
    const lang = asked ?? (isPageLanguage(details.language) ? details.language : "en");
    return wantsHtml(request) ? html(200, requestPage(details, query.value.token, lang)) : json(200, data, { "cache-control": "no-store" });
  }

  const form = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  let answer;
  if (form) {
    const fields = new URLSearchParams(await request.text());
    answer = validate(AnswerBody, { token: fields.get("token"), decision: fields.get("decision"), purposes: fields.getAll("purposes"),
                                    language: fields.get("language") ?? undefined });
  } else {
    answer = await parseBody(request, AnswerBody);
  }
  if (!answer.ok) return answer.response;
  const { token, decision, purposes, language } = answer.value;
  const { data, error } = await db.rpc("answer_guardian_consent", {
    token,
    give: decision === "give",
    purposes: decision === "give" ? purposes : [],
    evidence: { user_agent: request.headers.get("user-agent"), forwarded_for: request.headers.get("x-forwarded-for"), via: form ? "form" : "api" },
    language: language ?? null,
  });
  const lang = isPageLanguage(language) ? language : "en";
  if (error) {
    const failed = linkError(error);
    return form ? html(failed.status, answerPage(lang, null, { status: failed.status, message: error.message })) : failed;
  }
  return form ? html(200, answerPage(lang, data as { status: string }, null)) : json(200, data);
});
