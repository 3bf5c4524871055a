-- Step-up MFA (aal2) in the database: a confidential project's details need aal2 from a member
-- who enrolled an authenticator, or from every member once the owner requires MFA (Supabase's
-- documented restrictive policy on projects, and private.project_ids_as for every detail table);
-- admin rights need aal2; public.project_access tells "step up" and "enrol" from "no access".
begin;
\ir fixture.sql
select plan(22);

-- ── A member with an authenticator ──
select tests.enrol_authenticator('cd_member');
select tests.authenticate_as('cd_member', 'aal2');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 1, 'the owner at aal2 reads the confidential project');
select is(public.project_access(tests.fx('C')), 'granted', 'and project_access says granted');
select tests.authenticate_as('cd_member', 'aal1');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 0, 'at aal1 the project is closed to them');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('C')), 0, 'and its roles');
select is((select count(*)::int from public.project_ndas where project_id = tests.fx('C')), 1, 'the NDA stays readable (it says what the project asks)');
select is(public.project_access(tests.fx('C')), 'step_up', 'project_access: step up');
select is((select count(*)::int from public.projects where id = tests.fx('P')), 1, 'a public project is not gated');
select is(public.project_access(tests.fx('P')), 'granted', 'nor reported as gated');
update public.projects set title = 'Renamed' where id = tests.fx('C');
select tests.authenticate_as('cd_member', 'aal2');
select is((select title from public.projects where id = tests.fx('C')), 'Untitled Thriller', 'an aal1 session changed nothing');

-- ── The owner requires MFA of every member ──
select tests.authenticate_as('producer');
select throws_ok($$insert into public.projects (title, is_confidential, require_mfa) values ('Pilot', true, true)$$,
  '42501', 'requiring MFA needs an aal2 session: enrol an authenticator and verify it first', 'requiring MFA needs aal2');
select tests.authenticate_as('cd_member', 'aal2');
insert into public.project_members (project_id, user_id, project_role) values (tests.fx('C'), tests.get_supabase_uid('producer'), 'producer');
select lives_ok(format($$update public.projects set require_mfa = true where id = %L$$, tests.fx('C')), 'the owner at aal2 requires MFA');
select tests.clear_authentication();
insert into public.nda_acceptances (project_id, version, user_id) values (tests.fx('C'), 1, tests.get_supabase_uid('producer'));
select tests.authenticate_as('producer');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 0, 'a member without an authenticator is closed out');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('C')), 0, 'from the roles too');
select is(public.project_access(tests.fx('C')), 'enrol_mfa', 'project_access: enrol an authenticator');
select tests.enrol_authenticator('producer');
select tests.authenticate_as('producer', 'aal2');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 1, 'after enrolling and stepping up, open');

-- ── No access is not "step up" ──
select tests.authenticate_as('cd_other');
select is(public.project_access(tests.fx('C')), 'none', 'a non-member gets none');
select is(public.project_access(gen_random_uuid()), 'none', 'as for a project that does not exist');
select tests.authenticate_as('viewer');
select is(public.project_access(tests.fx('C')), 'none', 'a viewer who is not a member gets none');

-- ── Admins ──
select tests.authenticate_as('admin', 'aal1');
select is((select count(*)::int from public.audit_log), 0, 'an admin at aal1 reads no audit log');
select is(public.project_access(tests.fx('C')), 'step_up', 'and is told to step up');
select tests.authenticate_as('admin');
select ok((select count(*)::int from public.audit_log) > 0, 'at aal2 (their authenticator) they read it');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 1, 'and the confidential project');

select * from finish();
rollback;
