// REST worker threads (stack/rest.ts): on a native database, /rest/v1 can be served by worker
// threads with their own lite App and pool; answers must be exactly what the in-process App gives
// (status, headers, body, each caller's RLS). An embedded database is one PGlite session in the
// gateway's process: it never gets workers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { stableUuid } from "../../seed/generate.ts";
import { backendName, scratchDatabase, type Scratch } from "../support/backend.ts";
import { signJwt } from "../support/clients.ts";
import { userId } from "../support/personas.ts";

const keys = generateKeys();
const lines: string[] = [];
let stack: Stack;
let scratch: Scratch;

beforeAll(async () => {
  scratch = await scratchDatabase();
  const before = process.env.CASTMATCH_REST_WORKERS;
  process.env.CASTMATCH_REST_WORKERS = "2";
  try {
    stack = await startStack({ keys, port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, scheduleEveryMs: 0, log: (l) => lines.push(l) });
  } finally {
    if (before === undefined) delete process.env.CASTMATCH_REST_WORKERS;
    else process.env.CASTMATCH_REST_WORKERS = before;
  }
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

const token = (persona: string) => signJwt(keys.jwtSecret, { sub: userId(persona), role: "authenticated", aud: "authenticated" });
const headers = (t?: string, more: Record<string, string> = {}) => ({ apikey: keys.publishableKey, ...(t ? { authorization: `Bearer ${t}` } : {}), ...more });
const rest = (path: string, init: RequestInit = {}) => fetch(`${stack.apiUrl}/rest/v1/${path}`, init);

describe(`REST workers on ${backendName}`, () => {
  it(backendName === "native" ? "starts the workers asked for" : "never starts workers on an embedded database", () => {
    const started = lines.filter((l) => /^REST: \d+ worker/.test(l));
    if (backendName === "native") expect(started).toEqual(["REST: 2 worker threads"]);
    else expect(started).toEqual([]);
  });

  it("each caller's RLS holds under concurrency (casting director, talent, anonymous)", async () => {
    const profile = stableUuid("talent", "talent@castmatch.test"); // casting-only
    const path = `talent_profiles?select=id,stage_name&id=eq.${profile}`;
    const director = await token("casting_director");
    const outsider = await signJwt(keys.jwtSecret, { sub: crypto.randomUUID(), role: "authenticated", aud: "authenticated" });
    const callers = [director, outsider, undefined];
    const answers = await Promise.all(Array.from({ length: 45 }, async (_, i) => {
      const res = await rest(path, { headers: headers(callers[i % 3]) });
      return { i, status: res.status, rows: ((await res.json()) as unknown[]).length };
    }));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.rows).toBe(a.i % 3 === 0 ? 1 : 0);
    }
  });

  it("passes statuses, headers and bodies through unchanged: counts, 201, 204, 4xx", async () => {
    const director = await token("casting_director");
    const counted = await rest("talent_profiles?select=id", { headers: headers(director, { prefer: "count=exact", range: "0-4" }) });
    expect(counted.status).toBe(206);
    expect(counted.headers.get("content-range")).toMatch(/^0-4\/\d+$/);
    expect(await counted.json()).toHaveLength(5);

    const [project] = (await (await rest("projects?select=id&title=eq.Bombay%20Nights", { headers: headers(director) })).json()) as Array<{ id: string }>;
    const created = await rest("casting_roles?select=id,name", {
      method: "POST",
      headers: headers(director, { "content-type": "application/json", prefer: "return=representation" }),
      body: JSON.stringify({ project_id: project!.id, name: "Worker check", status: "draft" }),
    });
    expect(created.status).toBe(201);
    const [role] = (await created.json()) as Array<{ id: string; name: string }>;
    expect(role!.name).toBe("Worker check");

    const updated = await rest(`casting_roles?id=eq.${role!.id}`, {
      method: "PATCH", headers: headers(director, { "content-type": "application/json", prefer: "return=minimal" }), body: JSON.stringify({ description: "checked" }),
    });
    expect(updated.status).toBe(204);
    expect(await updated.text()).toBe("");

    const refused = await rest(`casting_roles?id=eq.${role!.id}`, {
      method: "PATCH", headers: headers(director, { "content-type": "application/json" }), body: JSON.stringify({ age_min: 40, age_max: 20 }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "23514" });

    const anonymous = await rest("casting_roles", {
      method: "POST", headers: headers(undefined, { "content-type": "application/json" }),
      body: JSON.stringify({ project_id: project!.id, name: "Not mine", status: "draft" }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: "42501" });
  });
});
