-- The casting pipeline: which status moves are allowed, and who hears about them.
--
-- A submission moves only along private.submission_transitions. The casting team moves it
-- forward (or rejects, holds, releases); the talent (or their agent) only withdraws; 'booked'
-- is reached only by accepting an offer, never by an update. Every move is audit-logged
-- (sql/40_casting.sql) and notifies the talent and the agents representing them.

create table private.submission_transitions (
  from_status public.submission_status not null,
  to_status public.submission_status not null,
  mover text not null check (mover in ('casting', 'talent')),
  primary key (from_status, to_status, mover)
);

insert into private.submission_transitions (from_status, to_status, mover)
select f::public.submission_status, t::public.submission_status, 'casting'
from (values
  ('submitted', '{viewed,shortlisted,audition_requested,self_tape_requested,on_hold,rejected}'),
  ('viewed', '{shortlisted,audition_requested,self_tape_requested,on_hold,rejected}'),
  ('shortlisted', '{audition_requested,self_tape_requested,callback,on_hold,offered,rejected}'),
  ('audition_requested', '{self_tape_requested,callback,on_hold,offered,rejected}'),
  ('self_tape_requested', '{audition_requested,callback,on_hold,offered,rejected}'),
  ('callback', '{on_hold,offered,rejected}'),
  ('on_hold', '{shortlisted,audition_requested,self_tape_requested,callback,offered,rejected,released}'),
  ('offered', '{on_hold,released}'),
  ('booked', '{released}')
) as moves(f, targets), unnest(targets::text[]) as t
union all
select f::public.submission_status, 'withdrawn', 'talent'
from unnest('{submitted,viewed,shortlisted,audition_requested,self_tape_requested,callback,on_hold,offered}'::text[]) as f;

-- Set (transaction-local) by SECURITY DEFINER workflow functions, such as accepting an offer,
-- for the one update they make. API callers cannot set it: PostgREST exposes no set_config.
create or replace function private.in_workflow()
returns boolean
language sql
stable
set search_path = ''
as $$ select coalesce(current_setting('castmatch.workflow', true), '') = 'on' $$;

create or replace function private.check_transition()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  who text := case when new.talent_id = any (private.actable_talent_ids()) then 'talent' else 'casting' end;
begin
  if new.status is not distinct from old.status or auth.uid() is null then
    return new;  -- no move, or the service role / database owner (imports, fixes)
  end if;
  if private.in_workflow() then
    if not (old.status = 'offered' and new.status in ('booked', 'on_hold')) then
      raise exception 'workflow updates only settle offered submissions' using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if not exists (select 1 from private.submission_transitions t
                 where t.from_status = old.status and t.to_status = new.status and t.mover = who) then
    raise exception 'a submission cannot move from % to %', old.status, new.status
      using hint = case when new.status = 'booked' then 'talent book a role by accepting an offer' else 'see private.submission_transitions' end,
            errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger submissions_3_transition before update of status on public.submissions
  for each row execute function private.check_transition();

-- Who hears about a talent: their own account and every member of an agency representing them.
create or replace function private.talent_audience(talent uuid)
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select array(
    select tp.user_id from public.talent_profiles tp where tp.id = talent
    union
    select am.user_id from public.representations r
    join public.agency_members am on am.agency_id = r.agency_id
    where r.talent_id = talent and r.status = 'accepted')
$$;

create or replace function private.notify_submission_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  role_name text;
  talent_name text;
  label text := replace(new.status::text, '_', ' ');
begin
  select cr.name into role_name from public.casting_roles cr where cr.id = new.casting_role_id;
  select tp.stage_name into talent_name from public.talent_profiles tp where tp.id = new.talent_id;
  insert into public.notifications (user_id, kind, title, body, data)
  select u, 'submission.status',
         left(format('%s: %s for %s', initcap(label), talent_name, role_name), 200),
         format('The submission of %s for the role %s is now %s.', talent_name, role_name, label),
         jsonb_build_object('submission_id', new.id, 'casting_role_id', new.casting_role_id,
                            'talent_id', new.talent_id, 'from', old.status, 'to', new.status)
  from unnest(private.talent_audience(new.talent_id)) as u;
  return null;
end;
$$;
create trigger submissions_notify after update of status on public.submissions
  for each row when (old.status is distinct from new.status)
  execute function private.notify_submission_status();

