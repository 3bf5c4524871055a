import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const EmbedBody = z.object({
  batch_size: z.number().int().min(1).max(500).default(64).describe("jobs claimed per batch"),
  max_batches: z.number().int().min(1).max(1000).default(20).describe("stop after this many batches"),
  time_budget_ms: z.number().int().min(100).max(120_000).default(10_000).describe("stop starting batches after this long"),
}).strict();

export const EmbedResult = z.object({
  provider: z.string().describe("local, openai or supabase"),
  model: z.string().describe("the model the vectors came from, e.g. castmatch-local-hash-v2"),
  claimed: z.number().int(),
  embedded: z.number().int().describe("rows that received a vector"),
  failed: z.number().int().describe("jobs handed back for retry"),
  batches: z.number().int(),
  queued: z.number().int().describe("jobs still waiting (including ones leased by other workers)"),
});

export const contract = defineContract({
  name: "embed",
  description: "Works through the embedding queue: claims jobs, embeds their text, stores the vectors. Service role only (cron, backfill).",
  operations: {
    POST: {
      summary: "Process queued embedding jobs in batches",
      body: EmbedBody,
      responses: {
        200: { description: "What was processed", schema: EmbedResult },
        400: { description: "Invalid body", schema: ErrorBody },
        403: { description: "Not called with the service key", schema: ErrorBody },
        409: { description: "The provider's model differs from the one the index holds", schema: ErrorBody },
        502: { description: "The embedding provider failed", schema: ErrorBody },
      },
    },
  },
});
