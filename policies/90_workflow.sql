-- Workflow tables live in private (not exposed); the API reaches them only through triggers
-- and SECURITY DEFINER functions.
revoke all on private.submission_transitions from public, anon, authenticated;
grant select on private.submission_transitions to service_role;

-- offers: the talent (and their agents) see their own and answer them through
-- respond_to_offer; the casting team makes and withdraws them; owners, producers and admins read them.
alter table public.offers enable row level security;
revoke all on public.offers from anon, authenticated;
grant select, insert (submission_id, fee_paise, terms, expires_at, over_budget_acknowledged), update (status)
  on public.offers to authenticated;

create policy "Talent, their casting team and budget holders read offers" on public.offers
  for select to authenticated
  using ((talent_id = any ((select private.actable_talent_ids())::uuid[])
          and not (project_id = any ((select private.nda_blocked_project_ids())::uuid[])))
         or project_id = any ((select private.casting_project_ids())::uuid[])
         or project_id = any ((select private.budget_project_ids())::uuid[])
         or (select private.is_admin()));
create policy "The casting team makes offers" on public.offers
  for insert to authenticated with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team withdraws offers" on public.offers
  for update to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (project_id = any ((select private.casting_project_ids())::uuid[]));

grant execute on function public.budget_status(), public.respond_to_offer(uuid, boolean), private.respond_to_offer(uuid, boolean),
  private.project_money(uuid) to authenticated;

revoke all on private.idempotency_keys from public, anon, authenticated;
grant execute on function private.idempotency_claim(text, text), private.idempotency_store(text, jsonb),
  private.unmet_requirement(public.casting_roles, public.gender, smallint, smallint, text[]), public.submit_to_role(uuid, uuid, text, uuid[], text),
  private.submission_sharing(uuid)
  to authenticated;

revoke all on private.share_secret from public, anon, authenticated, service_role;

-- shortlist_shares: the casting team creates, lists and revokes them (update revoked_at).
alter table public.shortlist_shares enable row level security;
revoke all on public.shortlist_shares from anon, authenticated;
grant select, insert (shortlist_id, label, expires_at), update (revoked_at, label) on public.shortlist_shares to authenticated;
create policy "The casting team and admins read shares" on public.shortlist_shares
  for select to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]) or (select private.is_admin()));
create policy "The casting team shares shortlists" on public.shortlist_shares
  for insert to authenticated with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team revokes shares" on public.shortlist_shares
  for update to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (project_id = any ((select private.casting_project_ids())::uuid[]));

-- shortlist_votes: every project member reads them; each member writes only their own.
alter table public.shortlist_votes enable row level security;
revoke all on public.shortlist_votes from anon, authenticated;
grant select, insert (shortlist_item_id, vote, comment), update (vote, comment), delete on public.shortlist_votes to authenticated;
create policy "Project members read votes" on public.shortlist_votes
  for select to authenticated
  using (project_id = any ((select private.member_project_ids())::uuid[]) or (select private.is_admin()));
create policy "Project members vote" on public.shortlist_votes
  for insert to authenticated
  with check (user_id = (select auth.uid()) and project_id = any ((select private.member_project_ids())::uuid[]));
create policy "Members change their own vote" on public.shortlist_votes
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()) and project_id = any ((select private.member_project_ids())::uuid[]));
create policy "Members remove their own vote" on public.shortlist_votes
  for delete to authenticated using (user_id = (select auth.uid()));

grant execute on function private.share_token(uuid) to authenticated, service_role;
grant execute on function public.shortlist_share_token(uuid) to authenticated;
grant execute on function public.shared_shortlist(text) to service_role;
grant execute on function public.reschedule_booking(uuid, uuid) to authenticated;
grant execute on function private.user_email(uuid), public.claim_notification_emails(integer, integer),
  public.complete_notification_emails(uuid[]), public.release_notification_emails(uuid[], text) to service_role;
