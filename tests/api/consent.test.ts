// Consent as data over the real API: a talent gives and withdraws purpose-specific consents
// through supabase-js, and what casting directors, visitors and the marketing job may see
// follows on the very next request. Refusals per persona included.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { newCastingDirector, newProjectWithRole, newTalent, type Person, type Talent } from "../support/people.ts";
import { signIn } from "../support/personas.ts";

const stack = inject("stack");
const anon = () => client(stack.apiUrl, stack.publishableKey);
const service = () => client(stack.apiUrl, stack.secretKey);

let cd: Person;
let project: { projectId: string; roleId: string };

beforeAll(async () => {
  cd = await newCastingDirector(stack, "consent-cd");
  project = await newProjectWithRole(cd.client, "Consent Nights");
});

const search = (who: Person, text: string) => who.client.rpc("search_talent", { query: text, match_count: 50 });

describe("shown to casting teams", () => {
  let talent: Talent;
  beforeAll(async () => {
    talent = await newTalent(stack, "zarinavisible", { consents: [], profile: { visibility: "public", bio: "Zarinavisible from Thane." } });
  });

  it("without consent, a new profile is seen by its owner only", async () => {
    expect((await search(cd, "Zarinavisible")).data).toEqual([]);
    expect((await anon().from("talent_profiles").select("id").eq("id", talent.talentId)).data).toEqual([]);
    const own = await talent.client.from("talent_profiles").select("id, discoverable").eq("id", talent.talentId).single();
    expect(own.data).toEqual({ id: talent.talentId, discoverable: false });
  });

  it("the notice is public, and consent names its current version", async () => {
    const notices = await anon().from("consent_notices").select("purpose, version, body").eq("purpose", "casting_visibility");
    expect(notices.data).toEqual([expect.objectContaining({ purpose: "casting_visibility", version: 1 })]);
    const stale = await talent.client.from("consents").insert({ purpose: "casting_visibility", notice_version: 9 });
    expect(stale.error).toMatchObject({ code: "23514", hint: "notice_version" });
    const given = await talent.client.from("consents").insert({ purpose: "casting_visibility", notice_version: 1 }).select("given_at, given_by").single();
    expect(given.error).toBeNull();
    expect(given.data!.given_by).toBe("self");
  });

  it("once given, casting search and the public board show the profile", async () => {
    expect((await search(cd, "Zarinavisible")).data!.map((r: { talent_id: string }) => r.talent_id)).toEqual([talent.talentId]);
    expect((await anon().from("talent_profiles").select("id").eq("id", talent.talentId)).data).toEqual([{ id: talent.talentId }]);
  });

  it("withdrawn, the very next search no longer finds it", async () => {
    const withdrawn = await talent.client.from("consents").update({ withdrawn_at: new Date(0).toISOString() })
      .eq("purpose", "casting_visibility").is("withdrawn_at", null).select("withdrawn_at").single();
    expect(withdrawn.error).toBeNull();
    // the database stamps the time, whatever the client sent
    expect(Math.abs(new Date(withdrawn.data!.withdrawn_at).getTime() - Date.now())).toBeLessThan(60_000);
    expect((await search(cd, "Zarinavisible")).data).toEqual([]);
    expect((await anon().from("talent_profiles").select("id").eq("id", talent.talentId)).data).toEqual([]);
    const fn = await callFunction(stack, "talent-search", { query: "Zarinavisible from Thane", limit: 20 }, cd.accessToken);
    expect(fn.status).toBe(200);
    expect(fn.body.results.map((r: { talent_id: string }) => r.talent_id)).not.toContain(talent.talentId);
  });

  it("a withdrawal is final and only the person's own", async () => {
    const undo = await talent.client.from("consents").update({ withdrawn_at: null }).eq("purpose", "casting_visibility");
    expect(undo.error).toMatchObject({ code: "23514" });
    const other = await cd.client.from("consents").update({ withdrawn_at: new Date().toISOString() }).eq("user_id", talent.userId).select("id");
    expect(other.data).toEqual([]);
    expect((await cd.client.from("consents").select("id").eq("user_id", talent.userId)).data).toEqual([]);
    const forOthers = await cd.client.from("consents").insert({ user_id: talent.userId, purpose: "casting_visibility", notice_version: 1 });
    expect(forOthers.error?.code).toBe("42501");
    const byVisitor = await anon().from("consents").insert({ purpose: "casting_visibility", notice_version: 1 });
    expect(byVisitor.error?.code).toBe("42501");
  });
});

describe("contact sharing", () => {
  it("casting teams the talent submitted to read contacts only while the talent consents", async () => {
    const talent = await newTalent(stack, "contacts");
    await talent.client.from("talent_contacts").insert({ talent_id: talent.talentId, phone: "+91 98111 22333", email: "reach.me@example.com" });
    const submitted = await callFunction(stack, "submit", { casting_role_id: project.roleId, talent_id: talent.talentId }, talent.accessToken);
    expect(submitted.status).toBe(201);
    const read = () => cd.client.from("talent_contacts").select("phone").eq("talent_id", talent.talentId);
    expect((await read()).data).toEqual([{ phone: "+91 98111 22333" }]);
    await talent.client.from("consents").update({ withdrawn_at: new Date().toISOString() }).eq("purpose", "contact_sharing").is("withdrawn_at", null);
    expect((await read()).data).toEqual([]);
    // the profile itself is still shown: the purposes are separate
    expect((await cd.client.from("talent_profiles").select("id").eq("id", talent.talentId)).data).toHaveLength(1);
  });
});

describe("marketing email", () => {
  it("goes only to people who opted in, and only the service role reads the list", async () => {
    const keen = await newTalent(stack, "keen", { consents: ["marketing_email"] });
    const quiet = await newTalent(stack, "quiet", { consents: [] });
    const audience = async () => ((await service().rpc("marketing_audience")).data as Array<{ user_id: string }>).map((r) => r.user_id);
    expect(await audience()).toContain(keen.userId);
    expect(await audience()).not.toContain(quiet.userId);
    expect((await keen.client.rpc("marketing_audience")).error?.code).toBe("42501");
    await keen.client.from("consents").update({ withdrawn_at: new Date().toISOString() }).eq("purpose", "marketing_email").is("withdrawn_at", null);
    expect(await audience()).not.toContain(keen.userId);
  });

  it("admins publish a new notice version; nobody else can", async () => {
    const admin = await signIn(stack, "admin");
    const talent = await newTalent(stack, "notice", { consents: [] });
    const refused = await talent.client.from("consent_notices").insert({ purpose: "marketing_email", body: "A new marketing notice text, version next." });
    expect(refused.error?.code).toBe("42501");
    const published = await admin.from("consent_notices").insert({ purpose: "marketing_email", body: "Email me news and casting calls, now weekly at most." })
      .select("version").single();
    expect(published.error).toBeNull();
    const old = await talent.client.from("consents").insert({ purpose: "marketing_email", notice_version: published.data!.version - 1 });
    expect(old.error?.code).toBe("23514");
    const current = await talent.client.from("consents").insert({ purpose: "marketing_email", notice_version: published.data!.version });
    expect(current.error).toBeNull();
  });
});
