// What match_talent and search_talent return (public.talent_match), for function contracts.
import { z } from "./deps.ts";

export const Gender = z.enum(["female", "male", "non_binary"]);

/** What talent-search read a query as asking for (functions/_shared/query-understanding.ts). */
export const Understood = z.object({
  gender: z.enum(["female", "male"]).nullable().describe("a hard filter unless filters.gender is set"),
  languages: z.array(z.string()).describe("language tags named; all of them a hard filter, unless languages_any"),
  languages_any: z.boolean().describe("the languages were joined by \"or\": a preference for any of them"),
  skills: z.array(z.string()).describe("skill tags the query's skill words stand for: a preference, any of them fits"),
  city: z.string().nullable().describe("a preference unless filters.city is set"),
  age_min: z.number().int().nullable().describe("playing age named: a preference for talent whose range overlaps it, unless filters set an age"),
  age_max: z.number().int().nullable(),
  evidence: z.array(z.object({ word: z.string(), means: z.string() })).describe("which words meant what"),
});

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
    age_match: z.boolean().nullable().optional().describe("talent-search: whether the playing age the query named overlaps the talent's"),
    contribution: Contribution,
  }).nullable().describe("structured fit: a role's skills, city and languages (match-talent), or the languages a search query names (talent-search); criteria are canonical tags"),
  embedding: z.enum(["ready", "pending"]).optional().describe("match-talent: whether the role's embedding exists yet"),
  query: z.object({
    gender: Gender.optional(), languages: z.array(z.string()), languages_any: z.boolean(), skills: z.array(z.string()),
    city: z.string().optional(), age_min: z.number().int().optional(), age_max: z.number().int().optional(),
    filters: z.array(z.enum(["gender", "languages"])).describe("what the query named, applied as hard filters"),
    preferences: z.array(z.enum(["languages", "skills", "city", "age"])).describe("what the query named, scored as fit"),
    overridden_by_filters: z.array(z.enum(["gender", "age", "city"])).describe("what the query named that the request's filters replaced"),
  }).optional().describe("talent-search: what the query was read as asking for and how it was used"),
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
