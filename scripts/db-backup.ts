// `npm run db:backup [-- <file>]`: a restorable backup of the database (auth users, every schema,
// Storage's rows) with Storage's files beside it, in one tar file (default .castmatch/backups/).
// Embedded: PGlite's own dump of its data folder; a running stack takes it itself, since only one
// process may open the folder. Native (DATABASE_URL): pg_dump. See stack/backup.ts.
import { resolve } from "node:path";
import { createBackup, describeBackup, type BackupResult } from "../stack/backup.ts";
import { paths } from "../stack/config.ts";
import { openDatabase, SetupError } from "../stack/database.ts";
import { readRunning } from "../stack/running.ts";
import { storageDirFor } from "../stack/storage/index.ts";
import { isNewDataDir } from "../stack/prepare.ts";

const arg = process.argv.slice(2).find((a) => !a.startsWith("--"));
const file = arg ? resolve(arg) : undefined;
const databaseUrl = process.env.DATABASE_URL || undefined;
try {
  let result: BackupResult;
  const running = readRunning();
  if (!databaseUrl && running) {
    if (file) throw new SetupError("a running stack writes its backup to .castmatch/backups/; stop it to choose the file");
    const response = await fetch(`${running.apiUrl}/castmatch/v1/backup`, {
      method: "POST",
      headers: { apikey: running.keys.secretKey, authorization: `Bearer ${running.keys.secretKey}` },
    });
    if (!response.ok) throw new SetupError(`the running stack refused the backup (${response.status}): ${await response.text()}`);
    result = (await response.json()) as BackupResult;
  } else {
    if (!databaseUrl && isNewDataDir(paths.pgdata)) throw new SetupError(`no embedded database at ${paths.pgdata} to back up`);
    const db = await openDatabase({ databaseUrl, dataDir: paths.pgdata });
    try {
      result = await createBackup(db, { storageDir: storageDirFor(databaseUrl), reason: "manual", file });
    } finally {
      await db.close();
    }
  }
  console.log(`Backed up to ${describeBackup(result)}`);
  console.log(`Restore with: npm run db:restore -- ${result.file}`);
} catch (error) {
  console.error(`error: ${error instanceof SetupError ? error.message : (error as Error).stack}`);
  process.exit(1);
}
