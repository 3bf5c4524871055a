-- Structural rules the schema keeps as it grows: indexed foreign keys, where SECURITY DEFINER
-- code may live and how it is configured, and what the API can execute.
begin;
select plan(4);

select is(
  (select string_agg(c.conrelid::regclass || '.' || c.conname, ', ')
   from pg_constraint c
   where c.contype = 'f' and c.connamespace = 'public'::regnamespace
     and not exists (
       select 1 from pg_index i
       where i.indrelid = c.conrelid
         and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
         and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)),
  null, 'every foreign key in public leads an index');

select is(
  (select string_agg(p.oid::regprocedure::text, ', ') from pg_proc p
   where p.prosecdef and p.pronamespace not in ('private'::regnamespace, 'tests'::regnamespace)
     and p.pronamespace in (select oid from pg_namespace where nspname in ('public', 'storage'))),
  null, 'SECURITY DEFINER functions live only in the unexposed schema private');

select is(
  (select string_agg(p.oid::regprocedure::text, ', ') from pg_proc p
   where p.pronamespace in ('private'::regnamespace, 'public'::regnamespace)
     and not coalesce(p.proconfig @> array['search_path=""'], false)),
  null, 'every function in public and private pins search_path to empty');

select is(
  (select string_agg(p.oid::regprocedure::text, ', ') from pg_proc p
   where p.pronamespace = 'public'::regnamespace and has_function_privilege('anon', p.oid, 'execute')),
  null, 'anonymous callers can execute no function in public');

select * from finish();
rollback;
