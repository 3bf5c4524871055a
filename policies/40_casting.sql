-- submissions: talent (and agents) see and submit their own; the casting team of the
-- project sees and moves them (private.guard_submission says which columns each side may
-- change). Nobody deletes a submission: talent withdraw it.
alter table public.submissions enable row level security;
revoke all on public.submissions from anon, authenticated;
grant select, insert (casting_role_id, talent_id, cover_note, media_ids), update (status, cover_note, media_ids)
  on public.submissions to authenticated;

create policy "Talent and their casting team read a submission" on public.submissions
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
         or project_id = any ((select private.casting_project_ids())::uuid[])
         or (select private.is_admin()));
create policy "Talent and their agents submit to roles they can see" on public.submissions
  for insert to authenticated
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[])
              and casting_role_id in (select cr.id from public.casting_roles cr));
create policy "Talent and their casting team update a submission" on public.submissions
  for update to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]) or project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[]) or project_id = any ((select private.casting_project_ids())::uuid[]));

-- submission_evaluations: the casting team's private ratings and notes.
alter table public.submission_evaluations enable row level security;
revoke all on public.submission_evaluations from anon, authenticated;
grant select, insert (submission_id, rating, note), update (rating, note), delete on public.submission_evaluations to authenticated;

create policy "The casting team reads evaluations" on public.submission_evaluations
  for select to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]) or (select private.is_admin()));
create policy "The casting team evaluates submissions" on public.submission_evaluations
  for insert to authenticated
  with check (project_id = any ((select private.casting_project_ids())::uuid[]) and author_id = (select auth.uid()));
create policy "Authors edit their evaluations" on public.submission_evaluations
  for update to authenticated
  using (author_id = (select auth.uid()) and project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (author_id = (select auth.uid()) and project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "Authors remove their evaluations" on public.submission_evaluations
  for delete to authenticated
  using (author_id = (select auth.uid()) and project_id = any ((select private.casting_project_ids())::uuid[]));

-- shortlists and their items: shared with every member of the project (producers and
-- viewers read them); the casting team builds them, with talent it may see. Archived
-- shortlists leave the list (archived_shortlists() reads them); their items stay readable.
alter table public.shortlists enable row level security;
revoke all on public.shortlists from anon, authenticated;
grant select, insert (casting_role_id, name), update (name), delete on public.shortlists to authenticated;

create policy "Project members read shortlists" on public.shortlists
  for select to authenticated
  using (archived_at is null and (project_id = any ((select private.member_project_ids())::uuid[]) or (select private.is_admin())));
create policy "The casting team creates shortlists" on public.shortlists
  for insert to authenticated with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team renames shortlists" on public.shortlists
  for update to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team removes shortlists" on public.shortlists
  for delete to authenticated using (project_id = any ((select private.casting_project_ids())::uuid[]));

alter table public.shortlist_items enable row level security;
revoke all on public.shortlist_items from anon, authenticated;
grant select, insert (shortlist_id, talent_id, rank, note), update (rank, note), delete on public.shortlist_items to authenticated;

create policy "Project members read shortlist items" on public.shortlist_items
  for select to authenticated
  using (project_id = any ((select private.member_project_ids())::uuid[]) or (select private.is_admin()));
create policy "The casting team shortlists talent it may see" on public.shortlist_items
  for insert to authenticated
  with check (project_id = any ((select private.casting_project_ids())::uuid[])
              and talent_id in (select tp.id from public.talent_profiles tp));
create policy "The casting team reorders and annotates items" on public.shortlist_items
  for update to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team removes items" on public.shortlist_items
  for delete to authenticated using (project_id = any ((select private.casting_project_ids())::uuid[]));

-- audition_slots: the casting team manages them; talent see the slots of roles where they
-- were asked to audition or called back.
alter table public.audition_slots enable row level security;
revoke all on public.audition_slots from anon, authenticated;
grant select, insert (casting_role_id, starts_at, ends_at, capacity, location, video_link, notes),
      update (starts_at, ends_at, capacity, location, video_link, notes), delete
  on public.audition_slots to authenticated;

create policy "The casting team and invited talent read slots" on public.audition_slots
  for select to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[])
         or casting_role_id = any ((select private.offered_casting_role_ids())::uuid[])
         or (select private.is_admin()));
create policy "The casting team creates slots" on public.audition_slots
  for insert to authenticated with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team edits slots" on public.audition_slots
  for update to authenticated
  using (project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team removes slots" on public.audition_slots
  for delete to authenticated using (project_id = any ((select private.casting_project_ids())::uuid[]));

-- audition_bookings: invited talent (or their agent) book offered slots; the casting team
-- may book on their behalf and records attendance. Bookings are cancelled, never deleted.
alter table public.audition_bookings enable row level security;
revoke all on public.audition_bookings from anon, authenticated;
grant select, insert (slot_id, talent_id), update (status) on public.audition_bookings to authenticated;

create policy "Talent and the casting team read bookings" on public.audition_bookings
  for select to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[])
         or project_id = any ((select private.casting_project_ids())::uuid[])
         or (select private.is_admin()));
create policy "Invited talent and the casting team book slots" on public.audition_bookings
  for insert to authenticated
  with check ((talent_id = any ((select private.actable_talent_ids())::uuid[])
               and casting_role_id = any ((select private.offered_casting_role_ids())::uuid[]))
              or project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "Talent and the casting team update bookings" on public.audition_bookings
  for update to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]) or project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[]) or project_id = any ((select private.casting_project_ids())::uuid[]));

-- self_tape_requests: the casting team asks; the talent (or agent) answers before the due time.
alter table public.self_tape_requests enable row level security;
revoke all on public.self_tape_requests from anon, authenticated;
grant select, insert (casting_role_id, talent_id, instructions, due_at), update (instructions, due_at, status, media_id), delete
  on public.self_tape_requests to authenticated;

create policy "Talent and the casting team read self-tape requests" on public.self_tape_requests
  for select to authenticated
  using ((talent_id = any ((select private.actable_talent_ids())::uuid[])
          and not (project_id = any ((select private.nda_blocked_project_ids())::uuid[])))
         or project_id = any ((select private.casting_project_ids())::uuid[])
         or (select private.is_admin()));
create policy "The casting team requests self-tapes" on public.self_tape_requests
  for insert to authenticated with check (project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "Talent answer and the casting team edit self-tape requests" on public.self_tape_requests
  for update to authenticated
  using (talent_id = any ((select private.actable_talent_ids())::uuid[]) or project_id = any ((select private.casting_project_ids())::uuid[]))
  with check (talent_id = any ((select private.actable_talent_ids())::uuid[]) or project_id = any ((select private.casting_project_ids())::uuid[]));
create policy "The casting team withdraws self-tape requests" on public.self_tape_requests
  for delete to authenticated using (project_id = any ((select private.casting_project_ids())::uuid[]));
