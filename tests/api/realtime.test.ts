// Realtime at /realtime/v1 through unmodified supabase-js (ws as its transport on Node 20):
// Postgres changes under each subscriber's RLS, broadcast, presence, private channels, tokens,
// limits and the REST broadcast API. "Not delivered" is always proven by a later event the same
// subscriber does receive: changes arrive in commit order, so an earlier one would have come first.
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signJwt } from "../support/clients.ts";
import { newCastingDirector, newProjectWithRole, newTalent, signUp, type Person, type Talent } from "../support/people.ts";

const stack = inject("stack");
const clients: SupabaseClient[] = [];
let sql: postgres.Sql;

/** A realtime client holding `token` (a user's JWT, as a signed-in client does; none: anon). */
async function realtime(token: string | null, vsn?: "1.0.0" | "2.0.0"): Promise<SupabaseClient> {
  const c = createClient(stack.apiUrl, stack.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never, ...(vsn ? { vsn } : {}) },
  });
  if (token) await c.realtime.setAuth(token);
  clients.push(c);
  return c;
}
const as = (person: Person, vsn?: "1.0.0" | "2.0.0") => realtime(person.accessToken, vsn);

function subscribe(channel: RealtimeChannel): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === "SUBSCRIBED") resolve();
      else if (status !== "CLOSED") reject(new Error(`${status}: ${error?.message ?? ""}`));
    });
  });
}

/** Waits until `probe` returns something (10 s at most); never sleeps for a fixed time. */
async function until<T>(probe: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `text` as a regular expression that matches it literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Change = { eventType: string; table: string; schema: string; new: Record<string, unknown>; old: Record<string, unknown>; commit_timestamp: string; errors: unknown };

function changes(c: SupabaseClient, name: string, subs: Array<{ event: string; table: string; filter?: string; schema?: string }>, config: Record<string, unknown> = {}) {
  const got: Change[] = [];
  let channel = c.channel(name, { config });
  for (const s of subs) channel = channel.on("postgres_changes" as never, { schema: "public", ...s } as never, (p: Change) => got.push(p));
  return { channel, got };
}

let cd: Person; // owner of project P (open) and C (confidential)
let cdOther: Person; // another casting director, owner of project Q
let associate: Person; // casting team member of C
let viewer: Person; // viewer member of P
let talents: Talent[];
let P: { projectId: string; roleId: string };
let C: { projectId: string; roleId: string };
let Q: { projectId: string; roleId: string };
let next = 0;
const talent = () => talents[next++]!;

beforeAll(async () => {
  sql = postgres(stack.dbUrl!, { max: 1, onnotice: () => {} });
  // one after the other: each approval signs the admin in and steps up to aal2 with a one-time code
  cd = await newCastingDirector(stack, "rt-cd");
  cdOther = await newCastingDirector(stack, "rt-cd-other");
  [associate, viewer] = await Promise.all([signUp(stack, "rt-associate"), signUp(stack, "rt-viewer")]);
  talents = [];
  for (let i = 0; i < 12; i++) talents.push(await newTalent(stack, `rttalent${i}`));
  P = await newProjectWithRole(cd.client, "Realtime Open");
  C = await newProjectWithRole(cd.client, "Realtime Secret", { confidential: true });
  Q = await newProjectWithRole(cdOther.client, "Realtime Other");
  for (const [project, user, project_role] of [[C, associate, "associate"], [P, viewer, "viewer"]] as const) {
    const added = await cd.client.from("project_members").insert({ project_id: project.projectId, user_id: user.userId, project_role });
    expect(added.error).toBeNull();
  }
});

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels().catch(() => {});
  for (const c of clients) c.realtime.disconnect();
  await sql?.end({ timeout: 1 });
});

/** A submission written by the platform (confidential roles are not open to everyone's REST insert). */
async function submitAsPlatform(who: Talent, project: { projectId: string; roleId: string }) {
  const [row] = await sql<{ id: string }[]>`
    insert into public.submissions (casting_role_id, project_id, talent_id, cover_note)
    values (${project.roleId}, ${project.projectId}, ${who.talentId}, 'via the platform') returning id`;
  return row!.id;
}

async function submit(who: Talent, role: { roleId: string }) {
  const { data, error } = await who.client.from("submissions").insert({ casting_role_id: role.roleId, talent_id: who.talentId, cover_note: `${who.email} applies` }).select("id").single();
  expect(error).toBeNull();
  return data!.id as string;
}

describe("postgres changes", () => {
  it("a casting director sees a new submission to their project within a second, with Supabase's payload", async () => {
    const { channel, got } = changes(await as(cd), `project:${P.projectId}`, [{ event: "INSERT", table: "submissions", filter: `project_id=eq.${P.projectId}` }], { private: true });
    await subscribe(channel);
    const t = talent();
    const started = Date.now();
    const id = await submit(t, P);
    const event = await until(() => got.find((e) => e.new.id === id), "the submission");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event).toMatchObject({ eventType: "INSERT", schema: "public", table: "submissions", errors: null, old: {} });
    expect(event.new).toMatchObject({ id, talent_id: t.talentId, project_id: P.projectId, status: "submitted" });
    expect(Number.isNaN(Date.parse(event.commit_timestamp))).toBe(false);
  });

  it("filters (eq, neq, in, lt, gt) pick events; a talent's own channel sees their status change, old key included", async () => {
    const t = talent();
    const id = await submit(t, P);
    const c = await as(t);
    const mine = changes(c, `talent:${t.talentId}`, [{ event: "UPDATE", table: "submissions", filter: `talent_id=eq.${t.talentId}` }], { private: true });
    await subscribe(mine.channel);
    const others = changes(await as(cd), "filters", [
      { event: "UPDATE", table: "submissions", filter: `status=in.(shortlisted,rejected)` },
      { event: "UPDATE", table: "submissions", filter: `status=neq.shortlisted` },
      { event: "UPDATE", table: "submissions", filter: `created_at=lt.2000-01-01` },
      { event: "UPDATE", table: "submissions", filter: `created_at=gt.2000-01-01` },
    ]);
    await subscribe(others.channel);
    const moved = await cd.client.from("submissions").update({ status: "shortlisted" }).eq("id", id).select("status").single();
    expect(moved.error).toBeNull();
    const event = await until(() => mine.got.find((e) => e.new.id === id), "the status change");
    expect(event.new.status).toBe("shortlisted");
    expect(event.old).toEqual({ id }); // replica identity default: the primary key
    await until(() => others.got.filter((e) => e.new.id === id).length >= 2, "the filtered events");
    // in matched, gt matched; neq and lt did not: two callbacks, no more (the next change proves it)
    const rejected = await cd.client.from("submissions").update({ status: "rejected" }).eq("id", id).select("status").single();
    expect(rejected.error).toBeNull();
    await until(() => others.got.filter((e) => e.new.status === "rejected").length >= 3, "the next change");
    expect(others.got.filter((e) => e.new.status === "shortlisted")).toHaveLength(2);
    expect(others.got.filter((e) => e.new.status === "rejected")).toHaveLength(3);
  });

  it("filter values compare as the column's type (an upper-case uuid, a timestamp written another way); commas join conditions, not. negates", async () => {
    const inAnHour = new Date(Date.now() + 3600_000).toISOString().replace("T", " "); // '2026-12-03 08:40:00.000Z'
    const anHourAgo = new Date(Date.now() - 3600_000).toISOString().replace("T", " ");
    const filters = { upperUuid: `project_id=eq.${P.projectId.toUpperCase()}`, gtInAnHour: `created_at=gt.${inAnHour}`,
      ltAnHourAgo: `created_at=lt.${anHourAgo}`, gteAnHourAgo: `created_at=gte.${anHourAgo}`,
      // conditions joined by commas all hold, and not. negates (realtime-js documents both)
      bothHold: `project_id=eq.${P.projectId},status=not.in.(rejected,withdrawn)`, oneFails: `project_id=eq.${P.projectId},status=not.eq.submitted` };
    const got: Array<[string, unknown]> = [];
    let channel = (await as(cd)).channel("typed-filters");
    for (const [name, filter] of Object.entries(filters)) {
      channel = channel.on("postgres_changes" as never, { event: "INSERT", schema: "public", table: "submissions", filter } as never,
        (e: Change) => got.push([name, e.new.id]));
    }
    await subscribe(channel);
    const id = await submit(talent(), P);
    // the next change proves no other callback was on its way
    const later = await submit(talent(), P);
    await until(() => got.filter(([, i]) => i === later).length >= 3, "the next submission");
    expect(got.filter(([, i]) => i === id).map(([name]) => name).sort()).toEqual(["bothHold", "gteAnHourAgo", "upperUuid"]);
  });

  it("RLS withholds rows: another casting director gets only their own project's submissions", async () => {
    const { channel, got } = changes(await as(cdOther), "other-cd", [{ event: "INSERT", table: "submissions" }]);
    await subscribe(channel);
    const hidden = await submit(talent(), P);
    const visible = await submit(talent(), Q);
    await until(() => got.find((e) => e.new.id === visible), "their own project's submission");
    expect(got.map((e) => e.new.id)).not.toContain(hidden);
  });

  it("RLS withholds columns, and a withdrawn consent stops a profile's events from the next one", async () => {
    // another casting director sees the profile through the talent's consent alone (P's own team
    // would keep seeing it through the submission, until it is withdrawn: docs/applications-and-consent.md)
    const t = talents[0]!;
    const { channel, got } = changes(await as(cdOther), "profiles", [{ event: "UPDATE", table: "talent_profiles", filter: `id=eq.${t.talentId}` }]);
    await subscribe(channel);
    const own = changes(await as(t), "own-profile", [{ event: "UPDATE", table: "talent_profiles", filter: `id=eq.${t.talentId}` }]);
    await subscribe(own.channel);
    await sql`update public.talent_profiles set bio = 'First bio', date_of_birth = '1999-04-01', guardian_name = 'Hidden' where id = ${t.talentId}`;
    const first = await until(() => got.find((e) => e.new.bio === "First bio"), "the first bio");
    for (const hiddenColumn of ["date_of_birth", "guardian_name", "guardian_phone", "guardian_email", "guardian_consent_at", "erased_at"]) {
      expect(first.new).not.toHaveProperty(hiddenColumn);
    }
    expect(first.new).toMatchObject({ id: t.talentId, stage_name: `${"rttalent0"} talent` });
    const withdrawn = await t.client.from("consents").update({ withdrawn_at: new Date().toISOString() })
      .eq("purpose", "casting_visibility").is("withdrawn_at", null).select("id");
    expect(withdrawn.error).toBeNull();
    await sql`update public.talent_profiles set bio = 'After withdrawal' where id = ${t.talentId}`;
    // the talent sees their own change (and so this one was delivered in order) ...
    await until(() => own.got.find((e) => e.new.bio === "After withdrawal"), "the talent's own event");
    // ... the other casting director, after the change that hid the profile, nothing more
    await sql`update public.talent_profiles set bio = 'Still hidden' where id = ${t.talentId}`;
    await until(() => own.got.find((e) => e.new.bio === "Still hidden"), "the talent's own second event");
    expect(got.map((e) => e.new.bio).filter((b) => b !== "First bio")).toEqual([]);
  });

  it("an NDA not yet accepted, and a revoked membership, stop delivery from the next event", async () => {
    const publish = async (body: string) => expect((await cd.client.from("project_ndas").insert({ project_id: C.projectId, body })).error).toBeNull();
    const accept = async (version: number) => expect((await associate.client.from("nda_acceptances").insert({ project_id: C.projectId, version })).error).toBeNull();
    await publish("Realtime Secret stays secret: no posts, no talk.");
    await accept(1);
    const { channel, got } = changes(await as(associate), "secret", [{ event: "INSERT", table: "submissions", filter: `project_id=eq.${C.projectId}` }]);
    await subscribe(channel);
    // The owner sees every submission. A change is checked for all its subscribers at once, after
    // its commit, so once the owner has a withheld one, the associate's check of it is done and
    // their access may change (otherwise the check could see the access that came after).
    const owner = changes(await as(cd), "secret-owner", [{ event: "INSERT", table: "submissions", filter: `project_id=eq.${C.projectId}` }]);
    await subscribe(owner.channel);
    const checked = (id: string | undefined, what: string) => until(() => owner.got.find((e) => e.new.id === id), what);
    const ids = [await submitAsPlatform(talent(), C)];
    await until(() => got.length === 1, "the submission under the accepted NDA");
    await publish("Version two: the cast list is secret too, as is the budget.");
    ids.push(await submitAsPlatform(talent(), C)); // version 2 not yet accepted: withheld
    await checked(ids[1], "the owner's copy of the submission under version 2");
    await accept(2);
    ids.push(await submitAsPlatform(talent(), C));
    await until(() => got.find((e) => e.new.id === ids[2]), "the submission after accepting version 2");
    const removed = await cd.client.from("project_members").delete().eq("project_id", C.projectId).eq("user_id", associate.userId).select("user_id");
    expect(removed.data).toHaveLength(1);
    ids.push(await submitAsPlatform(talent(), C)); // no longer a member: withheld
    await checked(ids[3], "the owner's copy of the submission while the associate was out");
    const readded = await cd.client.from("project_members").insert({ project_id: C.projectId, user_id: associate.userId, project_role: "associate" });
    expect(readded.error).toBeNull();
    ids.push(await submitAsPlatform(talent(), C));
    await until(() => got.find((e) => e.new.id === ids[4]), "the submission after re-joining");
    expect(got.map((e) => e.new.id)).toEqual([ids[0], ids[2], ids[4]]);
  });

  it("a DELETE reaches only those who could read the row; rolled-back writes never appear; commit order holds", async () => {
    const item = await sql<{ id: string }[]>`
      insert into public.shortlists (project_id, casting_role_id, name) values (${P.projectId}, ${P.roleId}, 'RT list') returning id`;
    const shortlistId = item[0]!.id;
    const items = await sql<{ id: string }[]>`
      insert into public.shortlist_items (shortlist_id, project_id, casting_role_id, talent_id, added_by)
      values (${shortlistId}, ${P.projectId}, ${P.roleId}, ${talents[0]!.talentId}, ${cd.userId}) returning id`;
    const member = changes(await as(viewer), "votes-member", [{ event: "*", table: "shortlist_votes" }]);
    const outsider = changes(await as(cdOther), "votes-outsider", [{ event: "DELETE", table: "shortlist_votes" }]);
    await Promise.all([subscribe(member.channel), subscribe(outsider.channel)]);
    const vote = await viewer.client.from("shortlist_votes").insert({ shortlist_item_id: items[0]!.id, vote: 1, comment: "yes" }).select("id").single();
    expect(vote.error).toBeNull();
    await sql.begin(async (tx) => {
      await tx`update public.shortlist_votes set comment = 'rolled back' where id = ${vote.data!.id}`;
      await tx`select 1/0`;
    }).catch(() => {});
    for (const comment of ["one", "two", "three"]) await sql`update public.shortlist_votes set comment = ${comment} where id = ${vote.data!.id}`;
    const gone = await viewer.client.from("shortlist_votes").delete().eq("id", vote.data!.id).select("id");
    expect(gone.data).toHaveLength(1);
    const deleted = await until(() => member.got.find((e) => e.eventType === "DELETE"), "the member's delete");
    expect(deleted.old).toMatchObject({ id: vote.data!.id, shortlist_item_id: items[0]!.id, comment: "three" }); // replica identity full
    expect(member.got.map((e) => e.eventType === "UPDATE" ? e.new.comment : e.eventType)).toEqual(["INSERT", "one", "two", "three", "DELETE"]);
    // The outsider could never read the vote: their next delivered delete is one of their own project's.
    const theirs = await sql<{ id: string }[]>`
      with s as (insert into public.shortlists (project_id, casting_role_id, name) values (${Q.projectId}, ${Q.roleId}, 'Q list') returning id),
           i as (insert into public.shortlist_items (shortlist_id, project_id, casting_role_id, talent_id, added_by)
                 select s.id, ${Q.projectId}, ${Q.roleId}, ${talents[0]!.talentId}, ${cdOther.userId} from s returning id)
      insert into public.shortlist_votes (shortlist_item_id, project_id, user_id, vote) select i.id, ${Q.projectId}, ${cdOther.userId}, 1 from i returning id`;
    await sql`delete from public.shortlist_votes where id = ${theirs[0]!.id}`;
    await until(() => outsider.got.length > 0, "the outsider's own delete");
    expect(outsider.got.map((e) => e.old.id)).toEqual([theirs[0]!.id]);
  });

  it("speaks vsn 1.0.0 (JSON objects) as well", async () => {
    const { channel, got } = changes(await as(cd, "1.0.0"), "json-serializer", [{ event: "INSERT", table: "submissions", filter: `project_id=eq.${P.projectId}` }]);
    await subscribe(channel);
    const id = await submit(talent(), P);
    await until(() => got.find((e) => e.new.id === id), "the submission over vsn 1.0.0");
  });

  it("a subscription Supabase refuses gets its system error; with postgres_changes_options.wait the join itself fails", async () => {
    // (a client per channel: supabase-js joins later channels with the key once a token set by
    // setAuth() meets its session callback, and this test is about the casting director's role)
    const refused = async (sub: { event: string; table: string; filter?: string }) => {
      const { channel } = changes(await as(cd), `refused-${Math.random()}`, [sub]);
      const system: Array<{ extension: string; status: string; message: string }> = [];
      channel.on("system" as never, {} as never, (p: (typeof system)[number]) => system.push(p));
      await subscribe(channel);
      return (await until(() => system.find((m) => m.extension === "postgres_changes"), "the system message")).message;
    };
    const enabled = "Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters:";
    const exception = "Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters:";
    // a table that exists but is not in publication supabase_realtime, and one that does not exist
    expect(await refused({ event: "*", table: "projects" })).toMatch(new RegExp(`^${literal(enabled)} \\[event: \\*, schema: public, table: projects`));
    expect(await refused({ event: "INSERT", table: "no_such_table" })).toContain(enabled);
    // a column the subscriber may not SELECT is no column to them (its value would leak through the filter)
    expect(await refused({ event: "UPDATE", table: "talent_profiles", filter: "date_of_birth=lt.2008-01-01" }))
      .toMatch(new RegExp(`^${literal(exception)} .*\\. Exception: invalid column for filter date_of_birth$`));
    expect(await refused({ event: "INSERT", table: "submissions", filter: "nope=eq.1" })).toMatch(/Exception: invalid column for filter nope$/);
    expect(await refused({ event: "INSERT", table: "submissions", filter: "project_id=eq.not-a-uuid" })).toMatch(/Exception: invalid input syntax for type uuid: "not-a-uuid"$/);
    expect(await refused({ event: "INSERT", table: "submissions", filter: "status=like.sub%" })).toBe('Error parsing `filter` params: ["like", "sub%"]');
    // the readable column of the same table is fine
    expect(await refused({ event: "UPDATE", table: "talent_profiles", filter: "city=eq.Mumbai" })).toBe("Subscribed to PostgreSQL");

    const waiting = async (table: string) => new Promise<string>((resolve) => void as(cd).then((c) => c.channel(`waiting-${Math.random()}`, { config: { postgres_changes_options: { wait: true } } as never })
        .on("postgres_changes" as never, { event: "INSERT", schema: "public", table } as never, () => {})
        .subscribe((status, error) => resolve(status === "SUBSCRIBED" ? status : `${status}: ${error?.message}`))));
    expect(await waiting("projects")).toMatch(new RegExp(`^CHANNEL_ERROR: RealtimeDisabledForConfiguration: ${literal(enabled)}`));
    expect(await waiting("submissions")).toBe("SUBSCRIBED");
  });
});

describe("broadcast", () => {
  it("self and ack, JSON and binary payloads, across serializers", async () => {
    const a = (await realtime(null));
    const b = await realtime(null, "1.0.0");
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    const chA = a.channel("lobby", { config: { broadcast: { self: true, ack: true } } }).on("broadcast", { event: "*" }, (m) => seenA.push(m));
    const chB = b.channel("lobby").on("broadcast", { event: "cue" }, (m) => seenB.push(m));
    await Promise.all([subscribe(chA), subscribe(chB)]);
    expect(await chA.send({ type: "broadcast", event: "cue", payload: { take: 1 } })).toBe("ok");
    await until(() => seenA.length === 1 && seenB.length === 1, "both copies");
    expect(seenA[0]).toMatchObject({ type: "broadcast", event: "cue", payload: { take: 1 } });
    expect(seenB[0]).toMatchObject({ type: "broadcast", event: "cue", payload: { take: 1 } });
    // without self, the sender does not hear itself
    const c = (await realtime(null));
    const seenC: unknown[] = [];
    const chC = c.channel("lobby").on("broadcast", { event: "*" }, (m) => seenC.push(m));
    await subscribe(chC);
    await chC.send({ type: "broadcast", event: "cue", payload: { take: 2 } });
    await until(() => seenA.length === 2, "A hears C");
    expect(seenC).toEqual([]);
    // bytes travel as bytes to vsn 2.0.0 clients
    await chC.send({ type: "broadcast", event: "blob", payload: new Uint8Array([1, 2, 3]).buffer });
    const blob = await until(() => seenA.find((m) => (m as { event: string }).event === "blob"), "the binary broadcast") as { payload: ArrayBuffer };
    expect([...new Uint8Array(blob.payload)]).toEqual([1, 2, 3]);
  });

  it("the REST API broadcasts (batch and httpSend); realtime.send() and broadcast_changes() from SQL reach subscribers", async () => {
    const listener = (await realtime(null));
    const seen: Array<{ event: string; payload: Record<string, unknown> }> = [];
    const ch = listener.channel("newsroom").on("broadcast", { event: "*" }, (m) => seen.push(m as never));
    await subscribe(ch);
    const batch = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
      method: "POST", headers: { apikey: stack.publishableKey, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ topic: "newsroom", event: "rest", payload: { n: 1 } }] }),
    });
    expect(batch.status).toBe(202);
    const sender = (await realtime(null));
    expect(await sender.channel("newsroom").httpSend("http-send", { n: 2 })).toEqual({ success: true });
    await sql`select realtime.send(${sql.json({ n: 3 })}, 'from-sql', 'newsroom', false)`;
    await until(() => seen.length === 3, "three broadcasts");
    expect(seen.map((m) => [m.event, m.payload.n])).toEqual([["rest", 1], ["http-send", 2], ["from-sql", 3]]);
    const bad = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
      method: "POST", headers: { apikey: stack.publishableKey, "content-type": "application/json" }, body: JSON.stringify({ messages: [{ event: "x" }] }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/messages\[0\]\.topic/);
    const noKey = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);

    // broadcast_changes() in a trigger, to a private topic the service role may read
    await sql.unsafe(`
      create schema if not exists rt_test;
      create table if not exists rt_test.cues (id int primary key, label text);
      create or replace function rt_test.cue_changed() returns trigger language plpgsql as $$
      begin
        perform realtime.broadcast_changes('cues:' || new.id, tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
        return null;
      end $$;
      drop trigger if exists cue_changed on rt_test.cues;
      create trigger cue_changed after insert or update on rt_test.cues for each row execute function rt_test.cue_changed();`);
    const service = (await realtime(stack.secretKey));
    const cues: Array<{ event: string; payload: Record<string, unknown> }> = [];
    const cueChannel = service.channel("cues:7", { config: { private: true } }).on("broadcast", { event: "INSERT" }, (m) => cues.push(m as never));
    await subscribe(cueChannel);
    await sql`insert into rt_test.cues values (7, 'lights') on conflict (id) do nothing`;
    const cue = await until(() => cues[0], "the trigger's broadcast");
    expect(cue.payload).toMatchObject({ operation: "INSERT", table: "cues", schema: "rt_test", record: { id: 7, label: "lights" } });
  });
});

describe("presence", () => {
  it("sync, join and leave between two clients", async () => {
    const a = (await realtime(null));
    const b = (await realtime(null));
    const joins: string[] = [];
    const leaves: string[] = [];
    const chA = a.channel("green-room", { config: { presence: { key: "asha" } } })
      .on("presence", { event: "join" }, ({ key }) => joins.push(key))
      .on("presence", { event: "leave" }, ({ key }) => leaves.push(key));
    await subscribe(chA);
    await chA.track({ mood: "ready" });
    const chB = b.channel("green-room", { config: { presence: { key: "ravi" } } }).on("presence", { event: "sync" }, () => {});
    await subscribe(chB);
    await until(() => Object.keys(chB.presenceState()).includes("asha"), "B sees A");
    expect(chB.presenceState().asha).toEqual([expect.objectContaining({ mood: "ready" })]);
    await chB.track({ mood: "nervous" });
    await until(() => joins.includes("ravi"), "A sees B join");
    expect(Object.keys(chA.presenceState()).sort()).toEqual(["asha", "ravi"]);
    await b.removeChannel(chB);
    await until(() => leaves.includes("ravi"), "A sees B leave");
    expect(Object.keys(chA.presenceState())).toEqual(["asha"]);
  });
});

describe("private channels", () => {
  it("a project's channel admits its casting team and refuses others with Supabase's reason", async () => {
    await subscribe((await as(cd)).channel(`project:${P.projectId}`, { config: { private: true } }));
    await expect(subscribe((await as(cdOther)).channel(`project:${P.projectId}`, { config: { private: true } })))
      .rejects.toThrow(`Unauthorized: You do not have permissions to read from this Channel topic: project:${P.projectId}`);
    await expect(subscribe((await realtime(null)).channel(`project:${P.projectId}`, { config: { private: true } })))
      .rejects.toThrow(/Unauthorized/);
    // a talent's own channel: the talent, not a casting director
    const t = talents[1]!;
    await subscribe((await as(t)).channel(`talent:${t.talentId}`, { config: { private: true } }));
    await expect(subscribe((await as(cd)).channel(`talent:${t.talentId}`, { config: { private: true } }))).rejects.toThrow(/Unauthorized/);
  });

  it("a shortlist review room: members see who is present and hear votes; non-members are refused", async () => {
    const [list] = await sql<{ id: string }[]>`
      insert into public.shortlists (project_id, casting_role_id, name) values (${P.projectId}, ${P.roleId}, 'Room') returning id`;
    const topic = `shortlist:${list!.id}`;
    const room = async (who: Person) => (await as(who)).channel(topic, { config: { private: true, presence: { key: who.userId }, broadcast: { ack: true } } });
    const chCd = await room(cd);
    const votes: unknown[] = [];
    const chViewer = (await room(viewer)).on("broadcast", { event: "vote" }, (m) => votes.push(m.payload))
      .on("presence", { event: "sync" }, () => {});
    await Promise.all([subscribe(chCd), subscribe(chViewer)]);
    expect(await chCd.track({ name: "cd" })).toBe("ok");
    await until(() => chViewer.presenceState()[cd.userId], "the viewer sees the casting director present");
    expect(await chCd.send({ type: "broadcast", event: "vote", payload: { talent: 1, vote: "yes" } })).toBe("ok");
    await until(() => votes.length === 1, "the vote");
    await expect(subscribe(await room(cdOther))).rejects.toThrow(/Unauthorized/);
  });

  it("a public channel of the same name is another room", async () => {
    const secret: unknown[] = [];
    const priv = (await as(cd)).channel(`project:${P.projectId}`, { config: { private: true } }).on("broadcast", { event: "*" }, (m) => secret.push(m));
    await subscribe(priv);
    const pub = (await realtime(null)).channel(`project:${P.projectId}`, { config: { broadcast: { self: true, ack: true } } });
    const heard: unknown[] = [];
    pub.on("broadcast", { event: "*" }, (m) => heard.push(m));
    await subscribe(pub);
    await pub.send({ type: "broadcast", event: "spam", payload: {} });
    await until(() => heard.length === 1, "the public echo");
    expect(secret).toEqual([]);
  });
});

describe("tokens", () => {
  it("a refreshed token is verified again: a bad one closes the channel with a system message", async () => {
    let token = await signJwt(stack.jwtSecret, { sub: cd.userId, role: "authenticated", aud: "authenticated" }, 3600);
    const c = await realtime(token);
    const system: Array<{ status: string; message: string }> = [];
    const ch = c.channel("refresh").on("system", {}, (m) => system.push(m));
    await subscribe(ch);
    token = await signJwt(stack.jwtSecret, { sub: cd.userId, role: "authenticated", aud: "authenticated" }, 7200);
    await c.realtime.setAuth(token);
    token = await signJwt("not the project's secret at all, no", { sub: cd.userId, role: "authenticated" }, 3600);
    await c.realtime.setAuth(token);
    const closed = await until(() => system.find((m) => m.status === "error"), "the system error");
    expect(closed.message).toBe("JwtSignatureError: Failed to validate JWT signature");
    await until(() => ch.state === "closed", "the channel to close");
  });

  it("an expired token is refused at join; a channel closes when its token expires", async () => {
    const expired = await signJwt(stack.jwtSecret, { sub: cd.userId, role: "authenticated" }, -30);
    await expect(subscribe((await realtime(expired)).channel("late"))).rejects.toThrow(/InvalidJWTToken: Token has expired \d+ seconds ago/);
    const short = await signJwt(stack.jwtSecret, { sub: cd.userId, role: "authenticated" }, 2);
    const c = await realtime(short);
    const system: Array<{ status: string; message: string }> = [];
    const ch = c.channel("short-lived").on("system", {}, (m) => system.push(m));
    await subscribe(ch);
    const closed = await until(() => system.find((m) => m.status === "error"), "the expiry", 15_000);
    expect(closed.message).toMatch(/^Token has expired \d+ seconds ago$/);
  });
});

describe("protocol and limits", () => {
  function rawSocket(vsn: "1.0.0" | "2.0.0", apikey = stack.publishableKey) {
    const url = `${stack.apiUrl.replace(/^http/, "ws")}/realtime/v1/websocket?apikey=${encodeURIComponent(apikey)}&vsn=${vsn}`;
    const ws = new WebSocket(url);
    const frames: unknown[] = [];
    ws.on("message", (data, binary) => { if (!binary) frames.push(JSON.parse(data.toString())); });
    return { ws, frames, open: new Promise<void>((resolve, reject) => { ws.once("open", () => resolve()); ws.once("unexpected-response", (_q, res) => reject(new Error(String(res.statusCode)))); }) };
  }

  it("heartbeats, unmatched topics and a wrong apikey", async () => {
    const s = rawSocket("2.0.0");
    await s.open;
    s.ws.send(JSON.stringify([null, "1", "phoenix", "heartbeat", {}]));
    s.ws.send(JSON.stringify(["9", "2", "realtime:nowhere", "broadcast", { type: "broadcast", event: "x", payload: {} }]));
    await until(() => s.frames.length === 2, "two replies");
    expect(s.frames).toEqual([
      [null, "1", "phoenix", "phx_reply", { status: "ok", response: {} }],
      ["9", "2", "realtime:nowhere", "phx_reply", { status: "error", response: { reason: "unmatched topic" } }],
    ]);
    s.ws.send(JSON.stringify(["3", "3", "realtime:", "phx_join", { config: {} }]));
    await until(() => s.frames.length === 3, "the join reply");
    expect(s.frames[2]).toEqual(["3", "3", "realtime:", "phx_reply", { status: "error", response: { reason: "TopicNameRequired: You must provide a topic name" } }]);
    s.ws.close();
    await expect(rawSocket("2.0.0", "sb_publishable_wrong").open).rejects.toThrow("401");
  });

  it("odd joins: a topic outside realtime:, private as the string \"true\", a null postgres_changes entry", async () => {
    const s = rawSocket("2.0.0");
    await s.open;
    s.ws.send(JSON.stringify(["1", "1", "lobby", "phx_join", { config: {} }]));
    s.ws.send(JSON.stringify(["2", "2", `realtime:project:${C.projectId}`, "phx_join", { config: { private: "true" } }]));
    s.ws.send(JSON.stringify(["3", "3", "realtime:nulls", "phx_join", { config: { postgres_changes: [null, { event: "INSERT", schema: "public", table: "offers" }] } }]));
    await until(() => s.frames.filter((f) => (f as unknown[])[3] === "phx_reply").length === 3, "three replies");
    const reply = (ref: string) => (s.frames.find((f) => (f as unknown[])[1] === ref) as unknown[])[4];
    expect(reply("1")).toEqual({ status: "error", response: { reason: "unmatched topic" } });
    // (as anon: not a reader of the confidential project's channel, so not let into it as public either)
    expect(reply("2")).toEqual({ status: "error", response: { reason: `Unauthorized: You do not have permissions to read from this Channel topic: project:${C.projectId}` } });
    expect(reply("3")).toEqual({ status: "ok", response: { postgres_changes: [{ event: "INSERT", schema: "public", table: "offers", id: expect.any(Number) }] } });
    s.ws.close();
  });

  it("joins with vsn 1.0.0 objects and leaves with phx_close", async () => {
    const s = rawSocket("1.0.0");
    await s.open;
    s.ws.send(JSON.stringify({ join_ref: "1", ref: "1", topic: "realtime:objects", event: "phx_join", payload: { config: { postgres_changes: [{ event: "*", schema: "public", table: "offers" }] } } }));
    await until(() => s.frames.length >= 2, "the join reply and the system message");
    expect(s.frames[0]).toMatchObject({ join_ref: "1", ref: "1", topic: "realtime:objects", event: "phx_reply", payload: { status: "ok", response: { postgres_changes: [{ event: "*", schema: "public", table: "offers", id: expect.any(Number) }] } } });
    expect(s.frames[1]).toMatchObject({ event: "system", payload: { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: "objects" } });
    s.ws.send(JSON.stringify({ join_ref: "1", ref: "2", topic: "realtime:objects", event: "phx_leave", payload: {} }));
    await until(() => s.frames.length >= 4, "the leave");
    expect(s.frames.slice(2)).toMatchObject([{ event: "phx_reply", ref: "2", payload: { status: "ok" } }, { event: "phx_close", join_ref: "1" }]);
    s.ws.close();
  });

  it("channels per connection, payload size and messages per second answer as Supabase does", async () => {
    const s = rawSocket("2.0.0");
    await s.open;
    const replies = () => s.frames.filter((f) => (f as unknown[])[3] === "phx_reply") as Array<[string, string, string, string, { status: string; response: { reason?: string } }]>;
    // 100 channels fit (joined over two seconds, under the 100 joins per second); the 101st does not
    for (let i = 0; i < 100; i++) {
      s.ws.send(JSON.stringify([`${i}`, `${i}`, `realtime:many-${i}`, "phx_join", { config: {} }]));
      if (i === 49) await until(() => replies().length === 50, "the first fifty").then(() => new Promise((r) => setTimeout(r, 1000)));
    }
    await until(() => replies().length === 100, "a hundred joins");
    expect(replies().every(([, , , , p]) => p.status === "ok")).toBe(true);
    s.ws.send(JSON.stringify(["x", "x", "realtime:one-too-many", "phx_join", { config: {} }]));
    await until(() => replies().length === 101, "the refusal");
    expect(replies()[100]![4]).toEqual({ status: "error", response: { reason: "ChannelRateLimitReached: Too many channels" } });

    s.ws.close();
    const big = "x".repeat(3000 * 1024 + 10);

    const t = rawSocket("2.0.0");
    await t.open;
    t.ws.send(JSON.stringify(["1", "1", "realtime:chatty", "phx_join", { config: { broadcast: { ack: true } } }]));
    await until(() => t.frames.length === 1, "the join");
    t.ws.send(JSON.stringify(["1", "big", "realtime:chatty", "broadcast", { type: "broadcast", event: "big", payload: { big } }]));
    await until(() => t.frames.length === 2, "the size refusal");
    expect(t.frames[1]).toEqual(["1", "big", "realtime:chatty", "phx_reply", { status: "error", response: "payload_size_exceeded" }]);
    // (250 in a burst: however a second's boundary splits them, one side has more than 100)
    for (let i = 0; i < 250; i++) t.ws.send(JSON.stringify(["1", `m${i}`, "realtime:chatty", "broadcast", { type: "broadcast", event: "m", payload: {} }]));
    const shut = await until(() => t.frames.find((f) => (f as unknown[])[3] === "system"), "the shutdown");
    expect(shut).toEqual(["1", null, "realtime:chatty", "system", { extension: "system", status: "error", message: "Too many messages per second", channel: "chatty" }]);
    await until(() => t.frames.find((f) => (f as unknown[])[3] === "phx_close"), "phx_close");
    t.ws.close();
  });

  it("joins per second: past the limit the join is refused and the socket closed", async () => {
    const s = rawSocket("2.0.0");
    await s.open;
    const closed = new Promise<void>((resolve) => s.ws.once("close", () => resolve()));
    // wait for the start of a second so that all joins fall in one window
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
    for (let i = 0; i < 101; i++) s.ws.send(JSON.stringify([`${i}`, `${i}`, `realtime:burst-${i % 90}`, "phx_join", { config: {} }]));
    const refused = await until(() => s.frames.find((f) => ((f as unknown[])[4] as { status?: string })?.status === "error"), "the refusal");
    expect((refused as unknown[])[4]).toEqual({ status: "error", response: { reason: "ClientJoinRateLimitReached: Too many joins per second" } });
    await closed;
  });
});
