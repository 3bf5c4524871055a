// Which database the tests run on. `npm test` sets CASTMATCH_TEST_SERVER_URL for the native
// backend; without it every test gets an in-memory PGlite. On native, each caller gets its
// own scratch database on that server, dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";

export const nativeServerUrl = process.env.CASTMATCH_TEST_SERVER_URL || undefined;
export const backendName = nativeServerUrl ? "native" : "embedded";

export type Scratch = { databaseUrl: string | undefined; drop(): Promise<void> };

export async function scratchDatabase(): Promise<Scratch> {
  if (!nativeServerUrl) return { databaseUrl: undefined, drop: async () => {} };
  const name = `castmatch_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(nativeServerUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(nativeServerUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const sql = postgres(nativeServerUrl!, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end();
    },
  };
}
