// Children over the real API: a talent under 18 is invisible to casting teams and visitors until
// their guardian consents; the guardian gets the signed link by email (the stack's outbox) and
// answers on the guardian-consent page themselves. Refusals per persona included.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { waitForEmail } from "../support/mailbox.ts";
import { newCastingDirector, newProjectWithRole, newTalent, type Person, type Talent } from "../support/people.ts";
import { signIn } from "../support/personas.ts";

const stack = inject("stack");
const anon = () => client(stack.apiUrl, stack.publishableKey);
const fifteenYearsAgo = () => new Date(Date.now() - 15 * 365.25 * 86_400_000).toISOString().slice(0, 10);

let cd: Person;
let child: Talent;
let guardianEmail: string;
let role: { projectId: string; roleId: string };
let link: URL;

beforeAll(async () => {
  cd = await newCastingDirector(stack, "children-cd");
  role = await newProjectWithRole(cd.client, "School Days", { ageMin: 10 });
  guardianEmail = `guardian.${Date.now()}@example.com`;
  child = await newTalent(stack, "minor", {
    consents: [],
    profile: { date_of_birth: fifteenYearsAgo(), playing_age_min: 12, playing_age_max: 16, guardian_name: "Sunita Pawar",
               guardian_email: guardianEmail, bio: "Quizbowlminor from Nashik." },
  });
});

const seenBy = async (who: { from: ReturnType<typeof anon>["from"] }) =>
  (await who.from("talent_profiles").select("id").eq("id", child.talentId)).data?.length ?? 0;

describe("before a guardian consents", () => {
  it("only the child (and admins) see the profile", async () => {
    expect(await seenBy(child.client)).toBe(1);
    expect(await seenBy(await signIn(stack, "admin"))).toBe(1);
    expect(await seenBy(cd.client)).toBe(0);
    expect(await seenBy(anon())).toBe(0);
    expect((await cd.client.rpc("search_talent", { query: "Quizbowlminor" })).data).toEqual([]);
  });

  it("the child cannot consent herself, opt in to marketing, or submit", async () => {
    const self = await child.client.from("consents").insert({ purpose: "casting_visibility", notice_version: 1 });
    expect(self.error).toMatchObject({ code: "23514", hint: "purpose" });
    const marketing = await child.client.from("consents").insert({ purpose: "marketing_email", notice_version: 1 });
    expect(marketing.error?.message).toMatch(/no marketing to anyone under 18/);
    const submitted = await callFunction(stack, "submit", { casting_role_id: role.roleId, talent_id: child.talentId }, child.accessToken);
    expect(submitted.status).toBe(400);
    expect(submitted.body.message).toMatch(/guardian consents/);
    const written = await child.client.from("talent_profiles").update({ guardian_consent_at: new Date().toISOString() }).eq("id", child.talentId);
    expect(written.error?.code).toBe("42501");
  });

  it("a casting director cannot ask the guardian; the child can", async () => {
    const byCd = await cd.client.rpc("request_guardian_consent", { talent_id: child.talentId });
    expect(byCd.error?.code).toBe("PT404");
    const asked = await child.client.rpc("request_guardian_consent", { talent_id: child.talentId });
    expect(asked.error).toBeNull();
    const request = await child.client.from("guardian_consents").select("status, guardian_email").eq("id", asked.data).single();
    expect(request.data).toEqual({ status: "pending", guardian_email: guardianEmail });
    // the email's link is not stored anywhere the child (or anyone) can read
    expect((await child.client.from("notifications").select("id").eq("kind", "guardian.consent_request")).data).toEqual([]);
  });
});

describe("the guardian", () => {
  it("receives an email with a signed link to the consent page", async () => {
    const mail = await waitForEmail(stack.mailboxUrl, guardianEmail, /consent is needed/);
    expect(mail.subject).toContain("minor talent");
    const found = /(http\S+\/functions\/v1\/guardian-consent\?token=\S+)/.exec(mail.text);
    expect(found).not.toBeNull();
    link = new URL(found![1]!);
    expect(link.searchParams.get("token")).toMatch(/^[0-9a-f-]{36}\.[0-9a-f]{64}$/);
  });

  it("opens it in a browser (HTML, no referrer) or as JSON", async () => {
    const page = await fetch(link, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await page.text();
    expect(html).toContain("minor talent");
    expect(html).toContain('name="decision" value="give"');
    const api = await fetch(link);
    expect(await api.json()).toMatchObject({ talent: "minor talent", guardian_name: "Sunita Pawar", requested_by: "the talent" });
  });

  it("is refused a forged link and an answer that chooses nothing", async () => {
    const token = link.searchParams.get("token")!;
    const forged = await fetch(`${link.origin}${link.pathname}?token=${token.slice(0, 37)}${"0".repeat(64)}`);
    expect(forged.status).toBe(404);
    const empty = await callFunction(stack, "guardian-consent", { token, decision: "give", purposes: [] }, null);
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe("purposes");
    const marketing = await callFunction(stack, "guardian-consent", { token, decision: "give", purposes: ["marketing_email"] }, null);
    expect(marketing.status).toBe(400);
    expect(marketing.body.field).toBe("purposes.0");
  });

  it("consents with the page's form, once", async () => {
    const form = new URLSearchParams([["token", link.searchParams.get("token")!], ["decision", "give"], ["purposes", "casting_visibility"],
                                      ["purposes", "contact_sharing"]]);
    const answered = await fetch(link.origin + link.pathname, {
      method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "GuardianPhone/1.0" },
    });
    const text = await answered.text();
    expect(answered.status, text).toBe(200);
    expect(text).toContain("Your consent is recorded");
    const again = await fetch(link.origin + link.pathname, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(again.status).toBe(409);
  });
});

describe("after the guardian consents", () => {
  it("casting teams see the child, and she may submit", async () => {
    expect(await seenBy(cd.client)).toBe(1);
    const consents = await child.client.from("consents").select("purpose, given_by").is("withdrawn_at", null).order("purpose");
    expect(consents.data).toEqual([{ purpose: "casting_visibility", given_by: "guardian" }, { purpose: "contact_sharing", given_by: "guardian" }]);
    const request = await child.client.from("guardian_consents").select("status, evidence").eq("status", "given").single();
    expect(request.data!.evidence).toMatchObject({ user_agent: "GuardianPhone/1.0", via: "form" });
    const submitted = await callFunction(stack, "submit", { casting_role_id: role.roleId, talent_id: child.talentId }, child.accessToken);
    expect(submitted.status).toBe(201);
  });

  it("never the public board (a child's profile is never public), nor marketing", async () => {
    const pub = await child.client.from("talent_profiles").update({ visibility: "public" }).eq("id", child.talentId);
    expect(pub.error?.code).toBe("23514");
    expect(await seenBy(anon())).toBe(0);
    const service = client(stack.apiUrl, stack.secretKey);
    const audience = (await service.rpc("marketing_audience")).data as Array<{ user_id: string }>;
    expect(audience.map((a) => a.user_id)).not.toContain(child.userId);
  });
});
