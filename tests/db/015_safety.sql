-- No data lost through the database (sql/97_safety.sql): the bound on bulk writes, archive
-- instead of delete, restore, the purge, the restrict backstops, and erasure still possible.
begin;
\ir fixture.sql
select plan(48);

-- ── Structure ──
select is(
  (select string_agg(c.relname || ' ' || e.tg, ', ' order by c.relname)
   from pg_class c cross join (values ('bound_updated_rows'), ('bound_deleted_rows')) e (tg)
   where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
     and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = e.tg)),
  null, 'every table of the exposed schema bounds the rows one UPDATE and one DELETE may change');

-- safeupdate refuses an unfiltered UPDATE or DELETE inside a function called through the API
-- (hosted Supabase too), and on PGlite nothing would notice: every one must have a WHERE.
select is(
  (select string_agg(distinct p.oid::regprocedure::text, ', ')
   from pg_proc p
   cross join lateral regexp_split_to_table(regexp_replace(p.prosrc, '--[^\n]*', '', 'g'), ';') st
   where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
     and st ~* '^\s*(update|delete\s+from)\s' and st !~* '\mwhere\M'),
  null, 'every UPDATE and DELETE in our functions has a WHERE clause');

select throws_ok($$update private.safety_settings set archive_retention_days = 29 where singleton$$,
  '23514', null, 'archived rows stay restorable for at least 30 days');

-- ── The bound (3 rows for this test) ──
update private.safety_settings set max_affected_rows = 3 where singleton;
insert into public.talent_credits (talent_id, title, medium)
select tests.fx('T1'), 'Ad film ' || i, 'ad' from generate_series(1, 4) i;
select tests.authenticate_as('talent');
select throws_ok($$update public.talent_credits set platform = 'YouTube' where title like 'Ad film %'$$,
  'PGRST', null, 'an API user cannot update more rows than the bound in one statement');
select is((select count(*)::int from public.talent_credits where platform = 'YouTube'), 0, 'and nothing changed');
select throws_ok($$delete from public.talent_credits where title like 'Ad film %'$$,
  'PGRST', null, 'nor delete more');
select is((select count(*)::int from public.talent_credits where title like 'Ad film %'), 4, 'and nothing was deleted');
select lives_ok($$update public.talent_credits set platform = 'YouTube' where title in ('Ad film 1', 'Ad film 2', 'Ad film 3')$$,
  'up to the bound is fine');
select tests.authenticate_as_service_role();
select lives_ok($$delete from public.talent_credits where title like 'Ad film %'$$, 'the service role is not bound');
select tests.clear_authentication();
update private.safety_settings set max_affected_rows = 100 where singleton;

-- ── Archive instead of delete ──
select tests.authenticate_as('cd_member');
select lives_ok($$delete from public.projects where id = tests.fx('P')$$, 'the owner deletes a project with submissions');
select tests.clear_authentication();
select ok((select archived_at is not null and archived_by = tests.get_supabase_uid('cd_member') from public.projects where id = tests.fx('P')),
  'it is archived (by them), not deleted');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('P') and archived_at = (select archived_at from public.projects where id = tests.fx('P'))),
  2, 'its roles are archived with it');
select is((select count(*)::int from public.shortlists where id = tests.fx('SL1') and archived_at is not null), 1, 'so is its shortlist');
select is((select count(*)::int from public.submissions where project_id = tests.fx('P')), 2, 'every submission is still there');
select ok(exists (select 1 from public.audit_log where table_name = 'projects' and row_id = tests.fx('P')::text and action = 'update'
                  and new_data ->> 'archived_at' is not null), 'archiving is audit-logged');

select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.projects where id = tests.fx('P')), 0, 'the project leaves the owner''s list');
select is((select count(*)::int from public.archived_projects() where id = tests.fx('P')), 1, 'and is in their archive');
select is((select count(*)::int from public.archived_casting_roles() where project_id = tests.fx('P')), 2, 'with its roles');
select is((select count(*)::int from public.submissions where project_id = tests.fx('P')), 2, 'the casting team still reads the submissions');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.archived_projects() where id = tests.fx('P')), 1, 'members who could read it still can');
select tests.authenticate_as('cd_other');
select is((select count(*)::int from public.archived_projects() where id = tests.fx('P')), 0, 'outsiders cannot');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.projects where id = tests.fx('P')), 0, 'it leaves the public board');
select is((select count(*)::int from public.casting_roles where id = tests.fx('RP')), 0, 'and so do its open roles');
select tests.authenticate_as('talent');
select is((select status::text from public.submissions where id = tests.fx('S1')), 'audition_requested', 'the talent keeps their submission');
select is((select name from public.casting_roles where id = tests.fx('RP')), 'Meera, the lawyer', 'and sees the role they submitted to');
select is((select title from public.projects where id = tests.fx('P')), 'Bombay Nights', 'and its project');
select tests.clear_authentication();
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RP2'), tests.fx('T1'))$$,
  '23514', 'the role is archived', 'nobody submits to an archived role');

-- ── Restore ──
select tests.authenticate_as('producer');
select throws_ok($$select public.restore_project(tests.fx('P'))$$, 'PT404', null, 'only an owner restores a project');
select tests.authenticate_as('cd_member');
select throws_ok($$select public.restore_casting_role(tests.fx('RP'))$$, '23514', null, 'a role of an archived project waits for the project');
select is((select title from public.restore_project(tests.fx('P'))), 'Bombay Nights', 'the owner restores the project');
select is((select count(*)::int from public.projects where id = tests.fx('P')), 1, 'it is back in their list');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('P')), 2, 'with its roles');
select is((select count(*)::int from public.shortlists where id = tests.fx('SL1')), 1, 'and its shortlist');
select throws_ok($$select public.restore_project(tests.fx('P'))$$, '23514', null, 'restoring twice is refused');

-- ── Roles and shortlists ──
select lives_ok($$delete from public.shortlists where id = tests.fx('SL1')$$, 'a shortlist with talent on it');
select is((select count(*)::int from public.archived_shortlists() where id = tests.fx('SL1')), 1, 'is archived');
select is((select count(*)::int from public.shortlist_items where shortlist_id = tests.fx('SL1')), 1, 'with its items');
select is((select name from public.restore_shortlist(tests.fx('SL1'))), 'Meera — first pass', 'and restored by the casting team');
insert into public.shortlists (casting_role_id, name) values (tests.fx('RP'), 'Empty');
select lives_ok($$delete from public.shortlists where name = 'Empty'$$, 'an empty shortlist');
select is((select count(*)::int from public.archived_shortlists() where name = 'Empty'), 0, 'is deleted, not archived');
insert into public.casting_roles (project_id, name) values (tests.fx('P'), 'Unused role');
select lives_ok($$delete from public.casting_roles where name = 'Unused role'$$, 'so is a role nothing depends on');
select is((select count(*)::int from public.archived_casting_roles() where name = 'Unused role'), 0, 'gone for good');

-- ── The purge ──
select lives_ok($$delete from public.shortlists where id = tests.fx('SL1')$$, 'the shortlist is archived again');
select lives_ok($$delete from public.projects where id = tests.fx('P')$$, 'and the project');
select tests.clear_authentication();
update public.projects set archived_at = archived_at - interval '31 days' where id = tests.fx('P');
update public.casting_roles set archived_at = archived_at - interval '31 days' where project_id = tests.fx('P');
update public.shortlists set archived_at = archived_at - interval '31 days' where project_id = tests.fx('P');
select is(private.purge_archived(), '{"shortlists": 1, "casting_roles": 0, "projects": 0, "kept_for_talent_records": 3}'::jsonb,
  'past the retention the purge removes the shortlist and keeps what talent submitted to');
select is((select count(*)::int from public.audit_log where action = 'purge' and table_name = 'shortlists' and row_id = tests.fx('SL1')::text),
  1, 'the purge is audit-logged');

-- ── Backstops and erasure ──
select throws_ok($$delete from public.projects where id = tests.fx('P')$$, '23503', null,
  'even the database owner cannot take talent''s submissions with a project');
select lives_ok($$delete from auth.users where id = tests.get_supabase_uid('other_talent')$$,
  'a talent''s erasure still takes their own records (and their offer) with them');

select * from finish();
rollback;
