-- Projects, their teams, and the casting breakdown (roles).

create type public.project_status as enum ('draft', 'casting', 'in_production', 'wrapped', 'cancelled');
create type public.casting_role_status as enum ('draft', 'open', 'closed');

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(btrim(title)) between 1 and 200),
  logline text check (char_length(logline) <= 2000),
  platform text check (char_length(platform) <= 80),
  language text check (language ~ '^[a-z][a-z -]{0,39}$'),
  status public.project_status not null default 'draft',
  is_confidential boolean not null default false,
  -- set null: the creator's erasure keeps the project with its other owners (an erasure refuses
  -- while they are its only owner and anything of anyone else's is in it)
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A DELETE through the API archives a project that others' records depend on (sql/97_safety.sql).
  archived_at timestamptz,
  archived_by uuid references auth.users (id) on delete set null,
  -- Confidential projects: every member needs aal2 (an authenticator app) to read the details,
  -- not only those who enrolled one (sql/01_access.sql, private.aal2_project_ids).
  require_mfa boolean not null default false
);
create index projects_public_idx on public.projects (status) where not is_confidential;
create index projects_archived_idx on public.projects (archived_at) where archived_at is not null;
create index projects_archived_by_idx on public.projects (archived_by);
create index projects_created_by_idx on public.projects (created_by);
create trigger projects_touch before update on public.projects
  for each row execute function private.touch_updated_at();

-- A project's language as typed ("Hindi", "हिंदी") → its tag, or a refusal naming the field.
create or replace function private.canonicalise_project_language()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.language := private.language_tag(new.language);
  if new.language is not null then
    perform private.assert_tags('language', array[new.language], true);
  end if;
  return new;
end;
$$;
create trigger projects_canonical_language before insert or update of language on public.projects
  for each row execute function private.canonicalise_project_language();

create table public.project_members (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: the project's own team; a project goes only when nothing of anyone else's depends on it (else archived, sql/97_safety.sql) or by the purge
  user_id uuid not null references auth.users (id) on delete cascade,  -- cascade: their own membership (erasure)
  project_role public.project_role not null,
  added_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (project_id, user_id)
);
create index project_members_user_idx on public.project_members (user_id, project_role);
create index project_members_added_by_idx on public.project_members (added_by);

-- The creator of a project owns it. created_by never changes.
create or replace function private.project_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.project_members (project_id, user_id, project_role, added_by)
  values (new.id, new.created_by, 'owner', new.created_by);
  return null;
end;
$$;
create trigger projects_owner after insert on public.projects
  for each row execute function private.project_created();

-- Whether an account still exists (private.guard_project), for callers who may not read
-- auth.users themselves.
create or replace function private.account_exists(id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$ select exists (select 1 from auth.users u where u.id = account_exists.id) $$;

create or replace function private.guard_project()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if auth.uid() is not null then
      new.created_by := auth.uid();
    end if;
  -- (only the creator's erasure changes it, to null. The account is looked up by a helper: as a
  -- subquery here, read as the caller, the condition failed with "permission denied for table
  -- users" on every update once PL/pgSQL chose a generic plan for it, which keeps the subquery
  -- that a custom plan folded away; statistics made it choose one after five updates)
  elsif new.created_by is distinct from old.created_by
        and (new.created_by is not null or private.account_exists(old.created_by)) then
    raise exception 'created_by never changes' using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;
create trigger projects_guard before insert or update on public.projects
  for each row execute function private.guard_project();

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
create trigger projects_audit after insert or delete on public.projects
  for each row execute function private.audit_change();
create trigger projects_confidentiality_audit after update of is_confidential on public.projects
  for each row when (old.is_confidential is distinct from new.is_confidential)
  execute function private.audit_change();

-- A project role must match a vetted platform role where it carries power, and a project
-- always keeps an owner.
create or replace function private.guard_project_member()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  needed public.app_role[];
begin
  if tg_op in ('INSERT', 'UPDATE') then
    if tg_op = 'UPDATE' and (new.project_id, new.user_id) is distinct from (old.project_id, old.user_id) then
      raise exception 'a membership moves only between project roles' using errcode = 'insufficient_privilege';
    end if;
    needed := case new.project_role
      when 'owner' then '{casting_director,producer}'
      when 'casting_director' then '{casting_director}'
      when 'producer' then '{producer}'
      else null end;
    if needed is not null and not exists (
      select 1 from public.user_roles ur where ur.user_id = new.user_id and ur.role = any (needed)) then
      raise exception 'project role % needs a verified % account', new.project_role, array_to_string(needed, ' or ')
        using errcode = 'check_violation';
    end if;
    if tg_op = 'INSERT' then
      new.added_by := coalesce(auth.uid(), new.added_by);
    end if;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and old.project_role = 'owner'
     and (tg_op = 'DELETE' or new.project_role <> 'owner')
     and exists (select 1 from public.projects p where p.id = old.project_id)
     and not exists (select 1 from public.project_members pm
                     where pm.project_id = old.project_id and pm.project_role = 'owner' and pm.id <> old.id) then
    raise exception 'a project keeps at least one owner' using errcode = 'check_violation';
  end if;
  return coalesce(new, old);
end;
$$;
create trigger project_members_guard before insert or update or delete on public.project_members
  for each row execute function private.guard_project_member();
create trigger project_members_audit after insert or update or delete on public.project_members
  for each row execute function private.audit_change();

-- The breakdown.
create table public.casting_roles (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: with a project that nothing of anyone else's depends on (else it is archived, sql/97_safety.sql), or with the purge
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text check (char_length(description) <= 4000),
  gender public.gender,                                   -- null: any gender
  age_min smallint check (age_min between 0 and 100),
  age_max smallint check (age_max between 0 and 100),
  languages text[] not null default '{}' check (private.valid_tags(languages)),
  skills text[] not null default '{}' check (private.valid_tags(skills)),
  city text check (char_length(city) <= 80),
  pay_paise bigint check (pay_paise >= 0),
  submission_deadline timestamptz,
  status public.casting_role_status not null default 'draft',
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz,                     -- archived instead of deleted (sql/97_safety.sql)
  archived_by uuid references auth.users (id) on delete set null,
  check (age_max >= age_min)
);
create index casting_roles_archived_idx on public.casting_roles (archived_at) where archived_at is not null;
create index casting_roles_archived_by_idx on public.casting_roles (archived_by);
create index casting_roles_project_idx on public.casting_roles (project_id, status);
create index casting_roles_open_idx on public.casting_roles (submission_deadline) where status = 'open';
create index casting_roles_created_by_idx on public.casting_roles (created_by);
create trigger casting_roles_touch before update on public.casting_roles
  for each row execute function private.touch_updated_at();
create trigger casting_roles_canonical_tags before insert or update of languages, skills on public.casting_roles
  for each row execute function private.canonicalise_tags();

create or replace function private.guard_casting_role()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.project_id is distinct from old.project_id then
    raise exception 'a role stays in its project' using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;
create trigger casting_roles_guard before update on public.casting_roles
  for each row execute function private.guard_casting_role();
