-- The hosted schedule (sql/99_jobs.sql): here, without pg_cron and pg_net, it changes nothing;
-- the command pg_cron would run calls the function through pg_net with the Vault secrets, or runs
-- the SQL; scheduling replaces jobs by name and unschedules only the jobs it scheduled itself
-- (shown against a stand-in cron schema, rolled back); and no API role may run any of it.
begin;
select plan(17);

select is(private.schedule_hosted_jobs('{"embed": {"function": "embed", "cron": "10 seconds"}}'), '{}'::text[],
  'without pg_cron and pg_net available, scheduling answers no job');
select is((select count(*)::int from pg_extension where extname in ('pg_cron', 'pg_net')), 0, 'and enables no extension');
select hasnt_schema('cron', 'nor makes a cron schema');

select matches(private.hosted_job_command('{"function": "deliver-webhooks", "cron": "* * * * *"}'),
  $re$^-- castmatch job \(private\.schedule_hosted_jobs\)
select net\.http_post\(
  url := \(select decrypted_secret from vault\.decrypted_secrets where name = 'project_url'\) \|\| '/functions/v1/deliver-webhooks',$re$,
  'a function job POSTs to the project URL kept in Vault');
select matches(private.hosted_job_command('{"function": "embed", "cron": "* * * * *"}'),
  $re$'Authorization', 'Bearer ' \|\| \(select decrypted_secret from vault\.decrypted_secrets where name = 'service_role_key'\)$re$,
  'with the service role key kept in Vault');
select matches(private.hosted_job_command('{"function": "embed", "cron": "* * * * *"}'),
  $re$body := '\{\}'::jsonb,$re$, 'and an empty JSON body, as the local scheduler sends');
select is(private.hosted_job_command('{"sql": "private.purge_archived()", "cron": "17 3 * * *"}'),
  E'-- castmatch job (private.schedule_hosted_jobs)\nselect private.purge_archived()', 'a SQL job runs its expression');
select throws_ok($$select private.hosted_job_command('{"function": "x'' || y", "cron": "* * * * *"}')$$,
  '22023', null, 'a function name that is not a folder name is refused');
select throws_ok($$select private.hosted_job_command('{"cron": "* * * * *"}')$$, '22023', null, 'a job with neither is refused');

-- A stand-in for pg_cron's job table and functions: upsert by name, unschedule by id.
create schema cron;
create table cron.job (jobid bigserial primary key, jobname text unique, schedule text, command text);
create function cron.schedule(job_name text, schedule text, command text) returns bigint language sql as $$
  insert into cron.job (jobname, schedule, command) values (job_name, schedule, command)
  on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command returning jobid $$;
create function cron.unschedule(job_id bigint) returns boolean language sql as $$
  with gone as (delete from cron.job where jobid = job_id returning 1) select exists (select from gone) $$;
select cron.schedule('nightly-report', '0 2 * * *', 'select 1');
select cron.schedule('old-job', '* * * * *', private.hosted_job_command('{"sql": "private.old()"}'));
select cron.schedule('embed', '5 seconds', 'select net.http_post(''a hand-made job of the same name'')');

select is(private.apply_hosted_jobs('{"purge-archived": {"sql": "private.purge_archived()", "cron": "17 3 * * *"},
                                      "embed": {"function": "embed", "cron": "10 seconds"}}'),
  array['embed', 'purge-archived'], 'scheduling answers the jobs it scheduled');
select results_eq('select jobname, schedule from cron.job order by jobname',
  $$values ('embed', '10 seconds'), ('nightly-report', '0 2 * * *'), ('purge-archived', '17 3 * * *')$$,
  'each job is scheduled by its name; a job it scheduled before and no longer has is gone; others stay');
select matches((select command from cron.job where jobname = 'embed'), '/functions/v1/embed', 'a job of the same name is replaced');
select is(private.apply_hosted_jobs('{"purge-archived": {"sql": "private.purge_archived()", "cron": "17 3 * * *"}}'),
  array['purge-archived'], 'a second call with fewer jobs');
select results_eq('select jobname from cron.job order by jobname', $$values ('nightly-report'), ('purge-archived')$$,
  'unschedules the job config.toml no longer declares');
select throws_ok($$select private.apply_hosted_jobs('{"x": {"sql": "select 1"}}')$$, '22023', null, 'a job without a cron schedule is refused');

select is((select count(*)::int from pg_proc p cross join (values ('anon'), ('authenticated'), ('service_role')) r(role)
            where p.pronamespace = 'private'::regnamespace
              and p.proname in ('schedule_hosted_jobs', 'apply_hosted_jobs', 'hosted_job_command')
              and has_function_privilege(r.role, p.oid, 'execute')), 0,
  'no API role may run the scheduling functions');
select is((select count(*)::int from pg_proc where pronamespace = 'private'::regnamespace
            and proname in ('schedule_hosted_jobs', 'apply_hosted_jobs', 'hosted_job_command')), 3, '(all three exist)');

select * from finish();
rollback;
