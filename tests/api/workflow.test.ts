// The casting workflow over the real API: 30 talent race for 10 audition seats, an offer is
// made, refused when over budget, accepted, and the budget moves; forbidden moves get the
// right status code.
import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { client } from "../support/clients.ts";
import { signIn } from "../support/personas.ts";

const stack = inject("stack");
const bombayNights = stableUuid("project", "bombay-nights");
const RACERS = 30;
const SEATS = 10;

type Talent = { client: SupabaseClient; talentId: string; submissionId: string };
let cd: SupabaseClient;
let producer: SupabaseClient;
let roleId: string;
let talent: Talent[] = [];

async function newTalent(i: number, role: string): Promise<Talent> {
  const c = client(stack.apiUrl, stack.publishableKey);
  const email = `racer.${Date.now()}.${i}@test.castmatch`;
  const signUp = await c.auth.signUp({ email, password: "correct horse battery", options: { data: { requested_role: "talent" } } });
  if (signUp.error) throw signUp.error;
  const profile = await c.from("talent_profiles")
    .insert({ user_id: signUp.data.user!.id, stage_name: `Racer ${i}`, gender: "female", playing_age_min: 20, playing_age_max: 30 })
    .select("id").single();
  if (profile.error) throw profile.error;
  const submission = await c.from("submissions").insert({ casting_role_id: role, talent_id: profile.data.id }).select("id").single();
  if (submission.error) throw submission.error;
  return { client: c, talentId: profile.data.id, submissionId: submission.data.id };
}

beforeAll(async () => {
  cd = await signIn(stack, "casting_director");
  producer = await signIn(stack, "producer");
  const role = await cd.from("casting_roles")
    .insert({ project_id: bombayNights, name: "Party girl (race)", status: "open", submission_deadline: new Date(Date.now() + 86_400_000).toISOString() })
    .select("id").single();
  if (role.error) throw role.error;
  roleId = role.data.id;
  talent = await Promise.all(Array.from({ length: RACERS }, (_, i) => newTalent(i, roleId)));
}, 120_000);

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
  });
});

describe("offers and the budget", () => {
  it("refuses an over-budget offer, then books the role on acceptance and commits the fee", async () => {
    const [first, second] = talent as [Talent, Talent];
    const before = await producer.rpc("budget_status");
    const project = () => (before.data as Array<{ project_id: string; budgeted_paise: number; committed_paise: number; offered_paise: number }>)
      .find((p) => p.project_id === bombayNights)!;
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
    const now = (after.data as Array<{ project_id: string; committed_paise: number }>).find((p) => p.project_id === bombayNights)!;
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
