// The shared queue (sql/05_queues.sql) under concurrent workers: every item is claimed by exactly
// one of them, and (native, where sessions really overlap) a claim skips the items another
// worker's open transaction holds instead of waiting for it. The single-session rules (leases,
// backoff, dead letters, privileges) are in tests/db/023_queues.sql. Last: a database of the last
// release keeps its queued rows queued, and its dead ones dead, across migration 20261203090000.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, openDatabase, prepareDatabase, type Database } from "../../stack/database.ts";
import { backendName, nativeServerUrl, scratchDatabase, type Scratch } from "../support/backend.ts";

const JOBS = 60;
const CLAIM = "select id from private.queue_claim(null::public.test_jobs, 4, 60, 3)";

describe(`the shared queue on ${backendName}`, () => {
  let db: Database;
  let scratch: Scratch;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    await prepareDatabase(db, { seed: false, backup: false });
    await db.exec(`create table public.test_jobs (id integer primary key, attempts smallint not null default 0,
      next_attempt_at timestamptz default now(), locked_until timestamptz, last_error text)`);
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  /** Runs `workers` claim loops at once until the queue is empty; returns who got what. */
  async function drainWith(workers: number, claim: (worker: number) => Promise<number[]>): Promise<number[][]> {
    await db.exec(`truncate public.test_jobs; insert into public.test_jobs (id) select generate_series(1, ${JOBS})`);
    return Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        const got: number[] = [];
        for (;;) {
          const ids = await claim(w);
          if (!ids.length) return got;
          got.push(...ids);
        }
      }),
    );
  }

  it("workers claiming at once each get their own items, and together every item once", async () => {
    let claims: number[][];
    if (nativeServerUrl) {
      // one connection per worker: the claims really run side by side
      const pools = Array.from({ length: 4 }, () => postgres(db.url!, { max: 1, onnotice: () => {} }));
      try {
        claims = await drainWith(4, async (w) => (await pools[w]!.unsafe(CLAIM)).map((r) => r.id as number));
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
    } else {
      // PGlite has one session: the workers' claims interleave statement by statement
      claims = await drainWith(4, async () => (await db.query<{ id: number }>(CLAIM)).map((r) => r.id));
    }
    const all = claims.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: JOBS }, (_, i) => i + 1));
    expect(claims.filter((c) => c.length > 0).length).toBeGreaterThan(nativeServerUrl ? 1 : 0);
  });

  if (nativeServerUrl) {
    it("a claim skips what another worker's open transaction holds, without waiting for it", async () => {
      await db.exec(`truncate public.test_jobs; insert into public.test_jobs (id) select generate_series(1, 8)`);
      const a = postgres(db.url!, { max: 1, onnotice: () => {} });
      const b = postgres(db.url!, { max: 1, onnotice: () => {} });
      try {
        let release!: () => void;
        const bDone = new Promise<void>((resolve) => (release = resolve));
        let aClaimed!: (ids: number[]) => void;
        const aIds = new Promise<number[]>((resolve) => (aClaimed = resolve));
        const first = a.begin(async (tx) => {
          aClaimed((await tx.unsafe(CLAIM)).map((r) => r.id as number));
          await bDone; // A's transaction stays open (its rows locked, its leases uncommitted) until B has claimed
        });
        const heldByA = await aIds;
        const started = Date.now();
        const byB = (await b.unsafe(CLAIM)).map((r) => r.id as number);
        const waited = Date.now() - started;
        release();
        await first;
        expect(heldByA).toEqual([1, 2, 3, 4]);
        expect(byB).toEqual([5, 6, 7, 8]);
        // had B waited for A's locks it would never have returned (A waits for B): a generous bound
        expect(waited, `B's claim took ${waited} ms`).toBeLessThan(10_000);
      } finally {
        await Promise.all([a.end(), b.end()]);
      }
    });
  }
});

describe(`upgrading the four queues on ${backendName}`, () => {
  it("keeps what the last release had queued queued, and what had died dead", async () => {
    const scratch = await scratchDatabase();
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    try {
      const all = listMigrations();
      await prepareDatabase(db, { migrations: all.filter((m) => m.version < "20261203090000"), seed: true, backup: false });
      await db.exec(`
        delete from private.embedding_jobs;
        insert into private.embedding_jobs (target_table, target_id, enqueued_at, attempts, locked_until, last_error) values
          ('talent_profiles', '${id(1)}', now() - interval '1 hour', 0, null, null),
          ('talent_profiles', '${id(2)}', now() - interval '1 hour', 2, now() + interval '1 hour', 'backing off'),
          ('talent_profiles', '${id(3)}', now() - interval '1 hour', 5, null, 'gave up');
        insert into public.webhook_endpoints (id, project_id, url) select '${id(10)}', p.id, 'https://hooks.example/h' from public.projects p limit 1;
        insert into public.webhook_deliveries (id, message_id, endpoint_id, project_id, event, payload, status, attempts, next_attempt_at, delivered_at)
        select d.id::uuid, 'msg_' || md5(d.id), e.id, e.project_id, 'role.opened', '{}', d.status, d.attempts, now() - interval '1 minute', d.delivered_at
          from public.webhook_endpoints e,
               (values ('${id(11)}', 'pending', 1, null::timestamptz), ('${id(12)}', 'delivered', 1, now()), ('${id(13)}', 'dead', 8, null)) d (id, status, attempts, delivered_at)
         where e.id = '${id(10)}';
        insert into public.notifications (id, email_to, kind, title, emailed_at) values
          ('${id(21)}', 'waiting@example.com', 'test.upgrade', 'Not emailed yet', null),
          ('${id(22)}', 'done@example.com', 'test.upgrade', 'Emailed', now());
        insert into private.storage_removals (bucket_id, name) values ('headshots', 'upgrade/left-behind.jpg');
      `);
      const applied = await prepareDatabase(db, { migrations: all, backup: false });
      expect(applied.applied).toContain("20261203090000_queues");

      const jobs = await db.query<{ target_id: string; queued: boolean }>(
        "select target_id, next_attempt_at is not null as queued from private.embedding_jobs order by target_id");
      expect(jobs).toEqual([{ target_id: id(1), queued: true }, { target_id: id(2), queued: true }, { target_id: id(3), queued: false }]);
      const claimedJobs = await db.query<{ target_id: string }>("select target_id from public.claim_embedding_jobs(100, 60)");
      expect(claimedJobs.map((j) => j.target_id)).toEqual([id(1)]); // the second still backs off; the third is dead

      const deliveries = await db.query<{ id: string; status: string; queued: boolean }>(
        `select id, status, next_attempt_at is not null as queued from public.webhook_deliveries where endpoint_id = '${id(10)}' order by id`);
      expect(deliveries).toEqual([
        { id: id(11), status: "pending", queued: true }, { id: id(12), status: "delivered", queued: false }, { id: id(13), status: "dead", queued: false },
      ]);
      const claimedDeliveries = await db.query<{ id: string }>("select id from public.claim_webhook_deliveries(200)");
      expect(claimedDeliveries.map((d) => d.id)).toContain(id(11));
      expect(claimedDeliveries.map((d) => d.id)).not.toContain(id(12));
      expect(claimedDeliveries.map((d) => d.id)).not.toContain(id(13));

      const emails = (await db.query<{ id: string }>("select id from public.claim_notification_emails(500)")).map((e) => e.id);
      expect(emails).toContain(id(21));
      expect(emails).not.toContain(id(22));

      const removals = await db.query("select name, attempts, next_attempt_at <= now() as due from private.storage_removals");
      expect(removals).toEqual([{ name: "upgrade/left-behind.jpg", attempts: 0, due: true }]);
    } finally {
      await db.close();
      await scratch.drop();
    }
  }, 240_000);
});
