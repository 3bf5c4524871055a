-- realtime.messages: who may use which private channel (Supabase Realtime authorizes a private
-- channel by these policies, with realtime.topic() naming the channel; select = receive
-- broadcasts and presence, insert = send them). Three kinds of topic, nothing else:
--   project:<project id>     the casting team of the project (NDA cleared, as everywhere)
--   talent:<talent id>       the talent and their agents; only the server sends there
--   shortlist:<shortlist id> every member of the shortlist's project: presence and votes
-- The rows that travel on them (postgres_changes) are filtered again by each table's own RLS.
create policy "Casting teams listen on their project's channel" on realtime.messages
  for select to authenticated
  using ((select private.realtime_topic_id('project')) = any ((select private.casting_project_ids())::uuid[]));
create policy "Casting teams send on their project's channel" on realtime.messages
  for insert to authenticated
  with check ((select private.realtime_topic_id('project')) = any ((select private.casting_project_ids())::uuid[]));

create policy "Talent and their agents listen on the talent's channel" on realtime.messages
  for select to authenticated
  using ((select private.realtime_topic_id('talent')) = any ((select private.actable_talent_ids())::uuid[]));

create policy "Project members join the shortlist review room" on realtime.messages
  for select to authenticated
  using (exists (select 1 from public.shortlists s
                 where s.id = (select private.realtime_topic_id('shortlist'))
                   and s.project_id = any ((select private.member_project_ids())::uuid[])));
create policy "Project members speak in the shortlist review room" on realtime.messages
  for insert to authenticated
  with check (exists (select 1 from public.shortlists s
                      where s.id = (select private.realtime_topic_id('shortlist'))
                        and s.project_id = any ((select private.member_project_ids())::uuid[])));
