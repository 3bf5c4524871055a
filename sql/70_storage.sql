-- Storage buckets for talent media. All private: files are served through signed URLs to
-- whoever may see the talent (policies/70_storage.sql). Paths are <talent_id>/<file>.
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
