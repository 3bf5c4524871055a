-- Casting: submissions and the casting team's evaluations, shortlists, audition slots and
-- bookings, self-tape requests. Every table below carries the project_id of its casting
-- role, copied by a trigger (clients cannot set it), so that policies are one array test.

create type public.submission_status as enum (
  'submitted', 'viewed', 'shortlisted', 'audition_requested', 'self_tape_requested', 'callback',
  'on_hold', 'offered', 'booked', 'rejected', 'withdrawn', 'released');
create type public.booking_status as enum ('booked', 'cancelled', 'attended', 'no_show');
create type public.self_tape_status as enum ('requested', 'submitted', 'cancelled');

-- Sets project_id (and the casting role where it is implied) from the parent row.
create or replace function private.inherit_project()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  parent record;
begin
  case tg_table_name
    when 'shortlist_items' then
      select s.project_id, s.casting_role_id into parent from public.shortlists s where s.id = new.shortlist_id;
    when 'audition_bookings' then
      select a.project_id, a.casting_role_id into parent from public.audition_slots a where a.id = new.slot_id;
    when 'submission_evaluations' then
      select s.project_id, s.casting_role_id into parent from public.submissions s where s.id = new.submission_id;
    else
      select cr.project_id, cr.id as casting_role_id into parent from public.casting_roles cr where cr.id = new.casting_role_id;
  end case;
  if parent.project_id is null then
    return new; -- the foreign key reports the missing parent
  end if;
  if tg_op = 'UPDATE' and new.project_id is distinct from parent.project_id and old.project_id is not null then
    raise exception 'a % row stays with its casting role', tg_table_name using errcode = 'insufficient_privilege';
  end if;
  new.project_id := parent.project_id;
  if tg_table_name in ('shortlist_items', 'audition_bookings', 'submission_evaluations') then
    new.casting_role_id := parent.casting_role_id;
  end if;
  return new;
end;
$$;

create table public.submissions (
  id uuid primary key default gen_random_uuid(),
  casting_role_id uuid not null references public.casting_roles (id) on delete restrict,  -- restrict: a talent's submission never goes with someone else's role; such a role is archived
  project_id uuid not null references public.projects (id) on delete restrict,  -- restrict: nor with someone else's project; such a project is archived
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own (erasure)
  status public.submission_status not null default 'submitted',
  cover_note text check (char_length(cover_note) <= 2000),
  media_ids uuid[] not null default '{}' check (cardinality(media_ids) <= 10),
  submitted_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (casting_role_id, talent_id)
);
create index submissions_project_idx on public.submissions (project_id, status);
create index submissions_talent_idx on public.submissions (talent_id);
create index submissions_submitted_by_idx on public.submissions (submitted_by);
create trigger submissions_1_inherit_project before insert or update on public.submissions
  for each row execute function private.inherit_project();
create trigger submissions_touch before update on public.submissions
  for each row execute function private.touch_updated_at();

-- Submissions: talent (or their agent) submit to open roles before the deadline and may
-- edit the cover note or withdraw; the casting team moves the status. Nobody else edits.
-- Set (transaction-local) by SECURITY DEFINER workflow functions (sql/90_workflow.sql: offers)
-- for the one update they make on the talent's behalf. API callers cannot set it: PostgREST exposes no set_config.
create or replace function private.in_workflow()
returns boolean
language sql
stable
set search_path = ''
as $$ select coalesce(current_setting('castmatch.workflow', true), '') = 'on' $$;

-- Turns it on or off for the rest of the transaction (the workflow functions turn it off again
-- right after their update).
create or replace function private.set_workflow(active boolean)
returns void
language sql
volatile
set search_path = ''
as $$ select set_config('castmatch.workflow', case when active then 'on' else '' end, true) $$;

create or replace function private.guard_submission()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.casting_roles;
  casting boolean := new.project_id = any (private.casting_project_ids());
  acting boolean := new.talent_id = any (private.actable_talent_ids());
  service boolean := coalesce(current_setting('request.jwt.claim.role', true), '') = 'service_role' or auth.uid() is null
    or private.in_workflow();
begin
  if exists (select 1 from unnest(new.media_ids) m
             where not exists (select 1 from public.talent_media tm where tm.id = m and tm.talent_id = new.talent_id)) then
    raise exception 'media_ids must be media of the submitting talent' using errcode = 'check_violation';
  end if;
  if tg_op = 'INSERT' then
    select * into r from public.casting_roles where id = new.casting_role_id;
    if r.archived_at is not null then
      raise exception 'the role is archived' using errcode = 'check_violation';
    end if;
    if r.status is distinct from 'open' then
      raise exception 'the role is not open for submissions' using errcode = 'check_violation';
    end if;
    if r.submission_deadline is not null and r.submission_deadline < now() then
      raise exception 'the submission deadline passed at %', r.submission_deadline using errcode = 'check_violation';
    end if;
    -- a child's data is processed only after their guardian's verified consent (sql/21_guardians.sql);
    -- (others are refused by the insert policy, which names the real problem)
    if (acting or service) and exists (select 1 from public.talent_profiles tp where tp.id = new.talent_id and private.is_minor(tp.date_of_birth)
               and not private.has_consent(tp.user_id, 'casting_visibility', true)) then
      raise exception 'talent under 18 submit only after their guardian consents (request_guardian_consent)'
        using errcode = 'check_violation';
    end if;
    new.status := 'submitted';
    new.submitted_by := auth.uid();
    return new;
  end if;
  if (new.talent_id, new.created_at) is distinct from (old.talent_id, old.created_at)
     or (new.submitted_by is distinct from old.submitted_by and new.submitted_by is not null) then  -- (the submitter's erasure nulls it)
    raise exception 'a submission keeps its talent' using errcode = 'insufficient_privilege';
  end if;
  if service then
    return new;
  end if;
  if casting and not acting then
    if new.cover_note is distinct from old.cover_note or new.media_ids is distinct from old.media_ids then
      raise exception 'the casting team cannot edit the talent''s submission' using errcode = 'insufficient_privilege';
    end if;
    if new.status = 'withdrawn' and old.status <> 'withdrawn' then
      raise exception 'only the talent can withdraw a submission' using errcode = 'insufficient_privilege';
    end if;
  elsif acting then
    if new.status is distinct from old.status and new.status <> 'withdrawn' then
      raise exception 'talent can only withdraw a submission' using errcode = 'insufficient_privilege';
    end if;
    if old.status in ('withdrawn', 'rejected', 'booked', 'released') then
      raise exception 'this submission is % and can no longer change', old.status using errcode = 'check_violation';
    end if;
  else
    raise exception 'not allowed to change this submission' using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;
create trigger submissions_2_guard before insert or update on public.submissions
  for each row execute function private.guard_submission();
create trigger submissions_audit after update of status on public.submissions
  for each row when (old.status is distinct from new.status)
  execute function private.audit_change();

-- The casting team's private ratings and notes; talent never see them.
create table public.submission_evaluations (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null references public.submissions (id) on delete cascade,  -- cascade: notes go with the submission, which goes only with the talent's erasure
  casting_role_id uuid not null references public.casting_roles (id) on delete cascade,  -- cascade: never reached while the submission exists (restrict above)
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: never reached while the submission exists (restrict above)
  author_id uuid not null default auth.uid() references auth.users (id) on delete cascade,  -- cascade: the author's own notes (erasure)
  rating smallint check (rating between 1 and 5),
  note text check (char_length(note) <= 4000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (submission_id, author_id),
  check (rating is not null or note is not null)
);
create index submission_evaluations_project_idx on public.submission_evaluations (project_id);
create index submission_evaluations_author_idx on public.submission_evaluations (author_id);
create index submission_evaluations_role_idx on public.submission_evaluations (casting_role_id);
create trigger submission_evaluations_1_inherit_project before insert or update on public.submission_evaluations
  for each row execute function private.inherit_project();
create trigger submission_evaluations_touch before update on public.submission_evaluations
  for each row execute function private.touch_updated_at();

create table public.shortlists (
  id uuid primary key default gen_random_uuid(),
  casting_role_id uuid not null references public.casting_roles (id) on delete cascade,  -- cascade: the team's own list; a shortlist with talent on it is archived instead of deleted, and so is its role
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: as above, with the project
  name text not null check (char_length(btrim(name)) between 1 and 200),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  archived_at timestamptz,                     -- archived instead of deleted (sql/97_safety.sql)
  archived_by uuid references auth.users (id) on delete set null
);
create index shortlists_role_idx on public.shortlists (casting_role_id);
create index shortlists_archived_idx on public.shortlists (archived_at) where archived_at is not null;
create index shortlists_archived_by_idx on public.shortlists (archived_by);
create index shortlists_project_idx on public.shortlists (project_id);
create index shortlists_created_by_idx on public.shortlists (created_by);
create trigger shortlists_1_inherit_project before insert or update on public.shortlists
  for each row execute function private.inherit_project();

create table public.shortlist_items (
  id uuid primary key default gen_random_uuid(),
  shortlist_id uuid not null references public.shortlists (id) on delete cascade,  -- cascade: the team's own list; a shortlist with items is archived, and the purge removes it after retention
  casting_role_id uuid not null references public.casting_roles (id) on delete cascade,  -- cascade: a role with shortlisted talent is archived instead of deleted
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: a project with shortlisted talent is archived instead of deleted
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's erasure takes them off shortlists
  rank integer not null default 0 check (rank >= 0),
  note text check (char_length(note) <= 4000),      -- private to the project; never to talent
  added_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (shortlist_id, talent_id)
);
create index shortlist_items_order_idx on public.shortlist_items (shortlist_id, rank);
create index shortlist_items_project_idx on public.shortlist_items (project_id);
create index shortlist_items_talent_idx on public.shortlist_items (talent_id);
create index shortlist_items_role_idx on public.shortlist_items (casting_role_id);
create index shortlist_items_added_by_idx on public.shortlist_items (added_by);
create trigger shortlist_items_1_inherit_project before insert or update on public.shortlist_items
  for each row execute function private.inherit_project();

create table public.audition_slots (
  id uuid primary key default gen_random_uuid(),
  casting_role_id uuid not null references public.casting_roles (id) on delete cascade,  -- cascade: the team's own slots (a slot with bookings cannot go: restrict below)
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: the team's own slots (a slot with bookings cannot go: restrict below)
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity between 1 and 500),
  location text check (char_length(location) <= 300),
  video_link text check (video_link ~ '^https://'),
  notes text check (char_length(notes) <= 2000),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (location is not null or video_link is not null)
);
create index audition_slots_role_idx on public.audition_slots (casting_role_id, starts_at);
create index audition_slots_project_idx on public.audition_slots (project_id);
create index audition_slots_created_by_idx on public.audition_slots (created_by);
create trigger audition_slots_1_inherit_project before insert or update on public.audition_slots
  for each row execute function private.inherit_project();

create table public.audition_bookings (
  id uuid primary key default gen_random_uuid(),
  slot_id uuid not null references public.audition_slots (id) on delete restrict,  -- restrict: talent booked it; bookings are cancelled, never deleted with a slot
  casting_role_id uuid not null references public.casting_roles (id) on delete restrict,  -- restrict: a role with bookings is archived
  project_id uuid not null references public.projects (id) on delete restrict,  -- restrict: a project with bookings is archived
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own (erasure)
  during tstzrange not null,                 -- copied from the slot
  status public.booking_status not null default 'booked',
  booked_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A talent never holds two overlapping live bookings (this also forbids double booking one slot).
  constraint audition_bookings_no_overlap exclude using gist (talent_id with =, during with &&) where (status = 'booked')
);
create index audition_bookings_slot_idx on public.audition_bookings (slot_id, status);
create index audition_bookings_project_idx on public.audition_bookings (project_id);
create index audition_bookings_role_idx on public.audition_bookings (casting_role_id);
create index audition_bookings_talent_idx on public.audition_bookings (talent_id);
create index audition_bookings_booked_by_idx on public.audition_bookings (booked_by);
create trigger audition_bookings_touch before update on public.audition_bookings
  for each row execute function private.touch_updated_at();

-- Bookings: the slot is locked while its seats are counted, so concurrent bookings queue
-- on it and capacity holds. The time range always follows the slot.
create or replace function private.guard_audition_booking()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  slot public.audition_slots;
  taken integer;
begin
  if tg_op = 'UPDATE' and (new.slot_id, new.talent_id) is distinct from (old.slot_id, old.talent_id) then
    raise exception 'a booking keeps its slot and talent; cancel it and book another' using errcode = 'insufficient_privilege';
  end if;
  -- Talent (and agents) only cancel; attendance is recorded by the casting team.
  if tg_op = 'UPDATE' and new.status is distinct from old.status and auth.uid() is not null
     and not (old.project_id = any (private.casting_project_ids()))
     and not (old.status = 'booked' and new.status = 'cancelled') then
    raise exception 'talent can only cancel a booking' using errcode = 'insufficient_privilege';
  end if;
  select * into slot from public.audition_slots where id = new.slot_id for update;
  if not found then
    return new;
  end if;
  new.project_id := slot.project_id;
  new.casting_role_id := slot.casting_role_id;
  new.during := tstzrange(slot.starts_at, slot.ends_at, '[)');
  if tg_op = 'INSERT' then
    new.booked_by := auth.uid();
    new.status := 'booked';
  end if;
  if new.status = 'booked' and (tg_op = 'INSERT' or old.status <> 'booked') then
    select count(*) into taken from public.audition_bookings b where b.slot_id = new.slot_id and b.status = 'booked';
    if taken >= slot.capacity then
      raise exception 'the audition slot is full (% of % seats taken)', taken, slot.capacity using errcode = 'check_violation';
    end if;
  end if;
  return new;
end;
$$;
create trigger audition_bookings_2_guard before insert or update on public.audition_bookings
  for each row execute function private.guard_audition_booking();

-- Moving a slot moves its bookings (and re-checks their overlaps).
create or replace function private.slot_moved()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.audition_bookings set during = tstzrange(new.starts_at, new.ends_at, '[)') where slot_id = new.id;
  return null;
end;
$$;
create trigger audition_slots_moved after update of starts_at, ends_at on public.audition_slots
  for each row execute function private.slot_moved();

create table public.self_tape_requests (
  id uuid primary key default gen_random_uuid(),
  casting_role_id uuid not null references public.casting_roles (id) on delete cascade,  -- cascade: a request needs a submission, and a role with submissions is archived
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: a request needs a submission, and a project with submissions is archived
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own (erasure)
  instructions text not null check (char_length(btrim(instructions)) between 1 and 4000),
  due_at timestamptz not null,
  status public.self_tape_status not null default 'requested',
  media_id uuid references public.talent_media (id) on delete set null,
  submitted_at timestamptz,
  requested_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index self_tape_requests_role_idx on public.self_tape_requests (casting_role_id);
create index self_tape_requests_project_idx on public.self_tape_requests (project_id);
create index self_tape_requests_talent_idx on public.self_tape_requests (talent_id);
create index self_tape_requests_media_idx on public.self_tape_requests (media_id);
create index self_tape_requests_requested_by_idx on public.self_tape_requests (requested_by);
create trigger self_tape_requests_1_inherit_project before insert or update on public.self_tape_requests
  for each row execute function private.inherit_project();

-- Self-tapes: requested from talent who submitted to the role; the talent attaches their own
-- self_tape media before the due time, never after; the casting team edits the request.
create or replace function private.guard_self_tape_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  acting boolean := new.talent_id = any (private.actable_talent_ids());
  casting boolean := new.project_id = any (private.casting_project_ids());
begin
  if tg_op = 'INSERT' then
    if not exists (select 1 from public.submissions s where s.casting_role_id = new.casting_role_id and s.talent_id = new.talent_id) then
      raise exception 'self-tapes are requested from talent who submitted to the role' using errcode = 'check_violation';
    end if;
    new.status := 'requested';
    new.media_id := null;
    new.submitted_at := null;
    new.requested_by := auth.uid();
    return new;
  end if;
  if new.talent_id is distinct from old.talent_id then
    raise exception 'a self-tape request keeps its talent' using errcode = 'insufficient_privilege';
  end if;
  if new.media_id is distinct from old.media_id then
    if not acting and auth.uid() is not null then
      raise exception 'only the talent attaches the self-tape' using errcode = 'insufficient_privilege';
    end if;
    if new.media_id is null then
      -- Unlinked (the talent removed the tape, its media row or its file): before the due
      -- time the request opens again; after it, what was submitted stays with the casting team,
      -- unless the talent erases their account.
      if old.status = 'submitted' and now() > old.due_at and not (private.in_erasure() or private.erasing_talent(old.talent_id)) then
        raise exception 'the self-tape was submitted for a request due at %; it stays with the casting team', old.due_at
          using errcode = 'check_violation';
      end if;
      if old.status = 'submitted' then
        new.status := 'requested';
        new.submitted_at := null;
      end if;
      return new;
    end if;
    if old.status <> 'requested' and not (old.status = 'submitted' and now() <= old.due_at) then
      raise exception 'this self-tape request is %', old.status using errcode = 'check_violation';
    end if;
    if now() > old.due_at then
      raise exception 'the self-tape was due at %; late uploads are refused', old.due_at using errcode = 'check_violation';
    end if;
    if not exists (select 1 from public.talent_media tm where tm.id = new.media_id and tm.talent_id = new.talent_id and tm.kind = 'self_tape') then
      raise exception 'media_id must be a self_tape of this talent' using errcode = 'check_violation';
    end if;
    new.status := 'submitted';
    new.submitted_at := now();
  elsif acting and not casting and auth.uid() is not null then
    raise exception 'talent may only attach their self-tape' using errcode = 'insufficient_privilege';
  elsif (new.instructions, new.due_at, new.status) is distinct from (old.instructions, old.due_at, old.status)
        and new.status <> 'cancelled' and old.status = 'submitted' and new.status <> old.status then
    raise exception 'a submitted self-tape can only be cancelled' using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger self_tape_requests_2_guard before insert or update on public.self_tape_requests
  for each row execute function private.guard_self_tape_request();
