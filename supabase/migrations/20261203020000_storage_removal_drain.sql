-- Storage housekeeping without app knowledge in the Storage service: the rule for which queued
-- objects go (not those a talent_media row points at again) moves into the database.

-- The Storage service drains the queue (stack/storage/housekeeping.ts calls this every few
-- seconds, as the owner, and removes the returned versions' files; on hosted Supabase, a scheduled
-- function does the same through the Storage API). An object a media row points at again stays.
create or replace function private.drain_storage_removals()
returns setof text
language plpgsql
security definer
set search_path = ''
as $$
begin
  return query
  with queued as (
    delete from private.storage_removals r returning r.bucket_id, r.name
  )
  delete from storage.objects o using queued q
  where o.bucket_id = q.bucket_id and o.name = q.name
    and not exists (select 1 from public.talent_media m where m.bucket = o.bucket_id and m.storage_path = o.name)
  returning o.version;
end;
$$;
revoke all on function private.drain_storage_removals() from public, anon, authenticated, service_role;
