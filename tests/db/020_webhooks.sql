-- Outbound webhooks (sql/93_webhooks.sql): owners manage a project's subscribers; every event of
-- the project is enqueued in the same transaction as the change (a rolled-back or refused change
-- enqueues nothing), once per subscribed endpoint under one message id; the delivery worker's
-- claims, backoff, dead letters and replays; signing secrets and their rotation.
begin;
\ir fixture.sql
select plan(38);
grant insert on tests.fixture to authenticated;  -- personas remember what they made
delete from public.webhook_endpoints where id = tests.fx('WH1');  -- the fixture's own subscriber: this file counts its own
create function pg_temp.sent(endpoint text, kind text) returns bigint language sql security definer as
$$ select count(*) from public.webhook_deliveries where endpoint_id = tests.fx(endpoint) and event = kind::public.webhook_event $$;
create function pg_temp.status_changes(endpoint text) returns text language sql security definer as
$$ select string_agg(payload -> 'data' ->> 'to', ',' order by array_position('{callback,offered,booked}'::text[], payload -> 'data' ->> 'to'))
   from public.webhook_deliveries where endpoint_id = tests.fx(endpoint) and event = 'submission.status_changed' $$;
grant execute on function pg_temp.sent(text, text), pg_temp.status_changes(text) to authenticated;

-- ── Subscribers ──
select tests.authenticate_as('cd_member');
with x as (insert into public.webhook_endpoints (project_id, url, description)
           values (tests.fx('P'), 'https://hooks.bombay.example/castmatch', 'everything') returning id)
select tests.remember('EP_ALL', id) from x;
with x as (insert into public.webhook_endpoints (project_id, url, events)
           values (tests.fx('P'), 'https://roles.bombay.example/hook', '{role.opened,role.closed}') returning id)
select tests.remember('EP_ROLES', id) from x;
with x as (insert into public.webhook_endpoints (project_id, url, enabled)
           values (tests.fx('P'), 'https://off.bombay.example/hook', false) returning id)
select tests.remember('OFF', id) from x;
with x as (insert into public.webhook_endpoints (project_id, url)
           values (tests.fx('C'), 'https://thriller.example/hook') returning id)
select tests.remember('CONF', id) from x;
select ok(public.webhook_endpoint_secret(tests.fx('EP_ALL')) ~ '^whsec_[A-Za-z0-9+/]{43}=$', 'the owner reads the endpoint''s signing secret');
select throws_ok($$insert into public.webhook_endpoints (project_id, url) values (tests.fx('P'), 'ftp://files.example/x')$$,
  '23514', null, 'only http(s) URLs');
select tests.authenticate_as('producer');
select is((select count(*)::int from public.webhook_endpoints), 0, 'a producer on the project does not see its subscribers');
select throws_ok($$insert into public.webhook_endpoints (project_id, url) values (tests.fx('P'), 'https://producer.example/hook')$$,
  '42501', null, 'nor registers one');
select throws_ok($$select public.webhook_endpoint_secret(tests.fx('EP_ALL'))$$, 'PT404', null, 'nor reads a secret');
select tests.authenticate_as('cd_other');
with x as (update public.webhook_endpoints set url = 'https://evil.example/steal' where id = tests.fx('EP_ALL') returning 1)
select is((select count(*)::int from x), 0, 'an outsider redirects nothing');
select tests.authenticate_as('admin');
select is((select count(*)::int from public.webhook_endpoints where project_id = tests.fx('P')), 3, 'admins read them');
select tests.authenticate_as_service_role();
select throws_ok($$select * from private.webhook_secrets$$, '42501', null, 'secrets are the database''s own, not even the service role''s');
select tests.clear_authentication();
select ok(exists (select 1 from public.audit_log where table_name = 'webhook_endpoints' and row_id = tests.fx('EP_ALL')::text),
  'registering a subscriber is audit-logged');

-- ── Events, in the same transaction as the change ──
select tests.authenticate_as('cd_member');
update public.submissions set status = 'callback' where id = tests.fx('S1');
select is(pg_temp.sent('EP_ALL', 'submission.status_changed'), 1::bigint, 'a status change is enqueued for the endpoint that wants everything');
select is((select payload -> 'data' ->> 'from' || '→' || (payload -> 'data' ->> 'to') from public.webhook_deliveries
           where endpoint_id = tests.fx('EP_ALL') and event = 'submission.status_changed'), 'audition_requested→callback', 'with what changed');
select is(pg_temp.sent('EP_ROLES', 'submission.status_changed') + pg_temp.sent('OFF', 'submission.status_changed'), 0::bigint,
  'not for an endpoint that asked only for role events, nor a disabled one');
savepoint before_rollback;
update public.submissions set status = 'on_hold' where id = tests.fx('S1');
rollback to savepoint before_rollback;
select is(pg_temp.sent('EP_ALL', 'submission.status_changed'), 1::bigint, 'a change rolled back leaves no event behind');
select throws_ok($$update public.submissions set status = 'booked' where id = tests.fx('S1')$$, '23514', null, 'a refused change');
select is(pg_temp.sent('EP_ALL', 'submission.status_changed'), 1::bigint, 'enqueues nothing either');
insert into public.offers (submission_id, fee_paise) values (tests.fx('S1'), 3000000);
select is(pg_temp.sent('EP_ALL', 'offer.made'), 1::bigint, 'an offer made');
select tests.authenticate_as('talent');
select public.respond_to_offer((select id from public.offers where submission_id = tests.fx('S1')), true);
select is(pg_temp.sent('EP_ALL', 'offer.accepted'), 1::bigint, 'an offer accepted');
select is(pg_temp.status_changes('EP_ALL'), 'callback,offered,booked', 'and the submission''s moves it made (offered, booked)');
update public.audition_bookings set status = 'cancelled' where id = tests.fx('B1');
select is(pg_temp.sent('EP_ALL', 'booking.cancelled'), 1::bigint, 'a booking cancelled');
select tests.authenticate_as('cd_member');
insert into public.audition_bookings (slot_id, talent_id) values (tests.fx('AS1'), tests.fx('T1'));
select is(pg_temp.sent('EP_ALL', 'booking.made'), 1::bigint, 'a booking made');
update public.casting_roles set status = 'closed' where id = tests.fx('RP2');
insert into public.casting_roles (project_id, name, status) values (tests.fx('P'), 'Constable Shinde', 'open');
select is(pg_temp.sent('EP_ALL', 'role.closed') || '/' || pg_temp.sent('EP_ALL', 'role.opened') || '/' || pg_temp.sent('EP_ROLES', 'role.closed')
          || '/' || pg_temp.sent('EP_ROLES', 'role.opened'), '1/1/1/1', 'roles closed and opened, for both endpoints');
select is((select count(distinct message_id)::int from public.webhook_deliveries where event = 'role.closed'), 1,
  'one event has one message id on every endpoint (subscribers dedupe by it)');
select is((select count(*)::int from public.webhook_deliveries where payload::text ilike '%Ananya%' or payload::text ilike '%@%'), 0,
  'payloads carry ids, never names or contacts');
select is((select count(*)::int from public.webhook_deliveries where project_id = tests.fx('P')), 11, 'the owner reads the project''s deliveries');

-- ── Delivery: claims with a lease, backoff, dead letters ──
select tests.clear_authentication();
update private.webhook_settings set max_attempts = 2, backoff_base_seconds = 5 where singleton;
select tests.authenticate_as_service_role();
create temp table claimed on commit drop as select * from public.claim_webhook_deliveries(50);
grant select on claimed to authenticated;
select is((select count(*)::int from claimed), 11, 'the worker claims every due delivery');
select ok((select bool_and(cardinality(secrets) = 1 and url like 'https://%' and attempts = 1) from claimed),
  'each with its URL, its signing secret and the attempt number');
select is((select count(*)::int from public.claim_webhook_deliveries(50)), 0, 'claimed deliveries are leased to one worker');
select is(public.complete_webhook_deliveries((select jsonb_agg(jsonb_build_object('id', id, 'ok', event <> 'role.closed', 'status',
                                               case when event = 'role.closed' then 503 else 204 end, 'error', 'answered 503'))
                                              from claimed)),
  '{"delivered": 9, "retrying": 2, "dead": 0}'::jsonb, 'successes are delivered, failures wait');
select ok((select bool_and(next_attempt_at between now() + interval '4 seconds' and now() + interval '6 seconds' and last_status = 503)
           from public.webhook_deliveries where event = 'role.closed'), 'the first retry waits the base backoff (5 s)');
update public.webhook_deliveries set next_attempt_at = now() where event = 'role.closed';
select is(public.complete_webhook_deliveries((select jsonb_agg(jsonb_build_object('id', id, 'ok', false, 'error', 'connection refused'))
                                              from public.claim_webhook_deliveries(50))),
  '{"delivered": 0, "retrying": 0, "dead": 2}'::jsonb, 'after the last attempt a delivery is dead');

-- ── The owner's dead-letter list and replay ──
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.webhook_deliveries where status = 'dead'), 2, 'the owner lists the dead letters');
select is((select status || '/' || attempts from public.replay_webhook_delivery(
             (select id from public.webhook_deliveries where status = 'dead' and endpoint_id = tests.fx('EP_ROLES')))), 'pending/0',
  'and replays one');
select throws_ok(format('select public.replay_webhook_delivery(%L)',
                        (select id from public.webhook_deliveries where status = 'pending' and endpoint_id = tests.fx('EP_ROLES'))),
  '23514', null, 'a delivery still being tried is not replayed');
select tests.authenticate_as('producer');
select throws_ok(format('select public.replay_webhook_delivery(%L)', (select id from claimed limit 1)), 'PT404', null,
  'only owners replay');

-- ── Secret rotation ──
select tests.authenticate_as('cd_member');
create temp table secrets (name text, s text);
insert into secrets select 'before', public.webhook_endpoint_secret(tests.fx('EP_ALL'));
insert into secrets select 'after', public.rotate_webhook_secret(tests.fx('EP_ALL'));
select isnt((select s from secrets where name = 'after'), (select s from secrets where name = 'before'), 'rotating makes a new secret');
select tests.clear_authentication();
select is(private.webhook_signing_secrets(tests.fx('EP_ALL')), array[(select s from secrets where name = 'after'), (select s from secrets where name = 'before')],
  'deliveries are signed with the new and, for a day, the old one');
select tests.authenticate_as('cd_member');
select public.rotate_webhook_secret(tests.fx('EP_ALL'), 0);
select tests.clear_authentication();
select is(cardinality(private.webhook_signing_secrets(tests.fx('EP_ALL'))), 1, 'rotating with no overlap retires the old ones at once');

-- ── The NDA gate holds here too ──
select tests.clear_authentication();
insert into public.project_ndas (project_id, body) values (tests.fx('C'), 'Version two: the NDA now covers integrations too.');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.webhook_endpoints where project_id = tests.fx('C')), 0,
  'an owner who has not accepted the new NDA does not see the confidential project''s subscribers');
select tests.clear_authentication();

select * from finish();
rollback;
