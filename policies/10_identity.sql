-- profiles: names are visible to signed-in users; each user edits only their own.
alter table public.profiles enable row level security;
revoke all on public.profiles from anon, authenticated;
grant select, update (full_name, avatar_path, preferred_language) on public.profiles to authenticated;

create policy "Signed-in users read profiles" on public.profiles
  for select to authenticated using (true);
create policy "Users edit their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- user_roles: users see their own roles; admins see and grant or revoke everyone else's.
alter table public.user_roles enable row level security;
revoke all on public.user_roles from anon, authenticated;
grant select, insert (user_id, role), delete on public.user_roles to authenticated;

create policy "Users read their own roles and admins read all" on public.user_roles
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Admins grant roles" on public.user_roles
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins revoke roles" on public.user_roles
  for delete to authenticated using ((select private.is_admin()));

-- role_requests: users ask for vetted roles and may withdraw a pending request; admins decide.
alter table public.role_requests enable row level security;
revoke all on public.role_requests from anon, authenticated;
grant select, insert (role, company, reason), update (status, review_note), delete on public.role_requests to authenticated;

create policy "Users read their own requests and admins read all" on public.role_requests
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Users request a vetted role for themselves" on public.role_requests
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Admins review requests" on public.role_requests
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Users withdraw their own pending requests" on public.role_requests
  for delete to authenticated
  using (user_id = (select auth.uid()) and status = 'pending');
