-- Platform conventions every later domain relies on.

-- Extensions live in their own schema, as on Supabase, so they never clutter the API.
create extension if not exists vector with schema extensions;
create extension if not exists pg_trgm with schema extensions;
-- Password hashing for seeded accounts and any SQL that needs digests.
create extension if not exists pgcrypto with schema extensions;
-- Exclusion constraints that mix equality on uuids with range overlap (audition bookings).
create extension if not exists btree_gist with schema extensions;
-- (Extensions come first: their functions keep the usual EXECUTE for everyone, revoked below
-- only for what this project creates.)

-- Internal tables and SECURITY DEFINER helpers live here. The API does not expose this
-- schema (supabase/config.toml [api].schemas), so nothing in it is reachable over REST.
create schema if not exists private;
revoke all on schema private from public;
-- Policies call private helpers as the requesting role, so the API roles need USAGE;
-- EXECUTE is still granted function by function.
grant usage on schema private to anon, authenticated, service_role;

-- Functions are not callable through the API until granted one by one. PostgreSQL grants
-- EXECUTE to PUBLIC globally, and a per-schema default cannot take that back, so the global
-- default is revoked too (tests/db/012_structure.sql checks that nothing slips through).
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;

-- Keeps updated_at honest on every table that has one.
create or replace function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- Set (transaction-local) only by the erasure of an account (sql/98_data_rights.sql), which
-- runs as the owner: while it is on, the few rules that would keep the person's data (the
-- immutable audit log, a submitted self-tape past its due time) let the erasure pseudonymise it.
-- API callers cannot set it: PostgREST exposes no set_config.
create or replace function private.in_erasure()
returns boolean
language sql
stable
set search_path = ''
as $$ select coalesce(current_setting('castmatch.erasure', true), '') = 'on' $$;

-- Some drivers hand a jsonb value over as a JSON string holding the document (the postgres
-- driver does for RPC arguments and user metadata); this returns the document itself.
create or replace function private.jsonb_unwrapped(value jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$ select case when jsonb_typeof(value) = 'string' then (value #>> '{}')::jsonb else value end $$;

-- Tag lists (languages, skills): lower-case words, at most 40 characters each, no repeats,
-- at most 50 entries. Used in CHECK constraints, so it is immutable.
create or replace function private.valid_tags(tags text[])
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_length(tags, 1), 0) <= 50
     and not exists (select 1 from unnest(tags) t where t is null or t !~ '^[a-z][a-z -]{0,39}$')
     and (select count(distinct t) from unnest(tags) t) = coalesce(array_length(tags, 1), 0);
$$;
