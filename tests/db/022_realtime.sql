-- Who may use which private Realtime channel (policies/96_realtime.sql): Supabase Realtime asks
-- realtime.messages, as the subscriber, whether they may select (receive) and insert (send)
-- broadcast and presence messages of the topic. _realtime.authorize is that question, asked the
-- way the local server asks it. Each case: topic × persona → may receive, may send.
begin;
\ir fixture.sql

create table tests.realtime_cases (
  topic text not null,
  persona text not null,
  receives boolean not null,
  sends boolean not null,
  setup_sql text,                 -- a change of the world first (as the owner), if any
  primary key (topic, persona, setup_sql)
);

insert into tests.realtime_cases (topic, persona, receives, sends, setup_sql)
select format('project:%s', tests.fx('P')), p, p = 'cd_member', p = 'cd_member', ''
  from unnest(array['cd_member', 'cd_other', 'producer', 'viewer', 'talent', 'agent_rep', 'newcomer']) p
union all
select format('project:%s', tests.fx('C')), p, p = 'cd_member', p = 'cd_member', ''
  from unnest(array['cd_member', 'cd_other', 'viewer']) p
union all
select format('talent:%s', tests.fx('T1')), p, p in ('talent', 'agent_rep'), false, ''
  from unnest(array['talent', 'agent_rep', 'agent_other', 'other_talent', 'cd_member', 'producer']) p
union all
select format('shortlist:%s', tests.fx('SL1')), p, p in ('cd_member', 'producer', 'viewer'), p in ('cd_member', 'producer', 'viewer'), ''
  from unnest(array['cd_member', 'producer', 'viewer', 'cd_other', 'talent', 'newcomer']) p
union all
-- names that are not topics of ours open nothing
select t, 'cd_member', false, false, ''
  from unnest(array['project:not-a-uuid', format('project:%s:x', tests.fx('P')), format('projects:%s', tests.fx('P')), 'lobby']) t;

-- The NDA gate: a casting associate of the confidential project C, before and after accepting
-- its current NDA.
insert into tests.realtime_cases values
  (format('project:%s', tests.fx('C')), 'viewer', false, false,
   format($s$insert into public.project_members (project_id, user_id, project_role) values (%L, %L, 'associate')$s$, tests.fx('C'), tests.get_supabase_uid('viewer'))),
  (format('project:%s', tests.fx('C')), 'viewer', true, true,
   format($s$insert into public.project_members (project_id, user_id, project_role) values (%L, %L, 'associate');
            insert into public.nda_acceptances (project_id, version, user_id) values (%L, 1, %L)$s$,
          tests.fx('C'), tests.get_supabase_uid('viewer'), tests.fx('C'), tests.get_supabase_uid('viewer'))),
  -- a revoked membership closes the shortlist room
  (format('shortlist:%s', tests.fx('SL1')), 'viewer', false, false,
   format($s$delete from public.project_members where project_id = %L and user_id = %L$s$, tests.fx('P'), tests.get_supabase_uid('viewer')));

select plan((select count(*)::int * 2 + 1 from tests.realtime_cases) + 4);

create function tests.realtime_policies(c tests.realtime_cases) returns jsonb language plpgsql as $$
declare
  result jsonb;
begin
  perform tests.clear_authentication();
  begin
    if c.setup_sql <> '' then
      execute c.setup_sql;
    end if;
    result := _realtime.authorize(c.topic, 'authenticated',
      json_build_object('sub', tests.get_supabase_uid(c.persona), 'role', 'authenticated')::text);
    raise exception using errcode = 'RTTST', message = 'undo';
  exception when sqlstate 'RTTST' then
    null;
  end;
  return result;
end;
$$;

select is((tests.realtime_policies(c) -> 'broadcast' ->> 'read')::boolean, c.receives,
          format('%s %s receive on %s%s', c.persona, case when c.receives then 'may' else 'may not' end, c.topic,
                 case when c.setup_sql <> '' then ' after: ' || left(c.setup_sql, 40) else '' end))
  from tests.realtime_cases c order by c.topic, c.persona, c.setup_sql;
select is((tests.realtime_policies(c) -> 'broadcast' ->> 'write')::boolean, c.sends,
          format('%s %s send on %s%s', c.persona, case when c.sends then 'may' else 'may not' end, c.topic,
                 case when c.setup_sql <> '' then ' after: ' || left(c.setup_sql, 40) else '' end))
  from tests.realtime_cases c order by c.topic, c.persona, c.setup_sql;

-- The same answers for presence: the policies do not tell the two apart.
select is((select count(*)::int from tests.realtime_cases c
            where tests.realtime_policies(c) -> 'broadcast' is distinct from tests.realtime_policies(c) -> 'presence'),
          0, 'presence is authorized exactly as broadcast on every topic');

-- Postgres changes are checked after their commit (_realtime.visible, as the server calls it). A
-- change whose row is gone by then (an UPDATE, then a DELETE, in quick succession) is checked on
-- the row it left: the talent's own profile, with its generated search column, after the erasure.
create temp table rt_gone as select to_jsonb(t) as r from public.talent_profiles t where t.id = tests.fx('T1');
delete from public.talent_profiles where id = tests.fx('T1');
create function tests.rt_visible(persona text) returns boolean language sql as $$
  select (_realtime.visible('public', 'talent_profiles', (select r from rt_gone),
            jsonb_build_array(jsonb_build_object('role', 'authenticated',
              'claims', json_build_object('sub', tests.get_supabase_uid(persona), 'role', 'authenticated')::text))))[1];
$$;
select is(tests.rt_visible('talent'), true, 'a change whose row (with a generated column) was deleted before its check still reaches the owner');
select is(tests.rt_visible('agent_other'), false, 'the row put back for the check shows nobody else anything');
select is((select count(*)::int from public.talent_profiles where id = tests.fx('T1')), 0, 'the row put back for the check is gone again');
select is((select count(*)::int from public.talent_contacts where talent_id = tests.fx('T1')), 0, 'and nothing it cascaded to came back');

select * from finish();
rollback;
