-- The queue functions run as their caller and take any queue table: only the service role (the
-- workers' key) and the owner (SECURITY DEFINER drains such as private.drain_storage_removals)
-- call them, and each still needs the privileges of the table it names.
grant execute on function private.queue_table(anyelement), private.queue_key_match(regclass, jsonb),
  private.queue_claim(anyelement, integer, integer, integer), private.queue_complete(anyelement, jsonb),
  private.queue_fail(anyelement, jsonb, text, integer, integer, integer)
  to service_role;
