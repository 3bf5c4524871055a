-- Matching. Vectors and the full-text column are readable wherever the row is (the RPCs
-- run as the caller and read them); only the embed worker (service role) writes vectors.
-- The queue and the model setting live in private: the API reaches them only through the
-- worker functions, which only the service role may execute.
grant select (embedding, embedded_at, search_tsv) on public.talent_profiles to authenticated;
-- casting_roles: anon and authenticated already hold table-wide SELECT; inserts and updates
-- stay limited to the breakdown columns granted in policies/30_projects.sql.

revoke all on private.embedding_settings, private.embedding_jobs from public, anon, authenticated;
grant select, update on private.embedding_settings to service_role;
grant select, insert, update, delete on private.embedding_jobs to service_role;

-- Generated columns and the ranking call these as the requesting role.
grant execute on function private.tag_text(text[]), private.talent_tsv(text, text, text[], text[], text, text),
  private.role_tsv(text, text, text, text[], text[], text), private.query_lexemes(text), private.or_query(text[]),
  private.any_words_query(text),
  private.rare_words_query(text, integer), private.text_matches(tsquery, integer),
  private.fit_matches(text[], text, text[], integer, public.gender, integer, integer, text[], integer, integer),
  private.fit_of(integer, integer, boolean, integer, integer, boolean), private.named_languages(text),
  private.vector_search_plan(text, integer, public.gender, integer, integer, text[], text[], text, integer, integer),
  private.talent_filters(public.gender, integer, integer, text[], text[], text, integer, integer),
  private.hybrid_rank(text, extensions.halfvec, public.gender, integer, integer, text[], text[], text, integer, integer,
                      text[], text, real, real, real, integer, integer, text, text[], integer, integer),
  private.explain_match(private.hybrid_match, real, real, real, text[], text[], jsonb)
  to authenticated, service_role;
grant execute on function private.talent_document(public.talent_profiles), private.role_document(public.casting_roles),
  private.talent_search_source(public.talent_profiles), private.role_search_source(public.casting_roles),
  private.embedding_max_attempts(), private.enqueue_embedding()
  to service_role;

grant execute on function public.match_talent(uuid, integer, real, real, real),
  public.search_talent(text, text, public.gender, integer, integer, text[], text[], text, integer, integer, integer,
                       double precision, uuid, integer, text, text, jsonb),
  public.embedding_model(), private.embedding_model()
  to authenticated, service_role;
grant execute on function public.claim_embedding_jobs(integer, integer), public.complete_embedding_jobs(text, jsonb),
  public.fail_embedding_jobs(jsonb, text), public.embedding_status(), public.enqueue_embeddings(boolean),
  public.switch_embedding_model(text)
  to service_role;
