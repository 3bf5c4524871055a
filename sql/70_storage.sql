-- Storage buckets for talent media. All private: files are served through signed URLs to
-- whoever may see the talent (policies/70_storage.sql). Paths are <talent_id>/<file>, and
-- self-tapes <talent_id>/<self_tape_request_id>/<file>. The limits are Supabase's own bucket
-- settings, enforced by the Storage API on upload (a wrong type or an oversize file gets a 4xx).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values
  ('headshots', 'headshots', false, 10485760, array['image/jpeg', 'image/png', 'image/webp']),
  ('reels', 'reels', false, 524288000, array['video/mp4', 'video/quicktime', 'video/webm', 'audio/mpeg', 'audio/mp4', 'audio/wav']),
  ('self-tapes', 'self-tapes', false, 524288000, array['video/mp4', 'video/quicktime', 'video/webm'])
on conflict (id) do nothing;

-- The talent profile a storage path belongs to (its first folder), or null.
create or replace function private.talent_of_path(object_name text)
returns uuid
language plpgsql
immutable
set search_path = ''
as $$
declare
  head text := split_part(object_name, '/', 1);
begin
  if head ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return head::uuid;
  end if;
  return null;
end;
$$;
grant execute on function private.talent_of_path(text) to anon, authenticated, service_role;

-- The project whose self-tape request a self-tapes path answers (its second folder), or null.
create or replace function private.self_tape_project_of_path(object_name text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  request text := split_part(object_name, '/', 2);
begin
  if request !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return null;
  end if;
  return (select r.project_id from public.self_tape_requests r
          where r.id = request::uuid and r.talent_id = private.talent_of_path(object_name));
end;
$$;
grant execute on function private.self_tape_project_of_path(text) to anon, authenticated, service_role;

-- A self-tape is uploaded under the request it answers, while that request is open: before
-- its due time, never after (replacing it late counts as a late upload too).
create or replace function private.guard_self_tape_upload()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.self_tape_requests;
begin
  if new.bucket_id <> 'self-tapes' then
    return new;
  end if;
  if split_part(new.name, '/', 2) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     and split_part(new.name, '/', 3) <> '' then
    select * into request from public.self_tape_requests r
    where r.id = split_part(new.name, '/', 2)::uuid and r.talent_id = private.talent_of_path(new.name);
  end if;
  if request.id is null then
    raise exception 'self-tapes are uploaded as <talent_id>/<self_tape_request_id>/<file>, for a request made to that talent'
      using errcode = 'check_violation';
  end if;
  if request.status = 'cancelled' then
    raise exception 'this self-tape request is cancelled' using errcode = 'check_violation';
  end if;
  if now() > request.due_at then
    raise exception 'the self-tape was due at %; late uploads are refused', request.due_at using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger objects_guard_self_tape_upload before insert or update of bucket_id, name, version on storage.objects
  for each row execute function private.guard_self_tape_upload();

-- Removing a media row removes its object too. SQL cannot delete the file, so the object is
-- queued here (a queue of sql/05_queues.sql) and the Storage service removes it (the local stack
-- drains this queue every few seconds; on Supabase, schedule a function that calls storage remove
-- with the service key).
create table private.storage_removals (
  bucket_id text not null,
  name text not null,
  queued_at timestamptz not null default now(),
  attempts smallint not null default 0,
  next_attempt_at timestamptz default now(),
  locked_until timestamptz,
  last_error text,
  primary key (bucket_id, name)
);

create or replace function private.queue_media_object_removal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- When the object itself was removed (the foreign key cascades here), nothing is left to do.
  if exists (select 1 from storage.objects o where o.bucket_id = old.bucket and o.name = old.storage_path) then
    insert into private.storage_removals (bucket_id, name) values (old.bucket, old.storage_path)
    on conflict do nothing;
  end if;
  return old;
end;
$$;
create trigger talent_media_queue_object_removal after delete on public.talent_media
  for each row execute function private.queue_media_object_removal();

-- The Storage service drains the queue (stack/storage/housekeeping.ts calls this every few
-- seconds, as the owner, and removes the returned versions' files; on hosted Supabase, a scheduled
-- function does the same through the Storage API). An object a media row points at again stays.
-- The object rows go in this transaction; a removal that fails (a rule on storage.objects
-- refuses it) backs off and, after 5 attempts, waits in the queue with its error instead of
-- failing every drain.
create or replace function private.drain_storage_removals()
returns setof text
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke all on function private.drain_storage_removals() from public, anon, authenticated, service_role;
