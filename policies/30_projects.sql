-- projects: non-confidential projects past draft are public (the casting-call board);
-- confidential ones exist only for admins and for their members and invited talent who accepted
-- the project's current NDA (sql/45_confidential.sql). An archived project leaves every list
-- (members read it through archived_projects()), except for the talent who submitted to it: it
-- is part of their submission history.
alter table public.projects enable row level security;
revoke all on public.projects from anon, authenticated;
grant select (id, title, logline, platform, language, status, is_confidential, created_at, updated_at) on public.projects to anon;
grant select, insert (title, logline, platform, language, status, is_confidential, require_mfa),
      update (title, logline, platform, language, status, is_confidential, require_mfa), delete
  on public.projects to authenticated;

-- Supabase's documented step-up policy: a confidential project needs aal2 from a member who
-- enrolled an authenticator, or from every member when the owner requires MFA. Restrictive, so
-- it holds whichever permissive policy lets the row through; every detail table is gated the
-- same way through private.project_ids_as.
create policy "Confidential projects need aal2 where MFA applies" on public.projects
  as restrictive for all to authenticated
  using (((select auth.jwt()) ->> 'aal') = 'aal2' or not (id = any ((select private.aal2_project_ids())::uuid[])))
  with check (((select auth.jwt()) ->> 'aal') = 'aal2' or not (id = any ((select private.aal2_project_ids())::uuid[])));

create policy "Anyone reads public projects" on public.projects
  for select to anon using (not is_confidential and status <> 'draft' and archived_at is null);
create policy "Signed-in users read public projects, their own, and ones they submitted or were invited to" on public.projects
  for select to authenticated
  using ((archived_at is null
          and ((not is_confidential and status <> 'draft')
               or id = any ((select private.member_project_ids())::uuid[])
               -- (the creator, also while the owner membership is being added: insert … returning)
               or (created_by = (select auth.uid()) and (not is_confidential or private.nda_cleared(id)))
               or (select private.is_admin())))
         or id = any ((select private.submitted_project_ids())::uuid[]));
create policy "Verified casting directors and producers create projects" on public.projects
  for insert to authenticated
  with check (created_by = (select auth.uid())
              and ((select private.has_role('casting_director')) or (select private.has_role('producer'))));
create policy "Owners and casting directors edit the project" on public.projects
  for update to authenticated
  using (id = any ((select private.project_ids_as('{owner,casting_director}'))::uuid[]))
  with check (id = any ((select private.project_ids_as('{owner,casting_director}'))::uuid[]));
create policy "Owners delete the project" on public.projects
  for delete to authenticated using (id = any ((select private.project_ids_as('{owner}'))::uuid[]));

-- project_members: members see their team (and everyone their own membership, before accepting
-- a confidential project's NDA too); owners manage it; anyone may leave.
alter table public.project_members enable row level security;
revoke all on public.project_members from anon, authenticated;
grant select, insert (project_id, user_id, project_role), update (project_role), delete on public.project_members to authenticated;

create policy "Members read their project's team and everyone their own membership" on public.project_members
  for select to authenticated
  using (project_id = any ((select private.member_project_ids())::uuid[]) or user_id = (select auth.uid())
         or (select private.is_admin()));
create policy "Owners add members" on public.project_members
  for insert to authenticated with check (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]));
create policy "Owners change project roles" on public.project_members
  for update to authenticated
  using (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]))
  with check (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]));
create policy "Owners remove members and members leave" on public.project_members
  for delete to authenticated
  using (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]) or user_id = (select auth.uid()));

-- casting_roles: open roles of public projects are public; members see all of their
-- project's roles; talent keep seeing roles they submitted to (archived ones too) and see roles
-- they were invited to (of a confidential project, after accepting its NDA); the casting team
-- edits. Archived roles leave the other lists (archived_casting_roles() reads them).
alter table public.casting_roles enable row level security;
revoke all on public.casting_roles from anon, authenticated;
grant select on public.casting_roles to anon;
grant select, insert (project_id, name, description, gender, age_min, age_max, languages, skills, city, pay_paise, submission_deadline, status),
      update (name, description, gender, age_min, age_max, languages, skills, city, pay_paise, submission_deadline, status), delete
  on public.casting_roles to authenticated;

create policy "Anyone reads open roles of public projects" on public.casting_roles
  for select to anon
  using (status = 'open' and archived_at is null and project_id = any ((select private.public_project_ids())::uuid[]));
create policy "Signed-in users read open public roles, their projects' roles and roles they submitted or were invited to" on public.casting_roles
  for select to authenticated
  using ((archived_at is null
          and ((status = 'open' and project_id = any ((select private.public_project_ids())::uuid[]))
               or project_id = any ((select private.member_project_ids())::uuid[])
               or id = any ((select private.invited_casting_role_ids())::uuid[])
               or (select private.is_admin())))
         or id = any ((select private.submitted_casting_role_ids())::uuid[]));
create policy "The casting team adds roles" on public.casting_roles
  for insert to authenticated with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team edits roles" on public.casting_roles
  for update to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team removes roles" on public.casting_roles
  for delete to authenticated using (project_id = any ((select private.casting_project_ids())::uuid[]));

grant execute on function private.nda_cleared_project_ids(), private.nda_cleared(uuid), private.nda_blocked_project_ids(), private.raw_project_ids_as(public.project_role[]),
  private.invited_casting_role_ids() to authenticated;
-- (private.guard_project, a trigger on projects, runs as whoever updates a project)
grant execute on function private.account_exists(uuid) to authenticated, service_role;
