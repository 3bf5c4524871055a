-- Background jobs on a hosted project. supabase/config.toml declares them ([castmatch.jobs.<name>]:
-- an edge function or a SQL expression, and a cron schedule). The local stack runs them itself
-- (stack/scheduler.ts); on Supabase, pg_cron runs them, calling functions through pg_net with the
-- project URL and service role key kept in Vault (Supabase's documented pattern). A migration
-- hands the job list to private.schedule_hosted_jobs; tests/unit/hosted-jobs.test.ts fails while
-- the newest such list differs from config.toml, so a change of jobs ships as a new migration.
-- Where pg_cron or pg_net is not available (PGlite, a plain PostgreSQL) it does nothing.

-- The command pg_cron runs for one job. A function is POSTed `{}` with the service role key, as
-- the local scheduler does (the function itself accepts only that key); its wall-clock limit on
-- Supabase is 150 s, so pg_net waits as long. The first line marks jobs scheduled from here, so a
-- job that config.toml no longer declares can be unscheduled.
create or replace function private.hosted_job_command(job jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if job ? 'function' then
    if (job->>'function') !~ '^[A-Za-z0-9][A-Za-z0-9_-]*$' then
      raise exception 'not an edge function name: %', job->>'function' using errcode = '22023';
    end if;
    return format($cmd$-- castmatch job (private.schedule_hosted_jobs)
select net.http_post(
  url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || %L,
  headers := jsonb_build_object(
    'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key'),
    'Content-Type', 'application/json'),
  body := '{}'::jsonb,
  timeout_milliseconds := 150000
) as request_id$cmd$, '/functions/v1/' || (job->>'function'));
  end if;
  if job ? 'sql' then
    return format(E'-- castmatch job (private.schedule_hosted_jobs)\nselect %s', job->>'sql');
  end if;
  raise exception 'a job needs a function or sql: %', job using errcode = '22023';
end;
$$;

-- Schedules `jobs` ({ "<name>": { "function" | "sql": …, "cron": … } }) with pg_cron: each job by
-- its name (cron.schedule replaces a job of the same name), and unschedules the jobs an earlier
-- call scheduled that `jobs` no longer has. Expects pg_cron and pg_net; answers the names scheduled.
create or replace function private.apply_hosted_jobs(jobs jsonb)
returns text[]
language plpgsql
set search_path = ''
as $$
declare
  job record;
  scheduled text[] := '{}';
begin
  perform cron.unschedule(j.jobid)
     from cron.job j
    where j.command like '-- castmatch job (private.schedule_hosted_jobs)%' and not jobs ? j.jobname;
  for job in select key as name, value as spec from jsonb_each(jobs) order by key loop
    if job.spec->>'cron' is null then
      raise exception 'job % has no cron schedule', job.name using errcode = '22023';
    end if;
    perform cron.schedule(job.name, job.spec->>'cron', private.hosted_job_command(job.spec));
    scheduled := scheduled || job.name;
  end loop;
  return scheduled;
end;
$$;

-- What a migration calls. Where the server offers pg_cron and pg_net (a Supabase project) it
-- enables them, as Supabase's guides do, and schedules the jobs; anywhere else (PGlite, a plain
-- PostgreSQL) it answers an empty list and changes nothing. A server that lists pg_cron but cannot
-- load it (not in shared_preload_libraries) gets a warning rather than a failed migration. Run it
-- again by hand once the extensions are enabled: select private.schedule_hosted_jobs(<the list>).
create or replace function private.schedule_hosted_jobs(jobs jsonb)
returns text[]
language plpgsql
set search_path = ''
as $$
declare
  secret text;
begin
  if (select count(*) from pg_catalog.pg_available_extensions where name in ('pg_cron', 'pg_net')) < 2 then
    -- (there the local stack's scheduler runs them)
    return '{}';
  end if;
  begin
    create extension if not exists pg_cron with schema pg_catalog;
    create extension if not exists pg_net with schema extensions;
  exception when others then
    raise warning 'the hosted schedule is not set up: % (see docs/operations.md#scheduled-jobs-on-supabase)', sqlerrm;
    return '{}';
  end;
  if to_regclass('vault.secrets') is null then
    raise warning 'Supabase Vault is missing: the scheduled function calls fail until it holds project_url and service_role_key';
  else
    foreach secret in array array['project_url', 'service_role_key'] loop
      if not exists (select from vault.secrets s where s.name = secret) then
        raise warning 'Vault has no secret %: the scheduled function calls fail until it is set (docs/operations.md#scheduled-jobs-on-supabase)', secret;
      end if;
    end loop;
  end if;
  return private.apply_hosted_jobs(jobs);
end;
$$;
