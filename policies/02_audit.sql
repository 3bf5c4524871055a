-- The audit log: admins read it; nobody writes it except the audit trigger (table owner).
alter table public.audit_log enable row level security;
revoke all on public.audit_log from anon, authenticated, service_role;
grant select on public.audit_log to authenticated, service_role;

create policy "Admins read the audit log" on public.audit_log
  for select to authenticated using ((select private.is_admin()));
