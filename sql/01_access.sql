-- Who is who. Platform roles (app_role) are granted in public.user_roles; project roles in
-- public.project_members. Policies never trust JWT claims or user metadata: they call the
-- helpers below, which read those tables.
--
-- Every helper is SECURITY DEFINER (it must read the role tables past their own RLS) with an
-- empty search_path, lives in the unexposed schema private, and returns a boolean or an array
-- so that a policy can call it once per statement as `(select private.f())`.
-- They are PL/pgSQL so that they can be declared here, before the tables they read.

create type public.app_role as enum ('talent', 'agent', 'casting_director', 'producer', 'admin');
create type public.project_role as enum ('owner', 'casting_director', 'associate', 'producer', 'viewer');

create or replace function private.has_role(wanted public.app_role)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (select 1 from public.user_roles where user_id = auth.uid() and role = wanted);
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
  return private.has_role('admin');
end;
$$;

-- Talent profiles the caller may act for: their own, and those of talent who accepted
-- representation by an agency the caller (holding the agent role) belongs to.
create or replace function private.actable_talent_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
begin
  if uid is null then
    return '{}';
  end if;
  return array(
    select tp.id from public.talent_profiles tp where tp.user_id = uid
    union
    select r.talent_id
    from public.representations r
    join public.agency_members am on am.agency_id = r.agency_id and am.user_id = uid
    where r.status = 'accepted'
      and exists (select 1 from public.user_roles ur where ur.user_id = uid and ur.role = 'agent'));
end;
$$;

-- Projects where the caller holds one of the given project roles.
create or replace function private.project_ids_as(roles public.project_role[])
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return array(
    select pm.project_id from public.project_members pm
    where pm.user_id = auth.uid() and pm.project_role = any (roles));
end;
$$;

-- Any membership at all (viewers included).
create or replace function private.member_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.project_ids_as(enum_range(null::public.project_role));
end;
$$;

-- The casting team: who runs roles, submissions, shortlists, slots and self-tapes.
create or replace function private.casting_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.project_ids_as('{owner,casting_director,associate}');
end;
$$;

-- Who sees and manages a project's money.
create or replace function private.budget_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return private.project_ids_as('{owner,producer}');
end;
$$;

-- Talent the caller meets through a project: everyone who submitted to or is shortlisted on
-- a project of the caller's casting team. Their profiles (whatever the visibility), their
-- contacts and their self-tapes become visible to the caller.
create or replace function private.casting_talent_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  projects uuid[] := private.casting_project_ids();
begin
  if cardinality(projects) = 0 then
    return '{}';
  end if;
  return array(
    select s.talent_id from public.submissions s where s.project_id = any (projects)
    union
    select si.talent_id from public.shortlist_items si where si.project_id = any (projects));
end;
$$;

-- Talent whose profiles a project shares with all its members (producers and viewers
-- included): the shortlisted ones, plus everything the casting team sees.
create or replace function private.shared_talent_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  projects uuid[] := private.member_project_ids();
begin
  if cardinality(projects) = 0 then
    return '{}';
  end if;
  return array(
    select si.talent_id from public.shortlist_items si where si.project_id = any (projects)
    union
    select unnest(private.casting_talent_ids()));
end;
$$;

-- Roles whose audition slots are offered to talent the caller acts for: their submission
-- was moved to audition or callback.
create or replace function private.offered_casting_role_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  talent uuid[] := private.actable_talent_ids();
begin
  if cardinality(talent) = 0 then
    return '{}';
  end if;
  return array(
    select distinct s.casting_role_id from public.submissions s
    where s.talent_id = any (talent) and s.status in ('audition_requested', 'callback'));
end;
$$;

-- Roles that talent the caller acts for have submitted to (they keep seeing those roles
-- after the call closes).
create or replace function private.submitted_casting_role_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  talent uuid[] := private.actable_talent_ids();
begin
  if cardinality(talent) = 0 then
    return '{}';
  end if;
  return array(select s.casting_role_id from public.submissions s where s.talent_id = any (talent));
end;
$$;

-- Projects of the roles that talent the caller acts for submitted to (their history, archived or not).
create or replace function private.submitted_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  talent uuid[] := private.actable_talent_ids();
begin
  if cardinality(talent) = 0 then
    return '{}';
  end if;
  return array(select distinct s.project_id from public.submissions s where s.talent_id = any (talent));
end;
$$;

-- Projects anyone may know about: not confidential, past draft, not archived.
create or replace function private.public_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return array(select p.id from public.projects p where not p.is_confidential and p.status <> 'draft' and p.archived_at is null);
end;
$$;

-- The project a casting role belongs to (children of roles copy it so policies stay flat).
create or replace function private.project_of_casting_role(role_id uuid)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (select cr.project_id from public.casting_roles cr where cr.id = role_id);
end;
$$;

grant execute on all functions in schema private to anon, authenticated, service_role;
