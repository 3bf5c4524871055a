-- Consent as data (sql/15_consent.sql): versioned notices, consents given to the current one,
-- withdrawals stamped by the database and never undone, and the effect through RLS on the very
-- next query: a withdrawn "shown to casting teams" hides the profile from search, matching and
-- share links (a submission still shares it with the team it was sent to); a withdrawn "contact sharing" hides contacts; marketing only with consent.
begin;
\ir fixture.sql
select plan(31);

-- ── Notices and giving consent ──
select tests.authenticate_as('talent');
select is((select count(*)::int from public.consents where withdrawn_at is null), 2, 'the talent sees their two active consents');
select throws_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 7)$$,
  '23514', 'consent is given to the current notice for marketing_email (version 1)', 'consent names the current notice version');
select lives_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 1)$$, 'the talent opts in to marketing');
select throws_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 1)$$,
  '23505', null, 'one active consent per purpose');
select throws_ok($$insert into public.consents (user_id, purpose, notice_version) values (tests.get_supabase_uid('other_talent'), 'marketing_email', 1)$$,
  '42501', null, 'nobody consents for someone else');
select throws_ok($$insert into public.consent_notices (purpose, body) values ('marketing_email', 'A sneaky new marketing text for everyone.')$$,
  '42501', null, 'only admins publish notices');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.consent_notices), 3, 'anyone reads the notices');
select throws_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 1)$$,
  '42501', null, 'anonymous visitors give no consent');
select tests.authenticate_as('admin');
with v as (insert into public.consent_notices (purpose, body)
  values ('marketing_email', 'Email me news, now also by WhatsApp where I allow it.') returning version)
select is((select version from v), 2, 'an admin publishes a new version; the database numbers it');
select tests.authenticate_as('other_talent');
select throws_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 1)$$,
  '23514', null, 'after a new version, consent is given to it');
select lives_ok($$insert into public.consents (purpose, notice_version) values ('marketing_email', 2)$$, 'to the current version it is');
select tests.clear_authentication();

-- ── Marketing goes only to those who consent ──
select tests.authenticate_as_service_role();
select is((select array_agg(user_id order by user_id) from public.marketing_audience()),
  (select array_agg(u order by u) from unnest(array[tests.get_supabase_uid('talent'), tests.get_supabase_uid('other_talent')]) u),
  'the marketing audience is who opted in');
select tests.authenticate_as('talent');
select throws_ok($$select * from public.marketing_audience()$$, '42501', null, 'and only the service role reads it');
update public.consents set withdrawn_at = now() where purpose = 'marketing_email';
select tests.authenticate_as_service_role();
select is((select array_agg(user_id) from public.marketing_audience()), array[tests.get_supabase_uid('other_talent')],
  'a withdrawal takes the talent out of it at once');

-- ── Withdrawal is stamped and final ──
select tests.authenticate_as('talent');
select ok((select withdrawn_at = now() from public.consents where purpose = 'marketing_email'), 'the database stamps the withdrawal');
select throws_ok($$update public.consents set withdrawn_at = null where purpose = 'marketing_email'$$,
  '23514', null, 'a withdrawal is never undone (give a new consent instead)');
select throws_ok($$update public.consents set notice_version = 1, given_at = now() - interval '1 year' where purpose = 'casting_visibility'$$,
  '42501', null, 'a consent is never edited');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.consents), 0, 'nobody else reads a person''s consents');

-- ── "Shown to casting teams", withdrawn: gone from search, matching and links on the next query ──
select is((select count(*)::int from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 1,
  'a casting director finds the talent by name');
select is((select count(*)::int from public.match_talent(tests.fx('RP'), 50) where talent_id = tests.fx('T1')), 1,
  'and matches her to a role');
select tests.authenticate_as('talent');
update public.consents set withdrawn_at = now() where purpose = 'casting_visibility' and withdrawn_at is null;
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 0,
  'after the withdrawal, search does not find her');
select is((select count(*)::int from public.match_talent(tests.fx('RP'), 50) where talent_id = tests.fx('T1')), 0,
  'nor does matching');
select is((select count(*)::int from private.hybrid_rank(null, null, preferred_skills => '{bharatanatyam}',
                                                        semantic_weight => 0, keyword_weight => 0, fit_weight => 1)
           where talent_id = tests.fx('T1')), 0, 'nor any source of the ranking');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1,
  'the team of the project she submitted to still reads her profile (her submission shares it: 022_applicant_sharing.sql)');
select is((select count(*)::int from public.submissions where talent_id = tests.fx('T1')), 1,
  'her submission itself stays with the casting team (she withdraws it separately)');
select tests.authenticate_as_service_role();
select is(jsonb_array_length(public.shared_shortlist(private.share_token(tests.fx('SH1'))) -> 'talent'), 0,
  'a shared shortlist link no longer lists her');
select tests.authenticate_as('agent_rep');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1, 'her agent still sees the profile');
select tests.authenticate_as('talent');
select ok((select not discoverable from public.talent_profiles where id = tests.fx('T1')), 'and so does she, marked not shown');
insert into public.consents (purpose, notice_version) values ('casting_visibility', 1);
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 1,
  'consenting again brings her back');

-- ── Contact sharing ──
select tests.authenticate_as('talent');
update public.consents set withdrawn_at = now() where purpose = 'contact_sharing' and withdrawn_at is null;
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_contacts where talent_id = tests.fx('T1')), 0,
  'a withdrawn contact sharing hides her contacts from the casting team');
select tests.clear_authentication();
select is((select count(*)::int from public.audit_log where table_name = 'consents' and actor_id = tests.get_supabase_uid('talent')),
  5, 'every consent given and withdrawn is in the audit log');

select * from finish();
rollback;
