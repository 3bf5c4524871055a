// One REST worker thread (stack/rest.ts): its own @supabase/lite App and connection pool on the
// native database, answering the /rest/v1 requests the gateway hands it. Plain JavaScript, so
// the same file runs under `npm start`'s bundle, tsx and the tests.
import { parentPort, workerData } from "node:worker_threads";
import { App } from "@supabase/lite";
import { createPostgresConnection } from "@supabase/lite/postgres";
import { safeSerializers } from "./query-params.mjs";

process.env.LITE_TELEMETRY = "0";
process.env.DO_NOT_TRACK = "1";

const { url, postgresOptions, config } = workerData;
const connection = createPostgresConnection({ url, ...(postgresOptions ? { postgresOptions } : {}) });
// Request values of the wrong type must reach PostgreSQL as text it can refuse (a 400), as in the
// main process (stack/database.ts).
connection.driver.options.serializers = safeSerializers(connection.driver.options.serializers);
const app = new App({ connection, ...config });

try {
  await app.init();
  // The schema cache, before the first request needs it.
  await connection.introspect({ useCache: true });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

parentPort.on("message", async (message) => {
  if (message.stop) {
    await connection.close().catch(() => {});
    process.exit(0);
  }
  const { id, method, url: requestUrl, headers, body, peerAddress } = message;
  try {
    const request = new Request(requestUrl, { method, headers, body: body ?? undefined });
    const response = await app.fetch(request, { peerAddress });
    const out = response.body ? await response.arrayBuffer() : null;
    const responseHeaders = [];
    response.headers.forEach((value, key) => responseHeaders.push([key, value]));
    parentPort.postMessage({ id, status: response.status, statusText: response.statusText, headers: responseHeaders, body: out }, out ? [out] : []);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
