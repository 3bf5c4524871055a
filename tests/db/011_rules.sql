-- The rules behind the matrix: sign-up and vetted roles, privacy of columns, minors,
-- submissions, bookings under capacity and overlap, self-tape deadlines, representation,
-- project ownership, confidentiality of counts, storage folders and self-tape files, media rows
-- in step with their objects, and the audit log.
begin;
\ir fixture.sql
select plan(80);

-- ── Sign-up trusts no metadata ───────────────────────────────────────────────
insert into auth.users (id, email, raw_user_meta_data) values
  ('00000000-0000-4000-8000-000000000001', 'asks.talent@test.castmatch', '{"requested_role": "talent", "full_name": "Sana Shaikh"}'),
  ('00000000-0000-4000-8000-000000000002', 'claims.admin@test.castmatch', '{"requested_role": "admin", "role": "admin", "is_admin": true}'),
  ('00000000-0000-4000-8000-000000000003', 'asks.cd@test.castmatch', to_jsonb('{"requested_role": "casting_director", "company": "Chai Films"}'::text)),
  ('00000000-0000-4000-8000-000000000004', 'asks.nothing@test.castmatch', null);
select is((select full_name from public.profiles where id = '00000000-0000-4000-8000-000000000001'), 'Sana Shaikh',
  'sign-up creates a profile with the given name');
select is((select array_agg(role) from public.user_roles where user_id = '00000000-0000-4000-8000-000000000001'), '{talent}'::public.app_role[],
  'sign-up grants talent when asked for');
select is((select count(*)::int from public.user_roles where user_id = '00000000-0000-4000-8000-000000000002'), 0,
  'sign-up metadata claiming admin grants nothing');
select is((select count(*)::int from public.role_requests where user_id = '00000000-0000-4000-8000-000000000002'), 0,
  'nor does it file a request for admin');
select is((select role::text || '/' || status || '/' || company from public.role_requests where user_id = '00000000-0000-4000-8000-000000000003'),
  'casting_director/pending/Chai Films', 'asking for a vetted role files a pending request (metadata stored as a JSON string too)');
select is((select count(*)::int from public.user_roles where user_id = '00000000-0000-4000-8000-000000000003'), 0,
  'a vetted role is not granted at sign-up');
select ok(exists (select 1 from public.profiles where id = '00000000-0000-4000-8000-000000000004'), 'sign-up without metadata still creates a profile');

-- ── Vetting ──────────────────────────────────────────────────────────────────
select tests.authenticate_as('admin');
update public.role_requests set status = 'approved' where user_id = '00000000-0000-4000-8000-000000000003';
select tests.clear_authentication();
select is((select array_agg(role) from public.user_roles where user_id = '00000000-0000-4000-8000-000000000003'), '{casting_director}'::public.app_role[],
  'an admin''s approval grants the role');
select is((select reviewed_by from public.role_requests where user_id = '00000000-0000-4000-8000-000000000003'), tests.get_supabase_uid('admin'),
  'the approval records its reviewer');
select tests.authenticate_as('admin');
select throws_ok($$update public.role_requests set status = 'rejected' where user_id = '00000000-0000-4000-8000-000000000003'$$,
  '23514', null, 'a decided request cannot be decided again');
insert into public.role_requests (role) values ('producer');
select throws_ok($$update public.role_requests set status = 'approved' where user_id = auth.uid()$$,
  '42501', 'you cannot review your own request', 'an admin cannot approve their own request');
select throws_ok($$insert into public.user_roles (user_id, role) values (auth.uid(), 'producer')$$,
  '42501', 'you cannot change your own roles', 'an admin cannot grant themselves a role');
select lives_ok($$insert into public.user_roles (user_id, role) values (tests.get_supabase_uid('viewer'), 'admin')$$,
  'an admin can make another user admin');
select tests.authenticate_as('talent');
select throws_ok($$insert into public.user_roles (user_id, role) values (auth.uid(), 'admin')$$,
  '42501', null, 'talent cannot grant themselves admin');
select throws_ok($$update public.role_requests set reviewed_by = auth.uid()$$,
  '42501', null, 'nobody writes the reviewer column directly');
select tests.authenticate_as('newcomer');
with approved as (update public.role_requests set status = 'approved' where user_id = auth.uid() returning 1)
select is((select count(*)::int from approved), 0, 'a requester cannot approve their own request');
select tests.clear_authentication();

-- ── Private columns ──────────────────────────────────────────────────────────
select tests.authenticate_as('cd_member');
select throws_ok($$select date_of_birth from public.talent_profiles$$, '42501', null,
  'date of birth is not selectable through the API, even for a casting director who may see the profile');
select throws_ok($$select * from public.talent_private_details(tests.fx('T1'))$$, '42501', 'not your talent profile',
  'nor through the private-details function');
select tests.authenticate_as('agent_rep');
select is((select date_of_birth from public.talent_private_details(tests.fx('T1'))), '1998-04-12'::date,
  'the talent''s agent reads the date of birth through the function');
select tests.authenticate_as_anon();
select throws_ok($$select user_id from public.talent_profiles$$, '42501', null, 'anonymous visitors do not see which account owns a profile');
select is((select count(*)::int from public.talent_profiles), 1, 'anonymous visitors see only the public profile');
select tests.clear_authentication();

-- ── Minors ───────────────────────────────────────────────────────────────────
select tests.authenticate_as('talent');
select throws_ok($$update public.talent_profiles set date_of_birth = current_date - interval '15 years' where id = tests.fx('T1')$$,
  '23514', null, 'a minor needs a guardian''s name and email');
select throws_ok($$update public.talent_profiles set date_of_birth = current_date - interval '15 years', guardian_name = 'Lakshmi Iyer',
  guardian_email = 'lakshmi@example.com', visibility = 'public' where id = tests.fx('T1')$$,
  '23514', 'profiles of talent under 18 cannot be public', 'a minor''s profile is never public');
select throws_ok($$update public.talent_profiles set guardian_consent_at = now() where id = tests.fx('T1')$$,
  '42501', null, 'nobody records a guardian''s consent through the API (only the guardian, through the link)');
select lives_ok($$update public.talent_profiles set date_of_birth = current_date - interval '15 years', guardian_name = 'Lakshmi Iyer',
  guardian_phone = '+91 98200 11111', guardian_email = 'lakshmi@example.com' where id = tests.fx('T1')$$,
  'a minor with a guardian keeps a casting-only profile');
select throws_ok($$update public.talent_profiles set languages = '{Hindi,"Hindi 2"}' where id = tests.fx('T1')$$,
  '23514', null, 'languages are tags (names as typed are canonicalised first: 015_languages)');
select tests.clear_authentication();

-- ── Submissions ──────────────────────────────────────────────────────────────
select tests.authenticate_as('other_talent');
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RC'), tests.fx('T2'))$$,
  '42501', null, 'talent cannot submit to a role of a confidential project');
select lives_ok($$insert into public.submissions (casting_role_id, talent_id, cover_note) values (tests.fx('RP'), tests.fx('T2'), 'Hello')$$,
  'talent submit to an open role before the deadline');
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP'), tests.fx('T2'))$$,
  '23505', null, 'one submission per talent per role');
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP'), tests.fx('T1'))$$,
  '42501', null, 'talent cannot submit someone else');
select throws_ok($$update public.submissions set status = 'shortlisted' where talent_id = tests.fx('T2')$$,
  '42501', 'talent can only withdraw a submission', 'talent cannot move their own submission along the pipeline');
select tests.clear_authentication();
update public.casting_roles set submission_deadline = now() - interval '1 hour' where id = tests.fx('RP');
delete from public.submissions where talent_id = tests.fx('T2');
select tests.authenticate_as('other_talent');
select throws_like($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP'), tests.fx('T2'))$$,
  'the submission deadline passed%', 'a submission after the deadline is refused');
select tests.clear_authentication();
update public.casting_roles set submission_deadline = null, status = 'closed' where id = tests.fx('RP');
select tests.authenticate_as('other_talent');
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP'), tests.fx('T2'))$$,
  '23514', 'the role is not open for submissions', 'a closed role takes no submissions');
select tests.clear_authentication();
update public.casting_roles set status = 'open' where id = tests.fx('RP');
select tests.authenticate_as('cd_member');
select throws_ok($$update public.submissions set cover_note = 'edited' where id = tests.fx('S1')$$,
  '42501', null, 'the casting team cannot edit the talent''s cover note');
select throws_ok($$update public.submissions set status = 'withdrawn' where id = tests.fx('S1')$$,
  '42501', null, 'the casting team cannot withdraw for the talent');
select lives_ok($$update public.submissions set status = 'callback' where id = tests.fx('S1')$$, 'the casting team moves the status');
select tests.authenticate_as('talent');
select is((select status::text from public.submissions where id = tests.fx('S1')), 'callback', 'talent see their submission''s status');
select is((select count(*)::int from public.submission_evaluations), 0, 'talent never see casting notes or ratings');
select lives_ok($$update public.submissions set status = 'withdrawn' where id = tests.fx('S1')$$, 'talent withdraw');
select throws_ok($$update public.submissions set cover_note = 'again' where id = tests.fx('S1')$$,
  '23514', null, 'a withdrawn submission no longer changes');
select tests.clear_authentication();

-- ── Confidentiality: not even counts ─────────────────────────────────────────
select tests.authenticate_as('cd_other');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('C')), 0,
  'a casting director outside a confidential project counts none of its roles');
select is((select count(*)::int from public.projects where is_confidential), 0, 'nor any confidential project');
select tests.clear_authentication();

-- ── Auditions: capacity and overlap ──────────────────────────────────────────
-- AS1 seats 2 and T1 holds one; two more talent are asked to audition.
insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP'), tests.fx('T2'));
update public.submissions set status = 'audition_requested' where casting_role_id = tests.fx('RP');
select tests.authenticate_as('other_talent');
select lives_ok($$insert into public.audition_bookings (slot_id, talent_id) values (tests.fx('AS1'), tests.fx('T2'))$$,
  'invited talent book a seat');
select tests.clear_authentication();
with t as (insert into public.talent_profiles (user_id, stage_name, gender, playing_age_min, playing_age_max)
           values (tests.get_supabase_uid('newcomer'), 'Neel', 'male', 20, 25) returning id)
select tests.remember('T3', id) from t;
insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP'), tests.fx('T3'));
update public.submissions set status = 'audition_requested' where talent_id = tests.fx('T3');
select tests.authenticate_as('newcomer');
select throws_like($$insert into public.audition_bookings (slot_id, talent_id) values (tests.fx('AS1'), tests.fx('T3'))$$,
  'the audition slot is full%', 'a full slot refuses another booking');
select tests.clear_authentication();
with s as (insert into public.audition_slots (casting_role_id, starts_at, ends_at, capacity, location)
           select casting_role_id, starts_at + interval '15 minutes', ends_at + interval '15 minutes', 5, 'Studio 2'
           from public.audition_slots where id = tests.fx('AS1') returning id)
select tests.remember('AS2', id) from s;
select tests.authenticate_as('talent');
select throws_ok($$insert into public.audition_bookings (slot_id, talent_id) values (tests.fx('AS2'), tests.fx('T1'))$$,
  '23P01', null, 'a talent never holds two overlapping bookings');
select throws_ok($$update public.audition_bookings set status = 'attended' where id = tests.fx('B1')$$,
  '42501', 'talent can only cancel a booking', 'talent cannot mark themselves attended');
select lives_ok($$update public.audition_bookings set status = 'cancelled' where id = tests.fx('B1')$$, 'talent cancel a booking');
select lives_ok($$insert into public.audition_bookings (slot_id, talent_id) values (tests.fx('AS2'), tests.fx('T1'))$$,
  'and then book the overlapping slot');
select tests.clear_authentication();

-- ── Self-tapes: late uploads are refused ─────────────────────────────────────
update public.self_tape_requests set due_at = now() - interval '1 minute' where id = tests.fx('STR1');
select tests.authenticate_as('talent');
select throws_like($$update public.self_tape_requests set media_id = tests.fx('ST1') where id = tests.fx('STR1')$$,
  'the self-tape was due at%', 'a self-tape after its due time is refused');
select tests.clear_authentication();

-- ── Representation and agents ────────────────────────────────────────────────
select tests.authenticate_as('agent_other');
select throws_ok($$update public.representations set status = 'accepted' where talent_id = tests.fx('T2')$$,
  '42501', null, 'an agency cannot accept on the talent''s behalf');
select tests.authenticate_as('other_talent');
select lives_ok($$update public.representations set status = 'accepted' where talent_id = tests.fx('T2')$$, 'the talent accepts');
select tests.authenticate_as('agent_other');
with edited as (update public.talent_profiles set bio = 'Telugu and Hindi films.' where id = tests.fx('T2') returning 1)
select is((select count(*)::int from edited), 1, 'an accepted agent acts for the talent');
select tests.clear_authentication();

-- ── Project ownership ────────────────────────────────────────────────────────
select tests.authenticate_as('cd_member');
select throws_ok($$delete from public.project_members where project_id = tests.fx('P') and user_id = auth.uid()$$,
  '23514', 'a project keeps at least one owner', 'the last owner cannot leave');
select throws_like($$insert into public.project_members (project_id, user_id, project_role) values (tests.fx('P'), tests.get_supabase_uid('agent_other'), 'producer')$$,
  'project role producer needs a verified producer account%', 'power in a project needs the matching vetted role');
select tests.clear_authentication();

-- ── Storage folders ──────────────────────────────────────────────────────────
select tests.authenticate_as('talent');
select lives_ok(format($$insert into storage.objects (bucket_id, name) values ('headshots', '%s/new.jpg')$$, tests.fx('T1')),
  'talent upload into their own folder');
select throws_ok(format($$insert into storage.objects (bucket_id, name) values ('headshots', '%s/new.jpg')$$, tests.fx('T2')),
  '42501', null, 'and nowhere else');
select tests.clear_authentication();

-- ── Self-tape files: under an open request of theirs, before its due time ───
update public.self_tape_requests set due_at = now() + interval '1 day' where id = tests.fx('STR1');
select tests.authenticate_as('talent');
select lives_ok(format($$insert into storage.objects (bucket_id, name) values ('self-tapes', '%s/%s/take-2.mp4')$$, tests.fx('T1'), tests.fx('STR1')),
  'talent upload a self-tape under the request it answers');
select throws_like(format($$insert into storage.objects (bucket_id, name) values ('self-tapes', '%s/take-3.mp4')$$, tests.fx('T1')),
  'self-tapes are uploaded as <talent_id>/<self_tape_request_id>/<file>%', 'a self-tape outside a request folder is refused');
select throws_like(format($$insert into storage.objects (bucket_id, name) values ('self-tapes', '%s/%s/take-3.mp4')$$, tests.fx('T1'), tests.fx('RP')),
  'self-tapes are uploaded as%', 'and so is one under something that is not their request');
select lives_ok($$update public.self_tape_requests set media_id = tests.fx('ST1') where id = tests.fx('STR1')$$, 'talent link the self-tape');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from storage.objects where bucket_id = 'self-tapes'), 2, 'the requesting casting team sees the self-tape files');
select tests.authenticate_as('cd_other');
select is((select count(*)::int from storage.objects where bucket_id = 'self-tapes'), 0, 'another casting director sees none');
select tests.clear_authentication();
update public.self_tape_requests set due_at = now() - interval '1 minute' where id = tests.fx('STR1');
select tests.authenticate_as('talent');
select throws_like(format($$insert into storage.objects (bucket_id, name) values ('self-tapes', '%s/%s/take-4.mp4')$$, tests.fx('T1'), tests.fx('STR1')),
  'the self-tape was due at %; late uploads are refused', 'a self-tape file after the due time is refused');
select throws_like(format($$delete from storage.objects where bucket_id = 'self-tapes' and name = '%s/%s/tape-1.mp4'$$, tests.fx('T1'), tests.fx('STR1')),
  'the self-tape was submitted for a request due at %', 'a submitted self-tape stays with the casting team after the due time');
select tests.clear_authentication();
update public.self_tape_requests set due_at = now() + interval '1 day' where id = tests.fx('STR1');
select tests.authenticate_as('talent');
select lives_ok(format($$delete from storage.objects where bucket_id = 'self-tapes' and name = '%s/%s/tape-1.mp4'$$, tests.fx('T1'), tests.fx('STR1')),
  'before the due time the talent may remove their self-tape');
select is((select status::text || ', ' || coalesce(media_id::text, 'no media') from public.self_tape_requests where id = tests.fx('STR1')),
  'requested, no media', 'and the request opens again');

-- ── Media rows and objects stay in step ──────────────────────────────────────
select throws_ok(format($$insert into public.talent_media (talent_id, kind, bucket, storage_path) values ('%s', 'headshot', 'headshots', '%s/missing.jpg')$$, tests.fx('T1'), tests.fx('T1')),
  '23503', null, 'a media row must point at an existing object');
select lives_ok(format($$delete from storage.objects where bucket_id = 'headshots' and name = '%s/headshot.jpg'$$, tests.fx('T1')),
  'talent remove their headshot file');
select is((select count(*)::int from public.talent_media where id = tests.fx('H1')), 0, 'and its media row goes with it');
select lives_ok(format($$insert into public.talent_media (talent_id, kind, bucket, storage_path) values ('%s', 'headshot', 'headshots', '%s/new.jpg')$$, tests.fx('T1'), tests.fx('T1')),
  'talent link an uploaded file as media');
select lives_ok(format($$delete from public.talent_media where storage_path = '%s/new.jpg'$$, tests.fx('T1')), 'and remove the media row');
select tests.clear_authentication();
select ok(exists (select 1 from private.storage_removals where bucket_id = 'headshots' and name = tests.fx('T1') || '/new.jpg'),
  'which queues its object for removal by the Storage service');

-- ── The audit log ────────────────────────────────────────────────────────────
select ok(exists (select 1 from public.audit_log where table_name = 'user_roles' and new_data ->> 'role' = 'admin'
                  and actor_id = tests.get_supabase_uid('admin')), 'granting admin is audited with its actor');
select throws_ok($$update public.audit_log set action = 'nothing'$$, '42501', null, 'the audit log cannot be edited, not even by its owner');
select throws_ok($$delete from public.audit_log$$, '42501', null, 'nor deleted');
select throws_ok($$truncate public.audit_log$$, '42501', null, 'nor truncated');
select tests.authenticate_as('admin');
select throws_ok($$delete from public.audit_log$$, '42501', null, 'admins read the audit log but cannot delete from it');

-- A project's creator never changes, and the check holds however often a session updates
-- projects (PL/pgSQL switches to a generic plan after five runs; the check once read auth.users
-- as the caller there and refused every update with "permission denied for table users").
select tests.authenticate_as('cd_member');
select lives_ok($t$ do $d$ begin for i in 1..12 loop
                   update public.projects set logline = 'take ' || i where id = tests.fx('P'); end loop; end $d$ $t$,
  'the casting team updates a project a dozen times in one session');
select throws_ok($$update public.projects set created_by = auth.uid() where id = tests.fx('P')$$,
  '42501', null, 'the casting team cannot make itself a project''s creator');
select tests.authenticate_as_service_role();
select throws_ok($$update public.projects set created_by = null where id = tests.fx('P')$$,
  '42501', 'created_by never changes', 'nor can the service role clear it while the creator''s account exists');

select * from finish();
rollback;
