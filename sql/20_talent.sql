-- Talent: profiles, hidden contacts, media in Storage, credits, and representation by agencies.

create type public.gender as enum ('female', 'male', 'non_binary');
create type public.profile_visibility as enum ('public', 'casting_only', 'private');
create type public.media_kind as enum ('headshot', 'reel', 'voice', 'self_tape');
create type public.credit_medium as enum ('film', 'series', 'short', 'ad', 'theatre', 'music_video', 'other');

create table public.talent_profiles (
  id uuid primary key default gen_random_uuid(),
  -- cascade: the talent's own profile goes with their account; an erasure that must keep others'
  -- records (submissions, offers, notes) first turns it into a pseudonymous tombstone without
  -- user_id (erased_at set; sql/98_data_rights.sql)
  user_id uuid unique references auth.users (id) on delete cascade,
  stage_name text not null check (char_length(btrim(stage_name)) between 1 and 120),
  gender public.gender not null,
  playing_age_min smallint not null check (playing_age_min between 0 and 100),
  playing_age_max smallint not null check (playing_age_max between 0 and 100),
  date_of_birth date check (date_of_birth > date '1900-01-01'),           -- private
  height_cm smallint check (height_cm between 40 and 250),
  languages text[] not null default '{}' check (private.valid_tags(languages)),
  skills text[] not null default '{}' check (private.valid_tags(skills)),
  city text check (char_length(city) <= 80),
  bio text check (char_length(bio) <= 4000),
  visibility public.profile_visibility not null default 'casting_only',
  guardian_name text check (char_length(guardian_name) <= 200),          -- private
  guardian_phone text check (guardian_phone ~ '^\+?[0-9 ()-]{7,20}$'),   -- private
  guardian_email text check (guardian_email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),  -- private; the consent link goes here
  guardian_consent_at timestamptz,                                        -- private; set by the guardian's own answer (sql/21_guardians.sql)
  -- What the person's consents allow (sql/15_consent.sql keeps these in step; never written
  -- through the API): shown to anyone but the talent, their agents and admins; contacts shown
  -- to the casting teams they meet.
  discoverable boolean not null default false,
  contacts_shared boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  erased_at timestamptz,
  check (playing_age_max >= playing_age_min),
  check ((user_id is null) = (erased_at is not null))
);
create index talent_profiles_visibility_idx on public.talent_profiles (visibility);
create index talent_profiles_gender_age_idx on public.talent_profiles (gender, playing_age_min, playing_age_max);
create index talent_profiles_city_idx on public.talent_profiles (city);
create index talent_profiles_languages_idx on public.talent_profiles using gin (languages);
create index talent_profiles_skills_idx on public.talent_profiles using gin (skills);
create trigger talent_profiles_touch before update on public.talent_profiles
  for each row execute function private.touch_updated_at();

-- Languages and skills as people type them ("Hindi", "हिंदी", " Kathak ") become the canonical
-- tags before the CHECK sees them; what still cannot be a tag is refused naming the field.
-- Shared by talent_profiles and casting_roles.
create or replace function private.canonicalise_tags()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.languages := private.canonical_languages(new.languages);
  new.skills := private.canonical_tags(new.skills);
  perform private.assert_tags('languages', new.languages, true);
  perform private.assert_tags('skills', new.skills);
  return new;
end;
$$;
create trigger talent_profiles_canonical_tags before insert or update of languages, skills on public.talent_profiles
  for each row execute function private.canonicalise_tags();

-- Minors: a guardian (name, and an email for the consent link) is required, and the profile is
-- never public. It is shown to nobody but the talent, their agents and admins until the guardian
-- consents through the link (discoverable, sql/21_guardians.sql).
create or replace function private.check_minor()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.date_of_birth is not null and new.date_of_birth > (current_date - interval '18 years') then
    if new.guardian_name is null or new.guardian_email is null then
      raise exception 'talent under 18 need guardian_name and guardian_email (their guardian consents by email)'
        using errcode = 'check_violation';
    end if;
    if new.visibility = 'public' then
      raise exception 'profiles of talent under 18 cannot be public' using errcode = 'check_violation';
    end if;
  end if;
  return new;
end;
$$;
create trigger talent_profiles_minor before insert or update on public.talent_profiles
  for each row execute function private.check_minor();

-- A new profile, or one whose owner or age changes, takes its flags from the person's consents.
create or replace function private.profile_consent_flags()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.discoverable := private.has_consent(new.user_id, 'casting_visibility', private.is_minor(new.date_of_birth));
  new.contacts_shared := private.has_consent(new.user_id, 'contact_sharing', private.is_minor(new.date_of_birth));
  return new;
end;
$$;
create trigger talent_profiles_consent before insert or update of user_id, date_of_birth, discoverable, contacts_shared
  on public.talent_profiles
  for each row execute function private.profile_consent_flags();

create table public.talent_contacts (
  talent_id uuid primary key references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own contacts
  phone text check (phone ~ '^\+?[0-9 ()-]{7,20}$'),
  email text check (email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  whatsapp text check (whatsapp ~ '^\+?[0-9 ()-]{7,20}$'),
  updated_at timestamptz not null default now()
);
create trigger talent_contacts_touch before update on public.talent_contacts
  for each row execute function private.touch_updated_at();

-- Media rows point at Storage objects under the talent's own folder of the matching bucket.
-- The foreign key keeps them in step: a row always names an existing object, removing the
-- object (storage remove) removes its row, and moving it moves the row. Removing the row
-- queues the object for removal (sql/70_storage.sql).
create table public.talent_media (
  id uuid primary key default gen_random_uuid(),
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own media
  kind public.media_kind not null,
  bucket text not null,
  storage_path text not null check (char_length(storage_path) <= 500),
  title text check (char_length(title) <= 200),
  duration_seconds integer check (duration_seconds between 1 and 3600),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  unique (bucket, storage_path),
  foreign key (bucket, storage_path) references storage.objects (bucket_id, name) on update cascade on delete cascade,
  check (storage_path like talent_id::text || '/%'),
  check (bucket = case kind when 'headshot' then 'headshots' when 'self_tape' then 'self-tapes' else 'reels' end)
);
create index talent_media_talent_idx on public.talent_media (talent_id, kind);
create unique index talent_media_one_primary on public.talent_media (talent_id, kind) where is_primary;

create table public.talent_credits (
  id uuid primary key default gen_random_uuid(),
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own credits
  title text not null check (char_length(btrim(title)) between 1 and 200),
  character_name text check (char_length(character_name) <= 200),
  medium public.credit_medium not null,
  platform text check (char_length(platform) <= 80),
  year smallint check (year between 1900 and 2100),
  director text check (char_length(director) <= 200),
  created_at timestamptz not null default now()
);
create index talent_credits_talent_idx on public.talent_credits (talent_id);

-- Representation.
create type public.agency_role as enum ('owner', 'agent');
create type public.representation_status as enum ('pending', 'accepted', 'declined', 'ended');

create table public.agencies (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  city text check (char_length(city) <= 80),
  -- set null: the founder's erasure leaves the agency to its members (an erasure refuses while they are its only owner and others belong to it)
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index agencies_created_by_idx on public.agencies (created_by);

create table public.agency_members (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,  -- cascade: the agency's own team; closing it ends the memberships
  user_id uuid not null references auth.users (id) on delete cascade,  -- cascade: their own membership (erasure)
  agency_role public.agency_role not null default 'agent',
  created_at timestamptz not null default now(),
  unique (agency_id, user_id)
);
create index agency_members_user_idx on public.agency_members (user_id);

-- An agency proposes; the talent accepts or declines; either side may end it.
-- A talent has at most one accepted (exclusive) representation at a time.
create table public.representations (
  id uuid primary key default gen_random_uuid(),
  agency_id uuid not null references public.agencies (id) on delete cascade,  -- cascade: closing an agency ends its representations (the talent's profile stays theirs)
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the talent's own (erasure)
  status public.representation_status not null default 'pending',
  proposed_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  responded_at timestamptz
);
create index representations_agency_idx on public.representations (agency_id);
create index representations_talent_idx on public.representations (talent_id);
create index representations_proposed_by_idx on public.representations (proposed_by);
create unique index representations_one_exclusive on public.representations (talent_id) where status = 'accepted';
create unique index representations_one_open on public.representations (agency_id, talent_id) where status in ('pending', 'accepted');

-- Agency helpers (the agency's members; its owners).
create or replace function private.agency_ids_as(roles public.agency_role[])
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return array(select am.agency_id from public.agency_members am
               where am.user_id = auth.uid() and am.agency_role = any (roles));
end;
$$;
grant execute on function private.agency_ids_as(public.agency_role[]) to anon, authenticated, service_role;

-- The agency that creates an agency owns it.
create or replace function private.agency_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.agency_members (agency_id, user_id, agency_role) values (new.id, new.created_by, 'owner');
  return null;
end;
$$;
create trigger agencies_owner after insert on public.agencies
  for each row execute function private.agency_created();

-- Who may move a representation where: the talent (or their own account) answers a pending
-- proposal; the agency may only end it. Nothing else changes after creation.
create or replace function private.guard_representation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  is_talent boolean := exists (select 1 from public.talent_profiles tp where tp.id = old.talent_id and tp.user_id = auth.uid());
begin
  if tg_op = 'INSERT' then
    new.status := 'pending';
    new.proposed_by := auth.uid();
    new.responded_at := null;
    return new;
  end if;
  if (new.agency_id, new.talent_id, new.created_at) is distinct from (old.agency_id, old.talent_id, old.created_at)
     or (new.proposed_by is distinct from old.proposed_by and new.proposed_by is not null) then  -- (the proposer's erasure nulls it)
    raise exception 'only the status of a representation changes' using errcode = 'insufficient_privilege';
  end if;
  if new.status is distinct from old.status and auth.uid() is not null then
    if not ((is_talent and old.status = 'pending' and new.status in ('accepted', 'declined'))
            or (old.status in ('pending', 'accepted') and new.status = 'ended')) then
      raise exception 'a representation cannot go from % to % this way', old.status, new.status
        using errcode = 'insufficient_privilege';
    end if;
    new.responded_at := now();
  end if;
  return new;
end;
$$;
create trigger representations_guard before insert or update on public.representations
  for each row execute function private.guard_representation();
create trigger representations_audit after update of status on public.representations
  for each row execute function private.audit_change();

-- Private details of a profile (date of birth, guardian) for the talent, their agent and admins.
create or replace function private.talent_private_details(p_talent_id uuid)
returns table (date_of_birth date, is_minor boolean, guardian_name text, guardian_phone text, guardian_email text,
               guardian_consent_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not (p_talent_id = any (private.actable_talent_ids()) or private.is_admin()) then
    raise exception 'not your talent profile' using errcode = 'insufficient_privilege';
  end if;
  return query
    select tp.date_of_birth, tp.date_of_birth > (current_date - interval '18 years'),
           tp.guardian_name, tp.guardian_phone, tp.guardian_email, tp.guardian_consent_at
    from public.talent_profiles tp where tp.id = p_talent_id;
end;
$$;
grant execute on function private.talent_private_details(uuid) to authenticated;

create or replace function public.talent_private_details(talent_id uuid)
returns table (date_of_birth date, is_minor boolean, guardian_name text, guardian_phone text, guardian_email text,
               guardian_consent_at timestamptz)
language sql
stable
set search_path = ''
as $$ select * from private.talent_private_details(talent_id) $$;
revoke execute on function public.talent_private_details(uuid) from public, anon;
grant execute on function public.talent_private_details(uuid) to authenticated;

-- Talent whose contacts the caller's casting teams may read: those they meet through a project
-- (private.casting_talent_ids) who consent to sharing contacts with them.
create or replace function private.casting_contact_talent_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  met uuid[] := private.casting_talent_ids();
begin
  if cardinality(met) = 0 then
    return '{}';
  end if;
  return array(select tp.id from public.talent_profiles tp where tp.id = any (met) and tp.contacts_shared);
end;
$$;
