-- project_ndas: whoever the NDA concerns (members, invited or submitted talent and their agents)
-- and admins read it, before accepting too; a project's owners publish versions; versions are
-- never edited or removed.
alter table public.project_ndas enable row level security;
revoke all on public.project_ndas from anon, authenticated;
grant select, insert (project_id, body) on public.project_ndas to authenticated;

create policy "Members, invited talent and admins read the project's NDA" on public.project_ndas
  for select to authenticated
  using (project_id = any ((select private.nda_concerned_project_ids())::uuid[]) or (select private.is_admin()));
create policy "Owners publish NDA versions" on public.project_ndas
  for insert to authenticated with check (project_id = any ((select private.raw_project_ids_as('{owner}'))::uuid[]));

-- nda_acceptances: each person accepts for themselves an NDA that concerns them (the current
-- version; the database stamps the time); they, the project's owners and admins read them.
alter table public.nda_acceptances enable row level security;
revoke all on public.nda_acceptances from anon, authenticated;
grant select, insert (project_id, version, user_id) on public.nda_acceptances to authenticated;

create policy "People, the project's owners and admins read NDA acceptances" on public.nda_acceptances
  for select to authenticated
  using (user_id = (select auth.uid())
         or project_id = any ((select private.raw_project_ids_as('{owner}'))::uuid[])
         or (select private.is_admin()));
create policy "People accept an NDA that concerns them" on public.nda_acceptances
  for insert to authenticated
  with check (user_id = (select auth.uid()) and project_id = any ((select private.nda_concerned_project_ids())::uuid[]));

-- project_invitations: the casting team invites talent it may see and withdraws invitations;
-- the talent, their agents, the casting team and admins read them.
alter table public.project_invitations enable row level security;
revoke all on public.project_invitations from anon, authenticated;
grant select, insert (casting_role_id, talent_id), delete on public.project_invitations to authenticated;

create policy "Talent, their casting team and admins read invitations" on public.project_invitations
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
         or project_id = any ((select private.casting_project_ids())::uuid[])
         or (select private.is_admin()));
create policy "The casting team invites talent it may see" on public.project_invitations
  for insert to authenticated
  with check (project_id = any ((select private.casting_project_ids())::uuid[])
              and talent_id in (select tp.id from public.talent_profiles tp));
create policy "The casting team withdraws invitations" on public.project_invitations
  for delete to authenticated using (project_id = any ((select private.casting_project_ids())::uuid[]));

grant execute on function private.nda_concerned_project_ids() to authenticated;

-- "Step up" or "no access": what the caller lacks to read a project (sql/45_confidential.sql).
grant execute on function private.project_access(uuid), public.project_access(uuid) to authenticated;
