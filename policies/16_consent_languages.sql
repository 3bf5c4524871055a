-- message_templates: not exposed; only the functions that send the guardian's emails read it.
-- consent_notice_translations: see policies/15_consent.sql (it is where the notices are).
revoke all on private.message_templates from public, anon, authenticated, service_role;
grant execute on function private.notice_language_code(text), private.render_message(text, text, jsonb) to service_role;
