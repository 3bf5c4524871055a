-- The audit log: append-only history of sensitive changes (role grants, memberships,
-- submission status, confidential projects). Written only by triggers; readable by admins
-- through the API; immutable for everyone, the table owner included.
create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,            -- auth.uid() of the request; null for sign-up, seeds, service jobs
  actor_role text,          -- the request's API role (authenticated, service_role, …)
  action text not null,     -- insert | update | delete
  table_name text not null,
  row_id text,
  project_id uuid,          -- set when the change belongs to a project (for per-project review)
  old_data jsonb,
  new_data jsonb
);
-- No foreign keys on purpose: the history outlives the users and rows it mentions.
create index audit_log_occurred_at_idx on public.audit_log (occurred_at desc);
create index audit_log_row_idx on public.audit_log (table_name, row_id);
create index audit_log_actor_idx on public.audit_log (actor_id);
create index audit_log_project_idx on public.audit_log (project_id) where project_id is not null;

create or replace function private.audit_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  any_row jsonb := coalesce(new_row, old_row);
begin
  insert into public.audit_log (actor_id, actor_role, action, table_name, row_id, project_id, old_data, new_data)
  values (
    auth.uid(),
    nullif(current_setting('request.jwt.claim.role', true), ''),
    lower(tg_op),
    tg_table_name,
    coalesce(any_row ->> 'id', any_row ->> 'user_id'),
    case when tg_table_name = 'projects' then (any_row ->> 'id')::uuid else (any_row ->> 'project_id')::uuid end,
    old_row,
    new_row);
  return null;
end;
$$;

create or replace function private.refuse_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- the one exception: an account's erasure pseudonymises the entries about the person
  if tg_op = 'UPDATE' and private.in_erasure() then
    return new;
  end if;
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op)
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_is_immutable
  before update or delete on public.audit_log
  for each row execute function private.refuse_audit_change();
create trigger audit_log_is_not_truncated
  before truncate on public.audit_log
  for each statement execute function private.refuse_audit_change();
