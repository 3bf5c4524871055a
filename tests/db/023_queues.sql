-- The shared queue (sql/05_queues.sql): claims lease items in due order and skip what others
-- hold, an expired lease is claimed again, failures back off and die after max attempts, keys
-- pick out exactly one row each, only the service role may call it and it bypasses nothing; then
-- what the four queues built on it do that is new (notification emails, storage removals that
-- fail, a webhook whose worker vanished on its last attempt). Two workers at once, in two
-- sessions: tests/stack/queues.test.ts.
begin;
\ir fixture.sql
select plan(45);

-- A queue of our own: the four columns, a primary key, and work.
create table tests.jobs (
  id integer primary key,
  payload text,
  attempts smallint not null default 0,
  next_attempt_at timestamptz default now(),
  locked_until timestamptz,
  last_error text
);
grant select, insert, update, delete on tests.jobs to service_role;
insert into tests.jobs (id, payload, next_attempt_at) values
  (1, 'oldest', now() - interval '5 minutes'), (2, 'b', now() - interval '4 minutes'), (3, 'c', now() - interval '3 minutes'),
  (4, 'd', now() - interval '2 minutes'), (5, 'newest', now() - interval '1 minute'),
  (6, 'not due yet', now() + interval '1 hour'), (7, 'dead', null);
create function pg_temp.ids(q text) returns text language plpgsql as
$$ declare r text; begin execute format('select string_agg(id::text, '','' order by id) from (%s) x', q) into r; return r; end $$;
grant execute on function pg_temp.ids(text) to service_role;

select tests.authenticate_as_service_role();

-- ── Claims ──
select throws_ok($$select private.queue_claim(null::public.projects, 1, 60, 5)$$, '22023', null,
  'a table without the queue columns is not a queue');
select throws_ok($$select private.queue_claim(null::tests.jobs, 0, 60, 5)$$, '22023', null, 'a batch is at least one item');
select is((select string_agg(id::text, ',') from private.queue_claim(null::tests.jobs, 3, 60, 3)), '1,2,3',
  'a claim takes the items due longest first, up to the batch');
select ok((select bool_and(attempts = 1 and locked_until = now() + interval '60 seconds') from tests.jobs where id <= 3),
  'each claimed item counts the attempt and is leased for lease_seconds');
select is(pg_temp.ids('select * from private.queue_claim(null::tests.jobs, 10, 60, 3)'), '4,5',
  'another claim gets only items nobody holds: not leased, due, and not dead');
select is(pg_temp.ids('select * from private.queue_claim(null::tests.jobs, 10, 60, 3)'), null, 'then nothing is left');
select ok(pg_get_functiondef('private.queue_claim(anyelement, integer, integer, integer)'::regprocedure) ~ 'for update skip locked',
  'a claim skips rows another worker''s claim has locked instead of waiting for them');

update tests.jobs set locked_until = now() - interval '1 second' where id = 1;
select is((select attempts::int from private.queue_claim(null::tests.jobs, 10, 60, 3)), 2,
  'an item whose lease ran out (its worker died) is claimed again, as its next attempt');

-- ── Done ──
select is(pg_temp.ids($$select * from private.queue_complete(null::tests.jobs, '[{"id": 2}]')$$), '2', 'a completed item is returned');
select ok(not exists (select from tests.jobs where id = 2), 'and leaves the queue');
select is(pg_temp.ids($$select * from private.queue_complete(null::tests.jobs, '[]')$$), null, 'no keys complete nothing');
select is(pg_temp.ids($$select * from private.queue_complete(null::tests.jobs, to_jsonb('[{"id": 5}]'::text))$$), '5',
  'keys sent as a JSON string (the postgres driver''s jsonb arguments) work too');
select throws_ok($$select private.queue_complete(null::tests.jobs, '[{"payload": "c"}]')$$, '22023', null,
  'a key must name the primary key, so one key never picks out several items');
select throws_ok($$select private.queue_complete(null::tests.jobs, '[{"id": 3, "nope": 1}]')$$, '22023', null,
  'a key naming a column the queue does not have is refused');
select throws_ok($$select private.queue_complete(null::tests.jobs, '{"id": 3}')$$, '22023', null, 'keys are an array');
select is(pg_temp.ids($$select * from private.queue_complete(null::tests.jobs, '[{"id": 3, "payload": "not c"}]')$$), null,
  'every column a key names must match (a result for an older version is dropped)');

-- ── Failures: backoff, then dead ──
select is((select next_attempt_at from private.queue_fail(null::tests.jobs, '[{"id": 3}]', 'boom', 3, 5, 60)),
  now() + interval '5 seconds', 'the first failure waits the base backoff');
select ok((select locked_until is null and last_error = 'boom' and attempts = 1 from tests.jobs where id = 3),
  'the lease ends and the error is kept');
select is(pg_temp.ids('select * from private.queue_claim(null::tests.jobs, 10, 60, 3)'), null, 'an item waiting its backoff is not claimed');
update tests.jobs set next_attempt_at = now() where id = 3;
select is((select attempts::int from private.queue_claim(null::tests.jobs, 10, 60, 3)), 2, 'after it, the item is claimed again');
select is((select next_attempt_at from private.queue_fail(null::tests.jobs, '[{"id": 3}]', 'boom again', 3, 5, 60)),
  now() + interval '10 seconds', 'the second failure waits twice as long');
update tests.jobs set next_attempt_at = now() where id = 3;
select is((select attempts::int from private.queue_claim(null::tests.jobs, 10, 60, 3)), 3, 'the third and last attempt');
select ok((select next_attempt_at is null and last_error = 'no luck' from private.queue_fail(null::tests.jobs, '[{"id": 3}]', 'no luck', 3, 5, 60)),
  'a failure of the last attempt is dead: out of the queue, with its error');
select is(pg_temp.ids($$select * from private.queue_fail(null::tests.jobs, '[{"id": 3}]', 'again', 3, 5, 60)$$), null,
  'a dead item fails no further');
update tests.jobs set next_attempt_at = now(), attempts = 9 where id = 4;
select is((select next_attempt_at from private.queue_fail(null::tests.jobs, '[{"id": 4}]', 'x', 20, 5, 60)), now() + interval '60 seconds',
  'the backoff stops at its cap');
update tests.jobs set attempts = 3, next_attempt_at = now(), locked_until = now() - interval '1 second' where id = 4;
select is(pg_temp.ids('select * from private.queue_claim(null::tests.jobs, 10, 60, 3)'), null,
  'an item whose worker never answered its last attempt is not claimed again');
select ok((select next_attempt_at is null and last_error = 'no answer within the lease' from tests.jobs where id = 4), 'it is dead, saying why');

-- ── Who may call it ──
select ok(not has_function_privilege('authenticated', p, 'execute') and not has_function_privilege('anon', p, 'execute')
          and has_function_privilege('service_role', p, 'execute'), format('only the service role may execute %s', p))
from unnest(array['private.queue_claim(anyelement, integer, integer, integer)', 'private.queue_complete(anyelement, jsonb)',
                  'private.queue_fail(anyelement, jsonb, text, integer, integer, integer)']::regprocedure[]) p;
select tests.authenticate_as_anon();
select throws_ok($$select private.queue_claim(null::tests.jobs, 1, 60, 3)$$, '42501', null, 'an API caller cannot claim');
select tests.authenticate_as_service_role();
select throws_ok($$select private.queue_claim(null::private.storage_removals, 1, 60, 3)$$, '42501', null,
  'the functions run as their caller: the service role cannot drain a queue it has no rights on');
select tests.clear_authentication();

-- ── Notification emails: a queue of their own ──
insert into public.notifications (id, email_to, kind, title, body) values
  ('00000000-0000-4000-8000-00000000e001', 'guardian.one@example.com', 'test.queue', 'One', 'first'),
  ('00000000-0000-4000-8000-00000000e002', 'guardian.two@example.com', 'test.queue', 'Two', 'second');
insert into public.notifications (id, user_id, kind, title)
values ('00000000-0000-4000-8000-00000000e003', tests.create_supabase_user('phone_only'), 'test.queue', 'No address');
update auth.users set email = null where id = tests.get_supabase_uid('phone_only');
delete from private.notification_emails where notification_id not in
  ('00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000e002', '00000000-0000-4000-8000-00000000e003');
select is((select count(*)::int from private.notification_emails), 3, 'every new notification is queued for email');
select tests.authenticate_as_service_role();
select is((select string_agg(email, ',' order by email) from public.claim_notification_emails(10)), 'guardian.one@example.com,guardian.two@example.com',
  'the worker claims the ones with an address');
select is((select count(*)::int from public.claim_notification_emails(10)), 0, 'leased: a second run gets none of them');
select tests.clear_authentication();
select ok(not exists (select from private.notification_emails where notification_id = '00000000-0000-4000-8000-00000000e003'),
  'one to someone without an email leaves the queue unsent');
select tests.authenticate_as_service_role();
select is(public.complete_notification_emails('{00000000-0000-4000-8000-00000000e001}'), 1, 'a sent one is completed');
select is(public.release_notification_emails('{00000000-0000-4000-8000-00000000e002}', 'mailbox full'), 1, 'an unsent one is handed back');
select tests.clear_authentication();
select ok((select emailed_at = now() from public.notifications where id = '00000000-0000-4000-8000-00000000e001'),
  'the sent one says when it was emailed');
select ok((select q.next_attempt_at = now() + interval '30 seconds' and q.last_error = 'mailbox full' and n.emailed_at is null
           from private.notification_emails q join public.notifications n on n.id = q.notification_id
           where q.notification_id = '00000000-0000-4000-8000-00000000e002'),
  'the unsent one waits 30 s before its next try (it was tried every run, forever, before)');

-- ── Storage removals: one that fails no longer blocks the rest ──
delete from private.storage_removals;
insert into storage.objects (bucket_id, name, version) values ('headshots', 'queue-test/a.jpg', 'va'), ('headshots', 'queue-test/b.jpg', 'vb');
insert into private.storage_removals (bucket_id, name) values ('headshots', 'queue-test/a.jpg'), ('headshots', 'queue-test/b.jpg');
create function tests.refuse_b() returns trigger language plpgsql as
$$ begin if old.name = 'queue-test/b.jpg' then raise exception 'b is on legal hold'; end if; return old; end $$;
create trigger refuse_b before delete on storage.objects for each row execute function tests.refuse_b();
select is((select string_agg(v, ',') from private.drain_storage_removals() v), 'va', 'the drain removes what it can');
select ok((select attempts = 1 and next_attempt_at = now() + interval '10 seconds' and last_error = 'b is on legal hold'
           from private.storage_removals where name = 'queue-test/b.jpg'),
  'and a removal that fails waits its backoff with its error');
select ok(not exists (select from private.storage_removals where name = 'queue-test/a.jpg'), 'the removed one left the queue');

-- ── Webhooks: the owner's status follows the queue ──
update public.webhook_deliveries set attempts = 8, next_attempt_at = now(), locked_until = now() - interval '1 second'
 where id = tests.fx('WD1');
select tests.authenticate_as_service_role();
select ok(not exists (select from public.claim_webhook_deliveries(200) c where c.id = tests.fx('WD1')),
  'a delivery whose worker vanished on its last attempt is not sent again');
select tests.clear_authentication();
select is((select status || ' ' || last_error from public.webhook_deliveries where id = tests.fx('WD1')), 'dead no answer within the lease',
  'it is dead in the owner''s list, where it can be replayed');

select * from finish();
rollback;
