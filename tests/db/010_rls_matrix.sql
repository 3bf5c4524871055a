-- The permission matrix: every table in the exposed schema × persona × operation, each cell
-- asserting allowed or denied against a real row of the fixture.
--   select: the subject row is visible          update: a no-op update of it touches it
--   delete: deleting it touches it (removes it, or archives it in its place: a project, role
--           or shortlist that others' records depend on)
--   insert: after the subject row is removed (as the table owner, foreign keys off, so that a
--           row others depend on can go too), the persona can create that same row again
-- Every attempt runs in a subtransaction that is rolled back. A table of the schema that has
-- no case here, or a case that does not cover all four operations, fails the suite.
-- "Denied" is an answer the database gives on purpose: no row touched, a privilege or RLS
-- refusal on the case's own table (42501), or the refusal a case names in denied_by (a guard
-- trigger's SQLSTATE and message). Any other error (a typo in a case, a missing function, a
-- broken fixture) stops the suite with the case's name instead of reading as "denied".
-- Consent and NDAs are dimensions of the matrix: a case may first change the world (setup_sql,
-- run as the table owner inside the same subtransaction), e.g. withdraw the talent's consent to
-- be shown to casting teams, and then expects what every persona may do in that world.
begin;
\ir fixture.sql

create table tests.rls_cases (
  tbl text not null,
  subject text not null,
  key_sql text not null,          -- identifies the subject row
  update_set text not null,       -- a no-op assignment for the update attempt
  insert_row jsonb not null,      -- the subject row as the persona would send it
  can_select text[] not null,
  can_insert text[] not null,
  can_update text[] not null,
  can_delete text[] not null,
  setup_sql text,                 -- the dimension: what changes before the attempt, if anything
  denied_by text,                 -- a guard's refusal, as a regex on 'SQLSTATE: message', if any
  primary key (tbl, subject)
);

create table tests.personas (persona text primary key);
insert into tests.personas values ('anon'), ('talent'), ('other_talent'), ('agent_rep'), ('agent_other'),
  ('cd_member'), ('cd_other'), ('producer'), ('viewer'), ('admin'), ('newcomer');

-- Signed-in personas, for "every signed-in user".
create function tests.signed_in() returns text[] language sql immutable as $$
  select array['talent', 'other_talent', 'agent_rep', 'agent_other', 'cd_member', 'cd_other', 'producer', 'viewer', 'admin', 'newcomer'] $$;

insert into tests.rls_cases values
  ('profiles', 'talent''s profile', format('id = %L', tests.get_supabase_uid('talent')), 'full_name = full_name',
   jsonb_build_object('id', tests.get_supabase_uid('talent'), 'full_name', 'Ananya'),
   tests.signed_in(), '{}', '{talent}', '{}'),
  ('user_roles', 'talent''s talent role', format('user_id = %L and role = ''talent''', tests.get_supabase_uid('talent')), 'role = role',
   jsonb_build_object('user_id', tests.get_supabase_uid('talent'), 'role', 'talent'),
   '{talent,admin}', '{admin}', '{}', '{admin}'),
  ('role_requests', 'newcomer''s pending request', format('id = %L', tests.fx('newcomer_request')), 'review_note = review_note',
   jsonb_build_object('role', 'casting_director', 'company', 'Newco Films'),
   '{newcomer,admin}', '{talent,other_talent,agent_rep,agent_other,producer,viewer,admin,newcomer}', '{admin}', '{newcomer}'),
  ('talent_profiles', 'casting_only profile', format('id = %L', tests.fx('T1')), 'bio = bio',
   jsonb_build_object('user_id', tests.get_supabase_uid('talent'), 'stage_name', 'Ananya Iyer', 'gender', 'female',
                      'playing_age_min', 22, 'playing_age_max', 30),
   '{talent,agent_rep,cd_member,cd_other,producer,viewer,admin}', '{talent}', '{talent,agent_rep}', '{talent}'),
  ('talent_profiles', 'public profile', format('id = %L', tests.fx('T2')), 'bio = bio',
   jsonb_build_object('user_id', tests.get_supabase_uid('other_talent'), 'stage_name', 'Vikram Rao', 'gender', 'male',
                      'playing_age_min', 28, 'playing_age_max', 38, 'visibility', 'public'),
   array['anon'] || tests.signed_in(), '{other_talent}', '{other_talent}', '{other_talent}'),
  ('talent_contacts', 'contacts', format('talent_id = %L', tests.fx('T1')), 'phone = phone',
   jsonb_build_object('talent_id', tests.fx('T1'), 'phone', '+91 98200 00001'),
   '{talent,agent_rep,cd_member,admin}', '{talent,agent_rep}', '{talent,agent_rep}', '{talent,agent_rep}'),
  ('talent_media', 'headshot', format('id = %L', tests.fx('H1')), 'title = title',
   jsonb_build_object('talent_id', tests.fx('T1'), 'kind', 'headshot', 'bucket', 'headshots', 'storage_path', tests.fx('T1') || '/headshot.jpg'),
   '{talent,agent_rep,cd_member,cd_other,producer,viewer,admin}', '{talent,agent_rep}', '{talent,agent_rep}', '{talent,agent_rep}'),
  ('talent_media', 'self-tape', format('id = %L', tests.fx('ST1')), 'title = title',
   jsonb_build_object('talent_id', tests.fx('T1'), 'kind', 'self_tape', 'bucket', 'self-tapes', 'storage_path', tests.fx('T1') || '/' || tests.fx('STR1') || '/tape-1.mp4'),
   '{talent,agent_rep,cd_member,admin}', '{talent,agent_rep}', '{talent,agent_rep}', '{talent,agent_rep}'),
  ('talent_credits', 'credit', format('id = %L', tests.fx('C1')), 'title = title',
   jsonb_build_object('talent_id', tests.fx('T1'), 'title', 'Mumbai Diaries', 'medium', 'series'),
   '{talent,agent_rep,cd_member,cd_other,producer,viewer,admin}', '{talent,agent_rep}', '{talent,agent_rep}', '{talent,agent_rep}'),
  ('agencies', 'agency', format('id = %L', tests.fx('A')), 'name = name',
   jsonb_build_object('name', 'Kwan Talent'),
   tests.signed_in(), '{agent_rep,agent_other}', '{agent_rep}', '{agent_rep}'),
  ('agency_members', 'junior agent''s membership', format('id = %L', tests.fx('junior_membership')), 'agency_role = agency_role',
   jsonb_build_object('agency_id', tests.fx('A'), 'user_id', tests.get_supabase_uid('junior_agent')),
   '{agent_rep,admin}', '{agent_rep}', '{agent_rep}', '{agent_rep}'),
  ('representations', 'accepted representation', format('id = %L', tests.fx('R1')), 'status = status',
   jsonb_build_object('agency_id', tests.fx('A'), 'talent_id', tests.fx('T1')),
   '{talent,agent_rep,admin}', '{agent_rep}', '{talent,agent_rep}', '{}'),
  ('projects', 'public project', format('id = %L', tests.fx('P')), 'title = title',
   jsonb_build_object('title', 'Bombay Nights', 'status', 'casting'),
   array['anon'] || tests.signed_in(), '{cd_member,cd_other,producer}', '{cd_member}', '{cd_member}'),
  ('projects', 'confidential project', format('id = %L', tests.fx('C')), 'title = title',
   jsonb_build_object('title', 'Untitled Thriller', 'status', 'casting', 'is_confidential', true),
   '{cd_member,admin}', '{cd_member,cd_other,producer}', '{cd_member}', '{cd_member}'),
  ('project_members', 'producer''s membership', format('id = %L', tests.fx('producer_membership')), 'project_role = project_role',
   jsonb_build_object('project_id', tests.fx('P'), 'user_id', tests.get_supabase_uid('producer'), 'project_role', 'producer'),
   '{cd_member,producer,viewer,admin}', '{cd_member}', '{cd_member}', '{cd_member,producer}'),
  ('casting_roles', 'open role of a public project', format('id = %L', tests.fx('RP')), 'name = name',
   jsonb_build_object('project_id', tests.fx('P'), 'name', 'Meera, the lawyer', 'status', 'open'),
   array['anon'] || tests.signed_in(), '{cd_member}', '{cd_member}', '{cd_member}'),
  ('casting_roles', 'role of a confidential project', format('id = %L', tests.fx('RC')), 'name = name',
   jsonb_build_object('project_id', tests.fx('C'), 'name', 'Inspector Patil', 'status', 'open'),
   '{cd_member,admin}', '{cd_member}', '{cd_member}', '{cd_member}'),
  ('submissions', 'submission', format('id = %L', tests.fx('S1')), 'status = status',
   jsonb_build_object('casting_role_id', tests.fx('RP'), 'talent_id', tests.fx('T1'), 'cover_note', 'I grew up in Bandra.'),
   '{talent,agent_rep,cd_member,admin}', '{talent,agent_rep}', '{talent,agent_rep,cd_member}', '{}'),
  ('submission_evaluations', 'evaluation', format('id = %L', tests.fx('E1')), 'rating = rating',
   jsonb_build_object('submission_id', tests.fx('S1'), 'rating', 4),
   '{cd_member,admin}', '{cd_member}', '{cd_member}', '{cd_member}'),
  ('shortlists', 'shortlist', format('id = %L', tests.fx('SL1')), 'name = name',
   jsonb_build_object('casting_role_id', tests.fx('RP'), 'name', 'Meera — first pass'),
   '{cd_member,producer,viewer,admin}', '{cd_member}', '{cd_member}', '{cd_member}'),
  ('shortlist_items', 'shortlist item', format('id = %L', tests.fx('I1')), 'rank = rank',
   jsonb_build_object('shortlist_id', tests.fx('SL1'), 'talent_id', tests.fx('T1'), 'rank', 1),
   '{cd_member,producer,viewer,admin}', '{cd_member}', '{cd_member}', '{cd_member}'),
  -- a slot that talent booked stays (bookings are cancelled, never deleted with it)
  ('audition_slots', 'slot with a booking', format('id = %L', tests.fx('AS1')), 'capacity = capacity',
   jsonb_build_object('casting_role_id', tests.fx('RP'), 'starts_at', now() + interval '3 days',
                      'ends_at', now() + interval '3 days 30 minutes', 'capacity', 2, 'location', 'Andheri West studio'),
   '{talent,agent_rep,cd_member,admin}', '{cd_member}', '{cd_member}', '{}'),
  ('audition_bookings', 'booking', format('id = %L', tests.fx('B1')), 'status = status',
   jsonb_build_object('slot_id', tests.fx('AS1'), 'talent_id', tests.fx('T1')),
   '{talent,agent_rep,cd_member,admin}', '{talent,agent_rep,cd_member}', '{talent,agent_rep,cd_member}', '{}'),
  ('self_tape_requests', 'self-tape request', format('id = %L', tests.fx('STR1')), 'instructions = instructions',
   jsonb_build_object('casting_role_id', tests.fx('RP'), 'talent_id', tests.fx('T1'), 'instructions', 'Scene 4', 'due_at', now() + interval '7 days'),
   '{talent,agent_rep,cd_member,admin}', '{cd_member}', '{cd_member}', '{cd_member}'),
  ('budget_lines', 'budget line', format('id = %L', tests.fx('BL1')), 'amount_paise = amount_paise',
   jsonb_build_object('project_id', tests.fx('P'), 'category', 'cast', 'amount_paise', 250000000),
   '{cd_member,producer,admin}', '{cd_member,producer}', '{cd_member,producer}', '{cd_member,producer}'),
  ('offers', 'offer to other_talent', format('id = %L', tests.fx('O1')), 'status = status',
   jsonb_build_object('submission_id', tests.fx('S2'), 'fee_paise', 1500000),
   '{other_talent,cd_member,producer,admin}', '{cd_member}', '{cd_member}', '{}'),
  ('shortlist_shares', 'share link', format('id = %L', tests.fx('SH1')), 'label = label',
   jsonb_build_object('shortlist_id', tests.fx('SL1'), 'label', 'For the client'),
   '{cd_member,admin}', '{cd_member}', '{cd_member}', '{}'),
  ('shortlist_votes', 'producer''s vote', format('id = %L', tests.fx('V1')), 'vote = vote',
   jsonb_build_object('shortlist_item_id', tests.fx('I1'), 'vote', 1),
   '{cd_member,producer,viewer,admin}', '{cd_member,producer,viewer}', '{producer}', '{producer}'),
  ('notifications', 'talent''s notification', format('id = %L', tests.fx('N1')), 'read_at = read_at',
   jsonb_build_object('user_id', tests.get_supabase_uid('talent'), 'kind', 'submission.status', 'title', 'Audition'),
   '{talent,admin}', '{}', '{talent}', '{talent}'),
  ('audit_log', 'latest entry', 'id = (select max(a.id) from public.audit_log a)', 'action = action',
   jsonb_build_object('action', 'insert', 'table_name', 'projects'),
   '{admin}', '{}', '{}', '{}'),
  ('consent_notices', 'casting visibility notice', 'purpose = ''casting_visibility'' and version = 1', 'body = body',
   jsonb_build_object('purpose', 'casting_visibility', 'body', 'Show my profile to casting teams, version two.'),
   array['anon'] || tests.signed_in(), '{admin}', '{}', '{}'),
  ('notice_languages', 'Marathi', 'code = ''mr''', 'name = name',
   jsonb_build_object('code', 'mr', 'name', 'Marathi', 'native_name', 'मराठी', 'script', 'Deva', 'eighth_schedule', true),
   array['anon'] || tests.signed_in(), '{}', '{}', '{}'),
  ('consent_notice_translations', 'Marathi casting visibility notice', 'purpose = ''casting_visibility'' and notice_version = 1 and language = ''mr''',
   'body = body',
   jsonb_build_object('purpose', 'casting_visibility', 'notice_version', 1, 'language', 'mr', 'body', 'माझे प्रोफाइल कास्टिंग टीमना दाखवा.',
                      'translated_by', 'a translator', 'reviewed_by', 'a reviewer', 'reviewed_on', '2026-12-02'),
   array['anon'] || tests.signed_in(), '{admin}', '{}', '{}'),
  ('notice_translations_status', 'Marathi casting visibility notice', 'purpose = ''casting_visibility'' and language = ''mr''',
   'status = status', jsonb_build_object('purpose', 'casting_visibility', 'language', 'mr', 'status', 'current'),
   array['anon'] || tests.signed_in(), '{}', '{}', '{}'),
  ('consents', 'talent''s consent to be shown', format('user_id = %L and purpose = ''casting_visibility''', tests.get_supabase_uid('talent')),
   'withdrawn_at = withdrawn_at',
   jsonb_build_object('user_id', tests.get_supabase_uid('talent'), 'purpose', 'casting_visibility', 'notice_version', 1),
   '{talent,admin}', '{talent}', '{talent}', '{}'),
  ('guardian_consents', 'guardian consent request', format('id = %L', tests.fx('GC1')), 'status = status',
   jsonb_build_object('talent_id', tests.fx('T1'), 'guardian_name', 'Lakshmi Iyer', 'guardian_email', 'lakshmi.iyer@example.com'),
   '{talent,agent_rep,admin}', '{}', '{}', '{}'),
  ('project_ndas', 'NDA of the confidential project', format('project_id = %L and version = 1', tests.fx('C')), 'body = body',
   jsonb_build_object('project_id', tests.fx('C'), 'body', 'Everything about Untitled Thriller is confidential until release.'),
   '{cd_member,other_talent,admin}', '{cd_member}', '{}', '{}'),
  ('nda_acceptances', 'owner''s acceptance', format('project_id = %L and user_id = %L', tests.fx('C'), tests.get_supabase_uid('cd_member')),
   'accepted_at = accepted_at',
   jsonb_build_object('project_id', tests.fx('C'), 'version', 1, 'user_id', tests.get_supabase_uid('cd_member')),
   '{cd_member,admin}', '{cd_member}', '{}', '{}'),
  ('project_invitations', 'invitation to a confidential role', format('id = %L', tests.fx('INV1')), 'created_at = created_at',
   jsonb_build_object('casting_role_id', tests.fx('RC'), 'talent_id', tests.fx('T2')),
   '{other_talent,cd_member,admin}', '{cd_member}', '{}', '{cd_member}'),
  ('webhook_endpoints', 'subscriber of the public project', format('id = %L', tests.fx('WH1')), 'url = url',
   jsonb_build_object('project_id', tests.fx('P'), 'url', 'https://hooks.bombay.example/castmatch'),
   '{cd_member,admin}', '{cd_member}', '{cd_member}', '{cd_member}'),
  ('webhook_deliveries', 'delivery of a status change', format('id = %L', tests.fx('WD1')), 'status = status',
   (select to_jsonb(d) from public.webhook_deliveries d where d.id = tests.fx('WD1')),
   '{cd_member,admin}', '{}', '{}', '{}');

-- The NDA dimension: who reads the confidential project and its role, as membership, invitation
-- and acceptance of the current NDA version vary.
insert into tests.rls_cases (tbl, subject, key_sql, update_set, insert_row, can_select, can_insert, can_update, can_delete, setup_sql)
select c.tbl, c.subject || ', ' || d.label, c.key_sql, c.update_set, c.insert_row,
       coalesce(d.can_select, c.can_select), coalesce(d.can_insert, c.can_insert),
       coalesce(d.can_update, c.can_update), coalesce(d.can_delete, c.can_delete), d.setup
from tests.rls_cases c
join (values
  -- a new version (published by the platform, so nobody has accepted it): even the owner is locked out
  ('projects', 'NDA version 2 not yet accepted', '{admin}'::text[], null::text[], '{}'::text[], '{}'::text[],
   format($s$insert into public.project_ndas (project_id, body) values (%L, 'Version two: the confidentiality now covers the cast list too.')$s$, tests.fx('C'))),
  ('casting_roles', 'NDA version 2 not yet accepted', '{admin}', '{}', '{}', '{}',
   format($s$insert into public.project_ndas (project_id, body) values (%L, 'Version two: the confidentiality now covers the cast list too.')$s$, tests.fx('C'))),
  -- a viewer added to the project, before and after accepting
  ('projects', 'a viewer who has not accepted the NDA', null, null, null, null,
   format($s$insert into public.project_members (project_id, user_id, project_role) values (%L, %L, 'viewer')$s$, tests.fx('C'), tests.get_supabase_uid('viewer'))),
  ('casting_roles', 'a viewer who has not accepted the NDA', null, null, null, null,
   format($s$insert into public.project_members (project_id, user_id, project_role) values (%L, %L, 'viewer')$s$, tests.fx('C'), tests.get_supabase_uid('viewer'))),
  ('projects', 'a viewer who accepted the NDA', '{cd_member,viewer,admin}', null, null, null,
   format($s$insert into public.project_members (project_id, user_id, project_role) values (%L, %L, 'viewer');
            insert into public.nda_acceptances (project_id, version, user_id) values (%L, 1, %L)$s$,
          tests.fx('C'), tests.get_supabase_uid('viewer'), tests.fx('C'), tests.get_supabase_uid('viewer'))),
  ('casting_roles', 'a viewer who accepted the NDA', '{cd_member,viewer,admin}', null, null, null,
   format($s$insert into public.project_members (project_id, user_id, project_role) values (%L, %L, 'viewer');
            insert into public.nda_acceptances (project_id, version, user_id) values (%L, 1, %L)$s$,
          tests.fx('C'), tests.get_supabase_uid('viewer'), tests.fx('C'), tests.get_supabase_uid('viewer'))),
  -- the invited talent (other_talent), after accepting
  ('projects', 'invited talent who accepted the NDA', '{cd_member,other_talent,admin}', null, null, null,
   format($s$insert into public.nda_acceptances (project_id, version, user_id) values (%L, 1, %L)$s$, tests.fx('C'), tests.get_supabase_uid('other_talent'))),
  ('casting_roles', 'invited talent who accepted the NDA', '{cd_member,other_talent,admin}', null, null, null,
   format($s$insert into public.nda_acceptances (project_id, version, user_id) values (%L, 1, %L)$s$, tests.fx('C'), tests.get_supabase_uid('other_talent')))
) d (tbl, label, can_select, can_insert, can_update, can_delete, setup)
  on d.tbl = c.tbl and c.subject in ('confidential project', 'role of a confidential project');

-- The aal dimension (step-up MFA): a confidential project's details need aal2 from a member who
-- enrolled an authenticator, or from every member once the owner requires MFA; admin rights need
-- aal2 always. tests.force_aal signs every persona in at aal1 (a stolen password, no authenticator).
insert into tests.rls_cases (tbl, subject, key_sql, update_set, insert_row, can_select, can_insert, can_update, can_delete, setup_sql)
select c.tbl, c.subject || ', ' || d.label, c.key_sql, c.update_set, c.insert_row,
       coalesce(d.can_select, c.can_select), coalesce(d.can_insert, c.can_insert),
       coalesce(d.can_update, c.can_update), coalesce(d.can_delete, c.can_delete), d.setup
from tests.rls_cases c
join (values
  -- the owner enrolled an authenticator and steps up: nothing changes
  ('projects', 'confidential project', 'owner with an authenticator, at aal2', null::text[], null::text[], null::text[], null::text[],
   $s$select tests.enrol_authenticator('cd_member')$s$),
  -- ... and at aal1 (and admins at aal1): closed (creating a project is not reading one: a new
  -- project has no member who needs aal2 yet)
  ('projects', 'confidential project', 'owner with an authenticator, everyone at aal1', '{}', null, '{}', '{}',
   $s$select tests.enrol_authenticator('cd_member'); select set_config('tests.force_aal', 'aal1', true)$s$),
  ('casting_roles', 'role of a confidential project', 'owner with an authenticator, everyone at aal1', '{}', '{}', '{}', '{}',
   $s$select tests.enrol_authenticator('cd_member'); select set_config('tests.force_aal', 'aal1', true)$s$),
  -- the project requires MFA: the owner, who has no authenticator, is closed out; admins (aal2) read
  ('projects', 'confidential project', 'MFA required, the owner has no authenticator', '{admin}', null, '{}', '{}',
   format($s$update public.projects set require_mfa = true where id = %L$s$, tests.fx('C'))),
  ('casting_roles', 'role of a confidential project', 'MFA required, the owner has no authenticator', '{admin}', '{}', '{}', '{}',
   format($s$update public.projects set require_mfa = true where id = %L$s$, tests.fx('C'))),
  -- admins without their authenticator are ordinary users
  ('user_roles', 'talent''s talent role', 'admin at aal1', '{talent}', '{}', '{}', '{}',
   $s$select set_config('tests.force_aal', 'aal1', true)$s$),
  ('audit_log', 'latest entry', 'admin at aal1', '{}', '{}', '{}', '{}',
   $s$select set_config('tests.force_aal', 'aal1', true)$s$)
) d (tbl, subject, label, can_select, can_insert, can_update, can_delete, setup)
  on d.tbl = c.tbl and d.subject = c.subject;

-- The consent dimension: the same rows after the talent withdrew a consent, crossed with the
-- submission dimension. Both fixture talent submitted to roles of P (T1: S1, T2: S2), and a
-- submission shares the profile, credits and attached media with P's casting team (cd_member)
-- until withdrawn, without the general consent; producers and viewers of P see nothing of it.
--   submitted, without general consent               the fixture as it is (S1 has no media)
--   submitted with this headshot, without general …   S1 carries the headshot H1
--   submission withdrawn, without general consent     S1 (with H1) and S2 withdrawn by the talent
insert into tests.rls_cases (tbl, subject, key_sql, update_set, insert_row, can_select, can_insert, can_update, can_delete, setup_sql)
select c.tbl, c.subject || ', ' || d.label, c.key_sql, c.update_set, c.insert_row, d.can_select, c.can_insert, c.can_update, c.can_delete,
       format('update public.consents set withdrawn_at = now() where user_id = %L and purpose = %L and withdrawn_at is null; %s',
              d.owner, d.purpose, d.more)
from tests.rls_cases c
join (values
  ('talent_profiles', 'casting_only profile', 'submitted, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility', '{talent,agent_rep,cd_member,admin}'::text[], ''),
  ('talent_profiles', 'public profile', 'submitted, without general consent', tests.get_supabase_uid('other_talent'), 'casting_visibility', '{other_talent,cd_member,admin}', ''),
  ('talent_media', 'headshot', 'submitted, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility', '{talent,agent_rep,admin}', ''),
  ('talent_credits', 'credit', 'submitted, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility', '{talent,agent_rep,cd_member,admin}', ''),
  ('talent_media', 'headshot', 'submitted with this headshot, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility',
   '{talent,agent_rep,cd_member,admin}', format('update public.submissions set media_ids = array[%L::uuid] where id = %L', tests.fx('H1'), tests.fx('S1'))),
  ('talent_profiles', 'casting_only profile', 'submission withdrawn, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility', '{talent,agent_rep,admin}',
   format($s$update public.submissions set media_ids = array[%L::uuid] where id = %L; update public.submissions set status = 'withdrawn' where id = %L$s$,
          tests.fx('H1'), tests.fx('S1'), tests.fx('S1'))),
  ('talent_profiles', 'public profile', 'submission withdrawn, without general consent', tests.get_supabase_uid('other_talent'), 'casting_visibility', '{other_talent,admin}',
   format($s$update public.submissions set status = 'withdrawn' where id = %L$s$, tests.fx('S2'))),
  ('talent_media', 'headshot', 'submission withdrawn, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility', '{talent,agent_rep,admin}',
   format($s$update public.submissions set media_ids = array[%L::uuid] where id = %L; update public.submissions set status = 'withdrawn' where id = %L$s$,
          tests.fx('H1'), tests.fx('S1'), tests.fx('S1'))),
  ('talent_credits', 'credit', 'submission withdrawn, without general consent', tests.get_supabase_uid('talent'), 'casting_visibility', '{talent,agent_rep,admin}',
   format($s$update public.submissions set status = 'withdrawn' where id = %L$s$, tests.fx('S1'))),
  ('talent_contacts', 'contacts', 'contact sharing withdrawn', tests.get_supabase_uid('talent'), 'contact_sharing', '{talent,agent_rep,admin}', '')
) d (tbl, subject, label, owner, purpose, can_select, more) on d.tbl = c.tbl and d.subject = c.subject;

-- Children: the talent turns out to be under 18. Until a guardian consents through the link, only
-- the talent, their agent and admins see the profile (her own consents do not count); once the
-- guardian has consented, it is shown as before.
insert into tests.rls_cases (tbl, subject, key_sql, update_set, insert_row, can_select, can_insert, can_update, can_delete, setup_sql)
select c.tbl, c.subject || ', ' || d.label, c.key_sql, c.update_set,
       c.insert_row || case when c.tbl = 'talent_profiles'
         then jsonb_build_object('date_of_birth', current_date - 15 * 365, 'guardian_name', 'Lakshmi Iyer', 'guardian_email', 'lakshmi.iyer@example.com')
         else '{}' end,
       coalesce(d.can_select, c.can_select), c.can_insert, c.can_update, c.can_delete,
       format($s$update public.talent_profiles set date_of_birth = current_date - 15 * 365, guardian_name = 'Lakshmi Iyer',
                   guardian_email = 'lakshmi.iyer@example.com' where id = %L; %s$s$, tests.fx('T1'), d.more)
from tests.rls_cases c
join (values ('under 18, no guardian consent', '{talent,agent_rep,admin}'::text[], ''),
             ('under 18, guardian consented', null,
              format($s$update public.consents set withdrawn_at = now() where given_by = 'self' and user_id = %L;
                        insert into public.consents (user_id, purpose, notice_version, given_by, guardian_consent_id)
                        select %L, p, 1, 'guardian', %L from unnest('{casting_visibility,contact_sharing}'::public.consent_purpose[]) p;$s$,
                     tests.get_supabase_uid('talent'), tests.get_supabase_uid('talent'), tests.fx('GC1')))
) d (label, can_select, more) on true
where (c.tbl, c.subject) in (('talent_profiles', 'casting_only profile'), ('talent_media', 'headshot'),
                             ('talent_credits', 'credit'), ('talent_contacts', 'contacts'));

-- Refusals by guards rather than privileges or policies (what each raises, checked on both backends).
update tests.rls_cases set denied_by = '^23503: .*"audition_bookings_slot_id_fkey"'  -- a booked slot is kept: the restrict foreign key
  where tbl = 'audition_slots' and subject = 'slot with a booking';
update tests.rls_cases set denied_by = '^23505: you already hold the role casting_director$'
  where tbl = 'role_requests' and subject = 'newcomer''s pending request';
update tests.rls_cases set denied_by = '^42501: talent may only attach their self-tape$'
  where tbl = 'self_tape_requests' and subject = 'self-tape request';
-- a view that is not auto-updatable refuses writes itself (55000), whatever the grants say
update tests.rls_cases set denied_by = '^55000: cannot (insert into|update|delete from) view "notice_translations_status"'
  where tbl = 'notice_translations_status';
update tests.rls_cases set denied_by = '^42501: you cannot change your own roles$'
  where tbl = 'user_roles' and subject in ('talent''s talent role', 'talent''s talent role, admin at aal1');

-- Rows of the case archived so far (as the owner: archived rows leave the persona's view).
create function tests.archived_rows(c tests.rls_cases)
returns bigint
language plpgsql
security definer
as $$
declare
  n bigint := 0;
begin
  if c.tbl in ('projects', 'casting_roles', 'shortlists') then
    execute format('select count(*) from public.%I where archived_at is not null and %s', c.tbl, c.key_sql) into n;
  end if;
  return n;
end;
$$;
grant execute on function tests.archived_rows(tests.rls_cases) to anon, authenticated;

-- One attempt: true when the persona could do it, false when refused (no row, or a refusal above);
-- any other error is raised.
create function tests.try_operation(c tests.rls_cases, persona text, op text)
returns boolean
language plpgsql
as $$
declare
  touched bigint;
  cols text := (select string_agg(quote_ident(k), ', ') from jsonb_object_keys(c.insert_row) k);
  state text;
  msg text;
begin
  begin
    if c.setup_sql is not null then
      execute c.setup_sql;
    end if;
    if op = 'insert' then
      set local session_replication_role = replica;
      execute format('delete from public.%I where %s', c.tbl, c.key_sql);
      set local session_replication_role = origin;
    end if;
    perform tests.become(persona);
    case op
      when 'select' then
        execute format('select count(*) from public.%I where %s', c.tbl, c.key_sql) into touched;
      when 'update' then
        execute format('update public.%I set %s where %s', c.tbl, c.update_set, c.key_sql);
        get diagnostics touched = row_count;
      when 'delete' then
        execute format('delete from public.%I where %s', c.tbl, c.key_sql);
        get diagnostics touched = row_count;
        touched := touched + tests.archived_rows(c);
      when 'insert' then
        execute format('insert into public.%I (%s) select %s from jsonb_populate_record(null::public.%I, $1)',
                       c.tbl, cols, cols, c.tbl) using c.insert_row;
        get diagnostics touched = row_count;
    end case;
    raise exception using errcode = 'ZX001', message = touched::text;  -- undo the attempt
  exception
    when sqlstate 'ZX001' then
      return sqlerrm::bigint > 0;
    when others then
      get stacked diagnostics state = returned_sqlstate, msg = message_text;
      if state = '42501' and (msg = format('permission denied for table %s', c.tbl)
                              or msg ~ ('^new row violates row-level security policy (\(USING expression\) )?for table "' || c.tbl || '"$'))
         or (state || ': ' || msg) ~ c.denied_by then
        return false;
      end if;
      raise exception '% (%): % % failed with % "%", which is not a refusal', c.tbl, c.subject, persona, op, state, msg
        using errcode = state;
  end;
end;
$$;

create table tests.cells as
  select c.tbl, c.subject, p.persona, op,
         persona = any (case op when 'select' then c.can_select when 'insert' then c.can_insert
                                when 'update' then c.can_update else c.can_delete end) as expected
  from tests.rls_cases c
  cross join tests.personas p
  cross join unnest(array['select', 'insert', 'update', 'delete']) op;

select plan((select count(*)::int + 3 from tests.cells));

select is(
  (select string_agg(t.relname, ', ' order by t.relname) from pg_class t join pg_namespace n on n.oid = t.relnamespace
   where n.nspname = 'public' and t.relkind in ('r', 'p', 'v', 'm', 'f')
     and t.relname not in (select tbl from tests.rls_cases)),
  null, 'every table and view of the exposed schema is in the matrix');
select is((select string_agg(t, ', ') from tests.tables_without_rls('public') t), null,
  'every table of the exposed schema has row-level security');
select is((select string_agg(persona, ', ') from tests.personas
           where persona not in (select unnest(can_select || can_insert || can_update || can_delete) from tests.rls_cases)
             and persona <> 'anon' and persona <> 'newcomer' and persona <> 'viewer'), null,
  'every persona of the matrix is allowed something somewhere');

select ok(tests.try_operation(c, cell.persona, cell.op) = cell.expected,
          format('%s (%s): %s %s %s', cell.tbl, cell.subject, cell.persona,
                 case when cell.expected then 'can' else 'cannot' end, cell.op))
from tests.cells cell
join tests.rls_cases c on c.tbl = cell.tbl and c.subject = cell.subject
order by cell.tbl, cell.subject, cell.op, cell.persona;

select * from finish();
rollback;
