-- The archive and undo (sql/97_safety.sql): members and admins read archived rows through the
-- archived_* functions; owners (a project) and casting teams (a role, a shortlist) restore them.
-- The settings and the purge are the database owner's: no API role may call or read them.
revoke all on private.safety_settings from public, anon, authenticated, service_role;

grant execute on function private.archived_projects(), private.archived_casting_roles(), private.archived_shortlists(),
  private.restore_project(uuid), private.restore_casting_role(uuid), private.restore_shortlist(uuid)
  to authenticated;
grant execute on function public.archived_projects(), public.archived_casting_roles(), public.archived_shortlists(),
  public.restore_project(uuid), public.restore_casting_role(uuid), public.restore_shortlist(uuid)
  to authenticated;
