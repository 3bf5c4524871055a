// Which database the tests run on. `npm test` sets CASTMATCH_TEST_SERVER_URL for the native
// backend; without it every test gets an in-memory PGlite. On native, each caller gets its
// own scratch database on that server, dropped afterwards.
import { createScratchDatabase } from "../../scripts/lib/native-server.ts";

export const nativeServerUrl = process.env.CASTMATCH_TEST_SERVER_URL || undefined;
export const backendName = nativeServerUrl ? "native" : "embedded";

export type Scratch = { databaseUrl: string | undefined; drop(): Promise<void> };

export async function scratchDatabase(): Promise<Scratch> {
  if (!nativeServerUrl) return { databaseUrl: undefined, drop: async () => {} };
  const scratch = await createScratchDatabase(nativeServerUrl, "castmatch_test");
  return { databaseUrl: scratch.url, drop: scratch.drop };
}
