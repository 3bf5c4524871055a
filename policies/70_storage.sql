-- storage.objects for the talent buckets mirror talent_media: files live under
-- <talent_id>/…; only the talent and their agents write there; headshots and reels are
-- readable by whoever may see the profile under the general consent (discoverable) and, when
-- attached to a submission, by the casting team it was sent to (private.applicant_media_ids);
-- a self-tape by the casting team of the project whose request it answers
-- (<talent_id>/<self_tape_request_id>/…).
create policy "Anyone reads headshots and reels of public profiles" on storage.objects
  for select to anon
  using (bucket_id in ('headshots', 'reels')
         and exists (select 1 from public.talent_profiles tp where tp.id = private.talent_of_path(name)));
create policy "Signed-in users read talent files they may see" on storage.objects
  for select to authenticated
  using (bucket_id in ('headshots', 'reels', 'self-tapes')
         and (private.talent_of_path(name) = any ((select private.actable_talent_ids())::uuid[])
              or (bucket_id <> 'self-tapes'
                  and exists (select 1 from public.talent_profiles tp where tp.id = private.talent_of_path(name) and tp.discoverable))
              or (bucket_id <> 'self-tapes'
                  and exists (select 1 from public.talent_media tm
                              where tm.bucket = objects.bucket_id and tm.storage_path = objects.name
                                and tm.id = any ((select private.applicant_media_ids())::uuid[])))
              or (bucket_id = 'self-tapes' and private.self_tape_project_of_path(name) = any ((select private.casting_project_ids())::uuid[]))
              or (select private.is_admin())));
create policy "Talent and their agents upload into the talent's folder" on storage.objects
  for insert to authenticated
  with check (bucket_id in ('headshots', 'reels', 'self-tapes')
              and private.talent_of_path(name) = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents replace files in the talent's folder" on storage.objects
  for update to authenticated
  using (bucket_id in ('headshots', 'reels', 'self-tapes')
         and private.talent_of_path(name) = any ((select private.actable_talent_ids())::uuid[]))
  with check (bucket_id in ('headshots', 'reels', 'self-tapes')
              and private.talent_of_path(name) = any ((select private.actable_talent_ids())::uuid[]));
create policy "Talent and their agents delete files in the talent's folder" on storage.objects
  for delete to authenticated
  using (bucket_id in ('headshots', 'reels', 'self-tapes')
         and private.talent_of_path(name) = any ((select private.actable_talent_ids())::uuid[]));

-- Buckets themselves are read-only configuration for API users.
create policy "Signed-in users read the talent buckets" on storage.buckets
  for select to authenticated using (id in ('headshots', 'reels', 'self-tapes'));

-- The removal queue is the Storage service's business only (it drains it as the owner).
revoke all on private.storage_removals from public, anon, authenticated, service_role;
