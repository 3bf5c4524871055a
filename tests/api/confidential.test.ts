// NDA-gated confidential projects over the real API: a member and an invited talent read nothing
// of the project until they accept its current NDA; a new version asks again; outsiders can do
// neither. Each persona through supabase-js, refusals included.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { callFunction } from "../support/functions.ts";
import { newCastingDirector, newProjectWithRole, newTalent, signUp, type Person, type Talent } from "../support/people.ts";

const stack = inject("stack");

let owner: Person;
let viewer: Person;
let outsider: Person;
let talent: Talent;
let project: { projectId: string; roleId: string };

beforeAll(async () => {
  owner = await newCastingDirector(stack, "nda-owner");
  project = await newProjectWithRole(owner.client, "Operation Kesari", { confidential: true });
  viewer = await signUp(stack, "nda-viewer");
  outsider = await signUp(stack, "nda-outsider");
  talent = await newTalent(stack, "nda-talent");
  const added = await owner.client.from("project_members").insert({ project_id: project.projectId, user_id: viewer.userId, project_role: "viewer" });
  expect(added.error).toBeNull();
});

const readsProject = async (who: Person) => (await who.client.from("projects").select("title").eq("id", project.projectId)).data ?? [];
const readsRole = async (who: Person) => (await who.client.from("casting_roles").select("name").eq("id", project.roleId)).data ?? [];

describe("publishing the NDA", () => {
  it("the owner publishes version 1 and keeps reading; the viewer is not let in", async () => {
    const published = await owner.client.from("project_ndas")
      .insert({ project_id: project.projectId, body: "Operation Kesari is confidential: no posts, no talk, no copies." })
      .select("version, published_by").single();
    expect(published.data).toEqual({ version: 1, published_by: owner.userId });
    expect(await readsProject(owner)).toHaveLength(1);
    expect(await readsProject(viewer)).toEqual([]);
    expect(await readsRole(viewer)).toEqual([]);
    // the viewer sees that they are a member, and the text to accept
    expect((await viewer.client.from("project_members").select("project_role").eq("project_id", project.projectId)).data)
      .toEqual([{ project_role: "viewer" }]);
    expect((await viewer.client.from("project_ndas").select("version").eq("project_id", project.projectId)).data).toEqual([{ version: 1 }]);
  });

  it("only owners publish, only for confidential projects", async () => {
    const byViewer = await viewer.client.from("project_ndas").insert({ project_id: project.projectId, body: "A viewer's own NDA text for this." });
    expect(byViewer.error?.code).toBe("42501");
    const open = await newProjectWithRole(owner.client, "Open House");
    const onOpen = await owner.client.from("project_ndas").insert({ project_id: open.projectId, body: "An NDA for a project anyone can read." });
    expect(onOpen.error?.code).toBe("23514");
  });
});

describe("members", () => {
  it("read the project once they accept the current version", async () => {
    const stale = await viewer.client.from("nda_acceptances").insert({ project_id: project.projectId, version: 2 });
    expect(stale.error).toMatchObject({ code: "23514", hint: "version" });
    const accepted = await viewer.client.from("nda_acceptances").insert({ project_id: project.projectId, version: 1 }).select("accepted_at").single();
    expect(accepted.error).toBeNull();
    expect(await readsProject(viewer)).toEqual([{ title: "Operation Kesari" }]);
    expect(await readsRole(viewer)).toEqual([{ name: "Operation Kesari lead" }]);
    const edit = await viewer.client.from("nda_acceptances").update({ accepted_at: new Date().toISOString() }).eq("user_id", viewer.userId);
    expect(edit.error?.code).toBe("42501");
  });

  it("are asked again by a new version, and told so", async () => {
    await owner.client.from("project_ndas").insert({ project_id: project.projectId, body: "Version 2: the shooting locations are confidential too." });
    expect(await readsProject(owner)).toHaveLength(1);
    expect(await readsProject(viewer)).toEqual([]);
    const told = await viewer.client.from("notifications").select("data").eq("kind", "project.nda_published");
    expect(told.data).toContainEqual({ data: { project_id: project.projectId, version: 2 } });
    await viewer.client.from("nda_acceptances").insert({ project_id: project.projectId, version: 2 });
    expect(await readsProject(viewer)).toHaveLength(1);
  });

  it("owners see who accepted which version; others see only their own", async () => {
    const all = await owner.client.from("nda_acceptances").select("user_id, version").eq("project_id", project.projectId).order("version");
    expect(all.data!.map((a) => `${a.user_id === owner.userId ? "owner" : "viewer"} v${a.version}`).sort())
      .toEqual(["owner v1", "owner v2", "viewer v1", "viewer v2"]);
    const own = await viewer.client.from("nda_acceptances").select("user_id").eq("project_id", project.projectId);
    expect(new Set(own.data!.map((a) => a.user_id))).toEqual(new Set([viewer.userId]));
  });
});

describe("invited talent", () => {
  it("see the invitation and the NDA, not the role, until they accept", async () => {
    const invited = await owner.client.from("project_invitations").insert({ casting_role_id: project.roleId, talent_id: talent.talentId }).select("id").single();
    expect(invited.error).toBeNull();
    expect((await talent.client.from("project_invitations").select("casting_role_id")).data).toEqual([{ casting_role_id: project.roleId }]);
    expect(await readsRole(talent)).toEqual([]);
    const early = await callFunction(stack, "submit", { casting_role_id: project.roleId, talent_id: talent.talentId }, talent.accessToken);
    expect(early.status).toBe(404);
    const nda = await talent.client.from("project_ndas").select("version").eq("project_id", project.projectId).order("version", { ascending: false }).limit(1).single();
    expect(nda.data!.version).toBe(2);
    await talent.client.from("nda_acceptances").insert({ project_id: project.projectId, version: 2 });
    expect(await readsRole(talent)).toEqual([{ name: "Operation Kesari lead" }]);
    const submitted = await callFunction(stack, "submit", { casting_role_id: project.roleId, talent_id: talent.talentId }, talent.accessToken);
    expect(submitted.status).toBe(201);
  });
});

describe("outsiders", () => {
  it("read nothing, not even the NDA, and cannot accept their way in", async () => {
    expect(await readsProject(outsider)).toEqual([]);
    expect((await outsider.client.from("project_ndas").select("version").eq("project_id", project.projectId)).data).toEqual([]);
    const sneak = await outsider.client.from("nda_acceptances").insert({ project_id: project.projectId, version: 2 });
    expect(sneak.error?.code).toBe("42501");
    const invite = await outsider.client.from("project_invitations").insert({ casting_role_id: project.roleId, talent_id: talent.talentId });
    expect(invite.error?.code).toBe("42501");
  });

  it("never receive a share link to its shortlists", async () => {
    const list = await owner.client.from("shortlists").insert({ casting_role_id: project.roleId, name: "Kesari first look" }).select("id").single();
    const share = await owner.client.from("shortlist_shares").insert({ shortlist_id: list.data!.id });
    expect(share.error?.code).toBe("23514");
  });
});
