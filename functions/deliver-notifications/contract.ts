import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const DeliverBody = z.object({
  batch_size: z.number().int().min(1).max(500).default(50),
}).strict();

export const contract = defineContract({
  name: "deliver-notifications",
  description: "Emails notifications not yet emailed through the configured provider. Service role only (cron).",
  operations: {
    POST: {
      summary: "Send one batch of notification emails",
      body: DeliverBody,
      responses: {
        200: { description: "What was sent", schema: z.object({ provider: z.string(), sent: z.number().int(), failed: z.number().int() }) },
        400: { description: "Invalid body", schema: ErrorBody },
        403: { description: "Not called with the service key", schema: ErrorBody },
      },
    },
  },
});
