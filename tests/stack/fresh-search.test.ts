// "Running" means search works (issue 26): the demo seed ships the vectors of its profiles and
// roles (seed/generate.ts), so a stack on a new database has nothing to embed, and searches sent
// the moment it is up get exactly what they get once the worker has re-embedded every row.
// health reports the backlog while that re-embed runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, type Keys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { DEMO_PASSWORD } from "../../seed/personas.ts";
import { client } from "../support/clients.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";

// Casting needs as people type them, in English, Devanagari, Hinglish and a language's own script.
const queries = [
  "Marathi-speaking actress for a legal drama in Mumbai",
  "मराठी बोलने वाली अभिनेत्री, वकील का किरदार",
  "Tamil bolne wala action hero, martial arts",
  "தமிழ் பேசும் நடிகை, பரதநாட்டியம்",
  "Bengali actress for a period drama",
  "comedy actor who speaks Punjabi",
];

let scratch: Scratch;
let stack: Stack;
let keys: Keys;
let cdToken: string;

const call = async (name: string, body: unknown, token: string) => {
  const response = await fetch(`${stack.apiUrl}/functions/v1/${name}`, {
    method: "POST",
    headers: { apikey: keys.publishableKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};
const health = async () => (await (await fetch(`${stack.apiUrl}/functions/v1/health`)).json()).embeddings;

/** Every query's ranked ids and scores, and the first demo role's matches. */
async function searchAll() {
  const out: unknown[] = [];
  for (const query of queries) {
    const { status, body } = await call("talent-search", { query, limit: 10 }, cdToken);
    expect(status, JSON.stringify(body)).toBe(200);
    out.push(body.results.map((r: { talent_id: string; score: number }) => [r.talent_id, r.score]));
  }
  const role = await fetch(`${stack.apiUrl}/rest/v1/casting_roles?select=id&name=eq.Meera%20Joshi`, {
    headers: { apikey: keys.publishableKey, authorization: `Bearer ${cdToken}` },
  }).then((r) => r.json()) as Array<{ id: string }>;
  const matched = await fetch(`${stack.apiUrl}/rest/v1/rpc/match_talent`, {
    method: "POST",
    headers: { apikey: keys.publishableKey, authorization: `Bearer ${cdToken}`, "content-type": "application/json" },
    body: JSON.stringify({ casting_role_id: role[0]!.id, match_count: 20 }),
  }).then((r) => r.json()) as Array<{ talent_id: string; score: number }>;
  out.push(matched.map((r) => [r.talent_id, r.score]));
  return out;
}

beforeAll(async () => {
  scratch = await scratchDatabase();
  keys = generateKeys();
  // no scheduler: nothing embeds behind the test's back; it drains the queue itself below
  stack = await startStack({ keys, port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, scheduleEveryMs: 0 });
  const signIn = await client(stack.apiUrl, keys.publishableKey).auth.signInWithPassword({ email: "cd@castmatch.test", password: DEMO_PASSWORD });
  expect(signIn.error).toBeNull();
  cdToken = signIn.data.session!.access_token;
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

describe("a stack on a new database", () => {
  let first: unknown[];

  it("has no embedding backlog when it says it is running", async () => {
    expect(await health()).toEqual({ model: "castmatch-local-hash-v2", queued: 0, failed: 0, ready: true });
    // the seed rebuilt the vector index it dropped while storing the vectors (seed/generate.ts)
    expect(await stack.database.query("select indexname from pg_indexes where tablename = 'talent_profiles' and indexdef like '%USING hnsw%'"))
      .toEqual([{ indexname: "talent_profiles_embedding_idx" }]);
  });

  it("searches at once with the seed's vectors", async () => {
    first = await searchAll();
    for (const results of first) expect((results as unknown[]).length).toBeGreaterThan(0);
  });

  it("gets the same results after the worker re-embeds every row, and health shows the re-embed", async () => {
    const service = client(stack.apiUrl, keys.secretKey);
    const queued = await service.rpc("enqueue_embeddings", { only_missing: false });
    expect(queued.error).toBeNull();
    expect(queued.data).toBe(310);
    // health reads the backlog at most once a second
    let seen = await health();
    for (let i = 0; i < 30 && seen.queued !== 310; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await health();
    }
    expect(seen).toEqual({ model: "castmatch-local-hash-v2", queued: 310, failed: 0, ready: false });
    for (let batch = 0; batch < 20; batch++) {
      const run = await call("embed", {}, keys.secretKey);
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      if (run.body.queued === 0) break;
    }
    const status = await service.rpc("embedding_status");
    expect(status.data).toMatchObject({ queued: 0, talent_profiles: { rows: 301, embedded: 301 }, casting_roles: { rows: 9, embedded: 9 } });
    expect(await searchAll()).toEqual(first);
  });
});
