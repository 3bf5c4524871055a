import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

const Token = z.string().regex(/^[0-9a-f-]{36}\.[0-9a-f]{64}$/, "not a consent link token").describe("from the emailed link");
const Purpose = z.enum(["casting_visibility", "contact_sharing"]);
const Language = z.string().regex(/^[a-z]{2,3}$/, "a language code such as mr, hi or en");

export const ConsentQuery = z.object({
  token: Token,
  lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "a language tag such as mr or mr-IN").optional()
    .describe("the language to read in; else Accept-Language, else the one the request was sent in"),
});

export const AnswerBody = z.object({
  token: Token,
  decision: z.enum(["give", "refuse"]),
  purposes: z.array(Purpose).max(2).default([]).describe("what the guardian allows (required when giving)"),
  language: Language.optional().describe("the language the guardian read the notices in (GET's `language`); default: the request's"),
}).strict().refine((a) => a.decision === "refuse" || a.purposes.length > 0, {
  path: ["purposes"], message: "choose at least one purpose to give consent",
});

export const ConsentRequest = z.object({
  talent: z.string().describe("the child's stage name"),
  guardian_name: z.string(),
  requested_by: z.string().describe("the talent, or the talent's agent"),
  expires_at: z.string(),
  language: Language.describe("the language asked for (else the request's); send it back with the answer"),
  purposes: z.array(z.object({
    purpose: Purpose, notice_version: z.number().int(),
    language: Language.describe("the language of `notice`: the one asked for, or en when it has no translation of this version"),
    notice: z.string(),
  })),
});

export const contract = defineContract({
  name: "guardian-consent",
  description: "The page a guardian opens from the emailed link to consent (or not) for a child under 18. No sign-in: the signed, expiring token is the credential. Browsers get HTML and may post the form back; API clients get JSON. Read in English or a language of the Eighth Schedule (lang, or Accept-Language).",
  operations: {
    GET: {
      summary: "What the guardian is asked",
      auth: "none",
      query: ConsentQuery,
      responses: {
        200: { description: "The request (HTML for Accept: text/html)", schema: ConsentRequest },
        400: { description: "token or lang is missing or malformed", schema: ErrorBody },
        404: { description: "Unknown or forged link", schema: ErrorBody },
        409: { description: "Already answered", schema: ErrorBody },
        410: { description: "Expired, or replaced by a newer request", schema: ErrorBody },
      },
    },
    POST: {
      summary: "The guardian's answer (JSON, or the page's form)",
      auth: "none",
      body: AnswerBody,
      responses: {
        200: { description: "Recorded", schema: z.object({ status: z.enum(["given", "refused"]), purposes: z.array(Purpose) }) },
        404: { description: "Unknown or forged link", schema: ErrorBody },
        409: { description: "Already answered", schema: ErrorBody },
        410: { description: "Expired, or replaced by a newer request", schema: ErrorBody },
      },
    },
  },
});
