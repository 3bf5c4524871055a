-- Workflow tables live in private (not exposed); the API reaches them only through triggers
-- and SECURITY DEFINER functions.
revoke all on private.submission_transitions from public, anon, authenticated;
grant select on private.submission_transitions to service_role;
grant execute on function private.in_workflow() to authenticated, service_role;

-- offers: the talent (and their agents) see their own and answer them through
-- respond_to_offer; the casting team makes and withdraws them; owners, producers and admins read them.
alter table public.offers enable row level security;
revoke all on public.offers from anon, authenticated;
grant select, insert (submission_id, fee_paise, terms, expires_at, over_budget_acknowledged), update (status)
  on public.offers to authenticated;

create policy "Talent, their casting team and budget holders read offers" on public.offers
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
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
  private.unmet_requirement(public.casting_roles, public.gender, smallint, smallint, text[]), public.submit_to_role(uuid, uuid, text, uuid[], text)
  to authenticated;
