-- Realtime: which tables stream their changes to subscribed clients (Supabase Realtime's
-- "Postgres changes"), exactly as on a hosted project: the platform creates the publication
-- supabase_realtime and the realtime schema; the project adds tables and writes policies.
-- Every event is still filtered by the subscriber's own RLS and column grants, so publishing a
-- table shows a client nothing it could not SELECT. Clients subscribe as in docs/realtime.md.
--   a casting team's project channel:  submissions, self-tape requests and self-tapes received
--                                       (talent_media, kind self_tape), audition bookings
--   a talent's own channel:            their submissions' status, audition bookings, offers,
--                                       notifications
--   a shortlist review room:           shortlist items and votes, and the shortlisted talent's
--                                       profiles (presence and broadcast too)
-- talent_profiles streams only what a reader may see: a withdrawn consent hides the profile
-- (discoverable) from the next event on, and its private columns (date of birth, guardian)
-- have no SELECT grant, so they are never in an event.
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
