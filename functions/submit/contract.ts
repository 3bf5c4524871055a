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

export const contract = defineContract({
  name: "submit",
  description: "Submit a talent to an open role. Send an Idempotency-Key header to make retries safe.",
  operations: {
    POST: {
      summary: "Submit to a role (eligibility checked against the breakdown)",
      body: SubmitBody,
      responses: {
        201: { description: "Submitted", schema: z.object({ submission: Submission }) },
        200: { description: "A retry with the same Idempotency-Key: the first answer again", schema: z.object({ submission: Submission }) },
        400: { description: "Invalid body or Idempotency-Key; the role is closed or past its deadline", schema: ErrorBody },
        403: { description: "Not the talent or their agent", schema: ErrorBody },
        404: { description: "No such role or talent visible to the caller", schema: ErrorBody },
        409: { description: "This talent already submitted to this role", schema: ErrorBody },
        422: { description: "Not eligible (field names the unmet criterion), or the key was used for another request", schema: ErrorBody },
      },
    },
  },
});
