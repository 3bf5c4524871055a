-- Identity: one profile per auth user, platform roles, and requests for vetted roles.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,  -- cascade: the person's own profile goes with their account (erasure)
  full_name text not null default '' check (char_length(full_name) <= 200),
  avatar_path text check (char_length(avatar_path) <= 500),
  preferred_language text not null default 'en' check (preferred_language ~ '^[a-z]{2,3}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger profiles_touch before update on public.profiles
  for each row execute function private.touch_updated_at();

create table public.user_roles (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,  -- cascade: their own roles (erasure)
  role public.app_role not null,
  granted_by uuid references auth.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  unique (user_id, role)
);
create index user_roles_granted_by_idx on public.user_roles (granted_by);

create type public.request_status as enum ('pending', 'approved', 'rejected');

-- Agents, casting directors and producers are vetted: the user asks, an admin decides.
create table public.role_requests (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,  -- cascade: their own requests (erasure)
  role public.app_role not null check (role in ('agent', 'casting_director', 'producer')),
  company text check (char_length(company) <= 200),
  reason text check (char_length(reason) <= 2000),
  status public.request_status not null default 'pending',
  reviewed_by uuid references auth.users (id) on delete set null,
  reviewed_at timestamptz,
  review_note text check (char_length(review_note) <= 2000),
  created_at timestamptz not null default now(),
  check ((status = 'pending') = (reviewed_at is null))
);
create index role_requests_user_idx on public.role_requests (user_id);
create index role_requests_reviewed_by_idx on public.role_requests (reviewed_by);
create index role_requests_pending_idx on public.role_requests (created_at) where status = 'pending';
create unique index role_requests_one_pending on public.role_requests (user_id, role) where status = 'pending';

-- Nobody changes their own roles through the API, admins included; grants are audited.
create or replace function private.guard_user_roles()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is not null and auth.uid() = coalesce(new.user_id, old.user_id)
     and coalesce(current_setting('request.jwt.claim.role', true), '') <> 'service_role' then
    raise exception 'you cannot change your own roles' using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'INSERT' then
    new.granted_by := coalesce(new.granted_by, auth.uid());
    new.granted_at := now();
  elsif tg_op = 'UPDATE' and not (new.granted_by is null and (new.user_id, new.role, new.granted_at) = (old.user_id, old.role, old.granted_at)) then
    -- (only the granting admin's erasure touches a role: granted_by becomes null)
    raise exception 'roles are granted and revoked, never edited' using errcode = 'insufficient_privilege';
  end if;
  return coalesce(new, old);
end;
$$;
create trigger user_roles_guard before insert or update or delete on public.user_roles
  for each row execute function private.guard_user_roles();
create trigger user_roles_audit after insert or delete on public.user_roles
  for each row execute function private.audit_change();

-- Requests: the requester sets only role, company and reason; an admin sets the decision,
-- never on their own request. Approval grants the role in the same transaction.
create or replace function private.review_role_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.status := 'pending';
    new.reviewed_by := null;
    new.reviewed_at := null;
    new.review_note := null;
    if exists (select 1 from public.user_roles where user_id = new.user_id and role = new.role) then
      raise exception 'you already hold the role %', new.role using errcode = 'unique_violation';
    end if;
    return new;
  end if;
  if (new.user_id, new.role, new.company, new.reason, new.created_at)
     is distinct from (old.user_id, old.role, old.company, old.reason, old.created_at) then
    raise exception 'a role request cannot be edited; withdraw it and ask again' using errcode = 'insufficient_privilege';
  end if;
  if new.status is distinct from old.status then
    if old.status <> 'pending' then
      raise exception 'this request was already %', old.status using errcode = 'check_violation';
    end if;
    if auth.uid() = old.user_id then
      raise exception 'you cannot review your own request' using errcode = 'insufficient_privilege';
    end if;
    new.reviewed_by := auth.uid();
    new.reviewed_at := now();
    if new.status = 'approved' then
      insert into public.user_roles (user_id, role, granted_by)
      values (new.user_id, new.role, auth.uid())
      on conflict (user_id, role) do nothing;
    end if;
  end if;
  return new;
end;
$$;
create trigger role_requests_review before insert or update on public.role_requests
  for each row execute function private.review_role_request();
create trigger role_requests_audit after update of status on public.role_requests
  for each row execute function private.audit_change();

-- Sign-up: a profile for every new user; the talent role only when asked for; vetted roles
-- become pending requests; anything else in user metadata (such as "admin") is ignored.
create or replace function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  meta jsonb := new.raw_user_meta_data;
  wanted text;
begin
  -- Some GoTrue-compatible servers store the metadata object as a JSON string.
  begin
    meta := private.jsonb_unwrapped(meta);
  exception when others then
    meta := '{}';
  end;
  if jsonb_typeof(meta) is distinct from 'object' then
    meta := '{}';
  end if;
  insert into public.profiles (id, full_name)
  values (new.id, left(coalesce(meta ->> 'full_name', meta ->> 'name', ''), 200))
  on conflict (id) do nothing;
  wanted := meta ->> 'requested_role';
  if wanted = 'talent' then
    insert into public.user_roles (user_id, role) values (new.id, 'talent') on conflict do nothing;
  elsif wanted in ('agent', 'casting_director', 'producer') then
    insert into public.role_requests (user_id, role, company)
    values (new.id, wanted::public.app_role, left(meta ->> 'company', 200));
  end if;
  return new;
end;
$$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();
