-- Admin reporting: read-only views in the schema `reporting`, which the API does not expose
-- (supabase/config.toml [api].schemas) and no API role may use. Read them from the SQL
-- console (`npm run sql`) or any SQL client on the database URL.
create schema if not exists reporting;
revoke all on schema reporting from public;

-- Where each role's submissions stand, and how many ever reached each stage (from the audit log;
-- a submission has many audit rows, hence the distinct counts).
create or replace view reporting.casting_funnel as
with reached as (
  select (a.row_id)::uuid as submission_id, a.new_data ->> 'status' as status
  from public.audit_log a
  where a.table_name = 'submissions' and a.action = 'update'
)
select p.title as project, cr.name as role, cr.status as role_status,
       count(distinct s.id) as submissions,
       count(distinct s.id) filter (where s.status <> 'submitted') as viewed_or_beyond,
       count(distinct r.submission_id) filter (where r.status = 'shortlisted') as ever_shortlisted,
       count(distinct r.submission_id) filter (where r.status in ('audition_requested', 'self_tape_requested')) as ever_auditioned,
       count(distinct r.submission_id) filter (where r.status = 'callback') as ever_called_back,
       count(distinct r.submission_id) filter (where r.status = 'offered') as ever_offered,
       count(distinct s.id) filter (where s.status = 'booked') as booked,
       count(distinct s.id) filter (where s.status = 'rejected') as rejected,
       count(distinct s.id) filter (where s.status = 'withdrawn') as withdrawn
from public.casting_roles cr
join public.projects p on p.id = cr.project_id
left join public.submissions s on s.casting_role_id = cr.id
left join reached r on r.submission_id = s.id
group by p.title, cr.id, cr.name, cr.status;

-- Hours from submission to first shortlisting, per role.
create or replace view reporting.time_to_shortlist as
select p.title as project, cr.name as role, count(*) as shortlisted,
       round((extract(epoch from avg(f.first_at - s.created_at)) / 3600)::numeric, 1) as avg_hours,
       round((extract(epoch from percentile_cont(0.5) within group (order by f.first_at - s.created_at)) / 3600)::numeric, 1) as median_hours
from (select (a.row_id)::uuid as submission_id, min(a.occurred_at) as first_at
      from public.audit_log a
      where a.table_name = 'submissions' and a.action = 'update' and a.new_data ->> 'status' = 'shortlisted'
      group by a.row_id) f
join public.submissions s on s.id = f.submission_id
join public.casting_roles cr on cr.id = s.casting_role_id
join public.projects p on p.id = cr.project_id
group by p.title, cr.name;

-- Audition attendance per role: booked seats, attended, no-shows, cancellations.
create or replace view reporting.audition_attendance as
select p.title as project, cr.name as role, count(b.id) as bookings,
       count(b.id) filter (where b.status = 'attended') as attended,
       count(b.id) filter (where b.status = 'no_show') as no_shows,
       count(b.id) filter (where b.status = 'cancelled') as cancelled,
       round(100.0 * count(b.id) filter (where b.status = 'no_show')
             / nullif(count(b.id) filter (where b.status in ('attended', 'no_show')), 0), 1) as no_show_pct
from public.audition_slots sl
join public.casting_roles cr on cr.id = sl.casting_role_id
join public.projects p on p.id = cr.project_id
left join public.audition_bookings b on b.slot_id = sl.id
group by p.title, cr.name;

create or replace view reporting.submissions_per_day as
select (s.created_at at time zone 'Asia/Kolkata')::date as day, p.title as project, count(*) as submissions
from public.submissions s
join public.projects p on p.id = s.project_id
group by 1, 2;

-- The embedding queue, for operators.
create or replace view reporting.embedding_queue as
select j.target_table, count(*) as jobs, count(*) filter (where j.next_attempt_at is null) as failed,
       min(j.enqueued_at) as oldest, max(j.last_error) as an_error
from private.embedding_jobs j
group by j.target_table;
