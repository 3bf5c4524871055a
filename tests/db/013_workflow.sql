-- The casting pipeline: offers and the budget they commit, allowed status moves per side,
-- and who is notified of each move.
begin;
\ir fixture.sql
select plan(30);

select cmp_ok((select count(*)::int from private.submission_transitions), '>', 40, 'the transition table is filled');

-- ── Offers (fixture: O1, ₹15,000 to other_talent for RP2; P's budget is ₹25,00,000) ──
select is((select status::text from public.submissions where id = tests.fx('S2')), 'offered', 'making an offer moves the submission to offered');
select tests.authenticate_as('talent');
select throws_ok($$select public.respond_to_offer(tests.fx('O1'), true)$$, 'PT404', null, 'nobody else answers an offer');
select tests.authenticate_as('other_talent');
select is(public.respond_to_offer(tests.fx('O1'), true)::text, 'accepted', 'the talent accepts');
select is((select status::text from public.submissions where id = tests.fx('S2')), 'booked', 'accepting books the role');
select throws_ok($$select public.respond_to_offer(tests.fx('O1'), false)$$, '23514', 'this offer is already accepted', 'an answer is final');
select tests.authenticate_as('producer');
select is((select committed_paise from public.budget_status() where project_id = tests.fx('P')), 1500000::bigint,
  'the fee is committed against the budget');

select tests.authenticate_as('cd_member');
select throws_like($$insert into public.offers (submission_id, fee_paise) values (tests.fx('S1'), 300000000)$$,
  'this offer would take the project to 301500000 paise against a budget of 250000000 paise%', 'an over-budget offer is refused');
select lives_ok($$insert into public.offers (submission_id, fee_paise, over_budget_acknowledged) values (tests.fx('S1'), 300000000, true)$$,
  'unless the casting team acknowledges it');
select tests.authenticate_as('producer');
select is((select (over_budget, has_over_budget_offers) from public.budget_status() where project_id = tests.fx('P')), (false, true),
  'producers see the over-budget offer flagged');
select tests.authenticate_as('cd_member');
select throws_ok($$update public.offers set fee_paise = 1 where submission_id = tests.fx('S1')$$, '42501', null, 'offers are not edited (only status is updatable)');
select lives_ok($$update public.offers set status = 'withdrawn' where submission_id = tests.fx('S1')$$, 'the casting team withdraws it');
select is((select status::text from public.submissions where id = tests.fx('S1')), 'on_hold', 'withdrawing puts the submission on hold');

-- ── Status moves ──
select throws_ok($$update public.submissions set status = 'submitted' where id = tests.fx('S1')$$,
  '23514', 'a submission cannot move from on_hold to submitted', 'the casting team cannot move a submission backwards');
select throws_ok($$update public.submissions set status = 'booked' where id = tests.fx('S1')$$,
  '23514', 'a submission cannot move from on_hold to booked', 'nobody books by updating the status');
select lives_ok($$update public.submissions set status = 'callback' where id = tests.fx('S1')$$, 'on hold → callback');
select tests.clear_authentication();

select is((select count(*)::int from public.notifications
           where user_id = tests.get_supabase_uid('talent') and kind = 'submission.status' and data ->> 'to' in ('offered', 'on_hold', 'callback')),
  3, 'the talent is notified of each move');
select is((select count(*)::int from public.notifications
           where user_id = tests.get_supabase_uid('agent_rep') and kind = 'submission.status' and data ->> 'to' = 'callback'),
  1, 'so is their agent');
select is((select count(*)::int from public.audit_log where table_name = 'submissions' and row_id = tests.fx('S1')::text
             and action = 'update' and new_data ->> 'status' in ('offered', 'on_hold', 'callback')),
  3, 'each move is audit-logged');

select tests.authenticate_as('talent');
select throws_ok($$update public.submissions set status = 'shortlisted' where id = tests.fx('S1')$$,
  '42501', 'talent can only withdraw a submission', 'talent cannot move their own submission forward');
select lives_ok($$update public.submissions set status = 'withdrawn' where id = tests.fx('S1')$$, 'talent withdraw');
select tests.authenticate_as('cd_member');
select throws_ok($$update public.submissions set status = 'shortlisted' where id = tests.fx('S1')$$,
  '23514', 'a submission cannot move from withdrawn to shortlisted', 'a withdrawn submission stays withdrawn');


-- ── Share links ──
select tests.authenticate_as('cd_member');
select isnt(public.shortlist_share_token(tests.fx('SH1')), null, 'the casting team gets the share''s token');
create temporary table share_token as select public.shortlist_share_token(tests.fx('SH1')) as token;
select tests.clear_authentication();
select is((select public.shared_shortlist(token) ->> 'shortlist' from share_token), 'Meera — first pass', 'the token opens the shortlist');
select is((select jsonb_path_query_array(public.shared_shortlist(token), '$.talent[*].note') from share_token), '[]'::jsonb,
  'a share never shows the casting team''s notes');
select is((select public.shared_shortlist(left(token, -1) || case when right(token, 1) = '0' then '1' else '0' end) from share_token), null,
  'a forged token opens nothing');
update public.shortlist_shares set revoked_at = now() where id = tests.fx('SH1');
select is((select public.shared_shortlist(token) from share_token), null, 'a revoked share opens nothing');
select tests.authenticate_as('cd_other');
select throws_ok($$select public.shortlist_share_token(tests.fx('SH1'))$$, 'PT404', null, 'outsiders get no token');

-- ── Admin reports ──
select throws_ok($$select * from reporting.casting_funnel$$, '42501', null, 'API roles cannot read the reports');
select tests.clear_authentication();
select is((select (submissions, booked) from reporting.casting_funnel where role = 'Advocate Rao'), (1::bigint, 1::bigint),
  'the casting funnel counts the booking');

select * from finish();
rollback;
