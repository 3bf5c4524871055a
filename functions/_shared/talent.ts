// What match_talent and search_talent return (public.talent_match), for function contracts.
import { z } from "./deps.ts";

export const Gender = z.enum(["female", "male", "non_binary"]);

const Contribution = z.number().describe("this criterion's share of the fused score");
export const Explanation = z.object({
  semantic: z.object({ rank: z.number().int(), similarity: z.number(), contribution: Contribution }).nullable()
    .describe("rank and cosine similarity among the nearest embeddings; null when not among them"),
  keyword: z.object({ rank: z.number().int(), score: z.number(), contribution: Contribution }).nullable()
    .describe("full-text rank; null when no query word matched"),
  fit: z.object({
    rank: z.number().int().nullable(), score: z.number(), skills_matched: z.array(z.string()),
    skills_missing: z.array(z.string()), city_match: z.boolean().nullable(),
    languages_matched: z.array(z.string()).describe("languages asked for (a role's, or named in a search query) the talent speaks, as tags"),
    languages_missing: z.array(z.string()).describe("languages a search query named that the talent does not speak"),
    contribution: Contribution,
  }).nullable().describe("structured fit: a role's skills, city and languages (match-talent), or the languages a search query names (talent-search); criteria are canonical tags"),
  embedding: z.enum(["ready", "pending"]).optional().describe("match-talent: whether the role's embedding exists yet"),
});

export const TalentMatch = z.object({
  talent_id: z.string().uuid(),
  stage_name: z.string(),
  gender: Gender,
  playing_age_min: z.number().int(),
  playing_age_max: z.number().int(),
  height_cm: z.number().int().nullable(),
  city: z.string().nullable(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  score: z.number().describe("fused reciprocal-rank score; higher is better"),
  explanation: Explanation,
});
export type TalentMatch = z.infer<typeof TalentMatch>;

/** Tags as the database stores them: trimmed, lower-case. */
export const Tag = z.string().trim().toLowerCase().min(1).max(40);
