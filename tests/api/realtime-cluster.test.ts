// More than one process: two stacks on one native database serve one set of clients, with
// PostgreSQL (LISTEN/NOTIFY) as the bus between them. A broadcast and a presence change on one
// reach subscribers on the other; each Postgres change reaches each subscriber once, whichever
// stack holds its socket. Embedded PGlite is one process by design: there the same clients share
// the test stack, and the same assertions hold.
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateKeys, readProjectConfig, signJwt } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { nativeServerUrl, scratchDatabase, type Scratch } from "../support/backend.ts";

const shared = inject("stack");
let stacks: Stack[] = [];
let scratch: Scratch | undefined;
let urls: [string, string];
let keys: { publishableKey: string; secretKey: string; jwtSecret: string };
let sql: postgres.Sql;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  if (nativeServerUrl) {
    scratch = await scratchDatabase();
    const k = generateKeys();
    // Functions and schedules play no part here; without them a stack starts in seconds.
    const config = { ...readProjectConfig(), functions: {} };
    const options = { keys: k, port: 0, dbPort: null, databaseUrl: scratch.databaseUrl, config, scheduleEveryMs: 0, seed: false };
    stacks.push(await startStack(options));
    stacks.push(await startStack(options));
    urls = [stacks[0]!.apiUrl, stacks[1]!.apiUrl];
    keys = k;
    sql = postgres(scratch.databaseUrl!, { max: 1, onnotice: () => {} });
  } else {
    urls = [shared.apiUrl, shared.apiUrl];
    keys = shared;
    sql = postgres(shared.dbUrl!, { max: 1, onnotice: () => {} });
  }
  await sql.unsafe(`
    create schema if not exists rt_cluster;
    grant usage on schema rt_cluster to authenticated;
    create table if not exists rt_cluster.items (id int primary key, owner uuid not null, label text);
    alter table rt_cluster.items enable row level security;
    grant select on rt_cluster.items to authenticated;
    drop policy if exists "Owners read their items" on rt_cluster.items;
    create policy "Owners read their items" on rt_cluster.items for select to authenticated using (owner = (select auth.uid()));
    do $$ begin
      if not exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'rt_cluster') then
        alter publication supabase_realtime add table rt_cluster.items;
      end if;
    end $$;`);
}, 300_000);

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels().catch(() => {});
  await sql?.end({ timeout: 1 });
  for (const s of stacks) await s.stop();
  stacks = [];
  await scratch?.drop();
});

async function on(stackIndex: 0 | 1, token: string | null): Promise<SupabaseClient> {
  const c = createClient(urls[stackIndex], keys.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  if (token) await c.realtime.setAuth(token);
  clients.push(c);
  return c;
}

function subscribe(channel: RealtimeChannel): Promise<void> {
  return new Promise((resolve, reject) => channel.subscribe((status, error) => {
    if (status === "SUBSCRIBED") resolve();
    else if (status !== "CLOSED") reject(new Error(`${status}: ${error?.message ?? ""}`));
  }));
}

async function until<T>(probe: () => T | undefined | null | false, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`Realtime across ${nativeServerUrl ? "two stacks on one native database" : "the embedded stack"}`, () => {
  it("a broadcast and presence on one stack reach a subscriber on the other", async () => {
    const a = (await on(0, null)).channel("cluster-room", { config: { presence: { key: "a" } } }).on("presence", { event: "sync" }, () => {});
    const heard: unknown[] = [];
    const b = (await on(1, null)).channel("cluster-room", { config: { presence: { key: "b" } } })
      .on("broadcast", { event: "ping" }, (m) => heard.push(m.payload))
      .on("presence", { event: "sync" }, () => {});
    await Promise.all([subscribe(a), subscribe(b)]);
    await a.send({ type: "broadcast", event: "ping", payload: { from: "a" } });
    await until(() => heard.length === 1, "the broadcast on the other stack");
    expect(heard).toEqual([{ from: "a" }]);
    expect(await a.track({ at: "stack 0" })).toBe("ok");
    await until(() => b.presenceState().a, "A's presence on the other stack");
    expect(await b.track({ at: "stack 1" })).toBe("ok");
    await until(() => a.presenceState().b, "B's presence on the first stack");
    await b.untrack();
    await until(() => !a.presenceState().b, "B's leave on the first stack");
  });

  it("each change reaches each subscriber once, under that subscriber's RLS", async () => {
    const [owner, other] = [crypto.randomUUID(), crypto.randomUUID()];
    const token = (sub: string) => signJwt(keys.jwtSecret, { sub, role: "authenticated", aud: "authenticated" }, 600);
    const seen: Record<string, number[]> = { a: [], b: [], c: [] };
    const watch = async (stackIndex: 0 | 1, sub: string, name: string) => {
      const ch = (await on(stackIndex, await token(sub))).channel(`cluster-${name}`)
        .on("postgres_changes" as never, { event: "INSERT", schema: "rt_cluster", table: "items" } as never, (p: { new: { id: number } }) => seen[name]!.push(p.new.id));
      await subscribe(ch);
    };
    await watch(0, owner, "a");
    await watch(1, owner, "b");
    await watch(1, other, "c");
    const base = Math.floor(Math.random() * 1e6) * 10;
    await sql`insert into rt_cluster.items values (${base + 1}, ${owner}, 'mine')`;
    await sql`insert into rt_cluster.items values (${base + 2}, ${other}, 'theirs')`;
    await until(() => seen.a!.length && seen.b!.length && seen.c!.length, "every subscriber's event");
    await sql`insert into rt_cluster.items values (${base + 3}, ${other}, 'sentinel for a and b')`;
    await sql`insert into rt_cluster.items values (${base + 4}, ${owner}, 'sentinel')`;
    await until(() => seen.a!.includes(base + 4) && seen.b!.includes(base + 4) && seen.c!.includes(base + 3), "the sentinels");
    expect(seen.a).toEqual([base + 1, base + 4]);
    expect(seen.b).toEqual([base + 1, base + 4]);
    expect(seen.c).toEqual([base + 2, base + 3]);
  });

  // (one process only on embedded PGlite: nothing to stop there but the shared stack)
  if (nativeServerUrl) it("a stack that stops takes its presences with it; its clients rejoin when it is back", async () => {
    const leaver = await on(0, null);
    const heard: unknown[] = [];
    const a = leaver.channel("cluster-leave", { config: { presence: { key: "leaver" } } })
      .on("presence", { event: "sync" }, () => {})
      .on("broadcast", { event: "hello" }, (m) => heard.push(m.payload));
    const b = (await on(1, null)).channel("cluster-leave", { config: { presence: { key: "stayer" } } }).on("presence", { event: "sync" }, () => {});
    await Promise.all([subscribe(a), subscribe(b)]);
    await a.track({ here: true });
    await until(() => b.presenceState().leaver, "the leaver's presence");
    const port = Number(new URL(urls[0]).port);
    await stacks[0]!.stop(); // as Ctrl-C does: every socket closed cleanly
    await until(() => !b.presenceState().leaver, "the leaver gone with its stack");
    await until(() => a.state !== "joined", "the client to notice");
    // The same stack back on the same port: realtime-js reconnects and rejoins by itself.
    stacks[0] = await startStack({ keys: { ...keys }, port, dbPort: null, databaseUrl: scratch!.databaseUrl,
      config: { ...readProjectConfig(), functions: {} }, scheduleEveryMs: 0, seed: false });
    await until(() => a.state === "joined", "the rejoin", 30_000);
    await b.send({ type: "broadcast", event: "hello", payload: { again: true } });
    await until(() => heard.length === 1, "a broadcast after the restart");
  }, 90_000);
});
