// What the REST layer's speed-ups must not change (issue 13): verified tokens are remembered
// only until they expire, the role and claims travel with each request's query (one request's
// claims never reach another's), and an error in those settings is still the answer.
import { decodeJwt } from "jose";
import { inject, describe, expect, it } from "vitest";
import { signJwt } from "../support/clients.ts";
import { userId } from "../support/personas.ts";
import { stableUuid } from "../../seed/generate.ts";

const stack = inject("stack");
const castingOnly = stableUuid("talent", "talent@castmatch.test"); // the demo talent's casting-only profile
const profileUrl = `${stack.apiUrl}/rest/v1/talent_profiles?select=id,stage_name&id=eq.${castingOnly}`;
const as = (token?: string) => ({ apikey: stack.publishableKey, ...(token ? { authorization: `Bearer ${token}` } : {}) });
const director = () => signJwt(stack.jwtSecret, { sub: userId("casting_director"), role: "authenticated", aud: "authenticated" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A token that expires during the test. The stack runs in another process, so its clock cannot
// be faked: the token lives a generous multiple of a measured warm request (in whole seconds,
// exp's unit), and the test waits until the clock is a second past its exp. A loaded machine
// makes the test slower, not wrong; every assertion's message carries the measured values.
async function shortLivedToken(request: (token: string) => Promise<Response>) {
  const t0 = performance.now();
  await (await request(await director())).arrayBuffer();
  const warmMs = Math.round(performance.now() - t0);
  const lifetime = 2 + Math.ceil((4 * warmMs) / 1000);
  const token = await signJwt(stack.jwtSecret, { sub: userId("casting_director"), role: "authenticated", aud: "authenticated" }, lifetime);
  const expMs = decodeJwt(token).exp! * 1000;
  return {
    token,
    measured: () => `warm request ${warmMs} ms, token lifetime ${lifetime} s, now ${Date.now() - expMs} ms from its exp`,
    expired: () => sleep(Math.max(0, expMs + 1000 - Date.now())),
  };
}

describe("verified tokens are remembered only until they expire", () => {
  it("REST accepts a token, then refuses the same token once it has expired", async () => {
    const short = await shortLivedToken((token) => fetch(profileUrl, { headers: as(token) }));
    const first = await fetch(profileUrl, { headers: as(short.token) });
    expect(first.status, short.measured()).toBe(200);
    expect(await first.json()).toHaveLength(1);
    await short.expired();
    const later = await fetch(profileUrl, { headers: as(short.token) });
    expect(later.status, short.measured()).toBe(401);
    expect(await later.json()).toMatchObject({ code: "PGRST303", message: "JWT expired" });
  });

  it("the functions gateway accepts a token, then refuses it once it has expired", async () => {
    const search = (token: string) => fetch(`${stack.apiUrl}/functions/v1/talent-search`, {
      method: "POST", headers: { ...as(token), "content-type": "application/json" }, body: JSON.stringify({ query: "Mumbai actor", limit: 5 }),
    });
    await (await search(await director())).arrayBuffer(); // the function is up (a cold start takes a moment)
    const short = await shortLivedToken(search);
    const first = await search(short.token);
    expect(first.status, short.measured()).toBe(200);
    await first.arrayBuffer();
    await short.expired();
    const later = await search(short.token);
    expect(later.status, short.measured()).toBe(401);
    expect(await later.json()).toMatchObject({ message: expect.stringMatching(/^Invalid JWT: .*exp/) });
  });

  it("a token signed with another secret is refused even after a genuine one was remembered", async () => {
    const claims = { sub: userId("casting_director"), role: "authenticated", aud: "authenticated" };
    expect((await fetch(profileUrl, { headers: as(await signJwt(stack.jwtSecret, claims)) })).status).toBe(200);
    const forged = await signJwt("not-the-project-secret-not-the-project-secret", claims);
    const res = await fetch(profileUrl, { headers: as(forged) });
    expect(res.status).toBe(401);
  });
});

describe("each request runs with its own role and claims", () => {
  it("concurrent requests of a casting director and of anonymous callers never see each other's rows", async () => {
    const token = await director();
    const results = await Promise.all(Array.from({ length: 60 }, async (_, i) => {
      const asDirector = i % 2 === 0;
      const res = await fetch(profileUrl, { headers: as(asDirector ? token : undefined) });
      return { asDirector, status: res.status, rows: ((await res.json()) as unknown[]).length };
    }));
    for (const r of results) {
      expect(r.status).toBe(200);
      // the casting director sees the casting-only profile; an anonymous caller never does
      expect(r.rows).toBe(r.asDirector ? 1 : 0);
    }
  });

  it("concurrent RPCs answer for their own caller", async () => {
    const producer = await signJwt(stack.jwtSecret, { sub: userId("producer"), role: "authenticated", aud: "authenticated" });
    const talent = await signJwt(stack.jwtSecret, { sub: userId("talent"), role: "authenticated", aud: "authenticated" });
    const results = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      const asProducer = i % 2 === 0;
      const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/budget_status`, {
        method: "POST", headers: { ...as(asProducer ? producer : talent), "content-type": "application/json" }, body: "{}",
      });
      return { asProducer, status: res.status, rows: ((await res.json()) as unknown[]).length };
    }));
    for (const r of results) {
      expect(r.status).toBe(200);
      if (r.asProducer) expect(r.rows).toBeGreaterThan(0);
      else expect(r.rows).toBe(0); // talent hold no budget
    }
  });

  it("a role that does not exist is the answer (400 naming it), not a query run as someone else", async () => {
    const token = await signJwt(stack.jwtSecret, { sub: userId("casting_director"), role: "no_such_role", aud: "authenticated" });
    for (const [url, init] of [
      [profileUrl, { headers: as(token) }],
      [`${stack.apiUrl}/rest/v1/rpc/budget_status`, { method: "POST", headers: { ...as(token), "content-type": "application/json" }, body: "{}" }],
    ] as const) {
      const res = await fetch(url, init);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "22023", message: 'role "no_such_role" does not exist' });
    }
  });

  it("an RPC called with GET runs read-only: a function that writes is refused and writes nothing", async () => {
    const token = await signJwt(stack.jwtSecret, { sub: userId("talent"), role: "authenticated", aud: "authenticated" });
    const mine = await fetch(`${stack.apiUrl}/rest/v1/submissions?select=casting_role_id,talent_id&limit=1`, { headers: as(token) });
    const [submission] = (await mine.json()) as Array<{ casting_role_id: string; talent_id: string }>;
    expect(submission).toBeDefined();
    const count = async () => Number((await fetch(`${stack.apiUrl}/rest/v1/submissions?select=id`, {
      headers: { ...as(token), prefer: "count=exact", range: "0-0" },
    })).headers.get("content-range")?.split("/")[1]);
    const before = await count();
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/submit_to_role?casting_role_id=${submission!.casting_role_id}&talent_id=${submission!.talent_id}&idempotency_key=read-only-check`, { headers: as(token) });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ code: "25006" });
    expect(await count()).toBe(before);
  });
});
