// A full casting call over the real API, as each persona's app drives it: a casting director
// posts a role, 50 talent submit through the submit function, 30 race for 10 audition seats,
// a late self-tape is refused, a callback reuses a slot, an offer is refused over budget and
// then accepted, the budget moves, a shortlist is shared and voted on, notifications are
// emailed; and every forbidden move is refused with the right status.
import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { client } from "../support/clients.ts";
import { callFunction } from "../support/functions.ts";
import { waitForEmail } from "../support/mailbox.ts";
import { accessToken, signIn } from "../support/personas.ts";

const stack = inject("stack");
let raceProject: string;
const APPLICANTS = 50;
const RACERS = 30;
const SEATS = 10;

type Talent = { client: SupabaseClient; talentId: string; submissionId: string; email: string };
let cd: SupabaseClient;
let producer: SupabaseClient;
let roleId: string;
let talent: Talent[] = [];

async function newTalentWithoutSubmission(i: number): Promise<Omit<Talent, "submissionId">> {
  const c = client(stack.apiUrl, stack.publishableKey);
  const email = `racer.${Date.now()}.${i}@test.castmatch`;
  const signUp = await c.auth.signUp({ email, password: "correct horse battery", options: { data: { requested_role: "talent" } } });
  if (signUp.error) throw signUp.error;
  // they agree to be shown to casting teams, as the sign-up screen asks (sql/15_consent.sql)
  const consent = await c.from("consents").insert({ purpose: "casting_visibility", notice_version: 1 });
  if (consent.error) throw consent.error;
  const profile = await c.from("talent_profiles")
    .insert({ user_id: signUp.data.user!.id, stage_name: `Racer ${i}`, gender: "female", playing_age_min: 20, playing_age_max: 30 })
    .select("id").single();
  if (profile.error) throw profile.error;
  return { client: c, talentId: profile.data.id, email };
}


async function submitVia(who: SupabaseClient, body: unknown, key?: string) {
  const answer = await callFunction(stack, "submit", body, await accessToken(who), { headers: key ? { "idempotency-key": key } : {} });
  return { ...answer, replayed: answer.headers.get("idempotency-replayed") };
}

beforeAll(async () => {
  cd = await signIn(stack, "casting_director");
  producer = await signIn(stack, "producer");
  // a project of its own, so the seeded world other test files count stays as seeded
  const made = await cd.from("projects").insert({ title: "Race Nights", status: "casting" }).select("id").single();
  if (made.error) throw made.error;
  raceProject = made.data.id;
  await cd.from("project_members").insert({ project_id: raceProject, user_id: (await producer.auth.getUser()).data.user!.id, project_role: "producer" });
  const line = await cd.from("budget_lines").insert({ project_id: raceProject, category: "cast", amount_paise: 10_000_000 });
  if (line.error) throw line.error;
  const role = await cd.from("casting_roles")
    .insert({ project_id: raceProject, name: "Party girl (race)", status: "open", submission_deadline: new Date(Date.now() + 86_400_000).toISOString() })
    .select("id").single();
  if (role.error) throw role.error;
  roleId = role.data.id;
  const applicants = await Promise.all(Array.from({ length: APPLICANTS }, (_, i) => newTalentWithoutSubmission(i)));
  const submitted = await Promise.all(applicants.map((t, i) =>
    submitVia(t.client, { casting_role_id: roleId, talent_id: t.talentId, cover_note: `Applicant ${i}` }, `apply-${i}`)));
  expect(submitted.map((r) => r.status)).toEqual(new Array(APPLICANTS).fill(201));
  talent = applicants.slice(0, RACERS).map((t, i) => ({ ...t, submissionId: submitted[i]!.body.submission.id as string }));
}, 180_000);

describe("auditions under concurrency", () => {
  it(`${RACERS} talent race for ${SEATS} seats and exactly ${SEATS} get one`, async () => {
    const moved = await cd.from("submissions").update({ status: "audition_requested" }).in("id", talent.map((t) => t.submissionId)).select("id");
    expect(moved.data).toHaveLength(RACERS);
    const slot = await cd.from("audition_slots")
      .insert({ casting_role_id: roleId, starts_at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
                ends_at: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString(), capacity: SEATS, location: "Andheri West" })
      .select("id").single();
    expect(slot.error).toBeNull();
    const attempts = await Promise.all(talent.map((t) =>
      t.client.from("audition_bookings").insert({ slot_id: slot.data!.id, talent_id: t.talentId }).select("id")));
    const won = attempts.filter((a) => !a.error);
    const lost = attempts.filter((a) => a.error);
    expect(won).toHaveLength(SEATS);
    expect(lost.every((a) => a.status === 400 && /slot is full/.test(a.error!.message))).toBe(true);
    const booked = await cd.from("audition_bookings").select("id").eq("slot_id", slot.data!.id).eq("status", "booked");
    expect(booked.data).toHaveLength(SEATS);

    // rescheduling is one step: into a free later slot it works; into a full one nothing changes
    const winner = talent[attempts.findIndex((a) => !a.error)]!;
    const mine = await winner.client.from("audition_bookings").select("id").eq("slot_id", slot.data!.id).single();
    const later = await cd.from("audition_slots")
      .insert({ casting_role_id: roleId, starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
                ends_at: new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString(), capacity: 1, location: "Bandra" })
      .select("id").single();
    const rescheduled = await winner.client.rpc("reschedule_booking", { booking_id: mine.data!.id, new_slot_id: later.data!.id });
    expect(rescheduled.error).toBeNull();
    const loser = talent.find((t, i) => !attempts[i]!.error && t !== winner)!;
    const theirs = await loser.client.from("audition_bookings").select("id").eq("slot_id", slot.data!.id).single();
    const refused = await loser.client.rpc("reschedule_booking", { booking_id: theirs.data!.id, new_slot_id: later.data!.id });
    expect([refused.status, /slot is full/.test(refused.error?.message ?? "")]).toEqual([400, true]);
    const kept = await loser.client.from("audition_bookings").select("status").eq("id", theirs.data!.id).single();
    expect(kept.data!.status).toBe("booked");
  });
});

describe("self-tapes and callbacks", () => {
  it("refuses a self-tape that arrives after its due time", async () => {
    const t = talent[RACERS - 1]!;
    const request = await cd.from("self_tape_requests")
      .insert({ casting_role_id: roleId, talent_id: t.talentId, instructions: "Scene 2, one take", due_at: new Date(Date.now() + 3_600_000).toISOString() })
      .select("id").single();
    expect(request.error).toBeNull();
    const path = `${t.talentId}/${request.data!.id}/scene-2.mp4`;
    const video = Buffer.from("\0\0\0\x18ftypisom\0\0\x02\0isommp41", "latin1");
    const file = await t.client.storage.from("self-tapes").upload(path, video, { contentType: "video/mp4" });
    expect(file.error).toBeNull();
    const tape = await t.client.from("talent_media")
      .insert({ talent_id: t.talentId, kind: "self_tape", bucket: "self-tapes", storage_path: path }).select("id").single();
    expect(tape.error).toBeNull();
    // The due time passes (the casting team moves it into the past: no waiting on the clock).
    const passed = await cd.from("self_tape_requests").update({ due_at: new Date(Date.now() - 60_000).toISOString() }).eq("id", request.data!.id).select("id");
    expect(passed.error).toBeNull();
    expect(passed.data).toHaveLength(1);
    const late = await t.client.from("self_tape_requests").update({ media_id: tape.data!.id, status: "submitted" }).eq("id", request.data!.id).select("id");
    expect(late.status).toBe(400);
    expect(late.error!.message).toMatch(/late uploads are refused/);
  });

  it("calls talent back into a new slot of the same role", async () => {
    const t = talent[RACERS - 2]!;
    const back = await cd.from("submissions").update({ status: "callback" }).eq("id", t.submissionId).select("status").single();
    expect(back.data!.status).toBe("callback");
    const slot = await cd.from("audition_slots")
      .insert({ casting_role_id: roleId, starts_at: new Date(Date.now() + 5 * 86_400_000).toISOString(),
                ends_at: new Date(Date.now() + 5 * 86_400_000 + 1_800_000).toISOString(), capacity: 2, location: "Zoom link" })
      .select("id").single();
    const booking = await t.client.from("audition_bookings").insert({ slot_id: slot.data!.id, talent_id: t.talentId }).select("id");
    expect(booking.error).toBeNull();
    // a talent who was never invited sees no slot and cannot book one
    const outsider = await newTalentWithoutSubmission(200);
    const sneak = await outsider.client.from("audition_bookings").insert({ slot_id: slot.data!.id, talent_id: outsider.talentId }).select("id");
    expect(sneak.status).toBe(403);
  });
});

describe("offers and the budget", () => {
  it("refuses an over-budget offer, then books the role on acceptance and commits the fee", async () => {
    const [first, second] = talent as [Talent, Talent];
    const before = await producer.rpc("budget_status");
    const project = () => (before.data as Array<{ project_id: string; budgeted_paise: number; committed_paise: number; offered_paise: number }>)
      .find((p) => p.project_id === raceProject)!;
    const room = project().budgeted_paise - project().committed_paise - project().offered_paise;

    const tooMuch = await cd.from("offers").insert({ submission_id: first.submissionId, fee_paise: room + 1 }).select("id");
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.error!.message).toMatch(/against a budget of/);

    const offer = await cd.from("offers").insert({ submission_id: first.submissionId, fee_paise: 5_000_000, terms: "3 shoot days" }).select("id").single();
    expect(offer.error).toBeNull();
    // someone else's talent cannot answer it
    const stolen = await second.client.rpc("respond_to_offer", { offer_id: offer.data!.id, accept: true });
    expect(stolen.status).toBe(404);
    const accepted = await first.client.rpc("respond_to_offer", { offer_id: offer.data!.id, accept: true });
    expect(accepted.data).toBe("accepted");
    const submission = await first.client.from("submissions").select("status").eq("id", first.submissionId).single();
    expect(submission.data!.status).toBe("booked");
    const notified = await first.client.from("notifications").select("title, data").eq("kind", "submission.status");
    expect(notified.data!.map((n) => (n.data as { to: string }).to)).toEqual(expect.arrayContaining(["audition_requested", "offered", "booked"]));

    const after = await producer.rpc("budget_status");
    const now = (after.data as Array<{ project_id: string; committed_paise: number }>).find((p) => p.project_id === raceProject)!;
    expect(now.committed_paise - project().committed_paise).toBe(5_000_000);
  });

  it("refuses forbidden moves with the right status", async () => {
    const third = talent[2]!;
    // talent move their own submission forward: 403
    const selfPromote = await third.client.from("submissions").update({ status: "shortlisted" }).eq("id", third.submissionId).select("id");
    expect(selfPromote.status).toBe(403);
    // the casting team books by hand: 400 naming the rule
    const handBooked = await cd.from("submissions").update({ status: "booked" }).eq("id", third.submissionId).select("id");
    expect(handBooked.status).toBe(400);
    expect(handBooked.error!.message).toBe("a submission cannot move from audition_requested to booked");
    // a producer makes no offers: 403
    const producerOffer = await producer.from("offers").insert({ submission_id: third.submissionId, fee_paise: 100 }).select("id");
    expect(producerOffer.status).toBe(403);
    // talent do not see other talent's offers
    const peek = await third.client.from("offers").select("id");
    expect(peek.data).toEqual([]);
  });
});

describe("submitting through the submit function", () => {
  const meera = stableUuid("role", "bombay-nights", "Meera Joshi");
  const submit = submitVia;

  it("makes a retry with the same Idempotency-Key return the same submission, even when retries race", async () => {
    const t = await newTalentWithoutSubmission(100);
    const body = { casting_role_id: roleId, talent_id: t.talentId, cover_note: "Dancer from Dadar" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(t.client, body, "submit-once-100")));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.replayed === "true")).toHaveLength(4);
    expect(new Set(answers.map((a) => a.body.submission.id)).size).toBe(1);
    const mine = await t.client.from("submissions").select("id").eq("casting_role_id", roleId);
    expect(mine.data).toHaveLength(1);
    const reused = await submit(t.client, { ...body, cover_note: "something else" }, "submit-once-100");
    expect(reused.status).toBe(422);
    const again = await submit(t.client, body);
    expect([again.status, again.body.error]).toEqual([409, "already_submitted"]);
  });

  it("names the unmet criterion of the breakdown", async () => {
    const t = await newTalentWithoutSubmission(101);
    const languages = await submit(t.client, { casting_role_id: meera, talent_id: t.talentId });
    expect([languages.status, languages.body.field]).toEqual([422, "languages"]);
    expect(languages.body.message).toMatch(/needs hindi, marathi/);
    await t.client.from("talent_profiles").update({ gender: "male", languages: ["hindi", "marathi"] }).eq("id", t.talentId);
    const gender = await submit(t.client, { casting_role_id: meera, talent_id: t.talentId });
    expect([gender.status, gender.body.field]).toEqual([422, "gender"]);
  });

  it("refuses bad input, other people's talent and unknown roles", async () => {
    const [a, b] = talent as [Talent, Talent];
    const bad = await submit(a.client, { casting_role_id: "nope", talent_id: a.talentId });
    expect([bad.status, bad.body.field]).toEqual([400, "casting_role_id"]);
    const header = await submit(a.client, { casting_role_id: roleId, talent_id: a.talentId }, "has space");
    expect([header.status, header.body.field]).toEqual([400, "Idempotency-Key"]);
    const notMine = await submit(a.client, { casting_role_id: meera, talent_id: b.talentId });
    expect(notMine.status).toBe(404);
    const unknown = await submit(a.client, { casting_role_id: stableUuid("no role"), talent_id: a.talentId });
    expect(unknown.status).toBe(404);
  });
});

describe("sharing a shortlist and voting on it", () => {
  it("opens through an expiring, revocable link with casting-visible fields only; producers vote", async () => {
    const list = await cd.from("shortlists").insert({ casting_role_id: roleId, name: "Race finalists" }).select("id").single();
    const items = await cd.from("shortlist_items")
      .insert(talent.slice(0, 3).map((t, i) => ({ shortlist_id: list.data!.id, talent_id: t.talentId, rank: i + 1, note: "internal only" })))
      .select("id");
    expect(items.data).toHaveLength(3);
    const share = await cd.from("shortlist_shares").insert({ shortlist_id: list.data!.id, label: "Client" }).select("id").single();
    const token = await cd.rpc("shortlist_share_token", { share_id: share.data!.id });
    const open = (t: string) => fetch(`${stack.apiUrl}/functions/v1/shared-shortlist?token=${encodeURIComponent(t)}`);
    const opened = await open(token.data as string);
    expect(opened.status).toBe(200);
    const body = await opened.json();
    expect(body.talent.map((t: { stage_name: string }) => t.stage_name)).toEqual(["Racer 0", "Racer 1", "Racer 2"]);
    expect(JSON.stringify(body)).not.toContain("internal only");
    const real = token.data as string;
    expect((await open(`${real.slice(0, -1)}${real.endsWith("0") ? "1" : "0"}`)).status).toBe(404);
    expect((await open("nonsense")).status).toBe(400);
    // producers of the project vote and comment; only on their own behalf
    const vote = await producer.from("shortlist_votes").insert({ shortlist_item_id: items.data![0]!.id, vote: 1, comment: "Love her" }).select("id, user_id").single();
    expect(vote.error).toBeNull();
    const seen = await cd.from("shortlist_votes").select("vote, comment").eq("shortlist_item_id", items.data![0]!.id);
    expect(seen.data).toEqual([{ vote: 1, comment: "Love her" }]);
    const forged = await cd.from("shortlist_votes").update({ vote: -1 }).eq("id", vote.data!.id).select("id");
    expect(forged.data).toEqual([]);
    // revoking closes the link
    await cd.from("shortlist_shares").update({ revoked_at: new Date().toISOString() }).eq("id", share.data!.id);
    expect((await open(token.data as string)).status).toBe(404);
  });
});

describe("notification emails", () => {
  it("are delivered by the scheduled deliver-notifications function, which only the service role runs", async () => {
    const [first] = talent as [Talent];
    let emailed: string | null = null;
    for (let i = 0; i < 40 && !emailed; i++) {
      const n = await first.client.from("notifications").select("emailed_at").eq("kind", "submission.status").not("emailed_at", "is", null).limit(1);
      emailed = n.data?.[0]?.emailed_at ?? null;
      if (!emailed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(emailed).not.toBeNull();
    const call = (bearer: string, body: unknown) => callFunction(stack, "deliver-notifications", body, bearer);
    expect((await call(await accessToken(first.client), {})).status).toBe(403);
    const bad = await call(stack.secretKey, { batch_size: 0 });
    expect([bad.status, bad.body.field]).toEqual([400, "batch_size"]);
    const ok = await call(stack.secretKey, {});
    // the test stack sends through EMAIL_PROVIDER=webhook into its mailbox (tests/support/mailbox.ts)
    expect(ok.body).toMatchObject({ provider: "webhook", failed: 0 });
    const mail = await waitForEmail(stack.mailboxUrl, first.email, /audition requested/i);
    expect(mail.text).toContain("Party girl (race)");
  });
});
