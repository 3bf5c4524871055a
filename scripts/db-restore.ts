// `npm run db:restore -- <file>`: brings back a backup made by `npm run db:backup` (or the one
// `npm start` takes before migrating). The current database and Storage folder are moved aside,
// not deleted; every table's row count and content digest are checked against the backup's.
// A restored database at an older release is migrated by the next `npm start`.
import { resolve } from "node:path";
import { paths } from "../stack/config.ts";
import { restoreBackup } from "../stack/backup.ts";
import { SetupError } from "../stack/database.ts";
import { readRunning } from "../stack/running.ts";
import { storageDirFor } from "../stack/storage/index.ts";

const arg = process.argv.slice(2).find((a) => !a.startsWith("--"));
const databaseUrl = process.env.DATABASE_URL || undefined;
try {
  if (!arg) throw new SetupError("usage: npm run db:restore -- <backup file>");
  if (readRunning()) throw new SetupError("CastMatch is running; stop it (Ctrl-C) before restoring its database");
  const result = await restoreBackup(resolve(arg), { databaseUrl, dataDir: paths.pgdata, storageDir: storageDirFor(databaseUrl) });
  const { manifest } = result;
  for (const m of result.moved) console.log(`Moved the previous data aside: ${m}`);
  if (result.mismatches.length) {
    console.error(`error: the restored database differs from the backup:\n  ${result.mismatches.join("\n  ")}`);
    process.exit(1);
  }
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(
    `Restored ${manifest.kind} backup of ${manifest.created_at} (${manifest.reason}): ${manifest.tables.length} tables, ` +
      `${rows.toLocaleString("en-IN")} rows, every count and digest as backed up; ${manifest.storage_files} storage files.`,
  );
  console.log(`Its newest migration: ${manifest.migrations.at(-1) ?? "none"}. \`npm start\` applies any newer ones.`);
} catch (error) {
  console.error(`error: ${error instanceof SetupError ? error.message : (error as Error).stack}`);
  process.exit(1);
}
