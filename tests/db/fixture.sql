-- A small casting world shared by the RLS matrix and the rule tests (loaded inside each
-- test file's transaction, after helpers.sql). Named ids: tests.fx('name').
create table if not exists tests.fixture (name text primary key, id uuid not null);
grant select on tests.fixture to anon, authenticated;

create or replace function tests.fx(fixture_name text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$ select id from tests.fixture where name = fixture_name $$;

create or replace function tests.remember(fixture_name text, fixture_id uuid)
returns uuid
language sql
as $$ insert into tests.fixture values (fixture_name, fixture_id) returning id $$;

-- The personas of the matrix. newcomer asked for the talent role at sign-up and for the
-- casting_director role (pending); viewer holds no platform role at all.
create or replace function tests.become(persona text)
returns void
language plpgsql
as $$
begin
  if persona = 'anon' then
    perform tests.authenticate_as_anon();
  else
    perform tests.authenticate_as(persona);
  end if;
end;
$$;

select tests.create_supabase_user(p) from unnest(array['admin', 'talent', 'other_talent', 'agent_rep', 'agent_other',
  'cd_member', 'cd_other', 'producer', 'viewer', 'newcomer', 'junior_agent']) p;
insert into public.user_roles (user_id, role)
select tests.get_supabase_uid(u), r::public.app_role from (values
  ('admin', 'admin'), ('talent', 'talent'), ('other_talent', 'talent'), ('agent_rep', 'agent'), ('agent_other', 'agent'),
  ('junior_agent', 'agent'), ('cd_member', 'casting_director'), ('cd_other', 'casting_director'), ('producer', 'producer'),
  ('newcomer', 'talent')) v (u, r);
-- Admins use an authenticator (admin actions need aal2); the matrix's aal dimension signs them in without it.
select tests.enrol_authenticator('admin');
with new_row as (insert into public.role_requests (user_id, role, company) values (tests.get_supabase_uid('newcomer'), 'casting_director', 'Newco Films')
  returning id) select tests.remember('newcomer_request', id) from new_row;
-- Both talent consent to being shown to casting teams and to sharing contacts with them
-- (the consent dimension of the matrix withdraws them).
insert into public.consents (user_id, purpose, notice_version)
select tests.get_supabase_uid(u), p::public.consent_purpose, 1
from unnest(array['talent', 'other_talent']) u, unnest(array['casting_visibility', 'contact_sharing']) p;

with new_row as (insert into public.talent_profiles
  (user_id, stage_name, gender, playing_age_min, playing_age_max, date_of_birth, height_cm, languages, skills, city, bio, visibility)
  values (tests.get_supabase_uid('talent'), 'Ananya Iyer', 'female', 22, 30, '1998-04-12', 162, '{hindi,tamil,english}',
          '{bharatanatyam,swimming}', 'Mumbai', 'Theatre-trained actor.', 'casting_only') returning id) select tests.remember('T1', id) from new_row;
with new_row as (insert into public.talent_profiles
  (user_id, stage_name, gender, playing_age_min, playing_age_max, languages, city, visibility)
  values (tests.get_supabase_uid('other_talent'), 'Vikram Rao', 'male', 28, 38, '{telugu,hindi}', 'Hyderabad', 'public') returning id) select tests.remember('T2', id) from new_row;
insert into public.talent_contacts (talent_id, phone, email) values (tests.fx('T1'), '+91 98200 00001', 'ananya@example.com');
-- Media rows point at Storage objects (a foreign key); the self-tape ST1 comes with its request below.
insert into storage.objects (bucket_id, name) values ('headshots', tests.fx('T1') || '/headshot.jpg');
with new_row as (insert into public.talent_media (talent_id, kind, bucket, storage_path, is_primary)
  values (tests.fx('T1'), 'headshot', 'headshots', tests.fx('T1') || '/headshot.jpg', true) returning id) select tests.remember('H1', id) from new_row;
with new_row as (insert into public.talent_credits (talent_id, title, medium, year)
  values (tests.fx('T1'), 'Mumbai Diaries', 'series', 2023) returning id) select tests.remember('C1', id) from new_row;

with new_row as (insert into public.agencies (name, city, created_by)
  values ('Kwan Talent', 'Mumbai', tests.get_supabase_uid('agent_rep')) returning id) select tests.remember('A', id) from new_row;
with new_row as (insert into public.agencies (name, city, created_by)
  values ('South Star Management', 'Chennai', tests.get_supabase_uid('agent_other')) returning id) select tests.remember('B', id) from new_row;
with new_row as (insert into public.agency_members (agency_id, user_id)
  values (tests.fx('A'), tests.get_supabase_uid('junior_agent')) returning id) select tests.remember('junior_membership', id) from new_row;
with new_row as (insert into public.representations (agency_id, talent_id) values (tests.fx('A'), tests.fx('T1')) returning id) select tests.remember('R1', id) from new_row;
update public.representations set status = 'accepted' where id = tests.fx('R1');
insert into public.representations (agency_id, talent_id) values (tests.fx('B'), tests.fx('T2'));  -- pending: no power

with new_row as (insert into public.projects (title, platform, language, status, created_by)
  values ('Bombay Nights', 'Netflix', 'hindi', 'casting', tests.get_supabase_uid('cd_member')) returning id) select tests.remember('P', id) from new_row;
with new_row as (insert into public.projects (title, platform, language, status, is_confidential, created_by)
  values ('Untitled Thriller', 'Prime Video', 'marathi', 'casting', true, tests.get_supabase_uid('cd_member')) returning id) select tests.remember('C', id) from new_row;
with new_row as (insert into public.project_members (project_id, user_id, project_role)
  values (tests.fx('P'), tests.get_supabase_uid('producer'), 'producer') returning id) select tests.remember('producer_membership', id) from new_row;
insert into public.project_members (project_id, user_id, project_role) values (tests.fx('P'), tests.get_supabase_uid('viewer'), 'viewer');

with new_row as (insert into public.casting_roles (project_id, name, gender, age_min, age_max, languages, city, pay_paise, submission_deadline, status)
  values (tests.fx('P'), 'Meera, the lawyer', 'female', 24, 32, '{hindi}', 'Mumbai', 5000000, now() + interval '30 days', 'open') returning id) select tests.remember('RP', id) from new_row;
with new_row as (insert into public.casting_roles (project_id, name, status, submission_deadline)
  values (tests.fx('C'), 'Inspector Patil', 'open', now() + interval '30 days') returning id) select tests.remember('RC', id) from new_row;

-- The confidential project's NDA, published (and so accepted) by its owner; other_talent is
-- invited to its role and has not accepted yet (the matrix's NDA dimension varies this).
grant execute on all functions in schema tests to anon, authenticated, service_role;
select tests.authenticate_as('cd_member');
insert into public.project_ndas (project_id, body) values (tests.fx('C'), 'Everything about Untitled Thriller is confidential until release.');
insert into public.project_invitations (casting_role_id, talent_id) values (tests.fx('RC'), tests.fx('T2'));
-- the public project's own system hears about submission status changes (a webhook subscriber)
insert into public.webhook_endpoints (project_id, url, events) values (tests.fx('P'), 'https://hooks.bombay.example/castmatch', '{submission.status_changed}');
select tests.clear_authentication();
select tests.remember('WH1', (select id from public.webhook_endpoints where project_id = tests.fx('P')));
select tests.remember('INV1', (select id from public.project_invitations where casting_role_id = tests.fx('RC') and talent_id = tests.fx('T2')));

with new_row as (insert into public.submissions (casting_role_id, talent_id, cover_note)
  values (tests.fx('RP'), tests.fx('T1'), 'I grew up in Bandra.') returning id) select tests.remember('S1', id) from new_row;
update public.submissions set status = 'audition_requested' where id = tests.fx('S1');
with new_row as (insert into public.submission_evaluations (submission_id, author_id, rating, note)
  values (tests.fx('S1'), tests.get_supabase_uid('cd_member'), 4, 'Strong read; check Marathi.') returning id) select tests.remember('E1', id) from new_row;
with new_row as (insert into public.shortlists (casting_role_id, name) values (tests.fx('RP'), 'Meera — first pass') returning id) select tests.remember('SL1', id) from new_row;
with new_row as (insert into public.shortlist_items (shortlist_id, talent_id, rank, note)
  values (tests.fx('SL1'), tests.fx('T1'), 1, 'Our favourite') returning id) select tests.remember('I1', id) from new_row;
with new_row as (insert into public.audition_slots (casting_role_id, starts_at, ends_at, capacity, location)
  values (tests.fx('RP'), now() + interval '3 days', now() + interval '3 days 30 minutes', 2, 'Andheri West studio') returning id) select tests.remember('AS1', id) from new_row;
with new_row as (insert into public.audition_bookings (slot_id, talent_id) values (tests.fx('AS1'), tests.fx('T1')) returning id) select tests.remember('B1', id) from new_row;
with new_row as (insert into public.self_tape_requests (casting_role_id, talent_id, instructions, due_at)
  values (tests.fx('RP'), tests.fx('T1'), 'Scene 4, two takes.', now() + interval '7 days') returning id) select tests.remember('STR1', id) from new_row;
-- Self-tapes live under the request they answer: <talent_id>/<self_tape_request_id>/<file>.
insert into storage.objects (bucket_id, name) values ('self-tapes', tests.fx('T1') || '/' || tests.fx('STR1') || '/tape-1.mp4');
with new_row as (insert into public.talent_media (talent_id, kind, bucket, storage_path)
  values (tests.fx('T1'), 'self_tape', 'self-tapes', tests.fx('T1') || '/' || tests.fx('STR1') || '/tape-1.mp4') returning id) select tests.remember('ST1', id) from new_row;
with new_row as (insert into public.budget_lines (project_id, casting_role_id, category, amount_paise)
  values (tests.fx('P'), tests.fx('RP'), 'cast', 250000000) returning id) select tests.remember('BL1', id) from new_row;
-- An offer to other_talent (T2, whose agency is still pending) after a callback, for a second role of P.
with new_row as (insert into public.casting_roles (project_id, name, status, submission_deadline)
  values (tests.fx('P'), 'Advocate Rao', 'open', now() + interval '30 days') returning id) select tests.remember('RP2', id) from new_row;
with new_row as (insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP2'), tests.fx('T2')) returning id)
  select tests.remember('S2', id) from new_row;
update public.submissions set status = 'callback' where id = tests.fx('S2');
with new_row as (insert into public.offers (submission_id, fee_paise, terms) values (tests.fx('S2'), 1500000, 'Two shoot days') returning id)
  select tests.remember('O1', id) from new_row;
with new_row as (insert into public.shortlist_shares (shortlist_id, label) values (tests.fx('SL1'), 'For the client') returning id)
  select tests.remember('SH1', id) from new_row;
with new_row as (insert into public.shortlist_votes (shortlist_item_id, user_id, vote, comment)
  values (tests.fx('I1'), tests.get_supabase_uid('producer'), 1, 'Yes, her') returning id) select tests.remember('V1', id) from new_row;
with new_row as (insert into public.guardian_consents (talent_id, guardian_name, guardian_email)
  values (tests.fx('T1'), 'Lakshmi Iyer', 'lakshmi.iyer@example.com') returning id) select tests.remember('GC1', id) from new_row;
select tests.remember('WD1', (select id from public.webhook_deliveries where endpoint_id = tests.fx('WH1') order by created_at limit 1));
with new_row as (insert into public.notifications (user_id, kind, title)
  values (tests.get_supabase_uid('talent'), 'submission.status', 'You are invited to audition') returning id) select tests.remember('N1', id) from new_row;

grant execute on all functions in schema tests to anon, authenticated, service_role;
