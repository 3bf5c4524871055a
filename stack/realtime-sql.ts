// What Supabase Realtime puts in every project database, and what our local Realtime server
// (stack/realtime.ts) needs there. Part of the platform bootstrap (stack/bootstrap.ts), never of a
// project's migrations: on a hosted project Supabase creates the same `realtime` schema and the
// empty publication `supabase_realtime` itself, and a project's migrations only add tables to it
// and write policies on realtime.messages.
//
// - realtime.messages, realtime.topic(), realtime.send(), realtime.broadcast_changes(): the
//   contract Supabase documents (same columns and signatures; messages is not partitioned here).
// - schema _realtime (the local server's own, not exposed): the capture trigger that turns a
//   committed row change of a published table into a NOTIFY, and the per-subscriber RLS check.
//   NOTIFY is transactional: a rolled-back write never notifies, and notifications arrive in
//   commit order. PGlite has publications and NOTIFY too, so both backends capture the same way.
const API_ROLES = "anon, authenticated, service_role";

export const REALTIME_SCHEMA_SQL = `
create schema if not exists realtime;
grant usage on schema realtime to ${API_ROLES};

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  binary_payload bytea,
  constraint messages_payload_exclusive check (payload is null or binary_payload is null),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
grant insert, select, update on table realtime.messages to ${API_ROLES};
create index if not exists messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;

create or replace function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text;
$$;

create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    final_payload := case when payload ? 'id' then payload else jsonb_set(payload, '{id}', to_jsonb(generated_id)) end;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception when others then
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end;
$$;

create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW')
returns void language plpgsql as $$
declare
  row_data jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation in ('INSERT', 'UPDATE', 'DELETE') then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
                                   'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception when others then
  raise exception 'Failed to process the row: %', sqlerrm;
end;
$$;

grant execute on all functions in schema realtime to ${API_ROLES};

do $$ begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end $$;

-- The local server's own objects.
create schema if not exists _realtime;
revoke all on schema _realtime from public;

-- Notifications carry at most 8,000 bytes: a larger change or message waits here, named by id.
create table if not exists _realtime.spill (
  id bigint generated always as identity primary key,
  payload text not null,
  created_at timestamptz not null default now()
);

create or replace function _realtime.notify(channel text, payload text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  spill_id bigint;
begin
  if octet_length(payload) > 7800 then
    insert into _realtime.spill (payload) values (payload) returning id into spill_id;
    payload := json_build_object('spill', spill_id)::text;
  end if;
  perform pg_notify(channel, payload);
end;
$$;

-- Installed by the server on every table of publication supabase_realtime.
create or replace function _realtime.capture() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform _realtime.notify('realtime_changes', json_build_object(
    'schema', tg_table_schema, 'table', tg_table_name, 'type', tg_op,
    'commit_timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'record', case when tg_op <> 'DELETE' then to_jsonb(new) end,
    'old_record', case when tg_op <> 'INSERT' then to_jsonb(old) end)::text);
  return null;
end;
$$;

-- realtime.send() and broadcast_changes() reach subscribers through this.
create or replace function _realtime.capture_message() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.extension = 'broadcast' then
    perform _realtime.notify('realtime_messages', json_build_object(
      'id', new.id, 'topic', new.topic, 'event', new.event, 'private', coalesce(new.private, false),
      'payload', new.payload)::text);
  end if;
  return null;
end;
$$;
drop trigger if exists _realtime_capture on realtime.messages;
create trigger _realtime_capture after insert on realtime.messages
  for each row execute function _realtime.capture_message();

-- Which subscribers may SELECT the row with primary key taken from p_row, each as their own
-- role and claims, exactly as PostgREST runs their requests. A row that is no longer there (a
-- DELETE; or an INSERT or UPDATE whose row was deleted before its check ran) is put back as the
-- event shows it for the check, and taken away again: who could read it then.
-- A row that is there is checked as it is. A role without SELECT on the key columns cannot read it.
-- The lookup is a prepared statement per table and session (as Supabase's apply_rls does), so
-- each check is planned once, not once per subscriber.
-- (databases set up before 2026-12-03 have the earlier form, whose p_restore is now always on)
drop function if exists _realtime.visible(text, text, jsonb, boolean, jsonb);
create or replace function _realtime.visible(p_schema text, p_table text, p_row jsonb, p_subs jsonb)
returns boolean[] language plpgsql set search_path = '' as $$
declare
  rel text := format('%I.%I', p_schema, p_table);
  stmt text := 'realtime_visible_' || md5(rel);
  cols text;
  cond text;
  pk jsonb;
  call text;
  present boolean;
  s jsonb;
  ok boolean;
  allowed jsonb := '{}';
  result boolean[] := '{}';
begin
  select string_agg(format('%I = ($1::jsonb ->> %L)::%s', a.attname, a.attname, format_type(a.atttypid, a.atttypmod)), ' and '),
         jsonb_object_agg(a.attname, p_row -> a.attname)
    into cond, pk
    from pg_index x join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any (x.indkey)
   where x.indrelid = rel::regclass and x.indisprimary;
  if cond is null then
    raise exception 'realtime: table % has no primary key', rel;
  end if;
  -- (generated columns are computed again, identities keep their value)
  select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into cols
    from pg_attribute a
   where a.attrelid = rel::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';
  if not exists (select 1 from pg_prepared_statements where name = stmt) then
    execute format('prepare %I(text) as select exists (select 1 from %s where %s)', stmt, rel, cond);
  end if;
  call := format('execute %I(%L)', stmt, pk::text);
  begin
    -- Only a row that is gone is put back: an insert that meets the live row waits for any
    -- writer updating it (once, in tests on native, that ended in a deadlock whose victim was the
    -- writer's UPDATE). Reading the row never waits.
    execute format('select exists (select 1 from %s where %s)', rel, cond) into present using pk;
    if not present then
      begin
        set local session_replication_role = replica;
        execute format('insert into %s (%s) overriding system value select %s from jsonb_populate_record(null::%s, $1) on conflict do nothing',
                       rel, cols, cols, rel) using p_row;
      exception when integrity_constraint_violation or serialization_failure then
        -- it cannot come back as it was (a constraint changed since, or on native, where the
        -- check runs in one repeatable-read snapshot, a row with its key came back since)
        null;
      end;
    end if;
    set local session_replication_role = origin;
    for s in select value from jsonb_array_elements(p_subs) loop
      if not allowed ? (s->>'role') then
        -- the lookup reads the key columns only: their grant is what it needs (column grants count)
        allowed := allowed || jsonb_build_object(s->>'role',
          (select bool_and(has_column_privilege(s->>'role', rel, k, 'SELECT')) from jsonb_object_keys(pk) k));
      end if;
      if (allowed ->> (s->>'role'))::boolean then
        perform set_config('request.jwt.claims', s->>'claims', true);
        perform set_config('request.jwt.claim.sub', coalesce((s->>'claims')::jsonb->>'sub', ''), true);
        perform set_config('request.jwt.claim.role', s->>'role', true);
        perform set_config('role', s->>'role', true);
        execute call into ok;
        perform set_config('role', 'none', true);
      else
        ok := false;
      end if;
      result := result || ok;
    end loop;
    -- Undo the restored row (and the settings) whatever happened.
    raise exception using errcode = 'RTUND', message = 'undo';
  exception when sqlstate 'RTUND' then
    null;
  end;
  return result;
end;
$$;

-- Supabase's private-channel authorization: as the subscriber, on the topic, may they read
-- (select) and write (insert) realtime.messages of each extension? Nothing is kept.
create or replace function _realtime.authorize(p_topic text, p_role text, p_claims text)
returns jsonb language plpgsql set search_path = '' as $$
declare
  ids uuid[] := array[gen_random_uuid(), gen_random_uuid()];
  exts text[] := array['broadcast', 'presence'];
  seen uuid[];
  result jsonb := '{}';
  i int;
begin
  begin
    insert into realtime.messages (id, topic, extension, private) select ids[k], p_topic, exts[k], true from generate_subscripts(ids, 1) k;
    perform set_config('realtime.topic', p_topic, true);
    perform set_config('request.jwt.claims', p_claims, true);
    perform set_config('request.jwt.claim.sub', coalesce(p_claims::jsonb->>'sub', ''), true);
    perform set_config('request.jwt.claim.role', p_role, true);
    perform set_config('role', p_role, true);
    begin
      select array_agg(m.id) into seen from realtime.messages m where m.id = any (ids);
    exception when insufficient_privilege then
      seen := '{}';
    end;
    for i in 1..2 loop
      result := result || jsonb_build_object(exts[i], jsonb_build_object('read', coalesce(ids[i] = any (seen), false)));
      begin
        insert into realtime.messages (topic, extension, private) values (p_topic, exts[i], true);
        result := jsonb_set(result, array[exts[i], 'write'], 'true');
      exception when insufficient_privilege then
        result := jsonb_set(result, array[exts[i], 'write'], 'false');
      end;
    end loop;
    perform set_config('role', 'none', true);
    raise exception using errcode = 'RTUND', message = 'undo';
  exception when sqlstate 'RTUND' then
    null;
  end;
  return result;
end;
$$;
`;
