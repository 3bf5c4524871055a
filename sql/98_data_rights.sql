-- Data rights under India's DPDP Act, 2023: access (the export-my-data function) and erasure (the
-- delete-account function). Both run as the signed-in person: the functions below read auth.uid(),
-- never a user id from the caller.
--
-- Export: private.export_part(part, after, page_size) pages through one part of everything about
-- the caller (keyset on k), private.export_audience() says who else can see each part, and
-- private.claim_data_export() rate-limits (3 an hour per person, recorded here so that it holds
-- across function restarts).
--
-- Erasure, in three steps (delete-account):
--   1. account_erasure_preview(): what will be erased and what kept (pseudonymised), anything that
--      blocks it (being the only owner of a project or agency others depend on), and a
--      confirmation token (HMAC of the user id and an expiry 15 minutes ahead);
--   2. begin_account_erasure(token): consents are withdrawn at once (the profile disappears), the
--      erasure is recorded, and the person's storage objects are listed for the function to remove
--      through the Storage API;
--   3. finish_account_erasure(token): private.erase_user pseudonymises what must be kept (booked
--      offers, submissions and bookings others' records hang on, budget lines, others' notes, the
--      audit log: the person becomes a random pseudonym and their identifiers are scrubbed from
--      kept text), deletes everything else, revokes every session and refresh token and deletes
--      the auth user. tests/db/019_erasure.sql then finds none of the person's name, email, phone
--      or date of birth in any column of any table, and fails when a new text, jsonb or date
--      column of public or private is not classified there.
-- No grace period: erasure happens when confirmed (the preview is the pause).

create table private.data_exports (
  user_id uuid not null references auth.users (id) on delete cascade,  -- cascade: the person's own (erasure)
  requested_at timestamptz not null default now()
);
create index data_exports_user_idx on private.data_exports (user_id, requested_at desc);

create table private.erasures (
  id uuid primary key default gen_random_uuid(),
  -- set null: once the account is gone nothing links this record to the person
  user_id uuid unique references auth.users (id) on delete set null,
  pseudonym uuid not null default gen_random_uuid(),
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  summary jsonb
);

create table private.erasure_secret (
  singleton boolean primary key default true check (singleton),
  secret bytea not null default extensions.gen_random_bytes(32)
);
insert into private.erasure_secret default values;

-- The talent's account is being erased (between begin and finish): their self-tapes may go.
create or replace function private.erasing_talent(talent uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from private.erasures e join public.talent_profiles tp on tp.user_id = e.user_id
                 where tp.id = talent and e.completed_at is null)
$$;

-- ── Export ──────────────────────────────────────────────────────────────────────────────────

create or replace function private.export_parts()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['account', 'profile', 'roles', 'role_requests', 'consents', 'talent_profiles', 'talent_contacts', 'talent_media',
               'talent_credits', 'guardian_consents', 'representations', 'agency_memberships', 'project_memberships',
               'submissions', 'audition_bookings', 'offers', 'self_tape_requests', 'project_invitations', 'nda_acceptances',
               'shortlist_votes', 'evaluations_written', 'notifications', 'audit_entries']
$$;

-- A project's title for the caller, unless it is confidential and its NDA is not accepted.
create or replace function private.project_label(project uuid, cleared uuid[])
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case when not p.is_confidential or p.id = any (cleared) then p.title else 'a confidential project' end
  from public.projects p where p.id = project
$$;

-- The people of a project who may read the caller's records there, by project role.
create or replace function private.project_audience(project uuid, roles public.project_role[], cleared uuid[])
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('project', private.project_label(project, cleared),
    'people', coalesce(jsonb_agg(jsonb_build_object('name', nullif(pr.full_name, ''), 'project_role', pm.project_role)
                                 order by pm.project_role, pr.full_name), '[]'))
  from public.project_members pm
  left join public.profiles pr on pr.id = pm.user_id
  where pm.project_id = project and pm.project_role = any (roles) and pm.user_id <> auth.uid()
$$;

-- Who else can see each part, as the policies decide it today.
create or replace function private.export_audience()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  tids uuid[] := array(select tp.id from public.talent_profiles tp where tp.user_id = uid);
  cleared uuid[] := private.nda_cleared_project_ids();
  casting constant public.project_role[] := '{owner,casting_director,associate}';
  admins constant jsonb := '"CastMatch admins"';
  agents jsonb;
  met_projects uuid[];
  shown boolean;
  profile_audience jsonb;
  contact_audience jsonb;
  applied_to jsonb;
begin
  agents := coalesce((select jsonb_agg(distinct jsonb_build_object('agency', a.name, 'agent', nullif(pr.full_name, '')))
                      from public.representations r
                      join public.agencies a on a.id = r.agency_id
                      join public.agency_members am on am.agency_id = r.agency_id
                      left join public.profiles pr on pr.id = am.user_id
                      where r.talent_id = any (tids) and r.status = 'accepted'), '[]');
  met_projects := array(select s.project_id from public.submissions s where s.talent_id = any (tids)
                        union select i.project_id from public.shortlist_items i where i.talent_id = any (tids));
  shown := exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.discoverable);
  -- what each submission shares, whatever the general consent says (private.submission_sharing)
  applied_to := coalesce((select jsonb_agg(private.submission_sharing(s.id) order by s.created_at)
                          from public.submissions s where s.talent_id = any (tids) and s.status <> 'withdrawn'), '[]');
  profile_audience := jsonb_build_array(jsonb_build_object('your agents', agents), admins)
    || case when not shown then '[]'::jsonb else
         (case when exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.visibility = 'public')
               then '["anyone, including visitors of the casting board"]'::jsonb
               when exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.visibility = 'casting_only')
               then '["every verified casting director"]'::jsonb else '[]'::jsonb end)
         || coalesce((select jsonb_agg(private.project_audience(p, enum_range(null::public.project_role), cleared))
                      from unnest(met_projects) p), '[]') end;
  contact_audience := jsonb_build_array(jsonb_build_object('your agents', agents), admins)
    || case when exists (select 1 from public.talent_profiles tp where tp.id = any (tids) and tp.contacts_shared)
            then coalesce((select jsonb_agg(private.project_audience(p, casting, cleared)) from unnest(met_projects) p), '[]')
            else '[]'::jsonb end;
  return jsonb_build_object(
    'account', '["nobody through the API; CastMatch operators run the database"]'::jsonb,
    'profile', '["every signed-in CastMatch user sees your name"]'::jsonb,
    'roles', jsonb_build_array(admins),
    'role_requests', jsonb_build_array(admins),
    'consents', jsonb_build_array(admins),
    'talent_profiles', jsonb_build_object('profile', profile_audience,
                                          'shared through your submissions', applied_to,
                                          'date_of_birth and guardian', jsonb_build_array(jsonb_build_object('your agents', agents), admins)),
    'talent_contacts', contact_audience,
    'talent_media', jsonb_build_object('headshots and reels', profile_audience,
      'attached to your submissions (media_ids)', applied_to,
      'self-tapes', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
        || coalesce((select jsonb_agg(distinct private.project_audience(r.project_id, casting, cleared))
                     from public.self_tape_requests r where r.talent_id = any (tids)), '[]')),
    'talent_credits', profile_audience,
    'guardian_consents', jsonb_build_array(jsonb_build_object('your agents', agents), admins),
    'representations', jsonb_build_array(jsonb_build_object('your agents', agents), admins),
    'agency_memberships', jsonb_build_array('the other members of the agency', admins),
    'project_memberships', jsonb_build_array('the other members of each project', admins),
    'submissions', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(s.project_id, casting, cleared))
                   from public.submissions s where s.talent_id = any (tids)), '[]'),
    'audition_bookings', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(b.project_id, casting, cleared))
                   from public.audition_bookings b where b.talent_id = any (tids)), '[]'),
    'offers', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(o.project_id, '{owner,casting_director,associate,producer}', cleared))
                   from public.offers o where o.talent_id = any (tids)), '[]'),
    'self_tape_requests', jsonb_build_array(jsonb_build_object('your agents', agents), admins)
      || coalesce((select jsonb_agg(distinct private.project_audience(r.project_id, casting, cleared))
                   from public.self_tape_requests r where r.talent_id = any (tids)), '[]'),
    'project_invitations', jsonb_build_array(jsonb_build_object('your agents', agents), 'the casting team of each project', admins),
    'nda_acceptances', jsonb_build_array('the owners of each project', admins),
    'shortlist_votes', jsonb_build_array('the other members of each project', admins),
    'evaluations_written', jsonb_build_array('the casting team of each project', admins),
    'notifications', jsonb_build_array(admins),
    'audit_entries', jsonb_build_array(admins));
end;
$$;

-- Three exports an hour per person; answers the parts and who sees them.
create or replace function private.claim_data_export()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  oldest timestamptz;
begin
  if uid is null then
    raise exception 'sign in to export your data' using errcode = '42501';
  end if;
  select min(e.requested_at) into oldest from (
    select d.requested_at from private.data_exports d where d.user_id = uid and d.requested_at > now() - interval '1 hour'
    order by d.requested_at desc limit 3) e
  having count(*) >= 3;
  if oldest is not null then
    raise exception 'three exports an hour at most; the next one is possible in % seconds',
      ceil(extract(epoch from oldest + interval '1 hour' - now()))::integer
      using errcode = 'PT429', hint = ceil(extract(epoch from oldest + interval '1 hour' - now()))::integer::text;
  end if;
  insert into private.data_exports (user_id) values (uid);
  delete from private.data_exports d where d.user_id = uid and d.requested_at < now() - interval '1 day';
  return jsonb_build_object('user_id', uid, 'exported_at', now(), 'parts', to_jsonb(private.export_parts()),
                            'audience', private.export_audience());
end;
$$;

-- One page of one part: rows after key `after`, in key order.
create or replace function private.export_part(part text, after text, page_size integer)
returns table (k text, item jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  tids uuid[];
  cleared uuid[];
  a text := coalesce(after, '');
  n integer := least(greatest(coalesce(page_size, 500), 1), 1000);
begin
  if uid is null then
    raise exception 'sign in to export your data' using errcode = '42501';
  end if;
  if not (part = any (private.export_parts())) then
    raise exception 'part must be one of %', array_to_string(private.export_parts(), ', ') using errcode = '22023', hint = 'part';
  end if;
  tids := array(select tp.id from public.talent_profiles tp where tp.user_id = uid);
  cleared := private.nda_cleared_project_ids();
  case part
  when 'account' then
    return query select u.id::text, jsonb_build_object('email', u.email, 'phone', u.phone, 'created_at', u.created_at,
      'last_sign_in_at', u.last_sign_in_at, 'email_confirmed_at', u.email_confirmed_at,
      'sign_in_methods', (select jsonb_agg(i.provider) from auth.identities i where i.user_id = u.id))
    from auth.users u where u.id = uid and u.id::text > a;
  when 'profile' then
    return query select p.id::text, to_jsonb(p) from public.profiles p where p.id = uid and p.id::text > a;
  when 'roles' then
    return query select r.id::text, jsonb_build_object('role', r.role, 'granted_at', r.granted_at)
    from public.user_roles r where r.user_id = uid and r.id::text > a order by 1 limit n;
  when 'role_requests' then
    return query select r.id::text, to_jsonb(r) - 'reviewed_by' from public.role_requests r
    where r.user_id = uid and r.id::text > a order by 1 limit n;
  when 'consents' then
    return query select c.id::text, to_jsonb(c) || jsonb_build_object('notice',
      (select n2.body from public.consent_notices n2 where n2.purpose = c.purpose and n2.version = c.notice_version))
    from public.consents c where c.user_id = uid and c.id::text > a order by 1 limit n;
  when 'talent_profiles' then
    return query select t.id::text, to_jsonb(t) - 'embedding' - 'search_tsv'
    from public.talent_profiles t where t.id = any (tids) and t.id::text > a order by 1 limit n;
  when 'talent_contacts' then
    return query select c.talent_id::text, to_jsonb(c) from public.talent_contacts c
    where c.talent_id = any (tids) and c.talent_id::text > a order by 1 limit n;
  when 'talent_media' then
    return query select m.id::text, to_jsonb(m) from public.talent_media m
    where m.talent_id = any (tids) and m.id::text > a order by 1 limit n;
  when 'talent_credits' then
    return query select c.id::text, to_jsonb(c) from public.talent_credits c
    where c.talent_id = any (tids) and c.id::text > a order by 1 limit n;
  when 'guardian_consents' then
    return query select g.id::text, to_jsonb(g) from public.guardian_consents g
    where g.talent_id = any (tids) and g.id::text > a order by 1 limit n;
  when 'representations' then
    return query select r.id::text, to_jsonb(r) - 'proposed_by' || jsonb_build_object('agency', ag.name)
    from public.representations r join public.agencies ag on ag.id = r.agency_id
    where r.talent_id = any (tids) and r.id::text > a order by 1 limit n;
  when 'agency_memberships' then
    return query select m.id::text, jsonb_build_object('agency', ag.name, 'agency_role', m.agency_role, 'since', m.created_at)
    from public.agency_members m join public.agencies ag on ag.id = m.agency_id
    where m.user_id = uid and m.id::text > a order by 1 limit n;
  when 'project_memberships' then
    return query select m.id::text, jsonb_build_object('project_id', m.project_id, 'project', private.project_label(m.project_id, cleared),
      'project_role', m.project_role, 'since', m.created_at)
    from public.project_members m where m.user_id = uid and m.id::text > a order by 1 limit n;
  when 'submissions' then
    return query select s.id::text, to_jsonb(s) - 'submitted_by' || jsonb_build_object(
      'sharing', private.submission_sharing(s.id),
      'project', private.project_label(s.project_id, cleared),
      'role', case when private.project_label(s.project_id, cleared) = 'a confidential project' then null
                   else (select cr.name from public.casting_roles cr where cr.id = s.casting_role_id) end)
    from public.submissions s where s.talent_id = any (tids) and s.id::text > a order by 1 limit n;
  when 'audition_bookings' then
    return query select b.id::text, to_jsonb(b) - 'booked_by' || jsonb_build_object('project', private.project_label(b.project_id, cleared))
    from public.audition_bookings b where b.talent_id = any (tids) and b.id::text > a order by 1 limit n;
  when 'offers' then
    return query select o.id::text, to_jsonb(o) - 'created_by' || jsonb_build_object('project', private.project_label(o.project_id, cleared))
    from public.offers o where o.talent_id = any (tids) and o.id::text > a order by 1 limit n;
  when 'self_tape_requests' then
    return query select r.id::text, to_jsonb(r) - 'requested_by' || jsonb_build_object('project', private.project_label(r.project_id, cleared))
    from public.self_tape_requests r where r.talent_id = any (tids) and r.id::text > a order by 1 limit n;
  when 'project_invitations' then
    return query select i.id::text, to_jsonb(i) - 'invited_by' || jsonb_build_object('project', private.project_label(i.project_id, cleared))
    from public.project_invitations i where i.talent_id = any (tids) and i.id::text > a order by 1 limit n;
  when 'nda_acceptances' then
    return query select x.id::text, to_jsonb(x) || jsonb_build_object('project', private.project_label(x.project_id, cleared))
    from public.nda_acceptances x where x.user_id = uid and x.id::text > a order by 1 limit n;
  when 'shortlist_votes' then
    return query select v.id::text, to_jsonb(v) from public.shortlist_votes v where v.user_id = uid and v.id::text > a order by 1 limit n;
  when 'evaluations_written' then
    return query select e.id::text, to_jsonb(e) from public.submission_evaluations e where e.author_id = uid and e.id::text > a order by 1 limit n;
  when 'notifications' then
    return query select x.id::text, to_jsonb(x) from public.notifications x where x.user_id = uid and x.id::text > a order by 1 limit n;
  when 'audit_entries' then
    -- what the audit log says the person did, and what it recorded about their rows
    return query select lpad(l.id::text, 20, '0'), to_jsonb(l) from public.audit_log l
    where lpad(l.id::text, 20, '0') > a
      and (l.actor_id = uid or l.new_data ->> 'user_id' = uid::text or l.old_data ->> 'user_id' = uid::text
           or l.new_data ->> 'talent_id' = any (tids::text[]) or l.old_data ->> 'talent_id' = any (tids::text[]))
    order by 1 limit n;
  end case;
end;
$$;

create or replace function public.claim_data_export()
returns jsonb
language sql
set search_path = ''
as $$ select private.claim_data_export() $$;

create or replace function public.export_my_data_part(part text, after text default null, page_size integer default 500)
returns table (k text, item jsonb)
language sql
stable
set search_path = ''
as $$ select * from private.export_part(part, after, page_size) $$;

-- ── Erasure ─────────────────────────────────────────────────────────────────────────────────

create or replace function private.erasure_token(uid uuid, expires bigint)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select expires::text || '.' || encode(extensions.hmac(convert_to('erase:' || uid::text || ':' || expires::text, 'utf8'),
                                                        (select s.secret from private.erasure_secret s), 'sha256'), 'hex')
$$;

-- The caller, when the token is theirs and still valid.
create or replace function private.erasure_caller(token text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  expires bigint;
begin
  if uid is null then
    raise exception 'sign in to delete your account' using errcode = '42501';
  end if;
  if token is null or token !~ '^\d{1,12}\.[0-9a-f]{64}$' then
    raise exception 'confirm_token is not a confirmation token' using errcode = '22023', hint = 'confirm_token';
  end if;
  expires := split_part(token, '.', 1)::bigint;
  if private.erasure_token(uid, expires) <> token then
    raise exception 'confirm_token was not issued to you' using errcode = '42501', hint = 'confirm_token';
  end if;
  if expires < extract(epoch from now()) then
    raise exception 'confirm_token expired; ask for a new one' using errcode = '22023', hint = 'confirm_token';
  end if;
  return uid;
end;
$$;

-- What keeps the account from being erased now: being the only owner of a project or agency that
-- others are part of.
create or replace function private.erasure_blockers(uid uuid)
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select array(
    select format('you are the only owner of the project "%s", which others'' records depend on: make another member its owner first', p.title)
    from public.project_members pm join public.projects p on p.id = pm.project_id
    where pm.user_id = uid and pm.project_role = 'owner'
      and not exists (select 1 from public.project_members o where o.project_id = pm.project_id and o.project_role = 'owner' and o.user_id <> uid)
      and (exists (select 1 from public.project_members o where o.project_id = pm.project_id and o.user_id <> uid)
           or private.dependents_of('projects', p.id) is not null)
    union all
    select format('you are the only owner of the agency "%s", which has other members: make one of them its owner first', ag.name)
    from public.agency_members am join public.agencies ag on ag.id = am.agency_id
    where am.user_id = uid and am.agency_role = 'owner'
      and not exists (select 1 from public.agency_members o where o.agency_id = am.agency_id and o.agency_role = 'owner' and o.user_id <> uid)
      and exists (select 1 from public.agency_members o where o.agency_id = am.agency_id and o.user_id <> uid)
    order by 1)
$$;

-- Talent profiles of the person that others' records hang on (kept as pseudonymous tombstones).
create or replace function private.talent_with_records(tids uuid[])
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select array(select t from unnest(tids) t
               where exists (select 1 from public.submissions s where s.talent_id = t)
                  or exists (select 1 from public.offers o where o.talent_id = t)
                  or exists (select 1 from public.audition_bookings b where b.talent_id = t)
                  or exists (select 1 from public.shortlist_items i where i.talent_id = t)
                  or exists (select 1 from public.self_tape_requests r where r.talent_id = t))
$$;

-- Step 1: what will happen, and the token to confirm it.
create or replace function private.account_erasure_preview()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  tids uuid[];
  kept uuid[];
  expires bigint := extract(epoch from now() + interval '15 minutes')::bigint;
begin
  if uid is null then
    raise exception 'sign in to delete your account' using errcode = '42501';
  end if;
  tids := array(select tp.id from public.talent_profiles tp where tp.user_id = uid);
  kept := private.talent_with_records(tids);
  return jsonb_build_object(
    'confirm_token', private.erasure_token(uid, expires),
    'expires_at', to_timestamp(expires),
    'blockers', to_jsonb(private.erasure_blockers(uid)),
    'will_erase', jsonb_build_object(
      'account', 'your sign-in, every session and refresh token',
      'profile', (select count(*) from public.profiles p where p.id = uid),
      'talent_profiles', cardinality(tids),
      'contacts', (select count(*) from public.talent_contacts c where c.talent_id = any (tids)),
      'media_files', (select count(*) from storage.objects o where o.bucket_id in ('headshots', 'reels', 'self-tapes')
                      and private.talent_of_path(o.name) = any (tids)),
      'credits', (select count(*) from public.talent_credits c where c.talent_id = any (tids)),
      'consents', (select count(*) from public.consents c where c.user_id = uid),
      'notifications', (select count(*) from public.notifications n where n.user_id = uid),
      'memberships', (select count(*) from public.project_members m where m.user_id = uid)
                   + (select count(*) from public.agency_members m where m.user_id = uid),
      'notes_you_wrote', (select count(*) from public.submission_evaluations e where e.author_id = uid),
      'votes', (select count(*) from public.shortlist_votes v where v.user_id = uid)),
    'will_keep_pseudonymised', jsonb_build_object(
      'talent_profiles', cardinality(kept),
      'submissions', (select count(*) from public.submissions s where s.talent_id = any (kept)),
      'offers', (select count(*) from public.offers o where o.talent_id = any (kept)),
      'booked_offers', (select count(*) from public.offers o where o.talent_id = any (kept) and o.status = 'accepted'),
      'audition_bookings', (select count(*) from public.audition_bookings b where b.talent_id = any (kept)),
      'notes_by_others', (select count(*) from public.submission_evaluations e join public.submissions s on s.id = e.submission_id
                          where s.talent_id = any (kept)) + (select count(*) from public.shortlist_items i where i.talent_id = any (kept)),
      'projects_you_created', (select count(*) from public.projects p where p.created_by = uid),
      'audit_entries', (select count(*) from public.audit_log l where l.actor_id = uid)),
    'grace_period', 'none: the account is erased when you confirm');
end;
$$;

-- Step 2: start. Withdraws every consent (the profile leaves every list now) and lists the files.
create or replace function private.begin_account_erasure(token text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.erasure_caller(token);
  blockers text[] := private.erasure_blockers(uid);
begin
  if cardinality(blockers) > 0 then
    raise exception '%', array_to_string(blockers, '; ') using errcode = 'PT409';
  end if;
  insert into private.erasures (user_id) values (uid) on conflict (user_id) do nothing;
  update public.consents c set withdrawn_at = now() where c.user_id = uid and c.withdrawn_at is null;
  return jsonb_build_object('objects', coalesce((
    select jsonb_agg(jsonb_build_object('bucket', o.bucket_id, 'name', o.name) order by o.bucket_id, o.name)
    from storage.objects o
    where o.bucket_id in ('headshots', 'reels', 'self-tapes')
      and private.talent_of_path(o.name) in (select tp.id from public.talent_profiles tp where tp.user_id = uid)), '[]'));
end;
$$;

-- A text with every identifier replaced (case-insensitively).
create or replace function private.scrub(value text, needles text[], replacement text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  needle text;
begin
  if value is null then
    return null;
  end if;
  foreach needle in array coalesce(needles, '{}') loop
    value := regexp_replace(value, regexp_replace(needle, '([.*+?^${}()|\[\]\\])', '\\\1', 'g'), replacement, 'gi');
  end loop;
  return value;
end;
$$;

-- The same for every string in a JSON document (keys and structure stay).
create or replace function private.scrub_jsonb(doc jsonb, needles text[], replacement text)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case jsonb_typeof(doc)
    when 'object' then (select coalesce(jsonb_object_agg(e.key, private.scrub_jsonb(e.value, needles, replacement)), '{}')
                        from jsonb_each(doc) e)
    when 'array' then (select coalesce(jsonb_agg(private.scrub_jsonb(e.value, needles, replacement) order by e.i), '[]')
                       from jsonb_array_elements(doc) with ordinality e (value, i))
    when 'string' then to_jsonb(private.scrub(doc #>> '{}', needles, replacement))
    else doc end
$$;

-- The user id inside audit entries' documents becomes the pseudonym (only those written in this
-- transaction when `just_now`).
create or replace function private.pseudonymise_audit_documents(uid uuid, pseudonym text, just_now boolean)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.audit_log l
     set new_data = replace(l.new_data::text, uid::text, pseudonym)::jsonb,
         old_data = replace(l.old_data::text, uid::text, pseudonym)::jsonb
   where (not just_now or l.occurred_at = now())
     and (l.new_data::text like '%' || uid::text || '%' or l.old_data::text like '%' || uid::text || '%')
$$;

-- The erasure proper, as the owner. Pseudonymises what must be kept and deletes the rest.
create or replace function private.erase_user(uid uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
set statement_timeout = '5min'
as $$
declare
  pseudonym text := (select e.pseudonym::text from private.erasures e where e.user_id = uid);
  tids uuid[] := array(select tp.id from public.talent_profiles tp where tp.user_id = uid);
  kept uuid[] := private.talent_with_records(tids);
  guardian_requests uuid[] := array(select g.id from public.guardian_consents g where g.talent_id = any (tids));
  needles text[];
  patterns text[];
  outcome jsonb;
  n integer;
begin
  -- the platform acts now, not the person (rules about what a person may do to their own rows do
  -- not apply to their erasure), and the few immutable records open up for pseudonymisation
  perform set_config('castmatch.erasure', 'on', true);
  perform set_config('request.jwt.claim.sub', '', true);
  perform set_config('request.jwt.claim.role', '', true);
  perform set_config('request.jwt.claims', '', true);

  -- What identifies the person, wherever it was written: account, names, contacts, birth date,
  -- guardian. (Shorter than four characters would scrub ordinary words.)
  needles := array(
    select distinct v from unnest(
      array[(select u.email::text from auth.users u where u.id = uid),
            (select u.phone from auth.users u where u.id = uid),
            (select p.full_name from public.profiles p where p.id = uid),
            (select private.jsonb_unwrapped(u.raw_user_meta_data) ->> 'full_name' from auth.users u where u.id = uid)]
      || array(select x from public.talent_profiles tp,
                 unnest(array[tp.stage_name, tp.date_of_birth::text, tp.guardian_name, tp.guardian_phone, tp.guardian_email]) x
               where tp.id = any (tids))
      || array(select x from public.talent_contacts c, unnest(array[c.phone, c.email, c.whatsapp]) x where c.talent_id = any (tids))
      || array(select x from public.guardian_consents g, unnest(array[g.guardian_name, g.guardian_email]) x where g.talent_id = any (tids))
    ) v
    where v is not null and char_length(btrim(v)) >= 4);
  -- phone numbers also as bare digits
  needles := needles || array(select regexp_replace(v, '\D', '', 'g') from unnest(needles) v
                              where v ~ '^\+?[0-9 ()-]{7,20}$' and regexp_replace(v, '\D', '', 'g') <> v);
  patterns := array(select '%' || replace(replace(replace(v, '\', '\\'), '%', '\%'), '_', '\_') || '%'
                    from unnest(needles || uid::text) v);

  -- Projects and agencies only they own, with nobody else in them (the preview refused the rest).
  delete from public.projects p where p.id in (
    select pm.project_id from public.project_members pm where pm.user_id = uid and pm.project_role = 'owner'
      and not exists (select 1 from public.project_members o where o.project_id = pm.project_id and o.user_id <> uid));
  delete from public.agencies ag where ag.id in (
    select am.agency_id from public.agency_members am where am.user_id = uid and am.agency_role = 'owner'
      and not exists (select 1 from public.agency_members o where o.agency_id = am.agency_id and o.user_id <> uid));

  -- The talent's open business ends; what happened stays, without their words.
  update public.offers o set status = 'withdrawn', decided_at = now() where o.talent_id = any (tids) and o.status = 'pending';
  update public.submissions s
     set cover_note = null, media_ids = '{}',
         status = case when s.status in ('booked', 'rejected', 'withdrawn', 'released') then s.status else 'withdrawn' end
   where s.talent_id = any (tids);
  update public.audition_bookings b set status = 'cancelled'
   where b.talent_id = any (tids) and b.status = 'booked' and upper(b.during) > now();
  update public.self_tape_requests r set status = 'cancelled' where r.talent_id = any (tids) and r.status = 'requested';

  -- Everything that is only theirs.
  delete from public.notifications x where x.email_to is not null
    and (x.data ->> 'guardian_consent_id' = any (guardian_requests::text[]) or x.email_to ilike any (patterns));
  delete from public.guardian_consents g where g.talent_id = any (tids);
  delete from public.project_invitations i where i.talent_id = any (tids);
  delete from public.representations r where r.talent_id = any (tids);
  delete from public.talent_contacts c where c.talent_id = any (tids);
  delete from public.talent_credits c where c.talent_id = any (tids);
  delete from public.talent_media m where m.talent_id = any (tids);
  delete from private.idempotency_keys k where k.response -> 'submission' ->> 'talent_id' = any (tids::text[]);
  delete from public.talent_profiles tp where tp.id = any (tids) and not (tp.id = any (kept));
  -- A profile others' records hang on becomes a tombstone: no account, no identifying attribute.
  update public.talent_profiles tp
     set user_id = null, erased_at = now(), stage_name = 'Erased talent', date_of_birth = null, height_cm = null,
         languages = '{}', skills = '{}', city = null, bio = null, visibility = 'private',
         guardian_name = null, guardian_phone = null, guardian_email = null, guardian_consent_at = null,
         embedding = null, embedded_at = null, search_text = null
   where tp.id = any (kept);
  delete from private.embedding_jobs j where j.target_table = 'talent_profiles' and j.target_id = any (tids);

  -- Others' notes and texts that are kept: the person's identifiers become the pseudonym.
  update public.submission_evaluations e set note = private.scrub(e.note, needles, 'Erased talent')
   where e.note ilike any (patterns) and e.submission_id in (select s.id from public.submissions s where s.talent_id = any (kept));
  update public.shortlist_items i set note = private.scrub(i.note, needles, 'Erased talent')
   where i.note ilike any (patterns) and i.talent_id = any (kept);
  update public.shortlist_votes v set comment = private.scrub(v.comment, needles, 'Erased talent')
   where v.comment ilike any (patterns) and v.shortlist_item_id in (select i.id from public.shortlist_items i where i.talent_id = any (kept));
  update public.self_tape_requests r set instructions = private.scrub(r.instructions, needles, 'Erased talent')
   where r.instructions ilike any (patterns) and r.talent_id = any (kept);
  update public.offers o set terms = private.scrub(o.terms, needles, 'Erased talent')
   where o.terms ilike any (patterns) and o.talent_id = any (kept);
  update public.budget_lines b set description = private.scrub(b.description, needles, 'Erased talent')
   where b.description ilike any (patterns);
  update public.audition_slots a set notes = private.scrub(a.notes, needles, 'Erased talent') where a.notes ilike any (patterns);
  update public.shortlists l set name = private.scrub(l.name, needles, 'Erased talent') where l.name ilike any (patterns);
  update public.shortlist_shares h set label = private.scrub(h.label, needles, 'Erased talent') where h.label ilike any (patterns);
  update public.notifications x
     set title = private.scrub(x.title, needles, 'Erased talent'), body = private.scrub(x.body, needles, 'Erased talent')
   where (x.user_id is distinct from uid) and (x.title ilike any (patterns) or x.body ilike any (patterns));

  -- The audit log keeps every entry; the person in it becomes the pseudonym, their own words go.
  update public.audit_log l
     set actor_id = case when l.actor_id = uid then pseudonym::uuid else l.actor_id end,
         row_id = replace(l.row_id, uid::text, pseudonym),
         old_data = private.scrub_jsonb(
           case when l.old_data ->> 'talent_id' = any (tids::text[]) then l.old_data - 'cover_note' - 'media_ids'
                when l.old_data ->> 'user_id' = uid::text then l.old_data - 'reason' - 'company' - 'review_note'
                else l.old_data end, needles, '[erased]'),
         new_data = private.scrub_jsonb(
           case when l.new_data ->> 'talent_id' = any (tids::text[]) then l.new_data - 'cover_note' - 'media_ids'
                when l.new_data ->> 'user_id' = uid::text then l.new_data - 'reason' - 'company' - 'review_note'
                else l.new_data end, needles, '[erased]')
   where l.actor_id = uid or l.row_id = uid::text or l.old_data::text ilike any (patterns) or l.new_data::text ilike any (patterns)
      or l.new_data ->> 'talent_id' = any (tids::text[]) or l.old_data ->> 'talent_id' = any (tids::text[]);
  -- (the user id in the entries' documents becomes the pseudonym, so that entries about the same
  -- person still belong together)
  perform private.pseudonymise_audit_documents(uid, pseudonym, false);

  -- Files uploaded by them into someone else's folder stay with that person, without their name.
  update storage.objects o set owner_id = null, owner = null where o.owner_id = uid::text or o.owner = uid;

  -- Sign-in: every session and refresh token, the auth log's lines about them, then the account
  -- (which takes their profile, roles, requests, memberships, votes, notes, notifications and
  -- consents with it; projects they created keep created_by empty).
  delete from auth.refresh_tokens t where t.user_id = uid;
  delete from auth.sessions s where s.user_id = uid;
  delete from auth.flow_state f where f.user_id = uid;
  delete from auth.audit_log_entries e where e.payload::text ilike any (patterns);
  outcome := jsonb_build_object('pseudonym', pseudonym, 'talent_profiles_kept', cardinality(kept),
                                'talent_profiles_deleted', cardinality(tids) - cardinality(kept));
  update private.erasures e set completed_at = now(), summary = outcome where e.user_id = uid;
  delete from auth.users u where u.id = uid;
  get diagnostics n = row_count;
  if n <> 1 then
    raise exception 'the account % was not found', uid using errcode = 'P0002';
  end if;
  -- the memberships and roles that went with the account were audit-logged just now
  perform private.pseudonymise_audit_documents(uid, pseudonym, true);
  return outcome;
end;
$$;

-- Step 3: finish, once the files are gone.
create or replace function private.finish_account_erasure(token text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.erasure_caller(token);
  left_over integer;
begin
  if not exists (select 1 from private.erasures e where e.user_id = uid and e.completed_at is null) then
    raise exception 'start the erasure first (begin_account_erasure)' using errcode = 'PT409';
  end if;
  select count(*) into left_over from storage.objects o
   where o.bucket_id in ('headshots', 'reels', 'self-tapes')
     and private.talent_of_path(o.name) in (select tp.id from public.talent_profiles tp where tp.user_id = uid);
  if left_over > 0 then
    raise exception '% files are still stored; remove them first (begin_account_erasure lists them)', left_over using errcode = 'PT409';
  end if;
  return private.erase_user(uid);
end;
$$;

create or replace function public.account_erasure_preview()
returns jsonb
language sql
stable
set search_path = ''
as $$ select private.account_erasure_preview() $$;

create or replace function public.begin_account_erasure(confirm_token text)
returns jsonb
language sql
set search_path = ''
as $$ select private.begin_account_erasure(confirm_token) $$;

create or replace function public.finish_account_erasure(confirm_token text)
returns jsonb
language sql
set search_path = ''
as $$ select private.finish_account_erasure(confirm_token) $$;
