-- Notifications: stored per user, written by the database and by edge functions (service
-- role), read and marked read by their recipient. A few go to someone without an account (a
-- guardian asked for consent): user_id is null and email_to holds the address; only admins
-- read those.

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references auth.users (id) on delete cascade,  -- cascade: the recipient's own (erasure)
  email_to text check (email_to ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  kind text not null check (kind ~ '^[a-z_.]{1,60}$'),
  title text not null check (char_length(title) <= 200),
  body text check (char_length(body) <= 2000),
  data jsonb not null default '{}' check (jsonb_typeof(data) = 'object'),
  read_at timestamptz,
  emailed_at timestamptz,          -- set when deliver-notifications has sent it
  created_at timestamptz not null default now(),
  check (user_id is not null or email_to is not null)
);
create index notifications_user_idx on public.notifications (user_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;

-- Every notification is queued for email (a queue of sql/05_queues.sql: leased, retried with
-- backoff, dead after 5 attempts). The queue is a table of its own, not columns of
-- notifications, because users read their notifications and the delivery's errors are not theirs.
create table private.notification_emails (
  notification_id uuid primary key references public.notifications (id) on delete cascade,  -- cascade: the queue entry of the notification
  attempts smallint not null default 0,
  next_attempt_at timestamptz default now(),
  locked_until timestamptz,
  last_error text
);
create index notification_emails_next_attempt_idx on private.notification_emails (next_attempt_at) where next_attempt_at is not null;

create or replace function private.queue_notification_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.notification_emails (notification_id) values (new.id);
  return null;
end;
$$;
create trigger notifications_queue_email after insert on public.notifications
  for each row when (new.emailed_at is null) execute function private.queue_notification_email();
