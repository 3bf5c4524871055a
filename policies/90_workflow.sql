-- Workflow tables live in private (not exposed); the API reaches them only through triggers
-- and SECURITY DEFINER functions.
revoke all on private.submission_transitions from public, anon, authenticated;
grant select on private.submission_transitions to service_role;
grant execute on function private.in_workflow() to authenticated, service_role;
