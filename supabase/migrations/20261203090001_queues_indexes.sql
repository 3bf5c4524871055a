-- queues, part 2: the due-items index every queue has (sql/05_queues.sql), built without blocking
-- writes. This file holds only `concurrently` statements, so our runner and the Supabase CLI apply
-- it outside a transaction, one statement at a time (squawk assumes every file runs in one).
-- squawk-ignore-file ban-concurrent-index-creation-in-transaction
create index concurrently if not exists embedding_jobs_due_idx on private.embedding_jobs (next_attempt_at) where next_attempt_at is not null;
create index concurrently if not exists webhook_deliveries_next_attempt_idx on public.webhook_deliveries (next_attempt_at) where next_attempt_at is not null;
drop index concurrently if exists private.embedding_jobs_ready_idx;
drop index concurrently if exists public.webhook_deliveries_due_idx;
drop index concurrently if exists public.notifications_unemailed_idx;
