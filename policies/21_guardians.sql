-- guardian_consents: the child, their agents and admins read the requests and answers; nobody
-- writes them through the API. Requests are made with rpc('request_guardian_consent'), answers
-- only by the guardian through the link (guardian-consent function, service role).
alter table public.guardian_consents enable row level security;
revoke all on public.guardian_consents from anon, authenticated;
grant select on public.guardian_consents to authenticated;

create policy "The talent, their agents and admins read guardian consent requests" on public.guardian_consents
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]) or (select private.is_admin()));

revoke all on private.guardian_secret from public, anon, authenticated, service_role;
grant execute on function private.request_guardian_consent(uuid, text), public.request_guardian_consent(uuid, text) to authenticated;
grant execute on function private.guardian_token(uuid), private.guardian_request_of(text, boolean),
  private.guardian_reading_language(public.guardian_consents, text),
  private.guardian_consent_details(text, text), private.answer_guardian_consent(text, boolean, public.consent_purpose[], jsonb, text),
  public.guardian_consent_details(text, text), public.answer_guardian_consent(text, boolean, text[], jsonb, text)
  to service_role;
