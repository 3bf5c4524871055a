-- NDA-gated confidential projects (sql/45_confidential.sql): members and invited talent read
-- nothing of the project until they accept its current NDA version; a new version asks again;
-- acceptances are time-stamped, final and audited; links that need no NDA never open one.
begin;
\ir fixture.sql
select plan(41);

-- ── Members ──
-- The producer joins the confidential project C (its NDA v1 was published by cd_member, the owner).
select tests.authenticate_as('cd_member');
insert into public.project_members (project_id, user_id, project_role) values (tests.fx('C'), tests.get_supabase_uid('producer'), 'producer');
insert into public.budget_lines (project_id, category, amount_paise) values (tests.fx('C'), 'cast', 100000000);
insert into public.shortlists (casting_role_id, name) values (tests.fx('RC'), 'Patil — first look');
select is((select count(*)::int from public.nda_acceptances where project_id = tests.fx('C')), 1, 'publishing accepted the NDA for its publisher');
select tests.authenticate_as('producer');
select is((select count(*)::int from public.project_members where project_id = tests.fx('C')), 1,
  'before accepting, a member sees only their own membership');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 0, 'not the project');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('C')), 0, 'nor its roles');
select is((select count(*)::int from public.budget_lines where project_id = tests.fx('C')), 0, 'nor its money');
select is((select count(*)::int from public.budget_status() where project_id = tests.fx('C')), 0, 'nor its budget report');
select is((select count(*)::int from public.shortlists where project_id = tests.fx('C')), 0, 'nor its shortlists');
select is((select version from public.project_ndas where project_id = tests.fx('C')), 1, 'but reads the NDA it is asked to accept');
select throws_ok($$insert into public.budget_lines (project_id, category, amount_paise) values (tests.fx('C'), 'travel', 1)$$,
  '42501', null, 'and changes nothing');
select throws_ok($$insert into public.nda_acceptances (project_id, version) values (tests.fx('C'), 2)$$,
  '23514', 'the current NDA of this project is version 1', 'only the current version can be accepted');
select throws_ok($$insert into public.nda_acceptances (project_id, version, user_id) values (tests.fx('C'), 1, tests.get_supabase_uid('viewer'))$$,
  '42501', null, 'nobody accepts for someone else');
select lives_ok($$insert into public.nda_acceptances (project_id, version) values (tests.fx('C'), 1)$$, 'the member accepts version 1');
select ok((select accepted_at = now() from public.nda_acceptances where user_id = auth.uid()), 'the database stamps the time');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 1, 'now the project is readable');
select is((select count(*)::int from public.budget_lines where project_id = tests.fx('C')), 1, 'and its money');
select is((select count(*)::int from public.shortlists where project_id = tests.fx('C')), 1, 'and its shortlists');
select throws_ok($$update public.nda_acceptances set accepted_at = now() where user_id = auth.uid()$$, '42501', null, 'an acceptance is never edited');
select throws_ok($$delete from public.nda_acceptances where user_id = auth.uid()$$, '42501', null, 'nor withdrawn');
select throws_ok($$insert into public.project_ndas (project_id, body) values (tests.fx('C'), 'A producer''s own version of the NDA text.')$$,
  '42501', null, 'only owners publish versions');

-- ── A new version asks again ──
select tests.authenticate_as('cd_member');
insert into public.project_ndas (project_id, body) values (tests.fx('C'), 'Version two: the cast list is confidential too.');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 1, 'the publisher of version 2 keeps reading');
select tests.authenticate_as('producer');
select is((select count(*)::int from public.projects where id = tests.fx('C')), 0, 'everyone else is locked out again');
select is((select count(*)::int from public.notifications where kind = 'project.nda_published' and data ->> 'version' = '2'), 1,
  'and told to accept version 2');
select throws_ok($$insert into public.nda_acceptances (project_id, version) values (tests.fx('C'), 1)$$,
  '23514', 'the current NDA of this project is version 2', 'accepting version 1 again does not help');
insert into public.nda_acceptances (project_id, version) values (tests.fx('C'), 2);
select is((select count(*)::int from public.projects where id = tests.fx('C')), 1, 'accepting version 2 opens it again');
select tests.clear_authentication();
select is((select count(*)::int from public.audit_log where table_name = 'nda_acceptances' and action = 'insert'
           and new_data ->> 'project_id' = tests.fx('C')::text), 4, 'every acceptance is audit-logged');

-- ── Outsiders ──
select tests.authenticate_as('cd_other');
select is((select count(*)::int from public.project_ndas where project_id = tests.fx('C')), 0, 'an outsider does not read the NDA');
select throws_ok($$insert into public.nda_acceptances (project_id, version) values (tests.fx('C'), 2)$$, '42501', null,
  'nor accepts it to get in');
select tests.authenticate_as('cd_member');
select throws_ok($$insert into public.project_ndas (project_id, body) values (tests.fx('P'), 'An NDA for a project that is not confidential.')$$,
  '23514', null, 'an NDA needs a confidential project');

-- ── Invited talent ──
select tests.authenticate_as('other_talent');
select is((select count(*)::int from public.project_invitations where talent_id = tests.fx('T2')), 1, 'the invited talent sees the invitation');
select is((select count(*)::int from public.casting_roles where id = tests.fx('RC')), 0, 'not the role yet');
select throws_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RC'), tests.fx('T2'))$$,
  '42501', null, 'so cannot submit to it');
insert into public.nda_acceptances (project_id, version) values (tests.fx('C'), 2);
select is((select name from public.casting_roles where id = tests.fx('RC')), 'Inspector Patil', 'after accepting, the role is readable');
select is((select title from public.projects where id = tests.fx('C')), 'Untitled Thriller', 'and its project');
select lives_ok($$insert into public.submissions (casting_role_id, talent_id) values (tests.fx('RC'), tests.fx('T2'))$$, 'and she submits');
select is((select count(*)::int from public.shortlist_items where project_id = tests.fx('C')), 0, 'the team''s own lists stay theirs');
select tests.authenticate_as('cd_member');
insert into public.project_ndas (project_id, body) values (tests.fx('C'), 'Version three: no social media posts from set.');
select tests.authenticate_as('other_talent');
select is((select count(*)::int from public.casting_roles where id = tests.fx('RC')), 0, 'version 3 closes the role to her again');
select is((select count(*)::int from public.submissions where casting_role_id = tests.fx('RC')), 1, 'her own submission stays hers');

-- ── Links without an NDA ──
select tests.authenticate_as('cd_member');
select throws_like($$insert into public.shortlist_shares (shortlist_id) select id from public.shortlists where project_id = tests.fx('C')$$,
  'shortlists of a confidential project are not shared by link%', 'a confidential project''s shortlist is never shared by link');
select tests.clear_authentication();
update public.projects set is_confidential = true where id = tests.fx('P');
select tests.authenticate_as_service_role();
select is(public.shared_shortlist(private.share_token(tests.fx('SH1'))), null, 'a link made before the project turned confidential stops working');
select tests.clear_authentication();

-- ── Confidential without an NDA yet ──
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.projects where id = tests.fx('P')), 1, 'its owner reads it, to set up the NDA');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.casting_roles where project_id = tests.fx('P')), 0, 'other members wait for it');
select tests.clear_authentication();

select * from finish();
rollback;
