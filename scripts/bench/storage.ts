// What media costs through /storage/v1 on the local stack, as a talent's and a casting
// director's apps use it with supabase-js: upload and download of a headshot, a reel upload's
// throughput, signed URLs, a folder listing, and the 400 px rendition for lists (first and cached).
// Then a self-tape over TUS (tus-js-client as Supabase's docs configure it, 6 MB chunks, read
// from a file) whose connection drops half-way and resumes: the bytes sent twice, throughput, and
// the process's peak RSS (stack and client share it; the upload streams to disk, so it stays
// far below the file's size).
//
//   npm run bench:storage -- [--iterations 30] [--reel-mb 50] [--tus-mb 200] [--native] [--json]
//
// Embedded PGlite by default; --native runs on DATABASE_URL or a throwaway local cluster.
import { createHash } from "node:crypto";
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import * as tus from "tus-js-client";
import { stableUuid } from "../../seed/generate.ts";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { startStack } from "../../stack/server.ts";
import { email, signIn } from "../../tests/support/personas.ts";
import { progress, stats, timeIt, type Stats } from "../lib/bench.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";

const { values: args } = parseArgs({
  options: {
    iterations: { type: "string", default: "30" },
    "reel-mb": { type: "string", default: "50" },
    "tus-mb": { type: "string", default: "200" },
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const iterations = Number(args.iterations);
const reelMb = Number(args["reel-mb"]);
if (!Number.isInteger(iterations) || iterations < 1) throw new Error("--iterations must be a positive integer");
if (!Number.isInteger(reelMb) || reelMb < 1 || reelMb > 500) throw new Error("--reel-mb must be 1..500");
const tusMb = Number(args["tus-mb"]);
if (!Number.isInteger(tusMb) || tusMb < 13 || tusMb > 500) throw new Error("--tus-mb must be 13..500 (the self-tapes bucket's limit is 500 MB)");
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

  const resumable = await selfTapeOverTus(stack, talent, cd, tusMb);

  if (args.json) {
    console.log(JSON.stringify({ backend: stack.database.kind, iterations, headshot_bytes: headshot.length, reel_mb: reelMb, first_rendition_ms: first, ...results, tus: resumable }, null, 2));
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
    const t = resumable;
    log(`self-tape over TUS (${t.mb} MB, 6 MB chunks), connection dropped at ${t.dropped_at_mb} MB, resumed from ${t.resumed_from_mb} MB`);
    log(`  bytes sent twice                   ${t.bytes_sent_twice.toLocaleString("en-IN")} (at most one chunk: ${t.at_most_one_chunk ? "yes" : "NO"})`);
    log(`  throughput                         ${t.mb_per_s} MB/s (${t.seconds} s sending, both parts)`);
    log(`  peak RSS of the process            ${t.peak_rss_mb} MB (${t.rss_before_mb} MB before; +${t.peak_rss_mb - t.rss_before_mb} MB for a ${t.mb} MB upload)`);
    log(`  object on download                 ${t.verified ? "same MD5 as the file" : "DIFFERENT"}`);
  }
} finally {
  await stack.stop();
  await scratch?.drop();
  server?.stop();
}

/** A self-tape the size of a phone's take, uploaded over TUS from a file; the connection drops
 *  half-way (the request is torn down, as when a train enters a tunnel) and the upload resumes
 *  from the offset the server reports. */
async function selfTapeOverTus(stack: Awaited<ReturnType<typeof startStack>>, talent: Awaited<ReturnType<typeof signIn>>, cd: Awaited<ReturnType<typeof signIn>>, sizeMb: number) {
  const take = await writeTake(sizeMb);
  const CHUNK = 6 * 1024 * 1024;
  const size = sizeMb * 1024 * 1024;
  const { file, md5 } = take;
  try {

    const made = await cd.from("self_tape_requests")
      .insert({ casting_role_id: stableUuid("role", "bombay-nights", "Meera Joshi"), talent_id: stableUuid("talent", email("talent")), instructions: "bench: a long take", due_at: new Date(Date.now() + 86_400_000).toISOString() })
      .select("id").single();
    if (made.error) throw made.error;
    const objectName = `${stableUuid("talent", email("talent"))}/${made.data.id}/take-1.mp4`;
    const token = (await talent.auth.getSession()).data.session!.access_token;

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    const bar = progress(`TUS ${sizeMb} MB`, size);
    let sending = 0;
    const attempt = (uploadUrl: string | null, dropAt: number | null) => new Promise<{ url: string | null; sent: number }>((resolve, reject) => {
      const t0 = performance.now();
      let sent = 0;
      const upload = new tus.Upload(createReadStream(file), {
        endpoint: `${stack.apiUrl}/storage/v1/upload/resumable`,
        retryDelays: [0, 3000, 5000, 10000, 20000],
        headers: { authorization: `Bearer ${token}`, "x-upsert": "true" },
        uploadDataDuringCreation: true,
        removeFingerprintOnSuccess: true,
        metadata: { bucketName: "self-tapes", objectName, contentType: "video/mp4", cacheControl: "3600" },
        chunkSize: CHUNK,
        ...(uploadUrl ? { uploadUrl } : {}),
        onProgress(bytes) {
          sent = bytes;
          bar.update(bytes);
          if (dropAt !== null && bytes >= dropAt) {
            dropAt = null;
            void upload.abort().then(() => {
              sending += performance.now() - t0;
              resolve({ url: upload.url, sent });
            });
          }
        },
        onSuccess: () => {
          sending += performance.now() - t0;
          resolve({ url: upload.url, sent });
        },
        onError: reject,
      });
      upload.start();
    });
    const first = await attempt(null, Math.floor(size / 2));
    const head = await fetch(first.url!, { method: "HEAD", headers: { authorization: `Bearer ${token}`, "tus-resumable": "1.0.0" } });
    const offset = Number(head.headers.get("upload-offset"));
    await attempt(first.url, null);
    bar.finish();
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    const back = await cd.storage.from("self-tapes").download(objectName);
    const got = createHash("md5").update(new Uint8Array(await back.data!.arrayBuffer())).digest("hex");
    const sentTwice = Math.max(0, first.sent - offset);
    return {
      mb: sizeMb,
      dropped_at_mb: Math.round(first.sent / 1024 / 1024),
      resumed_from_mb: Math.round((offset / 1024 / 1024) * 10) / 10,
      bytes_sent_twice: sentTwice,
      at_most_one_chunk: sentTwice <= CHUNK,
      seconds: Math.round(sending / 100) / 10,
      mb_per_s: Math.round((sizeMb / (sending / 1000)) * 10) / 10,
      rss_before_mb: Math.round(mb(rssBefore)),
      peak_rss_mb: Math.round(mb(peak)),
      verified: got === md5,
    };
  } finally {
    rmSync(take.dir, { recursive: true, force: true });
  }
}

/** The take on disk, written in pieces (never whole in memory), with an MP4 header so it is
 *  sniffed as one; each piece differs, so a misplaced chunk would change the MD5. */
async function writeTake(sizeMb: number): Promise<{ dir: string; file: string; md5: string }> {
  const size = sizeMb * 1024 * 1024;
  const dir = mkdtempSync(join(tmpdir(), "castmatch-bench-tus-"));
  const file = join(dir, "take.mp4");
  const fd = openSync(file, "w");
  const piece = Buffer.alloc(1024 * 1024);
  for (let i = 0; i + 4 <= piece.length; i += 4) piece.writeUInt32LE((i * 2654435761) >>> 0, i);
  const hash = createHash("md5");
  for (let at = 0, n = 0; at < size; at += piece.length, n++) {
    piece.writeUInt32LE(n, 64);
    if (at === 0) Buffer.from("\0\0\0\x18ftypisom\0\0\x02\0isommp41", "latin1").copy(piece);
    else piece.fill(0, 0, 24);
    writeSync(fd, piece);
    hash.update(piece);
    if (n % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  closeSync(fd);
  return { dir, file, md5: hash.digest("hex") };
}
