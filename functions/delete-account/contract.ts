import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const DeleteBody = z.object({
  confirm_token: z.string().regex(/^\d{1,12}\.[0-9a-f]{64}$/, "not a confirmation token").optional()
    .describe("from the first call's answer; absent to ask what would happen"),
}).strict();

const Preview = z.object({
  confirm_token: z.string(),
  expires_at: z.string(),
  blockers: z.array(z.string()).describe("what must be done first (hand over projects or agencies only you own)"),
  will_erase: z.record(z.string(), z.unknown()),
  will_keep_pseudonymised: z.record(z.string(), z.unknown()),
  grace_period: z.string(),
});

export const contract = defineContract({
  name: "delete-account",
  description: "Erase the signed-in person's account (DPDP Act: the right to erasure). Call once without a body to see what will be erased and kept (pseudonymised) and get a confirmation token valid 15 minutes; call again with it to erase: files are removed, personal data erased, booked offers, budget lines, others' notes and the audit log kept under a pseudonym, every session and refresh token revoked and the account deleted. No grace period.",
  operations: {
    POST: {
      summary: "Preview, then confirm, the erasure of my account",
      body: DeleteBody,
      responses: {
        200: { description: "The preview (no confirm_token sent), or the erasure's result", schema: z.union([Preview, z.object({ erased: z.literal(true), files_removed: z.number().int(), kept: z.record(z.string(), z.unknown()) })]) },
        403: { description: "confirm_token was issued to someone else", schema: ErrorBody },
        409: { description: "Something blocks the erasure (message says what); nothing was erased", schema: ErrorBody },
      },
    },
  },
});
