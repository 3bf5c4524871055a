-- Consent in the reader's language (sql/15_consent.sql, sql/16_consent_languages.sql,
-- sql/21_guardians.sql): every notice version reads in English and nine Indian languages, the
-- rest of the Eighth Schedule is ready as data, a consent records the language its giver read,
-- a new English version marks the translations out of date (and they stop being shown), and a
-- guardian reads the email, the notices and the receipt in their own language.
begin;
\ir fixture.sql
select plan(34);
grant insert on tests.fixture to authenticated;

-- ── Languages and translations ──
select tests.authenticate_as_anon();
select is((select count(*)::int from public.notice_languages where eighth_schedule), 22, 'all 22 Eighth-Schedule languages are listed');
select is((select count(*)::int from public.notice_languages where code = 'en' and not eighth_schedule), 1, 'beside English');
select is((select array_agg(language order by language) from public.notice_translations_status where status = 'current' and purpose = 'casting_visibility'),
  '{bn,gu,hi,kn,ml,mr,pa,ta,te}', 'nine languages ship a translation of the current notice');
select is((select count(*)::int from public.notice_translations_status where status = 'current'), 27, 'of all three notices');
select is((select count(*)::int from public.notice_translations_status where status = 'missing'), 13 * 3, 'the other thirteen are ready to add');
select ok((select bool_and(reviewed_by <> '' and translated_by <> '' and reviewed_on is not null) from public.consent_notice_translations),
  'each translation names who wrote it and who reviewed it, and when');
select ok((select bool_and(body ~ '[\u0900-\u0DFF\u0A00-\u0AFF]') from public.consent_notice_translations), 'in its own script');
select throws_ok($$select * from public.consent_notices_in('{mr}')$$, '42501', null,
  'anonymous callers read the tables and the view, but call no function');
select tests.authenticate_as('newcomer');
select is((select array_agg(language || '/' || left(body, 4) order by purpose) from public.consent_notices_in('{mr-IN,hi}')),
  array['mr/माझे', 'mr/मी ज', 'mr/Cast'],
  'a reader who prefers Marathi (mr-IN) reads every notice in Marathi');
select is((select array_agg(distinct language) from public.consent_notices_in('{as,ta}')), '{ta}',
  'a language without a translation is passed over for the next one the reader reads');
select is((select array_agg(distinct language) from public.consent_notices_in('{as}')), '{en}', 'else English');
select is((select array_agg(distinct language) from public.consent_notices_in('{en,mr}')), '{en}', 'English when asked first');

-- ── A consent records the language read ──
select tests.authenticate_as('talent');
update public.consents set withdrawn_at = now() where withdrawn_at is null and purpose = 'contact_sharing';
select lives_ok($$insert into public.consents (purpose, notice_version, notice_language) values ('contact_sharing', 1, 'ta')$$,
  'a talent consents having read the Tamil notice');
select is((select notice_language from public.consents where purpose = 'contact_sharing' and withdrawn_at is null), 'ta', 'which the consent records');
select throws_ok($$update public.consents set notice_language = 'en' where purpose = 'contact_sharing' and withdrawn_at is null$$,
  '42501', null, 'and nobody rewrites');
update public.consents set withdrawn_at = now() where withdrawn_at is null and purpose = 'contact_sharing';
select throws_ok($$insert into public.consents (purpose, notice_version, notice_language) values ('contact_sharing', 1, 'as')$$,
  '23514', null, 'a language the notice was never translated into is refused');
select is((select count(*)::int from public.consents where withdrawn_at is null and purpose = 'casting_visibility' and notice_language = 'en'), 1,
  'consents given before translations existed read English');

-- ── A new English version leaves the translations out of date ──
select tests.authenticate_as('admin');
insert into public.consent_notices (purpose, body) values ('contact_sharing',
  'Share my phone number, email and WhatsApp with the casting teams of projects I submit to or am shortlisted on. I can withdraw this at any time.');
select is((select array_agg(distinct status) from public.notice_translations_status where purpose = 'contact_sharing' and translated_version is not null),
  '{out_of_date}', 'the nine translations of the old version are out of date');
select is((select translated_version || '/' || current_version from public.notice_translations_status where purpose = 'contact_sharing' and language = 'mr'),
  '1/2', 'naming the English version they translate');
select is((select count(*)::int from public.notice_translations_status where purpose <> 'contact_sharing' and status = 'current'), 18,
  'the other notices'' translations stay current');
select is((select language || ' ' || version from public.consent_notices_in('{mr}') where purpose = 'contact_sharing'), 'en 2',
  'an out-of-date translation is no longer shown: the reader gets the current English');
select tests.authenticate_as('talent');
select throws_ok($$insert into public.consents (purpose, notice_version, notice_language) values ('contact_sharing', 2, 'mr')$$,
  '23514', null, 'nor consented to');
select tests.authenticate_as('cd_member');
select throws_ok($$insert into public.consent_notice_translations (purpose, notice_version, language, body, translated_by, reviewed_by, reviewed_on)
                   values ('contact_sharing', 2, 'mr', 'माझा फोन नंबर, ईमेल आणि व्हॉट्सॲप सामायिक करा.', 'x', 'y', current_date)$$,
  '42501', null, 'only admins publish a translation');
select tests.authenticate_as('admin');
insert into public.consent_notice_translations (purpose, notice_version, language, body, translated_by, reviewed_by, reviewed_on)
values ('contact_sharing', 2, 'mr', 'मी ज्या प्रकल्पांसाठी अर्ज करते/करतो किंवा ज्यांच्या शॉर्टलिस्टमध्ये माझे नाव आहे, त्यांच्या कास्टिंग टीमसोबत माझा फोन नंबर, ईमेल आणि व्हॉट्सॲप सामायिक करा. मी ही संमती कधीही मागे घेऊ शकते/शकतो.',
        'a translator', 'a reviewer, by back-translation', current_date);
select is((select status from public.notice_translations_status where purpose = 'contact_sharing' and language = 'mr'), 'current',
  'redone, the Marathi translation is current again');

-- ── The guardian reads in their language ──
select tests.clear_authentication();
update public.talent_profiles set date_of_birth = current_date - 15 * 365, guardian_name = 'Sunita Pawar',
  guardian_email = 'sunita.pawar@example.com' where id = tests.fx('T1');
select tests.authenticate_as('talent');
select throws_ok($$select public.request_guardian_consent(tests.fx('T1'), 'xx')$$, '22023', null, 'an unknown language is refused');
select tests.remember('request', public.request_guardian_consent(tests.fx('T1'), 'mr-IN'));
select tests.clear_authentication();
select is((select title from public.notifications where kind = 'guardian.consent_request' and data ->> 'guardian_consent_id' = tests.fx('request')::text),
  'CastMatch वर Ananya Iyer साठी तुमची संमती आवश्यक आहे', 'the guardian''s email is in Marathi');
select ok((select body like 'प्रिय Sunita Pawar,%' and body like '%{{link}}&lang=mr%' and body ~ '\d\d/\d\d/\d{4} \d\d:\d\d IST'
           from public.notifications where kind = 'guardian.consent_request' and data ->> 'guardian_consent_id' = tests.fx('request')::text),
  'addressed to her, its link opening the page in Marathi, with the deadline');
select tests.authenticate_as_service_role();
select is((select array_agg(p ->> 'language' || ':' || (p ->> 'notice_version')) from jsonb_array_elements(
            public.guardian_consent_details(private.guardian_token(tests.fx('request'))) -> 'purposes') p),
  '{mr:1,mr:2}', 'the page shows the current notices in Marathi');
select is((select array_agg(p ->> 'language') from jsonb_array_elements(
            public.guardian_consent_details(private.guardian_token(tests.fx('request')), 'ta') -> 'purposes') p),
  '{ta,en}', 'in Tamil when she asks, and in English where the Tamil is out of date');
select is(public.answer_guardian_consent(private.guardian_token(tests.fx('request')), true, '{casting_visibility,contact_sharing}', null, 'ta') ->> 'status',
  'given', 'she consents having read the Tamil page');
select tests.clear_authentication();
select is((select array_agg(purpose || ':' || notice_version || ':' || notice_language order by purpose) from public.consents
           where user_id = tests.get_supabase_uid('talent') and withdrawn_at is null),
  '{casting_visibility:1:ta,contact_sharing:2:en}', 'each consent records the language of the text she read');
select is((select language from public.guardian_consents where id = tests.fx('request')), 'ta', 'Tamil becomes her language');
select is((select title from public.notifications where kind = 'guardian.consent_receipt' and data ->> 'guardian_consent_id' = tests.fx('request')::text),
  'Ananya Iyer-க்கான உங்கள் ஒப்புதல் பதிவு செய்யப்பட்டது', 'and her receipt is in Tamil');
select tests.authenticate_as('talent');
select tests.remember('next_request', public.request_guardian_consent(tests.fx('T1')));
select tests.clear_authentication();
select is((select language from public.guardian_consents where id = tests.fx('next_request')), 'ta', 'the next request follows her choice');

select * from finish();
rollback;
