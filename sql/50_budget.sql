-- Money: every amount is an integer number of paise (1 rupee = 100 paise), never a float.

create table public.budget_lines (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,  -- cascade: the project's own money; a project with budget lines is archived, and only the purge removes it after retention
  casting_role_id uuid references public.casting_roles (id) on delete set null,
  category text not null check (char_length(btrim(category)) between 1 and 80),
  description text check (char_length(description) <= 500),
  amount_paise bigint not null check (amount_paise >= 0 and amount_paise <= 1000000000000000),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index budget_lines_project_idx on public.budget_lines (project_id);
create index budget_lines_role_idx on public.budget_lines (casting_role_id);
create index budget_lines_created_by_idx on public.budget_lines (created_by);
create trigger budget_lines_touch before update on public.budget_lines
  for each row execute function private.touch_updated_at();

-- A line tied to a role must belong to that role's project.
create or replace function private.guard_budget_line()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.casting_role_id is not null
     and private.project_of_casting_role(new.casting_role_id) is distinct from new.project_id then
    raise exception 'casting_role_id belongs to another project' using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' and new.project_id is distinct from old.project_id then
    raise exception 'a budget line stays in its project' using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;
create trigger budget_lines_guard before insert or update on public.budget_lines
  for each row execute function private.guard_budget_line();
create trigger budget_lines_audit after insert or update or delete on public.budget_lines
  for each row execute function private.audit_change();
