-- An applicant the casting team can see (issue 26): a submission shares the talent's profile,
-- credits and the media attached to it with the casting team of the role's project until the
-- talent withdraws it, whether or not they consent to being shown generally; that consent still
-- governs search, matching and the public board. Children, erased and erasing accounts share
-- nothing through a submission. The talent is told what is shared and with whom.
begin;
\ir fixture.sql
select plan(37);

-- The fixture's talent T1 submitted S1 to Meera (role RP of Bombay Nights, cd_member's project),
-- is on its shortlist, and withdraws her general consent to be shown.
select tests.authenticate_as('talent');
update public.consents set withdrawn_at = now() where purpose = 'casting_visibility' and withdrawn_at is null;
select ok((select not discoverable from public.talent_profiles where id = tests.fx('T1')), 'T1 no longer consents to being shown');

-- ── The team she applied to sees the applicant ──
select tests.authenticate_as('cd_member');
select is((select stage_name from public.talent_profiles where id = tests.fx('T1')), 'Ananya Iyer',
  'the casting team reads the profile of a talent who applied, without her general consent');
select is((select t.stage_name from public.submissions s join public.talent_profiles t on t.id = s.talent_id where s.id = tests.fx('S1')),
  'Ananya Iyer', 'its list of submissions names the applicant');
select is((select count(*)::int from public.talent_credits where talent_id = tests.fx('T1')), 1, 'and her credits');
select is((select count(*)::int from public.talent_media where id = tests.fx('H1')), 0,
  'but not a headshot she did not attach to the submission');
select is((select count(*)::int from storage.objects where bucket_id = 'headshots' and name = tests.fx('T1') || '/headshot.jpg'), 0,
  'nor its file');

-- ── Discovery still needs the consent ──
select is((select count(*)::int from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 0,
  'search does not find the applicant');
select is((select count(*)::int from public.match_talent(tests.fx('RP'), 50) where talent_id = tests.fx('T1')), 0,
  'matching to the very role she applied to does not list her');
select is((select count(*)::int from private.hybrid_rank(null, null, preferred_skills => '{bharatanatyam}',
                                                        semantic_weight => 0, keyword_weight => 0, fit_weight => 1)
           where talent_id = tests.fx('T1')), 0, 'nor any source of the ranking');
select tests.authenticate_as('admin');
select is((select count(*)::int from public.search_talent('Ananya Iyer') where talent_id = tests.fx('T1')), 0,
  'not even an admin''s search, although admins read every profile');
select tests.authenticate_as_service_role();
select is(jsonb_array_length(public.shared_shortlist(private.share_token(tests.fx('SH1'))) -> 'talent'), 0,
  'a shared shortlist link does not list her');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0, 'visitors do not see her');

-- ── Nobody else ──
select tests.authenticate_as('cd_other');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0,
  'a casting director of another project does not see her');
select tests.authenticate_as('producer');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0,
  'nor does the producer of the project she applied to (the casting team only)');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0, 'nor its viewer');

-- ── Attaching media shares those media ──
select tests.authenticate_as('talent');
update public.submissions set media_ids = array[tests.fx('H1')] where id = tests.fx('S1');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_media where id = tests.fx('H1')), 1, 'an attached headshot is shared with the team');
select is((select count(*)::int from storage.objects where bucket_id = 'headshots' and name = tests.fx('T1') || '/headshot.jpg'), 1,
  'and so is its file');
select tests.authenticate_as('cd_other');
select is((select count(*)::int from public.talent_media where id = tests.fx('H1')), 0, 'only with that team');

-- ── What the talent is told ──
select tests.authenticate_as('talent');
create temporary table answer on commit drop as
  select public.submit_to_role(tests.fx('RP2'), tests.fx('T1'), 'Advocate, yes.', array[tests.fx('H1')]) as a;
select is((select a -> 'sharing' -> 'with' ->> 'project' from answer), 'Bombay Nights', 'submitting says which project it is shared with');
select is((select a -> 'sharing' -> 'with' ->> 'role' from answer), 'Advocate Rao', 'for which role');
select is((select a -> 'sharing' -> 'with' -> 'casting_team' from answer), '[{"name": null, "project_role": "owner"}]'::jsonb,
  'and who is on its casting team');
select is((select a -> 'sharing' -> 'what' -> 'media_ids' from answer), jsonb_build_array(tests.fx('H1')), 'which media');
select is((select a -> 'sharing' ->> 'until' from answer), 'you withdraw this submission', 'until when');
select is((select (a -> 'sharing' ->> 'general_consent')::boolean from answer), false, 'and that discovery stays off without the consent');
select is(jsonb_array_length(public.claim_data_export() -> 'audience' -> 'talent_profiles' -> 'shared through your submissions'), 2,
  'the data export lists both submissions'' sharing');
select is((select count(*)::int from public.export_my_data_part('submissions') p where p.item -> 'sharing' ->> 'active' = 'true'), 2,
  'and each exported submission says what it shares');

-- ── Withdrawing ends the sharing ──
update public.submissions set status = 'withdrawn' where talent_id = tests.fx('T1');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0,
  'after she withdraws her submissions, the team no longer reads her profile');
select is((select count(*)::int from public.talent_media where id = tests.fx('H1')), 0, 'nor the media she had attached');
select is((select count(*)::int from storage.objects where bucket_id = 'headshots' and name = tests.fx('T1') || '/headshot.jpg'), 0,
  'nor their files');
select is((select count(*)::int from public.talent_credits where talent_id = tests.fx('T1')), 0, 'nor her credits');
select is((select count(*)::int from public.submissions where id = tests.fx('S1') and status = 'withdrawn'), 1,
  'the withdrawn submission itself stays on the team''s record');
select tests.authenticate_as('talent');
select is(jsonb_array_length(public.claim_data_export() -> 'audience' -> 'talent_profiles' -> 'shared through your submissions'), 0,
  'her export no longer lists any sharing');
select is((select private.submission_sharing(tests.fx('S1')) ->> 'until'), 'ended: you withdrew this submission',
  'and says the sharing ended');

-- ── Children, erasures: nothing through a submission ──
select tests.clear_authentication();
update public.submissions set status = 'submitted' where id = tests.fx('S1');
update public.talent_profiles set date_of_birth = current_date - 15 * 365, guardian_name = 'Lakshmi Iyer',
  guardian_email = 'lakshmi.iyer@example.com' where id = tests.fx('T1');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0,
  'a child''s submission shares nothing without the guardian''s consent');
select tests.clear_authentication();
update public.talent_profiles set date_of_birth = '1998-04-12' where id = tests.fx('T1');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 1, 'an adult''s does (the same submission)');
select tests.clear_authentication();
insert into private.erasures (user_id) values (tests.get_supabase_uid('talent'));
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0,
  'an account being erased shares nothing');
select tests.authenticate_as('other_talent');
select is(private.submission_sharing(tests.fx('S1')), null, 'nobody else is told what another talent''s submission shares');

select * from finish();
rollback;
