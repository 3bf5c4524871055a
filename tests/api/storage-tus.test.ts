// Resumable uploads (TUS) at /storage/v1/upload/resumable, driven by tus-js-client configured as
// Supabase's docs configure it: a self-tape from a phone that loses its connection and resumes,
// also across a restart of the stack; what is refused at creation (RLS, size, type) and at
// completion (sniffed content, a self-tape's due time); abandoned uploads expiring on an injected clock.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SupabaseClient } from "@supabase/supabase-js";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { scratchDatabase } from "../support/backend.ts";
import { accessToken, email, signIn } from "../support/personas.ts";

const stack = inject("stack");
const demoTalent = stableUuid("talent", email("talent"));
const meeraRole = stableUuid("role", "bombay-nights", "Meera Joshi");
const run = Date.now().toString(36);
const folder = `${demoTalent}/tus-${run}`;
const CHUNK = 6 * 1024 * 1024;

let talent: SupabaseClient;
let cd: SupabaseClient;
let viewer: SupabaseClient;

beforeAll(async () => {
  const keys = { apiUrl: stack.apiUrl, publishableKey: stack.publishableKey };
  [talent, cd, viewer] = await Promise.all([signIn(keys, "talent"), signIn(keys, "casting_director"), signIn(keys, "viewer")]);
});

/** A video-shaped payload: an ISO media header, then bytes that differ per offset. */
function video(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) data.writeUInt32LE((i ^ 0x9e3779b9) >>> 0, i);
  Buffer.from("\0\0\0\x18ftypisom\0\0\x02\0isommp41", "latin1").copy(data);
  return data;
}
const md5 = (data: Buffer | Uint8Array) => createHash("md5").update(data).digest("hex");

type Outcome = { url: string | null; sent: number; error: tus.DetailedError | null };

/** One tus-js-client run as in Supabase's resumable-upload guide; `abortAfter` drops the
 *  connection once that many bytes have gone out. */
function tusUpload(apiUrl: string, data: Buffer, o: {
  headers: Record<string, string>; metadata?: Record<string, string>; uploadUrl?: string; abortAfter?: number; endpoint?: string;
}): Promise<Outcome> {
  return new Promise((resolve) => {
    let sent = 0;
    const upload = new tus.Upload(data, {
      endpoint: o.endpoint ?? `${apiUrl}/storage/v1/upload/resumable`,
      retryDelays: [0, 3000, 5000, 10000, 20000],
      headers: o.headers,
      uploadDataDuringCreation: true,
      removeFingerprintOnSuccess: true,
      metadata: o.metadata ?? {},
      chunkSize: CHUNK,
      ...(o.uploadUrl ? { uploadUrl: o.uploadUrl } : {}),
      onProgress(bytes) {
        sent = bytes;
        if (o.abortAfter !== undefined && bytes >= o.abortAfter) {
          void upload.abort().then(() => resolve({ url: upload.url, sent, error: null }));
          o.abortAfter = undefined;
        }
      },
      onSuccess: () => resolve({ url: upload.url, sent, error: null }),
      onError: (error) => resolve({ url: upload.url, sent, error: error as tus.DetailedError }),
    });
    upload.start();
  });
}

const status = (outcome: Outcome) => outcome.error?.originalResponse?.getStatus() ?? null;
const body = (outcome: Outcome) => outcome.error?.originalResponse?.getBody() ?? "";

async function offsetOf(url: string, headers: Record<string, string>): Promise<{ status: number; offset: number | null }> {
  const response = await fetch(url, { method: "HEAD", headers: { ...headers, "tus-resumable": "1.0.0" } });
  const offset = response.headers.get("upload-offset");
  return { status: response.status, offset: offset === null ? null : Number(offset) };
}

const tusFiles = (storageDir: string) => (existsSync(join(storageDir, "tus")) ? readdirSync(join(storageDir, "tus")) : []);

const meta = (bucketName: string, objectName: string, contentType: string, extra: Record<string, string> = {}) =>
  ({ bucketName, objectName, contentType, cacheControl: "3600", ...extra });

describe("a self-tape over TUS", () => {
  it("uploads in 6 MB chunks with metadata, and the object is the same bytes", async () => {
    const data = video(13 * 1024 * 1024 + 11);
    const headers = { authorization: `Bearer ${await accessToken(talent)}`, "x-upsert": "true" };
    const name = `${folder}/reel-full.mp4`;
    const done = await tusUpload(stack.apiUrl, data, { headers, metadata: meta("reels", name, "video/mp4", { metadata: JSON.stringify({ take: 3 }) }) });
    expect(done.error).toBeNull();
    expect(done.url).toMatch(new RegExp(`/storage/v1/upload/resumable/[A-Za-z0-9_-]+$`));
    expect(Buffer.from(done.url!.split("/").pop()!, "base64url").toString()).toMatch(new RegExp(`^reels/${name}/[0-9a-f-]{36}$`));
    const info = await cd.storage.from("reels").info(name);
    expect(info.data).toMatchObject({ size: data.length, contentType: "video/mp4", cacheControl: "max-age=3600", metadata: { take: 3 }, etag: `"${md5(data)}"` });
    const back = await cd.storage.from("reels").download(name);
    expect(md5(new Uint8Array(await back.data!.arrayBuffer()))).toBe(md5(data));
    expect(tusFiles(stack.storageDir).filter((f) => done.url!.includes(Buffer.from(f).toString("base64url")))).toEqual([]);
    // x-upsert: the same name again replaces it
    const again = await tusUpload(stack.apiUrl, data.subarray(0, 1024 * 1024), { headers, metadata: meta("reels", name, "video/mp4") });
    expect(again.error).toBeNull();
    expect((await talent.storage.from("reels").info(name)).data!.size).toBe(1024 * 1024);
  });

  it("resumes after a dropped connection, sending no byte twice beyond the last chunk", async () => {
    const data = video(20 * 1024 * 1024);
    const headers = { authorization: `Bearer ${await accessToken(talent)}` };
    const name = `${folder}/reel-resumed.mp4`;
    const first = await tusUpload(stack.apiUrl, data, { headers, metadata: meta("reels", name, "video/mp4"), abortAfter: 9 * 1024 * 1024 });
    expect(first.error).toBeNull();
    expect(first.url).toEqual(expect.any(String));
    expect((await talent.storage.from("reels").exists(name)).data).toBe(false);
    let head = await offsetOf(first.url!, headers);
    for (let i = 0; i < 20 && head.offset !== null && head.offset < CHUNK; i++) head = await offsetOf(first.url!, headers);
    expect(head.status).toBe(200);
    expect(head.offset).toBeGreaterThanOrEqual(CHUNK);
    expect(head.offset).toBeLessThanOrEqual(first.sent);
    expect(first.sent - head.offset!).toBeLessThanOrEqual(CHUNK);
    const second = await tusUpload(stack.apiUrl, data, { headers, metadata: meta("reels", name, "video/mp4"), uploadUrl: first.url! });
    expect(second.error).toBeNull();
    const back = await cd.storage.from("reels").download(name);
    expect(md5(new Uint8Array(await back.data!.arrayBuffer()))).toBe(md5(data));
  });

  it("refuses at creation whoever the storage.objects policies refuse, before any byte is kept", async () => {
    const before = tusFiles(stack.storageDir).length;
    const data = video(1024 * 1024);
    for (const who of [cd, viewer]) {
      const refused = await tusUpload(stack.apiUrl, data, { headers: { authorization: `Bearer ${await accessToken(who)}` }, metadata: meta("reels", `${folder}/not-yours.mp4`, "video/mp4") });
      expect(status(refused)).toBe(403);
      expect(body(refused)).toMatch(/row-level security/);
    }
    const anon = await tusUpload(stack.apiUrl, data, { headers: { authorization: `Bearer ${stack.publishableKey}` }, metadata: meta("reels", `${folder}/anon.mp4`, "video/mp4") });
    expect(status(anon)).toBe(403);
    const noSession = await tusUpload(stack.apiUrl, data, { headers: {}, metadata: meta("reels", `${folder}/anon.mp4`, "video/mp4") });
    expect(status(noSession)).toBe(400);
    expect(tusFiles(stack.storageDir).length).toBe(before);
  });

  it("refuses at creation an Upload-Length over the bucket's limit and a type it does not allow", async () => {
    const headers = { authorization: `Bearer ${await accessToken(talent)}` };
    const big = await tusUpload(stack.apiUrl, video(10 * 1024 * 1024 + 1), { headers, metadata: meta("headshots", `${folder}/huge.jpg`, "image/jpeg") });
    expect(status(big)).toBe(413);
    expect(body(big)).toMatch(/10 MB \(10485760 bytes\) for bucket headshots \(file_size_limit\)/);
    const text = await tusUpload(stack.apiUrl, Buffer.from("hello"), { headers, metadata: meta("headshots", `${folder}/notes.jpg`, "text/plain") });
    expect(status(text)).toBe(415);
    expect(body(text)).toMatch(/image\/jpeg, image\/png, image\/webp \(allowed_mime_types\)/);
    const nameless = await tusUpload(stack.apiUrl, Buffer.from("hello"), { headers, metadata: { bucketName: "headshots" } });
    expect(status(nameless)).toBe(400);
    const nowhere = await tusUpload(stack.apiUrl, Buffer.from("hello"), { headers, metadata: meta(`nope-${run}`, `${folder}/a.jpg`, "image/jpeg") });
    expect(status(nowhere)).toBe(404);
  });

  it("sniffs the finished bytes: a PDF sent as image/jpeg is refused and nothing is kept", async () => {
    const headers = { authorization: `Bearer ${await accessToken(talent)}` };
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(7 * 1024 * 1024, 0x20)]);
    const name = `${folder}/cv.jpg`;
    const refused = await tusUpload(stack.apiUrl, pdf, { headers, metadata: meta("headshots", name, "image/jpeg") });
    expect(status(refused)).toBe(415);
    expect(body(refused)).toMatch(/content is not image\/jpeg \(it is application\/pdf\)/);
    expect((await talent.storage.from("headshots").exists(name)).data).toBe(false);
    const id = refused.url!.split("/").pop()!;
    const version = Buffer.from(id, "base64url").toString().split("/").pop()!;
    expect(tusFiles(stack.storageDir).filter((f) => f.startsWith(version))).toEqual([]);
    expect((await offsetOf(refused.url!, headers)).status).toBe(404);
  });

  it("enforces the self-tape's due time when the upload completes", async () => {
    const made = await cd.from("self_tape_requests")
      .insert({ casting_role_id: meeraRole, talent_id: demoTalent, instructions: "TUS test: due soon", due_at: new Date(Date.now() + 86_400_000).toISOString() })
      .select("id").single();
    expect(made.error).toBeNull();
    const name = `${demoTalent}/${made.data!.id}/take-1.mp4`;
    const headers = { authorization: `Bearer ${await accessToken(talent)}` };
    const data = video(8 * 1024 * 1024);
    // The first chunk arrives in time; then the due time passes; the rest is refused.
    const first = await tusUpload(stack.apiUrl, data, { headers, metadata: meta("self-tapes", name, "video/mp4"), abortAfter: CHUNK });
    expect(first.error).toBeNull();
    expect((await cd.from("self_tape_requests").update({ due_at: new Date(Date.now() - 60_000).toISOString() }).eq("id", made.data!.id)).error).toBeNull();
    const late = await tusUpload(stack.apiUrl, data, { headers, metadata: meta("self-tapes", name, "video/mp4"), uploadUrl: first.url! });
    expect(status(late)).toBe(400);
    expect(body(late)).toMatch(/late uploads are refused/);
    expect((await talent.storage.from("self-tapes").exists(name)).data).toBe(false);
  });
});

describe("a stack restart and abandoned uploads", () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let dataDir: string | undefined;
  let storageDir: string;
  let shift = 0;
  const keys = generateKeys();
  const options = () => ({
    keys, port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, dataDir, storageDir,
    config: { ...readProjectConfig(), functions: {} }, scheduleEveryMs: 0, rateLimits: null,
    storage: { now: () => Date.now() + shift, housekeepingEveryMs: 0 },
  });
  let second: Stack | undefined;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    dataDir = scratch.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), "castmatch-tus-db-"));
    storageDir = mkdtempSync(join(tmpdir(), "castmatch-tus-files-"));
  });
  afterAll(async () => {
    await second?.stop();
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(storageDir, { recursive: true, force: true });
  });

  it("resumes an upload on a new stack over the same data, and expires an abandoned one", async () => {
    const first = await startStack(options());
    const data = video(14 * 1024 * 1024);
    const name = `${demoTalent}/restart-${run}.mp4`;
    let partial: Outcome;
    let headers: Record<string, string>;
    try {
      const who = await signIn({ apiUrl: first.apiUrl, publishableKey: keys.publishableKey }, "talent");
      headers = { authorization: `Bearer ${await accessToken(who)}` };
      partial = await tusUpload(first.apiUrl, data, { headers, metadata: meta("reels", name, "video/mp4"), abortAfter: 7 * 1024 * 1024 });
      expect(partial.error).toBeNull();
    } finally {
      await first.stop();
    }
    second = await startStack(options());
    const url = partial.url!.replace(first.apiUrl, second.apiUrl);
    const head = await offsetOf(url, headers);
    expect(head.offset).toBeGreaterThanOrEqual(CHUNK);
    const resumed = await tusUpload(second.apiUrl, data, { headers, metadata: meta("reels", name, "video/mp4"), uploadUrl: url });
    expect(resumed.error).toBeNull();
    const reader = await signIn({ apiUrl: second.apiUrl, publishableKey: keys.publishableKey }, "casting_director");
    const back = await reader.storage.from("reels").download(name);
    expect(md5(new Uint8Array(await back.data!.arrayBuffer()))).toBe(md5(data));

    // An upload abandoned after its first chunk is kept for a day, then removed.
    const abandoned = await tusUpload(second.apiUrl, data, { headers, metadata: meta("reels", `${demoTalent}/abandoned-${run}.mp4`, "video/mp4"), abortAfter: CHUNK });
    const version = Buffer.from(abandoned.url!.split("/").pop()!, "base64url").toString().split("/").pop()!;
    expect(tusFiles(storageDir).filter((f) => f.startsWith(version)).sort()).toEqual([version, `${version}.json`]);
    expect(await second.storage.housekeeping()).toMatchObject({ expiredUploads: 0 });
    shift = 24 * 3600 * 1000 + 60_000;
    expect(await second.storage.housekeeping()).toMatchObject({ expiredUploads: 1 });
    expect(tusFiles(storageDir).filter((f) => f.startsWith(version))).toEqual([]);
    expect((await offsetOf(abandoned.url!, headers)).status).toBe(404);
  }, 300_000);
});
