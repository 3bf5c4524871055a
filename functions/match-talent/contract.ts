import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";
import { TalentMatch } from "../_shared/talent.ts";

const Weight = z.number().min(0).max(10);

export const MatchBody = z.object({
  casting_role_id: z.string().uuid(),
  limit: z.number().int().min(1).max(200).default(20).describe("candidates to return (k), at most 200"),
  weights: z.object({ semantic: Weight.default(1), keyword: Weight.default(0.1), fit: Weight.default(0.1) })
    .strict().default({ semantic: 1, keyword: 0.1, fit: 0.1 })
    .describe("how much each criterion counts in the fused score; 0 turns one off"),
  add_to_shortlist: z.object({
    shortlist_id: z.string().uuid().optional().describe("an existing shortlist of this role; omit to create one"),
    name: z.string().trim().min(1).max(200).optional().describe("name of the new shortlist"),
    top_n: z.number().int().min(1).max(50),
  }).strict().optional().describe("also add the top N candidates to a shortlist"),
}).strict().refine((b) => !b.add_to_shortlist || b.add_to_shortlist.top_n <= b.limit,
  { message: "top_n must not exceed limit", path: ["add_to_shortlist", "top_n"] });
export type MatchBody = z.infer<typeof MatchBody>;

export const MatchResult = z.object({
  model: z.string().describe("the embedding model of the index the role was matched in"),
  results: z.array(TalentMatch),
  shortlist: z.object({ id: z.string().uuid(), created: z.boolean(), added: z.number().int().describe("new items; talent already on it are skipped") })
    .nullable(),
});

export const contract = defineContract({
  name: "match-talent",
  description: "Ranks the talent the caller may see against a role's breakdown, with a per-criterion explanation; optionally shortlists the top N.",
  operations: {
    POST: {
      summary: "Match talent to a casting role",
      body: MatchBody,
      responses: {
        200: { description: "Ranked candidates", schema: MatchResult },
        400: { description: "Invalid body", schema: ErrorBody },
        401: { description: "No valid JWT", schema: ErrorBody },
        403: { description: "Not on the role's casting team", schema: ErrorBody },
        404: { description: "No such role, a role the caller cannot see, or a shortlist of another role", schema: ErrorBody },
      },
    },
  },
});
