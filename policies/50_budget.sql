-- budget_lines: the project's owners and producers manage the money; admins read it.
alter table public.budget_lines enable row level security;
revoke all on public.budget_lines from anon, authenticated;
grant select, insert (project_id, casting_role_id, category, description, amount_paise),
      update (casting_role_id, category, description, amount_paise), delete
  on public.budget_lines to authenticated;

create policy "Owners, producers and admins read the budget" on public.budget_lines
  for select to authenticated
  using (project_id = any ((select private.budget_project_ids())::uuid[]) or (select private.is_admin()));
create policy "Owners and producers add budget lines" on public.budget_lines
  for insert to authenticated with check (project_id = any ((select private.budget_project_ids())::uuid[]));
create policy "Owners and producers edit budget lines" on public.budget_lines
  for update to authenticated
  using (project_id = any ((select private.budget_project_ids())::uuid[]))
  with check (project_id = any ((select private.budget_project_ids())::uuid[]));
create policy "Owners and producers remove budget lines" on public.budget_lines
  for delete to authenticated using (project_id = any ((select private.budget_project_ids())::uuid[]));
