-- notifications: each user reads, marks read and deletes their own (admins read all); only
-- the database and the service role create them.
alter table public.notifications enable row level security;
revoke all on public.notifications from anon, authenticated;
grant select, update (read_at), delete on public.notifications to authenticated;

create policy "Users read their notifications and admins read all" on public.notifications
  for select to authenticated using (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Users mark their notifications read" on public.notifications
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users delete their notifications" on public.notifications
  for delete to authenticated using (user_id = (select auth.uid()));

-- The email queue is the deliver-notifications worker's (service role), through the functions
-- of sql/90_workflow.sql.
revoke all on private.notification_emails from public, anon, authenticated;
grant select, update, delete on private.notification_emails to service_role;
