-- Work queues: one claim-with-lease mechanism for every queue of the project (embedding jobs,
-- webhook deliveries, notification emails, storage removals). pgmq (Supabase Queues) would do
-- this on hosted Supabase, but the embedded PGlite cannot load it, and these queues are rows that
-- belong with their data (a webhook delivery is the owner's dead-letter list; an embedding job is
-- re-armed by an edit of its row), so the mechanism is a handful of functions over columns every
-- queue table has:
--
--   attempts        smallint not null default 0   -- claims so far
--   next_attempt_at timestamptz default now()     -- due from then on; null: not queued (done and
--                                                 --   kept, or dead after its last attempt)
--   locked_until    timestamptz                   -- leased to a worker until then
--   last_error      text                          -- why the last attempt failed
--
-- plus a primary key and an index on (next_attempt_at) where next_attempt_at is not null.
-- A queue is named by its row type, `null::private.embedding_jobs`, so claims come back as rows
-- of that table. Delivery is at least once: a worker that dies loses its lease and the item is
-- claimed again; a failure waits base × 2^(attempt−1) seconds (at most the cap) and, after the
-- last attempt, is dead (next_attempt_at null) until someone re-arms it.
--
-- The functions run as their caller (SECURITY INVOKER): they take a table as an argument, so
-- running as the owner would let a caller claim or delete rows of any table with these columns.
-- The caller needs the table's privileges; EXECUTE is the service role's only.

-- The queue table behind a row type, checked to have the queue columns.
create or replace function private.queue_table(queue anyelement)
returns regclass
language plpgsql
stable
set search_path = ''
as $$
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
$$;

-- `t.a = k.a and …` for the columns the keys name: [{"id": …}] or [{"target_table": …,
-- "target_id": …, "version": …}]. Every name must be a column, and the primary key must be among
-- them, so a key can only ever pick out one row.
create or replace function private.queue_key_match(rel regclass, keys jsonb)
returns text
language plpgsql
stable
set search_path = ''
as $$
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
$$;

-- Claims up to batch_size due items, oldest due first, each leased for lease_seconds; items
-- other workers hold are skipped, never waited for. An item whose last lease ran out without an
-- answer after max_attempts claims is dead (its worker died on it each time) and is not claimed.
create or replace function private.queue_claim(queue anyelement, batch_size integer, lease_seconds integer, max_attempts integer)
returns setof anyelement
language plpgsql
set search_path = ''
as $$
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
$$;

-- Done: the keyed items leave the queue (their rows are deleted; a late answer for an item that
-- was dead meanwhile counts too). Returns them.
create or replace function private.queue_complete(queue anyelement, keys jsonb)
returns setof anyelement
language plpgsql
set search_path = ''
as $$
declare
  rel regclass := private.queue_table(queue);
begin
  keys := private.jsonb_unwrapped(keys);
  return query execute format(
    'delete from %s t using jsonb_populate_recordset($1, $2) k where %s returning t.*',
    rel, private.queue_key_match(rel, keys))
    using queue, keys;
end;
$$;

-- Failed: each keyed item still queued waits its backoff, or is dead after max_attempts
-- (next_attempt_at null, last_error kept). Returns the items, so a caller sees which died.
create or replace function private.queue_fail(queue anyelement, keys jsonb, error text, max_attempts integer,
                                              backoff_base_seconds integer, backoff_cap_seconds integer)
returns setof anyelement
language plpgsql
set search_path = ''
as $$
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
$$;
