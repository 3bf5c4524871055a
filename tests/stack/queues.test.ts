// The shared queue (sql/05_queues.sql) under concurrent workers: every item is claimed by exactly
// one of them, and (native, where sessions really overlap) a claim skips the items another
// worker's open transaction holds instead of waiting for it. The single-session rules (leases,
// backoff, dead letters, privileges) are in tests/db/023_queues.sql.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, prepareDatabase, type Database } from "../../stack/database.ts";
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
