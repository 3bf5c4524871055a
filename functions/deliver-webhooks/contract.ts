import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const DeliverWebhooksBody = z.object({
  batch_size: z.number().int().min(1).max(200).default(20),
}).strict();

export const contract = defineContract({
  name: "deliver-webhooks",
  description: "Sends due webhook deliveries to projects' subscribers, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature v1 HMAC-SHA256); failures are retried with exponential backoff, then dead-lettered. Service role only (cron).",
  operations: {
    POST: {
      summary: "Send one batch of webhook deliveries",
      body: DeliverWebhooksBody,
      responses: {
        200: { description: "What happened to the batch", schema: z.object({ claimed: z.number().int(), delivered: z.number().int(), retrying: z.number().int(), dead: z.number().int() }) },
        403: { description: "Not called with the service key", schema: ErrorBody },
      },
    },
  },
});
