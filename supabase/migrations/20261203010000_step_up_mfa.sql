-- Step-up authentication (issue 23): aal2 for admins and for confidential projects' details.
-- Incremental DDL; the schema it gives is what sql/01_access.sql, sql/30_projects.sql,
-- sql/45_confidential.sql, sql/90_workflow.sql and policies/30_projects.sql,
-- policies/45_confidential.sql say.
-- Reads auth.mfa_factors, which GoTrue owns on Supabase and the local platform bootstrap creates.

alter table public.projects add column require_mfa boolean not null default false;

create or replace function private.session_aal()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return coalesce(auth.jwt() ->> 'aal', 'aal1');
end;
$$;

create or replace function private.has_verified_factor()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (select 1 from auth.mfa_factors f where f.user_id = auth.uid() and f.status = 'verified');
end;
$$;

create or replace function private.aal2_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  enrolled boolean := private.has_verified_factor();
begin
  return array(
    select pm.project_id from public.project_members pm
    join public.projects p on p.id = pm.project_id and p.is_confidential
    where pm.user_id = auth.uid() and (enrolled or p.require_mfa));
end;
$$;

create or replace function private.is_admin()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.has_role('admin') and private.session_aal() = 'aal2';
end;
$$;

create or replace function private.project_ids_as(roles public.project_role[])
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  cleared uuid[] := private.nda_cleared_project_ids();
  stepped_up boolean := private.session_aal() = 'aal2';
  need_aal2 uuid[] := case when stepped_up then '{}'::uuid[] else private.aal2_project_ids() end;
begin
  return array(
    select pm.project_id from public.project_members pm
    join public.projects p on p.id = pm.project_id
    where pm.user_id = auth.uid() and pm.project_role = any (roles)
      and (not p.is_confidential or pm.project_id = any (cleared))
      and not (pm.project_id = any (need_aal2)));
end;
$$;

grant execute on function private.session_aal(), private.has_verified_factor(), private.aal2_project_ids()
  to anon, authenticated, service_role;

-- Requiring MFA of a project's members is done from an aal2 session, so the owner who turns it on
-- has an authenticator and is not locked out by their own setting.
create or replace function private.guard_require_mfa()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.require_mfa and (tg_op = 'INSERT' or not old.require_mfa)
     and auth.uid() is not null and private.session_aal() <> 'aal2' then
    raise exception 'requiring MFA needs an aal2 session: enrol an authenticator and verify it first'
      using errcode = 'insufficient_privilege', hint = 'aal2';
  end if;
  return new;
end;
$$;
create trigger projects_require_mfa_guard before insert or update of require_mfa on public.projects
  for each row execute function private.guard_require_mfa();

-- What the caller needs to read a project's details, so that an app can tell "step up" from "no
-- access" (RLS alone answers both with no rows): 'granted'; 'step_up' (a member who has an
-- authenticator, at aal1); 'enrol_mfa' (the owner requires MFA and the member has none yet);
-- 'accept_nda' (the current NDA is not accepted); 'none' (not theirs, or no such project: the
-- answer does not tell which). Admins who are not members get 'step_up'/'enrol_mfa' at aal1.
create or replace function private.project_access(wanted uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  project public.projects;
  member boolean;
  admin boolean := private.has_role('admin');
  aal2 boolean := private.session_aal() = 'aal2';
begin
  select * into project from public.projects p where p.id = wanted;
  if not found or auth.uid() is null then
    return 'none';
  end if;
  member := exists (select 1 from public.project_members pm where pm.project_id = project.id and pm.user_id = auth.uid());
  if not project.is_confidential then
    return case when member or admin or (project.status <> 'draft' and project.archived_at is null) then 'granted' else 'none' end;
  end if;
  if not member and not admin then
    return 'none';
  end if;
  if not aal2 and (admin or project.id = any (private.aal2_project_ids())) then
    return case when private.has_verified_factor() then 'step_up' else 'enrol_mfa' end;
  end if;
  if member and not private.nda_cleared(project.id)
     and not exists (select 1 from public.project_members pm where pm.project_id = project.id and pm.user_id = auth.uid()
                     and pm.project_role = 'owner' and not exists (select 1 from public.project_ndas n where n.project_id = project.id)) then
    return 'accept_nda';
  end if;
  return 'granted';
end;
$$;

-- The RPC (POST /rest/v1/rpc/project_access): runs as the caller, the helper reads past RLS.
create or replace function public.project_access(project_id uuid)
returns text
language sql
stable
set search_path = ''
as $$ select private.project_access(project_id) $$;

grant execute on function private.project_access(uuid), public.project_access(uuid) to authenticated;

grant insert (require_mfa), update (require_mfa) on public.projects to authenticated;

create policy "Confidential projects need aal2 where MFA applies" on public.projects
  as restrictive for all to authenticated
  using (((select auth.jwt()) ->> 'aal') = 'aal2' or not (id = any ((select private.aal2_project_ids())::uuid[])))
  with check (((select auth.jwt()) ->> 'aal') = 'aal2' or not (id = any ((select private.aal2_project_ids())::uuid[])));

-- Phone-only accounts (no email): their notifications are read in the app; the email job claims
-- them without sending (sql/90_workflow.sql).
create or replace function public.claim_notification_emails(batch_size integer default 50)
returns table (id uuid, email text, kind text, title text, body text, link_token text)
language sql
set search_path = ''
as $$
  with claimed as (
    update public.notifications n set emailed_at = now()
    where n.id in (select q.id from public.notifications q where q.emailed_at is null
                   order by q.created_at limit least(greatest(batch_size, 1), 500) for update skip locked)
    returning n.id, n.user_id, n.email_to, n.kind, n.title, n.body, n.data)
  select c.id, coalesce(c.email_to, private.user_email(c.user_id)), c.kind, c.title, c.body,
         case when c.kind = 'guardian.consent_request' then private.guardian_token((c.data ->> 'guardian_consent_id')::uuid) end
  from claimed c
  -- (someone who signed up with a phone and has no email reads it in the app: claimed, not sent)
  where coalesce(c.email_to, private.user_email(c.user_id)) is not null
$$;
