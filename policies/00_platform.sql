-- Platform helpers the API roles call while writing: canonicalising tags and language names
-- (triggers on talent_profiles, casting_roles and projects; search_talent's filters).
-- private.language_names is read only through private.language_tag (security definer).
revoke all on private.language_names from public, anon, authenticated;
grant execute on function private.tidy_tag(text), private.language_tag(text), private.canonical_languages(text[]),
  private.canonical_tags(text[]), private.assert_tags(text, text[], boolean)
  to authenticated, service_role;
