-- hosted_jobs: the jobs of supabase/config.toml ([castmatch.jobs]) on a hosted project, run by
-- pg_cron (sql/99_jobs.sql). The functions were written by `npm run db:diff` on 2026-12-03; the
-- last statement hands them config.toml's job list. Where pg_cron and pg_net are not available
-- (PGlite, a plain PostgreSQL) it changes nothing. tests/unit/hosted-jobs.test.ts checks that the
-- list is config.toml's.

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.apply_hosted_jobs(jobs jsonb)
 RETURNS text[]
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.hosted_job_command(job jsonb)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.schedule_hosted_jobs(jobs jsonb)
 RETURNS text[]
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$
;

select private.schedule_hosted_jobs('{
  "deliver-notifications": {
    "function": "deliver-notifications",
    "cron": "* * * * *"
  },
  "deliver-webhooks": {
    "function": "deliver-webhooks",
    "cron": "* * * * *"
  },
  "embed": {
    "function": "embed",
    "cron": "10 seconds"
  },
  "purge-archived": {
    "sql": "private.purge_archived()",
    "cron": "17 3 * * *"
  }
}'::jsonb);
