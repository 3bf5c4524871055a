-- webhook_endpoints: a project's owners (who have accepted its NDA, if confidential) register,
-- change and remove its subscribers; admins read them. The signing secrets live in private: owners
-- read the current one with rpc('webhook_endpoint_secret') and rotate it with
-- rpc('rotate_webhook_secret').
alter table public.webhook_endpoints enable row level security;
revoke all on public.webhook_endpoints from anon, authenticated;
grant select, insert (project_id, url, description, events, enabled), update (url, description, events, enabled), delete
  on public.webhook_endpoints to authenticated;

create policy "Owners and admins read the project's webhook endpoints" on public.webhook_endpoints
  for select to authenticated
  using (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]) or (select private.is_admin()));
create policy "Owners register webhook endpoints" on public.webhook_endpoints
  for insert to authenticated with check (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]));
create policy "Owners change webhook endpoints" on public.webhook_endpoints
  for update to authenticated
  using (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]))
  with check (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]));
create policy "Owners remove webhook endpoints" on public.webhook_endpoints
  for delete to authenticated using (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]));

-- webhook_deliveries: the project's owners read them (the dead-letter list is status = 'dead') and
-- replay them with rpc('replay_webhook_delivery'); only the database writes them.
alter table public.webhook_deliveries enable row level security;
revoke all on public.webhook_deliveries from anon, authenticated;
grant select on public.webhook_deliveries to authenticated;

create policy "Owners and admins read the project's webhook deliveries" on public.webhook_deliveries
  for select to authenticated
  using (project_id = any ((select private.project_ids_as('{owner}'))::uuid[]) or (select private.is_admin()));

revoke all on private.webhook_secrets from public, anon, authenticated, service_role;
revoke all on private.webhook_settings from public, anon, authenticated;
grant select on private.webhook_settings to service_role;

grant execute on function private.webhook_event_names() to anon, authenticated, service_role;
grant execute on function private.owned_endpoint(uuid), private.webhook_endpoint_secret(uuid), private.rotate_webhook_secret(uuid, integer),
  private.replay_webhook_delivery(uuid), public.webhook_endpoint_secret(uuid), public.rotate_webhook_secret(uuid, integer),
  public.replay_webhook_delivery(uuid)
  to authenticated;
grant execute on function private.webhook_signing_secrets(uuid), public.claim_webhook_deliveries(integer, integer),
  public.complete_webhook_deliveries(jsonb)
  to service_role;
