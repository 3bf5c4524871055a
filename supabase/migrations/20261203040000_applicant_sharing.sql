-- Issue 26, finding 1: a submission shares the applicant's profile, and the media attached to it,
-- with the casting team of the role's project until the talent withdraws it, with or without the
-- general casting_visibility consent; that consent keeps governing discovery (search, matching,
-- the public board). The submit answer and the data export say what is shared and with whom.

create or replace function private.applicant_talent_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  projects uuid[] := private.casting_project_ids();
begin
  if cardinality(projects) = 0 then
    return '{}';
  end if;
  return array(
    select distinct s.talent_id from public.submissions s
    join public.talent_profiles tp on tp.id = s.talent_id
    where s.project_id = any (projects) and s.status <> 'withdrawn'
      and tp.erased_at is null and not private.is_minor(tp.date_of_birth)
      and not exists (select 1 from private.erasures e where e.user_id = tp.user_id and e.completed_at is null));
end;
$$;

create or replace function private.applicant_media_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  projects uuid[] := private.casting_project_ids();
  applicants uuid[];
begin
  if cardinality(projects) = 0 then
    return '{}';
  end if;
  applicants := private.applicant_talent_ids();
  return array(
    select distinct m from public.submissions s, unnest(s.media_ids) m
    where s.project_id = any (projects) and s.status <> 'withdrawn' and s.talent_id = any (applicants));
end;
$$;

grant execute on function private.applicant_talent_ids(), private.applicant_media_ids() to anon, authenticated, service_role;

alter policy "Signed-in users read the talent profiles they may see" on public.talent_profiles
  using ((discoverable
          and (visibility = 'public'
               or (visibility = 'casting_only' and (select private.has_role('casting_director')))
               -- possibly thousands of ids: IN (subquery) is hashed once, = any(array) scans per row
               or id in (select unnest((select private.shared_talent_ids())))))
         or id in (select unnest((select private.applicant_talent_ids())))
         or (select private.is_admin())
         or user_id = (select auth.uid())
         or id = any ((select private.actable_talent_ids())::uuid[]));

alter policy "Signed-in users read the media they may see" on public.talent_media
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
         or (kind <> 'self_tape' and talent_id in (select tp.id from public.talent_profiles tp where tp.discoverable))
         or id in (select unnest((select private.applicant_media_ids())))
         or (kind = 'self_tape' and talent_id in (select unnest((select private.casting_talent_ids()))))
         or (select private.is_admin()));

alter policy "Signed-in users read talent files they may see" on storage.objects
  using (bucket_id in ('headshots', 'reels', 'self-tapes')
         and (private.talent_of_path(name) = any ((select private.actable_talent_ids())::uuid[])
              or (bucket_id <> 'self-tapes'
                  and exists (select 1 from public.talent_profiles tp where tp.id = private.talent_of_path(name) and tp.discoverable))
              or (bucket_id <> 'self-tapes'
                  and exists (select 1 from public.talent_media tm
                              where tm.bucket = objects.bucket_id and tm.storage_path = objects.name
                                and tm.id = any ((select private.applicant_media_ids())::uuid[])))
              or (bucket_id = 'self-tapes' and private.self_tape_project_of_path(name) = any ((select private.casting_project_ids())::uuid[]))
              or (select private.is_admin())));


-- Search and matching: only profiles shown with consent are candidates.

create or replace function private.vector_search_plan(
  filters text, depth integer, gender public.gender, age_min integer, age_max integer, languages text[], skills text[],
  city text, height_min integer, height_max integer)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  forced text := nullif(pg_catalog.current_setting('castmatch.search_vector_plan', true), '');
  -- an exact scan reads each filtered row from the heap (~6 µs a row at a million profiles, rows
  -- scattered over the table): 10,000 rows took 60–135 ms, more than the graph's iterative scan
  exact_rows constant integer := 2000;
  total double precision;
  plan jsonb;
  passing double precision;
  selectivity double precision;
begin
  if forced is not null then
    return forced;
  end if;
  select c.reltuples into total from pg_catalog.pg_class c where c.oid = 'public.talent_profiles'::regclass;
  if total < 0 then
    return '400';  -- never analyzed: no estimates; the longest list
  end if;
  if total <= exact_rows then
    return 'exact';
  end if;
  if filters in ('true', 't.discoverable') then
    passing := total;  -- (the consent filter alone: nearly every profile, and no index narrows it)
  else
    execute 'explain (format json) select 1 from public.talent_profiles t where ' || filters into plan
      using gender, age_min, age_max, languages, skills, city, height_min, height_max;
    passing := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;
    -- few rows, found through an index (a sequential scan of the table would cost more than the graph)
    if passing <= exact_rows and plan -> 0 -> 'Plan' ->> 'Node Type' <> 'Seq Scan' then
      return 'exact';
    end if;
  end if;
  selectivity := passing / greatest(total, 1);
  -- recall@10 ≥ 0.99 at a million profiles, as measured (docs/benchmarks.md): unfiltered, ef_search 200 gave
  -- 0.996 (100: 0.94); a filter keeping 10–50 % needs more (200: 0.986–0.990); below ~2 %,
  -- the iterative scan does the work and every list from 40 to 400 gave 0.998 at the same speed
  return greatest(depth, case when selectivity >= 0.75 then 200 when selectivity >= 0.02 then 300 else 100 end)::text;
end;
$$;

create or replace function private.hybrid_rank(
  query_text text,
  query_embedding extensions.halfvec,
  gender public.gender default null,
  age_min integer default null,
  age_max integer default null,
  languages text[] default '{}',
  skills text[] default '{}',
  city text default null,
  height_min integer default null,
  height_max integer default null,
  preferred_skills text[] default '{}',
  preferred_city text default null,
  semantic_weight real default 1,
  keyword_weight real default 0.1,
  fit_weight real default 0.1,
  depth integer default 100,
  scale_depth integer default null,
  query_terms text default null,
  preferred_languages text[] default '{}')
returns setof private.hybrid_match
language plpgsql
stable
set search_path = ''
-- pgvector 0.8: keep scanning the HNSW graph until enough rows pass the filters
set hnsw.iterative_scan = 'relaxed_order'
-- 400: recall@10 0.98 against exact search at 1M rows for +5 ms over 100 (0.90); see docs/benchmarks.md
set hnsw.ef_search = '400'
set hnsw.max_scan_tuples = '40000'
-- small queries with a LIMIT: parallel workers and JIT compilation (15 ms) cost more than they save
set max_parallel_workers_per_gather = '0'
set jit = 'off'
as $$
declare
  -- the query's words as written and as romanised spelling keys (see private.talent_tsv)
  all_text text := concat_ws(' ', query_text, query_terms);
  words tsquery := private.any_words_query(all_text);
  has_preferences boolean := cardinality(preferred_skills) > 0 or preferred_city is not null or cardinality(preferred_languages) > 0;
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
      lookup := private.fit_matches(preferred_skills, preferred_city, preferred_languages, 2 * depth);
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
                 cardinality(array(select unnest(t.languages) intersect select unnest($15))), cardinality($15)) as f
        from public.talent_profiles t
        where %s and %s
        order by %s limit $11) x $q$, filters,
      case when has_preferences then 't.id = any ($14)' else 'true' end,
      case when has_preferences then 'f desc nulls last, t.id' else 't.id' end)
    into by_fit
    using hybrid_rank.gender, hybrid_rank.age_min, hybrid_rank.age_max, hybrid_rank.languages, hybrid_rank.skills,
          hybrid_rank.city, height_min, height_max, query_embedding, words, depth, preferred_skills, preferred_city, lookup,
          preferred_languages;
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
                                     cardinality(preferred_languages)) end as fscore,
               x.kscore / nullif(max(x.kscore) filter (
                      where least(x.s_rank, x.k_rank, x.f_rank) <= coalesce(scale_depth, depth)) over (), 0) as kscaled
        from scored x) y;
end;
$$;


-- What a submission shares, in the submit answer and the export.

create or replace function private.submission_sharing(submission_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.submissions;
  tp public.talent_profiles;
  cleared uuid[];
  label text;
  minor boolean;
begin
  select * into s from public.submissions x where x.id = submission_id;
  if not found or not (s.talent_id = any (private.actable_talent_ids()) or private.is_admin()) then
    return null;
  end if;
  select * into tp from public.talent_profiles t where t.id = s.talent_id;
  cleared := private.nda_cleared_project_ids();
  label := private.project_label(s.project_id, cleared);
  minor := private.is_minor(tp.date_of_birth);
  return jsonb_build_object(
    'active', s.status <> 'withdrawn' and (not minor or tp.discoverable),
    'with', jsonb_build_object(
      'project', label,
      'role', case when label = 'a confidential project' then null
                   else (select cr.name from public.casting_roles cr where cr.id = s.casting_role_id) end,
      'casting_team', private.project_audience(s.project_id, '{owner,casting_director,associate}', cleared) -> 'people'),
    'what', jsonb_build_object(
      'profile', 'stage name, gender, playing age, height, languages, skills, city, bio and credits',
      'media_ids', to_jsonb(s.media_ids),
      'contacts', case when tp.contacts_shared then 'shared: you consent to contact sharing'
                       else 'not shared: you have not consented to contact sharing' end),
    'until', case when s.status = 'withdrawn' then 'ended: you withdrew this submission'
                  when minor then 'your guardian withdraws their consent to show you to casting teams'
                  else 'you withdraw this submission' end,
    'general_consent', tp.discoverable);
end;
$$;

grant execute on function private.submission_sharing(uuid) to authenticated;

create or replace function public.submit_to_role(
  casting_role_id uuid, talent_id uuid, cover_note text default null, media_ids uuid[] default '{}',
  idempotency_key text default null)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  r public.casting_roles;
  t record;
  unmet text;
  prior jsonb;
  result jsonb;
begin
  if idempotency_key is not null then
    prior := private.idempotency_claim(idempotency_key,
      md5(concat_ws('|', casting_role_id, talent_id, cover_note, array_to_string(media_ids, ','))));
    if prior is not null then return prior || '{"replayed": true}'; end if;
  end if;
  select * into r from public.casting_roles c where c.id = submit_to_role.casting_role_id;
  if not found then raise exception 'casting role % does not exist or is not visible to you', casting_role_id using errcode = 'PT404'; end if;
  -- named columns: the private ones are not selectable by API roles
  select p.gender, p.playing_age_min, p.playing_age_max, p.languages into t from public.talent_profiles p where p.id = submit_to_role.talent_id;
  if not found then raise exception 'talent % does not exist or is not visible to you', talent_id using errcode = 'PT404'; end if;
  unmet := private.unmet_requirement(r, t.gender, t.playing_age_min, t.playing_age_max, t.languages);
  if unmet is not null then
    raise exception 'not eligible: %', unmet using errcode = 'PT422', hint = split_part(unmet, ':', 1);
  end if;
  insert into public.submissions as s (casting_role_id, talent_id, cover_note, media_ids)
  values (submit_to_role.casting_role_id, submit_to_role.talent_id, submit_to_role.cover_note, coalesce(submit_to_role.media_ids, '{}'))
  returning jsonb_build_object('id', s.id, 'casting_role_id', s.casting_role_id, 'talent_id', s.talent_id, 'status', s.status,
                               'cover_note', s.cover_note, 'media_ids', s.media_ids, 'created_at', s.created_at)
  into result;
  result := jsonb_build_object('submission', result, 'sharing', private.submission_sharing((result ->> 'id')::uuid), 'replayed', false);
  if idempotency_key is not null then perform private.idempotency_store(idempotency_key, result - 'replayed'); end if;
  return result;
end;
$$;

create or replace function private.export_audience()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  tids uuid[] := array(select tp.id from public.talent_profiles tp where tp.user_id = uid);
  cleared uuid[] := private.nda_cleared_project_ids();
  casting constant public.project_role[] := '{owner,casting_director,associate}';
  admins constant jsonb := '"CastMatch admins"';
  agents jsonb;
  met_projects uuid[];
  shown boolean;
  profile_audience jsonb;
  contact_audience jsonb;
  applied_to jsonb;
begin
  agents := coalesce((select jsonb_agg(distinct jsonb_build_object('agency', a.name, 'agent', nullif(pr.full_name, '')))
                      from public.representations r
                      join public.agencies a on a.id = r.agency_id
                      join public.agency_members am on am.agency_id = r.agency_id
                      left join public.profiles pr on pr.id = am.user_id
                      where r.talent_id = any (tids) and r.status = 'accepted'), '[]');
  met_projects := array(select s.project_id from public.submissions s where s.talent_id = any (tids)
                        union select i.project_id from public.shortlist_items i where i.talent_id = any (tids));
  shown := exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.discoverable);
  -- what each submission shares, whatever the general consent says (private.submission_sharing)
  applied_to := coalesce((select jsonb_agg(private.submission_sharing(s.id) order by s.created_at)
                          from public.submissions s where s.talent_id = any (tids) and s.status <> 'withdrawn'), '[]');
  profile_audience := jsonb_build_array(jsonb_build_object('your agents', agents), admins)
    || case when not shown then '[]'::jsonb else
         (case when exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.visibility = 'public')
               then '["anyone, including visitors of the casting board"]'::jsonb
               when exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.visibility = 'casting_only')
               then '["every verified casting director"]'::jsonb else '[]'::jsonb end)
         || coalesce((select jsonb_agg(private.project_audience(p, enum_range(null::public.project_role), cleared))
                      from unnest(met_projects) p), '[]') end;
  contact_audience := jsonb_build_array(jsonb_build_object('your agents', agents), admins)
    || case when exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.contacts_shared)
            then coalesce((select jsonb_agg(private.project_audience(p, casting, cleared)) from unnest(met_projects) p), '[]')
            else '[]'::jsonb end;
  return jsonb_build_object(
    'account', '["nobody through the API; CastMatch operators run the database"]'::jsonb,
    'profile', '["every signed-in CastMatch user sees your name"]'::jsonb,
    'roles', jsonb_build_array(admins),
    'role_requests', jsonb_build_array(admins),
    'consents', jsonb_build_array(admins),
    'talent_profiles', jsonb_build_object('profile', profile_audience,
                                          'shared through your submissions', applied_to,
                                          'date_of_birth and guardian', jsonb_build_array(jsonb_build_object('your agents', agents), admins)),
    'talent_contacts', contact_audience,
    'talent_media', jsonb_build_object('headshots and reels', profile_audience,
      'attached to your submissions (media_ids)', applied_to,
      'self-tapes', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
        || coalesce((select jsonb_agg(distinct private.project_audience(r.project_id, casting, cleared))
                     from public.self_tape_requests r where r.talent_id = any (tids)), '[]')),
    'talent_credits', profile_audience,
    'guardian_consents', jsonb_build_array(jsonb_build_object('your agents', agents), admins),
    'representations', jsonb_build_array(jsonb_build_object('your agents', agents), admins),
    'agency_memberships', jsonb_build_array('the other members of the agency', admins),
    'project_memberships', jsonb_build_array('the other members of each project', admins),
    'submissions', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(s.project_id, casting, cleared))
                   from public.submissions s where s.talent_id = any (tids)), '[]'),
    'audition_bookings', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(b.project_id, casting, cleared))
                   from public.audition_bookings b where b.talent_id = any (tids)), '[]'),
    'offers', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(o.project_id, '{owner,casting_director,associate,producer}', cleared))
                   from public.offers o where o.talent_id = any (tids)), '[]'),
    'self_tape_requests', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(r.project_id, casting, cleared))
                   from public.self_tape_requests r where r.talent_id = any (tids)), '[]'),
    'project_invitations', jsonb_build_array(jsonb_build_object('your agents', agents), 'the casting team of each project', admins),
    'nda_acceptances', jsonb_build_array('the owners of each project', admins),
    'shortlist_votes', jsonb_build_array('the other members of each project', admins),
    'evaluations_written', jsonb_build_array('the casting team of each project', admins),
    'notifications', jsonb_build_array(admins),
    'audit_entries', jsonb_build_array(admins));
end;
$$;

create or replace function private.export_part(part text, after text, page_size integer)
returns table (k text, item jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  tids uuid[];
  cleared uuid[];
  a text := coalesce(after, '');
  n integer := least(greatest(coalesce(page_size, 500), 1), 1000);
begin
  if uid is null then
    raise exception 'sign in to export your data' using errcode = '42501';
  end if;
  if not (part = any (private.export_parts())) then
    raise exception 'part must be one of %', array_to_string(private.export_parts(), ', ') using errcode = '22023', hint = 'part';
  end if;
  tids := array(select tp.id from public.talent_profiles tp where tp.user_id = uid);
  cleared := private.nda_cleared_project_ids();
  case part
  when 'account' then
    return query select u.id::text, jsonb_build_object('email', u.email, 'phone', u.phone, 'created_at', u.created_at,
      'last_sign_in_at', u.last_sign_in_at, 'email_confirmed_at', u.email_confirmed_at,
      'sign_in_methods', (select jsonb_agg(i.provider) from auth.identities i where i.user_id = u.id))
    from auth.users u where u.id = uid and u.id::text > a;
  when 'profile' then
    return query select p.id::text, to_jsonb(p) from public.profiles p where p.id = uid and p.id::text > a;
  when 'roles' then
    return query select r.id::text, jsonb_build_object('role', r.role, 'granted_at', r.granted_at)
    from public.user_roles r where r.user_id = uid and r.id::text > a order by 1 limit n;
  when 'role_requests' then
    return query select r.id::text, to_jsonb(r) - 'reviewed_by' from public.role_requests r
    where r.user_id = uid and r.id::text > a order by 1 limit n;
  when 'consents' then
    return query select c.id::text, to_jsonb(c) || jsonb_build_object('notice',
      (select n2.body from public.consent_notices n2 where n2.purpose = c.purpose and n2.version = c.notice_version))
    from public.consents c where c.user_id = uid and c.id::text > a order by 1 limit n;
  when 'talent_profiles' then
    return query select t.id::text, to_jsonb(t) - 'embedding' - 'search_tsv'
    from public.talent_profiles t where t.id = any (tids) and t.id::text > a order by 1 limit n;
  when 'talent_contacts' then
    return query select c.talent_id::text, to_jsonb(c) from public.talent_contacts c
    where c.talent_id = any (tids) and c.talent_id::text > a order by 1 limit n;
  when 'talent_media' then
    return query select m.id::text, to_jsonb(m) from public.talent_media m
    where m.talent_id = any (tids) and m.id::text > a order by 1 limit n;
  when 'talent_credits' then
    return query select c.id::text, to_jsonb(c) from public.talent_credits c
    where c.talent_id = any (tids) and c.id::text > a order by 1 limit n;
  when 'guardian_consents' then
    return query select g.id::text, to_jsonb(g) from public.guardian_consents g
    where g.talent_id = any (tids) and g.id::text > a order by 1 limit n;
  when 'representations' then
    return query select r.id::text, to_jsonb(r) - 'proposed_by' || jsonb_build_object('agency', ag.name)
    from public.representations r join public.agencies ag on ag.id = r.agency_id
    where r.talent_id = any (tids) and r.id::text > a order by 1 limit n;
  when 'agency_memberships' then
    return query select m.id::text, jsonb_build_object('agency', ag.name, 'agency_role', m.agency_role, 'since', m.created_at)
    from public.agency_members m join public.agencies ag on ag.id = m.agency_id
    where m.user_id = uid and m.id::text > a order by 1 limit n;
  when 'project_memberships' then
    return query select m.id::text, jsonb_build_object('project_id', m.project_id, 'project', private.project_label(m.project_id, cleared),
      'project_role', m.project_role, 'since', m.created_at)
    from public.project_members m where m.user_id = uid and m.id::text > a order by 1 limit n;
  when 'submissions' then
    return query select s.id::text, to_jsonb(s) - 'submitted_by' || jsonb_build_object(
      'sharing', private.submission_sharing(s.id),
      'project', private.project_label(s.project_id, cleared),
      'role', case when private.project_label(s.project_id, cleared) = 'a confidential project' then null
                   else (select cr.name from public.casting_roles cr where cr.id = s.casting_role_id) end)
    from public.submissions s where s.talent_id = any (tids) and s.id::text > a order by 1 limit n;
  when 'audition_bookings' then
    return query select b.id::text, to_jsonb(b) - 'booked_by' || jsonb_build_object('project', private.project_label(b.project_id, cleared))
    from public.audition_bookings b where b.talent_id = any (tids) and b.id::text > a order by 1 limit n;
  when 'offers' then
    return query select o.id::text, to_jsonb(o) - 'created_by' || jsonb_build_object('project', private.project_label(o.project_id, cleared))
    from public.offers o where o.talent_id = any (tids) and o.id::text > a order by 1 limit n;
  when 'self_tape_requests' then
    return query select r.id::text, to_jsonb(r) - 'requested_by' || jsonb_build_object('project', private.project_label(r.project_id, cleared))
    from public.self_tape_requests r where r.talent_id = any (tids) and r.id::text > a order by 1 limit n;
  when 'project_invitations' then
    return query select i.id::text, to_jsonb(i) - 'invited_by' || jsonb_build_object('project', private.project_label(i.project_id, cleared))
    from public.project_invitations i where i.talent_id = any (tids) and i.id::text > a order by 1 limit n;
  when 'nda_acceptances' then
    return query select x.id::text, to_jsonb(x) || jsonb_build_object('project', private.project_label(x.project_id, cleared))
    from public.nda_acceptances x where x.user_id = uid and x.id::text > a order by 1 limit n;
  when 'shortlist_votes' then
    return query select v.id::text, to_jsonb(v) from public.shortlist_votes v where v.user_id = uid and v.id::text > a order by 1 limit n;
  when 'evaluations_written' then
    return query select e.id::text, to_jsonb(e) from public.submission_evaluations e where e.author_id = uid and e.id::text > a order by 1 limit n;
  when 'notifications' then
    return query select x.id::text, to_jsonb(x) from public.notifications x where x.user_id = uid and x.id::text > a order by 1 limit n;
  when 'audit_entries' then
    -- what the audit log says the person did, and what it recorded about their rows
    return query select lpad(l.id::text, 20, '0'), to_jsonb(l) from public.audit_log l
    where lpad(l.id::text, 20, '0') > a
      and (l.actor_id = uid or l.new_data ->> 'user_id' = uid::text or l.old_data ->> 'user_id' = uid::text
           or l.new_data ->> 'talent_id' = any (tids::text[]) or l.old_data ->> 'talent_id' = any (tids::text[]))
    order by 1 limit n;
  end case;
end;
$$;
