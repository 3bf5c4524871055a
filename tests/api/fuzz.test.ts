// A bounded, seeded fuzz run of malformed requests against a stack of its own (the demo seed, on
// the test backend): REST on every table, every RPC, auth and every edge function (and storage's
// routes, answered 404 until the gateway serves /storage/v1), as an anonymous client, the demo
// casting director (who owns every project) and the demo talent. It holds three promises:
//   - no answer is a 5xx;
//   - every error is JSON with a message a person can read;
//   - no table of any schema the stack owns gains or loses a row.
// Another stack, because the other test files write to the shared one while this runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { DEMO_PASSWORD } from "../../seed/personas.ts";
import { scratchDatabase, type Scratch } from "../support/backend.ts";
import { deviceAddress } from "../support/clients.ts";
import { email } from "../support/personas.ts";
import { errorMessage, generate, storageRoutes, unfilteredDeletes, type FuzzRequest, type Identity, type Schema } from "../support/fuzz.ts";

const SEED = 20261121;
// 1,100: with the consent-language tables (2026-12-02) the first 1,000 of this seed no longer
// reached audition_slots; the first 1,000 requests are unchanged.
const COUNT = 1100;
/** Counting requests is these tables' job: the rate limiter's buckets (native: gateway.rate_limits)
 *  and the log of data exports that limits export-my-data to three an hour (a well-formed
 *  export request among the fuzz is answered, and logged). */
const CHANGES_BY_DESIGN = new Set(["gateway.rate_limits", "private.data_exports"]);

const keys = generateKeys();
let stack: Stack;
let scratch: Scratch;
let schema: Schema;
const tokens: Record<Identity, string | null> = { anon: null, casting_director: null, talent: null };

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await stack.database.query<{ name: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    order by 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (CHANGES_BY_DESIGN.has(name)) continue;
    const [row] = await stack.database.query<{ n: number }>(`select count(*)::int as n from ${name}`);
    counts[name] = Number(row!.n);
  }
  return counts;
}

async function signIn(persona: string): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: keys.publishableKey, "content-type": "application/json", "x-forwarded-for": deviceAddress() },
    body: JSON.stringify({ email: email(persona), password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`${persona} could not sign in: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Tables whose row count differs, as "schema.table: before -> after". */
function changes(before: Record<string, number>, after: Record<string, number>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t] ?? "none"} -> ${after[t] ?? "none"}`);
}

type Outcome = { request: FuzzRequest; status: number; contentType: string; text: string };

async function send(request: FuzzRequest): Promise<Outcome> {
  const token = tokens[request.as];
  const res = await fetch(stack.apiUrl + request.path, {
    method: request.method,
    headers: {
      apikey: keys.publishableKey,
      // Each request from a device of its own, unless the fuzzer chose an X-Forwarded-For.
      "x-forwarded-for": deviceAddress(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...request.headers,
    },
    body: request.method === "GET" || request.method === "HEAD" ? undefined : request.body,
    redirect: "manual",
  });
  return { request, status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** What is wrong with an answer, or null. */
function problem({ request, status, text }: Outcome): string | null {
  if (status >= 500) return "a 5xx";
  if (status < 400 || request.method === "HEAD") return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "an error that is not JSON";
  }
  const message = errorMessage(body);
  if (!message) return "an error without a message";
  if (/\n\s+at |TypeError|Internal server error/i.test(message)) return "an error message that is a crash";
  return null;
}

const describeRequest = (o: Outcome) =>
  `${o.request.as} ${o.request.method} ${o.request.path.slice(0, 300)} ${JSON.stringify(o.request.headers).slice(0, 200)}` +
  ` body=${(o.request.body ?? "").slice(0, 300)} -> ${o.status} ${o.text.slice(0, 300)}`;

beforeAll(async () => {
  scratch = await scratchDatabase();
  stack = await startStack({ keys, port: 0, dbPort: null, scheduleEveryMs: 0, databaseUrl: scratch.databaseUrl });
  const columns = await stack.database.query<{ table: string; name: string; type: string; generated: boolean }>(`
    select c.table_name as "table", c.column_name as name, c.data_type as type, c.is_generated = 'ALWAYS' as generated
    from information_schema.columns c
    where c.table_schema = 'public'
    order by c.table_name, c.ordinal_position`);
  const rpcs = await stack.database.query<{ name: string; args: Array<{ name: string; type: string }> | string }>(`
    select p.proname as name,
           (select coalesce(json_agg(json_build_object('name', coalesce(p.proargnames[i], ''), 'type', format_type(p.proargtypes[i - 1], null)) order by i), '[]')
            from generate_series(1, p.pronargs) i) as args
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prokind = 'f'
    order by 1`);
  schema = {
    columns,
    // The postgres driver returns json as text.
    rpcs: rpcs.map((r) => ({ name: r.name, args: typeof r.args === "string" ? JSON.parse(r.args) : r.args })),
    functions: Object.keys(stack.functions.status()),
  };
  tokens.casting_director = await signIn("casting_director");
  tokens.talent = await signIn("talent");
});

afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

describe("malformed requests", () => {
  it("are the same requests for the same seed, over every surface and identity", () => {
    const requests = generate(schema, SEED, COUNT, [storageRoutes]);
    expect(generate(schema, SEED, COUNT, [storageRoutes])).toEqual(requests);
    expect(new Set(requests.map((r) => r.surface))).toEqual(new Set(["rest", "rpc", "auth", "functions", "storage"]));
    expect(new Set(requests.map((r) => r.as))).toEqual(new Set(["anon", "casting_director", "talent"]));
    // Every table and every function is reached.
    for (const table of new Set(schema.columns.map((c) => c.table))) {
      expect(requests.some((r) => r.path.startsWith(`/rest/v1/${table}?`) || r.path === `/rest/v1/${table}`), table).toBe(true);
    }
    for (const fn of schema.functions) expect(requests.some((r) => r.path.startsWith(`/functions/v1/${fn}`)), fn).toBe(true);
  });

  it("get a 4xx JSON error or a harmless answer, never a 5xx, and lose nothing", async () => {
    const before = await rowCounts();
    const { failures, statuses, logged } = await run(generate(schema, SEED, COUNT, [storageRoutes]));
    const after = await rowCounts();

    expect(failures, `${failures.length} of ${COUNT} answers were wrong; the stack logged:\n${logged.slice(-20).join("\n")}`).toEqual([]);
    expect(changes(before, after)).toEqual([]);
    // The run did reach the stack's handlers: most answers are refusals, some are reads.
    const refused = [...statuses].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0);
    expect(refused).toBeGreaterThan(COUNT / 2);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    // And the stack still answers afterwards.
    const health = await fetch(`${stack.apiUrl}/rest/v1/projects?select=id&limit=1`, { headers: { apikey: keys.publishableKey } });
    expect(health.status).toBe(200);
  });

  // Issue 15: hosted Supabase refuses these with 21000; the branch that does so here is `safety`.
  it("include a DELETE without a filter on every table, as the owner of every project, which loses nothing", async () => {
    const requests = unfilteredDeletes(schema, SEED, "casting_director");
    const before = await rowCounts();
    const { failures, logged } = await run(requests);
    const after = await rowCounts();
    expect(failures, logged.slice(-20).join("\n")).toEqual([]);
    expect(changes(before, after)).toEqual([]);
  });
});

/** Sends the requests one by one; what went wrong, the statuses, and what the stack logged. */
async function run(requests: FuzzRequest[]) {
  // The stack logs refused requests (lite prints each database error); keep the run quiet and
  // show what was logged only beside a failure.
  const logged: string[] = [];
  const { error, warn } = console;
  console.error = console.warn = (...args: unknown[]) => void logged.push(args.map(String).join(" ").slice(0, 500));
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  try {
    for (const request of requests) {
      const outcome = await send(request);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      const wrong = problem(outcome);
      if (wrong) failures.push(`${wrong}: ${describeRequest(outcome)}`);
    }
  } finally {
    console.error = error;
    console.warn = warn;
  }
  return { failures, statuses, logged };
}
