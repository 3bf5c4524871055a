-- Outbound webhooks: a project's owners register endpoints of their own systems; events of the
-- project are enqueued as deliveries in the same transaction as the change (no ghost events, none
-- lost), and the deliver-webhooks function (service role; the local scheduler runs it every 2 s)
-- sends them signed per the Standard Webhooks specification (webhook-id, webhook-timestamp,
-- webhook-signature "v1,<base64 HMAC-SHA256>"). A failed delivery is retried with exponential
-- backoff; after private.webhook_settings.max_attempts it is dead, listed for the owner, who may
-- replay it. Delivery is at least once: a retry carries the same webhook-id, so subscribers dedupe.
-- Payloads carry ids, statuses and amounts, never a person's name or contacts.

create type public.webhook_event as enum (
  'submission.status_changed', 'offer.made', 'offer.accepted', 'offer.declined',
  'booking.made', 'booking.cancelled', 'role.opened', 'role.closed');

create table private.webhook_settings (
  singleton boolean primary key default true check (singleton),
  max_attempts smallint not null default 8 check (max_attempts between 1 and 20),
  -- the wait after the nth failure: backoff_base_seconds × 2^(n−1), at most backoff_cap_seconds
  -- (5 s, 10 s, 20 s … ~10 min by the 8th)
  backoff_base_seconds integer not null default 5 check (backoff_base_seconds >= 0),
  backoff_cap_seconds integer not null default 36000 check (backoff_cap_seconds >= 1)
);
insert into private.webhook_settings default values;

-- The event names, as a text array (endpoints store their choice as text[]: @supabase/lite 0.10.0
-- returns an array of an enum type as one string, "{a,b}", where PostgREST returns a JSON array).
create or replace function private.webhook_event_names()
returns text[]
language sql
immutable
set search_path = ''
as $$ select '{submission.status_changed,offer.made,offer.accepted,offer.declined,booking.made,booking.cancelled,role.opened,role.closed}'::text[] $$;

create table public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: the project's own subscribers
  url text not null check (url ~ '^https?://[^[:space:]/?#]+' and char_length(url) <= 2000),
  description text check (char_length(description) <= 200),
  events text[] not null default private.webhook_event_names()
    check (cardinality(events) > 0 and events <@ private.webhook_event_names()),
  enabled boolean not null default true,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_project_idx on public.webhook_endpoints (project_id) where enabled;
create index webhook_endpoints_project_all_idx on public.webhook_endpoints (project_id);
create index webhook_endpoints_created_by_idx on public.webhook_endpoints (created_by);
create trigger webhook_endpoints_touch before update on public.webhook_endpoints
  for each row execute function private.touch_updated_at();
create trigger webhook_endpoints_audit after insert or update or delete on public.webhook_endpoints
  for each row execute function private.audit_change();

-- Signing secrets (Standard Webhooks: "whsec_" + base64 of 32 random bytes). Rotating adds a new
-- one and lets the old one expire later; until then deliveries carry a signature by each.
create table private.webhook_secrets (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,  -- cascade: the endpoint's own keys
  secret bytea not null default extensions.gen_random_bytes(32),
  created_at timestamptz not null default now(),
  expires_at timestamptz
);
create index webhook_secrets_endpoint_idx on private.webhook_secrets (endpoint_id, created_at desc);

create or replace function private.webhook_endpoint_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.webhook_secrets (endpoint_id) values (new.id);
  return null;
end;
$$;
create trigger webhook_endpoints_first_secret after insert on public.webhook_endpoints
  for each row execute function private.webhook_endpoint_created();

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  message_id text not null check (message_id ~ '^msg_[0-9a-f]{32}$'),  -- the webhook-id: one per event, the same on every retry
  endpoint_id uuid not null references public.webhook_endpoints (id) on delete cascade,  -- cascade: an endpoint's deliveries go with it
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: as above, with the project
  event public.webhook_event not null,
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts smallint not null default 0,
  next_attempt_at timestamptz default now(),  -- the queue's (sql/05_queues.sql); null once delivered or dead
  locked_until timestamptz,
  last_status integer,
  last_error text check (char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (message_id, endpoint_id)
);
create index webhook_deliveries_next_attempt_idx on public.webhook_deliveries (next_attempt_at) where next_attempt_at is not null;
create index webhook_deliveries_endpoint_idx on public.webhook_deliveries (endpoint_id, created_at desc);
create index webhook_deliveries_project_idx on public.webhook_deliveries (project_id, status);

-- The owner reads status; the queue functions know only their columns. A pending delivery that
-- leaves the queue without being delivered (its last attempt failed, or its worker never
-- answered) is dead.
create or replace function private.webhook_delivery_status()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = 'pending' and new.next_attempt_at is null then
    new.status := 'dead';
  end if;
  return new;
end;
$$;
create trigger webhook_deliveries_status before update of next_attempt_at on public.webhook_deliveries
  for each row execute function private.webhook_delivery_status();

-- One event of a project → one delivery per enabled endpoint that asked for it, in the caller's
-- transaction.
create or replace function private.enqueue_webhook(project uuid, kind public.webhook_event, data jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.webhook_deliveries (message_id, endpoint_id, project_id, event, payload)
  select m.id, e.id, project, kind, jsonb_build_object('type', kind, 'timestamp', now(), 'data', data)
  from (select 'msg_' || replace(gen_random_uuid()::text, '-', '') as id) m
  join public.webhook_endpoints e on e.project_id = project and e.enabled and kind::text = any (e.events)
$$;

create or replace function private.webhook_event_of_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  case tg_table_name
  when 'submissions' then
    perform private.enqueue_webhook(new.project_id, 'submission.status_changed', jsonb_build_object(
      'submission_id', new.id, 'casting_role_id', new.casting_role_id, 'talent_id', new.talent_id, 'from', old.status, 'to', new.status));
  when 'offers' then
    if tg_op = 'INSERT' or new.status in ('accepted', 'declined') then
      perform private.enqueue_webhook(new.project_id,
        (case when tg_op = 'INSERT' then 'offer.made' else 'offer.' || new.status end)::public.webhook_event,
        jsonb_build_object('offer_id', new.id, 'submission_id', new.submission_id, 'casting_role_id', new.casting_role_id,
                           'talent_id', new.talent_id, 'fee_paise', new.fee_paise, 'status', new.status, 'expires_at', new.expires_at));
    end if;
  when 'audition_bookings' then
    if tg_op = 'INSERT' or new.status = 'cancelled' then
      perform private.enqueue_webhook(new.project_id,
        (case when tg_op = 'INSERT' then 'booking.made' else 'booking.cancelled' end)::public.webhook_event,
        jsonb_build_object('booking_id', new.id, 'slot_id', new.slot_id, 'casting_role_id', new.casting_role_id,
                           'talent_id', new.talent_id, 'starts_at', lower(new.during), 'ends_at', upper(new.during), 'status', new.status));
    end if;
  when 'casting_roles' then
    if new.status in ('open', 'closed') and (tg_op = 'INSERT' or old.status is distinct from new.status) then
      perform private.enqueue_webhook(new.project_id, (case when new.status = 'open' then 'role.opened' else 'role.closed' end)::public.webhook_event,
        jsonb_build_object('casting_role_id', new.id, 'name', new.name, 'status', new.status, 'submission_deadline', new.submission_deadline));
    end if;
  end case;
  return null;
end;
$$;
create trigger submissions_webhook after update of status on public.submissions
  for each row when (old.status is distinct from new.status) execute function private.webhook_event_of_change();
create trigger offers_webhook after insert or update of status on public.offers
  for each row execute function private.webhook_event_of_change();
create trigger audition_bookings_webhook after insert or update of status on public.audition_bookings
  for each row execute function private.webhook_event_of_change();
create trigger casting_roles_webhook after insert or update of status on public.casting_roles
  for each row execute function private.webhook_event_of_change();

-- ── For owners ──

create or replace function private.owned_endpoint(endpoint uuid)
returns public.webhook_endpoints
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  e public.webhook_endpoints;
begin
  select * into e from public.webhook_endpoints w where w.id = endpoint;
  if not found or not (e.project_id = any (private.project_ids_as('{owner}'))) then
    raise exception 'webhook endpoint % does not exist or is not yours', endpoint using errcode = 'PT404';
  end if;
  return e;
end;
$$;

-- The secrets an endpoint's deliveries are signed with now, newest first, as "whsec_…".
create or replace function private.webhook_signing_secrets(endpoint uuid)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select array(select 'whsec_' || encode(s.secret, 'base64') from private.webhook_secrets s
               where s.endpoint_id = endpoint and (s.expires_at is null or s.expires_at > now())
               order by s.created_at desc)
$$;

create or replace function private.webhook_endpoint_secret(endpoint uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select (private.webhook_signing_secrets((private.owned_endpoint(endpoint)).id))[1] $$;

-- A new secret; the current ones stay valid for `keep_previous_seconds` (default a day), so the
-- subscriber can switch without missing a delivery.
create or replace function private.rotate_webhook_secret(endpoint uuid, keep_previous_seconds integer)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  e public.webhook_endpoints := private.owned_endpoint(endpoint);
begin
  if keep_previous_seconds is null or keep_previous_seconds not between 0 and 604800 then
    raise exception 'keep_previous_seconds must be between 0 and 604800 (a week)' using errcode = '22023', hint = 'keep_previous_seconds';
  end if;
  update private.webhook_secrets s set expires_at = now() + make_interval(secs => keep_previous_seconds)
   where s.endpoint_id = e.id and (s.expires_at is null or s.expires_at > now() + make_interval(secs => keep_previous_seconds));
  insert into private.webhook_secrets (endpoint_id, created_at) values (e.id, clock_timestamp());
  return (private.webhook_signing_secrets(e.id))[1];
end;
$$;

-- Send a delivery again: a dead one (after the subscriber is fixed), or a delivered one.
create or replace function private.replay_webhook_delivery(delivery uuid)
returns public.webhook_deliveries
language plpgsql
security definer
set search_path = ''
as $$
declare
  d public.webhook_deliveries;
begin
  select * into d from public.webhook_deliveries w where w.id = delivery for update;
  if not found or not (d.project_id = any (private.project_ids_as('{owner}'))) then
    raise exception 'webhook delivery % does not exist or is not yours', delivery using errcode = 'PT404';
  end if;
  if d.status = 'pending' then
    raise exception 'this delivery is still being tried' using errcode = 'check_violation';
  end if;
  update public.webhook_deliveries w
     set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, last_error = null
   where w.id = delivery returning * into d;
  return d;
end;
$$;

create or replace function public.webhook_endpoint_secret(endpoint_id uuid)
returns text
language sql
stable
set search_path = ''
as $$ select private.webhook_endpoint_secret(endpoint_id) $$;

create or replace function public.rotate_webhook_secret(endpoint_id uuid, keep_previous_seconds integer default 86400)
returns text
language sql
set search_path = ''
as $$ select private.rotate_webhook_secret(endpoint_id, keep_previous_seconds) $$;

create or replace function public.replay_webhook_delivery(delivery_id uuid)
returns public.webhook_deliveries
language sql
set search_path = ''
as $$ select * from private.replay_webhook_delivery(delivery_id) $$;

-- ── For the deliver-webhooks function (service role) ──

-- Claims due deliveries with a lease (a worker that dies loses it and the delivery is tried
-- again); each comes with its endpoint's URL and current signing secrets.
create or replace function public.claim_webhook_deliveries(batch_size integer default 20, lease_seconds integer default 60)
returns table (id uuid, message_id text, event public.webhook_event, url text, payload jsonb, secrets text[], attempts smallint)
language plpgsql
set search_path = ''
as $$
begin
  if batch_size not between 1 and 200 then
    raise exception 'batch_size must be between 1 and 200' using errcode = '22023';
  end if;
  return query
  with claimed as (
    select * from private.queue_claim(null::public.webhook_deliveries, batch_size, lease_seconds,
                                      (select w.max_attempts from private.webhook_settings w where w.singleton)))
  select c.id, c.message_id, c.event, e.url, c.payload, private.webhook_signing_secrets(e.id), c.attempts
  from claimed c join public.webhook_endpoints e on e.id = c.endpoint_id;
end;
$$;

-- results: [{id, ok, status, error}]. A failure waits the backoff, or is dead after max_attempts.
create or replace function public.complete_webhook_deliveries(results jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  s private.webhook_settings := (select w from private.webhook_settings w where w.singleton);
  delivered integer;
  retrying integer := 0;
  dead integer := 0;
  died boolean;
  r record;
begin
  results := private.jsonb_unwrapped(results);
  -- a delivered delivery leaves the queue but stays, as the owner's record
  update public.webhook_deliveries d
     set status = 'delivered', delivered_at = now(), last_status = x.status, last_error = null, next_attempt_at = null, locked_until = null
    from jsonb_to_recordset(results) as x(id uuid, ok boolean, status integer)
   where x.ok and d.id = x.id and d.status = 'pending';
  get diagnostics delivered = row_count;
  for r in select x.id, x.status, x.error from jsonb_to_recordset(results) as x(id uuid, ok boolean, status integer, error text)
            where not coalesce(x.ok, false)
  loop
    update public.webhook_deliveries d set last_status = r.status, delivered_at = null where d.id = r.id and d.status = 'pending';
    select f.next_attempt_at is null into died
      from private.queue_fail(null::public.webhook_deliveries, jsonb_build_array(jsonb_build_object('id', r.id)), r.error,
                              s.max_attempts, s.backoff_base_seconds, s.backoff_cap_seconds) f;
    if died then dead := dead + 1; elsif died is not null then retrying := retrying + 1; end if;
  end loop;
  return jsonb_build_object('delivered', delivered, 'retrying', retrying, 'dead', dead);
end;
$$;
