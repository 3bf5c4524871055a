// No data lost through the API (issue 15), on a stack of its own (the demo seed, no functions),
// so that other test files' writes never move the row counts it watches:
//  - every table of `public`, as every persona, with PATCH and DELETE and no filter: refused with
//    400 21000 as on hosted Supabase, and no table changes;
//  - a project deleted by its owner is archived: the talent's view of their submissions stays as
//    it was, and restore brings everything back;
//  - one request changes at most the configured number of rows, unless it runs as the service role.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableUuid } from "../../seed/generate.ts";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { backendName, scratchDatabase, type Scratch } from "../support/backend.ts";
import { client, signedUpClient } from "../support/clients.ts";
import { accessToken, email, signIn } from "../support/personas.ts";

const config = readProjectConfig();
const keys = generateKeys();
let stack: Stack;
let scratch: Scratch;
const api = () => ({ apiUrl: stack.apiUrl, publishableKey: keys.publishableKey });

const bombayNights = stableUuid("project", "bombay-nights");
const demoTalent = stableUuid("talent", email("talent"));
const DEMO_PERSONAS = ["talent", "agent", "casting_director", "outside_cd", "producer", "viewer", "admin"];

type Caller = { name: string; apikey: string; bearer: string | null };
let callers: Caller[] = [];
const as: Record<string, SupabaseClient> = {};

beforeAll(async () => {
  scratch = await scratchDatabase();
  stack = await startStack({
    keys, port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, scheduleEveryMs: 0,
    config: { ...config, functions: {} },
  });
  for (const p of DEMO_PERSONAS) as[p] = await signIn(api(), p);
  const newcomer = await signedUpClient(stack.apiUrl, keys.publishableKey, "newcomer");
  callers = [
    { name: "anonymous", apikey: keys.publishableKey, bearer: null },
    ...(await Promise.all(DEMO_PERSONAS.map(async (p) => ({ name: p, apikey: keys.publishableKey, bearer: await accessToken(as[p]!) })))),
    { name: "newcomer (no role)", apikey: keys.publishableKey, bearer: newcomer.accessToken },
    { name: "service role", apikey: keys.secretKey, bearer: keys.secretKey },
  ];
});
afterAll(async () => {
  await stack?.stop();
  await scratch?.drop();
});

/** Every relation of the exposed schema, with its row count and a digest of its rows. */
async function snapshot(tables?: string[]): Promise<Record<string, { rows: number; digest: string }>> {
  const names = tables ?? (await stack.database.query<{ name: string }>(
    `select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm', 'p')
     order by 1`)).map((r) => r.name);
  const rows = await stack.database.query<{ name: string; rows: number; digest: string }>(names.map((n) =>
    `select '${n}' as name, count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from public."${n}" t`)
    .join(" union all "));
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, digest: r.digest }]));
}

function rest(caller: Caller, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.apiUrl}/rest/v1/${path}`, {
    method,
    headers: {
      apikey: caller.apikey,
      ...(caller.bearer ? { authorization: `Bearer ${caller.bearer}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe(`unfiltered writes through /rest/v1 on ${backendName}`, () => {
  it("are refused for every table and every persona, and no table changes", async () => {
    const before = await snapshot();
    const tables = Object.keys(before);
    expect(tables.length).toBeGreaterThan(25);
    expect(Object.values(before).reduce((n, t) => n + t.rows, 0)).toBeGreaterThan(1000); // the demo seed is there
    // a column each PATCH may name (never a generated or identity one, which fail earlier)
    const columns = new Map((await stack.database.query<{ table_name: string; column_name: string }>(
      `select distinct on (table_name) table_name, column_name from information_schema.columns
        where table_schema = 'public' and is_generated = 'NEVER' and is_identity = 'NO'
        order by table_name, ordinal_position`)).map((r) => [r.table_name, r.column_name]));
    const answers: string[] = [];
    for (const table of tables) {
      const column = columns.get(table)!;
      for (const caller of callers) {
        for (const [method, body, verb] of [["DELETE", undefined, "DELETE"], ["PATCH", { [column]: null }, "UPDATE"]] as const) {
          const res = await rest(caller, method, table, body);
          const answer = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
          const ok = res.status === 400 && answer?.code === "21000" && answer.message === `${verb} requires a WHERE clause`;
          if (!ok) answers.push(`${method} ${table} as ${caller.name}: ${res.status} ${JSON.stringify(answer)}`);
        }
      }
      const after = await snapshot([table]);
      expect(after[table], `${table} changed`).toEqual(before[table]);
    }
    expect(answers).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("a filter that names rows still works (the refusal is about the missing filter only)", async () => {
    const talentClient = as.talent!;
    const credit = await talentClient.from("talent_credits").insert({ talent_id: demoTalent, title: "Filtered", medium: "short" }).select("id").single();
    expect(credit.error).toBeNull();
    const gone = await talentClient.from("talent_credits").delete().eq("id", credit.data!.id).select("id");
    expect(gone.data).toEqual([{ id: credit.data!.id }]);
  });
});

describe("a project deleted by its owner", () => {
  const talentView = async () => {
    const { data, error } = await as.talent!.from("submissions")
      .select("id, status, cover_note, created_at, casting_roles!submissions_casting_role_id_fkey(name, status, projects!casting_roles_project_id_fkey(title))").order("id");
    expect(error).toBeNull();
    return data!;
  };
  const teamRoles = async () => (await as.casting_director!.from("casting_roles").select("id, name, status").eq("project_id", bombayNights).order("id")).data!;
  const board = async () =>
    (await client(stack.apiUrl, keys.publishableKey).from("projects").select("id").eq("id", bombayNights)).data!;

  it("is archived: the talent's submission history stays as it was, nothing is deleted", async () => {
    const viewBefore = await talentView();
    expect(viewBefore.some((s) => (s.casting_roles as unknown as { projects: { title: string } }).projects.title === "Bombay Nights")).toBe(true);
    const countsBefore = await snapshot();
    const rolesBefore = await teamRoles();
    expect(rolesBefore.length).toBeGreaterThan(0);

    const deleted = await as.casting_director!.from("projects").delete().eq("id", bombayNights);
    expect(deleted.error).toBeNull();
    expect(deleted.status).toBe(204);

    expect(await talentView()).toEqual(viewBefore);
    const countsAfter = await snapshot();
    for (const [table, { rows }] of Object.entries(countsBefore)) {
      if (table === "audit_log") expect(countsAfter[table]!.rows, "archiving is audit-logged").toBeGreaterThan(rows);
      else expect(countsAfter[table]!.rows, table).toBe(rows);
    }
    expect((await as.casting_director!.from("projects").select("id").eq("id", bombayNights)).data).toEqual([]);
    expect(await teamRoles()).toEqual([]);
    expect(await board()).toEqual([]);
    const archive = await as.casting_director!.rpc("archived_projects").eq("id", bombayNights).select("id, title, archived_at");
    expect(archive.data).toEqual([{ id: bombayNights, title: "Bombay Nights", archived_at: expect.any(String) }]);
    const producerArchive = await as.producer!.rpc("archived_projects").select("id").eq("id", bombayNights);
    expect(producerArchive.data).toEqual([{ id: bombayNights }]);
    expect((await as.outside_cd!.rpc("archived_projects").select("id")).data).toEqual([]);
    // the talent still sees it with an explicit filter on the table: it is their history
    const mine = await as.talent!.from("projects").select("id").not("archived_at", "is", null);
    expect(mine.data).toEqual([{ id: bombayNights }]);
  });

  it("comes back whole when the owner restores it, and only the owner may", async () => {
    const notOwner = await as.producer!.rpc("restore_project", { project_id: bombayNights });
    expect(notOwner.error?.code).toBe("PT404");
    const viewBefore = await talentView();
    const restored = await as.casting_director!.rpc("restore_project", { project_id: bombayNights });
    expect(restored.error).toBeNull();
    expect(restored.data).toMatchObject({ id: bombayNights, archived_at: null });
    expect(await talentView()).toEqual(viewBefore);
    expect((await teamRoles()).length).toBeGreaterThan(0);
    expect(await board()).toEqual([{ id: bombayNights }]);
    const stillArchived = await stack.database.query<{ n: number }>(
      `select (select count(*) from public.projects where archived_at is not null)
            + (select count(*) from public.casting_roles where archived_at is not null)
            + (select count(*) from public.shortlists where archived_at is not null) as n`);
    expect(Number(stillArchived[0]!.n)).toBe(0);
  });
});

describe("bulk writes", () => {
  const bound = config.safety.maxAffectedRows!;
  const title = "Bulk ad";

  it(`are bounded at ${bound} rows per request (supabase/config.toml), the service role excepted`, async () => {
    expect(bound).toBeGreaterThan(0);
    const talentClient = as.talent!;
    const made = await talentClient.from("talent_credits")
      .insert(Array.from({ length: bound + 1 }, (_, i) => ({ talent_id: demoTalent, title: `${title} ${i}`, medium: "ad" })));
    expect(made.error).toBeNull();
    const count = async () => (await stack.database.query<{ n: number }>(
      `select count(*)::int as n from public.talent_credits where title like '${title} %'`))[0]!.n;
    expect(await count()).toBe(bound + 1);

    const update = await talentClient.from("talent_credits").update({ platform: "YouTube" }).like("title", `${title} %`);
    expect(update.status).toBe(400);
    expect(update.error?.code).toBe("PGRST124");
    expect(update.error?.details).toContain(`at most ${bound}`);
    const remove = await talentClient.from("talent_credits").delete().like("title", `${title} %`);
    expect(remove.status).toBe(400);
    expect(remove.error?.code).toBe("PGRST124");
    expect(await count()).toBe(bound + 1);
    const untouched = await stack.database.query<{ n: number }>(
      `select count(*)::int as n from public.talent_credits where title like '${title} %' and platform is not null`);
    expect(untouched[0]!.n).toBe(0);

    const withinBound = await talentClient.from("talent_credits").delete().like("title", `${title} %`).neq("title", `${title} 0`);
    expect(withinBound.error).toBeNull();
    expect(await count()).toBe(1);

    // a client may ask for a tighter bound itself (PostgREST's Prefer: max-affected)
    await talentClient.from("talent_credits").insert({ talent_id: demoTalent, title: `${title} 1`, medium: "ad" });
    const strict = await rest({ name: "talent", apikey: keys.publishableKey, bearer: await accessToken(talentClient) },
      "DELETE", `talent_credits?title=like.${encodeURIComponent(`${title} *`)}`, undefined, { prefer: "handling=strict, max-affected=1" });
    expect(strict.status).toBe(400);
    expect(((await strict.json()) as { code: string }).code).toBe("PGRST124");
    expect(await count()).toBe(2);
  });

  it("do not bind the service role", async () => {
    const service = client(stack.apiUrl, keys.secretKey);
    await service.from("talent_credits")
      .insert(Array.from({ length: bound + 1 }, (_, i) => ({ talent_id: demoTalent, title: `Service ${i}`, medium: "ad" })));
    const removed = await service.from("talent_credits").delete().like("title", "Service %").select("id");
    expect(removed.error).toBeNull();
    expect(removed.data!.length).toBe(bound + 1);
  });
});
