// The demo seed's media files. supabase/seed.sql inserts storage.objects rows for headshots and
// showreels (marked `"seed": true` in their metadata) so media rows can reference them; this
// uploads a placeholder file for each through the Storage API with the service key, as any client
// would (an upsert, which replaces the seed's metadata, so a second run finds nothing to do).
// The Storage service itself knows nothing of the seed.
//
//   placeSeedMedia(stack)                    after startStack, as tests/support/global-setup.ts does
//   npm run seed:media                       against the running `npm start` stack
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { paths } = await import("../stack/config.ts");
  if (!existsSync(paths.running)) throw new Error("no stack is running (npm start)");
  const running = JSON.parse(readFileSync(paths.running, "utf8")) as { apiUrl: string; dbUrl: string | null; keys: { secretKey: string } };
  const postgres = (await import("postgres")).default;
  if (!running.dbUrl) throw new Error("the running stack has no database URL");
  const sql = postgres(running.dbUrl, { max: 1, onnotice: () => {} });
  try {
    const n = await placeSeedMedia({
      apiUrl: running.apiUrl,
      keys: running.keys,
      database: { query: async (text, params = []) => [...(await sql.unsafe(text, params as never[]))] as never },
    });
    console.log(`placed ${n} seed media files`);
  } finally {
    await sql.end();
  }
}
