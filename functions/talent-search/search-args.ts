// What talent-search asks public.search_talent for a request: the function's RPC arguments,
// written once. bench:search calls search_talent in SQL with these same arguments, so that what
// it measures is the query the function sends.
import { understandQuery } from "../_shared/query-understanding.ts";
import { searchTerms } from "../_shared/romanise.ts";
import type { SearchBody } from "./contract.ts";
import type { Cursor } from "./cursor.ts";

/** The request's hard filters as search_talent's (and private.hybrid_rank's) arguments. */
export function filterArgs(f: SearchBody["filters"]) {
  return {
    gender: f.gender ?? null,
    age_min: f.age_min ?? null,
    age_max: f.age_max ?? null,
    languages: f.languages ?? [],
    skills: f.skills ?? [],
    city: f.city ?? null,
    height_min: f.height_min ?? null,
    height_max: f.height_max ?? null,
  };
}

/** search_talent's arguments for a page of `body`, and what the query was read as asking for. */
export function searchTalentArgs(body: SearchBody, embedding: { vector: string; model: string }, after: Cursor | null) {
  // what the query names (gender, languages, skills, city, age), read here because it needs the
  // transliteration PL/pgSQL lacks; search_talent decides what becomes a filter or a preference
  const understood = body.understand ? understandQuery(body.query) : null;
  const page = after ? after.page + 1 : 1;
  return {
    understood,
    page,
    args: {
      query: body.query,
      // the query's words in one romanisation and spelling, as the documents' search_text has
      // them: full text matches across scripts ("नाचती" finds "naachti")
      query_terms: searchTerms(body.query).slice(0, 2000),
      query_embedding: embedding.vector,
      query_model: embedding.model,
      ...filterArgs(body.filters),
      match_count: body.limit,
      after_score: after?.score ?? null,
      after_id: after?.id ?? null,
      page,
      understood: understood && { ...understood, evidence: undefined },
    },
  };
}
