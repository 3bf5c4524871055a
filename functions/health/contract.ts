import { defineContract } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const Embeddings = z.union([
  z.object({
    model: z.string().describe("the embedding model the search index holds"),
    queued: z.number().int().describe("profiles and roles waiting for a vector (a re-embed in progress)"),
    failed: z.number().int().describe("jobs that failed 5 times and wait for an operator (npm run embed:backfill)"),
    ready: z.boolean().describe("true when nothing is queued: search is as good as it will get"),
  }),
  z.object({ error: z.string().describe("why the backlog could not be read (the runtime itself is up)") }),
]);
export type Embeddings = z.infer<typeof Embeddings>;

export const contract = defineContract({
  name: "health",
  description: "Liveness of the edge runtime, and the embedding backlog (read at most once a second).",
  operations: {
    GET: {
      summary: "Report that functions are being served, and how many rows wait for embeddings",
      auth: "none",
      responses: {
        200: {
          description: "The runtime is up",
          schema: z.object({ status: z.literal("ok"), runtime: z.string().describe("e.g. deno 2.9.6"), embeddings: Embeddings }),
        },
      },
    },
  },
});
