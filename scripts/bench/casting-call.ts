// A casting call's peak, simulated against the local stack (`npm start` in its own process, on
// loopback): 2,000 talent submit to one open role within about a minute (arrivals spread at
// random, each with an Idempotency-Key, retried on a network error, a 5xx or a 429), while 20
// casting directors search, read the new submissions and shortlist, and 300 invited talent race
// for 100 audition seats (4 slots of 25, all at once). Accounts are made in SQL as the owner.
//
//   npm run bench:casting-call [-- --native] [--json] [--talent 2000] [--seconds 60] [--directors 20]
//                              [--invited 300] [--seats 100] [--think-ms 500] [--no-rate-limits] [--config <file>]
//
// It passes when there was no 5xx, every submission the talent sent is stored exactly once, and
// exactly `--seats` seats are booked (never more than a slot holds, never two for one talent); it
// exits 1 otherwise. Reports p50/p95/p99 per request type. Bounded: it stops by itself (a hard
// deadline of --seconds + 120 s). Rate limits stay as configured (a casting call's honest burst
// must pass them); --no-rate-limits turns them off (CASTMATCH_RATE_LIMITS=off).
import { parseArgs } from "node:util";
import postgres from "postgres";
import { stats, type Stats } from "../lib/bench.ts";
import { accessToken, createCastingDirectors, createProject, createTalent, drainEmbeddingQueue, dropEmbeddingJobs, type BenchTalent, type BenchUser } from "../lib/load-fixtures.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";
import { loadAverage, processTreeCpuMs } from "../lib/proc-cpu.ts";
import { startStackProcess, type StackProcess } from "../lib/stack-process.ts";

const { values: args } = parseArgs({
  options: {
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    talent: { type: "string", default: "2000" },
    seconds: { type: "string", default: "60" },
    directors: { type: "string", default: "20" },
    invited: { type: "string", default: "300" },
    seats: { type: "string", default: "100" },
    "think-ms": { type: "string", default: "500" },
    "rate-limits": { type: "boolean", default: true },
    config: { type: "string" },
  },
  allowNegative: true,
});
const TALENT = Number(args.talent);
const SECONDS = Number(args.seconds);
const DIRECTORS = Number(args.directors);
const INVITED = Number(args.invited);
const SEATS = Number(args.seats);
const THINK_MS = Number(args["think-ms"]);
const SLOTS = 4;
for (const [name, v] of Object.entries({ talent: TALENT, seconds: SECONDS, directors: DIRECTORS, invited: INVITED, seats: SEATS })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
}
if (SEATS % SLOTS !== 0 || SEATS / SLOTS > 500) throw new Error(`--seats must be a multiple of ${SLOTS} (at most ${SLOTS * 500})`);
const DEADLINE_MS = (SECONDS + 120) * 1000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const backend = args.native ? "native" : "embedded";

// ---- per request type: latency of every answer, statuses, retries
type Kind = "submit" | "talent-search" | "list submissions" | "shortlist" | "book seat";
type Tally = { ms: number[]; statuses: Record<string, number>; networkErrors: number; retries: number };
const tallies = new Map<Kind, Tally>();
const tally = (kind: Kind) => {
  let t = tallies.get(kind);
  if (!t) tallies.set(kind, (t = { ms: [], statuses: {}, networkErrors: 0, retries: 0 }));
  return t;
};
let stopping = false;
const started = Date.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One HTTP call, timed and counted. Retries (same request, so the same Idempotency-Key) on a
 *  network error, a 5xx or a 429 (after its Retry-After), as a careful client would. */
async function call(kind: Kind, url: string, init: RequestInit, retry: boolean): Promise<{ status: number; body: unknown }> {
  const t = tally(kind);
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    let status = 0;
    let body: unknown = null;
    let retryAfter = 0;
    try {
      const response = await fetch(url, init);
      status = response.status;
      retryAfter = Number(response.headers.get("retry-after") ?? 0);
      const text = await response.text();
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      t.ms.push(performance.now() - t0);
      t.statuses[status] = (t.statuses[status] ?? 0) + 1;
    } catch {
      t.networkErrors++;
    }
    const again = status === 0 || status >= 500 || status === 429;
    if (!again || !retry || attempt >= 5 || Date.now() - started > DEADLINE_MS) return { status, body };
    t.retries++;
    await sleep(status === 429 ? Math.min(Math.max(retryAfter, 1), 10) * 1000 : 200 * 2 ** attempt);
  }
}

let server: NativeServer | undefined;
let scratch: { url: string; drop(): Promise<void> } | undefined;
let stack: StackProcess | undefined;
let sql: postgres.Sql | undefined;
let report: Record<string, unknown> = {};
let passed = false;

try {
  if (args.native) {
    server = await nativeServer();
    scratch = await createScratchDatabase(server.url, "castmatch_call");
  }
  log(`starting the stack (${backend})…`);
  const env: Record<string, string> = {};
  if (!args["rate-limits"]) env.CASTMATCH_RATE_LIMITS = "off";
  stack = await startStackProcess({ databaseUrl: scratch?.url, env, configFile: args.config });
  const api = stack.apiUrl;
  const key = stack.keys.publishableKey;
  sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  await drainEmbeddingQueue(sql, api, stack.keys.secretKey); // the demo seed's vectors, before the call

  // ---- the casting call, in SQL as the owner
  log(`making ${TALENT + INVITED} talent, ${DIRECTORS} casting directors, a project with two roles and ${SLOTS} audition slots…`);
  const tag = `call${Date.now().toString(36)}`;
  const project = { id: await createProject(sql, `Open call ${tag}`, "cd@castmatch.test") };
  const [openRole, auditionRole] = await sql<{ id: string }[]>`
    insert into public.casting_roles (project_id, name, description, status, submission_deadline)
    values (${project.id}, 'Ensemble: open call', 'Anyone may submit.', 'open', now() + interval '7 days'),
           (${project.id}, 'Ensemble: auditions', 'Invited talent book a seat.', 'open', now() + interval '7 days')
    returning id`;
  const talent = await createTalent(sql, TALENT + INVITED, tag);
  await dropEmbeddingJobs(sql, talent);
  const submitting = talent.slice(0, TALENT);
  const invited = talent.slice(TALENT);
  const directors = await createCastingDirectors(sql, DIRECTORS, tag, project.id);
  // The invited already submitted and were asked to audition (the owner moves them: no trigger asks who).
  await sql`insert into public.submissions (casting_role_id, talent_id) select ${auditionRole!.id}, unnest(${invited.map((t) => t.talentId)}::uuid[])`;
  await sql`update public.submissions set status = 'audition_requested' where casting_role_id = ${auditionRole!.id}`;
  const slots = await sql<{ id: string }[]>`
    insert into public.audition_slots (casting_role_id, starts_at, ends_at, capacity, location)
    select ${auditionRole!.id}, date_trunc('hour', now()) + interval '1 day' + (g * interval '2 hours'),
           date_trunc('hour', now()) + interval '1 day' + (g * interval '2 hours') + interval '90 minutes',
           ${SEATS / SLOTS}, 'Studio 3, Film City, Goregaon'
    from generate_series(0, ${SLOTS - 1}::int) g returning id`;
  const shortlists = await sql<{ id: string }[]>`
    insert into public.shortlists (casting_role_id, name)
    select ${openRole!.id}, 'First look: ' || g from generate_series(1, ${DIRECTORS}::int) g returning id`;

  const headers = (token: string, more: Record<string, string> = {}) => ({ apikey: key, authorization: `Bearer ${token}`, "content-type": "application/json", ...more });
  const tokenOf = new Map<string, string>();
  for (const u of [...talent, ...directors] as BenchUser[]) tokenOf.set(u.userId, await accessToken(stack.keys.jwtSecret, u));

  // ---- the clients
  const accepted = new Set<string>(); // talent whose submit was answered 2xx
  const gaveUp: string[] = [];
  const submitOne = async (t: BenchTalent) => {
    const { status } = await call("submit", `${api}/functions/v1/submit`, {
      method: "POST",
      headers: headers(tokenOf.get(t.userId)!, { "idempotency-key": `${tag}-${t.talentId}` }),
      body: JSON.stringify({ casting_role_id: openRole!.id, talent_id: t.talentId, cover_note: "Theatre background; available all of next month." }),
    }, true);
    if (status >= 200 && status < 300) accepted.add(t.talentId);
    else gaveUp.push(`${t.talentId}: ${status}`);
  };
  const talentClients = submitting.map(async (t) => {
    await sleep(Math.random() * SECONDS * 1000); // arrivals spread over the minute
    await submitOne(t);
  });

  const booked = new Map<string, string>(); // talent → slot
  const raceAt = Math.min(20, SECONDS / 3) * 1000;
  const invitedClients = invited.map(async (t, i) => {
    await sleep(raceAt + Math.random() * 500); // the invitation email lands: all at once
    for (let k = 0; k < SLOTS; k++) {
      const slot = slots[(i + k) % SLOTS]!.id;
      const { status } = await call("book seat", `${api}/rest/v1/audition_bookings`, {
        method: "POST",
        headers: headers(tokenOf.get(t.userId)!, { prefer: "return=minimal" }),
        body: JSON.stringify({ slot_id: slot, talent_id: t.talentId }),
      }, true);
      if (status >= 200 && status < 300) {
        booked.set(t.talentId, slot);
        return;
      }
      // 400 "the audition slot is full": try the next slot; anything else: stop
      if (status !== 400) return;
    }
  });

  const queries = [
    "street-smart Mumbai college girl who can dance, fluent Marathi",
    "weathered taxi driver, dry humour, Hindi",
    "theatre actor for a crime drama, Mumbai",
    "young lawyer, sharp, Marathi family",
  ];
  let talentDone = false;
  const directorClients = directors.map(async (d, i) => {
    const token = tokenOf.get(d.userId)!;
    const listed = new Set<string>();
    await sleep(Math.random() * 1000);
    for (let round = 0; !talentDone && !stopping && Date.now() - started < DEADLINE_MS; round++) {
      await call("talent-search", `${api}/functions/v1/talent-search`, {
        method: "POST", headers: headers(token), body: JSON.stringify({ query: queries[(i + round) % queries.length], limit: 20 }),
      }, false);
      await sleep(THINK_MS);
      const { status, body } = await call("list submissions",
        `${api}/rest/v1/submissions?select=id,talent_id,status,created_at&casting_role_id=eq.${openRole!.id}&order=created_at.desc&limit=20`,
        { headers: headers(token) }, false);
      await sleep(THINK_MS);
      const fresh = status === 200 && Array.isArray(body) ? (body as Array<{ talent_id: string }>).find((s) => !listed.has(s.talent_id)) : undefined;
      if (fresh) {
        listed.add(fresh.talent_id);
        await call("shortlist", `${api}/rest/v1/shortlist_items`, {
          method: "POST", headers: headers(token, { prefer: "return=minimal" }),
          body: JSON.stringify({ shortlist_id: shortlists[i]!.id, talent_id: fresh.talent_id, rank: round, note: "Good energy in the reel." }),
        }, false);
        await sleep(THINK_MS);
      }
    }
  });

  log(`the call opens: ${TALENT} submissions over ${SECONDS} s, ${DIRECTORS} casting directors, ${INVITED} invited talent race for ${SEATS} seats at ${raceAt / 1000} s…`);
  const load0 = loadAverage();
  const cpu0 = processTreeCpuMs(stack.pid);
  const t0 = Date.now();
  const progressTimer = setInterval(() => {
    const s = tally("submit");
    log(`  ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s: ${accepted.size.toLocaleString("en-IN")} submitted, ${booked.size} seats booked, ${tally("talent-search").ms.length} searches${s.retries ? `, ${s.retries} submit retries` : ""}`);
  }, 10_000);
  const hardStop = setTimeout(() => (stopping = true), DEADLINE_MS);
  await Promise.all([...talentClients, ...invitedClients]);
  talentDone = true;
  await Promise.all(directorClients);
  clearInterval(progressTimer);
  clearTimeout(hardStop);
  const wall = (Date.now() - t0) / 1000;
  const cpu1 = processTreeCpuMs(stack.pid);

  // ---- what the database holds
  const [subs] = await sql<{ rows: number; talent: number }[]>`
    select count(*)::int as rows, count(distinct talent_id)::int as talent from public.submissions where casting_role_id = ${openRole!.id}`;
  const stored = new Set((await sql<{ talent_id: string }[]>`
    select talent_id from public.submissions where casting_role_id = ${openRole!.id}`).map((r) => r.talent_id));
  const lost = [...accepted].filter((id) => !stored.has(id));
  const [bookings] = await sql<{ rows: number; talent: number; fullest: number }[]>`
    select count(*)::int as rows, count(distinct talent_id)::int as talent,
           coalesce(max(n), 0)::int as fullest
    from public.audition_bookings b
    left join lateral (select count(*) as n from public.audition_bookings x where x.slot_id = b.slot_id and x.status = 'booked') c on true
    where b.casting_role_id = ${auditionRole!.id} and b.status = 'booked'`;
  const [items] = await sql<{ n: number }[]>`select count(*)::int as n from public.shortlist_items where casting_role_id = ${openRole!.id}`;

  const five = [...tallies.values()].reduce((a, t) => a + Object.entries(t.statuses).filter(([s]) => Number(s) >= 500).reduce((x, [, n]) => x + n, 0), 0);
  const byType: Record<string, Stats & { statuses: Record<string, number>; networkErrors: number; retries: number }> = {};
  for (const [kind, t] of tallies) if (t.ms.length) byType[kind] = { ...stats(t.ms), statuses: t.statuses, networkErrors: t.networkErrors, retries: t.retries };
  const checks = {
    no5xx: five === 0,
    everySubmissionStoredOnce: subs!.rows === subs!.talent && lost.length === 0 && subs!.rows === accepted.size && gaveUp.length === 0,
    exactlySeatsBooked: bookings!.rows === SEATS && bookings!.talent === SEATS && bookings!.fullest <= SEATS / SLOTS,
    // each director shortlists a submission it has not seen before: every attempt is stored
    everyShortlistStored: (tallies.get("shortlist")?.statuses[201] ?? 0) === items!.n && items!.n > 0 &&
      Object.keys(tallies.get("shortlist")?.statuses ?? {}).every((s) => s === "201"),
  };
  passed = Object.values(checks).every(Boolean);
  report = {
    backend, seconds: SECONDS, wallSeconds: Math.round(wall * 10) / 10,
    loadAverage: { before: load0, after: loadAverage() },
    stackCpuSeconds: Math.round((cpu1.self + cpu1.children - cpu0.self - cpu0.children) / 100) / 10,
    submissions: { talent: TALENT, acceptedByApi: accepted.size, stored: subs!.rows, distinctTalent: subs!.talent, lost: lost.length, gaveUp: gaveUp.slice(0, 10) },
    auditions: { invited: INVITED, seats: SEATS, booked: bookings!.rows, distinctTalent: bookings!.talent, fullestSlot: bookings!.fullest, clientsWithASeat: booked.size },
    shortlisted: items!.n,
    requests: byType,
    checks,
    passed,
  };
} finally {
  stopping = true;
  await sql?.end().catch(() => {});
  await stack?.stop().catch(() => {});
  stack?.dispose();
  await scratch?.drop().catch(() => {});
  server?.stop();
}

if (args.json) console.log(JSON.stringify(report, null, 2));
else {
  const r = report as { submissions: Record<string, unknown>; auditions: Record<string, unknown>; requests: Record<string, Stats & { statuses: Record<string, number>; retries: number; networkErrors: number }>; checks: Record<string, boolean> };
  console.log(`\nbench:casting-call on ${backend}: ${report.wallSeconds} s; load average ${JSON.stringify(report.loadAverage)} (2 cores shared); stack CPU ${report.stackCpuSeconds} s`);
  console.log(`submissions: ${JSON.stringify(r.submissions)}`);
  console.log(`auditions:   ${JSON.stringify(r.auditions)}`);
  console.log(`shortlisted: ${report.shortlisted}`);
  console.log("\n  request type          n      p50     p95     p99     max (ms)  statuses");
  for (const [kind, s] of Object.entries(r.requests)) {
    console.log(`  ${kind.padEnd(18)} ${String(s.n).padStart(5)} ${s.p50.toFixed(0).padStart(8)} ${s.p95.toFixed(0).padStart(7)} ${s.p99.toFixed(0).padStart(7)} ${s.max.toFixed(0).padStart(7)}     ${JSON.stringify(s.statuses)}${s.retries ? ` retries ${s.retries}` : ""}${s.networkErrors ? ` network errors ${s.networkErrors}` : ""}`);
  }
  console.log(`\n${Object.entries(r.checks).map(([k, v]) => `${v ? "✔" : "✘"} ${k}`).join("   ")}`);
  console.log(passed ? "PASS" : "FAIL");
}
process.exit(passed ? 0 : 1);
