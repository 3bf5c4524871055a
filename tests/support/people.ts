// Fresh people for API tests that change what others may see (consents, NDAs, erasure): each
// test file makes its own, so files running side by side never disturb each other's world.
import type { SupabaseClient } from "@supabase/supabase-js";
import { client } from "./clients.ts";
import { signIn } from "./personas.ts";

type Stack = { apiUrl: string; publishableKey: string };
export type Person = { client: SupabaseClient; userId: string; email: string; password: string; accessToken: string };
export type Talent = Person & { talentId: string };

let counter = 0;
const PASSWORD = "correct horse battery";

export async function signUp(stack: Stack, label: string, data: Record<string, unknown> = {}): Promise<Person> {
  const c = client(stack.apiUrl, stack.publishableKey);
  const email = `${label}.${Date.now()}.${counter++}@test.castmatch`;
  const { data: up, error } = await c.auth.signUp({ email, password: PASSWORD, options: { data } });
  if (error || !up.session) throw new Error(`sign-up of ${label} failed: ${error?.message ?? "no session"}`);
  return { client: c, userId: up.user!.id, email, password: PASSWORD, accessToken: up.session.access_token };
}

/** A talent with a profile; `consents` are given to the current notices (another test file may
 *  have published a newer version on the shared stack). */
export async function newTalent(
  stack: Stack,
  label: string,
  options: { consents?: string[]; profile?: Record<string, unknown> } = {},
): Promise<Talent> {
  const person = await signUp(stack, label, { requested_role: "talent", full_name: `${label} person` });
  const purposes = options.consents ?? ["casting_visibility", "contact_sharing"];
  const notices = purposes.length
    ? await person.client.from("consent_notices").select("purpose, version").in("purpose", purposes).order("version", { ascending: false })
    : { data: [], error: null };
  if (notices.error) throw new Error(`consent notices: ${notices.error.message}`);
  for (const purpose of purposes) {
    const current = notices.data.find((n) => n.purpose === purpose)?.version;
    if (current === undefined) throw new Error(`consent ${purpose}: no notice`);
    const given = await person.client.from("consents").insert({ purpose, notice_version: current });
    if (given.error) throw new Error(`consent ${purpose}: ${given.error.message}`);
  }
  const profile = await person.client.from("talent_profiles").insert({
    user_id: person.userId, stage_name: `${label} talent`, gender: "female", playing_age_min: 20, playing_age_max: 30,
    languages: ["hindi"], city: "Mumbai", ...options.profile,
  }).select("id").single();
  if (profile.error) throw new Error(`profile of ${label}: ${profile.error.message}`);
  return { ...person, talentId: profile.data.id };
}

/** A casting director vetted by the seeded admin. */
export async function newCastingDirector(stack: Stack, label: string): Promise<Person> {
  const person = await signUp(stack, label, { requested_role: "casting_director", company: "Test Films" });
  const admin = await signIn(stack, "admin");
  const approved = await admin.from("role_requests").update({ status: "approved" }).eq("user_id", person.userId).select("id");
  if (approved.error || approved.data.length !== 1) throw new Error(`approving ${label}: ${approved.error?.message ?? "no request"}`);
  return person;
}

/** A project of the casting director with one open role anyone eligible may submit to. */
export async function newProjectWithRole(cd: SupabaseClient, title: string, options: { confidential?: boolean; ageMin?: number } = {}) {
  const project = await cd.from("projects").insert({ title, status: "casting", is_confidential: options.confidential ?? false })
    .select("id").single();
  if (project.error) throw new Error(`project ${title}: ${project.error.message}`);
  const role = await cd.from("casting_roles").insert({
    project_id: project.data.id, name: `${title} lead`, status: "open", gender: "female", age_min: options.ageMin ?? 18, age_max: 40,
    languages: ["hindi"], city: "Mumbai", submission_deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  }).select("id").single();
  if (role.error) throw new Error(`role of ${title}: ${role.error.message}`);
  return { projectId: project.data.id as string, roleId: role.data.id as string };
}
