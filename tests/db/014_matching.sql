-- Matching at scale: which words of a query the full-text source looks up (decided by
-- ANALYZE's statistics), and that the index lookups, which bypass row-level security to use
-- the indexes at all, only ever nominate candidates that the caller's policies then filter.
begin;
\ir fixture.sql
select plan(13);
-- the lexemes of an OR query, as a sorted set (tsquery equality also compares the order)
create function pg_temp.words(q tsquery) returns text[] language sql as
$$ select coalesce(array_agg(distinct replace(m[1], '''''', '''') order by replace(m[1], '''''', '''')), '{}')
   from regexp_matches(q::text, '''((?:[^'']|'''')*)''', 'g') m $$;
select tests.create_supabase_user('outsider');  -- signed up, no role, in no project

-- 30 more public profiles whose bios share one word, so that ANALYZE counts it 30 times
select tests.create_supabase_user('bulk_' || i) from generate_series(1, 30) i;
update public.talent_profiles set bio = bio || ' Keeps a quokka.' where stage_name in ('Bulk 1', 'Bulk 2', 'Bulk 3', 'Bulk 4', 'Bulk 5');
insert into public.user_roles (user_id, role) select tests.get_supabase_uid('bulk_' || i), 'talent' from generate_series(1, 30) i;
insert into public.consents (user_id, purpose, notice_version) select tests.get_supabase_uid('bulk_' || i), 'casting_visibility', 1 from generate_series(1, 30) i;
insert into public.talent_profiles (user_id, stage_name, gender, playing_age_min, playing_age_max, languages, skills, city, bio, visibility)
select tests.get_supabase_uid('bulk_' || i), 'Bulk ' || i, 'male', 20, 30, '{hindi}', '{juggling}', 'Pune', 'A zephyrine performer.', 'public'
from generate_series(1, 30) i;

-- ── Which words are looked up ──
select is(pg_temp.words(private.rare_words_query('zephyrine Ananya', 10)), pg_temp.words(private.any_words_query('zephyrine Ananya')),
  'without statistics on the new words, every word is looked up');
analyze public.talent_profiles;
select is(private.rare_words_query('zephyrine Ananya', 10), 'ananya'::tsquery,
  'after ANALYZE, a word in more profiles than the budget is left out');
select is(private.rare_words_query('zephyrine', 10), null, 'a query of common words only does not use the index at all');
select is(pg_temp.words(private.rare_words_query('zephyrine quokka', 40)), '{quokka,zephyrin}',
  'rarest first, while the estimated matches fit the budget (5 + 30, not + 30 more for the unstemmed form)');
select is(pg_temp.words(private.rare_words_query('zephyrine Ananya', 100)), pg_temp.words(private.any_words_query('zephyrine Ananya')),
  'under a higher budget the same word is looked up');
select is(pg_temp.words(private.any_words_query('see https://reel.example/o''neil')), private.query_lexemes('see https://reel.example/o''neil'),
  'every lexeme, one with a quote too, survives into the OR query');

-- ── Lookups nominate; policies decide ──
select ok(tests.fx('T1') = any (private.text_matches('ananya'::tsquery, 10)), 'the word lookup sees every profile (T1 is casting-only)');
select ok(tests.fx('T1') = any (private.fit_matches('{bharatanatyam}', null, '{}', 10)), 'so does the skills lookup');
select tests.authenticate_as('outsider');
select is((select count(*) from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 0::bigint,
  'a user without a role does not find a casting-only profile by its name');
select is((select count(*) from private.hybrid_rank(null, null, preferred_skills => '{bharatanatyam}',
                                                    semantic_weight => 0, keyword_weight => 0, fit_weight => 1)
           where talent_id = tests.fx('T1')), 0::bigint,
  'nor by its skills');
select is((select count(*) from public.search_talent('zephyrine', match_count => 50)), 30::bigint,
  'but does find the 30 public profiles with a word');
select tests.authenticate_as('cd_member');
select is((select count(*) from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 1::bigint,
  'a casting director finds it by name');
select is((select count(*) from private.hybrid_rank(null, null, preferred_skills => '{bharatanatyam}',
                                                    semantic_weight => 0, keyword_weight => 0, fit_weight => 1)
           where talent_id = tests.fx('T1')), 1::bigint,
  'and by its skills');
select tests.clear_authentication();

select * from finish();
rollback;
