import { defineContract } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const contract = defineContract({
  name: "health",
  description: "Liveness of the edge runtime.",
  operations: {
    GET: {
      summary: "Report that functions are being served",
      auth: "none",
      responses: {
        200: {
          description: "The runtime is up",
          schema: z.object({ status: z.literal("ok"), runtime: z.string().describe("e.g. deno 2.9.6") }),
        },
      },
    },
  },
});
