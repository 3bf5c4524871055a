-- Test helpers for pgTAP files (loaded once before tests/db/*.sql; never part of a migration).
-- Modelled on usebasejump's supabase-test-helpers: named personas, switching the
-- requesting role and JWT claims the way the API does for each request.
create extension if not exists pgtap with schema extensions;
-- The project revokes EXECUTE by default; pgTAP must stay callable while a test acts as a persona.
grant execute on all functions in schema extensions to anon, authenticated, service_role;
create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

create or replace function tests.create_supabase_user(identifier text, email text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  new_id uuid := gen_random_uuid();
begin
  insert into auth.users (id, email, raw_user_meta_data, raw_app_meta_data, email_confirmed_at)
  values (new_id, coalesce(email, identifier || '@test.castmatch'),
          jsonb_build_object('test_identifier', identifier), '{"provider":"email"}'::jsonb, now());
  return new_id;
end;
$$;

create or replace function tests.get_supabase_uid(identifier text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select id from auth.users where raw_user_meta_data ->> 'test_identifier' = identifier;
$$;

-- Sets the requesting role and JWT claims for the rest of the transaction, as the API does
-- for each request; every persona switch below goes through here.
-- aal: the session's authenticator assurance level, as the auth server puts it in the token.
create or replace function tests.set_request(role_name text, sub uuid default null, aal text default null)
returns void
language plpgsql
as $$
begin
  perform set_config('role', coalesce(role_name, 'none'), true);
  perform set_config('request.jwt.claim.sub', coalesce(sub::text, ''), true);
  perform set_config('request.jwt.claim.role', coalesce(role_name, ''), true);
  perform set_config('request.jwt.claims', case when role_name is null then '' else
    json_strip_nulls(json_build_object('sub', sub, 'role', role_name,
      'aud', case when role_name = 'authenticated' then 'authenticated' end,
      'aal', case when role_name = 'authenticated' then coalesce(aal, 'aal1') end))::text end, true);
end;
$$;

-- Signs the persona in at `aal`; by default at the highest level open to them, as an app that
-- steps up whenever it can: aal2 once they have a verified authenticator, else aal1.
create or replace function tests.authenticate_as(identifier text, aal text default null)
returns void
language plpgsql
as $$
declare
  uid uuid := tests.get_supabase_uid(identifier);
begin
  if uid is null then
    raise exception 'no test user "%"', identifier;
  end if;
  perform tests.set_request('authenticated', uid, coalesce(aal, nullif(current_setting('tests.force_aal', true), ''),
    case when tests.has_authenticator(uid) then 'aal2' else 'aal1' end));
end;
$$;

create or replace function tests.has_authenticator(uid uuid)
returns boolean
language sql
security definer
set search_path = ''
as $$ select exists (select 1 from auth.mfa_factors where user_id = uid and status = 'verified') $$;

-- Gives the persona a verified TOTP authenticator (as enrolling in an app would).
create or replace function tests.enrol_authenticator(identifier text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, secret)
  values (gen_random_uuid(), tests.get_supabase_uid(identifier), 'test authenticator', 'totp', 'verified', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')
$$;

create or replace function tests.authenticate_as_anon()
returns void
language sql
as $$ select tests.set_request('anon') $$;

create or replace function tests.authenticate_as_service_role()
returns void
language sql
as $$ select tests.set_request('service_role') $$;

create or replace function tests.clear_authentication()
returns void
language sql
as $$ select tests.set_request(null) $$;

-- Tables in the schema without row-level security; the suite requires none.
create or replace function tests.tables_without_rls(schema_name text)
returns setof text
language sql
stable
as $$
  select c.relname::text
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = schema_name and c.relkind in ('r', 'p') and not c.relrowsecurity
  order by 1;
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
