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

-- consents: each person gives and withdraws their own (update withdrawn_at; the database
-- stamps the time) and reads their history; admins read all. Nobody deletes one: the history
-- is the proof, and it goes only with the person's erasure.
alter table public.consents enable row level security;
revoke all on public.consents from anon, authenticated;
grant select, insert (user_id, purpose, notice_version), update (withdrawn_at) on public.consents to authenticated;

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
