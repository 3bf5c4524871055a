-- How search finds the nearest profiles (private.vector_search_plan): an exact scan where the
-- table or the filtered rows are few, otherwise the HNSW index with a search list sized for
-- the filters, never shorter than the depth asked for; a benchmark's forced plan wins; and the
-- plan never changes what a caller may see or the order of a small search.
begin;
\ir fixture.sql
select plan(8);
analyze public.talent_profiles;

select is(private.vector_search_plan('true', 20, null, null, null, '{}', '{}', null, null, null), 'exact',
  'a table of a few profiles is scanned exactly');
select set_config('castmatch.search_vector_plan', '40', true);
select is(private.vector_search_plan('true', 20, null, null, null, '{}', '{}', null, null, null), '40',
  'castmatch.search_vector_plan forces a plan');
select set_config('castmatch.search_vector_plan', '', true);

-- as if the table held a million profiles (statistics only; rolled back)
update pg_catalog.pg_class set reltuples = 1000000 where oid = 'public.talent_profiles'::regclass;
select is(private.vector_search_plan('true', 20, null, null, null, '{}', '{}', null, null, null), '200',
  'an unfiltered search of a large table walks the graph with a list of 200');
select is(private.vector_search_plan('true', 300, null, null, null, '{}', '{}', null, null, null), '300',
  'never shorter than the depth asked for');
update pg_catalog.pg_class set reltuples = -1 where oid = 'public.talent_profiles'::regclass;
select is(private.vector_search_plan('true', 20, null, null, null, '{}', '{}', null, null, null), '400',
  'without statistics, the longest list');
analyze public.talent_profiles;

-- the same results, in the same order, whichever plan finds them, and only what the caller may
-- see: T1 (casting-only) lies exactly at the query; ten public profiles around it
select tests.create_supabase_user('outsider');  -- signed up, no role: sees public profiles only
select tests.create_supabase_user('near_' || i) from generate_series(1, 10) i;
insert into public.user_roles (user_id, role) select tests.get_supabase_uid('near_' || i), 'talent' from generate_series(1, 10) i;
insert into public.consents (user_id, purpose, notice_version) select tests.get_supabase_uid('near_' || i), 'casting_visibility', 1 from generate_series(1, 10) i;
insert into public.talent_profiles (user_id, stage_name, gender, playing_age_min, playing_age_max, languages, skills, city, bio, visibility)
select tests.get_supabase_uid('near_' || i), 'Near ' || i, 'female', 20, 30, '{hindi}', '{dance}', 'Pune', 'A performer.', 'public'
from generate_series(1, 10) i;
create function pg_temp.v(x double precision) returns extensions.halfvec language sql as
$$ select ('[' || array_to_string(array_fill(0.1::real, array[383]), ',') || ',' || x::text || ']')::extensions.halfvec(384) $$;
update public.talent_profiles set embedding = pg_temp.v(coalesce(nullif(regexp_replace(stage_name, '\D', '', 'g'), '')::double precision / 7, 2.0));
update public.talent_profiles set embedding = pg_temp.v(0.5) where id = tests.fx('T1');
create temp table plans (who text, plan text, ids uuid[]);
grant all on plans to authenticated;
create function pg_temp.ranked(who text) returns void language sql as $$
  insert into plans select who, p, array(
    select h.talent_id from (select set_config('castmatch.search_vector_plan', p, true)) s,
      private.hybrid_rank(null, pg_temp.v(0.5), keyword_weight => 0, fit_weight => 0, depth => 5) h
    order by h.score desc, h.talent_id)
  from unnest(array['exact', '400', '40', '']) p $$;
grant execute on function pg_temp.ranked(text), pg_temp.v(double precision) to authenticated;
select tests.authenticate_as('cd_member');
select pg_temp.ranked('cd_member');
select tests.authenticate_as('outsider');
select pg_temp.ranked('outsider');
select tests.clear_authentication();
select is((select count(distinct ids) from plans where who = 'cd_member'), 1::bigint,
  'exact scan, long and short search lists and the chosen plan find the same five, in the same order');
select ok((select bool_and(cardinality(ids) = 5 and ids[1] = tests.fx('T1')) from plans where who = 'cd_member'),
  'a casting director finds the casting-only profile at the query first');
select ok((select count(distinct ids) = 1 and bool_and(cardinality(ids) = 5 and not tests.fx('T1') = any (ids)) from plans where who = 'outsider'),
  'a user without a role finds five public profiles by every plan, never the casting-only one');

select * from finish();
rollback;
