// The demo seed's media files. supabase/seed.sql inserts storage.objects rows for headshots and
// showreels (marked `"seed": true` in their metadata) so media rows can reference them; this
// uploads a placeholder file for each through the Storage API with the service key, as any client
// would (an upsert, which replaces the seed's metadata, so a second run finds nothing to do).
// The Storage service itself knows nothing of the seed.
//
//   placeSeedMedia(stack)                    after startStack, as tests/support/global-setup.ts does
//   npm run seed:media                       against the running `npm start` stack (`npm run status`)
//   an after_seed script of config.toml      `npm start` runs it with API_URL, SECRET_KEY, DB_URL set
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";

const MEDIA = join(dirname(fileURLToPath(import.meta.url)), "media");

type Target = {
  apiUrl: string;
  keys: { secretKey: string };
  database: { query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> };
};

export async function placeSeedMedia(stack: Target, concurrency = 4): Promise<number> {
  const rows = await stack.database.query<{ bucket_id: string; name: string; mimetype: string }>(
    `select bucket_id, name, metadata->>'mimetype' as mimetype from storage.objects
     where metadata->>'seed' = 'true' and metadata->>'mimetype' is not null order by bucket_id, name`,
  );
  const headshot = readFileSync(join(MEDIA, "headshot.jpg"));
  const reel = readFileSync(join(MEDIA, "reel.mp4"));
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const path = row.name.split("/").map(encodeURIComponent).join("/");
      const put = () => fetch(`${stack.apiUrl}/storage/v1/object/${row.bucket_id}/${path}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${stack.keys.secretKey}`, "content-type": row.mimetype, "cache-control": "max-age=3600", "x-upsert": "true" },
        body: new Uint8Array(row.mimetype.startsWith("image/") ? headshot : reel),
      });
      // (a kept-alive connection the server has just closed resets once; the upsert is safe to repeat)
      const response = await put().catch(put);
      if (!response.ok) throw new Error(`seed media ${row.bucket_id}/${row.name}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return rows.length;
}

/** The running stack as `npm start` hands it to its after_seed scripts (API_URL, SECRET_KEY and
 *  DB_URL in the environment), or else as `npm run status` prints it. */
function runningStack(): { apiUrl: string; secretKey: string; dbUrl: string } {
  let env: Record<string, string | undefined> = process.env;
  if (!env.API_URL) {
    const status = spawnSync("npm", ["run", "--silent", "status"], { cwd: join(dirname(fileURLToPath(import.meta.url)), ".."), encoding: "utf8" });
    if (status.status !== 0) throw new Error(status.stderr.trim().split("\n").pop() || "no stack is running (npm start)");
    env = parseEnv(status.stdout);
  }
  const { API_URL: apiUrl, SECRET_KEY: secretKey, DB_URL: dbUrl } = env;
  if (!apiUrl || !secretKey) throw new Error("API_URL and SECRET_KEY are not set, and `npm run status` did not give them");
  if (!dbUrl) throw new Error("the running stack has no database URL (DB_URL)");
  return { apiUrl, secretKey, dbUrl };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let running: ReturnType<typeof runningStack>;
  try {
    running = runningStack();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const postgres = (await import("postgres")).default;
  const sql = postgres(running.dbUrl, { max: 1, onnotice: () => {} });
  try {
    const n = await placeSeedMedia({
      apiUrl: running.apiUrl,
      keys: { secretKey: running.secretKey },
      database: { query: async (text, params = []) => [...(await sql.unsafe(text, params as never[]))] as never },
    });
    console.log(`placed ${n} seed media files`);
  } finally {
    await sql.end();
  }
}
