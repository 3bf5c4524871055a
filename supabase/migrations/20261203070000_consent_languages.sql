-- Consent notices in the reader's language (DPDP Act, 2023, s.5(3); issue 26, finding 4):
-- the languages a notice can be read in, translations of each notice version (with who wrote and
-- reviewed them), a status view that marks translations out of date when the English changes,
-- the language of the text on each consent, and the guardian's emails and page in the
-- guardian's language. Written by hand from sql/15_consent.sql, sql/16_consent_languages.sql,
-- sql/21_guardians.sql and their policies (db:diff checked it gives the same schema).

-- The guardian functions gain a language argument: the old signatures go first, so that no
-- two overloads are left for PostgREST to choose between.
drop function public.answer_guardian_consent(text, boolean, text[], jsonb);
drop function public.guardian_consent_details(text);
drop function public.request_guardian_consent(uuid);
drop function private.answer_guardian_consent(text, boolean, public.consent_purpose[], jsonb);
drop function private.guardian_consent_details(text);
drop function private.request_guardian_consent(uuid);
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

-- A consent records the language of the notice text its giver read; every earlier one was English.
alter table public.consents
  add column notice_language text not null default 'en' check (notice_language ~ '^[a-z]{2,3}$');
alter table public.guardian_consents
  add column language text not null default 'en' check (language ~ '^[a-z]{2,3}$');

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

-- Emails sent by the database, one text per kind and language ({{name}} placeholders; {{link}}
-- is filled in by deliver-notifications with the signed link). English exists for every kind
-- and is used when the reader's language has no text. Not exposed: only the functions below
-- read it.
create table private.message_templates (
  kind text not null check (kind ~ '^[a-z_.]{1,60}$'),
  language text not null check (language ~ '^[a-z]{2,3}$'),  -- a notice_languages code (no foreign key: nothing to index)
  subject text not null check (char_length(subject) between 1 and 200),
  body text not null check (char_length(body) between 1 and 1800),
  translated_by text not null,
  reviewed_by text not null,
  reviewed_on date not null,
  primary key (kind, language)
);

-- The language tag a reader asked for, as a notice language code ('mr-IN' is 'mr'), or null.
create or replace function private.notice_language_code(tag text)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select l.code from public.notice_languages l where l.code = split_part(lower(btrim(tag)), '-', 1) $$;

-- A message of `kind` in `wanted_language` (else English) with its {{placeholders}} filled from
-- params; `language` says which text was used.
create or replace function private.render_message(wanted_kind text, wanted_language text, params jsonb)
returns table (language text, subject text, body text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  t private.message_templates;
  k text;
  v text;
begin
  select * into t from private.message_templates m
   where m.kind = wanted_kind and m.language in (coalesce(wanted_language, 'en'), 'en')
   order by m.language = 'en' limit 1;
  if not found then
    raise exception 'no message template for %', wanted_kind;
  end if;
  language := t.language;
  subject := t.subject;
  body := t.body;
  for k, v in select p.key, p.value from jsonb_each_text(params) p loop
    subject := replace(subject, '{{' || k || '}}', coalesce(v, ''));
    body := replace(body, '{{' || k || '}}', coalesce(v, ''));
  end loop;
  subject := left(subject, 200);
  return next;
end;
$$;

insert into private.message_templates (kind, language, subject, body, translated_by, reviewed_by, reviewed_on) values
  ('guardian.consent_request', 'en', 'Your consent is needed for {{talent}} on CastMatch',
   E'Dear {{guardian}},\n\n{{talent}}, who is under 18, has a profile on CastMatch, a casting platform. Casting teams will see it only if you allow it, and only you can. Read what it means and answer here by {{deadline}}: {{link}}\n\nIf you do not know about this, ignore this email and nothing will be shown.',
   'CastMatch', 'CastMatch', '2026-12-02'),
  ('guardian.consent_given', 'en', 'Your consent for {{talent}} is recorded',
   E'Dear {{guardian}},\n\nYou gave consent for {{talent}} on CastMatch. You or {{talent}} can withdraw it at any time; the profile is then hidden from casting teams again.\n\nIf you did not give this consent, reply to this email.',
   'CastMatch', 'CastMatch', '2026-12-02'),
  ('guardian.consent_refused', 'en', 'You did not give consent for {{talent}}',
   E'Dear {{guardian}},\n\nYour answer is recorded: you did not give consent. The profile of {{talent}} stays hidden from casting teams.',
   'CastMatch', 'CastMatch', '2026-12-02'),
  ('guardian.consent_request', 'hi', 'CastMatch पर {{talent}} के लिए आपकी सहमति चाहिए',
   E'प्रिय {{guardian}},\n\n{{talent}} की उम्र 18 साल से कम है और उनकी प्रोफ़ाइल CastMatch पर है, जो एक कास्टिंग प्लेटफ़ॉर्म है। कास्टिंग टीमें इसे तभी देखेंगी जब आप अनुमति देंगे, और यह अनुमति केवल आप दे सकते हैं। इसका क्या अर्थ है यह पढ़ें और {{deadline}} तक यहाँ उत्तर दें: {{link}}\n\nअगर आपको इसकी जानकारी नहीं है, तो इस ईमेल को अनदेखा करें; कुछ भी नहीं दिखाया जाएगा।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'hi', '{{talent}} के लिए आपकी सहमति दर्ज हो गई है',
   E'प्रिय {{guardian}},\n\nआपने CastMatch पर {{talent}} के लिए सहमति दी है। आप या {{talent}} इसे कभी भी वापस ले सकते हैं; तब प्रोफ़ाइल फिर से कास्टिंग टीमों से छिप जाएगी।\n\nअगर यह सहमति आपने नहीं दी, तो इस ईमेल का उत्तर दें।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'hi', 'आपने {{talent}} के लिए सहमति नहीं दी',
   E'प्रिय {{guardian}},\n\nआपका उत्तर दर्ज हो गया है: आपने सहमति नहीं दी। {{talent}} की प्रोफ़ाइल कास्टिंग टीमों से छिपी रहेगी।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'mr', 'CastMatch वर {{talent}} साठी तुमची संमती आवश्यक आहे',
   E'प्रिय {{guardian}},\n\n{{talent}} यांचे वय 18 वर्षांपेक्षा कमी आहे आणि त्यांचे प्रोफाइल CastMatch या कास्टिंग प्लॅटफॉर्मवर आहे. तुम्ही परवानगी दिली तरच कास्टिंग टीम ते पाहू शकतील, आणि ही परवानगी फक्त तुम्हीच देऊ शकता. याचा अर्थ काय आहे ते वाचा आणि {{deadline}} पर्यंत येथे उत्तर द्या: {{link}}\n\nतुम्हाला याबद्दल माहिती नसल्यास हा ईमेल दुर्लक्षित करा; काहीही दाखवले जाणार नाही.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'mr', '{{talent}} साठी तुमची संमती नोंदवली गेली आहे',
   E'प्रिय {{guardian}},\n\nतुम्ही CastMatch वर {{talent}} साठी संमती दिली आहे. तुम्ही किंवा {{talent}} ती कधीही मागे घेऊ शकता; त्यानंतर प्रोफाइल पुन्हा कास्टिंग टीमपासून लपवले जाईल.\n\nही संमती तुम्ही दिली नसल्यास या ईमेलला उत्तर द्या.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'mr', 'तुम्ही {{talent}} साठी संमती दिली नाही',
   E'प्रिय {{guardian}},\n\nतुमचे उत्तर नोंदवले गेले आहे: तुम्ही संमती दिली नाही. {{talent}} यांचे प्रोफाइल कास्टिंग टीमपासून लपवलेलेच राहील.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'ta', 'CastMatch-இல் {{talent}}-க்காக உங்கள் ஒப்புதல் தேவை',
   E'அன்புள்ள {{guardian}},\n\n18 வயதுக்குட்பட்ட {{talent}}-க்கு CastMatch என்ற நடிகர் தேர்வுத் தளத்தில் ஒரு சுயவிவரம் உள்ளது. நீங்கள் அனுமதித்தால் மட்டுமே நடிகர் தேர்வுக் குழுக்கள் அதைப் பார்க்கும்; அந்த அனுமதியை நீங்கள் மட்டுமே தர முடியும். இதன் பொருள் என்ன என்பதைப் படித்து, {{deadline}}-க்குள் இங்கே பதிலளியுங்கள்: {{link}}\n\nஇதைப் பற்றி உங்களுக்குத் தெரியாவிட்டால், இந்த மின்னஞ்சலைப் புறக்கணியுங்கள்; எதுவும் காட்டப்படாது.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'ta', '{{talent}}-க்கான உங்கள் ஒப்புதல் பதிவு செய்யப்பட்டது',
   E'அன்புள்ள {{guardian}},\n\nCastMatch-இல் {{talent}}-க்காக நீங்கள் ஒப்புதல் அளித்துள்ளீர்கள். நீங்கள் அல்லது {{talent}} அதை எப்போது வேண்டுமானாலும் திரும்பப் பெறலாம்; அதன் பிறகு சுயவிவரம் மீண்டும் நடிகர் தேர்வுக் குழுக்களிடமிருந்து மறைக்கப்படும்.\n\nஇந்த ஒப்புதலை நீங்கள் அளிக்கவில்லை என்றால், இந்த மின்னஞ்சலுக்குப் பதிலளியுங்கள்.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'ta', '{{talent}}-க்கு நீங்கள் ஒப்புதல் அளிக்கவில்லை',
   E'அன்புள்ள {{guardian}},\n\nஉங்கள் பதில் பதிவு செய்யப்பட்டது: நீங்கள் ஒப்புதல் அளிக்கவில்லை. {{talent}}-இன் சுயவிவரம் நடிகர் தேர்வுக் குழுக்களிடமிருந்து மறைக்கப்பட்டே இருக்கும்.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'te', 'CastMatchలో {{talent}} కోసం మీ సమ్మతి అవసరం',
   E'ప్రియమైన {{guardian}},\n\nCastMatch అనే కాస్టింగ్ ప్లాట్‌ఫామ్‌లో {{talent}} ప్రొఫైల్ ఉంది. {{talent}} వయసు 18 ఏళ్ల లోపు. మీరు అనుమతిస్తేనే కాస్టింగ్ బృందాలు దానిని చూస్తాయి, ఆ అనుమతి మీరు మాత్రమే ఇవ్వగలరు. దీని అర్థం ఏమిటో చదివి, {{deadline}} లోపు ఇక్కడ సమాధానం ఇవ్వండి: {{link}}\n\nదీని గురించి మీకు తెలియకపోతే, ఈ ఈమెయిల్‌ను పట్టించుకోకండి; ఏదీ చూపబడదు.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'te', '{{talent}} కోసం మీ సమ్మతి నమోదైంది',
   E'ప్రియమైన {{guardian}},\n\nCastMatchలో {{talent}} కోసం మీరు సమ్మతి ఇచ్చారు. మీరు లేదా {{talent}} దానిని ఎప్పుడైనా ఉపసంహరించుకోవచ్చు; అప్పుడు ప్రొఫైల్ మళ్లీ కాస్టింగ్ బృందాలకు కనిపించదు.\n\nఈ సమ్మతి మీరు ఇవ్వకపోతే, ఈ ఈమెయిల్‌కు జవాబు ఇవ్వండి.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'te', '{{talent}} కోసం మీరు సమ్మతి ఇవ్వలేదు',
   E'ప్రియమైన {{guardian}},\n\nమీ సమాధానం నమోదైంది: మీరు సమ్మతి ఇవ్వలేదు. {{talent}} ప్రొఫైల్ కాస్టింగ్ బృందాలకు కనిపించకుండానే ఉంటుంది.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'bn', 'CastMatch-এ {{talent}}-এর জন্য আপনার সম্মতি প্রয়োজন',
   E'প্রিয় {{guardian}},\n\n{{talent}}-এর বয়স ১৮ বছরের কম, এবং CastMatch নামের একটি কাস্টিং প্ল্যাটফর্মে তার একটি প্রোফাইল আছে। আপনি অনুমতি দিলে তবেই কাস্টিং দলগুলি সেটি দেখতে পাবে, আর এই অনুমতি কেবল আপনিই দিতে পারেন। এর অর্থ কী তা পড়ুন এবং {{deadline}}-এর মধ্যে এখানে উত্তর দিন: {{link}}\n\nআপনি এ বিষয়ে কিছু না জানলে এই ইমেলটি উপেক্ষা করুন; কিছুই দেখানো হবে না।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'bn', '{{talent}}-এর জন্য আপনার সম্মতি নথিভুক্ত হয়েছে',
   E'প্রিয় {{guardian}},\n\nআপনি CastMatch-এ {{talent}}-এর জন্য সম্মতি দিয়েছেন। আপনি বা {{talent}} যেকোনো সময় তা প্রত্যাহার করতে পারেন; তখন প্রোফাইলটি আবার কাস্টিং দলগুলির কাছ থেকে লুকানো থাকবে।\n\nএই সম্মতি আপনি না দিয়ে থাকলে এই ইমেলের উত্তর দিন।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'bn', 'আপনি {{talent}}-এর জন্য সম্মতি দেননি',
   E'প্রিয় {{guardian}},\n\nআপনার উত্তর নথিভুক্ত হয়েছে: আপনি সম্মতি দেননি। {{talent}}-এর প্রোফাইল কাস্টিং দলগুলির কাছ থেকে লুকানোই থাকবে।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'kn', 'CastMatchನಲ್ಲಿ {{talent}} ಅವರಿಗಾಗಿ ನಿಮ್ಮ ಸಮ್ಮತಿ ಬೇಕಾಗಿದೆ',
   E'ಪ್ರಿಯ {{guardian}},\n\n18 ವರ್ಷದೊಳಗಿನ {{talent}} ಅವರ ಪ್ರೊಫೈಲ್ CastMatch ಎಂಬ ಕಾಸ್ಟಿಂಗ್ ವೇದಿಕೆಯಲ್ಲಿದೆ. ನೀವು ಅನುಮತಿಸಿದರೆ ಮಾತ್ರ ಕಾಸ್ಟಿಂಗ್ ತಂಡಗಳು ಅದನ್ನು ನೋಡುತ್ತವೆ, ಮತ್ತು ಆ ಅನುಮತಿಯನ್ನು ನೀವು ಮಾತ್ರ ನೀಡಬಹುದು. ಇದರ ಅರ್ಥವೇನು ಎಂಬುದನ್ನು ಓದಿ ಮತ್ತು {{deadline}} ಒಳಗೆ ಇಲ್ಲಿ ಉತ್ತರಿಸಿ: {{link}}\n\nಇದರ ಬಗ್ಗೆ ನಿಮಗೆ ತಿಳಿದಿಲ್ಲದಿದ್ದರೆ, ಈ ಇಮೇಲ್ ಅನ್ನು ನಿರ್ಲಕ್ಷಿಸಿ; ಏನನ್ನೂ ತೋರಿಸಲಾಗುವುದಿಲ್ಲ.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'kn', '{{talent}} ಅವರಿಗಾಗಿ ನಿಮ್ಮ ಸಮ್ಮತಿ ದಾಖಲಾಗಿದೆ',
   E'ಪ್ರಿಯ {{guardian}},\n\nನೀವು CastMatchನಲ್ಲಿ {{talent}} ಅವರಿಗಾಗಿ ಸಮ್ಮತಿ ನೀಡಿದ್ದೀರಿ. ನೀವು ಅಥವಾ {{talent}} ಅದನ್ನು ಯಾವಾಗ ಬೇಕಾದರೂ ಹಿಂಪಡೆಯಬಹುದು; ಆಗ ಪ್ರೊಫೈಲ್ ಮತ್ತೆ ಕಾಸ್ಟಿಂಗ್ ತಂಡಗಳಿಂದ ಮರೆಯಾಗುತ್ತದೆ.\n\nಈ ಸಮ್ಮತಿಯನ್ನು ನೀವು ನೀಡಿಲ್ಲದಿದ್ದರೆ, ಈ ಇಮೇಲ್‌ಗೆ ಉತ್ತರಿಸಿ.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'kn', '{{talent}} ಅವರಿಗಾಗಿ ನೀವು ಸಮ್ಮತಿ ನೀಡಿಲ್ಲ',
   E'ಪ್ರಿಯ {{guardian}},\n\nನಿಮ್ಮ ಉತ್ತರ ದಾಖಲಾಗಿದೆ: ನೀವು ಸಮ್ಮತಿ ನೀಡಿಲ್ಲ. {{talent}} ಅವರ ಪ್ರೊಫೈಲ್ ಕಾಸ್ಟಿಂಗ್ ತಂಡಗಳಿಂದ ಮರೆಯಾಗಿಯೇ ಇರುತ್ತದೆ.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'ml', 'CastMatch-ൽ {{talent}} എന്ന കുട്ടിയുടെ കാര്യത്തിൽ നിങ്ങളുടെ സമ്മതം ആവശ്യമാണ്',
   E'പ്രിയ {{guardian}},\n\n18 വയസ്സിന് താഴെയുള്ള {{talent}} എന്ന കുട്ടിക്ക് CastMatch എന്ന കാസ്റ്റിംഗ് പ്ലാറ്റ്‌ഫോമിൽ ഒരു പ്രൊഫൈൽ ഉണ്ട്. നിങ്ങൾ അനുവദിച്ചാൽ മാത്രമേ കാസ്റ്റിംഗ് ടീമുകൾ അത് കാണൂ, ആ അനുമതി നൽകാൻ നിങ്ങൾക്ക് മാത്രമേ കഴിയൂ. ഇതിന്റെ അർത്ഥം എന്താണെന്ന് വായിച്ച് {{deadline}}-നകം ഇവിടെ മറുപടി നൽകുക: {{link}}\n\nഇതിനെക്കുറിച്ച് നിങ്ങൾക്ക് അറിയില്ലെങ്കിൽ ഈ ഇമെയിൽ അവഗണിക്കുക; ഒന്നും കാണിക്കില്ല.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'ml', '{{talent}} എന്ന കുട്ടിക്കായുള്ള നിങ്ങളുടെ സമ്മതം രേഖപ്പെടുത്തി',
   E'പ്രിയ {{guardian}},\n\nCastMatch-ൽ {{talent}} എന്ന കുട്ടിക്കായി നിങ്ങൾ സമ്മതം നൽകി. നിങ്ങൾക്കോ കുട്ടിക്കോ അത് എപ്പോൾ വേണമെങ്കിലും പിൻവലിക്കാം; അപ്പോൾ പ്രൊഫൈൽ വീണ്ടും കാസ്റ്റിംഗ് ടീമുകളിൽനിന്ന് മറയ്ക്കപ്പെടും.\n\nഈ സമ്മതം നിങ്ങൾ നൽകിയതല്ലെങ്കിൽ ഈ ഇമെയിലിന് മറുപടി നൽകുക.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'ml', '{{talent}} എന്ന കുട്ടിക്കായി നിങ്ങൾ സമ്മതം നൽകിയില്ല',
   E'പ്രിയ {{guardian}},\n\nനിങ്ങളുടെ മറുപടി രേഖപ്പെടുത്തി: നിങ്ങൾ സമ്മതം നൽകിയില്ല. {{talent}} എന്ന കുട്ടിയുടെ പ്രൊഫൈൽ കാസ്റ്റിംഗ് ടീമുകളിൽനിന്ന് മറഞ്ഞുതന്നെ ഇരിക്കും.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'gu', 'CastMatch પર {{talent}} માટે તમારી સંમતિ જરૂરી છે',
   E'પ્રિય {{guardian}},\n\n{{talent}} ની ઉંમર 18 વર્ષથી ઓછી છે અને CastMatch નામના કાસ્ટિંગ પ્લેટફૉર્મ પર તેમની પ્રોફાઇલ છે. તમે મંજૂરી આપશો તો જ કાસ્ટિંગ ટીમો તે જોઈ શકશે, અને આ મંજૂરી ફક્ત તમે જ આપી શકો છો. તેનો અર્થ શું છે તે વાંચો અને {{deadline}} સુધીમાં અહીં જવાબ આપો: {{link}}\n\nજો તમને આ વિશે ખબર ન હોય, તો આ ઇમેઇલને અવગણો; કંઈ પણ બતાવવામાં આવશે નહીં.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'gu', '{{talent}} માટે તમારી સંમતિ નોંધાઈ ગઈ છે',
   E'પ્રિય {{guardian}},\n\nતમે CastMatch પર {{talent}} માટે સંમતિ આપી છે. તમે અથવા {{talent}} તેને ગમે ત્યારે પાછી ખેંચી શકો છો; ત્યારે પ્રોફાઇલ ફરીથી કાસ્ટિંગ ટીમોથી છુપાઈ જશે.\n\nજો આ સંમતિ તમે ન આપી હોય, તો આ ઇમેઇલનો જવાબ આપો.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'gu', 'તમે {{talent}} માટે સંમતિ આપી નથી',
   E'પ્રિય {{guardian}},\n\nતમારો જવાબ નોંધાઈ ગયો છે: તમે સંમતિ આપી નથી. {{talent}} ની પ્રોફાઇલ કાસ્ટિંગ ટીમોથી છુપાયેલી જ રહેશે.',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_request', 'pa', 'CastMatch ਉੱਤੇ {{talent}} ਲਈ ਤੁਹਾਡੀ ਸਹਿਮਤੀ ਦੀ ਲੋੜ ਹੈ',
   E'ਪਿਆਰੇ {{guardian}} ਜੀ,\n\n{{talent}} ਦੀ ਉਮਰ 18 ਸਾਲ ਤੋਂ ਘੱਟ ਹੈ ਅਤੇ CastMatch ਨਾਂ ਦੇ ਕਾਸਟਿੰਗ ਪਲੇਟਫਾਰਮ ਉੱਤੇ ਉਨ੍ਹਾਂ ਦੀ ਪ੍ਰੋਫਾਈਲ ਹੈ। ਕਾਸਟਿੰਗ ਟੀਮਾਂ ਇਸਨੂੰ ਤਾਂ ਹੀ ਦੇਖਣਗੀਆਂ ਜੇ ਤੁਸੀਂ ਇਜਾਜ਼ਤ ਦਿਓ, ਅਤੇ ਇਹ ਇਜਾਜ਼ਤ ਸਿਰਫ਼ ਤੁਸੀਂ ਹੀ ਦੇ ਸਕਦੇ ਹੋ। ਇਸਦਾ ਕੀ ਮਤਲਬ ਹੈ ਇਹ ਪੜ੍ਹੋ ਅਤੇ {{deadline}} ਤੱਕ ਇੱਥੇ ਜਵਾਬ ਦਿਓ: {{link}}\n\nਜੇ ਤੁਹਾਨੂੰ ਇਸ ਬਾਰੇ ਪਤਾ ਨਹੀਂ ਹੈ, ਤਾਂ ਇਸ ਈਮੇਲ ਨੂੰ ਨਜ਼ਰਅੰਦਾਜ਼ ਕਰੋ; ਕੁਝ ਵੀ ਨਹੀਂ ਦਿਖਾਇਆ ਜਾਵੇਗਾ।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_given', 'pa', '{{talent}} ਲਈ ਤੁਹਾਡੀ ਸਹਿਮਤੀ ਦਰਜ ਹੋ ਗਈ ਹੈ',
   E'ਪਿਆਰੇ {{guardian}} ਜੀ,\n\nਤੁਸੀਂ CastMatch ਉੱਤੇ {{talent}} ਲਈ ਸਹਿਮਤੀ ਦਿੱਤੀ ਹੈ। ਤੁਸੀਂ ਜਾਂ {{talent}} ਇਸਨੂੰ ਕਿਸੇ ਵੀ ਸਮੇਂ ਵਾਪਸ ਲੈ ਸਕਦੇ ਹੋ; ਫਿਰ ਪ੍ਰੋਫਾਈਲ ਦੁਬਾਰਾ ਕਾਸਟਿੰਗ ਟੀਮਾਂ ਤੋਂ ਲੁਕ ਜਾਵੇਗੀ।\n\nਜੇ ਇਹ ਸਹਿਮਤੀ ਤੁਸੀਂ ਨਹੀਂ ਦਿੱਤੀ, ਤਾਂ ਇਸ ਈਮੇਲ ਦਾ ਜਵਾਬ ਦਿਓ।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02'),
  ('guardian.consent_refused', 'pa', 'ਤੁਸੀਂ {{talent}} ਲਈ ਸਹਿਮਤੀ ਨਹੀਂ ਦਿੱਤੀ',
   E'ਪਿਆਰੇ {{guardian}} ਜੀ,\n\nਤੁਹਾਡਾ ਜਵਾਬ ਦਰਜ ਹੋ ਗਿਆ ਹੈ: ਤੁਸੀਂ ਸਹਿਮਤੀ ਨਹੀਂ ਦਿੱਤੀ। {{talent}} ਦੀ ਪ੍ਰੋਫਾਈਲ ਕਾਸਟਿੰਗ ਟੀਮਾਂ ਤੋਂ ਲੁਕੀ ਹੀ ਰਹੇਗੀ।',
   'CastMatch helper session (an AI language model), written directly in the language from the English English template', 'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker', '2026-12-02');

-- Version 1 of each consent notice in the nine shipped languages.
insert into public.consent_notice_translations (purpose, notice_version, language, body, translated_by, reviewed_by, reviewed_on)
select t.purpose::public.consent_purpose, t.notice_version, t.language, t.body,
       'CastMatch helper session (an AI language model), written directly in the language from the English notice version 1',
       'the same AI session: back-translated into English and compared with the English for meaning (docs/consent-languages.md); not yet read by a native speaker',
       date '2026-12-02'
from (values
  ('casting_visibility', 1, 'hi',
   'CastMatch पर सत्यापित कास्टिंग टीमों को मेरी टैलेंट प्रोफ़ाइल, हेडशॉट, रील और क्रेडिट दिखाएँ — टैलेंट खोज और भूमिका मिलान में, और अगर मैं अपनी प्रोफ़ाइल सार्वजनिक करूँ तो सार्वजनिक कास्टिंग बोर्ड पर भी। मैं यह सहमति कभी भी वापस ले सकता/सकती हूँ; तब मेरी प्रोफ़ाइल मेरे, मेरे एजेंट और CastMatch एडमिन के सिवा सबसे छिपी रहेगी।'),
  ('contact_sharing', 1, 'hi',
   'जिन प्रोजेक्ट्स में मैं आवेदन करूँ या जिनकी शॉर्टलिस्ट में मेरा नाम हो, उनकी कास्टिंग टीमों के साथ मेरा फ़ोन नंबर और ईमेल साझा करें, ताकि वे ऑडिशन और ऑफ़र के बारे में मुझसे संपर्क कर सकें। मैं यह सहमति कभी भी वापस ले सकता/सकती हूँ।'),
  ('marketing_email', 1, 'hi',
   'मुझे CastMatch की ख़बरें और मेरी पसंद की हो सकने वाली कास्टिंग कॉल ईमेल पर भेजें। मैं कभी भी सदस्यता छोड़ सकता/सकती हूँ। CastMatch 18 साल से कम उम्र के किसी को भी मार्केटिंग ईमेल कभी नहीं भेजता।'),
  ('casting_visibility', 1, 'mr',
   'माझे टॅलेंट प्रोफाइल, हेडशॉट, रील्स आणि क्रेडिट्स CastMatch वरील सत्यापित कास्टिंग टीमना दाखवा — टॅलेंट शोध आणि भूमिका जुळवणीमध्ये, आणि मी माझे प्रोफाइल सार्वजनिक केल्यास सार्वजनिक कास्टिंग बोर्डवरही. मी ही संमती कधीही मागे घेऊ शकते/शकतो; त्यानंतर माझे प्रोफाइल मी, माझा एजंट आणि CastMatch चे प्रशासक यांच्याशिवाय सर्वांपासून लपवले जाईल.'),
  ('contact_sharing', 1, 'mr',
   'मी ज्या प्रकल्पांसाठी अर्ज करते/करतो किंवा ज्यांच्या शॉर्टलिस्टमध्ये माझे नाव आहे, त्यांच्या कास्टिंग टीमसोबत माझा फोन नंबर आणि ईमेल सामायिक करा, जेणेकरून ते ऑडिशन आणि ऑफरबद्दल माझ्याशी संपर्क साधू शकतील. मी ही संमती कधीही मागे घेऊ शकते/शकतो.'),
  ('marketing_email', 1, 'mr',
   'CastMatch च्या बातम्या आणि मला आवडू शकतील असे कास्टिंग कॉल मला ईमेलने पाठवा. मी कधीही सदस्यत्व रद्द करू शकते/शकतो. CastMatch 18 वर्षांखालील कोणालाही कधीही मार्केटिंग ईमेल पाठवत नाही.'),
  ('casting_visibility', 1, 'ta',
   'என் திறமை சுயவிவரம், ஹெட்ஷாட்கள், ரீல்கள் மற்றும் முந்தைய படைப்புகளை CastMatch-இல் சரிபார்க்கப்பட்ட நடிகர் தேர்வுக் குழுக்களுக்குக் காட்டுங்கள் — திறமைத் தேடலிலும் பாத்திரப் பொருத்தத்திலும், நான் என் சுயவிவரத்தைப் பொதுவாக்கினால் பொது நடிகர் தேர்வுப் பலகையிலும். இந்த ஒப்புதலை நான் எப்போது வேண்டுமானாலும் திரும்பப் பெறலாம்; அதன் பிறகு என் சுயவிவரம் என்னையும், என் முகவரையும், CastMatch நிர்வாகிகளையும் தவிர அனைவரிடமிருந்தும் மறைக்கப்படும்.'),
  ('contact_sharing', 1, 'ta',
   'நான் விண்ணப்பிக்கும் அல்லது என் பெயர் தேர்வுப் பட்டியலில் உள்ள திட்டங்களின் நடிகர் தேர்வுக் குழுக்களுடன் என் தொலைபேசி எண்ணையும் மின்னஞ்சலையும் பகிருங்கள், அதனால் அவர்கள் ஆடிஷன்கள் மற்றும் வாய்ப்புகள் குறித்து என்னைத் தொடர்புகொள்ள முடியும். இந்த ஒப்புதலை நான் எப்போது வேண்டுமானாலும் திரும்பப் பெறலாம்.'),
  ('marketing_email', 1, 'ta',
   'CastMatch செய்திகளையும் எனக்குப் பிடிக்கக்கூடிய நடிகர் தேர்வு அழைப்புகளையும் எனக்கு மின்னஞ்சலில் அனுப்புங்கள். நான் எப்போது வேண்டுமானாலும் குழுவிலகலாம். 18 வயதுக்குட்பட்ட யாருக்கும் CastMatch ஒருபோதும் விளம்பர மின்னஞ்சல் அனுப்புவதில்லை.'),
  ('casting_visibility', 1, 'te',
   'నా టాలెంట్ ప్రొఫైల్, హెడ్‌షాట్‌లు, రీల్స్ మరియు క్రెడిట్‌లను CastMatchలో ధృవీకరించబడిన కాస్టింగ్ బృందాలకు చూపించండి — టాలెంట్ శోధనలో, పాత్రల సరిపోలికలో, మరియు నేను నా ప్రొఫైల్‌ను పబ్లిక్ చేస్తే పబ్లిక్ కాస్టింగ్ బోర్డ్‌పై కూడా. ఈ సమ్మతిని నేను ఎప్పుడైనా ఉపసంహరించుకోవచ్చు; అప్పుడు నా ప్రొఫైల్ నాకు, నా ఏజెంట్‌కు మరియు CastMatch నిర్వాహకులకు తప్ప ఇంకెవరికీ కనిపించదు.'),
  ('contact_sharing', 1, 'te',
   'నేను దరఖాస్తు చేసే లేదా నా పేరు షార్ట్‌లిస్ట్‌లో ఉన్న ప్రాజెక్టుల కాస్టింగ్ బృందాలతో నా ఫోన్ నంబర్ మరియు ఈమెయిల్‌ను పంచుకోండి, తద్వారా వారు ఆడిషన్లు మరియు అవకాశాల గురించి నన్ను సంప్రదించగలరు. ఈ సమ్మతిని నేను ఎప్పుడైనా ఉపసంహరించుకోవచ్చు.'),
  ('marketing_email', 1, 'te',
   'CastMatch వార్తలను మరియు నాకు నచ్చే కాస్టింగ్ కాల్‌లను నాకు ఈమెయిల్ చేయండి. నేను ఎప్పుడైనా చందాను రద్దు చేసుకోవచ్చు. CastMatch 18 ఏళ్ల లోపు ఎవరికీ ఎప్పుడూ మార్కెటింగ్ ఈమెయిల్ పంపదు.'),
  ('casting_visibility', 1, 'bn',
   'CastMatch-এর যাচাই-করা কাস্টিং দলগুলিকে আমার ট্যালেন্ট প্রোফাইল, হেডশট, রিল ও ক্রেডিট দেখান — ট্যালেন্ট খোঁজে ও চরিত্র মেলানোয়, এবং আমি প্রোফাইল সর্বজনীন করলে সর্বজনীন কাস্টিং বোর্ডেও। আমি যেকোনো সময় এই সম্মতি প্রত্যাহার করতে পারি; তখন আমার প্রোফাইল আমি, আমার এজেন্ট ও CastMatch-এর অ্যাডমিন ছাড়া সবার কাছ থেকে লুকানো থাকবে।'),
  ('contact_sharing', 1, 'bn',
   'আমি যে প্রজেক্টে আবেদন করি বা যার শর্টলিস্টে আমার নাম আছে, তার কাস্টিং দলের সঙ্গে আমার ফোন নম্বর ও ইমেল শেয়ার করুন, যাতে তারা অডিশন ও অফারের বিষয়ে আমার সঙ্গে যোগাযোগ করতে পারে। আমি যেকোনো সময় এই সম্মতি প্রত্যাহার করতে পারি।'),
  ('marketing_email', 1, 'bn',
   'CastMatch-এর খবর আর আমার পছন্দ হতে পারে এমন কাস্টিং কল আমাকে ইমেল করুন। আমি যেকোনো সময় সদস্যতা ছাড়তে পারি। CastMatch ১৮ বছরের কম বয়সী কাউকে কখনও মার্কেটিং ইমেল পাঠায় না।'),
  ('casting_visibility', 1, 'kn',
   'ನನ್ನ ಟ್ಯಾಲೆಂಟ್ ಪ್ರೊಫೈಲ್, ಹೆಡ್‌ಶಾಟ್‌ಗಳು, ರೀಲ್‌ಗಳು ಮತ್ತು ಕ್ರೆಡಿಟ್‌ಗಳನ್ನು CastMatchನಲ್ಲಿ ಪರಿಶೀಲಿಸಲಾದ ಕಾಸ್ಟಿಂಗ್ ತಂಡಗಳಿಗೆ ತೋರಿಸಿ — ಟ್ಯಾಲೆಂಟ್ ಹುಡುಕಾಟದಲ್ಲಿ ಮತ್ತು ಪಾತ್ರ ಹೊಂದಾಣಿಕೆಯಲ್ಲಿ, ಹಾಗೂ ನಾನು ನನ್ನ ಪ್ರೊಫೈಲ್ ಅನ್ನು ಸಾರ್ವಜನಿಕಗೊಳಿಸಿದರೆ ಸಾರ್ವಜನಿಕ ಕಾಸ್ಟಿಂಗ್ ಬೋರ್ಡ್‌ನಲ್ಲಿಯೂ. ನಾನು ಈ ಸಮ್ಮತಿಯನ್ನು ಯಾವಾಗ ಬೇಕಾದರೂ ಹಿಂಪಡೆಯಬಹುದು; ಆಗ ನನ್ನ ಪ್ರೊಫೈಲ್ ನನಗೆ, ನನ್ನ ಏಜೆಂಟ್‌ಗೆ ಮತ್ತು CastMatch ನಿರ್ವಾಹಕರಿಗೆ ಹೊರತುಪಡಿಸಿ ಎಲ್ಲರಿಂದ ಮರೆಯಾಗಿರುತ್ತದೆ.'),
  ('contact_sharing', 1, 'kn',
   'ನಾನು ಅರ್ಜಿ ಸಲ್ಲಿಸುವ ಅಥವಾ ನನ್ನ ಹೆಸರು ಶಾರ್ಟ್‌ಲಿಸ್ಟ್‌ನಲ್ಲಿರುವ ಯೋಜನೆಗಳ ಕಾಸ್ಟಿಂಗ್ ತಂಡಗಳೊಂದಿಗೆ ನನ್ನ ಫೋನ್ ಸಂಖ್ಯೆ ಮತ್ತು ಇಮೇಲ್ ಅನ್ನು ಹಂಚಿಕೊಳ್ಳಿ, ಇದರಿಂದ ಅವರು ಆಡಿಷನ್‌ಗಳು ಮತ್ತು ಅವಕಾಶಗಳ ಬಗ್ಗೆ ನನ್ನನ್ನು ಸಂಪರ್ಕಿಸಬಹುದು. ನಾನು ಈ ಸಮ್ಮತಿಯನ್ನು ಯಾವಾಗ ಬೇಕಾದರೂ ಹಿಂಪಡೆಯಬಹುದು.'),
  ('marketing_email', 1, 'kn',
   'CastMatch ಸುದ್ದಿಗಳನ್ನು ಮತ್ತು ನನಗೆ ಇಷ್ಟವಾಗಬಹುದಾದ ಕಾಸ್ಟಿಂಗ್ ಕರೆಗಳನ್ನು ನನಗೆ ಇಮೇಲ್ ಮಾಡಿ. ನಾನು ಯಾವಾಗ ಬೇಕಾದರೂ ಚಂದಾದಾರಿಕೆಯಿಂದ ಹೊರಬರಬಹುದು. CastMatch 18 ವರ್ಷದೊಳಗಿನ ಯಾರಿಗೂ ಎಂದಿಗೂ ಮಾರ್ಕೆಟಿಂಗ್ ಇಮೇಲ್ ಕಳುಹಿಸುವುದಿಲ್ಲ.'),
  ('casting_visibility', 1, 'ml',
   'എന്റെ ടാലന്റ് പ്രൊഫൈൽ, ഹെഡ്‌ഷോട്ടുകൾ, റീലുകൾ, ക്രെഡിറ്റുകൾ എന്നിവ CastMatch-ലെ പരിശോധിച്ചുറപ്പിച്ച കാസ്റ്റിംഗ് ടീമുകൾക്ക് കാണിക്കുക — ടാലന്റ് തിരയലിലും റോൾ പൊരുത്തപ്പെടുത്തലിലും, ഞാൻ എന്റെ പ്രൊഫൈൽ പൊതുവാക്കിയാൽ പൊതു കാസ്റ്റിംഗ് ബോർഡിലും. ഈ സമ്മതം എനിക്ക് എപ്പോൾ വേണമെങ്കിലും പിൻവലിക്കാം; അതിനുശേഷം എന്റെ പ്രൊഫൈൽ ഞാൻ, എന്റെ ഏജന്റ്, CastMatch അഡ്മിൻമാർ എന്നിവരൊഴികെ എല്ലാവരിൽനിന്നും മറച്ചുവയ്ക്കും.'),
  ('contact_sharing', 1, 'ml',
   'ഞാൻ അപേക്ഷിക്കുന്നതോ എന്റെ പേര് ഷോർട്ട്‌ലിസ്റ്റിലുള്ളതോ ആയ പ്രോജക്ടുകളുടെ കാസ്റ്റിംഗ് ടീമുകളുമായി എന്റെ ഫോൺ നമ്പറും ഇമെയിലും പങ്കിടുക, അങ്ങനെ ഓഡിഷനുകളെയും അവസരങ്ങളെയും കുറിച്ച് അവർക്ക് എന്നെ ബന്ധപ്പെടാനാകും. ഈ സമ്മതം എനിക്ക് എപ്പോൾ വേണമെങ്കിലും പിൻവലിക്കാം.'),
  ('marketing_email', 1, 'ml',
   'CastMatch-ന്റെ വാർത്തകളും എനിക്ക് ഇഷ്ടപ്പെട്ടേക്കാവുന്ന കാസ്റ്റിംഗ് കോളുകളും എനിക്ക് ഇമെയിൽ ചെയ്യുക. എനിക്ക് എപ്പോൾ വേണമെങ്കിലും സബ്‌സ്ക്രിപ്ഷൻ റദ്ദാക്കാം. 18 വയസ്സിന് താഴെയുള്ള ആർക്കും CastMatch ഒരിക്കലും മാർക്കറ്റിംഗ് ഇമെയിൽ അയയ്ക്കില്ല.'),
  ('casting_visibility', 1, 'gu',
   'મારી ટેલેન્ટ પ્રોફાઇલ, હેડશૉટ, રીલ અને ક્રેડિટ CastMatch પરની ચકાસાયેલ કાસ્ટિંગ ટીમોને બતાવો — ટેલેન્ટ શોધમાં અને ભૂમિકા મેળવણીમાં, અને જો હું મારી પ્રોફાઇલ જાહેર કરું તો જાહેર કાસ્ટિંગ બોર્ડ પર પણ. હું આ સંમતિ ગમે ત્યારે પાછી ખેંચી શકું છું; ત્યારે મારી પ્રોફાઇલ મારા, મારા એજન્ટ અને CastMatch એડમિન સિવાય બધાથી છુપાયેલી રહેશે.'),
  ('contact_sharing', 1, 'gu',
   'હું જે પ્રોજેક્ટમાં અરજી કરું અથવા જેની શૉર્ટલિસ્ટમાં મારું નામ હોય, તેની કાસ્ટિંગ ટીમો સાથે મારો ફોન નંબર અને ઇમેઇલ શેર કરો, જેથી તેઓ ઑડિશન અને ઑફર વિશે મારો સંપર્ક કરી શકે. હું આ સંમતિ ગમે ત્યારે પાછી ખેંચી શકું છું.'),
  ('marketing_email', 1, 'gu',
   'મને CastMatchના સમાચાર અને મને ગમી શકે તેવા કાસ્ટિંગ કૉલ ઇમેઇલ કરો. હું ગમે ત્યારે સબ્સ્ક્રિપ્શન રદ કરી શકું છું. CastMatch 18 વર્ષથી ઓછી ઉંમરના કોઈને પણ ક્યારેય માર્કેટિંગ ઇમેઇલ મોકલતું નથી.'),
  ('casting_visibility', 1, 'pa',
   'ਮੇਰੀ ਟੈਲੇਂਟ ਪ੍ਰੋਫਾਈਲ, ਹੈੱਡਸ਼ਾਟ, ਰੀਲਾਂ ਅਤੇ ਕ੍ਰੈਡਿਟ CastMatch ਉੱਤੇ ਪ੍ਰਮਾਣਿਤ ਕਾਸਟਿੰਗ ਟੀਮਾਂ ਨੂੰ ਦਿਖਾਓ — ਟੈਲੇਂਟ ਖੋਜ ਅਤੇ ਭੂਮਿਕਾ ਮਿਲਾਨ ਵਿੱਚ, ਅਤੇ ਜੇ ਮੈਂ ਆਪਣੀ ਪ੍ਰੋਫਾਈਲ ਜਨਤਕ ਕਰਾਂ ਤਾਂ ਜਨਤਕ ਕਾਸਟਿੰਗ ਬੋਰਡ ਉੱਤੇ ਵੀ। ਮੈਂ ਇਹ ਸਹਿਮਤੀ ਕਿਸੇ ਵੀ ਸਮੇਂ ਵਾਪਸ ਲੈ ਸਕਦਾ/ਸਕਦੀ ਹਾਂ; ਫਿਰ ਮੇਰੀ ਪ੍ਰੋਫਾਈਲ ਮੇਰੇ, ਮੇਰੇ ਏਜੰਟ ਅਤੇ CastMatch ਦੇ ਐਡਮਿਨ ਤੋਂ ਇਲਾਵਾ ਸਭ ਤੋਂ ਲੁਕੀ ਰਹੇਗੀ।'),
  ('contact_sharing', 1, 'pa',
   'ਜਿਨ੍ਹਾਂ ਪ੍ਰੋਜੈਕਟਾਂ ਲਈ ਮੈਂ ਅਰਜ਼ੀ ਦੇਵਾਂ ਜਾਂ ਜਿਨ੍ਹਾਂ ਦੀ ਸ਼ਾਰਟਲਿਸਟ ਵਿੱਚ ਮੇਰਾ ਨਾਂ ਹੋਵੇ, ਉਨ੍ਹਾਂ ਦੀਆਂ ਕਾਸਟਿੰਗ ਟੀਮਾਂ ਨਾਲ ਮੇਰਾ ਫ਼ੋਨ ਨੰਬਰ ਅਤੇ ਈਮੇਲ ਸਾਂਝੀ ਕਰੋ, ਤਾਂ ਜੋ ਉਹ ਆਡੀਸ਼ਨਾਂ ਅਤੇ ਪੇਸ਼ਕਸ਼ਾਂ ਬਾਰੇ ਮੇਰੇ ਨਾਲ ਸੰਪਰਕ ਕਰ ਸਕਣ। ਮੈਂ ਇਹ ਸਹਿਮਤੀ ਕਿਸੇ ਵੀ ਸਮੇਂ ਵਾਪਸ ਲੈ ਸਕਦਾ/ਸਕਦੀ ਹਾਂ।'),
  ('marketing_email', 1, 'pa',
   'ਮੈਨੂੰ CastMatch ਦੀਆਂ ਖ਼ਬਰਾਂ ਅਤੇ ਮੈਨੂੰ ਪਸੰਦ ਆ ਸਕਣ ਵਾਲੀਆਂ ਕਾਸਟਿੰਗ ਕਾਲਾਂ ਈਮੇਲ ਕਰੋ। ਮੈਂ ਕਿਸੇ ਵੀ ਸਮੇਂ ਗਾਹਕੀ ਰੱਦ ਕਰ ਸਕਦਾ/ਸਕਦੀ ਹਾਂ। CastMatch 18 ਸਾਲ ਤੋਂ ਘੱਟ ਉਮਰ ਦੇ ਕਿਸੇ ਨੂੰ ਵੀ ਕਦੇ ਮਾਰਕੀਟਿੰਗ ਈਮੇਲ ਨਹੀਂ ਭੇਜਦਾ।')
) as t (purpose, notice_version, language, body);

create or replace function private.request_guardian_consent(p_talent_id uuid, p_language text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  t public.talent_profiles;
  request_id uuid;
  expires timestamptz;
  lang text := private.notice_language_code(p_language);
  message record;
begin
  if p_language is not null and lang is null then
    raise exception 'language must be a code of notice_languages (en, hi, mr, ta, ...), not %', p_language
      using errcode = '22023', hint = 'language';
  end if;
  if not (p_talent_id = any (private.actable_talent_ids())) then
    raise exception 'talent % does not exist or is not yours', p_talent_id using errcode = 'PT404';
  end if;
  select * into t from public.talent_profiles tp where tp.id = p_talent_id for update;
  if not private.is_minor(t.date_of_birth) then
    raise exception 'a guardian consents only for talent under 18 (set date_of_birth)' using errcode = 'check_violation', hint = 'date_of_birth';
  end if;
  if (select count(*) from public.guardian_consents g where g.talent_id = p_talent_id and g.requested_at > now() - interval '1 day') >= 5 then
    raise exception 'five consent emails a day at most; try again tomorrow' using errcode = 'PT429';
  end if;
  -- the guardian's own choice (the language of their latest answer) before any requester's
  lang := coalesce(lang, (select g.language from public.guardian_consents g where g.talent_id = p_talent_id
                          order by g.answered_at desc nulls last, g.requested_at desc limit 1), 'en');
  update public.guardian_consents g set status = 'superseded' where g.talent_id = p_talent_id and g.status = 'pending';
  insert into public.guardian_consents (talent_id, guardian_name, guardian_email, requested_by, language)
  values (p_talent_id, t.guardian_name, t.guardian_email, auth.uid(), lang)
  returning id, expires_at into request_id, expires;
  select * into message from private.render_message('guardian.consent_request', lang, jsonb_build_object(
    'guardian', t.guardian_name, 'talent', t.stage_name,
    'deadline', case when lang = 'en' then to_char(expires at time zone 'Asia/Kolkata', 'DD Mon YYYY HH24:MI "IST"')
                     else to_char(expires at time zone 'Asia/Kolkata', 'DD/MM/YYYY HH24:MI') || ' IST' end));
  insert into public.notifications (user_id, email_to, kind, title, body, data)
  values (null, t.guardian_email, 'guardian.consent_request', message.subject,
          -- the link opens the page in the email's language (deliver-notifications puts the link first)
          case when message.language = 'en' then message.body
               else replace(message.body, '{{link}}', '{{link}}&lang=' || message.language) end,
          jsonb_build_object('guardian_consent_id', request_id, 'language', message.language));
  return request_id;
end;
$$;

create or replace function public.request_guardian_consent(talent_id uuid, language text default null)
returns uuid
language sql
set search_path = ''
as $$ select private.request_guardian_consent(talent_id, language) $$;

create or replace function private.guardian_reading_language(request public.guardian_consents, asked text)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select coalesce(private.notice_language_code(asked), request.language) $$;

create or replace function private.guardian_consent_details(token text, language text default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  request public.guardian_consents := private.guardian_request_of(token, false);
  lang text := private.guardian_reading_language(request, language);
begin
  return (
    select jsonb_build_object(
      'talent', tp.stage_name,
      'guardian_name', request.guardian_name,
      'requested_by', case when request.requested_by = tp.user_id then 'the talent'
                           when request.requested_by is null then 'CastMatch'
                           else 'the talent''s agent' end,
      'expires_at', request.expires_at,
      'language', lang,
      'purposes', (select jsonb_agg(jsonb_build_object('purpose', n.purpose, 'notice_version', n.version,
                                                       'language', shown.code, 'notice', coalesce(tr.body, n.body))
                                    order by n.purpose)
                   from unnest(request.purposes) p
                   join lateral (select * from public.consent_notices cn where cn.purpose = p
                                 order by cn.version desc limit 1) n on true
                   cross join lateral (select private.notice_language(n.purpose, n.version, array[lang]) as code) shown
                   left join public.consent_notice_translations tr
                     on tr.purpose = n.purpose and tr.notice_version = n.version and tr.language = shown.code))
    from public.talent_profiles tp where tp.id = request.talent_id);
end;
$$;

create or replace function private.answer_guardian_consent(token text, give boolean, chosen public.consent_purpose[], evidence jsonb,
                                                           language text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.guardian_consents := private.guardian_request_of(token, true);
  child uuid := (select tp.user_id from public.talent_profiles tp where tp.id = request.talent_id);
  lang text := private.guardian_reading_language(request, language);
  p public.consent_purpose;
  current_version integer;
  message record;
begin
  if give and (coalesce(cardinality(chosen), 0) = 0 or not (chosen <@ request.purposes)) then
    raise exception 'purposes must be some of %', request.purposes using errcode = '22023', hint = 'purposes';
  end if;
  update public.guardian_consents g
     set status = case when give then 'given' else 'refused' end, answered_at = now(),
         answered_purposes = case when give then chosen else '{}' end, evidence = answer_guardian_consent.evidence,
         language = lang
   where g.id = request.id;
  if give then
    foreach p in array chosen loop
      current_version := (select max(n.version) from public.consent_notices n where n.purpose = p);
      update public.consents c set withdrawn_at = now() where c.user_id = child and c.purpose = p and c.withdrawn_at is null;
      insert into public.consents (user_id, purpose, notice_version, given_by, guardian_consent_id, notice_language)
      values (child, p, current_version, 'guardian', request.id, private.notice_language(p, current_version, array[lang]));
    end loop;
    update public.talent_profiles tp set guardian_consent_at = now() where tp.id = request.talent_id;
  end if;
  -- the talent and their agents hear the answer (not the guardian's details)
  insert into public.notifications (user_id, kind, title, body, data)
  select u, 'guardian.consent_answered',
         case when give then 'Your guardian gave consent' else 'Your guardian did not give consent' end,
         case when give then 'Your profile can now be shown to casting teams.' else 'Your profile stays hidden from casting teams.' end,
         jsonb_build_object('talent_id', request.talent_id, 'status', case when give then 'given' else 'refused' end)
  from unnest(private.talent_audience(request.talent_id)) u;
  -- the guardian's receipt, in the language they answered in
  select * into message from private.render_message(case when give then 'guardian.consent_given' else 'guardian.consent_refused' end,
    lang, jsonb_build_object('guardian', request.guardian_name,
                             'talent', (select tp.stage_name from public.talent_profiles tp where tp.id = request.talent_id)));
  insert into public.notifications (user_id, email_to, kind, title, body, data)
  values (null, request.guardian_email, 'guardian.consent_receipt', message.subject, message.body,
          jsonb_build_object('guardian_consent_id', request.id, 'language', message.language));
  return jsonb_build_object('status', case when give then 'given' else 'refused' end,
                            'purposes', case when give then to_jsonb(chosen) else '[]'::jsonb end);
end;
$$;

create or replace function public.guardian_consent_details(token text, language text default null)
returns jsonb
language sql
stable
set search_path = ''
as $$ select private.guardian_consent_details(token, language) $$;

create or replace function public.answer_guardian_consent(token text, give boolean, purposes text[] default '{}',
                                                          evidence jsonb default null, language text default null)
returns jsonb
language sql
set search_path = ''
as $$ select private.answer_guardian_consent(token, give, purposes::public.consent_purpose[], private.jsonb_unwrapped(evidence), language) $$;

-- Who may read and write them (policies/15_consent.sql, 16_consent_languages.sql, 21_guardians.sql).
-- notice_languages: anyone reads which languages notices can be read in; the list (English and
-- the 22 Eighth-Schedule languages) is fixed by the schema, so nobody writes it.
alter table public.notice_languages enable row level security;
revoke all on public.notice_languages from anon, authenticated;
grant select on public.notice_languages to anon, authenticated;

create policy "Anyone reads the notice languages" on public.notice_languages
  for select to anon, authenticated using (true);

-- consent_notice_translations: whoever may read the notices reads their translations (anyone);
-- admins publish a translation (stamped by the database); nobody edits or removes one.
alter table public.consent_notice_translations enable row level security;
revoke all on public.consent_notice_translations from anon, authenticated;
grant select on public.consent_notice_translations to anon, authenticated;
grant insert (purpose, notice_version, language, body, translated_by, reviewed_by, reviewed_on)
  on public.consent_notice_translations to authenticated;

create policy "Anyone reads the notice translations" on public.consent_notice_translations
  for select to anon, authenticated using (true);
create policy "Admins publish notice translations" on public.consent_notice_translations
  for insert to authenticated with check ((select private.is_admin()));

-- notice_translations_status: a view over the two (security_invoker), readable as they are.
revoke all on public.notice_translations_status from anon, authenticated;
grant select on public.notice_translations_status to anon, authenticated;

-- (signed-in callers: anon executes no function in public; anyone reads the tables and the view)
grant execute on function private.notice_language(public.consent_purpose, integer, text[]),
  public.consent_notices_in(text[]) to authenticated, service_role;

grant insert (notice_language) on public.consents to authenticated;

-- message_templates: not exposed; only the functions that send the guardian's emails read it.
-- consent_notice_translations: see policies/15_consent.sql (it is where the notices are).
revoke all on private.message_templates from public, anon, authenticated, service_role;
grant execute on function private.notice_language_code(text), private.render_message(text, text, jsonb) to service_role;

grant execute on function private.request_guardian_consent(uuid, text), public.request_guardian_consent(uuid, text) to authenticated;
grant execute on function private.guardian_token(uuid), private.guardian_request_of(text, boolean),
  private.guardian_reading_language(public.guardian_consents, text),
  private.guardian_consent_details(text, text), private.answer_guardian_consent(text, boolean, public.consent_purpose[], jsonb, text),
  public.guardian_consent_details(text, text), public.answer_guardian_consent(text, boolean, text[], jsonb, text)
  to service_role;

-- The two new exposed tables are bound like every other (sql/97_safety.sql).
create trigger bound_updated_rows after update on public.notice_languages referencing old table as changed_rows
  for each statement when (current_user in ('anon', 'authenticated')) execute function private.bound_affected_rows();
create trigger bound_deleted_rows after delete on public.notice_languages referencing old table as changed_rows
  for each statement when (current_user in ('anon', 'authenticated')) execute function private.bound_affected_rows();
create trigger bound_updated_rows after update on public.consent_notice_translations referencing old table as changed_rows
  for each statement when (current_user in ('anon', 'authenticated')) execute function private.bound_affected_rows();
create trigger bound_deleted_rows after delete on public.consent_notice_translations referencing old table as changed_rows
  for each statement when (current_user in ('anon', 'authenticated')) execute function private.bound_affected_rows();
