-- NDA-gated confidential projects. A confidential project's owners publish its NDA text in
-- versions; its members, and talent invited to it (with their agents), must accept the current
-- version before any detail of the project is readable: the project, its roles, team, submissions,
-- shortlists, slots, offers, money. A new version asks everyone again (the publisher accepts it by
-- publishing). Row-level security enforces it through private.project_ids_as (members) and
-- private.nda_blocked_project_ids (talent), defined in sql/01_access.sql. Acceptances are
-- time-stamped, never edited or withdrawn, and audit-logged. Until an NDA exists, a confidential
-- project is readable by its owners only. Admins are not gated (they run the platform).

create table public.project_ndas (
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: the project's own text (a project goes only when nothing of anyone else's depends on it)
  version integer not null check (version > 0),
  body text not null check (char_length(btrim(body)) between 20 and 50000),
  published_by uuid default auth.uid() references auth.users (id) on delete set null,
  published_at timestamptz not null default now(),
  primary key (project_id, version)
);
create index project_ndas_published_by_idx on public.project_ndas (published_by);

create table public.nda_acceptances (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null,
  version integer not null,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,  -- cascade: the person's own (erasure; the audit log keeps a pseudonymised copy)
  accepted_at timestamptz not null default now(),
  foreign key (project_id, version) references public.project_ndas (project_id, version) on delete cascade,  -- cascade: with the project's NDA
  unique (project_id, version, user_id)
);
create index nda_acceptances_user_idx on public.nda_acceptances (user_id, project_id);

-- Talent invited to a role of a project (the way talent reach a confidential project's roles,
-- which they cannot find). The casting team invites talent it may see.
create table public.project_invitations (
  id uuid primary key default gen_random_uuid(),
  casting_role_id uuid not null references public.casting_roles (id) on delete cascade,  -- cascade: the team's own invitation goes with its (unused) role
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: as above, with the project
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's erasure
  invited_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (casting_role_id, talent_id)
);
create index project_invitations_project_idx on public.project_invitations (project_id);
create index project_invitations_talent_idx on public.project_invitations (talent_id);
create index project_invitations_invited_by_idx on public.project_invitations (invited_by);
create trigger project_invitations_1_inherit_project before insert or update on public.project_invitations
  for each row execute function private.inherit_project();

-- Publishing: only for confidential projects; the next version number; the publisher accepts it.
create or replace function private.publish_nda()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.projects p where p.id = new.project_id and p.is_confidential) then
    raise exception 'NDAs gate confidential projects: make the project confidential first' using errcode = 'check_violation';
  end if;
  perform 1 from public.projects p where p.id = new.project_id for update;  -- versions are numbered one at a time
  new.version := coalesce((select max(n.version) from public.project_ndas n where n.project_id = new.project_id), 0) + 1;
  new.published_by := coalesce(auth.uid(), new.published_by);  -- API callers publish as themselves
  new.published_at := now();
  return new;
end;
$$;
create trigger project_ndas_publish before insert on public.project_ndas
  for each row execute function private.publish_nda();

create or replace function private.nda_published()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.published_by is not null then
    insert into public.nda_acceptances (project_id, version, user_id) values (new.project_id, new.version, new.published_by)
    on conflict do nothing;
  end if;
  -- everyone else who deals with the project is asked again
  insert into public.notifications (user_id, kind, title, body, data)
  select distinct u, 'project.nda_published', 'A confidential project asks you to accept its NDA',
         format('Version %s of a confidential project''s NDA was published. Accept it in CastMatch to keep reading the project.', new.version),
         jsonb_build_object('project_id', new.project_id, 'version', new.version)
  from (select pm.user_id as u from public.project_members pm where pm.project_id = new.project_id
        union
        select unnest(private.talent_audience(i.talent_id)) from public.project_invitations i where i.project_id = new.project_id
        union
        select unnest(private.talent_audience(s.talent_id)) from public.submissions s where s.project_id = new.project_id) who
  where u is distinct from new.published_by;
  return null;
end;
$$;
create trigger project_ndas_accepted_by_publisher after insert on public.project_ndas
  for each row execute function private.nda_published();

-- Accepting: the current version only, stamped by the database; never edited afterwards.
create or replace function private.guard_nda_acceptance()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_version integer := (select max(n.version) from public.project_ndas n where n.project_id = new.project_id);
begin
  if tg_op = 'UPDATE' then
    raise exception 'an NDA acceptance is never edited' using errcode = 'insufficient_privilege';
  end if;
  if new.version is distinct from current_version then
    raise exception 'the current NDA of this project is version %', current_version using errcode = 'check_violation', hint = 'version';
  end if;
  new.accepted_at := now();
  return new;
end;
$$;
create trigger nda_acceptances_guard before insert or update on public.nda_acceptances
  for each row execute function private.guard_nda_acceptance();
create trigger nda_acceptances_audit after insert on public.nda_acceptances
  for each row execute function private.audit_change();
create trigger project_ndas_audit after insert on public.project_ndas
  for each row execute function private.audit_change();

-- An invitation tells the talent (and their agents) without naming anything of the project.
create or replace function private.notify_invitation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.notifications (user_id, kind, title, body, data)
  select u, 'project.invitation', 'You are invited to a role',
         case when exists (select 1 from public.projects p where p.id = new.project_id and p.is_confidential)
              then 'A confidential project invites you to a role. Accept its NDA in CastMatch to see the details.'
              else 'A project invites you to a role. Open CastMatch to see it.' end,
         jsonb_build_object('invitation_id', new.id, 'project_id', new.project_id, 'casting_role_id', new.casting_role_id)
  from unnest(private.talent_audience(new.talent_id)) u;
  return null;
end;
$$;
create trigger project_invitations_notify after insert on public.project_invitations
  for each row execute function private.notify_invitation();
create trigger project_invitations_audit after insert or delete on public.project_invitations
  for each row execute function private.audit_change();

-- Whom a project's NDA concerns: its members, and talent who were invited or submitted to it
-- (and the agents acting for them).
create or replace function private.nda_concerned_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  talent uuid[] := private.actable_talent_ids();
begin
  return array(
    select unnest(private.raw_project_ids_as(enum_range(null::public.project_role)))
    union select i.project_id from public.project_invitations i where i.talent_id = any (talent)
    union select s.project_id from public.submissions s where s.talent_id = any (talent));
end;
$$;

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
