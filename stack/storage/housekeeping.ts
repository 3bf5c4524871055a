// What the Storage service does on its own, generic to any project:
// - at start-up, files whose object row is gone are swept (a crash between a row's removal and
//   its file's leaves such a file; never the other way round);
// - every few seconds, objects the database has queued for removal are removed with their files,
//   if the project defines the queue: a function `private.drain_storage_removals()` returning the
//   removed objects' versions (this project's is in sql/70_storage.sql; what is queued, and when,
//   is the database's business);
// - unfinished resumable uploads past their expiry are removed.
import type { Core } from "./core.ts";

const DRAIN = "private.drain_storage_removals()";

export async function reconcile(core: Core, options: { reportMissing: boolean }): Promise<void> {
  const rows = await core.db.transaction(null, "storage.reconcile", (tx) =>
    tx.query<{ version: string | null }>("select version from storage.objects"),
  );
  const swept = await core.files.sweep(new Set(rows.map((r) => r.version).filter((v): v is string => !!v)));
  if (swept.files) core.log(`storage: removed ${swept.files} files whose objects are gone`);
  if (!options.reportMissing) return;
  const missing = rows.filter((r) => !r.version || !core.files.has(r.version)).length;
  if (missing) core.log(`storage: ${missing} objects have no file in ${core.files.root} (their downloads answer 404)`);
}

export async function hasRemovalQueue(core: Core): Promise<boolean> {
  const [row] = await core.db.transaction(null, "storage.housekeeping", (tx) =>
    tx.query<{ found: boolean }>("select to_regprocedure($1) is not null as found", [DRAIN]),
  );
  return row?.found ?? false;
}

/** Removes the objects the database queued, then their files; returns how many. */
export async function drainRemovals(core: Core): Promise<number> {
  const removed = await core.db.transaction(null, "storage.object.delete", (tx) =>
    tx.query<{ version: string | null }>(`select version from ${DRAIN} as version`),
  );
  for (const r of removed) await core.files.removeVersion(r.version);
  return removed.length;
}
