-- Export and erasure run as the signed-in person (the functions read auth.uid()); their records
-- (the export log, erasures in progress, the token secret) are private to the database owner.
revoke all on private.data_exports, private.erasures, private.erasure_secret from public, anon, authenticated, service_role;

grant execute on function private.claim_data_export(), private.export_part(text, text, integer),
  private.account_erasure_preview(), private.begin_account_erasure(text), private.finish_account_erasure(text),
  private.erasing_talent(uuid)
  to authenticated;
grant execute on function public.claim_data_export(), public.export_my_data_part(text, text, integer),
  public.account_erasure_preview(), public.begin_account_erasure(text), public.finish_account_erasure(text)
  to authenticated;
