-- No data lost through the API (issue 15). One request destroys at most the rows it names:
--  1. UPDATE and DELETE without a filter never reach these tables: safeupdate refuses them in
--     the API's sessions on native PostgreSQL (as on hosted Supabase), the REST layer on PGlite.
--  2. Bulk writes are bounded: one UPDATE or DELETE statement of an API user (anon,
--     authenticated) changes at most private.safety_settings.max_affected_rows rows, or fails
--     as PostgREST's `Prefer: max-affected` does (400, PGRST124). The service role, the
--     database owner and SECURITY DEFINER workflow code are not bound.
--  3. Projects, casting roles and shortlists that others' records depend on are archived, not
--     deleted: the DELETE sets archived_at instead. Archived rows leave the day-to-day lists
--     (policies/30_projects.sql, 40_casting.sql), stay readable through archived_projects() and
--     friends, and their owners restore them; private.purge_archived() removes what stayed
--     archived past the retention, unless talent records still hang on it.
-- Foreign keys say, one by one, whether a delete cascades, is restricted or never happens
-- because the parent is archived (the comments beside each `on delete`).

-- The stack writes supabase/config.toml's [castmatch] values here at every start; a Supabase
-- project sets them with an UPDATE. These defaults are the file's.
create table private.safety_settings (
  singleton boolean primary key default true check (singleton),
  max_affected_rows integer not null default 100 check (max_affected_rows > 0),
  archive_retention_days integer not null default 30 check (archive_retention_days >= 30)
);
insert into private.safety_settings default values;

-- 2. The bound. Statement-level, after the fact (the transition table holds the changed rows);
-- raising rolls the whole statement back. The error is PostgREST's own for max-affected, raised
-- the documented way (SQLSTATE PGRST with a JSON message and status), so clients see one code.
create or replace function private.bound_affected_rows()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  affected bigint;
  allowed integer := (select s.max_affected_rows from private.safety_settings s where s.singleton);
begin
  select count(*) into affected from changed_rows;
  if affected > allowed then
    raise sqlstate 'PGRST' using
      message = json_build_object(
        'code', 'PGRST124',
        'message', 'Query result exceeds max-affected preference constraint',
        'details', format('The query would %s %s rows of %s; one API request may change at most %s',
                          lower(tg_op), affected, tg_table_name, allowed),
        'hint', 'Narrow the filter, or change the rows in batches')::text,
      detail = json_build_object('status', 400, 'headers', json_build_object())::text;
  end if;
  return null;
end;
$$;

-- Every table of the exposed schema is bound (tests/db/015_safety.sql checks that none is
-- missing). A trigger with a transition table takes one event, hence two per table.
do $$
declare
  t record;
begin
  for t in select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' loop
    execute format('create trigger bound_updated_rows after update on public.%I referencing old table as changed_rows '
                   'for each statement when (current_user in (''anon'', ''authenticated'')) '
                   'execute function private.bound_affected_rows()', t.relname);
    execute format('create trigger bound_deleted_rows after delete on public.%I referencing old table as changed_rows '
                   'for each statement when (current_user in (''anon'', ''authenticated'')) '
                   'execute function private.bound_affected_rows()', t.relname);
  end loop;
end
$$;

-- 3. Archive instead of delete.

-- What of anyone else's hangs on the row, named for the message; null when nothing does.
-- (Talent's submissions, audition bookings and offers; budget lines; shortlisted talent.)
create or replace function private.dependents_of(kind text, target uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if kind = 'shortlists' then
    return case when exists (select 1 from public.shortlist_items i where i.shortlist_id = target) then 'shortlisted talent' end;
  end if;
  if kind = 'projects' then
    return case
      when exists (select 1 from public.submissions s where s.project_id = target) then 'submissions'
      when exists (select 1 from public.audition_bookings b where b.project_id = target) then 'audition bookings'
      when exists (select 1 from public.offers o where o.project_id = target) then 'offers'
      when exists (select 1 from public.budget_lines b where b.project_id = target) then 'budget lines'
      when exists (select 1 from public.shortlist_items i where i.project_id = target) then 'shortlisted talent' end;
  end if;
  return case
    when exists (select 1 from public.submissions s where s.casting_role_id = target) then 'submissions'
    when exists (select 1 from public.audition_bookings b where b.casting_role_id = target) then 'audition bookings'
    when exists (select 1 from public.offers o where o.casting_role_id = target) then 'offers'
    when exists (select 1 from public.budget_lines b where b.casting_role_id = target) then 'budget lines'
    when exists (select 1 from public.shortlist_items i where i.casting_role_id = target) then 'shortlisted talent' end;
end;
$$;

-- Talent records that keep an archived project or role from being purged.
create or replace function private.has_talent_records(kind text, target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case kind
    when 'projects' then exists (select 1 from public.submissions s where s.project_id = target)
                      or exists (select 1 from public.audition_bookings b where b.project_id = target)
                      or exists (select 1 from public.offers o where o.project_id = target)
    else exists (select 1 from public.submissions s where s.casting_role_id = target)
      or exists (select 1 from public.audition_bookings b where b.casting_role_id = target)
      or exists (select 1 from public.offers o where o.casting_role_id = target) end
$$;

-- BEFORE DELETE by an API user (the delete policy already said they may remove the row): with
-- dependents, archive the row (and what belongs to it: a project's roles and shortlists, a
-- role's shortlists, all with the same timestamp so that restore brings back exactly them)
-- and skip the delete; without, let the delete happen. Cascaded deletes run as the table
-- owner, so the trigger (WHEN current_user …) leaves the purge and hard deletes alone.
create or replace function private.archive_instead_of_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  stamp timestamptz := now();
  who uuid := auth.uid();
begin
  if private.dependents_of(tg_table_name, old.id) is null then
    return old;
  end if;
  if tg_table_name = 'projects' then
    update public.projects set archived_at = stamp, archived_by = who where id = old.id;
    update public.casting_roles set archived_at = stamp, archived_by = who where project_id = old.id and archived_at is null;
    update public.shortlists set archived_at = stamp, archived_by = who where project_id = old.id and archived_at is null;
  elsif tg_table_name = 'casting_roles' then
    update public.casting_roles set archived_at = stamp, archived_by = who where id = old.id;
    update public.shortlists set archived_at = stamp, archived_by = who where casting_role_id = old.id and archived_at is null;
  else
    update public.shortlists set archived_at = stamp, archived_by = who where id = old.id;
  end if;
  return null;
end;
$$;

create trigger projects_archive_instead_of_delete before delete on public.projects
  for each row when (current_user in ('anon', 'authenticated')) execute function private.archive_instead_of_delete();
create trigger casting_roles_archive_instead_of_delete before delete on public.casting_roles
  for each row when (current_user in ('anon', 'authenticated')) execute function private.archive_instead_of_delete();
create trigger shortlists_archive_instead_of_delete before delete on public.shortlists
  for each row when (current_user in ('anon', 'authenticated')) execute function private.archive_instead_of_delete();

-- Archiving and restoring are audited like the other sensitive changes.
create trigger projects_archive_audit after update of archived_at on public.projects
  for each row when (old.archived_at is distinct from new.archived_at) execute function private.audit_change();
create trigger casting_roles_archive_audit after update of archived_at on public.casting_roles
  for each row when (old.archived_at is distinct from new.archived_at) execute function private.audit_change();
create trigger shortlists_archive_audit after update of archived_at on public.shortlists
  for each row when (old.archived_at is distinct from new.archived_at) execute function private.audit_change();

-- The archive, for those who could read the rows: the project's members (viewers included)
-- and admins. Talent keep seeing archived roles and projects they submitted to in the tables
-- themselves (their submission history). Each returns table rows, so PostgREST filters chain.
create or replace function private.archived_projects()
returns setof public.projects
language sql
stable
security definer
set search_path = ''
as $$
  select p.* from public.projects p
  where p.archived_at is not null and (p.id = any (private.member_project_ids()) or private.is_admin())
$$;

create or replace function private.archived_casting_roles()
returns setof public.casting_roles
language sql
stable
security definer
set search_path = ''
as $$
  select r.* from public.casting_roles r
  where r.archived_at is not null and (r.project_id = any (private.member_project_ids()) or private.is_admin())
$$;

create or replace function private.archived_shortlists()
returns setof public.shortlists
language sql
stable
security definer
set search_path = ''
as $$
  select s.* from public.shortlists s
  where s.archived_at is not null and (s.project_id = any (private.member_project_ids()) or private.is_admin())
$$;

create or replace function public.archived_projects()
returns setof public.projects
language sql
stable
set search_path = ''
as $$ select * from private.archived_projects() $$;

create or replace function public.archived_casting_roles()
returns setof public.casting_roles
language sql
stable
set search_path = ''
as $$ select * from private.archived_casting_roles() $$;

create or replace function public.archived_shortlists()
returns setof public.shortlists
language sql
stable
set search_path = ''
as $$ select * from private.archived_shortlists() $$;

-- Undo. Whoever may delete the row may restore it, as long as it exists (at least the
-- retention; rows with talent records are never purged): a project's owners; a role's or a
-- shortlist's casting team. What was archived with it comes back with it.
create or replace function private.restore_project(target uuid)
returns public.projects
language plpgsql
security definer
set search_path = ''
as $$
declare
  p public.projects;
begin
  select * into p from public.projects where id = target for update;
  if not found or not (target = any (private.project_ids_as('{owner}'))) then
    raise exception 'project % does not exist or is not yours to restore', target using errcode = 'PT404';
  end if;
  if p.archived_at is null then
    raise exception 'project % is not archived', target using errcode = 'check_violation';
  end if;
  update public.casting_roles set archived_at = null, archived_by = null where project_id = target and archived_at = p.archived_at;
  update public.shortlists set archived_at = null, archived_by = null where project_id = target and archived_at = p.archived_at;
  update public.projects set archived_at = null, archived_by = null where id = target returning * into p;
  return p;
end;
$$;

create or replace function private.restore_casting_role(target uuid)
returns public.casting_roles
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.casting_roles;
begin
  select * into r from public.casting_roles where id = target for update;
  if not found or not (r.project_id = any (private.casting_project_ids())) then
    raise exception 'casting role % does not exist or is not yours to restore', target using errcode = 'PT404';
  end if;
  if r.archived_at is null then
    raise exception 'casting role % is not archived', target using errcode = 'check_violation';
  end if;
  if exists (select 1 from public.projects p where p.id = r.project_id and p.archived_at is not null) then
    raise exception 'the role''s project is archived: restore the project' using errcode = 'check_violation';
  end if;
  update public.shortlists set archived_at = null, archived_by = null where casting_role_id = target and archived_at = r.archived_at;
  update public.casting_roles set archived_at = null, archived_by = null where id = target returning * into r;
  return r;
end;
$$;

create or replace function private.restore_shortlist(target uuid)
returns public.shortlists
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.shortlists;
begin
  select * into s from public.shortlists where id = target for update;
  if not found or not (s.project_id = any (private.casting_project_ids())) then
    raise exception 'shortlist % does not exist or is not yours to restore', target using errcode = 'PT404';
  end if;
  if s.archived_at is null then
    raise exception 'shortlist % is not archived', target using errcode = 'check_violation';
  end if;
  if exists (select 1 from public.casting_roles r where r.id = s.casting_role_id and r.archived_at is not null) then
    raise exception 'the shortlist''s role is archived: restore the role (or its project)' using errcode = 'check_violation';
  end if;
  update public.shortlists set archived_at = null, archived_by = null where id = target returning * into s;
  return s;
end;
$$;

create or replace function public.restore_project(project_id uuid)
returns public.projects
language sql
set search_path = ''
as $$ select * from private.restore_project(project_id) $$;

create or replace function public.restore_casting_role(casting_role_id uuid)
returns public.casting_roles
language sql
set search_path = ''
as $$ select * from private.restore_casting_role(casting_role_id) $$;

create or replace function public.restore_shortlist(shortlist_id uuid)
returns public.shortlists
language sql
set search_path = ''
as $$ select * from private.restore_shortlist(shortlist_id) $$;

-- The purge: what stayed archived longer than the retention goes, shortlists first, then
-- roles, then projects, each written to the audit log (action 'purge', the row as it was).
-- A project or role that talent submitted to, booked or were offered stays archived: their
-- records must not disappear because someone else deleted the project. The scheduler (local
-- stack) or pg_cron (Supabase) runs it as the database owner; it answers what it did.
create or replace function private.purge_archived()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  cutoff timestamptz := now() - make_interval(days => (select s.archive_retention_days from private.safety_settings s where s.singleton));
  shortlists integer;
  roles integer;
  projects integer;
  kept integer;
begin
  with gone as (
    delete from public.shortlists s where s.archived_at < cutoff returning s.*
  ), audited as (
    insert into public.audit_log (actor_role, action, table_name, row_id, project_id, old_data)
    select 'purge', 'purge', 'shortlists', g.id::text, g.project_id, to_jsonb(g) from gone g returning 1
  ) select count(*) into shortlists from audited;

  with gone as (
    delete from public.casting_roles r
    where r.archived_at < cutoff and not private.has_talent_records('casting_roles', r.id) returning r.*
  ), audited as (
    insert into public.audit_log (actor_role, action, table_name, row_id, project_id, old_data)
    select 'purge', 'purge', 'casting_roles', g.id::text, g.project_id, to_jsonb(g) - 'embedding' from gone g returning 1
  ) select count(*) into roles from audited;

  with gone as (
    delete from public.projects p
    where p.archived_at < cutoff and not private.has_talent_records('projects', p.id) returning p.*
  ), audited as (
    insert into public.audit_log (actor_role, action, table_name, row_id, project_id, old_data)
    select 'purge', 'purge', 'projects', g.id::text, g.id, to_jsonb(g) from gone g returning 1
  ) select count(*) into projects from audited;

  select (select count(*) from public.projects p where p.archived_at < cutoff)
       + (select count(*) from public.casting_roles r where r.archived_at < cutoff) into kept;
  return jsonb_build_object('shortlists', shortlists, 'casting_roles', roles, 'projects', projects,
                            'kept_for_talent_records', kept);
end;
$$;
