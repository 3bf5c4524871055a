-- Erasure of an account (sql/98_data_rights.sql): the talent T1 has written her name, email,
-- phone and date of birth into every place the product offers, others have written about her,
-- and she has a booked offer. After she confirms, no column of any table in any schema holds any
-- of those values; what must be kept (the booked offer, her submissions, others' notes, the audit
-- log, budget lines) is kept under a pseudonym; every session and refresh token is gone. A new
-- text, jsonb or date column of public or private fails this file until it is classified below.
begin;
\ir fixture.sql
select plan(36);

-- ── Every text, jsonb and date column of our schemas says how erasure treats it ──
create temp table classified (col text primary key, treatment text not null check (treatment in ('erased', 'scrubbed', 'not personal')));
insert into classified values
  -- deleted with the person, or emptied on the tombstone that keeps others' records
  ('public.profiles.full_name', 'erased'), ('public.profiles.avatar_path', 'erased'), ('public.profiles.preferred_language', 'erased'),
  ('public.role_requests.company', 'erased'), ('public.role_requests.reason', 'erased'), ('public.role_requests.review_note', 'erased'),
  ('public.talent_profiles.stage_name', 'erased'), ('public.talent_profiles.bio', 'erased'), ('public.talent_profiles.search_text', 'erased'), ('public.talent_profiles.city', 'erased'),
  ('public.talent_profiles.date_of_birth', 'erased'), ('public.talent_profiles.guardian_name', 'erased'),
  ('public.talent_profiles.guardian_phone', 'erased'), ('public.talent_profiles.guardian_email', 'erased'),
  ('public.talent_profiles.languages', 'erased'), ('public.talent_profiles.skills', 'erased'),
  ('public.talent_contacts.phone', 'erased'), ('public.talent_contacts.email', 'erased'), ('public.talent_contacts.whatsapp', 'erased'),
  ('public.talent_credits.title', 'erased'), ('public.talent_credits.character_name', 'erased'), ('public.talent_credits.director', 'erased'),
  ('public.talent_credits.platform', 'erased'), ('public.talent_media.title', 'erased'), ('public.talent_media.storage_path', 'erased'),
  ('public.talent_media.bucket', 'erased'), ('public.consents.given_by', 'erased'),
  ('public.consents.notice_language', 'erased'), ('public.guardian_consents.language', 'erased'),
  ('public.guardian_consents.guardian_name', 'erased'), ('public.guardian_consents.guardian_email', 'erased'),
  ('public.guardian_consents.evidence', 'erased'), ('public.guardian_consents.status', 'erased'),
  ('public.submissions.cover_note', 'erased'), ('public.notifications.email_to', 'erased'),
  ('private.notification_emails.last_error', 'erased'),  -- with its notification (cascade)
  ('private.idempotency_keys.key', 'erased'), ('private.idempotency_keys.request_hash', 'erased'), ('private.idempotency_keys.response', 'erased'),
  -- kept, with the person's identifiers replaced by the pseudonym
  ('public.audit_log.old_data', 'scrubbed'), ('public.audit_log.new_data', 'scrubbed'), ('public.audit_log.row_id', 'scrubbed'),
  ('public.notifications.title', 'scrubbed'), ('public.notifications.body', 'scrubbed'),
  ('public.submission_evaluations.note', 'scrubbed'), ('public.shortlist_items.note', 'scrubbed'), ('public.shortlist_votes.comment', 'scrubbed'),
  ('public.self_tape_requests.instructions', 'scrubbed'), ('public.offers.terms', 'scrubbed'), ('public.budget_lines.description', 'scrubbed'),
  ('public.audition_slots.notes', 'scrubbed'), ('public.shortlists.name', 'scrubbed'), ('public.shortlist_shares.label', 'scrubbed'),
  -- about projects, roles, agencies and the platform, never one person (ids only in notifications.data)
  ('public.notifications.kind', 'not personal'), ('public.notifications.data', 'not personal'),
  ('public.audit_log.action', 'not personal'), ('public.audit_log.actor_role', 'not personal'), ('public.audit_log.table_name', 'not personal'),
  ('public.agencies.name', 'not personal'), ('public.agencies.city', 'not personal'),
  ('public.projects.title', 'not personal'), ('public.projects.logline', 'not personal'), ('public.projects.platform', 'not personal'),
  ('public.projects.language', 'not personal'), ('public.project_ndas.body', 'not personal'),
  ('public.casting_roles.name', 'not personal'), ('public.casting_roles.description', 'not personal'), ('public.casting_roles.city', 'not personal'),
  ('public.casting_roles.search_text', 'not personal'), ('private.language_names.name', 'not personal'),
  ('private.language_names.tag', 'not personal'),
  ('public.casting_roles.languages', 'not personal'), ('public.casting_roles.skills', 'not personal'),
  ('public.audition_slots.location', 'not personal'), ('public.audition_slots.video_link', 'not personal'),
  ('public.budget_lines.category', 'not personal'), ('public.consent_notices.body', 'not personal'),
  ('public.notice_languages.code', 'not personal'), ('public.notice_languages.name', 'not personal'),
  ('public.notice_languages.native_name', 'not personal'), ('public.notice_languages.script', 'not personal'),
  ('public.consent_notice_translations.language', 'not personal'), ('public.consent_notice_translations.body', 'not personal'),
  ('public.consent_notice_translations.translated_by', 'not personal'), ('public.consent_notice_translations.reviewed_by', 'not personal'),
  ('public.consent_notice_translations.reviewed_on', 'not personal'),
  ('private.message_templates.kind', 'not personal'), ('private.message_templates.language', 'not personal'),
  ('private.message_templates.subject', 'not personal'), ('private.message_templates.body', 'not personal'),
  ('private.message_templates.translated_by', 'not personal'), ('private.message_templates.reviewed_by', 'not personal'),
  ('private.message_templates.reviewed_on', 'not personal'),
  ('private.embedding_jobs.target_table', 'not personal'), ('private.embedding_jobs.last_error', 'not personal'),
  ('private.embedding_settings.model', 'not personal'), ('private.storage_removals.bucket_id', 'not personal'),
  ('private.storage_removals.name', 'not personal'), ('private.storage_removals.last_error', 'not personal'), ('private.submission_transitions.mover', 'not personal'),
  ('private.erasures.summary', 'not personal'), ('private.share_secret.secret', 'not personal'),
  ('private.guardian_secret.secret', 'not personal'), ('private.erasure_secret.secret', 'not personal'),
  -- a production's own systems and what was sent to them (ids, statuses and amounts only: 020_webhooks checks)
  ('public.webhook_endpoints.url', 'not personal'), ('public.webhook_endpoints.description', 'not personal'),
  ('public.webhook_endpoints.events', 'not personal'),
  ('public.webhook_deliveries.message_id', 'not personal'), ('public.webhook_deliveries.payload', 'not personal'),
  ('public.webhook_deliveries.status', 'not personal'), ('public.webhook_deliveries.last_error', 'not personal'),
  ('private.webhook_secrets.secret', 'not personal');
select is(
  (select string_agg(n.nspname || '.' || c.relname || '.' || a.attname, ', ' order by 1)
   from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
   where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
     and a.atttypid in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'json'::regtype, 'jsonb'::regtype, 'date'::regtype,
                        'text[]'::regtype, 'name'::regtype, 'bytea'::regtype)
     and n.nspname || '.' || c.relname || '.' || a.attname not in (select col from classified)),
  null, 'every text, jsonb and date column of public and private says how erasure treats it (add new ones to this file)');

-- ── T1 leaves traces everywhere ──
-- (her identifiers, as the scan at the end looks for them)
create temp table needles (v text);
insert into needles values ('Ananya Iyer'), ('Ananya Krishnan Iyer'), ('ananya.k.iyer@test.castmatch'), ('+91 98200 00001'), ('919820000001'),
  ('ananya@example.com'), ('+91 98765 43210'), ('1998-04-12'), ('Lakshmi Iyer'), ('lakshmi.iyer@example.com');
grant select on needles to authenticated;
update auth.users set email = 'ananya.k.iyer@test.castmatch', phone = '+91 98765 43210', raw_user_meta_data = raw_user_meta_data || '{"full_name": "Ananya Krishnan Iyer"}'
 where id = tests.get_supabase_uid('talent');
update public.profiles set full_name = 'Ananya Krishnan Iyer' where id = tests.get_supabase_uid('talent');
insert into auth.identities (id, provider, provider_id, user_id, identity_data)
values (gen_random_uuid(), 'email', tests.get_supabase_uid('talent'), tests.get_supabase_uid('talent'), '{"email": "ananya.k.iyer@test.castmatch"}');
insert into auth.sessions (id, user_id, user_agent) values ('00000000-0000-4000-8000-0000000005e5', tests.get_supabase_uid('talent'), 'Ananya Iyer''s phone');
insert into auth.refresh_tokens (id, token, user_id, session_id) values ('rt-1', 'refresh-token-1', tests.get_supabase_uid('talent'), '00000000-0000-4000-8000-0000000005e5'),
  ('rt-2', 'refresh-token-2', tests.get_supabase_uid('talent'), null);
insert into auth.audit_log_entries (id, payload) values (gen_random_uuid(), '{"action": "login", "actor_username": "ananya.k.iyer@test.castmatch"}');
insert into public.role_requests (user_id, role, company, reason) values (tests.get_supabase_uid('talent'), 'producer', 'Iyer Films', 'Call me on +91 98200 00001');
insert into public.talent_credits (talent_id, title, medium, character_name) values (tests.fx('T1'), 'Ananya Iyer Live', 'theatre', 'Herself');
update public.talent_profiles set guardian_name = 'Lakshmi Iyer', guardian_email = 'lakshmi.iyer@example.com' where id = tests.fx('T1');
insert into public.notifications (email_to, kind, title, body, data)
values ('lakshmi.iyer@example.com', 'guardian.consent_request', 'Consent for Ananya Iyer', 'Dear Lakshmi Iyer', jsonb_build_object('guardian_consent_id', tests.fx('GC1')));
update public.submissions set cover_note = 'Ananya Iyer here, reach me at ananya@example.com' where id = tests.fx('S1');
update public.submission_evaluations set note = 'Ananya Iyer: strong read; born 1998-04-12' where id = tests.fx('E1');
update public.shortlist_items set note = 'Ananya Iyer is our favourite' where id = tests.fx('I1');
update public.shortlist_votes set comment = 'Yes, Ananya Iyer' where id = tests.fx('V1');
update public.self_tape_requests set instructions = 'Ananya Iyer: scene 4, two takes' where id = tests.fx('STR1');
update public.budget_lines set description = 'Fee for Ananya Iyer' where id = tests.fx('BL1');
update public.audition_slots set notes = 'Ananya Iyer first' where id = tests.fx('AS1');
select tests.authenticate_as('cd_member');
insert into public.offers (submission_id, fee_paise, terms) values (tests.fx('S1'), 2000000, 'Call Ananya Iyer on +91 98200 00001');
select tests.authenticate_as('talent');
select is(public.respond_to_offer((select id from public.offers where submission_id = tests.fx('S1')), true), 'accepted',
  'she accepts an offer: the role is booked');
select ok(public.submit_to_role(tests.fx('RP2'), tests.fx('T1'), 'Ananya Iyer again', '{}', 'retry-1') is not null, 'she submits with an idempotency key');
select ok(public.claim_data_export() ? 'audience', 'she exports her data (the export is logged)');
select tests.clear_authentication();
select ok((select count(*) from public.notifications where title like '%Ananya Iyer%' and user_id <> tests.get_supabase_uid('talent')) > 0,
  'her agents were told about her by name');
create temp table before as select (select count(*) from public.audit_log) as audit_rows, (select max(id) from public.audit_log) as max_id,
  (select count(*) from public.audit_log where actor_id = tests.get_supabase_uid('talent')) as her_audit_rows;

-- ── Step 1: the preview and its token ──
select tests.authenticate_as('talent');
create temp table preview as select public.account_erasure_preview() as p;
grant select on preview to authenticated;
select is((select p -> 'blockers' from preview), '[]'::jsonb, 'nothing blocks a talent''s erasure');
select is((select (p -> 'will_keep_pseudonymised' ->> 'booked_offers')::int from preview), 1, 'the preview says the booked offer is kept');
select is((select (p -> 'will_erase' ->> 'media_files')::int from preview), 2, 'and that her two files go');
select tests.authenticate_as('other_talent');
select throws_ok(format('select public.begin_account_erasure(%L)', (select p ->> 'confirm_token' from preview)),
  '42501', 'confirm_token was not issued to you', 'someone else''s token erases nothing');
select tests.authenticate_as('talent');
select throws_ok(format('select public.begin_account_erasure(%L)', '1.' || repeat('a', 64)), '42501', null, 'nor does a forged one');
select throws_ok(format('select public.finish_account_erasure(%L)', (select p ->> 'confirm_token' from preview)),
  'PT409', null, 'finishing before starting is refused');

-- ── Step 2: start; her profile leaves every list at once ──
select is(jsonb_array_length(public.begin_account_erasure((select p ->> 'confirm_token' from preview)) -> 'objects'), 2,
  'starting lists her files for removal');
select tests.authenticate_as('cd_member');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0, 'casting teams no longer see her');
select tests.authenticate_as('talent');
select throws_ok(format('select public.finish_account_erasure(%L)', (select p ->> 'confirm_token' from preview)),
  'PT409', null, 'finishing while files remain is refused');
-- the Storage API removes the files (as her, through storage.objects; tests/api/data-rights.test.ts does it for real)
delete from storage.objects where bucket_id in ('headshots', 'self-tapes') and private.talent_of_path(name) = tests.fx('T1');
select tests.clear_authentication();
select is((select count(*)::int from public.talent_media where talent_id = tests.fx('T1')), 0, 'her media rows went with the files');

-- ── Step 3: finish ──
create temp table before_finish as select count(*) as her_audit_rows from public.audit_log where actor_id = tests.get_supabase_uid('talent');
select tests.authenticate_as('talent');
select is((public.finish_account_erasure((select p ->> 'confirm_token' from preview)) ->> 'talent_profiles_kept')::int, 1,
  'the erasure keeps one pseudonymous profile for the records others hold');
select tests.clear_authentication();

select is((select count(*)::int from auth.users where id = tests.get_supabase_uid('talent')), 0, 'her account is gone');
select is((select count(*)::int from auth.sessions where user_id = tests.get_supabase_uid('talent'))
        + (select count(*)::int from auth.refresh_tokens where user_id = tests.get_supabase_uid('talent')), 0,
  'with every session and refresh token');
select is((select stage_name || '/' || (user_id is null)::text || '/' || (erased_at is not null)::text from public.talent_profiles where id = tests.fx('T1')),
  'Erased talent/true/true', 'the profile others'' records hang on is a tombstone');
select is((select status::text from public.offers where submission_id = tests.fx('S1')), 'accepted', 'the booked offer is kept');
select is((select status::text || '/' || coalesce(cover_note, 'no note') from public.submissions where id = tests.fx('S1')), 'booked/no note',
  'her booked submission is kept, without her words');
select is((select note from public.submission_evaluations where id = tests.fx('E1')), 'Erased talent: strong read; born Erased talent',
  'the casting director''s note is kept, pseudonymised');
select is((select description from public.budget_lines where id = tests.fx('BL1')), 'Fee for Erased talent', 'the budget line too');
select is((select count(*) from public.audit_log where id <= (select max_id from before)), (select audit_rows from before),
  'no audit entry was deleted');
select is((select count(*) from public.audit_log where actor_id = (select (summary ->> 'pseudonym')::uuid from private.erasures)),
  (select her_audit_rows from before_finish), 'what she did is still in the audit log, under her pseudonym');
select is((select count(*)::int from public.audit_log where old_data::text like '%' || tests.get_supabase_uid('talent')::text || '%'
                                                       or new_data::text like '%' || tests.get_supabase_uid('talent')::text || '%'), 0,
  'her user id appears in no audit entry');
select is((select count(*)::int from public.talent_contacts where talent_id = tests.fx('T1'))
        + (select count(*)::int from public.talent_credits where talent_id = tests.fx('T1'))
        + (select count(*)::int from public.guardian_consents where talent_id = tests.fx('T1'))
        + (select count(*)::int from public.representations where talent_id = tests.fx('T1')), 0,
  'her contacts, credits, guardian record and representation are gone');
select is((select count(*)::int from private.data_exports) + (select count(*)::int from private.idempotency_keys), 0,
  'so are her export log and idempotency keys');
select is((select count(*)::int from private.erasures where user_id is null and completed_at is not null), 1,
  'the erasure record keeps no link to her');

-- ── The scan: no column of any table in any schema holds her name, email, phone or birth date ──
create temp table findings (place text);
do $$
declare
  col record;
  hits bigint;
begin
  for col in
    select n.nspname, c.relname, a.attname, a.atttypid = 'date'::regtype as is_date
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'm') and a.attnum > 0 and not a.attisdropped
      and n.nspname not in ('pg_catalog', 'information_schema', 'tests') and n.nspname not like 'pg\_%'
      and (a.atttypid in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype, 'json'::regtype, 'jsonb'::regtype,
                          'date'::regtype, 'text[]'::regtype, 'varchar[]'::regtype)
           or format_type(a.atttypid, null) = 'citext')
  loop
    if col.is_date then
      execute format('select count(*) from %I.%I where %I = date ''1998-04-12''', col.nspname, col.relname, col.attname) into hits;
    else
      execute format('select count(*) from %I.%I t where t.%I::text ilike any (select ''%%'' || v || ''%%'' from needles)',
                     col.nspname, col.relname, col.attname) into hits;
    end if;
    if hits > 0 then
      insert into findings values (format('%I.%I.%I (%s rows)', col.nspname, col.relname, col.attname, hits));
    end if;
  end loop;
end
$$;
select is((select string_agg(place, ', ' order by place) from findings), null,
  'no column of any table in any schema holds her name, email, phone or date of birth');
select ok((select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid
           where c.relkind = 'r' and a.atttypid in ('text'::regtype, 'jsonb'::regtype) and a.attnum > 0) > 100,
  'and the scan covered every text and jsonb column there is (a sanity check that it ran over something)');

-- ── Blockers ──
select tests.authenticate_as('cd_member');
select is(jsonb_array_length(public.account_erasure_preview() -> 'blockers'), 1,
  'the only owner of a project others depend on is told to hand it over first (her other project goes with her)');
select throws_like(format('select public.begin_account_erasure(%L)', public.account_erasure_preview() ->> 'confirm_token'),
  'you are the only owner of the project%', 'and cannot start the erasure');
select tests.authenticate_as('producer');
select lives_ok(format('select public.begin_account_erasure(%L)', public.account_erasure_preview() ->> 'confirm_token'),
  'a producer who owns nothing may');
select ok((public.finish_account_erasure(public.account_erasure_preview() ->> 'confirm_token') ->> 'pseudonym') is not null,
  'and finishes it');
select tests.clear_authentication();
select is((select count(*)::int from public.budget_lines where project_id = tests.fx('P'))
          || '/' || (select count(*)::int from public.project_members where project_id = tests.fx('P')), '1/2',
  'the project keeps its money; the producer has left its team');

select * from finish();
rollback;
