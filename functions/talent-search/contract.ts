import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";
import { Gender, Tag, TalentMatch, Understood } from "../_shared/talent.ts";

export const SearchBody = z.object({
  query: z.string().trim().min(2).max(500).describe('free text, e.g. "street-smart Mumbai college girl, fluent Marathi, can dance"'),
  filters: z.object({
    gender: Gender.optional(),
    age_min: z.number().int().min(0).max(100).optional().describe("playing age range must overlap [age_min, age_max]"),
    age_max: z.number().int().min(0).max(100).optional(),
    languages: z.array(Tag).max(10).optional().describe("all of these"),
    skills: z.array(Tag).max(10).optional().describe("all of these"),
    city: z.string().trim().min(1).max(80).optional(),
    height_min: z.number().int().min(40).max(250).optional(),
    height_max: z.number().int().min(40).max(250).optional(),
  }).strict().refine((f) => f.age_min === undefined || f.age_max === undefined || f.age_min <= f.age_max,
    { message: "age_min must not exceed age_max", path: ["age_max"] })
    .refine((f) => f.height_min === undefined || f.height_max === undefined || f.height_min <= f.height_max,
    { message: "height_min must not exceed height_max", path: ["height_max"] })
    .default({}),
  limit: z.number().int().min(1).max(200).default(20).describe("results per page (k), at most 200"),
  cursor: z.string().max(500).optional().describe("next_cursor from the previous page of the same search"),
  understand: z.boolean().default(true)
    .describe("read the gender, languages, skills, city and playing age the query names, in any script, and search by them (see `understood`)"),
}).strict();
export type SearchBody = z.infer<typeof SearchBody>;

export const SearchResult = z.object({
  provider: z.string().describe("the embedder that embedded the query"),
  model: z.string(),
  understood: Understood.nullable().describe("what the query was read as asking for (null with understand: false)"),
  results: z.array(TalentMatch),
  next_cursor: z.string().nullable().describe("pass back for the next page; null on the last page"),
});

export const contract = defineContract({
  name: "talent-search",
  description: "Hybrid talent search (meaning + keywords) with hard filters, under the caller's RLS.",
  operations: {
    POST: {
      summary: "Search talent by free text and filters, best first, one page at a time",
      body: SearchBody,
      responses: {
        200: { description: "A page of ranked talent", schema: SearchResult },
        400: { description: "Invalid body or cursor", schema: ErrorBody },
        401: { description: "No valid JWT", schema: ErrorBody },
        409: { description: "The query embedder's model differs from the index's", schema: ErrorBody },
      },
    },
  },
});
