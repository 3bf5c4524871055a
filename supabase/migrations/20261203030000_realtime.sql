-- Realtime (issue 22): the tables that stream, and who may use which private channel.
-- sql/96_realtime.sql and policies/96_realtime.sql are the readable source.

alter publication supabase_realtime add table
  public.submissions, public.self_tape_requests, public.talent_media, public.audition_bookings,
  public.offers, public.notifications, public.shortlist_items, public.shortlist_votes,
  public.talent_profiles;

-- A removed vote or item must say which one it was: its old row goes out whole (Supabase sends
-- only the primary key of a deleted row otherwise).
alter table public.shortlist_votes replica identity full;
alter table public.shortlist_items replica identity full;

-- The id in a topic named '<prefix>:<uuid>' (null for any other topic): the channel policies
-- on realtime.messages (policies/96_realtime.sql) read it.
create or replace function private.realtime_topic_id(prefix text)
returns uuid
language sql
stable
set search_path = ''
as $$
  select case when t ~ ('^' || prefix || ':[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
              then substr(t, length(prefix) + 2)::uuid end
    from (select realtime.topic() as t) topic;
$$;
revoke execute on function private.realtime_topic_id(text) from public, anon;
grant execute on function private.realtime_topic_id(text) to authenticated;

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
