// `npm run db:reset`: rebuild the database from migrations and seed, like `supabase db reset`.
// Embedded: deletes the PGlite data folder. Native (DATABASE_URL): drops and recreates that
// database through the server's maintenance database.
import { rmSync } from "node:fs";
import postgres from "postgres";
import { paths } from "./config.ts";
import { openDatabase, prepareDatabase, redactUrl, SetupError } from "./database.ts";
import { readRunning } from "./running.ts";

if (readRunning()) {
  console.error("error: CastMatch is running; stop it (Ctrl-C) before resetting its database");
  process.exit(1);
}
const databaseUrl = process.env.DATABASE_URL || undefined;
try {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    const name = decodeURIComponent(url.pathname.slice(1)) || "postgres";
    if (name === "postgres") throw new SetupError("refusing to drop the maintenance database `postgres`; point DATABASE_URL at a database of its own");
    url.pathname = "/postgres";
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    await admin.end();
    console.log(`Recreated ${redactUrl(databaseUrl)}`);
  } else {
    rmSync(paths.pgdata, { recursive: true, force: true });
    console.log("Deleted the embedded database");
  }
  const db = await openDatabase({ databaseUrl, dataDir: paths.pgdata });
  const result = await prepareDatabase(db);
  await db.close();
  console.log(`Applied ${result.applied.length} migrations${result.seeded ? " and the seed" : ""}.`);
} catch (error) {
  console.error(`error: ${error instanceof SetupError ? error.message : (error as Error).message}`);
  process.exit(1);
}
