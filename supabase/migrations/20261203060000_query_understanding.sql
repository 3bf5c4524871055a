-- query_understanding: search_talent takes what talent-search read the query as asking for
-- (understood: gender and languages as hard filters; skills, city and playing age as preferences)
-- and shows it in explanation.query; fit_of scores a preferred playing age; fit_matches applies the
-- hard filters and looks skills, city, languages and age up separately. Written by `npm run db:diff`
-- (2026-12-03) from sql/ and policies/, reviewed: the old signatures are dropped (their grants go with them).

drop function if exists "private"."explain_match"(r private.hybrid_match, semantic_weight real, keyword_weight real, fit_weight real, preferred_skills text[], preferred_languages text[]);

drop function if exists "private"."fit_matches"(preferred_skills text[], preferred_city text, preferred_languages text[], cap integer);

drop function if exists "private"."fit_of"(skills_matched integer, skills_wanted integer, city_match boolean, languages_matched integer, languages_wanted integer);

drop function if exists "private"."hybrid_rank"(query_text text, query_embedding halfvec, gender gender, age_min integer, age_max integer, languages text[], skills text[], city text, height_min integer, height_max integer, preferred_skills text[], preferred_city text, semantic_weight real, keyword_weight real, fit_weight real, depth integer, scale_depth integer, query_terms text, preferred_languages text[]);

drop function if exists "public"."search_talent"(query text, query_embedding text, gender gender, age_min integer, age_max integer, languages text[], skills text[], city text, height_min integer, height_max integer, match_count integer, after_score double precision, after_id uuid, page integer, query_model text, query_terms text);

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.explain_match(r private.hybrid_match, semantic_weight real, keyword_weight real, fit_weight real, preferred_skills text[], preferred_languages text[] DEFAULT '{}'::text[], query jsonb DEFAULT NULL::jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when query is null then '{}'::jsonb else jsonb_build_object('query', query) end || jsonb_build_object(
    'semantic', case when r.similarity is not null then jsonb_build_object(
      'rank', r.semantic_rank, 'similarity', round(r.similarity::numeric, 4),
      'contribution', round((semantic_weight * r.similarity)::numeric, 4)) end,
    'keyword', case when r.keyword_score > 0 then jsonb_build_object(
      'rank', r.keyword_rank, 'score', round(r.keyword_score::numeric, 4),
      'contribution', round((keyword_weight * r.keyword_scaled)::numeric, 4)) end,
    'fit', case when r.fit_score is not null then jsonb_build_object(
      'rank', r.fit_rank, 'score', round(r.fit_score::numeric, 3),
      'skills_matched', to_jsonb(r.skills_matched),
      'skills_missing', to_jsonb(array(select unnest(preferred_skills) except select unnest(r.skills_matched) order by 1)),
      'city_match', r.city_match,
      'languages_matched', to_jsonb(coalesce(r.languages_matched, '{}')),
      'languages_missing', to_jsonb(array(select unnest(preferred_languages) except select unnest(r.languages_matched) order by 1)),
      -- a playing age the search query named: whether the talent's range overlaps it
      'age_match', case when query ? 'age_min' or query ? 'age_max' then
        r.playing_age_max >= coalesce((query ->> 'age_min')::integer, 0) and r.playing_age_min <= coalesce((query ->> 'age_max')::integer, 100) end,
      'contribution', round((fit_weight * r.fit_score)::numeric, 4)) end)
$function$
;

CREATE OR REPLACE FUNCTION private.fit_matches(preferred_skills text[], preferred_city text, preferred_languages text[], cap integer, gender gender DEFAULT NULL::gender, age_min integer DEFAULT NULL::integer, age_max integer DEFAULT NULL::integer, languages text[] DEFAULT '{}'::text[], preferred_age_min integer DEFAULT NULL::integer, preferred_age_max integer DEFAULT NULL::integer)
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found uuid[];
  -- planned for the values given (EXECUTE): the conditions that are not asked for fold away
  filters constant text := '($5::public.gender is null or t.gender = $5) and ($6::integer is null or t.playing_age_max >= $6)'
    || ' and ($7::integer is null or t.playing_age_min <= $7) and t.languages @> $8';
begin
  execute format($q$select coalesce(array_agg(distinct m.id), '{}') from (
               (select t.id from public.talent_profiles t where cardinality($1) > 0 and t.skills @> $1 and %1$s limit $3)
               union all
               (select t.id from public.talent_profiles t where t.skills && $1 and %1$s limit $3)
               union all
               (select t.id from public.talent_profiles t where lower(t.city) = lower($2) and %1$s limit $3)
               union all
               (select t.id from public.talent_profiles t where t.languages && $4 and %1$s limit $3)
               union all
               (select t.id from public.talent_profiles t
                where ($9::integer is not null or $10::integer is not null)
                  and t.playing_age_max >= coalesce($9, 0) and t.playing_age_min <= coalesce($10, 100) and %1$s limit $3)) m$q$, filters)
  into found using preferred_skills, preferred_city, cap, coalesce(preferred_languages, '{}'), gender, age_min, age_max,
                   coalesce(languages, '{}'), preferred_age_min, preferred_age_max;
  return found;
end;
$function$
;

CREATE OR REPLACE FUNCTION private.fit_of(skills_matched integer, skills_wanted integer, city_match boolean, languages_matched integer, languages_wanted integer, age_match boolean DEFAULT NULL::boolean)
 RETURNS double precision
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select (0.7 * coalesce(skills_matched::double precision / nullif(skills_wanted, 0), 0)
          + 0.3 * coalesce(city_match, false)::integer
          + 0.5 * coalesce(languages_matched::double precision / nullif(languages_wanted, 0), 0)
          + 0.6 * coalesce(age_match, false)::integer)
         / nullif(case when skills_wanted > 0 then 0.7 else 0 end
                  + case when city_match is not null then 0.3 else 0 end
                  + case when languages_wanted > 0 then 0.5 else 0 end
                  + case when age_match is not null then 0.6 else 0 end, 0)
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
  -- Each source is its own small statement, planned for the filters actually given (a single
  -- query with every filter as "param is null or …" planned slowly per call, and its cached
  -- generic plan took 2 s at 1M rows). The filters are written once, here. Only profiles whose
  -- owner consents to being shown (discoverable) are ever candidates: RLS also lets a casting
  -- team read its applicants' profiles, which their submission shares with it but which stay
  -- out of discovery (sql/01_access.sql, private.applicant_talent_ids), and admins read all.
  filters text := concat_ws(' and ', 't.discoverable',
    case when hybrid_rank.gender is not null then 't.gender = $1' end,
    case when hybrid_rank.age_min is not null then 't.playing_age_max >= $2' end,
    case when hybrid_rank.age_max is not null then 't.playing_age_min <= $3' end,
    case when cardinality(hybrid_rank.languages) > 0 then 't.languages @> $4' end,
    case when cardinality(hybrid_rank.skills) > 0 then 't.skills @> $5' end,
    case when hybrid_rank.city is not null then 'lower(t.city) = lower($6)' end,
    case when height_min is not null then 't.height_cm >= $7' end,
    case when height_max is not null then 't.height_cm <= $8' end);
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

CREATE OR REPLACE FUNCTION public.search_talent(query text, query_embedding text DEFAULT NULL::text, gender gender DEFAULT NULL::gender, age_min integer DEFAULT NULL::integer, age_max integer DEFAULT NULL::integer, languages text[] DEFAULT '{}'::text[], skills text[] DEFAULT '{}'::text[], city text DEFAULT NULL::text, height_min integer DEFAULT NULL::integer, height_max integer DEFAULT NULL::integer, match_count integer DEFAULT 20, after_score double precision DEFAULT NULL::double precision, after_id uuid DEFAULT NULL::uuid, page integer DEFAULT 1, query_model text DEFAULT NULL::text, query_terms text DEFAULT NULL::text, understood jsonb DEFAULT NULL::jsonb)
 RETURNS SETOF talent_match
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  -- a language the query names ("Tamil bolne wala"), in any script, as the names table knows it
  named text[] := private.named_languages(query);
  u jsonb := private.jsonb_unwrapped(understood);
  u_gender public.gender;
  u_languages text[] := '{}';
  u_any boolean := false;
  u_skills text[] := '{}';
  u_city text;
  u_age_min integer;
  u_age_max integer;
  required text[] := coalesce(private.canonical_languages(search_talent.languages), '{}');
  preferred text[];
  preferred_city text;
  preferred_age int4range;
  fit real;
  reading jsonb;
begin
  if query is null or char_length(btrim(query)) not between 2 and 500 then
    raise exception 'query must be 2 to 500 characters' using errcode = '22023';
  end if;
  if match_count is null or match_count not between 1 and 200 then
    raise exception 'match_count must be between 1 and 200' using errcode = '22023';
  end if;
  if char_length(query_terms) > 2000 then
    raise exception 'query_terms must be at most 2000 characters' using errcode = '22023';
  end if;
  if page is null or page not between 1 and 1000 then
    raise exception 'page must be between 1 and 1000' using errcode = '22023';
  end if;
  if query_embedding is not null and query_model is distinct from private.embedding_model() then
    raise exception 'the query was embedded with "%" but the index holds "%"', query_model, private.embedding_model()
      using errcode = '22023';
  end if;
  if u is not null and jsonb_typeof(u) <> 'null' then
    if jsonb_typeof(u) <> 'object'
       or coalesce(u ->> 'gender', 'female') not in ('female', 'male', 'non_binary')
       or jsonb_typeof(coalesce(u -> 'languages', '[]')) <> 'array' or jsonb_array_length(coalesce(u -> 'languages', '[]')) > 10
       or jsonb_typeof(coalesce(u -> 'skills', '[]')) <> 'array' or jsonb_array_length(coalesce(u -> 'skills', '[]')) > 20
       or jsonb_typeof(coalesce(u -> 'city', '""')) not in ('string', 'null') or char_length(u ->> 'city') > 80
       or jsonb_typeof(coalesce(u -> 'languages_any', 'false')) not in ('boolean', 'null')
       or coalesce(jsonb_typeof(u -> 'age_min'), 'null') not in ('number', 'null')
       or coalesce(jsonb_typeof(u -> 'age_max'), 'null') not in ('number', 'null')
       or coalesce((u ->> 'age_min')::numeric, 0) not between 0 and 100 or coalesce((u ->> 'age_max')::numeric, 100) not between 0 and 100
       or exists (select 1 from jsonb_array_elements(coalesce(u -> 'languages', '[]')) e
                  where jsonb_typeof(e) <> 'string' or char_length(e #>> '{}') > 40)
       or exists (select 1 from jsonb_array_elements(coalesce(u -> 'skills', '[]')) e
                  where jsonb_typeof(e) <> 'string' or char_length(e #>> '{}') > 40) then
      raise exception 'understood must be {gender, languages[], languages_any, skills[], city, age_min, age_max} (ages 0 to 100, at most 10 languages and 20 skills)'
        using errcode = '22023';
    end if;
    u_gender := (u ->> 'gender')::public.gender;
    u_languages := coalesce(private.canonical_languages(array(select jsonb_array_elements_text(coalesce(u -> 'languages', '[]')))), '{}');
    u_any := coalesce((u ->> 'languages_any')::boolean, false);
    u_skills := coalesce(private.canonical_tags(array(select jsonb_array_elements_text(coalesce(u -> 'skills', '[]')))), '{}');
    u_city := nullif(btrim(u ->> 'city'), '');
    u_age_min := round((u ->> 'age_min')::numeric);
    u_age_max := round((u ->> 'age_max')::numeric);
    if not u_any then
      required := array(select distinct x from unnest(required || u_languages) x order by 1);
    end if;
    preferred := array(select distinct x from unnest(named || u_languages) x order by 1);
    preferred_city := case when search_talent.city is null then u_city end;
    -- weight 2: a profile with a skill or the city asked for outranks one without, whatever the
    -- small differences in meaning between them (tests/matching/queries: npm run eval:queries)
    if search_talent.age_min is null and search_talent.age_max is null and (u_age_min is not null or u_age_max is not null) then
      preferred_age := int4range(u_age_min, u_age_max, '[]');
    end if;
    fit := case when cardinality(u_skills) > 0 or preferred_city is not null or preferred_age is not null
                     or (u_any and cardinality(u_languages) > 0) then 2
                when cardinality(preferred) > 0 then 0.1 else 0 end;
    reading := jsonb_strip_nulls(jsonb_build_object(
      'gender', u_gender, 'languages', to_jsonb(u_languages), 'languages_any', u_any, 'skills', to_jsonb(u_skills),
      'city', u_city, 'age_min', u_age_min, 'age_max', u_age_max,
      'filters', to_jsonb(array_remove(array[
        case when u_gender is not null and search_talent.gender is null then 'gender' end,
        case when cardinality(u_languages) > 0 and not u_any then 'languages' end], null)),
      'preferences', to_jsonb(array_remove(array[
        case when cardinality(u_languages) > 0 and u_any then 'languages' end,
        case when cardinality(u_skills) > 0 then 'skills' end,
        case when preferred_city is not null then 'city' end,
        case when (u_age_min is not null or u_age_max is not null) and search_talent.age_min is null and search_talent.age_max is null then 'age' end], null)),
      'overridden_by_filters', to_jsonb(array_remove(array[
        case when u_gender is not null and search_talent.gender is not null then 'gender' end,
        case when (u_age_min is not null or u_age_max is not null) and (search_talent.age_min is not null or search_talent.age_max is not null) then 'age' end,
        case when u_city is not null and search_talent.city is not null then 'city' end], null))));
  else
    preferred := named;
    fit := case when cardinality(named) > 0 then 0.1 else 0 end;
  end if;
  return query
  select h.talent_id, h.stage_name, h.gender, h.playing_age_min, h.playing_age_max, h.height_cm, h.city, h.languages, h.skills,
         h.score, private.explain_match(h, 1, 0.1, fit, u_skills, preferred, reading)
  from private.hybrid_rank(
         query_text => query, query_terms => query_terms, query_embedding => query_embedding::extensions.halfvec(384),
         gender => coalesce(search_talent.gender, u_gender),
         age_min => search_talent.age_min, age_max => search_talent.age_max,
         -- filters as people type them: "Hindi", "हिंदी" → 'hindi'
         languages => required,
         skills => coalesce(private.canonical_tags(search_talent.skills), '{}'),
         city => search_talent.city, height_min => height_min, height_max => height_max,
         preferred_languages => preferred, preferred_skills => u_skills, preferred_city => preferred_city,
         preferred_age_min => lower(preferred_age), preferred_age_max => upper(preferred_age) - 1,
         semantic_weight => 1, keyword_weight => 0.1, fit_weight => fit,
         depth => least(1000, greatest(20, match_count * (page + 1))),
         scale_depth => least(1000, greatest(20, match_count * 2))) h
  where after_score is null or h.score < after_score or (h.score = after_score and h.talent_id > after_id)
  order by h.score desc, h.talent_id
  limit match_count;
end;
$function$
;

-- function privileges
grant execute on function private.explain_match(private.hybrid_match,real,real,real,text[],text[],jsonb) to authenticated;
grant execute on function private.explain_match(private.hybrid_match,real,real,real,text[],text[],jsonb) to service_role;
grant execute on function private.fit_matches(text[],text,text[],integer,gender,integer,integer,text[],integer,integer) to authenticated;
grant execute on function private.fit_matches(text[],text,text[],integer,gender,integer,integer,text[],integer,integer) to service_role;
grant execute on function private.fit_of(integer,integer,boolean,integer,integer,boolean) to authenticated;
grant execute on function private.fit_of(integer,integer,boolean,integer,integer,boolean) to service_role;
grant execute on function private.hybrid_rank(text,halfvec,gender,integer,integer,text[],text[],text,integer,integer,text[],text,real,real,real,integer,integer,text,text[],integer,integer) to authenticated;
grant execute on function private.hybrid_rank(text,halfvec,gender,integer,integer,text[],text[],text,integer,integer,text[],text,real,real,real,integer,integer,text,text[],integer,integer) to service_role;
grant execute on function search_talent(text,text,gender,integer,integer,text[],text[],text,integer,integer,integer,double precision,uuid,integer,text,text,jsonb) to authenticated;
grant execute on function search_talent(text,text,gender,integer,integer,text[],text[],text,integer,integer,integer,double precision,uuid,integer,text,text,jsonb) to service_role;
