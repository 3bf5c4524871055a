-- Accept what people type: language names in any script or spelling, and tags in any case
-- or spacing, become the canonical tag before the CHECK, on every path that writes them (as
-- the talent, the casting team, or a project owner); what cannot be a tag is refused with an
-- error naming the field and the rule. And search: filters and named languages in any script,
-- full text across scripts through search_text and query_terms.
begin;
\ir fixture.sql
select plan(23);

-- ── Language names → tags ──
select is(private.language_tag(' Hindi '), 'hindi', 'case and surrounding space');
select is(private.language_tag('हिंदी'), 'hindi', 'Hindi in Devanagari');
select is(private.language_tag('हिन्दी'), 'hindi', 'and its other spelling');
select is(private.language_tag('मराठी'), 'marathi', 'Marathi in Devanagari');
select is(array[private.language_tag('বাংলা'), private.language_tag('ਪੰਜਾਬੀ'), private.language_tag('ગુજરાતી'), private.language_tag('தமிழ்'),
                private.language_tag('తెలుగు'), private.language_tag('ಕನ್ನಡ'), private.language_tag('മലയാളം'), private.language_tag('Bangla')],
  array['bengali', 'punjabi', 'gujarati', 'tamil', 'telugu', 'kannada', 'malayalam', 'bengali'],
  'every language we support, in its own script, and a romanised variant');
select is(private.canonical_languages(array['Hindi', 'हिंदी', ' tamil', 'தமிழ்', 'Bhojpuri']), array['hindi', 'tamil', 'bhojpuri'],
  'a list keeps its order and loses the repeats that canonicalising makes');
select is(private.canonical_tags(array[' Kathak ', 'kathak', 'Stage   Combat']), array['kathak', 'stage combat'], 'skills: case and spaces');

-- ── Every write path canonicalises ──
select tests.authenticate_as('talent');
update public.talent_profiles set languages = array['Hindi', 'तमिल', ' English '], skills = array['Bharatanatyam', ' Swimming']
 where id = tests.fx('T1');
select is((select jsonb_build_array(languages, skills) from public.talent_profiles where id = tests.fx('T1')),
  '[["hindi", "tamil", "english"], ["bharatanatyam", "swimming"]]'::jsonb, 'a talent writing "Hindi" and "तमिल" stores hindi and tamil');
select throws_ok($$update public.talent_profiles set languages = array['हिंदी', 'भाषा123'] where id = tests.fx('T1')$$,
  '23514', null, 'a name that cannot be a tag is refused as a check violation');
select throws_like($$update public.talent_profiles set skills = array['kathak!'] where id = tests.fx('T1')$$,
  'skills: "kathak!" is not a tag%', 'the error names the field, the value and the rule');
select throws_like($$update public.talent_profiles set languages = array['ਭਾਸ਼ਾ'] where id = tests.fx('T1')$$,
  'languages: "ਭਾਸ਼ਾ" is not a language name we know%', 'an unknown name in another script names the field and what is accepted');
select tests.authenticate_as('cd_member');
update public.casting_roles set languages = array['हिंदी', 'Marathi'] where id = tests.fx('RP');
select is((select languages from public.casting_roles where id = tests.fx('RP')), array['hindi', 'marathi'], 'so does the casting team writing a role');
update public.projects set language = ' Hindi ' where id = tests.fx('P');
select is((select language from public.projects where id = tests.fx('P')), 'hindi', 'and a project''s language');
update public.projects set language = 'தமிழ்' where id = tests.fx('P');
select is((select language from public.projects where id = tests.fx('P')), 'tamil', 'in any script');
select throws_like($$update public.projects set language = 'x1' where id = tests.fx('P')$$,
  'language: "x1" is not a language name we know%', 'a project language that cannot be a tag names the field');

-- ── Search ──
select is(private.named_languages('Tamil bolne wala, हिंदी भी'), array['hindi', 'tamil'], 'a query names languages in any script');
select is(private.named_languages('“தமிழ்” பேசும், ਪੰਜਾਬੀ/বাংলা!'), array['bengali', 'punjabi', 'tamil'],
  'in scripts whose words end in a virama, between any punctuation');
select is(private.named_languages('street-smart college girl'), '{}'::text[], 'and none when it names none');
select is((select count(*) from public.search_talent('theatre actor', languages => array['தமிழ்', 'Hindi']) where talent_id = tests.fx('T1')),
  1::bigint, 'filters accept language names in any script');
select is((select (explanation -> 'fit' -> 'languages_matched') from public.search_talent('तमिल बोलने वाली') where talent_id = tests.fx('T1')),
  '["tamil"]'::jsonb, 'a language the query names is a fit criterion, named by its tag');
select tests.clear_authentication();
-- search_text holds what the embed worker writes (functions/_shared/romanise.ts)
update public.talent_profiles set bio = 'ज़बरदस्त नाचती है', search_text = 'jabardast nachti hai' where id = tests.fx('T1');
select tests.authenticate_as('cd_member');
select is((select count(*) from public.search_talent('naachti', query_terms => 'nachti') where talent_id = tests.fx('T1')), 1::bigint,
  'a romanised query finds a Devanagari bio through the romanised terms');
select is((select count(*) from public.search_talent('naachti') where talent_id = tests.fx('T1')), 0::bigint,
  'without them, words match only as written');
select throws_ok($$select * from public.search_talent('naachti', query_terms => repeat('a ', 1001))$$, '22023',
  'query_terms must be at most 2000 characters', 'query_terms are bounded');
select tests.clear_authentication();

select * from finish();
rollback;
