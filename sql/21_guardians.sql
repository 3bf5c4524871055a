-- Children (DPDP Act, 2023, section 9): a profile of someone under 18 is processed only after a
-- guardian's verifiable consent, which the guardian gives themselves:
--   1. the talent (or their agent) calls rpc('request_guardian_consent', { talent_id }): a request
--      is recorded and an email queued to the guardian's address (notifications.email_to);
--   2. deliver-notifications sends it with a signed link, minted at sending time and stored
--      nowhere: <project>/functions/v1/guardian-consent?token=<request id>.<HMAC of the id>;
--   3. the guardian opens the link (the guardian-consent function, no account needed), reads the
--      notices and answers; the answer becomes consents given_by 'guardian' for the child.
-- The guardian reads all of it (email, page, notices, the receipt email) in one language: the one
-- the requester names (request_guardian_consent(talent_id, language)), else the one the guardian
-- last chose for this child, else English; on the page the guardian may switch, and the language
-- they answer in becomes their choice (sql/16_consent_languages.sql holds the texts).
-- The link stops working when it expires (72 hours), when it is answered, or when a newer
-- request replaces it. Until then the profile is seen only by the talent, their agents and
-- admins (talent_profiles.discoverable is false), the talent cannot submit, nobody may send them
-- marketing, and no activity signal ever ranks them (private.hybrid_rank has none).

create table private.guardian_secret (
  singleton boolean primary key default true check (singleton),
  secret bytea not null default extensions.gen_random_bytes(32)
);
insert into private.guardian_secret default values;

create table public.guardian_consents (
  id uuid primary key default gen_random_uuid(),
  talent_id uuid not null references public.talent_profiles (id) on delete cascade,  -- cascade: the child's own record (erasure)
  guardian_name text not null check (char_length(guardian_name) <= 200),
  guardian_email text not null check (guardian_email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  -- what the guardian is asked to allow; never marketing
  purposes public.consent_purpose[] not null default '{casting_visibility,contact_sharing}'
    check (cardinality(purposes) > 0 and not ('marketing_email' = any (purposes))),
  requested_by uuid default auth.uid() references auth.users (id) on delete set null,
  requested_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '72 hours',
  status text not null default 'pending' check (status in ('pending', 'given', 'refused', 'superseded')),
  answered_at timestamptz,
  answered_purposes public.consent_purpose[],
  -- what the guardian's browser said when answering (user agent, forwarded address), as evidence
  evidence jsonb check (evidence is null or jsonb_typeof(evidence) = 'object'),
  check ((status in ('given', 'refused')) = (answered_at is not null)),
  -- the language the guardian reads (a notice_languages code): see the top of this file
  language text not null default 'en' check (language ~ '^[a-z]{2,3}$')
);
create index guardian_consents_talent_idx on public.guardian_consents (talent_id, requested_at desc);
create index guardian_consents_requested_by_idx on public.guardian_consents (requested_by);
create trigger guardian_consents_audit after insert or update of status on public.guardian_consents
  for each row execute function private.audit_change();

alter table public.consents
  add foreign key (guardian_consent_id) references public.guardian_consents (id) on delete cascade;  -- cascade: with the child's record (erasure)
create index consents_guardian_consent_idx on public.consents (guardian_consent_id);

-- The link's token: the request id and an HMAC of it (cannot be forged or guessed).
create or replace function private.guardian_token(request uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select request::text || '.' || encode(extensions.hmac(convert_to('guardian:' || request::text, 'utf8'),
                                                        (select s.secret from private.guardian_secret s), 'sha256'), 'hex')
$$;

-- The request a token opens, or an error a person can read: 404 unknown or forged, 410 expired
-- or replaced, 409 already answered.
create or replace function private.guardian_request_of(token text, for_update boolean)
returns public.guardian_consents
language plpgsql
security definer
set search_path = ''
as $$
declare
  request public.guardian_consents;
  request_id uuid;
begin
  if token is null or token !~ '^[0-9a-f-]{36}\.[0-9a-f]{64}$' then
    raise exception 'this consent link is not valid' using errcode = 'PT404';
  end if;
  request_id := split_part(token, '.', 1)::uuid;
  if private.guardian_token(request_id) <> token then
    raise exception 'this consent link is not valid' using errcode = 'PT404';
  end if;
  if for_update then
    select * into request from public.guardian_consents g where g.id = request_id for update;
  else
    select * into request from public.guardian_consents g where g.id = request_id;
  end if;
  if not found then
    raise exception 'this consent link is not valid' using errcode = 'PT404';
  end if;
  if request.status = 'superseded' then
    raise exception 'this consent link was replaced by a newer one; use the latest email' using errcode = 'PT410';
  end if;
  if request.status <> 'pending' then
    raise exception 'this consent request was already answered (%)', request.status using errcode = 'PT409';
  end if;
  if request.expires_at < now() then
    raise exception 'this consent link expired at %; ask for a new one', request.expires_at using errcode = 'PT410';
  end if;
  return request;
end;
$$;

-- The talent or their agent asks the guardian named on the profile, in the guardian's language
-- (p_language; default: the guardian's last choice for this child, else English). A newer
-- request replaces any pending one; at most five a day per talent, so nobody is flooded with email.
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

-- The language a guardian reads a request in: the one asked for (a notice language), else the
-- request's. The page and the answer resolve it alike, so a consent records what was shown.
create or replace function private.guardian_reading_language(request public.guardian_consents, asked text)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select coalesce(private.notice_language_code(asked), request.language) $$;

-- What the guardian reads before answering (guardian-consent function, service role), in
-- `language` (else the request's): each notice in it when it has a translation of the current
-- version, else in English; `language` on each says which.
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

-- The guardian's answer: give (some or all of the purposes asked) or refuse, having read the
-- notices in `language` (resolved as guardian_consent_details does). Giving records a consent
-- per purpose for the child, given_by 'guardian', to the current notice, in the language its
-- text was shown in. That language becomes the guardian's, and a receipt is emailed in it.
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

-- (purposes as text[]: @supabase/lite 0.10.0 sends an RPC's enum-array argument as "a,b", which
-- PostgreSQL refuses as a malformed array; text[] arrives intact and is cast here.)
create or replace function public.answer_guardian_consent(token text, give boolean, purposes text[] default '{}',
                                                          evidence jsonb default null, language text default null)
returns jsonb
language sql
set search_path = ''
as $$ select private.answer_guardian_consent(token, give, purposes::public.consent_purpose[], private.jsonb_unwrapped(evidence), language) $$;
