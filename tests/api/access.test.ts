// The access rules over the real API, as each persona's app sees them through supabase-js,
// on the seeded demo world; and the escalation attempts a hostile client would make.
import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { client, signedUpClient, signJwt } from "../support/clients.ts";
import { email, signIn as signInPersona, userId } from "../support/personas.ts";

const stack = inject("stack");
const demoTalent = stableUuid("talent", email("talent"));
const project = (key: string) => stableUuid("project", key);
const meeraRole = stableUuid("role", "bombay-nights", "Meera Joshi");

const signIn = (persona: string) => signInPersona(stack, persona);

const as: Record<string, SupabaseClient> = {};
beforeAll(async () => {
  for (const p of ["talent", "agent", "casting_director", "outside_cd", "producer", "viewer", "admin"]) as[p] = await signIn(p);
});

describe("anonymous visitors (the casting-call board)", () => {
  const anon = () => client(stack.apiUrl, stack.publishableKey);

  it("see public talent profiles' public columns only", async () => {
    const { data, error } = await anon().from("talent_profiles").select("id, stage_name, languages, city, visibility");
    expect(error).toBeNull();
    expect(data!.length).toBeGreaterThan(50);
    expect(new Set(data!.map((t) => t.visibility))).toEqual(new Set(["public"]));
    const dob = await anon().from("talent_profiles").select("date_of_birth").limit(1);
    expect(dob.error?.code).toBe("42501");
  });

  it("see open roles of non-confidential projects, and nothing of the confidential one", async () => {
    // other test files add projects of their own: look at the seeded ones
    const seeded = ["bombay-nights", "chai-and-chaos", "kadal", "monsoon"].map(project);
    const roles = await anon().from("casting_roles").select("id, project_id, status").in("project_id", seeded);
    expect(roles.error).toBeNull();
    expect(roles.data!.length).toBe(7);
    expect(roles.data!.every((r) => r.status === "open" && r.project_id !== project("monsoon"))).toBe(true);
    const count = await anon().from("projects").select("id", { count: "exact", head: true }).in("id", seeded);
    expect(count.count).toBe(3);
  });

  it("cannot read submissions, contacts or budgets at all", async () => {
    for (const table of ["submissions", "talent_contacts", "budget_lines", "user_roles"]) {
      const { error } = await anon().from(table).select("*").limit(1);
      expect(error?.code, table).toBe("42501");
    }
  });
});

describe("talent", () => {
  it("read their own profile and its private details", async () => {
    const own = await as.talent!.from("talent_profiles").select("id, user_id, visibility").eq("id", demoTalent).single();
    expect(own.data).toMatchObject({ user_id: userId("talent"), visibility: "casting_only" });
    const details = await as.talent!.rpc("talent_private_details", { talent_id: demoTalent });
    expect(details.error).toBeNull();
    expect(details.data).toEqual([expect.objectContaining({ date_of_birth: "1997-08-14", is_minor: false })]);
  });

  it("see only their own submissions, never casting notes or other talent's submissions", async () => {
    const subs = await as.talent!.from("submissions").select("talent_id, status");
    expect(subs.data!.length).toBe(1);
    expect(subs.data![0]).toEqual({ talent_id: demoTalent, status: "audition_requested" });
    expect((await as.talent!.from("submission_evaluations").select("id")).data).toEqual([]);
    expect((await as.talent!.from("shortlist_items").select("id, note")).data).toEqual([]);
  });

  it("see the audition slots offered to them", async () => {
    const slots = await as.talent!.from("audition_slots").select("casting_role_id");
    expect(slots.data!.length).toBe(3);
    expect(slots.data!.every((s) => s.casting_role_id === meeraRole)).toBe(true);
  });

  it("edit their own profile but nobody else's", async () => {
    const mine = await as.talent!.from("talent_profiles").update({ bio: "Updated through the API." }).eq("id", demoTalent).select("id");
    expect(mine.data).toEqual([{ id: demoTalent }]);
    const other = await as.talent!.from("talent_profiles").update({ bio: "hijacked" }).neq("id", demoTalent).select("id");
    expect(other.data).toEqual([]);
  });
});

describe("casting directors", () => {
  it("see casting-only talent, the confidential project they are on, and its roles", async () => {
    const cd = as.casting_director!;
    const talent = await cd.from("talent_profiles").select("id", { count: "exact", head: true });
    const visibleToAnon = await client(stack.apiUrl, stack.publishableKey).from("talent_profiles").select("id", { count: "exact", head: true });
    expect(talent.count!).toBeGreaterThan(visibleToAnon.count!);
    const monsoon = await cd.from("casting_roles").select("id").eq("project_id", project("monsoon"));
    expect(monsoon.data!.length).toBe(2);
  });

  it("see contacts only of talent who submitted to or were shortlisted on their projects", async () => {
    const cd = as.casting_director!;
    const contacts = await cd.from("talent_contacts").select("talent_id");
    const submitted = await cd.from("submissions").select("talent_id");
    const shortlisted = await cd.from("shortlist_items").select("talent_id");
    const allowed = new Set([...submitted.data!, ...shortlisted.data!].map((s) => s.talent_id));
    expect(contacts.data!.length).toBeGreaterThan(0);
    expect(contacts.data!.every((c) => allowed.has(c.talent_id))).toBe(true);
    // every seeded talent keeps contacts, so each seeded submitter's are visible
    const seededSubmitters = await cd.from("submissions").select("talent_id").in("project_id",
      ["bombay-nights", "chai-and-chaos", "kadal", "monsoon"].map(project));
    const visible = new Set(contacts.data!.map((c) => c.talent_id));
    expect(seededSubmitters.data!.every((s) => visible.has(s.talent_id))).toBe(true);
    expect((await as.outside_cd!.from("talent_contacts").select("talent_id")).data).toEqual([]);
  });

  it("outside a project see none of its confidential roles and change nothing of it", async () => {
    const out = as.outside_cd!;
    expect((await out.from("projects").select("id").eq("id", project("monsoon"))).data).toEqual([]);
    const count = await out.from("casting_roles").select("id", { count: "exact", head: true }).eq("project_id", project("monsoon"));
    expect(count.count).toBe(0);
    const edit = await out.from("casting_roles").update({ name: "renamed" }).eq("id", meeraRole).select("id");
    expect(edit.data).toEqual([]);
    expect((await out.from("submissions").select("id")).data).toEqual([]);
  });

  it("create a project and own it", async () => {
    const cd = as.outside_cd!;
    const created = await cd.from("projects").insert({ title: "Ghar Wapsi", language: "hindi", status: "draft" }).select("id").single();
    expect(created.error).toBeNull();
    const team = await cd.from("project_members").select("user_id, project_role").eq("project_id", created.data!.id);
    expect(team.data).toEqual([{ user_id: userId("outside_cd"), project_role: "owner" }]);
  });
});

describe("producers, viewers and agents", () => {
  it("producers read shortlists and manage budgets, but not submissions", async () => {
    const p = as.producer!;
    expect((await p.from("shortlist_items").select("id").eq("project_id", project("bombay-nights"))).data!.length).toBeGreaterThan(0);
    expect((await p.from("submissions").select("id")).data).toEqual([]);
    const line = await p.from("budget_lines").insert({ project_id: project("bombay-nights"), category: "travel", amount_paise: 1500000 }).select("amount_paise").single();
    expect(line.data).toEqual({ amount_paise: 1500000 });
    const elsewhere = await p.from("budget_lines").insert({ project_id: project("kadal"), category: "travel", amount_paise: 1 });
    expect(elsewhere.error?.code).toBe("42501");
  });

  it("viewers read what their project shares and nothing of its money", async () => {
    const v = as.viewer!;
    expect((await v.from("casting_roles").select("id").eq("project_id", project("chai-and-chaos"))).data!.length).toBe(2);
    expect((await v.from("shortlists").select("id")).data!.length).toBe(2);
    expect((await v.from("budget_lines").select("id")).data).toEqual([]);
    const write = await v.from("shortlists").insert({ casting_role_id: stableUuid("role", "chai-and-chaos", "Dev"), name: "mine" });
    expect(write.error?.code).toBe("42501");
  });

  it("agents act for the talent they represent, and only them", async () => {
    const a = as.agent!;
    const mine = await a.from("talent_profiles").update({ city: "Mumbai" }).eq("id", demoTalent).select("id");
    expect(mine.data).toEqual([{ id: demoTalent }]);
    const represented = await a.from("representations").select("talent_id").eq("status", "accepted");
    const ids = represented.data!.map((r) => r.talent_id);
    expect(ids.length).toBe(21);
    const others = await a.from("talent_profiles").update({ city: "Pune" }).not("id", "in", `(${ids.join(",")})`).select("id");
    expect(others.data).toEqual([]);
  });
});

describe("admins", () => {
  it("read the audit log and cannot change it", async () => {
    const log = await as.admin!.from("audit_log").select("id, table_name").limit(5);
    expect(log.data!.length).toBeGreaterThan(0);
    const edit = await as.admin!.from("audit_log").update({ action: "nothing" }).gt("id", 0);
    expect(edit.error?.code).toBe("42501");
    expect((await as.casting_director!.from("audit_log").select("id")).data).toEqual([]);
  });

  it("approve a casting director's request, which lets them create projects", async () => {
    const c = client(stack.apiUrl, stack.publishableKey);
    const mail = `new.cd.${Date.now()}@test.castmatch`;
    const up = await c.auth.signUp({ email: mail, password: "correct horse battery", options: { data: { requested_role: "casting_director", company: "Chai Films" } } });
    expect(up.error).toBeNull();
    const before = await c.from("projects").insert({ title: "Too early" });
    expect(before.error?.code).toBe("42501");
    const request = await c.from("role_requests").select("id, status").single();
    expect(request.data?.status).toBe("pending");
    const approved = await as.admin!.from("role_requests").update({ status: "approved" }).eq("id", request.data!.id).select("status");
    expect(approved.data).toEqual([{ status: "approved" }]);
    const after = await c.from("projects").insert({ title: "Now allowed" }).select("title").single();
    expect(after.error).toBeNull();
  });
});

describe("escalation attempts", () => {
  it("sign-up metadata claiming admin grants nothing", async () => {
    const c = client(stack.apiUrl, stack.publishableKey);
    const up = await c.auth.signUp({
      email: `claims.admin.${Date.now()}@test.castmatch`, password: "correct horse battery",
      options: { data: { requested_role: "admin", role: "admin", roles: ["admin"] } },
    });
    expect(up.error).toBeNull();
    expect((await c.from("user_roles").select("role")).data).toEqual([]);
    expect((await c.from("audit_log").select("id")).data).toEqual([]);
  });

  it("users cannot grant themselves roles or approve their own requests", async () => {
    const { client: c, user } = await signedUpClient(stack.apiUrl, stack.publishableKey, "escalator");
    const grant = await c.from("user_roles").insert({ user_id: user.id, role: "admin" });
    expect(grant.error?.code).toBe("42501");
    await c.from("role_requests").insert({ role: "producer" });
    const approve = await c.from("role_requests").update({ status: "approved" }).eq("user_id", user.id).select("id");
    expect(approve.data).toEqual([]);
    expect((await c.from("user_roles").select("role")).data).toEqual([]);
  });

  it("editing one's user metadata after sign-up changes nothing", async () => {
    const { client: c } = await signedUpClient(stack.apiUrl, stack.publishableKey, "metadata");
    await c.auth.updateUser({ data: { role: "admin", requested_role: "admin" } });
    expect((await c.from("user_roles").select("role")).data).toEqual([]);
    expect((await c.from("talent_contacts").select("talent_id")).data).toEqual([]);
  });

  it("a JWT forged with another secret, or an expired one, is refused", async () => {
    const claims = { sub: userId("admin"), role: "authenticated", aud: "authenticated", email: email("admin") };
    const forged = await signJwt("not-the-project-secret-not-the-project-secret", claims);
    const expired = await signJwt(stack.jwtSecret, claims, -60);
    for (const token of [forged, expired]) {
      const res = await fetch(`${stack.apiUrl}/rest/v1/audit_log?select=id`, {
        headers: { apikey: stack.publishableKey, authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
    const genuine = await signJwt(stack.jwtSecret, claims);
    const ok = await fetch(`${stack.apiUrl}/rest/v1/audit_log?select=id&limit=1`, {
      headers: { apikey: stack.publishableKey, authorization: `Bearer ${genuine}` },
    });
    expect(ok.status).toBe(200);
  });
});
