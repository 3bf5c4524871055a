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

-- Admins run the platform: a stolen password is not enough, the session must be aal2 (the
-- admin signed in with an authenticator too). At aal1 an admin is an ordinary user.
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

-- The session's authenticator assurance level, from the JWT the auth server signed ('aal1'
-- when the claim is absent: service calls, old tokens).
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

-- Whether the caller has enrolled (verified) an authenticator: then their confidential work
-- needs aal2, as Supabase's documented policy for "users who have enrolled MFA" does.
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

-- Confidential projects whose details need aal2 from the caller: all of their confidential
-- projects once they enrolled a factor, and those whose owner requires MFA of every member.
-- Whatever the session's level (policies compare it; public.project_access explains it).
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

-- Confidential projects whose details the caller may read (sql/45_confidential.sql): those whose
-- current NDA version they accepted, and those with no NDA yet that they own (so an owner can set
-- one up). Every other confidential project stays closed to its members and invited talent.
create or replace function private.nda_cleared_project_ids()
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
    select a.project_id from public.nda_acceptances a
    join public.projects p on p.id = a.project_id and p.is_confidential
    where a.user_id = uid
      and a.version = (select max(n.version) from public.project_ndas n where n.project_id = a.project_id)
    union
    select pm.project_id from public.project_members pm
    join public.projects p on p.id = pm.project_id and p.is_confidential
    where pm.user_id = uid and pm.project_role = 'owner'
      and not exists (select 1 from public.project_ndas n where n.project_id = pm.project_id));
end;
$$;

-- One project, as its creator sees it right after creating it (before the owner membership
-- exists): no NDA yet, or its current version accepted by the caller.
create or replace function private.nda_cleared(project uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return not exists (select 1 from public.project_ndas n where n.project_id = project)
      or exists (select 1 from public.nda_acceptances a where a.project_id = project and a.user_id = auth.uid()
                 and a.version = (select max(n.version) from public.project_ndas n where n.project_id = project));
end;
$$;

-- Confidential projects the caller deals with (member, or acting for talent who submitted or was
-- invited) but may not read yet: the NDA's current version is not accepted.
create or replace function private.nda_blocked_project_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  talent uuid[];
  cleared uuid[];
begin
  if uid is null then
    return '{}';
  end if;
  talent := private.actable_talent_ids();
  cleared := private.nda_cleared_project_ids();
  return array(
    select p.id from public.projects p
    where p.is_confidential and not (p.id = any (cleared))
      and p.id in (select pm.project_id from public.project_members pm where pm.user_id = uid
                   union select s.project_id from public.submissions s where s.talent_id = any (talent)
                   union select i.project_id from public.project_invitations i where i.talent_id = any (talent)));
end;
$$;

-- Projects where the caller holds one of the given project roles, whatever the NDA says (who
-- may read and publish a confidential project's NDA, and see their own membership).
create or replace function private.raw_project_ids_as(roles public.project_role[])
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

-- Projects where the caller holds one of the given project roles and may read the details: a
-- confidential project only once its current NDA is accepted, and at aal2 when it needs that of
-- the caller (private.aal2_project_ids). Every project policy builds on this, so both gates hold
-- for roles, submissions, shortlists, slots, offers and money alike.
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

-- Applicants: talent with a submission, not withdrawn, to a role of a project of the caller's
-- casting team. Applying shares the profile with that team for that purpose (DPDP Act: data a
-- person volunteers for a purpose may be processed for it), with or without the general
-- casting_visibility consent, which governs discovery (search, matching, the public board).
-- Not for talent under 18 (only their guardian's consent counts, sql/21_guardians.sql), an
-- erased tombstone, or an account being erased (its consents are already withdrawn).
create or replace function private.applicant_talent_ids()
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
    select distinct s.talent_id from public.submissions s
    join public.talent_profiles tp on tp.id = s.talent_id
    where s.project_id = any (projects) and s.status <> 'withdrawn'
      and tp.erased_at is null and not private.is_minor(tp.date_of_birth)
      and not exists (select 1 from private.erasures e where e.user_id = tp.user_id and e.completed_at is null));
end;
$$;

-- The media those applicants attached to those submissions (submissions.media_ids): shared with
-- the team like the profile; their other media stay behind the general consent.
create or replace function private.applicant_media_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  projects uuid[] := private.casting_project_ids();
  applicants uuid[];
begin
  if cardinality(projects) = 0 then
    return '{}';
  end if;
  applicants := private.applicant_talent_ids();
  return array(
    select distinct m from public.submissions s, unnest(s.media_ids) m
    where s.project_id = any (projects) and s.status <> 'withdrawn' and s.talent_id = any (applicants));
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
-- was moved to audition or callback (of a confidential project, once the caller accepted its NDA).
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
    where s.talent_id = any (talent) and s.status in ('audition_requested', 'callback')
      and not (s.project_id = any (private.nda_blocked_project_ids())));
end;
$$;

-- Roles that talent the caller acts for have submitted to (they keep seeing those roles
-- after the call closes; of a confidential project, while the caller's NDA acceptance is current).
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
  return array(select s.casting_role_id from public.submissions s
               where s.talent_id = any (talent) and not (s.project_id = any (private.nda_blocked_project_ids())));
end;
$$;

-- Roles of projects to which talent the caller acts for were invited (project_invitations),
-- readable once the caller accepted the project's NDA (a confidential project's) .
create or replace function private.invited_casting_role_ids()
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
  return array(select i.casting_role_id from public.project_invitations i
               where i.talent_id = any (talent) and not (i.project_id = any (private.nda_blocked_project_ids())));
end;
$$;

-- Projects of the roles that talent the caller acts for submitted to or were invited to (their
-- history, archived or not); a confidential one while the caller's NDA acceptance is current.
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
  return array(select s.project_id from public.submissions s where s.talent_id = any (talent)
               union
               select i.project_id from public.project_invitations i where i.talent_id = any (talent)
               except
               select unnest(private.nda_blocked_project_ids()));
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
