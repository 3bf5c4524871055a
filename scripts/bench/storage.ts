// What media costs through /storage/v1 on the local stack, as a talent's and a casting
// director's apps use it with supabase-js: upload and download of a headshot, a reel upload's
// throughput, signed URLs, a folder listing, and the 400 px rendition for lists (first and cached).
//
//   npm run bench:storage -- [--iterations 30] [--reel-mb 50] [--native] [--json]
//
// Embedded PGlite by default; --native runs on DATABASE_URL or a throwaway local cluster.
import { parseArgs } from "node:util";
import sharp from "sharp";
import { stableUuid } from "../../seed/generate.ts";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { startStack } from "../../stack/server.ts";
import { email, signIn } from "../../tests/support/personas.ts";
import { stats, timeIt, type Stats } from "../lib/bench.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";

const { values: args } = parseArgs({
  options: {
    iterations: { type: "string", default: "30" },
    "reel-mb": { type: "string", default: "50" },
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const iterations = Number(args.iterations);
const reelMb = Number(args["reel-mb"]);
if (!Number.isInteger(iterations) || iterations < 1) throw new Error("--iterations must be a positive integer");
if (!Number.isInteger(reelMb) || reelMb < 1 || reelMb > 500) throw new Error("--reel-mb must be 1..500");
const log = (line: string) => { if (!args.json) console.log(line); };
const mb = (bytes: number) => bytes / (1024 * 1024);

let server: NativeServer | undefined;
let scratch: { url: string; drop(): Promise<void> } | undefined;
if (args.native) {
  server = await nativeServer();
  scratch = await createScratchDatabase(server.url, "castmatch_bench");
}
// No edge functions and no scheduler: only the API and Storage are measured.
const stack = await startStack({
  keys: generateKeys(),
  port: 0,
  dbPort: null,
  databaseUrl: scratch?.url,
  config: { ...readProjectConfig(), functions: {} },
  scheduleEveryMs: 0,
});
try {
  const keys = { apiUrl: stack.apiUrl, publishableKey: stack.keys.publishableKey };
  const talent = await signIn(keys, "talent");
  const cd = await signIn(keys, "casting_director");
  const folder = `${stableUuid("talent", email("talent"))}/bench-${Date.now().toString(36)}`;
  const headshot = await sharp({ create: { width: 2400, height: 3200, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .jpeg({ quality: 85 }).toBuffer();
  log(`${stack.database.kind} database; headshot ${mb(headshot.length).toFixed(2)} MB (2400×3200 JPEG); ${iterations} iterations each`);

  let n = 0;
  const results: Record<string, Stats | number> = {};
  results.upload_headshot_ms = await timeIt(async () => {
    const { error } = await talent.storage.from("headshots").upload(`${folder}/h-${n++}.jpg`, headshot, { contentType: "image/jpeg" });
    if (error) throw error;
  }, iterations);
  const path = `${folder}/h-0.jpg`;
  results.download_headshot_ms = await timeIt(async () => {
    const { error } = await cd.storage.from("headshots").download(path);
    if (error) throw error;
  }, iterations);
  results.sign_url_ms = await timeIt(async () => {
    const { error } = await cd.storage.from("headshots").createSignedUrl(path, 60);
    if (error) throw error;
  }, iterations);
  const signed = (await cd.storage.from("headshots").createSignedUrl(path, 600)).data!.signedUrl;
  results.signed_download_ms = await timeIt(async () => {
    const r = await fetch(signed);
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`signed download ${r.status}`);
  }, iterations);
  results.list_folder_ms = await timeIt(async () => {
    const { error } = await cd.storage.from("headshots").list(folder, { limit: 100 });
    if (error) throw error;
  }, iterations);

  const rssBefore = process.memoryUsage().rss;
  let first = 0;
  const firsts: number[] = [];
  for (let i = 0; i < Math.min(iterations, 10); i++) {
    const t0 = performance.now();
    const { error } = await cd.storage.from("headshots").download(`${folder}/h-${i}.jpg`, { transform: { width: 400 } });
    if (error) throw error;
    firsts.push(performance.now() - t0);
    if (i === 0) first = firsts[0]!;
  }
  results.rendition_first_ms = stats(firsts);
  results.rendition_cached_ms = await timeIt(async () => {
    const { error } = await cd.storage.from("headshots").download(path, { transform: { width: 400 } });
    if (error) throw error;
  }, iterations);
  results.rss_added_by_sharp_mb = Math.round(mb(process.memoryUsage().rss - rssBefore));

  const reel = Buffer.alloc(reelMb * 1024 * 1024, 3);
  Buffer.from("\0\0\0\x18ftypisom\0\0\x02\0isommp41", "latin1").copy(reel);
  const reelRuns = await timeIt(async () => {
    const { error } = await talent.storage.from("reels").upload(`${folder}/reel-${n++}.mp4`, reel, { contentType: "video/mp4" });
    if (error) throw error;
  }, 3, 1);
  results.reel_upload_mb_per_s = Math.round((reelMb / (reelRuns.p50 / 1000)) * 10) / 10;

  if (args.json) {
    console.log(JSON.stringify({ backend: stack.database.kind, iterations, headshot_bytes: headshot.length, reel_mb: reelMb, first_rendition_ms: first, ...results }, null, 2));
  } else {
    const row = (label: string, s: Stats) => log(`${label.padEnd(34)} p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms`);
    row("upload headshot (talent)", results.upload_headshot_ms as Stats);
    row("download headshot (casting dir.)", results.download_headshot_ms as Stats);
    row("createSignedUrl", results.sign_url_ms as Stats);
    row("download through a signed URL", results.signed_download_ms as Stats);
    row("list a folder", results.list_folder_ms as Stats);
    row("400 px rendition, first", results.rendition_first_ms as Stats);
    row("400 px rendition, cached", results.rendition_cached_ms as Stats);
    log(`reel upload (${reelMb} MB)                 ${results.reel_upload_mb_per_s} MB/s (p50 of 3)`);
    log(`RSS added by loading sharp            ${results.rss_added_by_sharp_mb} MB`);
  }
} finally {
  await stack.stop();
  await scratch?.drop();
  server?.stop();
}
