import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const SubmitBody = z.object({
  casting_role_id: z.string().uuid(),
  talent_id: z.string().uuid().describe("the talent submitting: yourself, or a talent your agency represents"),
  cover_note: z.string().trim().max(2000).optional(),
  media_ids: z.array(z.string().uuid()).max(10).default([]).describe("your headshots and reels to show with it"),
}).strict();

export const IdempotencyKey = z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

const Submission = z.object({
  id: z.string().uuid(), casting_role_id: z.string().uuid(), talent_id: z.string().uuid(), status: z.string(),
  cover_note: z.string().nullable(), media_ids: z.array(z.string().uuid()), created_at: z.string(),
});

const Sharing = z.object({
  active: z.boolean().describe("whether the casting team can see what is listed now"),
  with: z.object({
    project: z.string(),
    role: z.string().nullable().describe("null for a confidential project whose NDA you have not accepted"),
    casting_team: z.array(z.object({ name: z.string().nullable(), project_role: z.string() })),
  }).describe("the casting team of the role's project: the only people your submission shares anything with"),
  what: z.object({
    profile: z.string().describe("the parts of your talent profile they see"),
    media_ids: z.array(z.string().uuid()).describe("the media you attached; your other media stay private unless you consent to being shown"),
    contacts: z.string().describe("whether your contact details are shared (only with the contact_sharing consent)"),
  }),
  until: z.string().describe("when the sharing ends: when you withdraw the submission"),
  general_consent: z.boolean().describe("whether you consent to being shown in search, matching and the public board (casting_visibility); a submission never does that"),
}).describe("What this submission shares, and with whom, whatever your general consent says");

export const contract = defineContract({
  name: "submit",
  description: "Submit a talent to an open role. Send an Idempotency-Key header to make retries safe.",
  operations: {
    POST: {
      summary: "Submit to a role (eligibility checked against the breakdown)",
      body: SubmitBody,
      responses: {
        201: { description: "Submitted", schema: z.object({ submission: Submission, sharing: Sharing }) },
        200: { description: "A retry with the same Idempotency-Key: the first answer again", schema: z.object({ submission: Submission, sharing: Sharing }) },
        400: { description: "Invalid body or Idempotency-Key; the role is closed or past its deadline", schema: ErrorBody },
        403: { description: "Not the talent or their agent", schema: ErrorBody },
        404: { description: "No such role or talent visible to the caller", schema: ErrorBody },
        409: { description: "This talent already submitted to this role", schema: ErrorBody },
        422: { description: "Not eligible (field names the unmet criterion), or the key was used for another request", schema: ErrorBody },
      },
    },
  },
});
