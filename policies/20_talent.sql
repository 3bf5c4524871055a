-- talent_profiles. Anonymous visitors see public profiles' public columns; signed-in users
-- see public profiles, verified casting directors also casting_only ones, project members
-- the talent their project deals with; talent and their agents see and edit their own.
-- All but the talent, their agents and admins see a profile only while its owner's consent
-- to be shown to casting teams stands (discoverable, sql/15_consent.sql): a withdrawal hides it
-- from every list, search and match on the next query. One exception: a submission shares the
-- profile with the casting team it was sent to until the talent withdraws it
-- (private.applicant_talent_ids); search and matching still require the consent.
-- Date of birth and guardian details are never selectable through the API (and
-- guardian_consent_at is written only by the guardian's own answer): the talent,
-- their agent and admins read them with public.talent_private_details(talent_id).
alter table public.talent_profiles enable row level security;
revoke all on public.talent_profiles from anon, authenticated;
grant select (id, stage_name, gender, playing_age_min, playing_age_max, height_cm, languages, skills,
              city, bio, visibility, created_at, updated_at)
  on public.talent_profiles to anon;
grant select (id, user_id, stage_name, gender, playing_age_min, playing_age_max, height_cm, languages, skills,
              city, bio, visibility, discoverable, contacts_shared, created_at, updated_at),
      insert (user_id, stage_name, gender, playing_age_min, playing_age_max, date_of_birth, height_cm, languages,
              skills, city, bio, visibility, guardian_name, guardian_phone, guardian_email),
      update (stage_name, gender, playing_age_min, playing_age_max, date_of_birth, height_cm, languages,
              skills, city, bio, visibility, guardian_name, guardian_phone, guardian_email),
      delete
  on public.talent_profiles to authenticated;

create policy "Anyone reads public talent profiles shown with consent" on public.talent_profiles
  for select to anon using (visibility = 'public' and discoverable);
create policy "Signed-in users read the talent profiles they may see" on public.talent_profiles
  for select to authenticated
  using ((discoverable
          and (visibility = 'public'
               or (visibility = 'casting_only' and (select private.has_role('casting_director')))
               -- possibly thousands of ids: IN (subquery) is hashed once, = any(array) scans per row
               or id in (select unnest((select private.shared_talent_ids())))))
         or id in (select unnest((select private.applicant_talent_ids())))
         or (select private.is_admin())
         or user_id = (select auth.uid())
         or id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent create their own profile" on public.talent_profiles
  for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.has_role('talent')));
create policy "Talent and their agents edit the profile" on public.talent_profiles
  for update to authenticated
  using (id = any ((select private.actable_talent_ids())::uuid[]))
  with check (id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent delete their own profile" on public.talent_profiles
  for delete to authenticated using (user_id = (select auth.uid()));

-- talent_contacts: hidden; the talent, their agent, admins, and, while the talent consents to
-- sharing contacts (contacts_shared), the casting team of a project the talent submitted to or
-- is shortlisted on.
alter table public.talent_contacts enable row level security;
revoke all on public.talent_contacts from anon, authenticated;
grant select, insert, update, delete on public.talent_contacts to authenticated;

create policy "Contacts are read by the talent, their agent, their casting teams with consent and admins" on public.talent_contacts
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
         or talent_id in (select unnest((select private.casting_contact_talent_ids())))
         or (select private.is_admin()));
create policy "Talent and their agents add contacts" on public.talent_contacts
  for insert to authenticated with check (talent_id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents edit contacts" on public.talent_contacts
  for update to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]))
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents remove contacts" on public.talent_contacts
  for delete to authenticated using (talent_id = any ((select private.actable_talent_ids())::uuid[]));

-- talent_media: headshots, reels and voice follow the profile's visibility under the general
-- consent (discoverable); of an applicant shown to a casting team only through their submission,
-- that team sees just the media attached to it. Self-tapes are seen only by the talent, their
-- agent, their casting teams and admins.
alter table public.talent_media enable row level security;
revoke all on public.talent_media from anon, authenticated;
grant select on public.talent_media to anon;
grant select, insert, update (kind, bucket, storage_path, title, duration_seconds, is_primary), delete
  on public.talent_media to authenticated;

create policy "Anyone reads the portfolio media of public profiles" on public.talent_media
  for select to anon
  using (kind <> 'self_tape' and talent_id in (select tp.id from public.talent_profiles tp));
create policy "Signed-in users read the media they may see" on public.talent_media
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
         or (kind <> 'self_tape' and talent_id in (select tp.id from public.talent_profiles tp where tp.discoverable))
         or id in (select unnest((select private.applicant_media_ids())))
         or (kind = 'self_tape' and talent_id in (select unnest((select private.casting_talent_ids()))))
         or (select private.is_admin()));
create policy "Talent and their agents add media" on public.talent_media
  for insert to authenticated with check (talent_id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents edit media" on public.talent_media
  for update to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]))
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents remove media" on public.talent_media
  for delete to authenticated using (talent_id = any ((select private.actable_talent_ids())::uuid[]));

-- talent_credits follow the profile's visibility.
alter table public.talent_credits enable row level security;
revoke all on public.talent_credits from anon, authenticated;
grant select on public.talent_credits to anon;
grant select, insert, update, delete on public.talent_credits to authenticated;

create policy "Anyone reads the credits of public profiles" on public.talent_credits
  for select to anon using (talent_id in (select tp.id from public.talent_profiles tp));
create policy "Signed-in users read the credits of profiles they may see" on public.talent_credits
  for select to authenticated
  using (talent_id in (select tp.id from public.talent_profiles tp) or (select private.is_admin()));
create policy "Talent and their agents add credits" on public.talent_credits
  for insert to authenticated with check (talent_id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents edit credits" on public.talent_credits
  for update to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]))
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents remove credits" on public.talent_credits
  for delete to authenticated using (talent_id = any ((select private.actable_talent_ids())::uuid[]));

-- agencies: a directory for signed-in users; verified agents found agencies; owners run them.
alter table public.agencies enable row level security;
revoke all on public.agencies from anon, authenticated;
grant select, insert (name, city), update (name, city), delete on public.agencies to authenticated;

create policy "Signed-in users read the agency directory" on public.agencies
  for select to authenticated using (true);
create policy "Verified agents found agencies" on public.agencies
  for insert to authenticated
  with check (created_by = (select auth.uid()) and (select private.has_role('agent')));
create policy "Agency owners edit their agency" on public.agencies
  for update to authenticated
  using (id = any ((select private.agency_ids_as('{owner}'))::uuid[]))
  with check (id = any ((select private.agency_ids_as('{owner}'))::uuid[]));
create policy "Agency owners close their agency" on public.agencies
  for delete to authenticated using (id = any ((select private.agency_ids_as('{owner}'))::uuid[]));

-- agency_members: visible to the agency's members and admins; managed by agency owners;
-- a member may leave.
alter table public.agency_members enable row level security;
revoke all on public.agency_members from anon, authenticated;
grant select, insert (agency_id, user_id, agency_role), update (agency_role), delete on public.agency_members to authenticated;

create policy "Agency members read their team" on public.agency_members
  for select to authenticated
  using (agency_id = any ((select private.agency_ids_as('{owner,agent}'))::uuid[]) or (select private.is_admin()));
create policy "Agency owners add members" on public.agency_members
  for insert to authenticated with check (agency_id = any ((select private.agency_ids_as('{owner}'))::uuid[]));
create policy "Agency owners change member roles" on public.agency_members
  for update to authenticated
  using (agency_id = any ((select private.agency_ids_as('{owner}'))::uuid[]))
  with check (agency_id = any ((select private.agency_ids_as('{owner}'))::uuid[]));
create policy "Agency owners remove members and members leave" on public.agency_members
  for delete to authenticated
  using (agency_id = any ((select private.agency_ids_as('{owner}'))::uuid[]) or user_id = (select auth.uid()));

-- representations: the agency proposes, the talent answers (transitions are checked by
-- private.guard_representation); both sides and admins see it.
alter table public.representations enable row level security;
revoke all on public.representations from anon, authenticated;
grant select, insert (agency_id, talent_id), update (status) on public.representations to authenticated;

create policy "Both sides of a representation read it" on public.representations
  for select to authenticated
  using (talent_id in (select tp.id from public.talent_profiles tp where tp.user_id = (select auth.uid()))
         or agency_id = any ((select private.agency_ids_as('{owner,agent}'))::uuid[])
         or (select private.is_admin()));
create policy "Agents propose representation for their agency" on public.representations
  for insert to authenticated
  with check (agency_id = any ((select private.agency_ids_as('{owner,agent}'))::uuid[]) and (select private.has_role('agent')));
create policy "Both sides answer or end a representation" on public.representations
  for update to authenticated
  using (talent_id in (select tp.id from public.talent_profiles tp where tp.user_id = (select auth.uid()))
         or agency_id = any ((select private.agency_ids_as('{owner,agent}'))::uuid[]))
  with check (talent_id in (select tp.id from public.talent_profiles tp where tp.user_id = (select auth.uid()))
              or agency_id = any ((select private.agency_ids_as('{owner,agent}'))::uuid[]));

grant execute on function private.casting_contact_talent_ids() to authenticated;
