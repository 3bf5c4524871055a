// What row-level security costs: representative API queries of each persona over N talent
// profiles, timed once under RLS (as the API runs them: role + JWT claims in a transaction)
// and once as the table owner (RLS bypassed), in the same run; the ratio is the price.
//
//   npm run bench:rls -- [--profiles 100000] [--iterations 30] [--json]
//
// Runs on native PostgreSQL: DATABASE_URL, or a throwaway local cluster.
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase, prepareDatabase } from "../../stack/database.ts";
import { regions } from "../../seed/world.ts";
import { barChart, progress, timeIt, type Stats } from "../lib/bench.ts";
import { createScratchDatabase, nativeServer } from "../lib/native-server.ts";

const { values: args } = parseArgs({
  options: {
    profiles: { type: "string", default: "100000" },
    iterations: { type: "string", default: "30" },
    json: { type: "boolean", default: false },
  },
});
const profiles = Number(args.profiles);
const iterations = Number(args.iterations);
if (!Number.isInteger(profiles) || profiles < 1000) throw new Error("--profiles must be an integer ≥ 1000");
const log = (line: string) => { if (!args.json) console.log(line); };

function one<T>(rows: readonly T[]): T {
  if (rows[0] === undefined) throw new Error("expected a row");
  return rows[0];
}

type Persona = "anon" | "casting_director" | "talent" | "producer";
type Query = { name: string; persona: Persona; sql: string };

const server = await nativeServer();
const scratch = await createScratchDatabase(server.url, "castmatch_bench");
const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
try {
  const loadStarted = Date.now();
  const db = await openDatabase({ databaseUrl: scratch.url });
  await prepareDatabase(db, { seed: false });
  await db.close();

  // Personas and one casting call.
  await sql.unsafe(`
    insert into auth.users (id, email, raw_user_meta_data) values
      (gen_random_uuid(), 'cd@bench.castmatch.test', '{}'), (gen_random_uuid(), 'producer@bench.castmatch.test', '{}');
    insert into public.user_roles (user_id, role)
      select id, case when email like 'cd@%' then 'casting_director' else 'producer' end::public.app_role
      from auth.users where email like '%@bench.castmatch.test';`).simple();
  const { cd, producer } = one(await sql<{ cd: string; producer: string }[]>`
    select (select id from auth.users where email = 'cd@bench.castmatch.test') as cd,
           (select id from auth.users where email = 'producer@bench.castmatch.test') as producer`);

  // Talent in batches: users (the sign-up trigger adds profile rows and the talent role),
  // then their talent profiles with attributes spread like the seed's.
  const langs = regions.map((r) => r.language);
  const cities = regions.map((r) => r.cities[0]!);
  const batch = 10_000;
  const bar = progress("loading talent", profiles);
  for (let from = 1; from <= profiles; from += batch) {
    const to = Math.min(profiles, from + batch - 1);
    await sql`
      insert into auth.users (id, email, raw_user_meta_data)
      select gen_random_uuid(), 'talent.' || g || '@bench.castmatch.test',
             jsonb_build_object('requested_role', 'talent', 'full_name', 'Talent ' || g)
      from generate_series(${from}::int, ${to}::int) g`;
    // shown to casting teams, and contacts shared with them, by consent (sql/15_consent.sql)
    await sql`
      insert into public.consents (user_id, purpose, notice_version)
      select u.id, p.purpose::public.consent_purpose, 1
      from generate_series(${from}::int, ${to}::int) g
      join auth.users u on u.email = 'talent.' || g || '@bench.castmatch.test'
      cross join (values ('casting_visibility'), ('contact_sharing')) p (purpose)`;
    await sql`
      insert into public.talent_profiles (user_id, stage_name, gender, playing_age_min, playing_age_max, height_cm,
                                         languages, skills, city, bio, visibility)
      select u.id, 'Talent ' || g,
             case when g % 2 = 0 then 'female' else 'male' end::public.gender,
             18 + (g * 7919) % 40, 18 + (g * 7919) % 40 + 2 + g % 6, 150 + g % 40,
             array_remove(array[(${langs}::text[])[1 + g % 9],
                                case when g % 9 <> 0 and g % 10 < 7 then 'hindi' end,
                                case when g % 5 < 3 then 'english' end], null),
             case when g % 4 = 0 then array['classical dance'] else '{}' end,
             (${cities}::text[])[1 + g % 9], 'Actor number ' || g,
             case when g % 20 < 7 then 'public' when g % 20 < 18 then 'casting_only' else 'private' end::public.profile_visibility
      from generate_series(${from}::int, ${to}::int) g
      join auth.users u on u.email = 'talent.' || g || '@bench.castmatch.test'`;
    bar.update(to);
  }
  bar.finish();

  // A project with one role, 2 % of talent submitted (with contacts), a 50-name shortlist.
  await sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claim.sub', ${cd}, true)`;
    const [p] = await tx`insert into public.projects (title, status, created_by) values ('Bench Nights', 'casting', ${cd}) returning id`;
    await tx`insert into public.project_members (project_id, user_id, project_role) values (${p!.id}, ${producer}, 'producer')`;
    const [r] = await tx`insert into public.casting_roles (project_id, name, status, submission_deadline) values (${p!.id}, 'Lead', 'open', now() + interval '30 days') returning id`;
    await tx`select set_config('request.jwt.claim.sub', '', true)`;
    await tx`insert into public.submissions (casting_role_id, talent_id) select ${r!.id}, id from public.talent_profiles where stage_name ~ '0$' and random() < 0.2`;
    await tx`insert into public.talent_contacts (talent_id, phone) select talent_id, '+91 98200 00000' from public.submissions`;
    const [s] = await tx`insert into public.shortlists (casting_role_id, name) values (${r!.id}, 'First pass') returning id`;
    await tx`insert into public.shortlist_items (shortlist_id, talent_id, rank) select ${s!.id}, talent_id, row_number() over () from public.submissions limit 50`;
  });
  await sql`analyze`;
  const { talent, role, shortlist } = one(await sql<{ talent: string; role: string; shortlist: string }[]>`
    select (select tp.user_id from public.submissions s join public.talent_profiles tp on tp.id = s.talent_id limit 1) as talent,
           (select id from public.casting_roles limit 1) as role, (select id from public.shortlists limit 1) as shortlist`);
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  log(`loaded ${profiles.toLocaleString("en-IN")} talent profiles in ${loadSeconds.toFixed(1)} s`);

  const users: Record<Persona, string | null> = { anon: null, casting_director: cd, talent, producer };
  const queries: Query[] = [
    { name: "CD search: filters, top 50", persona: "casting_director", sql:
      `select id, stage_name, city from public.talent_profiles where gender = 'female' and playing_age_min <= 28 and playing_age_max >= 24
       and languages @> '{marathi}' order by stage_name limit 50` },
    { name: "CD: count visible talent", persona: "casting_director", sql: `select count(*) from public.talent_profiles` },
    { name: "anon board: public talent in a city", persona: "anon", sql:
      `select id, stage_name from public.talent_profiles where city = 'Chennai' order by id limit 50` },
    { name: "talent: own profile", persona: "talent", sql: `select id, stage_name from public.talent_profiles where user_id = auth.uid()` },
    { name: "talent: own submissions", persona: "talent", sql: `select id, status from public.submissions` },
    { name: "CD: a role's submissions, top 100", persona: "casting_director", sql:
      `select id, talent_id, status from public.submissions where casting_role_id = '${role}' order by created_at limit 100` },
    { name: "CD: contacts of submitters", persona: "casting_director", sql: `select talent_id, phone from public.talent_contacts limit 100` },
    { name: "producer: a shortlist", persona: "producer", sql:
      `select talent_id, rank from public.shortlist_items where shortlist_id = '${shortlist}' order by rank` },
  ];

  const run = async (q: Query, rls: boolean) => {
    let rows = 0;
    const s = await timeIt(async () => {
      await sql.begin(async (tx) => {
        const uid = users[q.persona];
        const role = uid ? "authenticated" : "anon";
        await tx`select set_config('request.jwt.claim.sub', ${uid ?? ""}, true), set_config('request.jwt.claim.role', ${role}, true),
                        set_config('request.jwt.claims', ${JSON.stringify({ sub: uid, role })}, true)`;
        if (rls) await tx.unsafe(`set local role ${role}`);
        rows = (await tx.unsafe(q.sql)).length;
      });
    }, iterations);
    return { stats: s, rows };
  };

  const results: Array<{ name: string; persona: Persona; rows: number; rowsWithoutRls: number; rls: Stats; bypass: Stats; ratio: number }> = [];
  const qbar = progress("timing queries", queries.length);
  for (const [i, q] of queries.entries()) {
    const bypass = await run(q, false);
    const rls = await run(q, true);
    results.push({ name: q.name, persona: q.persona, rows: rls.rows, rowsWithoutRls: bypass.rows, rls: rls.stats, bypass: bypass.stats,
                   ratio: Math.round((rls.stats.p50 / bypass.stats.p50) * 100) / 100 });
    qbar.update(i + 1);
  }
  qbar.finish();

  if (args.json) {
    console.log(JSON.stringify({ benchmark: "rls", profiles, iterations, loadSeconds, queries: results }, null, 2));
  } else {
    log("");
    log(`query                                  persona            rows   p50 RLS   p95 RLS   p50 owner   ratio`);
    for (const r of results) {
      log(`${r.name.padEnd(38)} ${r.persona.padEnd(17)} ${String(r.rows).padStart(5)} ${r.rls.p50.toFixed(2).padStart(8)}ms ${r.rls.p95.toFixed(2).padStart(8)}ms ${r.bypass.p50.toFixed(2).padStart(9)}ms ${r.ratio.toFixed(2).padStart(6)}×`);
    }
    log("\np50 under RLS (ms)");
    log(barChart(results.map((r) => ({ label: r.name, value: r.rls.p50, note: `${r.ratio}× the owner's` })), "ms"));
  }
} finally {
  await sql.end();
  await scratch.drop();
  server.stop();
}
