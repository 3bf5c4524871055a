// An applicant the casting team can see (issue 26), over the real API: a new actor who never
// consented to being shown submits to an open role with one of two headshots; the role's casting
// team then reads her profile and that headshot (row and file), while search, other casting
// directors and visitors still see nothing, and withdrawing the submission ends it all. The
// submit answer and the data export say what is shared, with whom and until when.
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { newCastingDirector, newProjectWithRole, newTalent, type Person, type Talent } from "../support/people.ts";

const stack = inject("stack");
const run = Date.now().toString(36);
const stageName = `Noor Applicant ${run}`;
const anon = () => client(stack.apiUrl, stack.publishableKey);

let cd: Person;
let otherCd: Person;
let talent: Talent;
let project: { projectId: string; roleId: string };
let attached: { id: string; path: string };
let kept: { id: string; path: string };
let submissionId: string;
let submitted: { status: number; body: any };

async function headshot(name: string, colour: string) {
  const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: colour } }).jpeg().toBuffer();
  const path = `${talent.talentId}/${name}.jpg`;
  const up = await talent.client.storage.from("headshots").upload(path, jpeg, { contentType: "image/jpeg" });
  expect(up.error).toBeNull();
  const media = await talent.client.from("talent_media")
    .insert({ talent_id: talent.talentId, kind: "headshot", bucket: "headshots", storage_path: path, title: name }).select("id").single();
  expect(media.error).toBeNull();
  return { id: media.data!.id as string, path };
}

const profileAs = (who: Person) => who.client.from("talent_profiles").select("id, stage_name").eq("id", talent.talentId);
const mediaAs = (who: Person) => who.client.from("talent_media").select("id").eq("talent_id", talent.talentId).order("id");
const download = (who: Person, path: string) => who.client.storage.from("headshots").download(path);

beforeAll(async () => {
  cd = await newCastingDirector(stack, "applicant-cd");
  otherCd = await newCastingDirector(stack, "applicant-other-cd");
  project = await newProjectWithRole(cd.client, `Applicant Nights ${run}`);
  // a new account consents to nothing by default
  talent = await newTalent(stack, "applicant", { consents: [], profile: { stage_name: stageName, bio: `${stageName} from Pune` } });
  attached = await headshot("for-the-role", "#806040");
  kept = await headshot("private", "#204060");
  submitted = await callFunction(stack, "submit",
    { casting_role_id: project.roleId, talent_id: talent.talentId, cover_note: "Ready to audition.", media_ids: [attached.id] },
    talent.accessToken);
  submissionId = submitted.body.submission?.id;
});

describe("a submission without the general consent", () => {
  it("is accepted, and the answer says what is shared, with whom and until when", () => {
    expect(submitted.status).toBe(201);
    expect(submitted.body.sharing).toEqual({
      active: true,
      with: { project: `Applicant Nights ${run}`, role: `Applicant Nights ${run} lead`, casting_team: [{ name: null, project_role: "owner" }] },
      what: {
        profile: expect.stringContaining("stage name"),
        media_ids: [attached.id],
        contacts: "not shared: you have not consented to contact sharing",
      },
      until: "you withdraw this submission",
      general_consent: false,
    });
  });

  it("shows the applicant to the role's casting team, in its list of submissions", async () => {
    const list = await cd.client.from("submissions").select("id, talent_profiles(stage_name)").eq("casting_role_id", project.roleId);
    expect(list.error).toBeNull();
    expect(list.data).toEqual([{ id: submissionId, talent_profiles: { stage_name: stageName } }]);
    expect((await profileAs(cd)).data).toEqual([{ id: talent.talentId, stage_name: stageName }]);
  });

  it("shares the attached headshot and its file, not the other one", async () => {
    expect((await mediaAs(cd)).data).toEqual([{ id: attached.id }]);
    const file = await download(cd, attached.path);
    expect(file.error).toBeNull();
    expect(file.data!.size).toBeGreaterThan(100);
    const other = await download(cd, kept.path);
    expect(other.data).toBeNull();
    expect(other.error).not.toBeNull();
  });

  it("keeps the applicant out of search and matching, and away from everyone else", async () => {
    const search = await cd.client.rpc("search_talent", { query: stageName, match_count: 50 });
    expect(search.error).toBeNull();
    expect(search.data.map((r: { talent_id: string }) => r.talent_id)).not.toContain(talent.talentId);
    const fn = await callFunction(stack, "talent-search", { query: `${stageName} from Pune`, limit: 20 }, cd.accessToken);
    expect(fn.status).toBe(200);
    expect(fn.body.results.map((r: { talent_id: string }) => r.talent_id)).not.toContain(talent.talentId);
    const matched = await cd.client.rpc("match_talent", { casting_role_id: project.roleId, match_count: 200 });
    expect(matched.error).toBeNull();
    expect(matched.data.map((r: { talent_id: string }) => r.talent_id)).not.toContain(talent.talentId);
    expect((await profileAs(otherCd)).data).toEqual([]);
    expect((await mediaAs(otherCd)).data).toEqual([]);
    expect((await download(otherCd, attached.path)).data).toBeNull();
    expect((await anon().from("talent_profiles").select("id").eq("id", talent.talentId)).data).toEqual([]);
  });

  it("is listed in the talent's data export", async () => {
    const response = await fetch(`${stack.apiUrl}/functions/v1/export-my-data`, {
      headers: { apikey: stack.publishableKey, authorization: `Bearer ${talent.accessToken}` },
    });
    expect(response.status).toBe(200);
    const exported = await response.json();
    const [row] = exported.parts.submissions.rows;
    expect(row).toMatchObject({ id: submissionId, sharing: { active: true, what: { media_ids: [attached.id] } } });
    expect(exported.parts.talent_profiles.who_else_can_see["shared through your submissions"])
      .toEqual([expect.objectContaining({ with: expect.objectContaining({ project: `Applicant Nights ${run}` }) })]);
  });
});

describe("withdrawing the submission", () => {
  it("ends the sharing on the very next request", async () => {
    const withdrawn = await talent.client.from("submissions").update({ status: "withdrawn" }).eq("id", submissionId).select("status");
    expect(withdrawn.data).toEqual([{ status: "withdrawn" }]);
    expect((await profileAs(cd)).data).toEqual([]);
    expect((await mediaAs(cd)).data).toEqual([]);
    expect((await download(cd, attached.path)).data).toBeNull();
    const list = await cd.client.from("submissions").select("status, talent_profiles(stage_name)").eq("id", submissionId);
    expect(list.data).toEqual([{ status: "withdrawn", talent_profiles: null }]);
  });

  it("and the talent is told so", async () => {
    const mine = await talent.client.rpc("export_my_data_part", { part: "submissions" });
    expect(mine.error).toBeNull();
    expect(mine.data[0].item.sharing).toMatchObject({ active: false, until: "ended: you withdrew this submission" });
  });
});
