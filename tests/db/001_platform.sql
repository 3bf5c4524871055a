-- The database looks like Supabase: roles, schemas, extensions, auth helpers, grants.
begin;
select plan(16);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');
select ok(not (select rolbypassrls from pg_roles where rolname = 'authenticated'), 'authenticated does not bypass RLS');
select ok(pg_has_role('authenticator', 'authenticated', 'member'), 'authenticator can switch to authenticated');

select has_schema('auth');
select has_schema('extensions');
select has_schema('storage');
select has_schema('private');

select is((select extnamespace::regnamespace::text from pg_extension where extname = 'vector'), 'extensions',
  'pgvector is installed in the extensions schema');

-- auth.uid() reads the request's JWT subject, as PostgREST sets it, for an API role.
select tests.create_supabase_user('someone');
select tests.authenticate_as('someone');
select is(auth.uid(), tests.get_supabase_uid('someone'), 'auth.uid() is the authenticated user');
select tests.authenticate_as_anon();
select is(auth.uid(), null, 'auth.uid() is null for anon');
select tests.clear_authentication();

select is(
  (select string_agg(t, ', ') from tests.tables_without_rls('public') t), null,
  'every table in the exposed schema has row-level security');

select ok(not has_schema_privilege('anon', 'private', 'create'), 'anon cannot create objects in private');

select * from finish();
rollback;
