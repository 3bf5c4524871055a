// Outbound webhooks over the real API, to a real receiver on 127.0.0.1 that verifies Standard
// Webhooks signatures with the standardwebhooks library: an owner registers it, project events
// arrive signed, forged ones are rejected, failures are retried with backoff (same webhook-id),
// a dead letter is replayed, and a rotated secret loses nothing. Refusals per persona included.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { callFunction } from "../support/functions.ts";
import { newCastingDirector, newProjectWithRole, newTalent, signUp, type Person } from "../support/people.ts";
import { ownerSql } from "../support/scan.ts";

const stack = inject("stack");

type Received = { id: string; type: string; data: Record<string, unknown>; path: string };
/** A subscriber's server: verifies every request, answers 500 to the first `failures` of an event type. */
class Receiver {
  secrets: string[] = [];
  verified: Received[] = [];
  rejected = 0;
  failures = new Map<string, number>();
  #server: Server;
  url = "";
  constructor() {
    this.#server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const ok = this.secrets.some((secret) => {
          try {
            new Webhook(secret).verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
        if (!ok) {
          this.rejected++;
          res.writeHead(401).end("bad signature");
          return;
        }
        const event = JSON.parse(body) as { type: string; data: Record<string, unknown> };
        this.verified.push({ id: headers["webhook-id"]!, type: event.type, data: event.data, path: req.url ?? "/" });
        const failing = this.failures.get(event.type) ?? 0;
        if (failing > 0) {
          this.failures.set(event.type, failing - 1);
          res.writeHead(500).end("try later");
          return;
        }
        res.writeHead(204).end();
      });
    });
  }
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
  /** Waits for the delivered events matching `match` (the scheduler sends every 2 s). */
  async waitFor(match: (r: Received) => boolean, count = 1, ms = 30_000): Promise<Received[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.verified.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} webhook(s), got ${found.length}: ${JSON.stringify(this.verified.map((v) => v.type))}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const receiver = new Receiver();
let owner: Person;
let project: { projectId: string; roleId: string };
let endpointId: string;

beforeAll(async () => {
  await receiver.start();
  owner = await newCastingDirector(stack, "hooks-owner");
  project = await newProjectWithRole(owner.client, "Webhook Nagar");
  // quick retries for this test: 1 s, then 2 s; dead after 3 attempts
  await ownerSql(stack.dbUrl!, "update private.webhook_settings set max_attempts = 3, backoff_base_seconds = 1 where singleton");
});

afterAll(async () => {
  await ownerSql(stack.dbUrl!, "update private.webhook_settings set max_attempts = 8, backoff_base_seconds = 5 where singleton");
  await receiver.stop();
});

describe("subscribers", () => {
  it("are registered by the project's owner, who reads the signing secret", async () => {
    const made = await owner.client.from("webhook_endpoints").insert({ project_id: project.projectId, url: `${receiver.url}/castmatch` })
      .select("id, events").single();
    expect(made.error).toBeNull();
    expect(made.data!.events).toHaveLength(8);
    endpointId = made.data!.id;
    const secret = await owner.client.rpc("webhook_endpoint_secret", { endpoint_id: endpointId });
    expect(secret.data).toMatch(/^whsec_/);
    receiver.secrets = [secret.data as string];
  });

  it("are invisible and untouchable for everyone else", async () => {
    const viewer = await signUp(stack, "hooks-viewer");
    await owner.client.from("project_members").insert({ project_id: project.projectId, user_id: viewer.userId, project_role: "viewer" });
    expect((await viewer.client.from("webhook_endpoints").select("id")).data).toEqual([]);
    expect((await viewer.client.rpc("webhook_endpoint_secret", { endpoint_id: endpointId })).error?.code).toBe("PT404");
    const outsider = await newCastingDirector(stack, "hooks-outsider");
    const sneak = await outsider.client.from("webhook_endpoints").insert({ project_id: project.projectId, url: "https://evil.example/" });
    expect(sneak.error?.code).toBe("42501");
    expect((await viewer.client.from("webhook_deliveries").select("id")).data).toEqual([]);
    expect((await callFunction(stack, "deliver-webhooks", {}, owner.accessToken)).status).toBe(403);
  });
});

describe("deliveries", () => {
  it("carry the project's events, signed, to the subscriber", async () => {
    const talent = await newTalent(stack, "hooked");
    const submitted = await callFunction(stack, "submit", { casting_role_id: project.roleId, talent_id: talent.talentId }, talent.accessToken);
    const submissionId = submitted.body.submission.id as string;
    await owner.client.from("submissions").update({ status: "shortlisted" }).eq("id", submissionId);
    const offer = await owner.client.from("offers").insert({ submission_id: submissionId, fee_paise: 2_500_000, over_budget_acknowledged: true }).select("id").single();
    await talent.client.rpc("respond_to_offer", { offer_id: offer.data!.id, accept: true });
    await owner.client.from("casting_roles").update({ status: "closed" }).eq("id", project.roleId);
    const types = ["submission.status_changed", "offer.made", "offer.accepted", "role.closed"];
    await receiver.waitFor((r) => r.type === "role.closed");
    await receiver.waitFor((r) => r.type === "submission.status_changed", 3);
    expect(new Set(receiver.verified.map((r) => r.type))).toEqual(new Set(types));
    expect(receiver.verified.find((r) => r.type === "offer.accepted")!.data).toMatchObject({ offer_id: offer.data!.id, talent_id: talent.talentId, status: "accepted" });
    // (deliveries go out in parallel: at least once, in no promised order)
    expect(receiver.verified.filter((r) => r.type === "submission.status_changed").map((r) => r.data.to).sort()).toEqual(["booked", "offered", "shortlisted"]);
    // The receiver has each request before the deliverer records its answer: wait for the records.
    let statuses: string[] = [];
    for (let waited = 0; waited < 15_000; waited += 100) {
      const rows = await owner.client.from("webhook_deliveries").select("status").eq("endpoint_id", endpointId);
      statuses = rows.data!.map((d) => d.status as string);
      if (statuses.length && statuses.every((s) => s === "delivered")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses.length).toBeGreaterThanOrEqual(types.length);
    expect(statuses.every((s) => s === "delivered")).toBe(true);
  });

  it("are what the receiver trusts: a forged, tampered or replayed-late request is rejected", async () => {
    const before = receiver.rejected;
    const body = JSON.stringify({ type: "offer.accepted", timestamp: new Date().toISOString(), data: { offer_id: "forged" } });
    const send = (headers: Record<string, string>, payload = body) =>
      fetch(`${receiver.url}/castmatch`, { method: "POST", body: payload, headers: { "content-type": "application/json", ...headers } });
    const now = new Date();
    const forger = new Webhook("whsec_" + Buffer.from("not the endpoint's secret, sorry!").toString("base64"));
    const genuine = new Webhook(receiver.secrets[0]!);
    const stamp = (d: Date) => String(Math.floor(d.getTime() / 1000));
    expect((await send({ "webhook-id": "msg_forged", "webhook-timestamp": stamp(now), "webhook-signature": forger.sign("msg_forged", now, body) })).status).toBe(401);
    expect((await send({ "webhook-id": "msg_tampered", "webhook-timestamp": stamp(now), "webhook-signature": genuine.sign("msg_tampered", now, body) },
      body.replace("forged", "tampered"))).status).toBe(401);
    const old = new Date(Date.now() - 10 * 60_000);
    expect((await send({ "webhook-id": "msg_old", "webhook-timestamp": stamp(old), "webhook-signature": genuine.sign("msg_old", old, body) })).status).toBe(401);
    expect(receiver.rejected - before).toBe(3);
    expect(receiver.verified.some((r) => String(r.data.offer_id) === "forged")).toBe(false);
  });

  it("are retried with backoff until the subscriber answers, under the same webhook-id", async () => {
    receiver.failures.set("role.opened", 2);
    const role = await owner.client.from("casting_roles").insert({ project_id: project.projectId, name: "Retry role", status: "open" }).select("id").single();
    const seen = await receiver.waitFor((r) => r.type === "role.opened" && r.data.casting_role_id === role.data!.id, 3);
    expect(new Set(seen.map((r) => r.id)).size).toBe(1);
    let row: { status: string; attempts: number } | null = null;
    for (let i = 0; i < 50 && row?.status !== "delivered"; i++) {
      row = (await owner.client.from("webhook_deliveries").select("status, attempts").eq("message_id", seen[0]!.id).single()).data;
      if (row?.status !== "delivered") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(row).toEqual({ status: "delivered", attempts: 3 });
  });

  it("land in the owner's dead-letter list when the subscriber is down, and replay once it is back", async () => {
    const down = await owner.client.from("webhook_endpoints")
      .insert({ project_id: project.projectId, url: "http://127.0.0.1:9/down", events: ["role.closed"] }).select("id").single();
    const role = await owner.client.from("casting_roles").insert({ project_id: project.projectId, name: "Dead letter role", status: "open" }).select("id").single();
    await owner.client.from("casting_roles").update({ status: "closed" }).eq("id", role.data!.id);
    let dead: { id: string; message_id: string; attempts: number; last_error: string } | undefined;
    for (let i = 0; i < 100 && !dead; i++) {
      dead = (await owner.client.from("webhook_deliveries").select("id, message_id, attempts, last_error")
        .eq("endpoint_id", down.data!.id).eq("status", "dead")).data?.[0];
      if (!dead) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(dead).toMatchObject({ attempts: 3 });
    const moved = await owner.client.from("webhook_endpoints").update({ url: `${receiver.url}/back` }).eq("id", down.data!.id).select("id");
    expect(moved.data).toHaveLength(1);
    // the subscriber behind the new URL checks this endpoint's own secret
    receiver.secrets.push((await owner.client.rpc("webhook_endpoint_secret", { endpoint_id: down.data!.id })).data as string);
    const replayed = await owner.client.rpc("replay_webhook_delivery", { delivery_id: dead!.id });
    expect(replayed.data).toMatchObject({ status: "pending", attempts: 0 });
    const arrived = await receiver.waitFor((r) => r.path === "/back" && r.id === dead!.message_id);
    expect(arrived[0]!.type).toBe("role.closed");
  });

  it("survive a secret rotation: during the overlap either secret verifies", async () => {
    const oldSecret = receiver.secrets[0]!;
    const rotated = await owner.client.rpc("rotate_webhook_secret", { endpoint_id: endpointId, keep_previous_seconds: 3600 });
    expect(rotated.data).not.toBe(oldSecret);
    receiver.secrets = [rotated.data as string];  // the subscriber switched to the new one
    const first = await owner.client.from("casting_roles").insert({ project_id: project.projectId, name: "After rotation", status: "open" }).select("id").single();
    await receiver.waitFor((r) => r.data.casting_role_id === first.data!.id);
    receiver.secrets = [oldSecret];  // a subscriber that has not switched yet
    const second = await owner.client.from("casting_roles").insert({ project_id: project.projectId, name: "Still old", status: "open" }).select("id").single();
    await receiver.waitFor((r) => r.data.casting_role_id === second.data!.id);
  });
});
