// Signed upload URLs and the rest of storage-js a client uses, with unmodified supabase-js:
// createSignedUploadUrl + uploadToSignedUrl (and TUS with x-signature) for an app without a
// session; move, copy, info, exists, list with search/limit/offset/sortBy; errors in Storage's shape.
import { createHash } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import sharp from "sharp";
import * as tus from "tus-js-client";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { client, signJwt } from "../support/clients.ts";
import { email, signIn, userId } from "../support/personas.ts";

const stack = inject("stack");
const demoTalent = stableUuid("talent", email("talent"));
const run = Date.now().toString(36);
const folder = `${demoTalent}/surface-${run}`;

let talent: SupabaseClient;
let agent: SupabaseClient;
let cd: SupabaseClient;
let viewer: SupabaseClient;
let anon: SupabaseClient;
let jpeg: Buffer;
const md5 = (data: Uint8Array) => createHash("md5").update(data).digest("hex");
const bytesOf = async (blob: Blob | null) => new Uint8Array(await blob!.arrayBuffer());

beforeAll(async () => {
  const keys = { apiUrl: stack.apiUrl, publishableKey: stack.publishableKey };
  [talent, agent, cd, viewer] = await Promise.all([signIn(keys, "talent"), signIn(keys, "agent"), signIn(keys, "casting_director"), signIn(keys, "viewer")]);
  anon = client(stack.apiUrl, stack.publishableKey);
  jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: "#8a6e5b" } }).jpeg().toBuffer();
});

async function ownerOf(bucket: string, name: string): Promise<string | null> {
  const sql = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ owner_id: string | null }[]>`select owner_id from storage.objects where bucket_id = ${bucket} and name = ${name}`;
    return row?.owner_id ?? null;
  } finally {
    await sql.end();
  }
}

describe("signed upload URLs", () => {
  it("the talent signs a path; an app without a session uploads there, owned by the talent", async () => {
    const path = `${folder}/signed.jpg`;
    const signed = await talent.storage.from("headshots").createSignedUploadUrl(path);
    expect(signed.error).toBeNull();
    expect(signed.data!.signedUrl).toMatch(new RegExp(`/storage/v1/object/upload/sign/headshots/${path}\\?token=`));
    const up = await anon.storage.from("headshots").uploadToSignedUrl(path, signed.data!.token, jpeg, { contentType: "image/jpeg" });
    expect(up.error).toBeNull();
    expect(up.data).toMatchObject({ path, fullPath: `headshots/${path}` });
    expect(md5(await bytesOf((await cd.storage.from("headshots").download(path)).data))).toBe(md5(jpeg));
    expect(await ownerOf("headshots", path)).toBe(userId("talent"));
    // without upsert, the token cannot replace what it created
    const again = await anon.storage.from("headshots").uploadToSignedUrl(path, signed.data!.token, jpeg, { contentType: "image/jpeg" });
    expect(again.error).toMatchObject({ statusCode: "409" });
  });

  it("with { upsert: true } the token replaces the file; a File (multipart) body works too", async () => {
    const path = `${folder}/signed.jpg`;
    const signed = await agent.storage.from("headshots").createSignedUploadUrl(path, { upsert: true });
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).png().toBuffer();
    const up = await anon.storage.from("headshots").uploadToSignedUrl(path, signed.data!.token, new Blob([new Uint8Array(png)], { type: "image/png" }));
    expect(up.error).toBeNull();
    const back = await talent.storage.from("headshots").download(path);
    expect(back.data!.type).toBe("image/png");
    expect(md5(await bytesOf(back.data))).toBe(md5(png));
  });

  it("is refused to whoever may not write there, and the token is scoped to one path and expires", async () => {
    for (const who of [cd, viewer, anon]) {
      const refused = await who.storage.from("headshots").createSignedUploadUrl(`${folder}/nope.jpg`);
      expect(refused.error).toMatchObject({ statusCode: "403" });
    }
    const signed = await talent.storage.from("headshots").createSignedUploadUrl(`${folder}/one.jpg`);
    const elsewhere = await anon.storage.from("headshots").uploadToSignedUrl(`${folder}/two.jpg`, signed.data!.token, jpeg, { contentType: "image/jpeg" });
    expect(elsewhere.error).toMatchObject({ statusCode: "400", code: "InvalidSignature" });
    const otherBucket = await anon.storage.from("reels").uploadToSignedUrl(`${folder}/one.jpg`, signed.data!.token, jpeg, { contentType: "image/jpeg" });
    expect(otherBucket.error).toMatchObject({ statusCode: "400" });
    const expired = await signJwt(stack.jwtSecret, { url: `headshots/${folder}/late.jpg`, owner: userId("talent"), upsert: false }, -10);
    const late = await anon.storage.from("headshots").uploadToSignedUrl(`${folder}/late.jpg`, expired, jpeg, { contentType: "image/jpeg" });
    expect(late.error).toMatchObject({ statusCode: "400", code: "ExpiredToken" });
    // a signed *download* URL's token is not an upload token
    await talent.storage.from("headshots").upload(`${folder}/dl.jpg`, jpeg, { contentType: "image/jpeg" });
    const download = await talent.storage.from("headshots").createSignedUrl(`${folder}/dl.jpg`, 60);
    const token = new URL(download.data!.signedUrl).searchParams.get("token")!;
    const misuse = await anon.storage.from("headshots").uploadToSignedUrl(`${folder}/dl.jpg`, token, jpeg, { contentType: "image/jpeg", upsert: true });
    expect(misuse.error).toMatchObject({ statusCode: "400" });
    for (const name of ["one.jpg", "two.jpg", "late.jpg"]) expect((await talent.storage.from("headshots").exists(`${folder}/${name}`)).data, name).toBe(false);
  });

  it("the bucket's type rule and the sniffed bytes still apply to a signed upload", async () => {
    const signed = await talent.storage.from("headshots").createSignedUploadUrl(`${folder}/typed.jpg`);
    const text = await anon.storage.from("headshots").uploadToSignedUrl(`${folder}/typed.jpg`, signed.data!.token, Buffer.from("hi"), { contentType: "text/plain" });
    expect(text.error).toMatchObject({ statusCode: "415" });
    const pdf = await anon.storage.from("headshots").uploadToSignedUrl(`${folder}/typed.jpg`, signed.data!.token, Buffer.from("%PDF-1.7 cv"), { contentType: "image/jpeg" });
    expect(pdf.error).toMatchObject({ statusCode: "415" });
  });

  it("resumable uploads take the token in x-signature, without a session", async () => {
    const path = `${folder}/tus-signed.jpg`;
    const signed = await talent.storage.from("headshots").createSignedUploadUrl(path);
    const upload = (signature: string, objectName: string) => new Promise<tus.DetailedError | null>((resolve) => {
      new tus.Upload(jpeg, {
        endpoint: `${stack.apiUrl}/storage/v1/upload/resumable/sign`,
        headers: { "x-signature": signature },
        uploadDataDuringCreation: true,
        removeFingerprintOnSuccess: true,
        chunkSize: 6 * 1024 * 1024,
        metadata: { bucketName: "headshots", objectName, contentType: "image/jpeg", cacheControl: "3600" },
        onSuccess: () => resolve(null),
        onError: (error) => resolve(error as tus.DetailedError),
      }).start();
    });
    expect(await upload(signed.data!.token, `${folder}/other.jpg`)).toMatchObject({ originalResponse: expect.anything() });
    expect((await upload(signed.data!.token, `${folder}/other.jpg`))!.originalResponse!.getStatus()).toBe(400);
    expect(await upload(signed.data!.token, path)).toBeNull();
    expect(md5(await bytesOf((await cd.storage.from("headshots").download(path)).data))).toBe(md5(jpeg));
    expect(await ownerOf("headshots", path)).toBe(userId("talent"));
  });
});

describe("the rest of storage-js", () => {
  beforeAll(async () => {
    for (const name of ["b-two.jpg", "a-one.jpg", "c-three.jpg", "sub/d.jpg"]) {
      const { error } = await talent.storage.from("headshots").upload(`${folder}/list/${name}`, jpeg, { contentType: "image/jpeg", metadata: { name } });
      expect(error).toBeNull();
    }
  });

  it("list: search, limit, offset and sortBy", async () => {
    const all = await talent.storage.from("headshots").list(`${folder}/list`);
    expect(all.data!.map((e) => [e.name, e.id === null])).toEqual([["a-one.jpg", false], ["b-two.jpg", false], ["c-three.jpg", false], ["sub", true]]);
    const page = await talent.storage.from("headshots").list(`${folder}/list`, { limit: 2, offset: 1, sortBy: { column: "name", order: "desc" } });
    expect(page.data!.map((e) => e.name)).toEqual(["c-three.jpg", "b-two.jpg"]);
    const searched = await talent.storage.from("headshots").list(`${folder}/list`, { search: "C-" });
    expect(searched.data!.map((e) => e.name)).toEqual(["c-three.jpg"]);
    const byTime = await talent.storage.from("headshots").list(`${folder}/list`, { sortBy: { column: "created_at", order: "asc" } });
    expect(byTime.data!.filter((e) => e.id).map((e) => e.name)).toEqual(["b-two.jpg", "a-one.jpg", "c-three.jpg"]);
  });

  it("info and exists", async () => {
    const info = await cd.storage.from("headshots").info(`${folder}/list/a-one.jpg`);
    expect(info.data).toMatchObject({ name: `${folder}/list/a-one.jpg`, bucketId: "headshots", size: jpeg.length, contentType: "image/jpeg", metadata: { name: "a-one.jpg" } });
    expect((await cd.storage.from("headshots").exists(`${folder}/list/a-one.jpg`)).data).toBe(true);
    const missing = await cd.storage.from("headshots").exists(`${folder}/list/none.jpg`);
    expect(missing.data).toBe(false);
    expect(missing.error).toMatchObject({ status: 400, statusCode: "404", code: "NoSuchKey", message: "Object not found" });
  });

  it("move renames within the talent's folder; others cannot move it", async () => {
    const from = `${folder}/list/c-three.jpg`;
    const to = `${folder}/moved/c.jpg`;
    const refused = await cd.storage.from("headshots").move(from, to);
    expect(refused.error).not.toBeNull();
    const outside = await talent.storage.from("headshots").move(from, `elsewhere-${run}/c.jpg`);
    expect(outside.error).toMatchObject({ statusCode: "403" });
    const moved = await talent.storage.from("headshots").move(from, to);
    expect(moved.error).toBeNull();
    expect((await talent.storage.from("headshots").exists(from)).data).toBe(false);
    expect(md5(await bytesOf((await cd.storage.from("headshots").download(to)).data))).toBe(md5(jpeg));
    const taken = await talent.storage.from("headshots").move(`${folder}/list/b-two.jpg`, to);
    expect(taken.error).toMatchObject({ statusCode: "409" });
  });

  it("copy makes a second object with its own file; a reader who may not write cannot copy", async () => {
    const from = `${folder}/list/a-one.jpg`;
    const copied = await agent.storage.from("headshots").copy(from, `${folder}/copies/a.jpg`);
    expect(copied).toMatchObject({ error: null, data: { path: `headshots/${folder}/copies/a.jpg` } });
    const a = await talent.storage.from("headshots").info(from);
    const b = await talent.storage.from("headshots").info(`${folder}/copies/a.jpg`);
    expect(b.data!.version).not.toBe(a.data!.version);
    expect(b.data).toMatchObject({ size: jpeg.length, metadata: { name: "a-one.jpg" } });
    await talent.storage.from("headshots").remove([from]);
    expect(md5(await bytesOf((await cd.storage.from("headshots").download(`${folder}/copies/a.jpg`)).data))).toBe(md5(jpeg));
    const reader = await cd.storage.from("headshots").copy(`${folder}/copies/a.jpg`, `${folder}/copies/cd.jpg`);
    expect(reader.error).toMatchObject({ statusCode: "403" });
    const wrongBucket = await talent.storage.from("headshots").copy(`${folder}/copies/a.jpg`, `${folder}/a.jpg`, { destinationBucket: "self-tapes" });
    expect(wrongBucket.error).toMatchObject({ statusCode: "415" });
  });

  it("errors come in Storage's shape", async () => {
    const response = await fetch(`${stack.apiUrl}/storage/v1/object/info/nope-${run}/x.jpg`, { headers: { apikey: stack.publishableKey } });
    expect(await response.json()).toEqual({ statusCode: "404", code: "NoSuchKey", error: "not_found", message: "Object not found" });
    const badMove = await fetch(`${stack.apiUrl}/storage/v1/object/move`, {
      method: "POST", headers: { apikey: stack.publishableKey, "content-type": "application/json" }, body: JSON.stringify({ bucketId: "headshots" }),
    });
    expect(badMove.status).toBe(400);
    expect(await badMove.json()).toMatchObject({ statusCode: "400", error: "invalid_request", message: expect.stringMatching(/^sourceKey: /) });
  });
});
