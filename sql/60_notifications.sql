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
  emailed_at timestamptz,          -- set when deliver-notifications claims it for email
  created_at timestamptz not null default now(),
  check (user_id is not null or email_to is not null)
);
create index notifications_unemailed_idx on public.notifications (created_at) where emailed_at is null;
create index notifications_user_idx on public.notifications (user_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;
