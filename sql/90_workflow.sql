-- The casting pipeline: which status moves are allowed, and who hears about them.
--
-- A submission moves only along private.submission_transitions. The casting team moves it
-- forward (or rejects, holds, releases); the talent (or their agent) only withdraws; 'booked'
-- is reached only by accepting an offer, never by an update. Every move is audit-logged
-- (sql/40_casting.sql) and notifies the talent and the agents representing them.

create table private.submission_transitions (
  from_status public.submission_status not null,
  to_status public.submission_status not null,
  mover text not null check (mover in ('casting', 'talent')),
  primary key (from_status, to_status, mover)
);

insert into private.submission_transitions (from_status, to_status, mover)
select f::public.submission_status, t::public.submission_status, 'casting'
from (values
  ('submitted', '{viewed,shortlisted,audition_requested,self_tape_requested,on_hold,rejected}'),
  ('viewed', '{shortlisted,audition_requested,self_tape_requested,on_hold,rejected}'),
  ('shortlisted', '{audition_requested,self_tape_requested,callback,on_hold,offered,rejected}'),
  ('audition_requested', '{self_tape_requested,callback,on_hold,offered,rejected}'),
  ('self_tape_requested', '{audition_requested,callback,on_hold,offered,rejected}'),
  ('callback', '{on_hold,offered,rejected}'),
  ('on_hold', '{shortlisted,audition_requested,self_tape_requested,callback,offered,rejected,released}'),
  ('offered', '{on_hold,released}'),
  ('booked', '{released}')
) as moves(f, targets), unnest(targets::text[]) as t
union all
select f::public.submission_status, 'withdrawn', 'talent'
from unnest('{submitted,viewed,shortlisted,audition_requested,self_tape_requested,callback,on_hold,offered}'::text[]) as f;

create or replace function private.check_transition()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  who text := case when new.talent_id = any (private.actable_talent_ids()) then 'talent' else 'casting' end;
begin
  if new.status is not distinct from old.status or auth.uid() is null then
    return new;  -- no move, or the service role / database owner (imports, fixes)
  end if;
  if private.in_workflow() then
    if not (old.status = 'offered' and new.status in ('booked', 'on_hold')) then
      raise exception 'workflow updates only settle offered submissions' using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if not exists (select 1 from private.submission_transitions t
                 where t.from_status = old.status and t.to_status = new.status and t.mover = who) then
    raise exception 'a submission cannot move from % to %', old.status, new.status
      using hint = case when new.status = 'booked' then 'talent book a role by accepting an offer' else 'see private.submission_transitions' end,
            errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger submissions_3_transition before update of status on public.submissions
  for each row execute function private.check_transition();

-- Who hears about a talent: their own account and every member of an agency representing them.
create or replace function private.talent_audience(talent uuid)
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select array(
    select tp.user_id from public.talent_profiles tp where tp.id = talent
    union
    select am.user_id from public.representations r
    join public.agency_members am on am.agency_id = r.agency_id
    where r.talent_id = talent and r.status = 'accepted')
$$;

create or replace function private.notify_submission_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  role_name text;
  talent_name text;
  label text := replace(new.status::text, '_', ' ');
begin
  if private.in_erasure() then
    return null;  -- the talent is leaving: nobody is told about their name again
  end if;
  select cr.name into role_name from public.casting_roles cr where cr.id = new.casting_role_id;
  select tp.stage_name into talent_name from public.talent_profiles tp where tp.id = new.talent_id;
  insert into public.notifications (user_id, kind, title, body, data)
  select u, 'submission.status',
         left(format('%s: %s for %s', initcap(label), talent_name, role_name), 200),
         format('The submission of %s for the role %s is now %s.', talent_name, role_name, label),
         jsonb_build_object('submission_id', new.id, 'casting_role_id', new.casting_role_id,
                            'talent_id', new.talent_id, 'from', old.status, 'to', new.status)
  from unnest(private.talent_audience(new.talent_id)) as u;
  return null;
end;
$$;
create trigger submissions_notify after update of status on public.submissions
  for each row when (old.status is distinct from new.status)
  execute function private.notify_submission_status();


-- Offers: a fee in paise for one submission. Making one moves the submission to 'offered';
-- the talent (or their agent) accepts or declines with public.respond_to_offer. Accepting books
-- the role and commits the fee to the project's budget. An offer that would take committed and
-- offered money past the budget is refused unless the casting team acknowledges it, and then
-- stays flagged (over_budget) for producers to see.
create type public.offer_status as enum ('pending', 'accepted', 'declined', 'withdrawn');

create table public.offers (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null references public.submissions (id) on delete cascade,  -- cascade: goes only with the submission, i.e. the talent's erasure
  casting_role_id uuid not null references public.casting_roles (id) on delete restrict,  -- restrict: offers are contractual; a role with offers is archived
  project_id uuid not null references public.projects (id) on delete restrict,  -- restrict: offers are contractual; a project with offers is archived
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own (erasure)
  fee_paise bigint not null check (fee_paise > 0 and fee_paise <= 1000000000000),
  terms text check (char_length(terms) <= 4000),
  expires_at timestamptz,
  over_budget_acknowledged boolean not null default false,
  over_budget boolean not null default false,
  status public.offer_status not null default 'pending',
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  decided_at timestamptz
);
-- one open offer per submission, also under concurrency
create unique index offers_one_open_per_submission on public.offers (submission_id) where status in ('pending', 'accepted');
create index offers_role_idx on public.offers (casting_role_id);
create index offers_project_idx on public.offers (project_id, status);
create index offers_talent_idx on public.offers (talent_id);
create index offers_created_by_idx on public.offers (created_by);

-- A project's budget (budget_lines) against accepted and pending offers.
create or replace function private.project_money(project uuid)
returns table (budgeted bigint, committed bigint, pending bigint)
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select sum(b.amount_paise) from public.budget_lines b where b.project_id = project), 0)::bigint,
         coalesce((select sum(o.fee_paise) from public.offers o where o.project_id = project and o.status = 'accepted'), 0)::bigint,
         coalesce((select sum(o.fee_paise) from public.offers o where o.project_id = project and o.status = 'pending'), 0)::bigint
$$;

create or replace function private.make_offer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.submissions;
  money record;
begin
  -- the project's row lock serialises offers, so two cannot both fit the last of a budget
  select * into s from public.submissions where id = new.submission_id;
  perform 1 from public.projects where id = s.project_id for update;
  new.casting_role_id := s.casting_role_id;
  new.project_id := s.project_id;
  new.talent_id := s.talent_id;
  new.status := 'pending';
  new.decided_at := null;
  if s.status not in ('shortlisted', 'audition_requested', 'self_tape_requested', 'callback', 'on_hold', 'offered') then
    raise exception 'an offer needs a shortlisted, auditioned or called-back submission, not a % one', s.status
      using errcode = 'check_violation';
  end if;
  select * into money from private.project_money(new.project_id);
  new.over_budget := money.committed + money.pending + new.fee_paise > money.budgeted;
  if new.over_budget and not new.over_budget_acknowledged then
    raise exception 'this offer would take the project to % paise against a budget of % paise (% committed, % offered)',
      money.committed + money.pending + new.fee_paise, money.budgeted, money.committed, money.pending
      using errcode = 'check_violation', hint = 'set over_budget_acknowledged to make it anyway; it stays flagged';
  end if;
  if s.status <> 'offered' then
    update public.submissions set status = 'offered' where id = s.id;
  end if;
  return new;
end;
$$;
create trigger offers_make before insert on public.offers
  for each row execute function private.make_offer();

-- Offers are not edited; the casting team may only withdraw a pending one (the submission
-- goes on hold). Accepting and declining happen in private.respond_to_offer.
create or replace function private.guard_offer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.in_workflow() or auth.uid() is null or new is not distinct from old then return new; end if;
  if (new.fee_paise, new.terms, new.expires_at, new.submission_id, new.over_budget_acknowledged)
     is distinct from (old.fee_paise, old.terms, old.expires_at, old.submission_id, old.over_budget_acknowledged) then
    raise exception 'an offer is not edited: withdraw it and make a new one' using errcode = 'check_violation';
  end if;
  if not (old.status = 'pending' and new.status = 'withdrawn') then
    raise exception 'the casting team can only withdraw a pending offer' using errcode = 'check_violation';
  end if;
  new.decided_at := now();
  perform private.set_workflow(true);
  update public.submissions set status = 'on_hold' where id = new.submission_id and status = 'offered';
  perform private.set_workflow(false);
  return new;
end;
$$;
create trigger offers_guard before update on public.offers
  for each row execute function private.guard_offer();
create trigger offers_audit after insert or update of status on public.offers
  for each row execute function private.audit_change();

create or replace function private.respond_to_offer(offer uuid, accept boolean)
returns public.offer_status
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.offers;
begin
  select * into o from public.offers where id = offer for update;
  if not found or not (o.talent_id = any (private.actable_talent_ids())) or o.project_id = any (private.nda_blocked_project_ids()) then
    raise exception 'offer % does not exist or is not yours', offer using errcode = 'PT404';
  end if;
  if o.status <> 'pending' then
    raise exception 'this offer is already %', o.status using errcode = 'check_violation';
  end if;
  if o.expires_at is not null and o.expires_at < now() then
    raise exception 'this offer expired at %', o.expires_at using errcode = 'check_violation';
  end if;
  perform private.set_workflow(true);
  update public.offers set status = case when accept then 'accepted' else 'declined' end::public.offer_status, decided_at = now()
   where id = offer returning * into o;
  update public.submissions set status = case when accept then 'booked' else 'on_hold' end::public.submission_status
   where id = o.submission_id;
  perform private.set_workflow(false);
  return o.status;
end;
$$;

create or replace function public.respond_to_offer(offer_id uuid, accept boolean)
returns public.offer_status
language sql
set search_path = ''
as $$ select private.respond_to_offer(offer_id, accept) $$;

-- What producers watch: each project's budget against the money committed and offered
-- (rpc('budget_status')), for the projects whose budget the caller holds.
create or replace function public.budget_status()
returns table (project_id uuid, title text, budgeted_paise bigint, committed_paise bigint, offered_paise bigint,
               remaining_paise bigint, over_budget boolean, has_over_budget_offers boolean)
language sql
stable
set search_path = ''
as $$
  select p.id, p.title, m.budgeted, m.committed, m.pending, m.budgeted - m.committed, m.committed > m.budgeted,
         exists (select 1 from public.offers o where o.project_id = p.id and o.over_budget and o.status in ('pending', 'accepted'))
  from public.projects p
  cross join lateral private.project_money(p.id) m
  where p.id = any (private.budget_project_ids()) or private.is_admin()
  order by p.title
$$;

-- Submitting: eligibility against the breakdown, and idempotent retries.
-- private.idempotency_keys remembers the answer to each (user, key); a retry with the same key
-- and the same request gets the same answer, a different request under a used key is refused.
-- A concurrent retry waits on the first request's row and then reads its answer.
create table private.idempotency_keys (
  user_id uuid not null references auth.users (id) on delete cascade,  -- cascade: the user's own (erasure)
  key text not null check (char_length(key) between 1 and 200),
  request_hash text not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);

create or replace function private.idempotency_claim(key text, request_hash text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  row private.idempotency_keys;
begin
  insert into private.idempotency_keys (user_id, key, request_hash) values (auth.uid(), key, request_hash)
  on conflict do nothing;
  if found then return null; end if;  -- first use: go ahead
  select * into row from private.idempotency_keys i where i.user_id = auth.uid() and i.key = idempotency_claim.key;
  if row.request_hash <> request_hash then
    raise exception 'Idempotency-Key % was used for a different request', key using errcode = 'PT422';
  end if;
  return row.response;
end;
$$;

create or replace function private.idempotency_store(key text, response jsonb)
returns void
language sql
security definer
set search_path = ''
as $$ update private.idempotency_keys i set response = idempotency_store.response where i.user_id = auth.uid() and i.key = idempotency_store.key $$;

-- The first unmet requirement of the role's breakdown, or null when the talent is eligible.
create or replace function private.unmet_requirement(
  r public.casting_roles, gender public.gender, age_min smallint, age_max smallint, languages text[])
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when r.gender is not null and unmet_requirement.gender <> r.gender then format('gender: the role is for %s talent', r.gender)
    when (r.age_max is not null and unmet_requirement.age_min > r.age_max) or (r.age_min is not null and unmet_requirement.age_max < r.age_min)
      then format('playing_age: the role is %s–%s, the talent plays %s–%s', r.age_min, r.age_max, unmet_requirement.age_min, unmet_requirement.age_max)
    when not unmet_requirement.languages @> r.languages
      then format('languages: the role needs %s',
                  array_to_string(array(select unnest(r.languages) except select unnest(unmet_requirement.languages) order by 1), ', '))
  end
$$;

-- What a submission shares and with whom, as the talent (or their agent) is told on submitting and
-- in their data export: the profile's public details, credits and the attached media, with the
-- casting team of the role's project, until the talent withdraws it (private.applicant_talent_ids),
-- whether or not they consent to being shown generally (general_consent: search, matching, the
-- board). For talent under 18 only their guardian's consent shares anything. Null for anyone else.
create or replace function private.submission_sharing(submission_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.submissions;
  tp public.talent_profiles;
  cleared uuid[];
  label text;
  minor boolean;
begin
  select * into s from public.submissions x where x.id = submission_id;
  if not found or not (s.talent_id = any (private.actable_talent_ids()) or private.is_admin()) then
    return null;
  end if;
  select * into tp from public.talent_profiles t where t.id = s.talent_id;
  cleared := private.nda_cleared_project_ids();
  label := private.project_label(s.project_id, cleared);
  minor := private.is_minor(tp.date_of_birth);
  return jsonb_build_object(
    'active', s.status <> 'withdrawn' and (not minor or tp.discoverable),
    'with', jsonb_build_object(
      'project', label,
      'role', case when label = 'a confidential project' then null
                   else (select cr.name from public.casting_roles cr where cr.id = s.casting_role_id) end,
      'casting_team', private.project_audience(s.project_id, '{owner,casting_director,associate}', cleared) -> 'people'),
    'what', jsonb_build_object(
      'profile', 'stage name, gender, playing age, height, languages, skills, city, bio and credits',
      'media_ids', to_jsonb(s.media_ids),
      'contacts', case when tp.contacts_shared then 'shared: you consent to contact sharing'
                       else 'not shared: you have not consented to contact sharing' end),
    'until', case when s.status = 'withdrawn' then 'ended: you withdrew this submission'
                  when minor then 'your guardian withdraws their consent to show you to casting teams'
                  else 'you withdraw this submission' end,
    'general_consent', tp.discoverable);
end;
$$;

-- Submit to a role as the talent or their agent (under the caller's RLS), once per key.
create or replace function public.submit_to_role(
  casting_role_id uuid, talent_id uuid, cover_note text default null, media_ids uuid[] default '{}',
  idempotency_key text default null)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  r public.casting_roles;
  t record;
  unmet text;
  prior jsonb;
  result jsonb;
begin
  if idempotency_key is not null then
    prior := private.idempotency_claim(idempotency_key,
      md5(concat_ws('|', casting_role_id, talent_id, cover_note, array_to_string(media_ids, ','))));
    if prior is not null then return prior || '{"replayed": true}'; end if;
  end if;
  select * into r from public.casting_roles c where c.id = submit_to_role.casting_role_id;
  if not found then raise exception 'casting role % does not exist or is not visible to you', casting_role_id using errcode = 'PT404'; end if;
  -- named columns: the private ones are not selectable by API roles
  select p.gender, p.playing_age_min, p.playing_age_max, p.languages into t from public.talent_profiles p where p.id = submit_to_role.talent_id;
  if not found then raise exception 'talent % does not exist or is not visible to you', talent_id using errcode = 'PT404'; end if;
  unmet := private.unmet_requirement(r, t.gender, t.playing_age_min, t.playing_age_max, t.languages);
  if unmet is not null then
    raise exception 'not eligible: %', unmet using errcode = 'PT422', hint = split_part(unmet, ':', 1);
  end if;
  insert into public.submissions as s (casting_role_id, talent_id, cover_note, media_ids)
  values (submit_to_role.casting_role_id, submit_to_role.talent_id, submit_to_role.cover_note, coalesce(submit_to_role.media_ids, '{}'))
  returning jsonb_build_object('id', s.id, 'casting_role_id', s.casting_role_id, 'talent_id', s.talent_id, 'status', s.status,
                               'cover_note', s.cover_note, 'media_ids', s.media_ids, 'created_at', s.created_at)
  into result;
  result := jsonb_build_object('submission', result, 'sharing', private.submission_sharing((result ->> 'id')::uuid), 'replayed', false);
  if idempotency_key is not null then perform private.idempotency_store(idempotency_key, result - 'replayed'); end if;
  return result;
end;
$$;

-- Shortlist sharing: a read-only link for producers and clients outside the project.
-- The token is `<share id>.<HMAC-SHA256 of the id with a secret kept in private>`: it cannot be
-- forged or guessed, and it stops working when the share expires or is revoked.
create table private.share_secret (
  singleton boolean primary key default true check (singleton),
  secret bytea not null default extensions.gen_random_bytes(32)
);
insert into private.share_secret default values;

create table public.shortlist_shares (
  id uuid primary key default gen_random_uuid(),
  shortlist_id uuid not null references public.shortlists (id) on delete cascade,  -- cascade: the team's own links go with an (empty or purged) shortlist
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: as above, with the project
  label text check (char_length(label) <= 200),
  expires_at timestamptz not null default now() + interval '7 days',
  revoked_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (expires_at > created_at and expires_at <= created_at + interval '90 days')
);
create index shortlist_shares_shortlist_idx on public.shortlist_shares (shortlist_id);
create index shortlist_shares_project_idx on public.shortlist_shares (project_id);
create index shortlist_shares_created_by_idx on public.shortlist_shares (created_by);

-- Producers' and clients' votes and comments on shortlisted talent (one per person per item).
create table public.shortlist_votes (
  id uuid primary key default gen_random_uuid(),
  shortlist_item_id uuid not null references public.shortlist_items (id) on delete cascade,  -- cascade: members' votes are about the item on the team's list
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: as above, with the project (which is archived while it has shortlisted talent)
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,  -- cascade: the voter's own (erasure)
  vote smallint check (vote in (-1, 1)),
  comment text check (char_length(comment) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (shortlist_item_id, user_id),
  check (vote is not null or comment is not null)
);
create index shortlist_votes_project_idx on public.shortlist_votes (project_id);
create index shortlist_votes_user_idx on public.shortlist_votes (user_id);
create trigger shortlist_votes_touch before update on public.shortlist_votes
  for each row execute function private.touch_updated_at();

-- Both tables take project_id from their parent, so policies stay flat.
create or replace function private.share_and_vote_project()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'shortlist_shares' then
    new.project_id := (select s.project_id from public.shortlists s where s.id = new.shortlist_id);
    -- a link needs no account and no NDA: a confidential project's lists are never shared that way
    if exists (select 1 from public.projects p where p.id = new.project_id and p.is_confidential) then
      raise exception 'shortlists of a confidential project are not shared by link: add the client as a project viewer (they accept the NDA)'
        using errcode = 'check_violation';
    end if;
  else
    new.project_id := (select i.project_id from public.shortlist_items i where i.id = new.shortlist_item_id);
  end if;
  return new;
end;
$$;
create trigger shortlist_shares_1_project before insert or update on public.shortlist_shares
  for each row execute function private.share_and_vote_project();
create trigger shortlist_votes_1_project before insert or update on public.shortlist_votes
  for each row execute function private.share_and_vote_project();

create or replace function private.share_token(share uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select share::text || '.' || encode(extensions.hmac(convert_to(share::text, 'utf8'), (select s.secret from private.share_secret s), 'sha256'), 'hex')
$$;

-- The casting team's handle on a share: its token, for the row they can see.
create or replace function public.shortlist_share_token(share_id uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  if not exists (select 1 from public.shortlist_shares s where s.id = share_id
                 and s.project_id = any (private.casting_project_ids())) then
    raise exception 'share % does not exist or is not yours to hand out', share_id using errcode = 'PT404';
  end if;
  return private.share_token(share_id);
end;
$$;

-- What a share link shows (service role only: the shared-shortlist function checks nothing
-- else). Casting-visible fields and the primary headshot of the listed talent who consent to
-- being shown; never notes, contacts or private columns. Null when the token is wrong, expired or revoked.
create or replace function public.shared_shortlist(token text)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  share public.shortlist_shares;
  share_id uuid;
begin
  if token !~ '^[0-9a-f-]{36}\.[0-9a-f]{64}$' then return null; end if;
  share_id := split_part(token, '.', 1)::uuid;
  if private.share_token(share_id) <> token then return null; end if;
  select * into share from public.shortlist_shares s where s.id = share_id and s.revoked_at is null and s.expires_at > now()
    and not exists (select 1 from public.projects p where p.id = s.project_id and p.is_confidential);  -- made confidential since
  if not found then return null; end if;
  return (
    select jsonb_build_object(
      'shortlist', sl.name, 'role', cr.name, 'project', p.title, 'expires_at', share.expires_at,
      'talent', coalesce(jsonb_agg(jsonb_build_object(
        'rank', i.rank, 'stage_name', t.stage_name, 'gender', t.gender,
        'playing_age_min', t.playing_age_min, 'playing_age_max', t.playing_age_max, 'height_cm', t.height_cm,
        'city', t.city, 'languages', t.languages, 'skills', t.skills,
        'headshot', (select jsonb_build_object('bucket', m.bucket, 'path', m.storage_path) from public.talent_media m
                     where m.talent_id = t.id and m.kind = 'headshot' and m.is_primary))
        order by i.rank) filter (where t.id is not null), '[]'))
    from public.shortlists sl
    join public.casting_roles cr on cr.id = sl.casting_role_id
    join public.projects p on p.id = sl.project_id
    left join public.shortlist_items i on i.shortlist_id = sl.id
    -- only talent who consent to being shown to casting teams (and their clients)
    left join public.talent_profiles t on t.id = i.talent_id and t.discoverable
    where sl.id = share.shortlist_id
    group by sl.name, cr.name, p.title);
end;
$$;

-- Rescheduling: cancel a booking and book another slot of the same role in one transaction,
-- as the caller. If the new slot is full or overlaps another booking, nothing changes.
create or replace function public.reschedule_booking(booking_id uuid, new_slot_id uuid)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  old_booking record;
  new_id uuid;
begin
  select b.id, b.talent_id, b.casting_role_id, b.status into old_booking
  from public.audition_bookings b where b.id = booking_id for update;
  if not found then raise exception 'booking % does not exist or is not yours', booking_id using errcode = 'PT404'; end if;
  if old_booking.status <> 'booked' then
    raise exception 'only a booked audition can be rescheduled, this one is %', old_booking.status using errcode = 'check_violation';
  end if;
  if not exists (select 1 from public.audition_slots s where s.id = new_slot_id and s.casting_role_id = old_booking.casting_role_id) then
    raise exception 'slot % is not a slot of the same role', new_slot_id using errcode = 'PT404';
  end if;
  update public.audition_bookings set status = 'cancelled' where id = booking_id;
  insert into public.audition_bookings (slot_id, talent_id) values (new_slot_id, old_booking.talent_id) returning id into new_id;
  return new_id;
end;
$$;

-- Email delivery of notifications: the deliver-notifications function (service role) claims
-- queued emails (private.notification_emails, leased), sends them through the configured
-- provider, completes the sent ones and hands back the ones it could not send (they back off
-- and are dead after 5 attempts). At least once: a worker that dies after sending, before
-- completing, sends again when the lease runs out.

-- auth.users is not the service role's to read; the address is all delivery needs.
create or replace function private.user_email(user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select u.email::text from auth.users u where u.id = user_id $$;

-- link_token: for a message whose body says {{link}} (a guardian's consent request), the
-- signed token its link carries. It is minted here, at sending time, and stored nowhere.
-- Someone who signed up with a phone and has no email reads it in the app: their email leaves the
-- queue here, unsent.
create or replace function public.claim_notification_emails(batch_size integer default 50, lease_seconds integer default 120)
returns table (id uuid, email text, kind text, title text, body text, link_token text)
language plpgsql
set search_path = ''
as $$
declare
  unsendable jsonb := '[]';
  c record;
begin
  for c in
    select n.id, coalesce(n.email_to, private.user_email(n.user_id)) as email, n.kind, n.title, n.body, n.data
      from private.queue_claim(null::private.notification_emails, least(greatest(batch_size, 1), 500), lease_seconds, 5) q
      join public.notifications n on n.id = q.notification_id
  loop
    if c.email is null then
      unsendable := unsendable || jsonb_build_object('notification_id', c.id);
      continue;
    end if;
    id := c.id; email := c.email; kind := c.kind; title := c.title; body := c.body;
    link_token := case when c.kind = 'guardian.consent_request' then private.guardian_token((c.data ->> 'guardian_consent_id')::uuid) end;
    return next;
  end loop;
  perform from private.queue_complete(null::private.notification_emails, unsendable);
end;
$$;

-- Sent: out of the queue, and the notification says when it was emailed.
create or replace function public.complete_notification_emails(ids uuid[])
returns integer
language sql
set search_path = ''
as $$
  with done as (
    select q.notification_id from private.queue_complete(null::private.notification_emails,
      (select coalesce(jsonb_agg(jsonb_build_object('notification_id', i)), '[]') from unnest(ids) i)) q),
  marked as (update public.notifications n set emailed_at = now() from done where n.id = done.notification_id returning 1)
  select count(*)::integer from marked
$$;

-- Not sent: each waits its backoff (30 s, 1 min, 2 min, 4 min) and is dead after the 5th attempt.
create or replace function public.release_notification_emails(ids uuid[], error text default null)
returns integer
language sql
set search_path = ''
as $$
  select count(*)::integer from private.queue_fail(null::private.notification_emails,
    (select coalesce(jsonb_agg(jsonb_build_object('notification_id', i)), '[]') from unnest(ids) i),
    coalesce(error, 'the email provider did not take it'), 5, 30, 3600)
$$;
