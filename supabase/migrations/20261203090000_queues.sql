-- queues: one claim-with-lease implementation for the four queues (sql/05_queues.sql).
-- Written by `npm run db:diff` on 2026-12-03, then edited by hand: backfills so every queued row
-- of the last release stays queued (and dead ones stay dead); the indexes of existing tables
-- change in 20261203090001_queues_indexes.sql (concurrently).

drop function if exists "public"."claim_notification_emails"(batch_size integer);

drop function if exists "public"."release_notification_emails"(ids uuid[]);

-- Notification emails get a queue table of their own (users read notifications, not delivery errors).
create table "private"."notification_emails" (
  "notification_id" uuid primary key references public.notifications (id) on delete cascade,
  "attempts" smallint not null default 0,
  "next_attempt_at" timestamp with time zone default now(),
  "locked_until" timestamp with time zone,
  "last_error" text
);
create index notification_emails_next_attempt_idx on private.notification_emails (next_attempt_at) where next_attempt_at is not null;
-- Backfill: what the last release would still have emailed (emailed_at was set when claimed).
insert into private.notification_emails (notification_id, next_attempt_at)
select n.id, n.created_at from public.notifications n where n.emailed_at is null;


alter table "private"."embedding_jobs" add column "next_attempt_at" timestamp with time zone default now();
-- Backfill: a job was due from when it was queued (a backoff or lease still in locked_until keeps
-- holding it); one that had used its 5 attempts is dead.
update private.embedding_jobs set next_attempt_at = case when attempts < 5 then enqueued_at end;

alter table "private"."storage_removals" add column "attempts" smallint not null default 0;

alter table "private"."storage_removals" add column "last_error" text;

alter table "private"."storage_removals" add column "locked_until" timestamp with time zone;

alter table "private"."storage_removals" add column "next_attempt_at" timestamp with time zone default now();
-- (queued removals are due at once, as they were)

-- A delivered or dead delivery is no longer queued: its next attempt is null (the owner reads
-- status, which says the same). Clients reading next_attempt_at see null there instead of a past time.
-- squawk-ignore ban-drop-not-null
alter table "public"."webhook_deliveries" alter column "next_attempt_at" drop not null;
update public.webhook_deliveries set next_attempt_at = null where status <> 'pending';

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.queue_claim(queue anyelement, batch_size integer, lease_seconds integer, max_attempts integer)
 RETURNS SETOF anyelement
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  rel regclass := private.queue_table(queue);
begin
  if batch_size is null or batch_size < 1 or lease_seconds is null or lease_seconds < 1 or max_attempts is null or max_attempts < 1 then
    raise exception 'batch_size, lease_seconds and max_attempts must be positive' using errcode = '22023';
  end if;
  execute format(
    'update %s t set next_attempt_at = null, locked_until = null, last_error = ''no answer within the lease''
      where t.next_attempt_at <= now() and t.locked_until <= now() and t.attempts >= $1', rel)
    using max_attempts;
  return query execute format(
    'update %1$s t set attempts = t.attempts + 1, locked_until = now() + make_interval(secs => $2)
      where t.ctid = any (array(select q.ctid from %1$s q
                                 where q.next_attempt_at <= now() and (q.locked_until is null or q.locked_until <= now())
                                   and q.attempts < $3
                                 order by q.next_attempt_at limit $1 for update skip locked))
     returning t.*', rel)
    using batch_size, lease_seconds, max_attempts;
end;
$function$
;

CREATE OR REPLACE FUNCTION private.queue_complete(queue anyelement, keys jsonb)
 RETURNS SETOF anyelement
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  rel regclass := private.queue_table(queue);
begin
  keys := private.jsonb_unwrapped(keys);
  return query execute format(
    'delete from %s t using jsonb_populate_recordset($1, $2) k where %s returning t.*',
    rel, private.queue_key_match(rel, keys))
    using queue, keys;
end;
$function$
;

CREATE OR REPLACE FUNCTION private.queue_fail(queue anyelement, keys jsonb, error text, max_attempts integer, backoff_base_seconds integer, backoff_cap_seconds integer)
 RETURNS SETOF anyelement
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  rel regclass := private.queue_table(queue);
begin
  keys := private.jsonb_unwrapped(keys);
  return query execute format(
    'update %s t set last_error = left($3, 1000), locked_until = null,
                     next_attempt_at = case when t.attempts >= $4 then null
                                            else now() + make_interval(secs => least($6, $5 * power(2, greatest(t.attempts, 1) - 1))) end
       from jsonb_populate_recordset($1, $2) k
      where %s and t.next_attempt_at is not null
     returning t.*', rel, private.queue_key_match(rel, keys))
    using queue, keys, coalesce(error, 'failed'), max_attempts, backoff_base_seconds, backoff_cap_seconds;
end;
$function$
;

CREATE OR REPLACE FUNCTION private.queue_key_match(rel regclass, keys jsonb)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  names text[];
  bad text;
begin
  if jsonb_typeof(keys) is distinct from 'array' or exists (select from jsonb_array_elements(keys) e where jsonb_typeof(e) <> 'object') then
    raise exception 'keys must be an array of objects' using errcode = '22023';
  end if;
  select array_agg(distinct n order by n) into names from jsonb_array_elements(keys) e, jsonb_object_keys(e) n;
  if names is null then
    return 'false';  -- no keys, no items
  end if;
  select n into bad from unnest(names) n
   where not exists (select from pg_catalog.pg_attribute a where a.attrelid = rel and a.attname = n and a.attnum > 0 and not a.attisdropped)
   limit 1;
  if bad is not null then
    raise exception '% has no column %', rel, bad using errcode = '22023';
  end if;
  select a.attname into bad
    from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
   where i.indrelid = rel and i.indisprimary and not (a.attname = any (names))
   limit 1;
  if bad is not null then
    raise exception 'each key must name %''s primary key column %', rel, bad using errcode = '22023';
  end if;
  return (select string_agg(format('t.%1$I = k.%1$I', n), ' and ') from unnest(names) n);
end;
$function$
;

CREATE OR REPLACE FUNCTION private.queue_notification_email()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  insert into private.notification_emails (notification_id) values (new.id);
  return null;
end;
$function$
;

CREATE OR REPLACE FUNCTION private.queue_table(queue anyelement)
 RETURNS regclass
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  rel regclass;
begin
  select c.oid::regclass into rel
    from pg_catalog.pg_type t join pg_catalog.pg_class c on c.oid = t.typrelid
   where t.oid = pg_catalog.pg_typeof(queue) and c.relkind in ('r', 'p');
  if rel is null or (select count(*) from pg_catalog.pg_attribute a
                      where a.attrelid = rel and not a.attisdropped
                        and (a.attname, a.atttypid) in (('attempts', 'smallint'::regtype), ('next_attempt_at', 'timestamptz'::regtype),
                                                        ('locked_until', 'timestamptz'::regtype), ('last_error', 'text'::regtype))) <> 4 then
    raise exception '% is not a queue table (attempts, next_attempt_at, locked_until, last_error)', pg_catalog.pg_typeof(queue)
      using errcode = '22023';
  end if;
  return rel;
end;
$function$
;

CREATE OR REPLACE FUNCTION private.webhook_delivery_status()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if new.status = 'pending' and new.next_attempt_at is null then
    new.status := 'dead';
  end if;
  return new;
end;
$function$
;

CREATE OR REPLACE FUNCTION public.claim_notification_emails(batch_size integer DEFAULT 50, lease_seconds integer DEFAULT 120)
 RETURNS TABLE(id uuid, email text, kind text, title text, body text, link_token text)
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  unsendable jsonb := '[]';
  c record;
begin
  for c in
    select n.id, coalesce(n.email_to, private.user_email(n.user_id)) as email, n.kind, n.title, n.body, n.data
      from private.queue_claim(null::private.notification_emails, least(greatest(batch_size, 1), 500), lease_seconds, 5) q
      join public.notifications n on n.id = q.notification_id
  loop
    if c.email is null then
      unsendable := unsendable || jsonb_build_object('notification_id', c.id);
      continue;
    end if;
    id := c.id; email := c.email; kind := c.kind; title := c.title; body := c.body;
    link_token := case when c.kind = 'guardian.consent_request' then private.guardian_token((c.data ->> 'guardian_consent_id')::uuid) end;
    return next;
  end loop;
  perform from private.queue_complete(null::private.notification_emails, unsendable);
end;
$function$
;

CREATE OR REPLACE FUNCTION public.complete_notification_emails(ids uuid[])
 RETURNS integer
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  with done as (
    select q.notification_id from private.queue_complete(null::private.notification_emails,
      (select coalesce(jsonb_agg(jsonb_build_object('notification_id', i)), '[]') from unnest(ids) i)) q),
  marked as (update public.notifications n set emailed_at = now() from done where n.id = done.notification_id returning 1)
  select count(*)::integer from marked
$function$
;

CREATE OR REPLACE FUNCTION public.release_notification_emails(ids uuid[], error text DEFAULT NULL::text)
 RETURNS integer
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select count(*)::integer from private.queue_fail(null::private.notification_emails,
    (select coalesce(jsonb_agg(jsonb_build_object('notification_id', i)), '[]') from unnest(ids) i),
    coalesce(error, 'the email provider did not take it'), 5, 30, 3600)
$function$
;

CREATE OR REPLACE FUNCTION private.drain_storage_removals()
 RETURNS SETOF text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  r private.storage_removals;
  done jsonb := '[]';
  removed text;
begin
  for r in select * from private.queue_claim(null::private.storage_removals, 1000, 60, 5) loop
    begin
      delete from storage.objects o
       where o.bucket_id = r.bucket_id and o.name = r.name
         and not exists (select 1 from public.talent_media m where m.bucket = o.bucket_id and m.storage_path = o.name)
      returning o.version into removed;
      done := done || jsonb_build_object('bucket_id', r.bucket_id, 'name', r.name);
      if removed is not null then
        return next removed;
      end if;
    exception when others then
      perform from private.queue_fail(null::private.storage_removals, jsonb_build_array(jsonb_build_object('bucket_id', r.bucket_id, 'name', r.name)),
                                      sqlerrm, 5, 10, 3600);
    end;
  end loop;
  perform from private.queue_complete(null::private.storage_removals, done);
end;
$function$
;

CREATE OR REPLACE FUNCTION private.enqueue_embedding()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if to_jsonb(new) ->> 'erased_at' is not null then
    return null;  -- an erased talent's tombstone is never embedded (sql/98_data_rights.sql)
  end if;
  insert into private.embedding_jobs as j (target_table, target_id)
  values (tg_table_name, new.id)
  on conflict (target_table, target_id) do update
    set version = j.version + 1, enqueued_at = now(), attempts = 0, next_attempt_at = now(), locked_until = null, last_error = null;
  return null;
end;
$function$
;

CREATE OR REPLACE FUNCTION public.claim_embedding_jobs(batch_size integer DEFAULT 64, lease_seconds integer DEFAULT 60)
 RETURNS TABLE(target_table text, target_id uuid, version bigint, attempts smallint, content text, search_source text)
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if batch_size not between 1 and 1000 then
    raise exception 'batch_size must be between 1 and 1000' using errcode = '22023';
  end if;
  return query
  with claimed as (
    select * from private.queue_claim(null::private.embedding_jobs, batch_size, lease_seconds, private.embedding_max_attempts()))
  select c.target_table, c.target_id, c.version, c.attempts,
         coalesce((select private.talent_document(t) from public.talent_profiles t where t.id = c.target_id and c.target_table = 'talent_profiles'),
                  (select private.role_document(r) from public.casting_roles r where r.id = c.target_id and c.target_table = 'casting_roles')),
         coalesce((select private.talent_search_source(t) from public.talent_profiles t where t.id = c.target_id and c.target_table = 'talent_profiles'),
                  (select private.role_search_source(r) from public.casting_roles r where r.id = c.target_id and c.target_table = 'casting_roles'))
  from claimed c;
end;
$function$
;

CREATE OR REPLACE FUNCTION public.claim_webhook_deliveries(batch_size integer DEFAULT 20, lease_seconds integer DEFAULT 60)
 RETURNS TABLE(id uuid, message_id text, event webhook_event, url text, payload jsonb, secrets text[], attempts smallint)
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.complete_embedding_jobs(model text, results jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  active text;
  written integer := 0;
  n integer;
  r record;
begin
  select s.model into active from private.embedding_settings s;
  if model is distinct from active then
    raise exception 'these vectors come from model "%" but the index holds "%"; switch models with npm run embed:backfill -- --model <id>', model, active
      using errcode = '22023';
  end if;
  results := private.jsonb_unwrapped(results);
  for r in
    with x as (
      select x.target_table, x.target_id, x.version, x.embedding, left(x.search_text, 20000) as search_text
        from jsonb_to_recordset(results) as x(target_table text, target_id uuid, version bigint, embedding text, search_text text)),
    done as (
      select d.target_table, d.target_id, d.version from private.queue_complete(null::private.embedding_jobs,
        (select coalesce(jsonb_agg(jsonb_build_object('target_table', x.target_table, 'target_id', x.target_id, 'version', x.version)), '[]')
           from x)) d)
    select x.* from x join done d using (target_table, target_id, version)
  loop
    if r.target_table = 'talent_profiles' then
      update public.talent_profiles t set embedding = r.embedding::extensions.halfvec(384), embedded_at = now(),
             search_text = coalesce(r.search_text, t.search_text) where t.id = r.target_id;
    elsif r.target_table = 'casting_roles' then
      update public.casting_roles c set embedding = r.embedding::extensions.halfvec(384), embedded_at = now(),
             search_text = coalesce(r.search_text, c.search_text) where c.id = r.target_id;
    end if;
    get diagnostics n = row_count;
    written := written + n;
  end loop;
  return written;
end;
$function$
;

CREATE OR REPLACE FUNCTION public.complete_webhook_deliveries(results jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.embedding_status()
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'model', (select s.model from private.embedding_settings s),
    'talent_profiles', (select jsonb_build_object('rows', count(*), 'embedded', count(t.embedding)) from public.talent_profiles t
                        where t.erased_at is null),
    'casting_roles', (select jsonb_build_object('rows', count(*), 'embedded', count(r.embedding)) from public.casting_roles r),
    'queued', (select count(*) from private.embedding_jobs j where j.next_attempt_at is not null),
    'failed', (select count(*) from private.embedding_jobs j where j.next_attempt_at is null),
    'last_error', (select j.last_error from private.embedding_jobs j where j.last_error is not null order by j.enqueued_at desc limit 1))
$function$
;

CREATE OR REPLACE FUNCTION public.enqueue_embeddings(only_missing boolean DEFAULT true)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare n integer;
begin
  update private.embedding_jobs j set attempts = 0, next_attempt_at = now(), locked_until = null where j.next_attempt_at is null;
  insert into private.embedding_jobs as j (target_table, target_id)
  select 'talent_profiles', t.id from public.talent_profiles t where t.erased_at is null and (not only_missing or t.embedding is null)
  union all
  select 'casting_roles', r.id from public.casting_roles r where not only_missing or r.embedding is null
  on conflict (target_table, target_id) do update set version = j.version + 1, attempts = 0, next_attempt_at = now(), locked_until = null;
  get diagnostics n = row_count;
  return n;
end;
$function$
;

CREATE OR REPLACE FUNCTION public.fail_embedding_jobs(jobs jsonb, error text)
 RETURNS integer
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select count(*)::integer from private.queue_fail(null::private.embedding_jobs,
    (select coalesce(jsonb_agg(jsonb_build_object('target_table', x.target_table, 'target_id', x.target_id, 'version', x.version)), '[]')
       from jsonb_to_recordset(private.jsonb_unwrapped(jobs)) as x(target_table text, target_id uuid, version bigint)),
    error, private.embedding_max_attempts(), 2, 3600)
$function$
;

create or replace view "reporting"."embedding_queue" as  SELECT j.target_table,
    count(*) AS jobs,
    count(*) FILTER (WHERE (j.next_attempt_at IS NULL)) AS failed,
    min(j.enqueued_at) AS oldest,
    max(j.last_error) AS an_error
   FROM private.embedding_jobs j
  GROUP BY j.target_table;


grant delete on table "private"."notification_emails" to "service_role";

grant select on table "private"."notification_emails" to "service_role";

grant update on table "private"."notification_emails" to "service_role";

CREATE TRIGGER notifications_queue_email AFTER INSERT ON public.notifications FOR EACH ROW WHEN ((new.emailed_at IS NULL)) EXECUTE FUNCTION private.queue_notification_email();

CREATE TRIGGER webhook_deliveries_status BEFORE UPDATE OF next_attempt_at ON public.webhook_deliveries FOR EACH ROW EXECUTE FUNCTION private.webhook_delivery_status();

-- function privileges
grant execute on function public.claim_notification_emails(integer,integer) to service_role;
grant execute on function public.complete_notification_emails(uuid[]) to service_role;
grant execute on function private.queue_claim(anyelement,integer,integer,integer) to service_role;
grant execute on function private.queue_complete(anyelement,jsonb) to service_role;
grant execute on function private.queue_fail(anyelement,jsonb,text,integer,integer,integer) to service_role;
grant execute on function private.queue_key_match(regclass,jsonb) to service_role;
grant execute on function private.queue_table(anyelement) to service_role;
grant execute on function public.release_notification_emails(uuid[],text) to service_role;
