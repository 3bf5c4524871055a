-- Platform conventions every later domain relies on.

-- Extensions live in their own schema, as on Supabase, so they never clutter the API.
create extension if not exists vector with schema extensions;
create extension if not exists pg_trgm with schema extensions;
-- Password hashing for seeded accounts and any SQL that needs digests.
create extension if not exists pgcrypto with schema extensions;
-- Exclusion constraints that mix equality on uuids with range overlap (audition bookings).
create extension if not exists btree_gist with schema extensions;
-- (Extensions come first: their functions keep the usual EXECUTE for everyone, revoked below
-- only for what this project creates.)

-- Internal tables and SECURITY DEFINER helpers live here. The API does not expose this
-- schema (supabase/config.toml [api].schemas), so nothing in it is reachable over REST.
create schema if not exists private;
revoke all on schema private from public;
-- Policies call private helpers as the requesting role, so the API roles need USAGE;
-- EXECUTE is still granted function by function.
grant usage on schema private to anon, authenticated, service_role;

-- Functions are not callable through the API until granted one by one. PostgreSQL grants
-- EXECUTE to PUBLIC globally, and a per-schema default cannot take that back, so the global
-- default is revoked too (tests/db/012_structure.sql checks that nothing slips through).
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;

-- Keeps updated_at honest on every table that has one.
create or replace function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- Set (transaction-local) only by the erasure of an account (sql/98_data_rights.sql), which
-- runs as the owner: while it is on, the few rules that would keep the person's data (the
-- immutable audit log, a submitted self-tape past its due time) let the erasure pseudonymise it.
-- API callers cannot set it: PostgREST exposes no set_config.
create or replace function private.in_erasure()
returns boolean
language sql
stable
set search_path = ''
as $$ select coalesce(current_setting('castmatch.erasure', true), '') = 'on' $$;

-- Some drivers hand a jsonb value over as a JSON string holding the document (the postgres
-- driver does for RPC arguments and user metadata); this returns the document itself.
create or replace function private.jsonb_unwrapped(value jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$ select case when jsonb_typeof(value) = 'string' then (value #>> '{}')::jsonb else value end $$;

-- Tag lists (languages, skills): lower-case words, at most 40 characters each, no repeats,
-- at most 50 entries. Used in CHECK constraints, so it is immutable.
create or replace function private.valid_tags(tags text[])
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_length(tags, 1), 0) <= 50
     and not exists (select 1 from unnest(tags) t where t is null or t !~ '^[a-z][a-z -]{0,39}$')
     and (select count(distinct t) from unnest(tags) t) = coalesce(array_length(tags, 1), 0);
$$;

-- ── Accept what people type ──
-- Language names in any script or spelling → the one tag stored in languages columns:
-- "Hindi", " hindi ", "हिंदी" and "हिन्दी" are all 'hindi'. Names are stored lower-case and in
-- Unicode NFC; a name not listed is tidied (trimmed, lower-cased) and must then be a tag.
create table private.language_names (
  name text primary key check (name = lower(btrim(name))),
  tag text not null check (tag ~ '^[a-z][a-z -]{0,39}$')
);
insert into private.language_names (name, tag)
select normalize(n, nfc), t from (values
  -- the tag itself, romanised variants, the name in its own script, and in the other scripts people write
  ('hindi', 'hindi'), ('hindī', 'hindi'), ('हिंदी', 'hindi'), ('हिन्दी', 'hindi'), ('হিন্দি', 'hindi'), ('ਹਿੰਦੀ', 'hindi'),
  ('હિન્દી', 'hindi'), ('હિંદી', 'hindi'), ('இந்தி', 'hindi'), ('ஹிந்தி', 'hindi'), ('హిందీ', 'hindi'), ('ಹಿಂದಿ', 'hindi'), ('ഹിന്ദി', 'hindi'),
  ('marathi', 'marathi'), ('marāṭhī', 'marathi'), ('मराठी', 'marathi'), ('মারাঠি', 'marathi'), ('ਮਰਾਠੀ', 'marathi'), ('મરાઠી', 'marathi'),
  ('மராத்தி', 'marathi'), ('మరాఠీ', 'marathi'), ('ಮರಾಠಿ', 'marathi'), ('മറാത്തി', 'marathi'),
  ('tamil', 'tamil'), ('tamizh', 'tamil'), ('thamizh', 'tamil'), ('tamiḻ', 'tamil'), ('தமிழ்', 'tamil'), ('तमिल', 'tamil'),
  ('তামিল', 'tamil'), ('ਤਮਿਲ', 'tamil'), ('તમિલ', 'tamil'), ('తమిళం', 'tamil'), ('ತಮಿಳು', 'tamil'), ('തമിഴ്', 'tamil'),
  ('telugu', 'telugu'), ('telegu', 'telugu'), ('తెలుగు', 'telugu'), ('तेलुगु', 'telugu'), ('তেলুগু', 'telugu'), ('ਤੇਲਗੂ', 'telugu'),
  ('તેલુગુ', 'telugu'), ('தெலுங்கு', 'telugu'), ('ತೆಲುಗು', 'telugu'), ('തെലുങ്ക്', 'telugu'),
  ('bengali', 'bengali'), ('bangla', 'bengali'), ('bangali', 'bengali'), ('বাংলা', 'bengali'), ('বাঙালি', 'bengali'), ('बंगाली', 'bengali'),
  ('बांग्ला', 'bengali'), ('बंगला', 'bengali'), ('ਬੰਗਾਲੀ', 'bengali'), ('બંગાળી', 'bengali'), ('வங்காளம்', 'bengali'), ('பெங்காலி', 'bengali'),
  ('బెంగాలీ', 'bengali'), ('ಬಂಗಾಳಿ', 'bengali'), ('ബംഗാളി', 'bengali'),
  ('gujarati', 'gujarati'), ('gujrati', 'gujarati'), ('ગુજરાતી', 'gujarati'), ('गुजराती', 'gujarati'), ('গুজরাটি', 'gujarati'),
  ('ਗੁਜਰਾਤੀ', 'gujarati'), ('குஜராத்தி', 'gujarati'), ('గుజరాతీ', 'gujarati'), ('ಗುಜರಾತಿ', 'gujarati'), ('ഗുജറാത്തി', 'gujarati'),
  ('kannada', 'kannada'), ('kanada', 'kannada'), ('ಕನ್ನಡ', 'kannada'), ('कन्नड़', 'kannada'), ('कन्नड', 'kannada'), ('কন্নড়', 'kannada'),
  ('ਕੰਨੜ', 'kannada'), ('કન્નડ', 'kannada'), ('கன்னடம்', 'kannada'), ('కన్నడ', 'kannada'), ('കന്നഡ', 'kannada'),
  ('malayalam', 'malayalam'), ('malayalee', 'malayalam'), ('മലയാളം', 'malayalam'), ('मलयालम', 'malayalam'), ('মালায়ালম', 'malayalam'),
  ('ਮਲਿਆਲਮ', 'malayalam'), ('મલયાલમ', 'malayalam'), ('மலையாளம்', 'malayalam'), ('మలయాళం', 'malayalam'), ('ಮಲಯಾಳಂ', 'malayalam'),
  ('punjabi', 'punjabi'), ('panjabi', 'punjabi'), ('ਪੰਜਾਬੀ', 'punjabi'), ('पंजाबी', 'punjabi'), ('পাঞ্জাবি', 'punjabi'), ('પંજાબી', 'punjabi'),
  ('பஞ்சாபி', 'punjabi'), ('పంజాబీ', 'punjabi'), ('ಪಂಜಾಬಿ', 'punjabi'), ('പഞ്ചാബി', 'punjabi'), ('پنجابی', 'punjabi'),
  ('english', 'english'), ('angrezi', 'english'), ('angreji', 'english'), ('अंग्रेज़ी', 'english'), ('अंग्रेजी', 'english'), ('इंग्लिश', 'english'),
  ('ইংরেজি', 'english'), ('ਅੰਗਰੇਜ਼ੀ', 'english'), ('ਅੰਗਰੇਜ਼ੀ', 'english'), ('અંગ્રેજી', 'english'), ('ஆங்கிலம்', 'english'),
  ('ఇంగ్లీష్', 'english'), ('ఆంగ్లం', 'english'), ('ಇಂಗ್ಲಿಷ್', 'english'), ('ಆಂಗ್ಲ', 'english'), ('ഇംഗ്ലീഷ്', 'english'),
  ('odia', 'odia'), ('oriya', 'odia'), ('ଓଡ଼ିଆ', 'odia'), ('ओड़िया', 'odia'), ('उड़िया', 'odia'),
  ('assamese', 'assamese'), ('asamiya', 'assamese'), ('অসমীয়া', 'assamese'), ('असमिया', 'assamese'),
  ('urdu', 'urdu'), ('اردو', 'urdu'), ('उर्दू', 'urdu'),
  ('konkani', 'konkani'), ('कोंकणी', 'konkani'), ('bhojpuri', 'bhojpuri'), ('भोजपुरी', 'bhojpuri'),
  ('sanskrit', 'sanskrit'), ('संस्कृत', 'sanskrit'), ('tulu', 'tulu'), ('ತುಳು', 'tulu'),
  ('haryanvi', 'haryanvi'), ('हरियाणवी', 'haryanvi'), ('rajasthani', 'rajasthani'), ('राजस्थानी', 'rajasthani'),
  ('sindhi', 'sindhi'), ('सिंधी', 'sindhi'), ('kashmiri', 'kashmiri'), ('कश्मीरी', 'kashmiri'), ('maithili', 'maithili'), ('मैथिली', 'maithili'),
  ('nepali', 'nepali'), ('नेपाली', 'nepali')
) v(n, t)
on conflict (name) do nothing;

-- A tag as typed → its tidy form: NFC, trimmed, runs of spaces as one, lower-case.
create or replace function private.tidy_tag(tag text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$ select lower(regexp_replace(btrim(normalize(tag, nfc)), '\s+', ' ', 'g')) $$;

-- A language name in any script or spelling → its tag (unknown names: tidied, unchanged).
create or replace function private.language_tag(name text)
returns text
language sql
stable
parallel safe
security definer
set search_path = ''
as $$
  select coalesce((select l.tag from private.language_names l where l.name = private.tidy_tag(language_tag.name)),
                  private.tidy_tag(language_tag.name))
$$;

-- Lists: each entry canonical, repeats after canonicalisation dropped (first one kept).
create or replace function private.canonical_languages(names text[])
returns text[]
language sql
stable
parallel safe
set search_path = ''
as $$
  select case when names is null then null else coalesce(array(
    select x.tag from (select private.language_tag(n) as tag, min(o) as o from unnest(names) with ordinality u(n, o) group by 1) x
    order by x.o), '{}') end
$$;

create or replace function private.canonical_tags(tags text[])
returns text[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case when tags is null then null else coalesce(array(
    select x.tag from (select private.tidy_tag(n) as tag, min(o) as o from unnest(tags) with ordinality u(n, o) group by 1) x
    order by x.o), '{}') end
$$;

-- The rule of private.valid_tags, as an error that names the field and the rule (errcode
-- 23514, which the API answers 400), for the triggers that canonicalise before the CHECK.
create or replace function private.assert_tags(field text, tags text[], languages boolean default false)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  bad text;
begin
  if coalesce(array_length(tags, 1), 0) > 50 then
    raise exception '%: at most 50 entries, not %', field, array_length(tags, 1)
      using errcode = '23514', hint = field || ': at most 50 entries';
  end if;
  select t into bad from unnest(tags) t where t is null or t !~ '^[a-z][a-z -]{0,39}$' limit 1;
  if found then
    raise exception '%: "%" is not %', field, coalesce(bad, 'null'),
      case when languages then 'a language name we know; write it in Latin letters (a-z, spaces, hyphens, at most 40 characters) or as its speakers do (हिंदी, தமிழ், বাংলা, …)'
           else 'a tag: a-z letters, spaces and hyphens, starting with a letter, at most 40 characters' end
      using errcode = '23514', hint = field || case when languages then ': language names' else ': a-z tags' end;
  end if;
end;
$$;
