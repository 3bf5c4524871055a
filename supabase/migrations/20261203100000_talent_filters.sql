-- talent_filters: written by `npm run db:diff` on 2026-12-03 from sql/ and policies/.
-- Review before committing: a rename reads as drop + add, and data moves and backfills are yours to write.

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.talent_filters(gender gender, age_min integer, age_max integer, languages text[], skills text[], city text, height_min integer, height_max integer)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select concat_ws(' and ', 't.discoverable',
    case when gender is not null then 't.gender = $1' end,
    case when age_min is not null then 't.playing_age_max >= $2' end,
    case when age_max is not null then 't.playing_age_min <= $3' end,
    case when cardinality(languages) > 0 then 't.languages @> $4' end,
    case when cardinality(skills) > 0 then 't.skills @> $5' end,
    case when city is not null then 'lower(t.city) = lower($6)' end,
    case when height_min is not null then 't.height_cm >= $7' end,
    case when height_max is not null then 't.height_cm <= $8' end)
$function$
;

CREATE OR REPLACE FUNCTION private.hybrid_rank(query_text text, query_embedding halfvec, gender gender DEFAULT NULL::gender, age_min integer DEFAULT NULL::integer, age_max integer DEFAULT NULL::integer, languages text[] DEFAULT '{}'::text[], skills text[] DEFAULT '{}'::text[], city text DEFAULT NULL::text, height_min integer DEFAULT NULL::integer, height_max integer DEFAULT NULL::integer, preferred_skills text[] DEFAULT '{}'::text[], preferred_city text DEFAULT NULL::text, semantic_weight real DEFAULT 1, keyword_weight real DEFAULT 0.1, fit_weight real DEFAULT 0.1, depth integer DEFAULT 100, scale_depth integer DEFAULT NULL::integer, query_terms text DEFAULT NULL::text, preferred_languages text[] DEFAULT '{}'::text[], preferred_age_min integer DEFAULT NULL::integer, preferred_age_max integer DEFAULT NULL::integer)
 RETURNS SETOF private.hybrid_match
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET "hnsw.iterative_scan" TO 'relaxed_order'
 SET "hnsw.ef_search" TO '400'
 SET "hnsw.max_scan_tuples" TO '40000'
 SET max_parallel_workers_per_gather TO '0'
 SET jit TO 'off'
AS $function$
declare
  -- the query's words as written and as romanised spelling keys (see private.talent_tsv)
  all_text text := concat_ws(' ', query_text, query_terms);
  words tsquery := private.any_words_query(all_text);
  has_age boolean := preferred_age_min is not null or preferred_age_max is not null;
  has_preferences boolean := cardinality(preferred_skills) > 0 or preferred_city is not null or cardinality(preferred_languages) > 0
                             or has_age;
  rare_words tsquery;
  -- Each source is its own small statement, planned for the filters actually given
  -- (private.talent_filters).
  filters text := private.talent_filters(hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max, hybrid_rank.languages,
                                         hybrid_rank.skills, hybrid_rank.city, height_min, height_max);
  by_meaning uuid[] := '{}';
  by_words uuid[] := '{}';
  by_fit uuid[] := '{}';
  -- index lookups that bypass RLS (see private.text_matches) run here, once: written into a
  -- statement, the planner would also run them while estimating its selectivity
  lookup uuid[];
  vector_plan text;
begin
  if semantic_weight > 0 and query_embedding is not null then
    -- how to find the nearest: the HNSW index with a search list sized for the filters'
    -- selectivity, or an exact scan of the few rows a selective, indexed filter keeps
    -- (private.vector_search_plan)
    vector_plan := private.vector_search_plan(filters, depth, hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max,
                                              hybrid_rank.languages, hybrid_rank.skills, hybrid_rank.city, height_min, height_max);
    if vector_plan <> 'exact' then
      perform pg_catalog.set_config('hnsw.ef_search', vector_plan, true);  -- restored when this function returns
    end if;
    execute format($q$
      select coalesce(array_agg(x.id order by x.d, x.id), '{}') from (
        select t.id, t.embedding operator(extensions.<=>) $9 as d from public.talent_profiles t
        where %s and t.embedding is not null
        order by %s limit $11) x $q$, filters,
      -- exact: "+ 0" makes it an expression the index cannot order by, so the planner scans the
      -- filtered rows
      case when vector_plan = 'exact' then '(t.embedding operator(extensions.<=>) $9) + 0'
           else 't.embedding operator(extensions.<=>) $9' end)
    into by_meaning
    using hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max, hybrid_rank.languages, hybrid_rank.skills,
          hybrid_rank.city, height_min, height_max, query_embedding, words, depth;
  end if;
  -- the full-text source looks up the rarest words, estimated to match at most 500 profiles
  -- together; common words still count in every candidate's rank. Ranked by ts_rank (word
  -- frequencies): ts_rank_cd (cover density) cost 10 times as much per profile, 17 µs against
  -- 1.7 for a 35-term query, and did no better on the held-out corpus (npm run eval:matching --
  -- --seed 11: hybrid recall@10 0.920 and nDCG@10 0.918 with it, 0.921 and 0.920 without)
  if keyword_weight > 0 then
    rare_words := private.rare_words_query(all_text, 500);
  end if;
  if rare_words is not null then
    lookup := private.text_matches(rare_words, 2000);
    -- found by the rare words (at most 2,000, a guard against stale statistics), kept if the
    -- caller may see them and they pass the filters, ranked by all the words
    execute format($q$
      select coalesce(array_agg(x.id order by x.k desc, x.id), '{}') from (
        select t.id, ts_rank(t.search_tsv, $10, 1) as k
        from public.talent_profiles t where %s and t.id = any ($12)
        order by k desc, t.id limit $11) x $q$, filters)
    into by_words
    using hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max, hybrid_rank.languages, hybrid_rank.skills,
          hybrid_rank.city, height_min, height_max, query_embedding, words, depth, lookup;
  end if;
  if fit_weight > 0 then
    if has_preferences then
      lookup := private.fit_matches(preferred_skills, preferred_city, preferred_languages, 2 * depth,
                                    hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max, hybrid_rank.languages,
                                    preferred_age_min, preferred_age_max);
    end if;
    -- candidates share a preferred skill or the city: up to twice the depth of best fits and
    -- as many partial ones (private.fit_matches), since at scale scoring every profile that
    -- shares a common skill costs more than it adds; without preferences every filtered row
    -- fits equally and the list is just the first filtered rows (in id order: ordering by a
    -- fit that is null for all of them sorted the whole table, 4.4 s at a million profiles)
    execute format($q$
      select coalesce(array_agg(x.id order by x.f desc nulls last, x.id), '{}') from (
        select t.id, private.fit_of(
                 cardinality(array(select unnest(t.skills) intersect select unnest($12))), cardinality($12),
                 case when $13 is not null then coalesce(lower(t.city) = lower($13), false) end,
                 cardinality(array(select unnest(t.languages) intersect select unnest($15))), cardinality($15),
                 case when $16::integer is not null or $17::integer is not null
                      then t.playing_age_max >= coalesce($16, 0) and t.playing_age_min <= coalesce($17, 100) end) as f
        from public.talent_profiles t
        where %s and %s
        order by %s limit $11) x $q$, filters,
      case when has_preferences then 't.id = any ($14)' else 'true' end,
      case when has_preferences then 'f desc nulls last, t.id' else 't.id' end)
    into by_fit
    using hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max, hybrid_rank.languages, hybrid_rank.skills,
          hybrid_rank.city, height_min, height_max, query_embedding, words, depth, preferred_skills, preferred_city, lookup,
          preferred_languages, preferred_age_min, preferred_age_max;
  end if;

  -- Every candidate is measured on all three, whichever list brought it in, then scored by a
  -- weighted sum: similarity as is, full-text rank scaled to the best candidate's (see below),
  -- fit in [0, 1].
  return query
  with candidates as (
    select z.id, min(z.s)::integer as s_rank, min(z.k)::integer as k_rank, min(z.f)::integer as f_rank
    from (select u.id, u.o as s, null::bigint as k, null::bigint as f from unnest(by_meaning) with ordinality u(id, o)
          union all select u.id, null, u.o, null from unnest(by_words) with ordinality u(id, o)
          union all select u.id, null, null, u.o from unnest(by_fit) with ordinality u(id, o)) z
    group by z.id
  ),
  -- materialized: each row's scores and matches are computed once (inlined into the query below,
  -- the keyword score and fit were computed again for each place that used them: 2–3 ms a search)
  scored as materialized (
    select c.id, c.s_rank, c.k_rank, c.f_rank,
           1 - (t.embedding operator(extensions.<=>) query_embedding)::double precision as similarity,
           ts_rank(t.search_tsv, words, 1)::double precision as kscore,
           -- (matches only when there is something to match: each costs a few µs a row)
           case when cardinality(preferred_skills) > 0 then
             array(select unnest(t.skills) intersect select unnest(preferred_skills) order by 1) else '{}' end as matched,
           case when preferred_city is not null then coalesce(lower(t.city) = lower(preferred_city), false) end as city_match,
           -- the languages asked for, preferred (named in a search) or required (a role's)
           case when cardinality(preferred_languages) > 0 or cardinality(hybrid_rank.languages) > 0 then
             array(select unnest(t.languages) intersect
                   select unnest(case when cardinality(preferred_languages) > 0 then preferred_languages else hybrid_rank.languages end)
                   order by 1) else '{}' end as languages_matched,
           t.stage_name, t.gender, t.playing_age_min, t.playing_age_max, t.height_cm, t.city, t.languages, t.skills
    from candidates c
    join public.talent_profiles t on t.id = c.id
  )
  select y.id,
         semantic_weight * coalesce(y.similarity, 0) + keyword_weight * coalesce(y.kscaled, 0) + fit_weight * coalesce(y.fscore, 0),
         y.s_rank, y.similarity, y.k_rank, y.kscore, y.kscaled, y.f_rank, y.fscore, y.matched, y.city_match, y.languages_matched,
         y.stage_name, y.gender, y.playing_age_min, y.playing_age_max, y.height_cm, y.city, y.languages, y.skills
  -- the keyword scale is the best keyword score among the candidates a source ranked within
  -- scale_depth (default: all of them), so that a search paged ever deeper (search_talent)
  -- keeps every profile's score as its first page had it
  -- fit from the matches (private.fit_of, as the fit source computes it)
  from (select x.*, case when has_preferences then
                      private.fit_of(cardinality(x.matched), cardinality(preferred_skills), x.city_match,
                                     case when cardinality(preferred_languages) > 0 then cardinality(x.languages_matched) end,
                                     cardinality(preferred_languages),
                                     case when has_age then x.playing_age_max >= coalesce(preferred_age_min, 0)
                                                            and x.playing_age_min <= coalesce(preferred_age_max, 100) end) end as fscore,
               x.kscore / nullif(max(x.kscore) filter (
                      where least(x.s_rank, x.k_rank, x.f_rank) <= coalesce(scale_depth, depth)) over (), 0) as kscaled
        from scored x) y;
end;
$function$
;

-- function privileges
grant execute on function private.talent_filters(gender,integer,integer,text[],text[],text,integer,integer) to authenticated;
grant execute on function private.talent_filters(gender,integer,integer,text[],text[],text,integer,integer) to service_role;
