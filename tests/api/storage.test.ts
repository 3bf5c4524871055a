// Media through Storage, as each persona's app uses it with supabase-js (storage-js): uploads
// into the talent's folder, who may read what, bucket limits, self-tapes and their due time,
// signed and public URLs, renditions for lists, media rows in step with their objects, and
// malformed requests answered with a 4xx.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { prng, stableUuid } from "../../seed/generate.ts";
import { client, signJwt } from "../support/clients.ts";
import { accessToken, email, signIn } from "../support/personas.ts";

const stack = inject("stack");
const demoTalent = stableUuid("talent", email("talent"));
const meeraRole = stableUuid("role", "bombay-nights", "Meera Joshi");
const run = Date.now().toString(36);
const folder = `${demoTalent}/storage-test-${run}`;
const READERS = ["anon", "talent", "agent", "casting_director", "outside_cd", "producer", "viewer", "admin"] as const;
type Persona = (typeof READERS)[number];

const as = {} as Record<Persona, SupabaseClient>;
let jpeg: Buffer;
const mp4 = Buffer.concat([Buffer.from("\0\0\0\x18ftypisom\0\0\x02\0isommp41", "latin1"), Buffer.alloc(2048, 7)]);
let otherTalent: string;

beforeAll(async () => {
  as.anon = client(stack.apiUrl, stack.publishableKey);
  for (const p of READERS.filter((r) => r !== "anon")) as[p] = await signIn(stack, p);
  jpeg = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: "#b08a6e" } }).jpeg().toBuffer();
  const others = await as.casting_director.from("talent_profiles").select("id").neq("id", demoTalent).limit(1).single();
  otherTalent = others.data!.id;
});

const bytes = async (blob: Blob | null) => Buffer.from(await blob!.arrayBuffer());

async function headers(who: Persona): Promise<Record<string, string>> {
  const h: Record<string, string> = { apikey: stack.publishableKey };
  if (who !== "anon") h.authorization = `Bearer ${await accessToken(as[who])}`;
  return h;
}

function filesOnDisk(): string[] {
  const objects = join(stack.storageDir, "objects");
  return readdirSync(objects).flatMap((shard) => readdirSync(join(objects, shard)));
}

/** Every object row has its file, and no file lingers without a row (a file placed for an
 *  upload whose transaction is still committing is given a few seconds). */
async function storageInStep() {
  const sql = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ version: string }[]>`select version from storage.objects where version is not null`;
    const objects = join(stack.storageDir, "objects");
    const files = readdirSync(objects).flatMap((shard) =>
      readdirSync(join(objects, shard)).map((name) => ({ name, age: Date.now() - statSync(join(objects, shard, name)).mtimeMs })));
    const versions = new Set(rows.map((r) => r.version));
    const names = new Set(files.map((f) => f.name));
    const tmp = readdirSync(join(stack.storageDir, "tmp")).filter((f) => Date.now() - statSync(join(stack.storageDir, "tmp", f)).mtimeMs > 3000);
    return {
      rowsWithoutFile: rows.filter((r) => !names.has(r.version)).length,
      filesWithoutRow: files.filter((f) => !versions.has(f.name) && f.age > 3000).length,
      staleUploads: tmp.length,
    };
  } finally {
    await sql.end();
  }
}
const inStep = { rowsWithoutFile: 0, filesWithoutRow: 0, staleUploads: 0 };

describe("talent and their agents write the talent's folder", () => {
  it("uploads a headshot as a File (multipart) and as bytes, and downloads the same bytes", async () => {
    const asFile = await as.talent.storage.from("headshots").upload(`${folder}/front.jpg`, new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }));
    expect(asFile.error).toBeNull();
    expect(asFile.data!.fullPath).toBe(`headshots/${folder}/front.jpg`);
    const asBytes = await as.talent.storage.from("headshots").upload(`${folder}/side.jpg`, jpeg, { contentType: "image/jpeg" });
    expect(asBytes.error).toBeNull();
    const back = await as.talent.storage.from("headshots").download(`${folder}/front.jpg`);
    expect((await bytes(back.data)).equals(jpeg)).toBe(true);
    const again = await as.talent.storage.from("headshots").upload(`${folder}/front.jpg`, jpeg, { contentType: "image/jpeg" });
    expect(again.error).toMatchObject({ statusCode: "409" });
  });

  it("their agent replaces a file (upsert); readers get the new bytes", async () => {
    const newer = await sharp({ create: { width: 800, height: 1000, channels: 3, background: "#303050" } }).png().toBuffer();
    const replaced = await as.agent.storage.from("headshots").upload(`${folder}/side.jpg`, newer, { contentType: "image/png", upsert: true });
    expect(replaced.error).toBeNull();
    const back = await as.casting_director.storage.from("headshots").download(`${folder}/side.jpg`);
    expect((await bytes(back.data)).equals(newer)).toBe(true);
    expect(back.data!.type).toBe("image/png");
  });

  it("concurrent replacements of one file leave one file on disk, the last one written", async () => {
    const path = `${folder}/raced.jpg`;
    const before = new Set(filesOnDisk());
    const results = await Promise.all(Array.from({ length: 6 }, () =>
      as.talent.storage.from("headshots").upload(path, jpeg, { contentType: "image/jpeg", upsert: true })));
    expect(results.map((r) => r.error)).toEqual(Array(6).fill(null));
    const sql = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
    const versions = new Set((await sql<{ version: string }[]>`select version from storage.objects where version is not null`).map((r) => r.version));
    await sql.end();
    const mine = (await as.talent.storage.from("headshots").info(path)).data!.version;
    const added = filesOnDisk().filter((f) => !before.has(f));
    expect(added).toContain(mine);
    expect(added.filter((f) => !versions.has(f))).toEqual([]);
  });

  it("nobody else writes there, and the talent writes nowhere else (403, never a 5xx)", async () => {
    for (const who of ["anon", "casting_director", "outside_cd", "producer", "viewer"] as const) {
      const { error } = await as[who].storage.from("headshots").upload(`${folder}/${who}.jpg`, jpeg, { contentType: "image/jpeg" });
      expect(error, who).toMatchObject({ status: 400, statusCode: "403" });
    }
    const elsewhere = await as.talent.storage.from("headshots").upload(`${otherTalent}/mine.jpg`, jpeg, { contentType: "image/jpeg" });
    expect(elsewhere.error).toMatchObject({ status: 400, statusCode: "403" });
    const nowhere = await as.talent.storage.from("headshots").upload(`no-talent/${run}.jpg`, jpeg, { contentType: "image/jpeg" });
    expect(nowhere.error).toMatchObject({ statusCode: "403" });
  });

  it("lists one folder at a time, sub-folders first, with search", async () => {
    const top = await as.talent.storage.from("headshots").list(demoTalent, { limit: 1000 });
    expect(top.error).toBeNull();
    expect(top.data!.find((e) => e.name === `storage-test-${run}`)).toMatchObject({ id: null });
    expect(top.data!.find((e) => e.name === "headshot.jpg")?.id).toEqual(expect.any(String));
    const inside = await as.talent.storage.from("headshots").list(folder);
    expect(inside.data!.map((e) => e.name)).toEqual(["front.jpg", "raced.jpg", "side.jpg"]);
    const searched = await as.talent.storage.from("headshots").list(folder, { search: "SI" });
    expect(searched.data!.map((e) => e.name)).toEqual(["side.jpg"]);
    const hidden = await as.viewer.storage.from("headshots").list(folder);
    expect(hidden.data).toEqual([]);
  });
});

describe("who may read", () => {
  it("a headshot: exactly whoever may see the talent's profile", async () => {
    const outcome: Record<string, [boolean, boolean]> = {};
    for (const who of READERS) {
      const profile = await as[who].from("talent_profiles").select("id").eq("id", demoTalent);
      const file = await as[who].storage.from("headshots").download(`${folder}/front.jpg`);
      if (file.error) expect(file.error, who).toMatchObject({ status: 400, statusCode: "404", code: "NoSuchKey" });
      outcome[who] = [profile.data!.length === 1, file.error === null];
    }
    for (const who of READERS) expect(outcome[who]![1], who).toBe(outcome[who]![0]);
    expect(Object.entries(outcome).filter(([, [, read]]) => read).map(([who]) => who).sort())
      .toEqual(["admin", "agent", "casting_director", "outside_cd", "producer", "talent"]);
  });
});

describe("self-tapes", () => {
  let request: string;
  let tape: string;

  beforeAll(async () => {
    const made = await as.casting_director.from("self_tape_requests")
      .insert({ casting_role_id: meeraRole, talent_id: demoTalent, instructions: "Storage test: scene 1", due_at: new Date(Date.now() + 86_400_000).toISOString() })
      .select("id").single();
    expect(made.error).toBeNull();
    request = made.data!.id;
    tape = `${demoTalent}/${request}/take-1.mp4`;
  });

  it("the talent uploads under the request before the due time and links it", async () => {
    const up = await as.talent.storage.from("self-tapes").upload(tape, mp4, { contentType: "video/mp4" });
    expect(up.error).toBeNull();
    const media = await as.talent.from("talent_media").insert({ talent_id: demoTalent, kind: "self_tape", bucket: "self-tapes", storage_path: tape }).select("id").single();
    expect(media.error).toBeNull();
    const linked = await as.talent.from("self_tape_requests").update({ media_id: media.data!.id }).eq("id", request).select("status").single();
    expect(linked.data?.status).toBe("submitted");
  });

  it("only the talent, their agent, the requesting casting team and admins read it", async () => {
    const readers: string[] = [];
    for (const who of READERS) {
      const file = await as[who].storage.from("self-tapes").download(tape);
      if (file.error) expect(file.error, who).toMatchObject({ status: 400, statusCode: "404" });
      else readers.push(who);
    }
    expect(readers.sort()).toEqual(["admin", "agent", "casting_director", "talent"]);
  });

  it("refuses a late upload, and one outside a request folder", async () => {
    const late = await as.casting_director.from("self_tape_requests")
      .insert({ casting_role_id: meeraRole, talent_id: demoTalent, instructions: "Storage test: late", due_at: new Date(Date.now() + 86_400_000).toISOString() })
      .select("id").single();
    const moved = await as.casting_director.from("self_tape_requests").update({ due_at: new Date(Date.now() - 60_000).toISOString() }).eq("id", late.data!.id);
    expect(moved.error).toBeNull();
    const refused = await as.talent.storage.from("self-tapes").upload(`${demoTalent}/${late.data!.id}/take-1.mp4`, mp4, { contentType: "video/mp4" });
    expect(refused.error).toMatchObject({ status: 400, statusCode: "400" });
    expect(refused.error!.message).toMatch(/late uploads are refused/);
    const loose = await as.talent.storage.from("self-tapes").upload(`${demoTalent}/loose-${run}.mp4`, mp4, { contentType: "video/mp4" });
    expect(loose.error!.message).toMatch(/<talent_id>\/<self_tape_request_id>\/<file>/);
  });
});

describe("bucket limits", () => {
  it("a wrong type or an oversize file gets a 4xx naming the limit, and nothing is left behind", async () => {
    const text = await as.talent.storage.from("headshots").upload(`${folder}/notes.jpg`, Buffer.from("hello"), { contentType: "text/plain" });
    expect(text.error).toMatchObject({ status: 400, statusCode: "415" });
    expect(text.error!.message).toMatch(/image\/jpeg, image\/png, image\/webp \(allowed_mime_types\)/);
    const disguised = await as.talent.storage.from("headshots").upload(`${folder}/cv.jpg`, Buffer.from("%PDF-1.7 not a photo"), { contentType: "image/jpeg" });
    expect(disguised.error).toMatchObject({ statusCode: "415" });
    expect(disguised.error!.message).toMatch(/content is not image\/jpeg/);
    const video = await as.talent.storage.from("reels").upload(`${folder}/reel.jpg`, jpeg, { contentType: "image/jpeg" });
    expect(video.error).toMatchObject({ statusCode: "415" });
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    jpeg.copy(big, 0, 0, 64);
    const oversize = await as.talent.storage.from("headshots").upload(`${folder}/huge.jpg`, big, { contentType: "image/jpeg" });
    expect(oversize.error).toMatchObject({ status: 400, statusCode: "413" });
    expect(oversize.error!.message).toMatch(/10 MB \(10485760 bytes\) for bucket headshots \(file_size_limit\)/);
    for (const name of ["notes.jpg", "cv.jpg", "huge.jpg"]) {
      const info = await as.talent.storage.from("headshots").exists(`${folder}/${name}`);
      expect(info.data, name).toBe(false);
    }
    expect(await storageInStep()).toEqual(inStep);
  });
});

describe("URLs for apps", () => {
  it("createSignedUrl(s) give working links to whoever may read, for a limited time", async () => {
    const signed = await as.casting_director.storage.from("headshots").createSignedUrl(`${folder}/front.jpg`, 60);
    expect(signed.error).toBeNull();
    const fetched = await fetch(signed.data!.signedUrl);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(jpeg)).toBe(true);
    const many = await as.talent.storage.from("headshots").createSignedUrls([`${folder}/front.jpg`, `${folder}/missing.jpg`], 60);
    expect(many.data!.map((d) => [d.path, d.error === null])).toEqual([[`${folder}/front.jpg`, true], [`${folder}/missing.jpg`, false]]);
    expect((await fetch(many.data![0]!.signedUrl!)).status).toBe(200);
    const notYours = await as.viewer.storage.from("headshots").createSignedUrl(`${folder}/front.jpg`, 60);
    expect(notYours.error).toMatchObject({ statusCode: "404" });
  });

  it("refuses an expired link, and a link's token used for another file", async () => {
    const token = await signJwt(stack.jwtSecret, { url: `headshots/${folder}/front.jpg` }, -10);
    const expired = await fetch(`${stack.apiUrl}/storage/v1/object/sign/headshots/${folder}/front.jpg?token=${token}`);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ code: "ExpiredToken" });
    const signed = await as.talent.storage.from("headshots").createSignedUrl(`${folder}/front.jpg`, 60);
    const swapped = signed.data!.signedUrl.replace("/front.jpg?", "/side.jpg?");
    expect((await fetch(swapped)).status).toBe(400);
    const userToken = await fetch(`${stack.apiUrl}/storage/v1/object/sign/headshots/${folder}/front.jpg?token=${await accessToken(as.talent)}`);
    expect(userToken.status).toBe(400);
  });

  it("getPublicUrl serves public buckets without a key; the talent buckets are not public", async () => {
    const privateUrl = as.talent.storage.from("headshots").getPublicUrl(`${folder}/front.jpg`).data.publicUrl;
    const closed = await fetch(privateUrl);
    expect(closed.status).toBe(400);
    expect(await closed.json()).toMatchObject({ statusCode: "404", code: "NoSuchBucket" });

    const service = client(stack.apiUrl, stack.secretKey);
    const bucket = `press-${run}`;
    expect((await as.casting_director.storage.createBucket(bucket, { public: true })).error).toMatchObject({ statusCode: "403" });
    expect((await service.storage.createBucket(bucket, { public: true, fileSizeLimit: "1MB", allowedMimeTypes: ["image/*"] })).error).toBeNull();
    expect((await service.storage.from(bucket).upload("poster.jpg", jpeg, { contentType: "image/jpeg" })).error).toBeNull();
    const open = await fetch(service.storage.from(bucket).getPublicUrl("poster.jpg").data.publicUrl);
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toBe("image/jpeg");
    expect((await service.storage.from(bucket).upload("big.jpg", Buffer.concat([jpeg, Buffer.alloc(1_000_001)]), { contentType: "image/jpeg" })).error)
      .toMatchObject({ statusCode: "413" });
    expect((await service.storage.deleteBucket(bucket)).error).toMatchObject({ statusCode: "409" });
    expect((await service.storage.emptyBucket(bucket)).error).toBeNull();
    expect((await service.storage.deleteBucket(bucket)).error).toBeNull();
  });

  it("renders a 400 px wide rendition of a headshot for lists, also through a signed URL", async () => {
    const small = await as.casting_director.storage.from("headshots").download(`${folder}/front.jpg`, { transform: { width: 400 } });
    expect(small.error).toBeNull();
    const meta = await sharp(await bytes(small.data)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([400, 533, "jpeg"]);
    const signed = await as.casting_director.storage.from("headshots").createSignedUrl(`${folder}/front.jpg`, 60, { transform: { width: 400, height: 400 } });
    expect(signed.data!.signedUrl).toContain("/render/image/sign/");
    const square = await sharp(Buffer.from(await (await fetch(signed.data!.signedUrl, { headers: { accept: "image/webp" } })).arrayBuffer())).metadata();
    expect([square.width, square.height, square.format]).toEqual([400, 400, "webp"]);
    const notImage = await as.talent.storage.from("self-tapes").list(demoTalent);
    expect(notImage.error).toBeNull();
    const video = await fetch(`${stack.apiUrl}/storage/v1/render/image/authenticated/reels/${demoTalent}/showreel.mp4?width=400`, { headers: await headers("talent") });
    expect(video.status).toBe(400);
    expect((await video.json()).message).toMatch(/only images can be transformed/);
  });

  it("serves byte ranges, as video players ask for them", async () => {
    const url = `${stack.apiUrl}/storage/v1/object/authenticated/reels/${demoTalent}/showreel.mp4`;
    const part = await fetch(url, { headers: { ...(await headers("casting_director")), range: "bytes=4-7" } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe("ftyp");
    expect(part.headers.get("content-range")).toMatch(/^bytes 4-7\/\d+$/);
    expect((await fetch(url, { headers: { ...(await headers("casting_director")), range: "bytes=999999-" } })).status).toBe(416);
  });
});

describe("media rows and their objects stay in step", () => {
  it("removing the object removes its media row; others cannot remove it", async () => {
    const path = `${folder}/gone.jpg`;
    await as.talent.storage.from("headshots").upload(path, jpeg, { contentType: "image/jpeg" });
    const media = await as.agent.from("talent_media").insert({ talent_id: demoTalent, kind: "headshot", bucket: "headshots", storage_path: path }).select("id").single();
    expect(media.error).toBeNull();
    const outsider = await as.casting_director.storage.from("headshots").remove([path]);
    expect(outsider).toMatchObject({ data: [], error: null });
    const removed = await as.talent.storage.from("headshots").remove([path]);
    expect(removed.data!.map((o) => o.name)).toEqual([path]);
    const row = await as.talent.from("talent_media").select("id").eq("id", media.data!.id);
    expect(row.data).toEqual([]);
  });

  it("a media row cannot point at a missing object; removing a media row removes its object", async () => {
    const missing = await as.talent.from("talent_media").insert({ talent_id: demoTalent, kind: "headshot", bucket: "headshots", storage_path: `${folder}/nothing.jpg` });
    expect(missing.error?.code).toBe("23503");
    const path = `${folder}/unlinked.jpg`;
    await as.talent.storage.from("headshots").upload(path, jpeg, { contentType: "image/jpeg" });
    const media = await as.talent.from("talent_media").insert({ talent_id: demoTalent, kind: "headshot", bucket: "headshots", storage_path: path }).select("id").single();
    expect((await as.talent.from("talent_media").delete().eq("id", media.data!.id)).error).toBeNull();
    let exists = true;
    for (let i = 0; i < 50 && exists; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      exists = (await as.talent.storage.from("headshots").exists(path)).data;
    }
    expect(exists).toBe(false);
    expect(await storageInStep()).toEqual(inStep);
  });
});

describe("malformed storage requests", () => {
  it("get a 4xx with a message, never a 5xx", async () => {
    const h = await headers("talent");
    const base = `${stack.apiUrl}/storage/v1`;
    const json = { ...h, "content-type": "application/json" };
    const cases: Array<[string, string, RequestInit]> = [
      ["list with a broken body", `/object/list/headshots`, { method: "POST", headers: json, body: "{" }],
      ["list with a negative limit", `/object/list/headshots`, { method: "POST", headers: json, body: JSON.stringify({ prefix: "", limit: -1 }) }],
      ["list sorted by a made-up column", `/object/list/headshots`, { method: "POST", headers: json, body: JSON.stringify({ sortBy: { column: "password", order: "asc" } }) }],
      ["list of a missing bucket", `/object/list/nope-${run}`, { method: "POST", headers: json, body: "{}" }],
      ["remove without prefixes", `/object/headshots`, { method: "DELETE", headers: json, body: JSON.stringify({ prefixes: "all" }) }],
      ["sign with a text expiry", `/object/sign/headshots/${folder}/front.jpg`, { method: "POST", headers: json, body: JSON.stringify({ expiresIn: "soon" }) }],
      ["sign many with no paths", `/object/sign/headshots`, { method: "POST", headers: json, body: JSON.stringify({ expiresIn: 60, paths: [] }) }],
      ["broken percent-encoding", `/object/headshots/${demoTalent}/%E0%A4`, { headers: h }],
      ["a NUL in the key", `/object/headshots/${demoTalent}/a%00b.jpg`, { method: "POST", headers: { ...h, "content-type": "image/jpeg" }, body: new Uint8Array(jpeg) }],
      ["a key with an empty folder", `/object/headshots/${demoTalent}//a.jpg`, { method: "POST", headers: { ...h, "content-type": "image/jpeg" }, body: new Uint8Array(jpeg) }],
      ["an invalid bucket name", `/object/head%2Fshots/${demoTalent}/a.jpg`, { headers: h }],
      ["upload to a missing bucket", `/object/nope-${run}/${demoTalent}/a.jpg`, { method: "POST", headers: { ...h, "content-type": "image/jpeg" }, body: new Uint8Array(jpeg) }],
      ["multipart without a file", `/object/headshots/${folder}/m.jpg`, { method: "POST", headers: { ...h, "content-type": "multipart/form-data; boundary=x" }, body: "--x\r\ncontent-disposition: form-data; name=\"cacheControl\"\r\n\r\n3600\r\n--x--\r\n" }],
      ["multipart garbage", `/object/headshots/${folder}/m.jpg`, { method: "POST", headers: { ...h, "content-type": "multipart/form-data" }, body: "garbage" }],
      ["metadata that is not JSON", `/object/headshots/${folder}/meta.jpg`, { method: "POST", headers: { ...h, "content-type": "image/jpeg", "x-metadata": Buffer.from("{oops").toString("base64") }, body: new Uint8Array(jpeg) }],
      ["a width that is not a number", `/render/image/authenticated/headshots/${folder}/front.jpg?width=wide`, { headers: h }],
      ["a width too large", `/render/image/authenticated/headshots/${folder}/front.jpg?width=99999`, { headers: h }],
      ["no credentials at all", `/object/headshots/${folder}/front.jpg`, {}],
      ["a forged JWT", `/object/headshots/${folder}/front.jpg`, { headers: { authorization: "Bearer not.a.jwt" } }],
      ["a signed URL without its token", `/object/sign/headshots/${folder}/front.jpg`, {}],
      ["a bad range", `/object/headshots/${folder}/front.jpg`, { headers: { ...h, range: "bytes=z" } }],
      ["an unknown route", `/objects/everything`, { headers: h }],
      ["a bucket update by a user", `/bucket/headshots`, { method: "PUT", headers: json, body: JSON.stringify({ public: true }) }],
      ["a bucket with a silly size", `/bucket`, { method: "POST", headers: { ...json, authorization: `Bearer ${stack.secretKey}` }, body: JSON.stringify({ name: `x-${run}`, file_size_limit: "lots" }) }],
    ];
    const answers: string[] = [];
    for (const [what, path, init] of cases) {
      const response = await fetch(base + path, init);
      const body = await response.text();
      answers.push(`${what}: ${response.status}`);
      expect(response.status, `${what}: ${body}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${what}: ${body}`).toBeLessThan(500);
      expect(JSON.parse(body).message, what).toEqual(expect.any(String));
    }
    const unchanged = await as.talent.storage.getBucket("headshots");
    expect(unchanged.data).toMatchObject({ public: false, file_size_limit: 10485760 });
  });
});

describe("a bounded, seeded fuzz of /storage/v1", () => {
  it("answers 200 odd malformed requests with a 4xx (or a success), never a 5xx", async () => {
    const r = prng(11);
    const h = await headers("talent");
    const junk = ["", "%", "%zz", "%00", "..", "../..", "a".repeat(1100), "ಕನ್ನಡ", "x y", "\\", "?", "#", "null", "%2F%2F", demoTalent, `${demoTalent}/x.jpg`];
    const buckets = ["headshots", "reels", "self-tapes", "nope", "", "%2E%2E", "a".repeat(120)];
    const routes = ["/object/{b}/{k}", "/object/{b}", "/object/list/{b}", "/object/sign/{b}/{k}", "/object/sign/{b}", "/object/info/{b}/{k}",
      "/object/public/{b}/{k}", "/object/authenticated/{b}/{k}", "/render/image/authenticated/{b}/{k}", "/render/image/sign/{b}/{k}", "/bucket/{b}", "/bucket/{b}/empty", "/bucket", "/{k}"];
    const bodies = [undefined, "", "{", "null", "[]", "42", JSON.stringify({ prefix: 7 }), JSON.stringify({ limit: "x", offset: -3 }),
      JSON.stringify({ expiresIn: -1 }), JSON.stringify({ expiresIn: 60, paths: [1, 2] }), JSON.stringify({ prefixes: [null] }),
      JSON.stringify({ sortBy: { column: "name; drop table x", order: "up" } }), JSON.stringify({ name: "", file_size_limit: -5 })];
    const types = ["application/json", "image/jpeg", "text/plain", "multipart/form-data", "multipart/form-data; boundary=zz", "", "video/mp4"];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const path = r.pick(routes).replace("{b}", encodeURIComponent(r.pick(buckets)).replace(/%25/g, "%")).replace("{k}", r.pick(junk));
      const method = r.pick(["GET", "HEAD", "POST", "PUT", "DELETE"]);
      const query = r.pick(["", "?width=abc", "?width=400&height=0", "?token=abc", "?download", "?quality=5&resize=squash"]);
      const init: RequestInit = { method, headers: { ...(r.next() < 0.8 ? h : {}), "content-type": r.pick(types), ...(r.next() < 0.2 ? { range: r.pick(["bytes=5-1", "bytes=-", "items=1-2"]) } : {}) } };
      if (method !== "GET" && method !== "HEAD") init.body = r.pick(bodies);
      const status = (await fetch(`${stack.apiUrl}/storage/v1${path}${query}`, init)).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, `${method} ${path}${query}`).toBeLessThan(500);
    }
    // most land on a handler and are refused there, not merely on an unknown route
    expect(statuses.get(400) ?? 0).toBeGreaterThan(50);
  });
});
