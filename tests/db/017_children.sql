-- Children (sql/21_guardians.sql): a profile of someone under 18 is shown to nobody but the
-- talent, their agents and admins until a guardian consents through a signed, expiring link
-- emailed to them; the child cannot consent for themselves, submit, or be sent marketing; and
-- the ranking uses no activity signal, so a child is never ranked by one.
begin;
\ir fixture.sql
select plan(38);
grant insert on tests.fixture to authenticated;  -- personas remember what they made

-- T1 turns out to be 15.
update public.talent_profiles set date_of_birth = current_date - 15 * 365, guardian_name = 'Lakshmi Iyer',
  guardian_email = 'lakshmi.iyer@example.com' where id = tests.fx('T1');

-- ── Hidden until a guardian consents ──
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0,
  'her own earlier consents do not count for a child: casting teams do not see the profile');
select is((select count(*)::int from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 0, 'nor find it in search');
select tests.authenticate_as('agent_rep');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1, 'her agent sees it');
select tests.authenticate_as('admin');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1, 'so do admins');
select tests.authenticate_as('talent');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1, 'and she does');
update public.consents set withdrawn_at = now() where withdrawn_at is null;
select throws_ok($$insert into public.consents (purpose, notice_version) values ('casting_visibility', 1)$$,
  '23514', 'for talent under 18 a guardian gives consent: ask for it with request_guardian_consent', 'a child cannot consent for herself');
select throws_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 1)$$,
  '23514', 'CastMatch sends no marketing to anyone under 18', 'nor to marketing, ever');
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP2'), tests.fx('T1'))$$,
  '23514', 'talent under 18 submit only after their guardian consents (request_guardian_consent)', 'nor submit to a role');

-- ── Asking the guardian ──
select tests.authenticate_as('cd_member');
select throws_ok($$select public.request_guardian_consent(tests.fx('T1'))$$, 'PT404', null, 'a casting director cannot ask for her');
select tests.authenticate_as('other_talent');
select throws_ok($$select public.request_guardian_consent(tests.fx('T2'))$$, '23514', null, 'an adult needs no guardian');
select tests.authenticate_as('talent');
select tests.remember('first_request', public.request_guardian_consent(tests.fx('T1')));
select tests.authenticate_as('agent_rep');
select tests.remember('request', public.request_guardian_consent(tests.fx('T1')));
select tests.clear_authentication();
-- the links' tokens, as the sender mints them (tests read them from here as any persona)
create temp table tok as select r.name, private.guardian_token(tests.fx(r.name)) as token from (values ('request'), ('first_request')) r (name);
grant select on tok to authenticated, service_role;
select is((select status from public.guardian_consents where id = tests.fx('first_request')), 'superseded', 'a newer request replaces a pending one');
select is((select guardian_email || ' ' || status from public.guardian_consents where id = tests.fx('request')),
  'lakshmi.iyer@example.com pending', 'the request goes to the guardian on the profile');
select is((select count(*)::int from public.notifications where kind = 'guardian.consent_request' and user_id is null
           and email_to = 'lakshmi.iyer@example.com' and body like '%{{link}}%' and data ->> 'guardian_consent_id' = tests.fx('request')::text),
  1, 'an email to the guardian is queued, its link left for the sender to fill in');
select tests.authenticate_as('talent');
select is((select count(*)::int from public.notifications where kind = 'guardian.consent_request'), 0,
  'the child does not read the guardian''s email');
select is((select count(*)::int from public.guardian_consents where talent_id = tests.fx('T1')), 3, 'but sees the requests made for her');
select tests.authenticate_as_service_role();
create temp table sent on commit drop as select * from public.claim_notification_emails(500) where kind = 'guardian.consent_request';
select is((select email || ' ' || (link_token = private.guardian_token(tests.fx('request')))::text from sent
           where link_token like tests.fx('request')::text || '.%'), 'lakshmi.iyer@example.com true',
  'sending mints the signed link token (stored nowhere)');

-- ── The guardian opens the link ──
select tests.authenticate_as_service_role();
select is(public.guardian_consent_details(private.guardian_token(tests.fx('request'))) ->> 'talent', 'Ananya Iyer',
  'the link shows whom the consent is for');
select is(jsonb_array_length(public.guardian_consent_details(private.guardian_token(tests.fx('request'))) -> 'purposes'), 2,
  'and the two notices the guardian is asked about, never marketing');
select throws_ok(format('select public.guardian_consent_details(%L)', tests.fx('request')::text || '.' || repeat('0', 64)),
  'PT404', 'this consent link is not valid', 'a forged link is refused');
select throws_ok(format('select public.guardian_consent_details(%L)', private.guardian_token(tests.fx('first_request'))),
  'PT410', null, 'a replaced link is gone');
select tests.authenticate_as('talent');
select throws_ok(format('select public.answer_guardian_consent(%L, true, ''{casting_visibility}'')', (select token from tok where name = 'request')),
  '42501', null, 'the child cannot answer in the guardian''s place');
select tests.authenticate_as_service_role();
select throws_ok(format('select public.answer_guardian_consent(%L, true, ''{marketing_email}'')', private.guardian_token(tests.fx('request'))),
  '22023', null, 'the guardian answers only what was asked');
select is(public.answer_guardian_consent(private.guardian_token(tests.fx('request')), true, '{casting_visibility}',
                                         '{"user_agent": "Mozilla/5.0"}'),
  '{"status": "given", "purposes": ["casting_visibility"]}'::jsonb, 'the guardian consents to being shown, not to sharing contacts');
select throws_ok(format('select public.answer_guardian_consent(%L, true, ''{casting_visibility}'')', private.guardian_token(tests.fx('request'))),
  'PT409', null, 'a link is answered once');
select tests.clear_authentication();
select is((select array_agg(purpose::text || '/' || given_by) from public.consents
           where user_id = tests.get_supabase_uid('talent') and withdrawn_at is null), '{casting_visibility/guardian}',
  'the answer is a consent given by the guardian, for the child');
select ok((select guardian_consent_at is not null and discoverable and not contacts_shared from public.talent_profiles where id = tests.fx('T1')),
  'recorded on the profile: shown, contacts not shared');
select is((select evidence ->> 'user_agent' from public.guardian_consents where id = tests.fx('request')), 'Mozilla/5.0', 'with evidence of the answer');
select ok(exists (select 1 from public.audit_log where table_name = 'guardian_consents' and row_id = tests.fx('request')::text
                  and new_data ->> 'status' = 'given'), 'the answer is audit-logged');
select is((select count(*)::int from public.notifications where kind = 'guardian.consent_answered' and data ->> 'status' = 'given'), 3,
  'the child and her agency''s two agents hear the answer');

select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1, 'now casting teams see her');
select is((select count(*)::int from public.talent_contacts where talent_id = tests.fx('T1')), 0, 'but not her contacts');
select tests.authenticate_as('talent');
select lives_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP2'), tests.fx('T1'))$$, 'and she may submit');
select throws_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 1)$$,
  '23514', null, 'still never marketing');

-- ── Expiry, refusal, flooding ──
select tests.remember('late', public.request_guardian_consent(tests.fx('T1')));
select tests.clear_authentication();
update public.guardian_consents set expires_at = now() - interval '1 minute' where id = tests.fx('late');
select tests.authenticate_as_service_role();
select throws_like(format('select public.answer_guardian_consent(%L, true, ''{casting_visibility}'')', private.guardian_token(tests.fx('late'))),
  'this consent link expired at%', 'an expired link is refused');
select tests.authenticate_as('talent');
select tests.remember('refused', public.request_guardian_consent(tests.fx('T1')));
select tests.authenticate_as_service_role();
select is(public.answer_guardian_consent(private.guardian_token(tests.fx('refused')), false) ->> 'status', 'refused', 'a guardian may refuse');
select tests.authenticate_as('talent');
select is((select count(*)::int from public.guardian_consents where talent_id = tests.fx('T1')), 5, 'five requests today');
select throws_ok($$select public.request_guardian_consent(tests.fx('T1'))$$, 'PT429', null, 'at most five emails a day to a guardian');
select tests.clear_authentication();

-- ── Never ranked by activity ──
-- Two profiles alike in every ranked attribute, one a child (with consent) who never did anything,
-- one an adult with submissions, a recent edit and a sign-in: the ranking cannot tell them apart.
select tests.create_supabase_user('twin_child');
select tests.create_supabase_user('twin_adult');
insert into public.user_roles (user_id, role) values (tests.get_supabase_uid('twin_child'), 'talent'), (tests.get_supabase_uid('twin_adult'), 'talent');
insert into public.consents (user_id, purpose, notice_version) values (tests.get_supabase_uid('twin_adult'), 'casting_visibility', 1);
insert into public.talent_profiles (user_id, stage_name, gender, playing_age_min, playing_age_max, date_of_birth, languages, city, bio,
                                    guardian_name, guardian_email, embedding)
select tests.get_supabase_uid(u), 'Twin Kavya', 'female', 14, 18, dob, '{hindi}', 'Pune', 'Kathak dancer who loves quizzing.',
       'Meena Rao', 'meena@example.com', ('[' || array_to_string(array_fill(0.05, array[384]), ',') || ']')::extensions.halfvec(384)
from (values ('twin_child', current_date - 15 * 365), ('twin_adult', current_date - 19 * 365)) v (u, dob);
with request as (insert into public.guardian_consents (talent_id, guardian_name, guardian_email)
                 select id, 'Meena Rao', 'meena@example.com' from public.talent_profiles where user_id = tests.get_supabase_uid('twin_child') returning id)
select public.answer_guardian_consent(private.guardian_token(id), true, '{casting_visibility}') from request;
insert into public.submissions (casting_role_id, talent_id)
select r, (select id from public.talent_profiles where user_id = tests.get_supabase_uid('twin_adult')) from unnest(array[tests.fx('RP'), tests.fx('RP2')]) r;
update auth.users set last_sign_in_at = now() where id = tests.get_supabase_uid('twin_adult');
update public.talent_profiles set updated_at = now() + interval '1 day' where user_id = tests.get_supabase_uid('twin_adult');
select tests.authenticate_as('cd_member');
select is((select count(distinct score)::int || '/' || count(*)::int
           from public.search_talent('Kathak dancer quizzing', '[' || array_to_string(array_fill(0.05, array[384]), ',') || ']', match_count => 50,
                                     query_model => private.embedding_model())
           where stage_name = 'Twin Kavya'), '1/2', 'a child and an adult alike in every ranked attribute score the same, whatever their activity');
select tests.clear_authentication();

select * from finish();
rollback;
