-- consent_notices: anyone reads what they would consent to; admins publish new versions
-- (the version number is assigned); nobody edits or removes a version.
alter table public.consent_notices enable row level security;
revoke all on public.consent_notices from anon, authenticated;
grant select on public.consent_notices to anon, authenticated;
grant insert (purpose, body) on public.consent_notices to authenticated;

create policy "Anyone reads the consent notices" on public.consent_notices
  for select to anon, authenticated using (true);
create policy "Admins publish new notice versions" on public.consent_notices
  for insert to authenticated with check ((select private.is_admin()));

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

-- consents: each person gives and withdraws their own (update withdrawn_at; the database
-- stamps the time) and reads their history; admins read all. Nobody deletes one: the history
-- is the proof, and it goes only with the person's erasure.
alter table public.consents enable row level security;
revoke all on public.consents from anon, authenticated;
grant select, insert (user_id, purpose, notice_version, notice_language), update (withdrawn_at) on public.consents to authenticated;

create policy "People read their own consents and admins read all" on public.consents
  for select to authenticated using (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "People give their own consent" on public.consents
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "People withdraw their own consent" on public.consents
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

grant execute on function private.is_minor(date), private.user_is_minor(uuid),
  private.has_consent(uuid, public.consent_purpose, boolean) to authenticated, service_role;
grant execute on function private.marketing_audience(), public.marketing_audience() to service_role;
