// Data rights over the real API: a talent downloads everything CastMatch knows about them
// (export-my-data: streamed, signed media links, who else sees each part, rate-limited) and then
// erases it (delete-account: preview, confirmation, files removed, sessions revoked, the account
// gone, booked work and others' notes kept under a pseudonym); afterwards nothing in the database
// holds their name, email, phone or date of birth. Refusals per persona included.
import { existsSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { newCastingDirector, newProjectWithRole, newTalent, signUp, type Person, type Talent } from "../support/people.ts";
import { findValues, ownerSql } from "../support/scan.ts";

const stack = inject("stack");
const run = Date.now().toString(36);
const stageName = `Zoya Erasable ${run}`;
const contactEmail = `zoya.${run}@example.com`;
const phone = `+91 97${String(Date.now()).slice(-8)}`;
const dob = "1958-06-17";  // older than any seeded talent, so the scan cannot mistake theirs

let cd: Person;
let talent: Talent;
let project: { projectId: string; roleId: string };
let objectVersion: string;
let exported: any;
let refreshToken: string;

const exportAs = (token: string | null) => fetch(`${stack.apiUrl}/functions/v1/export-my-data`, {
  headers: { apikey: stack.publishableKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

beforeAll(async () => {
  cd = await newCastingDirector(stack, "rights-cd");
  project = await newProjectWithRole(cd.client, `Data Rights Nights ${run}`);
  talent = await newTalent(stack, "erasable", {
    consents: ["casting_visibility", "contact_sharing", "marketing_email"],
    profile: { stage_name: stageName, date_of_birth: dob, bio: `${stageName} from Thane` },
  });
  refreshToken = (await talent.client.auth.getSession()).data.session!.refresh_token;
  await talent.client.from("talent_contacts").insert({ talent_id: talent.talentId, phone, email: contactEmail });
  const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: "#a07050" } }).jpeg().toBuffer();
  const path = `${talent.talentId}/headshot.jpg`;
  const up = await talent.client.storage.from("headshots").upload(path, jpeg, { contentType: "image/jpeg" });
  expect(up.error).toBeNull();
  const media = await talent.client.from("talent_media").insert({ talent_id: talent.talentId, kind: "headshot", bucket: "headshots", storage_path: path, is_primary: true });
  expect(media.error).toBeNull();
  const submitted = await callFunction(stack, "submit", { casting_role_id: project.roleId, talent_id: talent.talentId, cover_note: `I am ${stageName}, call ${phone}` }, talent.accessToken);
  expect(submitted.status).toBe(201);
  const submissionId = submitted.body.submission.id as string;
  await cd.client.from("submissions").update({ status: "shortlisted" }).eq("id", submissionId);
  await cd.client.from("submission_evaluations").insert({ submission_id: submissionId, rating: 5, note: `${stageName} nailed it` });
  const offer = await cd.client.from("offers").insert({ submission_id: submissionId, fee_paise: 5_000_000, terms: `Contract for ${stageName}`, over_budget_acknowledged: true }).select("id").single();
  expect(offer.error).toBeNull();
  const accepted = await talent.client.rpc("respond_to_offer", { offer_id: offer.data!.id, accept: true });
  expect(accepted.data).toBe("accepted");
  const [object] = await ownerSql<{ version: string }>(stack.dbUrl!, `select version from storage.objects where bucket_id = 'headshots' and name = '${path}'`);
  objectVersion = object!.version;
});

describe("export-my-data", () => {
  it("streams one JSON document of everything about the caller", async () => {
    const response = await exportAs(talent.accessToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="castmatch-export-\d{4}-\d\d-\d\d\.json"$/);
    expect(response.headers.get("content-length")).toBeNull();  // streamed, not buffered
    exported = await response.json();
    expect(exported).toMatchObject({ format: "castmatch-export/1", user_id: talent.userId, complete: true });
    const rows = (part: string) => exported.parts[part].rows as any[];
    expect(rows("account")[0].email).toBe(talent.email);
    expect(rows("talent_profiles")[0]).toMatchObject({ stage_name: stageName, date_of_birth: dob });
    expect(rows("talent_contacts")[0]).toMatchObject({ phone, email: contactEmail });
    expect(rows("consents").map((c) => c.purpose).sort()).toEqual(["casting_visibility", "contact_sharing", "marketing_email"]);
    expect(rows("submissions")[0]).toMatchObject({ status: "booked", project: `Data Rights Nights ${run}` });
    expect(rows("offers")[0]).toMatchObject({ status: "accepted", fee_paise: 5_000_000 });
    expect(rows("notifications").length).toBeGreaterThan(0);
    expect(rows("audit_entries").some((a) => a.table_name === "consents")).toBe(true);
    // never what others wrote about them
    expect(JSON.stringify(exported)).not.toContain("nailed it");
  });

  it("signs the media links, and says who else can see each part", async () => {
    const media = exported.parts.talent_media.rows[0];
    expect((await fetch(media.signed_url)).status).toBe(200);
    expect(JSON.stringify(exported.parts.talent_contacts.who_else_can_see)).toContain(`Data Rights Nights ${run}`);
    expect(exported.parts.notifications.who_else_can_see).toEqual(["CastMatch admins"]);
    expect(JSON.stringify(exported.parts.talent_profiles.who_else_can_see)).toContain("every verified casting director");
  });

  it("shows a casting director their own records, not the talent's", async () => {
    const theirs = await (await exportAs(cd.accessToken)).json();
    expect(theirs.user_id).toBe(cd.userId);
    expect(theirs.parts.talent_contacts.rows).toEqual([]);
    expect(theirs.parts.evaluations_written.rows[0].note).toBe(`${stageName} nailed it`);
  });

  it("needs a signed-in caller, and allows three an hour", async () => {
    expect((await exportAs(null)).status).toBe(401);
    const someone = await signUp(stack, "exporter");
    for (let i = 0; i < 3; i++) expect((await exportAs(someone.accessToken)).status).toBe(200);
    const fourth = await exportAs(someone.accessToken);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect((await fourth.json()).error).toBe("rate_limited");
  });
});

describe("delete-account", () => {
  it("refuses the only owner of a project others depend on, and erases nothing", async () => {
    const preview = await callFunction(stack, "delete-account", {}, cd.accessToken);
    expect(preview.status).toBe(200);
    expect(preview.body.blockers).toEqual([expect.stringContaining(`Data Rights Nights ${run}`)]);
    const attempt = await callFunction(stack, "delete-account", { confirm_token: preview.body.confirm_token }, cd.accessToken);
    expect(attempt.status).toBe(409);
    expect((await cd.client.from("projects").select("id").eq("id", project.projectId)).data).toHaveLength(1);
  });

  it("previews what goes and what stays, with a token for the caller alone", async () => {
    const preview = await callFunction(stack, "delete-account", {}, talent.accessToken);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ blockers: [], grace_period: expect.stringContaining("none") });
    expect(preview.body.will_erase).toMatchObject({ media_files: 1, contacts: 1, consents: 3 });
    expect(preview.body.will_keep_pseudonymised).toMatchObject({ booked_offers: 1, submissions: 1 });
    const garbage = await callFunction(stack, "delete-account", { confirm_token: "yes please" }, talent.accessToken);
    expect([garbage.status, garbage.body.field]).toEqual([400, "confirm_token"]);
    const cdToken = (await callFunction(stack, "delete-account", {}, cd.accessToken)).body.confirm_token;
    const borrowed = await callFunction(stack, "delete-account", { confirm_token: cdToken }, talent.accessToken);
    expect(borrowed.status).toBe(403);
    expect((await callFunction(stack, "delete-account", {}, null)).status).toBe(401);
  });

  it("erases the account when confirmed", async () => {
    const preview = await callFunction(stack, "delete-account", {}, talent.accessToken);
    const erased = await callFunction(stack, "delete-account", { confirm_token: preview.body.confirm_token }, talent.accessToken);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ erased: true, files_removed: 1, kept: { talent_profiles_kept: 1 } });
  });

  it("removes the files, and every way back in", async () => {
    expect((await fetch(exported.parts.talent_media.rows[0].signed_url)).status).not.toBe(200);
    expect(existsSync(join(stack.storageDir, "objects", objectVersion.slice(0, 2), objectVersion))).toBe(false);
    const again = await client(stack.apiUrl, stack.publishableKey).auth.signInWithPassword({ email: talent.email, password: talent.password });
    expect(again.error).not.toBeNull();
    const refreshed = await client(stack.apiUrl, stack.publishableKey).auth.refreshSession({ refresh_token: refreshToken });
    expect(refreshed.error).not.toBeNull();
    const user = await fetch(`${stack.apiUrl}/auth/v1/user`, { headers: { apikey: stack.publishableKey, authorization: `Bearer ${talent.accessToken}` } });
    expect(user.status).toBeGreaterThanOrEqual(400);
    // the old access token stays a valid JWT until it expires (jwt_expiry, 1 hour), as on hosted
    // Supabase, but it belongs to nobody: nothing of theirs is left to read
    expect((await talent.client.from("talent_profiles").select("id").eq("id", talent.talentId)).data).toEqual([]);
    expect((await talent.client.from("consents").select("id")).data).toEqual([]);
    expect((await talent.client.from("notifications").select("id")).data).toEqual([]);
  });

  it("keeps the booked work and the casting director's note, under a pseudonym", async () => {
    const offer = await cd.client.from("offers").select("status, terms, talent_id").eq("project_id", project.projectId).single();
    expect(offer.data).toEqual({ status: "accepted", terms: "Contract for Erased talent", talent_id: talent.talentId });
    const note = await cd.client.from("submission_evaluations").select("note").eq("project_id", project.projectId).single();
    expect(note.data!.note).toBe("Erased talent nailed it");
    expect((await cd.client.from("talent_contacts").select("talent_id").eq("talent_id", talent.talentId)).data).toEqual([]);
  });

  it("leaves no trace of their name, email, phone or date of birth in any table", async () => {
    const findings = await findValues(stack.dbUrl!, [stageName, talent.email, contactEmail, phone, phone.replace(/\D/g, ""), dob], [dob]);
    expect(findings).toEqual([]);
  });
});
