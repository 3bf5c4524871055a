-- Consent as data (India's Digital Personal Data Protection Act, 2023): what each person agreed
-- to, for which purpose, under which version of the notice, when, and when they withdrew it.
-- Consent is what lets processing happen, not a note beside it: row-level security reads it
-- (talent_profiles.discoverable and contacts_shared, kept in step by the triggers below in the
-- same transaction), so a withdrawal takes effect on the very next query.
--   casting_visibility  the talent profile (with its media and credits) is shown to casting
--                       teams, in search and matching, and on the public board when public
--   contact_sharing     contact details are shown to the casting teams of projects the talent
--                       submitted to or is shortlisted on
--   marketing_email     CastMatch may email news and offers (never to anyone under 18)
-- For talent under 18 only a guardian's verified consent counts (sql/21_guardians.sql).
create type public.consent_purpose as enum ('casting_visibility', 'contact_sharing', 'marketing_email');

-- What people consent to: one text per purpose and version. Versions are never edited; a new
-- text is a new version (admins publish it), and every consent names the version it answered.
create table public.consent_notices (
  purpose public.consent_purpose not null,
  version integer not null check (version > 0),
  body text not null check (char_length(btrim(body)) between 20 and 10000),
  published_at timestamptz not null default now(),
  primary key (purpose, version)
);

insert into public.consent_notices (purpose, version, body) values
  ('casting_visibility', 1, 'Show my talent profile, headshots, reels and credits to verified casting teams on CastMatch, '
    || 'in talent search and role matching, and on the public casting board if I make my profile public. '
    || 'I can withdraw this at any time; my profile is then hidden from everyone but me, my agent and CastMatch admins.'),
  ('contact_sharing', 1, 'Share my phone number and email with the casting teams of projects I submit to or am shortlisted on, '
    || 'so that they can reach me about auditions and offers. I can withdraw this at any time.'),
  ('marketing_email', 1, 'Email me news about CastMatch and casting calls I might like. I can unsubscribe at any time. '
    || 'CastMatch never sends marketing to anyone under 18.');

create or replace function private.guard_consent_notice()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.version := coalesce((select max(n.version) from public.consent_notices n where n.purpose = new.purpose), 0) + 1;
  new.published_at := now();
  return new;
end;
$$;
create trigger consent_notices_version before insert on public.consent_notices
  for each row execute function private.guard_consent_notice();

-- The languages a notice can be read in. DPDP Act, 2023, s.5(3): a person may read a notice in
-- English or in any language of the Eighth Schedule to the Constitution. All 22 are listed, so a
-- language is added as data: its translations (sql/16_consent_languages.sql), nothing else.
create table public.notice_languages (
  code text primary key check (code ~ '^[a-z]{2,3}$'),      -- ISO 639-1, or 639-2/3 where 639-1 has none
  name text not null,                                       -- in English
  native_name text not null,                                -- as its readers write it
  script text not null check (script ~ '^[A-Z][a-z]{3}$'),  -- ISO 15924: the script its notices use
  eighth_schedule boolean not null
);

insert into public.notice_languages (code, name, native_name, script, eighth_schedule) values
  ('en', 'English', 'English', 'Latn', false),
  ('as', 'Assamese', 'অসমীয়া', 'Beng', true),
  ('bn', 'Bengali', 'বাংলা', 'Beng', true),
  ('brx', 'Bodo', 'बड़ो', 'Deva', true),
  ('doi', 'Dogri', 'डोगरी', 'Deva', true),
  ('gu', 'Gujarati', 'ગુજરાતી', 'Gujr', true),
  ('hi', 'Hindi', 'हिन्दी', 'Deva', true),
  ('kn', 'Kannada', 'ಕನ್ನಡ', 'Knda', true),
  ('ks', 'Kashmiri', 'کٲشُر', 'Arab', true),
  ('kok', 'Konkani', 'कोंकणी', 'Deva', true),
  ('mai', 'Maithili', 'मैथिली', 'Deva', true),
  ('ml', 'Malayalam', 'മലയാളം', 'Mlym', true),
  ('mni', 'Manipuri', 'ꯃꯤꯇꯩꯂꯣꯟ', 'Mtei', true),
  ('mr', 'Marathi', 'मराठी', 'Deva', true),
  ('ne', 'Nepali', 'नेपाली', 'Deva', true),
  ('or', 'Odia', 'ଓଡ଼ିଆ', 'Orya', true),
  ('pa', 'Punjabi', 'ਪੰਜਾਬੀ', 'Guru', true),
  ('sa', 'Sanskrit', 'संस्कृतम्', 'Deva', true),
  ('sat', 'Santali', 'ᱥᱟᱱᱛᱟᱲᱤ', 'Olck', true),
  ('sd', 'Sindhi', 'سنڌي', 'Arab', true),
  ('ta', 'Tamil', 'தமிழ்', 'Taml', true),
  ('te', 'Telugu', 'తెలుగు', 'Telu', true),
  ('ur', 'Urdu', 'اردو', 'Arab', true);

-- A notice version in another language. The English text (consent_notices) is the one
-- published; each translation names the English version it translates (notice_version). A new
-- English version leaves the translations of the old one out of date until they are redone:
-- readers then get the current English text, and notice_translations_status says so.
-- Like a notice, a translation is never edited: a correction comes with a new notice version,
-- because a consent records the text (version and language) its giver read.
-- How each one was written and reviewed is recorded on its row (the back-translations the
-- review read are in docs/consent-languages.md).
create table public.consent_notice_translations (
  purpose public.consent_purpose not null,
  notice_version integer not null,
  language text not null references public.notice_languages (code) on delete restrict,  -- restrict: a language someone read in stays
  body text not null check (char_length(btrim(body)) between 20 and 10000),
  translated_by text not null check (char_length(translated_by) between 2 and 500),  -- who or what wrote it
  reviewed_by text not null check (char_length(reviewed_by) between 2 and 500),      -- who reviewed it, and how
  reviewed_on date not null,
  published_at timestamptz not null default now(),
  primary key (purpose, notice_version, language),
  foreign key (purpose, notice_version) references public.consent_notices (purpose, version) on delete restrict,  -- restrict: the English it translates stays
  check (language <> 'en')
);
create index consent_notice_translations_language_idx on public.consent_notice_translations (language);

create or replace function private.guard_notice_translation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.published_at := now();
  return new;
end;
$$;
create trigger consent_notice_translations_published before insert on public.consent_notice_translations
  for each row execute function private.guard_notice_translation();

-- Per current notice and language: 'current' (translates the current English version),
-- 'out_of_date' (translates an older one; readers get English until it is redone) or 'missing'.
create view public.notice_translations_status with (security_invoker = true) as
  select n.purpose, l.code as language, l.name, n.version as current_version, t.notice_version as translated_version,
         case when t.notice_version is null then 'missing'
              when t.notice_version = n.version then 'current'
              else 'out_of_date' end as status
  from (select distinct on (cn.purpose) cn.purpose, cn.version from public.consent_notices cn
        order by cn.purpose, cn.version desc) n
  cross join public.notice_languages l
  left join lateral (select max(ct.notice_version) as notice_version from public.consent_notice_translations ct
                     where ct.purpose = n.purpose and ct.language = l.code) t on true
  where l.code <> 'en';

-- The language a notice version is shown in to a reader who prefers `languages` (most wanted
-- first; 'mr-IN' counts as 'mr'): the first that is English or has a translation of exactly
-- that version, else English, in which every version exists.
create or replace function private.notice_language(wanted public.consent_purpose, wanted_version integer, languages text[])
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select p.code from (select split_part(lower(btrim(x.tag)), '-', 1) as code, x.pos
                         from unnest(languages) with ordinality as x (tag, pos)) p
      where p.code = 'en' or exists (select 1 from public.consent_notice_translations t
                                     where t.language = p.code and t.purpose = wanted and t.notice_version = wanted_version)
      order by p.pos limit 1),
    'en')
$$;

-- The current notices in the reader's language: rpc('consent_notices_in', { languages: ['mr', 'hi'] })
-- (Accept-Language's tags, in order, will do); `language` says which one each text is in.
create or replace function public.consent_notices_in(languages text[] default '{en}')
returns table (purpose public.consent_purpose, version integer, language text, body text, published_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select n.purpose, n.version, lang.code, coalesce(t.body, n.body), coalesce(t.published_at, n.published_at)
  from (select distinct on (cn.purpose) cn.* from public.consent_notices cn order by cn.purpose, cn.version desc) n
  cross join lateral (select private.notice_language(n.purpose, n.version, languages) as code) lang
  left join public.consent_notice_translations t on t.purpose = n.purpose and t.notice_version = n.version and t.language = lang.code
  order by n.purpose
$$;

create table public.consents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,  -- cascade: the person's own record (erasure)
  purpose public.consent_purpose not null,
  notice_version integer not null,
  -- self: the person; guardian: a guardian's verified consent for talent under 18 (guardian_consent_id)
  given_by text not null default 'self' check (given_by in ('self', 'guardian')),
  guardian_consent_id uuid,                 -- references public.guardian_consents (sql/21_guardians.sql)
  given_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  foreign key (purpose, notice_version) references public.consent_notices (purpose, version) on delete restrict,  -- restrict: a notice someone answered stays
  check (withdrawn_at is null or withdrawn_at >= given_at),
  check ((given_by = 'guardian') = (guardian_consent_id is not null)),
  -- the language of the notice text the person read: 'en', or one with a translation of
  -- notice_version (checked by private.guard_consent; no foreign key, so no index to keep)
  notice_language text not null default 'en' check (notice_language ~ '^[a-z]{2,3}$')
);
create unique index consents_one_active on public.consents (user_id, purpose) where withdrawn_at is null;
create index consents_user_idx on public.consents (user_id);
create index consents_notice_idx on public.consents (purpose, notice_version);

-- Whether a date of birth makes someone a child (under 18 today). Unknown: treated as an adult,
-- as the rest of the schema does (private.check_minor).
create or replace function private.is_minor(date_of_birth date)
returns boolean
language sql
stable
set search_path = ''
as $$ select coalesce(date_of_birth > (current_date - interval '18 years'), false) $$;

-- The person's talent profile says they are a child. (PL/pgSQL: declared before the table.)
create or replace function private.user_is_minor(uid uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (select 1 from public.talent_profiles tp where tp.user_id = uid and private.is_minor(tp.date_of_birth));
end;
$$;

-- An active consent of the person for the purpose; for a child, only one their guardian gave.
create or replace function private.has_consent(uid uuid, wanted public.consent_purpose, minor boolean)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.consents c
                 where c.user_id = uid and c.purpose = wanted and c.withdrawn_at is null
                   and (not minor or c.given_by = 'guardian'))
$$;

-- Consents are given to the current notice, by the person themselves (a guardian's come from
-- the guardian flow, which runs as the owner); never for marketing to a child. Afterwards only
-- a withdrawal changes a consent, once, stamped by the database.
create or replace function private.guard_consent()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_version integer;
  minor boolean := private.user_is_minor(new.user_id);
begin
  if tg_op = 'INSERT' then
    if auth.uid() is not null then
      new.given_by := 'self';
      new.guardian_consent_id := null;
    end if;
    if minor and new.purpose = 'marketing_email' then
      raise exception 'CastMatch sends no marketing to anyone under 18' using errcode = 'check_violation', hint = 'purpose';
    end if;
    if minor and new.given_by = 'self' then
      raise exception 'for talent under 18 a guardian gives consent: ask for it with request_guardian_consent'
        using errcode = 'check_violation', hint = 'purpose';
    end if;
    select max(n.version) into current_version from public.consent_notices n where n.purpose = new.purpose;
    if new.notice_version is distinct from current_version then
      raise exception 'consent is given to the current notice for % (version %)', new.purpose, current_version
        using errcode = 'check_violation', hint = 'notice_version';
    end if;
    if new.notice_language <> 'en' and not exists (
         select 1 from public.consent_notice_translations t
         where t.purpose = new.purpose and t.notice_version = current_version and t.language = new.notice_language) then
      raise exception 'the % notice (version %) has no % translation to consent to; consent_notices_in says which languages it has',
        new.purpose, current_version, new.notice_language using errcode = 'check_violation', hint = 'notice_language';
    end if;
    new.given_at := now();
    new.withdrawn_at := null;
    return new;
  end if;
  if (new.user_id, new.purpose, new.notice_version, new.given_by, new.guardian_consent_id, new.given_at, new.notice_language)
     is distinct from (old.user_id, old.purpose, old.notice_version, old.given_by, old.guardian_consent_id, old.given_at, old.notice_language) then
    raise exception 'a consent is never edited: withdraw it and give a new one' using errcode = 'insufficient_privilege';
  end if;
  if old.withdrawn_at is not null then
    if new.withdrawn_at is distinct from old.withdrawn_at then
      raise exception 'this consent was withdrawn at %; give a new one instead', old.withdrawn_at using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if new.withdrawn_at is not null then
    new.withdrawn_at := now();
  end if;
  return new;
end;
$$;
create trigger consents_guard before insert or update on public.consents
  for each row execute function private.guard_consent();

-- The flags RLS reads, recomputed for the person's talent profile whenever a consent changes.
create or replace function private.refresh_consent_flags(uid uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.talent_profiles tp
     set discoverable = private.has_consent(uid, 'casting_visibility', private.is_minor(tp.date_of_birth)),
         contacts_shared = private.has_consent(uid, 'contact_sharing', private.is_minor(tp.date_of_birth))
   where tp.user_id = uid
     and (tp.discoverable, tp.contacts_shared) is distinct from
         (private.has_consent(uid, 'casting_visibility', private.is_minor(tp.date_of_birth)),
          private.has_consent(uid, 'contact_sharing', private.is_minor(tp.date_of_birth)));
end;
$$;

create or replace function private.consent_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_consent_flags(new.user_id);
  return null;
end;
$$;
create trigger consents_refresh_flags after insert or update on public.consents
  for each row execute function private.consent_changed();
create trigger consents_audit after insert or update on public.consents
  for each row execute function private.audit_change();

-- Who may be sent marketing email (service role, for a mailing job): an active consent, never
-- anyone under 18.
create or replace function private.marketing_audience()
returns table (user_id uuid, email text, notice_version integer, given_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select c.user_id, u.email::text, c.notice_version, c.given_at
  from public.consents c
  join auth.users u on u.id = c.user_id
  where c.purpose = 'marketing_email' and c.withdrawn_at is null and not private.user_is_minor(c.user_id)
  order by c.given_at
$$;

create or replace function public.marketing_audience()
returns table (user_id uuid, email text, notice_version integer, given_at timestamptz)
language sql
stable
set search_path = ''
as $$ select * from private.marketing_audience() $$;
