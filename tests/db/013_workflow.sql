-- The casting pipeline: allowed status moves per side, and who is notified of each move.
begin;
\ir fixture.sql
select plan(12);

select cmp_ok((select count(*)::int from private.submission_transitions), '>', 40, 'the transition table is filled');

-- S1 (talent T1, represented by agent_rep's agency) starts as audition_requested.
select tests.authenticate_as('cd_member');
select throws_ok($$update public.submissions set status = 'submitted' where id = tests.fx('S1')$$,
  '23514', 'a submission cannot move from audition_requested to submitted', 'the casting team cannot move a submission backwards');
select throws_ok($$update public.submissions set status = 'booked' where id = tests.fx('S1')$$,
  '23514', 'a submission cannot move from audition_requested to booked', 'nobody books by updating the status');
select lives_ok($$update public.submissions set status = 'callback' where id = tests.fx('S1')$$, 'audition → callback');
select lives_ok($$update public.submissions set status = 'on_hold' where id = tests.fx('S1')$$, 'callback → on hold');
select tests.clear_authentication();

select is((select count(*)::int from public.notifications
           where user_id = tests.get_supabase_uid('talent') and kind = 'submission.status' and data ->> 'to' in ('callback', 'on_hold')),
  2, 'the talent is notified of each move');
select is((select count(*)::int from public.notifications
           where user_id = tests.get_supabase_uid('agent_rep') and kind = 'submission.status' and data ->> 'to' = 'callback'),
  1, 'so is their agent');
select is((select count(*)::int from public.notifications
           where user_id = tests.get_supabase_uid('agent_other') and kind = 'submission.status'),
  0, 'an unrelated agent is not');
select is((select count(*)::int from public.audit_log where table_name = 'submissions' and row_id = tests.fx('S1')::text
             and action = 'update' and new_data ->> 'status' in ('callback', 'on_hold')),
  2, 'each move is audit-logged');

select tests.authenticate_as('talent');
select throws_ok($$update public.submissions set status = 'shortlisted' where id = tests.fx('S1')$$,
  '42501', 'talent can only withdraw a submission', 'talent cannot move their own submission forward');
select lives_ok($$update public.submissions set status = 'withdrawn' where id = tests.fx('S1')$$, 'talent withdraw from on hold');
select tests.authenticate_as('cd_member');
select throws_ok($$update public.submissions set status = 'shortlisted' where id = tests.fx('S1')$$,
  '23514', 'a submission cannot move from withdrawn to shortlisted', 'a withdrawn submission stays withdrawn');

select * from finish();
rollback;
