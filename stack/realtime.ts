// Supabase Realtime at /realtime/v1, on the gateway's port: the Phoenix channel protocol that
// realtime-js speaks (stack/realtime-protocol.ts), with
//   - postgres_changes under each subscriber's RLS (stack/realtime-changes.ts),
//   - broadcast (with self and ack) and presence, on public channels and on private channels
//     authorized by the project's RLS policies on realtime.messages (realtime.topic()),
//   - realtime.send() / realtime.broadcast_changes() from SQL, and the REST broadcast API,
//   - access tokens verified at join and on every refresh; a channel closes when its token expires,
//   - Supabase's limits and error replies ([realtime] in supabase/config.toml).
// On a native database, several stacks can serve one set of clients: broadcasts and presence
// travel between them by NOTIFY; each stack delivers Postgres changes to its own subscribers.
// Nothing here knows the project: topics, tables and policies come from its SQL.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { compactVerify, errors as joseErrors } from "jose";
import { WebSocketServer, type WebSocket } from "ws";
import type { Keys } from "./config.ts";
import type { Database } from "./database.ts";
import { jsonResponse } from "./functions.ts";
import { ChangeFeed, parseFilters, type ChangeEvent, type ChangeSubscriber, type PgSubscription } from "./realtime-changes.ts";
import { realtimeDb, type RealtimeDb } from "./realtime-db.ts";
import { decode, encode, encodeBroadcast, payloadBytes, ProtocolError, type Frame, type Incoming, type UserPayload, type Vsn } from "./realtime-protocol.ts";

/** [realtime] in supabase/config.toml; Supabase's defaults (tenant settings of supabase/realtime). */
export type RealtimeLimits = {
  maxConcurrentUsers: number;
  maxChannelsPerClient: number;
  maxJoinsPerSecond: number;
  maxEventsPerSecond: number;
  maxPayloadSizeKb: number;
};
export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  maxConcurrentUsers: 200,
  maxChannelsPerClient: 100,
  maxJoinsPerSecond: 100,
  maxEventsPerSecond: 100,
  maxPayloadSizeKb: 3000,
};

export type RealtimeOptions = {
  database: Database;
  keys: Keys;
  limits?: Partial<RealtimeLimits>;
  log?: ((line: string) => void) | undefined;
  /** The clock tokens are checked against (ms); tests may move it. */
  now?: () => number;
};

type Identity = { token: string; role: string; claims: Record<string, unknown>; claimsText: string; exp: number | null };
type Policies = { broadcast: { read: boolean; write: boolean }; presence: { read: boolean; write: boolean } };
type PresenceEntry = { meta: Record<string, unknown>; node: string };
type PresenceMap = Map<string, Map<string, PresenceEntry>>; // key -> phx_ref -> meta

const API_ROLES = new Set(["anon", "authenticated", "service_role"]);
const TOKEN_RECHECK_MS = 5 * 60_000;
const HOUSEKEEPING_MS = 30_000;
const BUS = "realtime_bus";

class Counter {
  #second = 0;
  #count = 0;
  constructor(private readonly now: () => number) {}
  /** Counts one; true while within `limit` per second. */
  take(limit: number): boolean {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#count = 0;
    }
    return ++this.#count <= limit;
  }
}

class Connection {
  readonly channels = new Map<string, Channel>();
  constructor(readonly ws: WebSocket, readonly vsn: Vsn) {}

  send(frame: Frame): void {
    this.raw(encode(this.vsn, frame));
  }
  raw(data: string | Buffer): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(data);
  }
  reply(frame: Incoming, status: "ok" | "error", response: unknown): void {
    this.send({ join_ref: frame.join_ref, ref: frame.ref, topic: frame.topic, event: "phx_reply", payload: { status, response } });
  }
}

class Channel implements ChangeSubscriber {
  readonly uid = randomUUID();
  policies: Policies | null = null;
  pgSubs: PgSubscription[] = [];
  presenceKey = "";
  presenceRef: string | null = null;
  expiryTimer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(
    readonly conn: Connection,
    readonly topic: string, // "realtime:<name>"
    readonly name: string,
    readonly joinRef: string | null,
    readonly isPrivate: boolean,
    public identity: Identity,
    readonly self: boolean,
    readonly ack: boolean,
    public presenceEnabled: boolean,
    readonly server: RealtimeServer,
  ) {}

  get role(): string {
    return this.identity.role;
  }
  get claimsText(): string {
    return this.identity.claimsText;
  }
  /** Public and private channels of one name are separate rooms, as on Supabase. */
  get room(): string {
    return `${this.isPrivate ? "private" : "public"}:${this.name}`;
  }
  push(event: string, payload: unknown): void {
    this.conn.send({ join_ref: this.joinRef, ref: null, topic: this.topic, event, payload });
  }
  sendChange(ids: number[], data: string): void {
    if (this.closed) return;
    // The event's JSON is shared by every subscriber of a role; only the envelope is per channel.
    const payload = `{"ids":${JSON.stringify(ids)},"data":${data}}`;
    const joinRef = JSON.stringify(this.joinRef);
    const topic = JSON.stringify(this.topic);
    this.conn.raw(this.conn.vsn === "2.0.0"
      ? `[${joinRef},null,${topic},"postgres_changes",${payload}]`
      : `{"join_ref":${joinRef},"ref":null,"topic":${topic},"event":"postgres_changes","payload":${payload}}`);
  }
  system(extension: string, status: "ok" | "error", message: string): void {
    this.push("system", { extension, status, message, channel: this.name });
  }
}

export class RealtimeServer {
  readonly node = randomUUID();
  readonly limits: RealtimeLimits;
  readonly #wss: WebSocketServer;
  readonly #db: RealtimeDb;
  readonly #feed: ChangeFeed;
  readonly #rooms = new Map<string, Set<Channel>>();
  readonly #presence = new Map<string, PresenceMap>();
  readonly #connections = new Set<Connection>();
  readonly #joins: Counter;
  readonly #events: Counter;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  readonly #secret: Uint8Array;
  #housekeeping: NodeJS.Timeout | null = null;
  #stopping = false;
  #stopped: Promise<void> | null = null;
  /** Tables that have the capture trigger, as of the last sync. */
  #captured = new Set<string>();

  private constructor(private readonly options: RealtimeOptions) {
    this.limits = { ...DEFAULT_REALTIME_LIMITS, ...options.limits };
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
    this.#secret = new TextEncoder().encode(options.keys.jwtSecret);
    this.#joins = new Counter(this.#now);
    this.#events = new Counter(this.#now);
    this.#db = realtimeDb(options.database);
    this.#feed = new ChangeFeed(this.#db, this.#log);
    // Supabase's payload limit, with room for the frame around it.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxPayloadSizeKb * 1024 + 64 * 1024 });
  }

  static async start(options: RealtimeOptions): Promise<RealtimeServer> {
    const server = new RealtimeServer(options);
    await server.#db.listen("realtime_changes", (p) => server.#feed.onNotify(p));
    await server.#db.listen("realtime_messages", (p) => void server.#onDatabaseMessage(p));
    if (server.#db.kind === "native") {
      await server.#db.listen(BUS, (p) => void server.#onBus(p));
      await server.#busSend({ k: "hello" });
    }
    await server.syncCapture();
    server.#housekeeping = setInterval(() => void server.#housekeep(), HOUSEKEEPING_MS);
    server.#housekeeping.unref();
    return server;
  }

  /** Puts the capture trigger on every table of publication supabase_realtime, and takes it off
   *  tables that left it. Run at start, periodically, and when a subscriber names a table. */
  async syncCapture(): Promise<void> {
    const rows = await this.#db.query<{ sql: string }>(`
      select format('create trigger _realtime_capture after insert or update or delete on %I.%I for each row execute function _realtime.capture()', p.schemaname, p.tablename) as sql
        from pg_publication_tables p
       where p.pubname = 'supabase_realtime' and not (p.schemaname = 'realtime' and p.tablename = 'messages')
         and not exists (select 1 from pg_trigger t where t.tgrelid = format('%I.%I', p.schemaname, p.tablename)::regclass and t.tgname = '_realtime_capture')
      union all
      select format('drop trigger _realtime_capture on %s', t.tgrelid::regclass)
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where t.tgname = '_realtime_capture' and not (n.nspname = 'realtime' and c.relname = 'messages')
         and not exists (select 1 from pg_publication_tables p where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname and p.tablename = c.relname)`);
    for (const { sql } of rows) {
      // Several stacks on one database sync at once: a trigger another made (42710) or took off
      // (42704) first is not an error.
      await this.#db.query(sql).catch((error: { code?: string }) => {
        if (error.code !== "42710" && error.code !== "42704") throw error;
      });
    }
    const captured = await this.#db.query<{ t: string }>(
      "select n.nspname || '.' || c.relname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace where g.tgname = '_realtime_capture'");
    this.#captured = new Set(captured.map((r) => r.t));
  }

  async #housekeep(): Promise<void> {
    try {
      await this.syncCapture();
      await this.#db.query("delete from _realtime.spill where created_at < now() - interval '5 minutes'");
      await this.#db.query("delete from realtime.messages where inserted_at < now() - interval '3 days'");
    } catch (error) {
      this.#log(`realtime: housekeeping failed: ${(error as Error).message}`);
    }
  }

  get stats() {
    let channels = 0;
    for (const c of this.#connections) channels += c.channels.size;
    return { connections: this.#connections.size, channels, changes: this.#feed.stats };
  }

  // ---------------------------------------------------------------- connections

  /** The gateway's 'upgrade' handler for /realtime/v1/websocket. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://localhost");
    const refuse = (status: number, message: string) => {
      const body = JSON.stringify({ message });
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Service Unavailable"}\r\n` +
        `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    };
    if (!/^\/realtime\/v1\/websocket\/?$/.test(url.pathname)) return refuse(404, "not found");
    if (this.#stopping) return refuse(503, "Realtime is restarting, please standby");
    const apikey = url.searchParams.get("apikey") ?? (request.headers["apikey"] as string | undefined) ?? null;
    const vsn: Vsn = url.searchParams.get("vsn") === "2.0.0" ? "2.0.0" : "1.0.0";
    void this.#knownApiKey(apikey).then((known) => {
      if (!known) return refuse(401, "apikey is missing or not a key of this project");
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#open(ws, vsn));
    });
  }

  /** A project key: the publishable or secret key, or a legacy JWT key signed with the project's secret. */
  async #knownApiKey(key: string | null): Promise<boolean> {
    if (!key) return false;
    const { publishableKey, secretKey } = this.options.keys;
    if (key === publishableKey || key === secretKey) return true;
    if (key.startsWith("sb_")) return false;
    try {
      await compactVerify(key, this.#secret, { algorithms: ["HS256"] });
      return true;
    } catch {
      return false;
    }
  }

  #open(ws: WebSocket, vsn: Vsn): void {
    const conn = new Connection(ws, vsn);
    this.#connections.add(conn);
    ws.on("message", (data, isBinary) => {
      let frame: Incoming;
      try {
        frame = decode(vsn, data as Buffer, isBinary);
      } catch (error) {
        this.#log(`realtime: a malformed frame (${error instanceof ProtocolError ? error.message : "not JSON"})`);
        return;
      }
      this.#onFrame(conn, frame).catch((error: Error) => this.#log(`realtime: ${frame.event} on ${frame.topic} failed: ${error.message}`));
    });
    ws.on("close", () => {
      this.#connections.delete(conn);
      for (const channel of [...conn.channels.values()]) this.#removeChannel(channel);
    });
    ws.on("error", () => {});
  }

  async #onFrame(conn: Connection, frame: Incoming): Promise<void> {
    if (frame.topic === "phoenix" && frame.event === "heartbeat") return conn.reply(frame, "ok", {});
    if (frame.event === "phx_join") return this.#join(conn, frame);
    const channel = conn.channels.get(frame.topic);
    if (!channel || channel.joinRef !== frame.join_ref && frame.join_ref !== null) {
      return conn.reply(frame, "error", { reason: "unmatched topic" });
    }
    switch (frame.event) {
      case "phx_leave":
        conn.reply(frame, "ok", {});
        this.#close(channel);
        return;
      case "broadcast":
        return this.#clientBroadcast(channel, frame);
      case "presence":
        return this.#clientPresence(channel, frame);
      case "access_token":
        return this.#refreshToken(channel, frame);
      default:
        return; // Supabase ignores other events from clients
    }
  }

  // ---------------------------------------------------------------- tokens

  async #verify(token: unknown): Promise<Identity | { error: string }> {
    const { publishableKey, secretKey } = this.options.keys;
    if (token != null && typeof token !== "string") return { error: "MalformedJWT: The token provided is not a valid JWT" };
    if (!token || token === publishableKey) return identity(token ?? "", { role: "anon" }, null);
    if (token === secretKey) return identity(token, { role: "service_role" }, null);
    if (token.startsWith("sb_")) return { error: "JwtSignatureError: Failed to validate JWT signature" };
    let claims: Record<string, unknown>;
    try {
      const { payload } = await compactVerify(token, this.#secret, { algorithms: ["HS256"] });
      claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { error: "JwtSignatureError: Failed to validate JWT signature" };
      return { error: "MalformedJWT: The token provided is not a valid JWT" };
    }
    if (typeof claims.exp !== "number" || typeof claims.role !== "string") {
      return { error: "InvalidJWTToken: Fields `role` and `exp` are required in JWT" };
    }
    const left = claims.exp - Math.floor(this.#now() / 1000);
    if (left <= 0) return { error: `InvalidJWTToken: Token has expired ${-left} seconds ago` };
    if (!API_ROLES.has(claims.role)) return { error: `Unauthorized: role ${claims.role} may not use Realtime` };
    return identity(token, claims, claims.exp);
  }

  /** Re-checks the token at its expiry (and every 5 minutes): an expired token closes the channel. */
  #scheduleExpiry(channel: Channel): void {
    if (channel.expiryTimer) clearTimeout(channel.expiryTimer);
    channel.expiryTimer = null;
    const { exp } = channel.identity;
    if (exp === null) return;
    const wait = Math.max(0, Math.min(TOKEN_RECHECK_MS, exp * 1000 - this.#now()));
    channel.expiryTimer = setTimeout(async () => {
      if (channel.closed) return;
      const checked = await this.#verify(channel.identity.token);
      if ("error" in checked) this.#shutdown(channel, checked.error.replace(/^InvalidJWTToken: /, ""));
      else this.#scheduleExpiry(channel);
    }, wait + 5);
    channel.expiryTimer.unref();
  }

  async #refreshToken(channel: Channel, frame: Incoming): Promise<void> {
    const token = (frame.payload as { access_token?: unknown }).access_token;
    if (typeof token !== "string" || token.startsWith("sb_") || token === channel.identity.token) return;
    const checked = await this.#verify(token);
    if (channel.closed) return;
    if ("error" in checked) return this.#shutdown(channel, checked.error.replace(/^(InvalidJWTToken|MalformedJWT|Unauthorized): /, ""));
    const previous = channel.policies;
    channel.identity = checked;
    if (channel.isPrivate) {
      const policies = await this.#authorize(channel.name, checked, channel.presenceEnabled);
      if (channel.closed) return;
      const revoked = previous && ((previous.broadcast.read && !policies.broadcast.read) || (previous.presence.read && !policies.presence.read));
      if (revoked) return this.#shutdown(channel, `You no longer have permission to read from this Channel topic: ${channel.name}`);
      channel.policies = policies;
    }
    this.#scheduleExpiry(channel);
  }

  // ---------------------------------------------------------------- join / leave

  async #join(conn: Connection, frame: Incoming): Promise<void> {
    const fail = (reason: string) => conn.reply(frame, "error", { reason });
    // (Phoenix routes only realtime:* topics; any other is not a channel it knows)
    if (!frame.topic.startsWith("realtime:")) return fail("unmatched topic");
    const name = frame.topic.slice("realtime:".length);
    if (!name) return fail("TopicNameRequired: You must provide a topic name");
    if (this.#stopping) return fail("RealtimeRestarting: Realtime is restarting, please standby");
    const params = (frame.payload ?? {}) as {
      config?: { broadcast?: { self?: boolean; ack?: boolean }; presence?: { key?: string; enabled?: boolean }; postgres_changes?: unknown[]; private?: boolean };
      access_token?: string; user_token?: string;
    };
    const config = params.config ?? {};

    if (this.#connections.size > this.limits.maxConcurrentUsers) return fail("ConnectionRateLimitReached: Too many connected users");
    if (!this.#joins.take(this.limits.maxJoinsPerSecond)) {
      fail("ClientJoinRateLimitReached: Too many joins per second");
      conn.ws.close(1008, "too many joins");
      return;
    }
    const existing = conn.channels.get(frame.topic);
    if (!existing && conn.channels.size >= this.limits.maxChannelsPerClient) return fail("ChannelRateLimitReached: Too many channels");

    const token = params.access_token ?? params.user_token ?? null;
    const checked = await this.#verify(token);
    if ("error" in checked) return fail(checked.error);

    const isPrivate = flag(config.private);
    const presenceEnabled = flag(config.presence?.enabled);
    let policies: Policies | null = null;
    if (isPrivate) {
      policies = await this.#authorize(name, checked, presenceEnabled);
      if (!policies.broadcast.read && !policies.presence.read) {
        return fail(`Unauthorized: You do not have permissions to read from this Channel topic: ${name}`);
      }
    }

    // The same topic joined again on this socket replaces the earlier channel (Phoenix does so).
    if (existing) this.#close(existing);

    const pgSubs: PgSubscription[] = [];
    const echoes: Array<Record<string, unknown>> = [];
    const invalid: string[] = [];
    // (null entries are dropped, as Supabase does: not read as a subscription to every table)
    for (const raw of Array.isArray(config.postgres_changes) ? config.postgres_changes.filter((x) => x != null) : []) {
      const p = (raw ?? {}) as { event?: string; schema?: string; table?: string; filter?: string };
      const event = String(p.event ?? "*").toUpperCase() as ChangeEvent;
      const schema = typeof p.schema === "string" ? p.schema : "public";
      const table = typeof p.table === "string" ? p.table : "*";
      const parsed = typeof p.filter === "string" ? parseFilters(p.filter) : [];
      if (!["*", "INSERT", "UPDATE", "DELETE"].includes(event)) invalid.push(`Error parsing \`event\` params: ${JSON.stringify(p.event)}`);
      // (Supabase's message: the filter after its column, split at dots)
      else if (typeof p.filter === "string" && !parsed) invalid.push(`Error parsing \`filter\` params: [${(/=(.*)$/s.exec(p.filter)?.[1] ?? p.filter).split(".").map((x) => JSON.stringify(x)).join(", ")}]`);
      // Echoed as the client sent it (it matches them field by field), with the id it will see on
      // each event: a hash of the subscription, as Supabase's phash2.
      const echo = { event: p.event, schema: p.schema, table: p.table, filter: p.filter };
      const id = hashId(JSON.stringify(echo));
      echoes.push({ ...echo, id });
      pgSubs.push({ id, event, schema, table, filter: p.filter, parsed: parsed ?? [] });
    }

    // Postgres changes are checked, and their capture is in place, before the join is answered:
    // a client told SUBSCRIBED misses no change committed after that.
    let pgError: string | null = invalid[0] ?? null;
    if (pgSubs.length && !pgError) {
      for (const s of pgSubs) if ((pgError = await this.#feed.check(s, checked.role))) break;
      // A table added to the publication since the last sync gets its trigger now.
      if (!pgError && pgSubs.some((s) => s.table !== "*" && !this.#captured.has(`${s.schema}.${s.table}`))) {
        await this.syncCapture().catch((error: Error) => this.#log(`realtime: capture sync failed: ${error.message}`));
      }
    }
    // realtime-js's `postgres_changes_options: { wait: true }`: a subscription that cannot be
    // made refuses the join (the client sees CHANNEL_ERROR) instead of a system message after it.
    const wait = (config as { postgres_changes_options?: { wait?: unknown } }).postgres_changes_options?.wait;
    if (pgError && pgSubs.length && flag(wait)) return fail(`RealtimeDisabledForConfiguration: ${pgError}`);
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    // (the same topic may have been joined again on this socket while we waited)
    const again = conn.channels.get(frame.topic);
    if (again && again !== existing) this.#close(again);

    const channel = new Channel(conn, frame.topic, name, frame.join_ref, isPrivate, checked,
      flag(config.broadcast?.self), flag(config.broadcast?.ack), presenceEnabled, this);
    channel.policies = policies;
    channel.presenceKey = config.presence?.key || randomUUID();
    channel.pgSubs = pgError ? [] : pgSubs;
    conn.channels.set(frame.topic, channel);
    let room = this.#rooms.get(channel.room);
    if (!room) this.#rooms.set(channel.room, (room = new Set()));
    room.add(channel);
    this.#scheduleExpiry(channel);
    if (channel.pgSubs.length) this.#feed.add(channel);

    conn.reply(frame, "ok", { postgres_changes: echoes });
    if (presenceEnabled && this.#mayReadPresence(channel)) channel.push("presence_state", this.#presenceState(channel.room));
    if (pgSubs.length) {
      if (pgError) return channel.system("postgres_changes", "error", pgError);
      channel.system("postgres_changes", "ok", "Subscribed to PostgreSQL");
    }
  }

  /** Supabase's private-channel check, run as the subscriber: may they read and write broadcast
   *  and presence messages of this topic? (policies on realtime.messages with realtime.topic()) */
  async #authorize(topic: string, who: Identity, _presence: boolean): Promise<Policies> {
    if (who.role === "service_role") return { broadcast: { read: true, write: true }, presence: { read: true, write: true } };
    const [row] = await this.#db.query<{ p: Policies | string }>("select _realtime.authorize($1, $2, $3) as p", [topic, who.role, who.claimsText]);
    const p = typeof row?.p === "string" ? (JSON.parse(row.p) as Policies) : row?.p;
    return p ?? { broadcast: { read: false, write: false }, presence: { read: false, write: false } };
  }

  /** Ends a channel from the server: a system error, then phx_close (Supabase's shutdown). */
  #shutdown(channel: Channel, message: string): void {
    if (channel.closed) return;
    channel.system("system", "error", message);
    this.#close(channel);
  }

  #close(channel: Channel): void {
    if (channel.closed) return;
    channel.push("phx_close", {});
    this.#removeChannel(channel);
  }

  #removeChannel(channel: Channel): void {
    if (channel.closed) return;
    channel.closed = true;
    if (channel.expiryTimer) clearTimeout(channel.expiryTimer);
    if (channel.conn.channels.get(channel.topic) === channel) channel.conn.channels.delete(channel.topic);
    this.#feed.remove(channel);
    const room = this.#rooms.get(channel.room);
    room?.delete(channel);
    if (room?.size === 0) this.#rooms.delete(channel.room);
    if (channel.presenceRef) this.#untrack(channel);
  }

  // ---------------------------------------------------------------- broadcast

  async #clientBroadcast(channel: Channel, frame: Incoming): Promise<void> {
    if (!this.#events.take(this.limits.maxEventsPerSecond)) return this.#shutdown(channel, "Too many messages per second");
    const body = (frame.payload ?? {}) as { event?: unknown; payload?: unknown };
    const event = typeof body.event === "string" ? body.event : "";
    const userPayload: UserPayload = frame.userPayload ?? { json: body.payload ?? {} };
    if (payloadBytes(userPayload) > this.limits.maxPayloadSizeKb * 1024) {
      if (channel.ack) channel.conn.reply(frame, "error", "payload_size_exceeded");
      return;
    }
    if (channel.isPrivate && !channel.policies?.broadcast.write) {
      if (channel.ack) channel.conn.reply(frame, "error", { reason: `Unauthorized: You do not have permissions to write to this Channel topic: ${channel.name}` });
      return;
    }
    this.#deliverBroadcast(channel.room, event, userPayload, channel.self ? null : channel);
    void this.#busBroadcast(channel.room, event, userPayload);
    if (channel.ack) channel.conn.reply(frame, "ok", {});
  }

  /** To every local channel of the room that may read broadcasts, except `skip`. */
  #deliverBroadcast(room: string, event: string, payload: UserPayload, skip: Channel | null): void {
    const channels = this.#rooms.get(room);
    if (!channels) return;
    const frames = new Map<Vsn, string | Buffer | null>();
    for (const channel of channels) {
      if (channel === skip || channel.closed) continue;
      if (channel.isPrivate && !channel.policies?.broadcast.read) continue;
      const vsn = channel.conn.vsn;
      if (!frames.has(vsn)) frames.set(vsn, encodeBroadcast(vsn, channel.topic, event, payload));
      const data = frames.get(vsn);
      if (data) channel.conn.raw(data);
    }
  }

  /** realtime.send() / broadcast_changes(): a committed insert into realtime.messages. */
  async #onDatabaseMessage(raw: string): Promise<void> {
    try {
      const m = JSON.parse(await this.#db.unspill(raw)) as { topic: string; event: string | null; private: boolean; payload: unknown };
      this.#deliverBroadcast(`${m.private ? "private" : "public"}:${m.topic}`, m.event ?? "", { json: m.payload }, null);
    } catch (error) {
      this.#log(`realtime: a database message was not delivered: ${(error as Error).message}`);
    }
  }

  /** POST /realtime/v1/api/broadcast (realtime-js's REST fallback) and
   *  POST /realtime/v1/api/broadcast/<topic>/events/<event> (httpSend). */
  async handleHttp(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
    const single = /^\/realtime\/v1\/api\/broadcast\/([^/]+)\/events\/([^/]+)\/?$/.exec(url.pathname);
    if (!single && !/^\/realtime\/v1\/api\/broadcast\/?$/.test(url.pathname)) return jsonResponse(404, { message: "not found" });
    if (request.method !== "POST") return jsonResponse(405, { message: "method not allowed" });
    const apikey = request.headers.get("apikey");
    if (!apikey || !(await this.#knownApiKey(apikey))) return jsonResponse(401, { message: "apikey is missing or not a key of this project" });
    const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1] ?? apikey;
    const who = await this.#verify(bearer);
    if ("error" in who) return jsonResponse(401, { message: who.error });

    let messages: Array<{ topic: string; event: string; payload: UserPayload; private: boolean }>;
    if (single) {
      const binary = (request.headers.get("content-type") ?? "").startsWith("application/octet-stream");
      const bytes = new Uint8Array(await request.arrayBuffer());
      let payload: UserPayload;
      try {
        payload = binary ? { binary: bytes } : { json: JSON.parse(new TextDecoder().decode(bytes)) };
      } catch {
        return jsonResponse(400, { message: "the body is not JSON" });
      }
      messages = [{ topic: decodeURIComponent(single[1]!), event: decodeURIComponent(single[2]!), payload, private: url.searchParams.get("private") === "true" }];
    } else {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return jsonResponse(400, { message: "the body is not JSON" });
      }
      const list = (body as { messages?: unknown })?.messages;
      if (!Array.isArray(list) || !list.length) return jsonResponse(400, { message: "messages: expected a non-empty array" });
      messages = [];
      for (const [i, m] of list.entries()) {
        const o = (m ?? {}) as Record<string, unknown>;
        if (typeof o.topic !== "string" || !o.topic) return jsonResponse(400, { message: `messages[${i}].topic: expected a string` });
        if (typeof o.event !== "string") return jsonResponse(400, { message: `messages[${i}].event: expected a string` });
        messages.push({ topic: o.topic, event: o.event, payload: { json: o.payload ?? {} }, private: o.private === true });
      }
    }
    for (const m of messages) {
      if (payloadBytes(m.payload) > this.limits.maxPayloadSizeKb * 1024) return jsonResponse(413, { message: "payload_size_exceeded" });
    }
    for (const m of messages) {
      if (!m.private) continue;
      const policies = await this.#authorize(m.topic, who, false);
      if (!policies.broadcast.write) return jsonResponse(401, { message: `Unauthorized: You do not have permissions to write to this Channel topic: ${m.topic}` });
    }
    for (const m of messages) {
      if (!this.#events.take(this.limits.maxEventsPerSecond)) return jsonResponse(429, { message: "Too many messages per second" });
      const room = `${m.private ? "private" : "public"}:${m.topic}`;
      this.#deliverBroadcast(room, m.event, m.payload, null);
      await this.#busBroadcast(room, m.event, m.payload);
    }
    return new Response(null, { status: 202, headers: CORS });
  }

  // ---------------------------------------------------------------- presence

  #mayReadPresence(channel: Channel): boolean {
    return !channel.isPrivate || !!channel.policies?.presence.read;
  }

  #presenceState(room: string): Record<string, { metas: Array<Record<string, unknown>> }> {
    const state: Record<string, { metas: Array<Record<string, unknown>> }> = {};
    for (const [key, refs] of this.#presence.get(room) ?? []) {
      if (refs.size) state[key] = { metas: [...refs.values()].map((e) => e.meta) };
    }
    return state;
  }

  async #clientPresence(channel: Channel, frame: Incoming): Promise<void> {
    if (!this.#events.take(this.limits.maxEventsPerSecond)) return this.#shutdown(channel, "Too many messages per second");
    const body = (frame.payload ?? {}) as { event?: string; payload?: unknown };
    if (channel.isPrivate && !channel.policies?.presence.write) {
      return channel.conn.reply(frame, "error", { reason: `Unauthorized: You do not have permissions to track presence on this Channel topic: ${channel.name}` });
    }
    if (body.event === "track") {
      const meta = body.payload;
      if (!meta || typeof meta !== "object" || Array.isArray(meta)) return channel.conn.reply(frame, "error", { reason: "Presence track payload must be a map" });
      if (Buffer.byteLength(JSON.stringify(meta)) > this.limits.maxPayloadSizeKb * 1024) return this.#shutdown(channel, "Track message size exceeded");
      // Tracking turns presence on for this channel (as Supabase does).
      if (!channel.presenceEnabled) {
        channel.presenceEnabled = true;
        if (this.#mayReadPresence(channel)) channel.push("presence_state", this.#presenceState(channel.room));
      }
      const leaves = channel.presenceRef ? this.#removePresence(channel.room, channel.presenceKey, channel.presenceRef) : {};
      const ref = randomUUID();
      const entry = { meta: { ...(meta as Record<string, unknown>), phx_ref: ref }, node: this.node };
      channel.presenceRef = ref;
      this.#addPresence(channel.room, channel.presenceKey, ref, entry);
      const diff = { joins: { [channel.presenceKey]: { metas: [entry.meta] } }, leaves };
      this.#deliverPresenceDiff(channel.room, diff);
      void this.#busSend({ k: "p", r: channel.room, d: diff });
      return channel.conn.reply(frame, "ok", {});
    }
    if (body.event === "untrack") {
      this.#untrack(channel);
      return channel.conn.reply(frame, "ok", {});
    }
    return channel.conn.reply(frame, "error", { reason: "unknown presence event" });
  }

  #untrack(channel: Channel): void {
    if (!channel.presenceRef) return;
    const leaves = this.#removePresence(channel.room, channel.presenceKey, channel.presenceRef);
    channel.presenceRef = null;
    const diff = { joins: {}, leaves };
    this.#deliverPresenceDiff(channel.room, diff);
    void this.#busSend({ k: "p", r: channel.room, d: diff });
  }

  #addPresence(room: string, key: string, ref: string, entry: PresenceEntry): void {
    let map = this.#presence.get(room);
    if (!map) this.#presence.set(room, (map = new Map()));
    let refs = map.get(key);
    if (!refs) map.set(key, (refs = new Map()));
    refs.set(ref, entry);
  }

  #removePresence(room: string, key: string, ref: string): Record<string, { metas: Array<Record<string, unknown>> }> {
    const map = this.#presence.get(room);
    const entry = map?.get(key)?.get(ref);
    if (!map || !entry) return {};
    map.get(key)!.delete(ref);
    if (!map.get(key)!.size) map.delete(key);
    if (!map.size) this.#presence.delete(room);
    return { [key]: { metas: [entry.meta] } };
  }

  #deliverPresenceDiff(room: string, diff: unknown): void {
    for (const channel of this.#rooms.get(room) ?? []) {
      if (channel.presenceEnabled && this.#mayReadPresence(channel)) channel.push("presence_diff", diff);
    }
  }

  // ---------------------------------------------------------------- between stacks (native)

  async #busSend(message: Record<string, unknown>): Promise<void> {
    if (this.#db.kind !== "native") return;
    try {
      await this.#db.notify(BUS, JSON.stringify({ n: this.node, ...message }));
    } catch (error) {
      this.#log(`realtime: could not reach the other stacks: ${(error as Error).message}`);
    }
  }

  #busBroadcast(room: string, event: string, payload: UserPayload): Promise<void> {
    return this.#busSend("json" in payload
      ? { k: "b", r: room, e: event, j: payload.json }
      : { k: "b", r: room, e: event, b: Buffer.from(payload.binary).toString("base64") });
  }

  async #onBus(raw: string): Promise<void> {
    let m: { n: string; k: string; r?: string; e?: string; j?: unknown; b?: string; d?: { joins: Record<string, { metas: Array<Record<string, unknown>> }>; leaves: Record<string, { metas: Array<Record<string, unknown>> }> } };
    try {
      m = JSON.parse(await this.#db.unspill(raw));
    } catch (error) {
      return this.#log(`realtime: a message from another stack was lost: ${(error as Error).message}`);
    }
    if (m.n === this.node) return;
    if (m.k === "b" && m.r) {
      this.#deliverBroadcast(m.r, m.e ?? "", m.b !== undefined ? { binary: new Uint8Array(Buffer.from(m.b, "base64")) } : { json: m.j }, null);
    } else if (m.k === "p" && m.r && m.d) {
      for (const [key, { metas }] of Object.entries(m.d.leaves)) for (const meta of metas) this.#removePresence(m.r, key, String(meta.phx_ref));
      for (const [key, { metas }] of Object.entries(m.d.joins)) for (const meta of metas) this.#addPresence(m.r, key, String(meta.phx_ref), { meta, node: m.n });
      this.#deliverPresenceDiff(m.r, m.d);
    } else if (m.k === "hello") {
      // A stack started: tell it who is present here.
      for (const [room, map] of this.#presence) {
        const joins: Record<string, { metas: Array<Record<string, unknown>> }> = {};
        for (const [key, refs] of map) {
          const mine = [...refs.values()].filter((e) => e.node === this.node).map((e) => e.meta);
          if (mine.length) joins[key] = { metas: mine };
        }
        if (Object.keys(joins).length) void this.#busSend({ k: "p", r: room, d: { joins, leaves: {} } });
      }
    } else if (m.k === "bye") {
      // A stack stopped: its presences leave.
      for (const [room, map] of [...this.#presence]) {
        const leaves: Record<string, { metas: Array<Record<string, unknown>> }> = {};
        for (const [key, refs] of map) {
          for (const [ref, e] of refs) {
            if (e.node !== m.n) continue;
            (leaves[key] ??= { metas: [] }).metas.push(e.meta);
            this.#removePresence(room, key, ref);
          }
        }
        if (Object.keys(leaves).length) this.#deliverPresenceDiff(room, { joins: {}, leaves });
      }
    }
  }

  // ---------------------------------------------------------------- stop

  /** Closes every socket (clients reconnect and rejoin by themselves) and tells other stacks. */
  stop(): Promise<void> {
    return (this.#stopped ??= this.#stop());
  }

  async #stop(): Promise<void> {
    this.#stopping = true;
    if (this.#housekeeping) clearInterval(this.#housekeeping);
    await this.#busSend({ k: "bye" });
    for (const conn of this.#connections) {
      for (const channel of [...conn.channels.values()]) this.#removeChannel(channel);
      conn.ws.close(1001, "server shutting down");
    }
    const closing = [...this.#connections].map((c) => new Promise<void>((resolve) => {
      if (c.ws.readyState === c.ws.CLOSED) return resolve();
      c.ws.once("close", () => resolve());
      setTimeout(() => {
        c.ws.terminate();
        resolve();
      }, 500).unref();
    }));
    await Promise.all(closing);
    this.#wss.close();
    await this.#feed.drained();
    await this.#db.close();
  }
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, x-client-info, apikey, content-type",
  "access-control-allow-methods": "POST, OPTIONS",
};

/** A join option: true, or "true" (Supabase reads these flags leniently). */
function flag(value: unknown): boolean {
  return value === true || value === "true";
}

function identity(token: string, claims: Record<string, unknown>, exp: number | null): Identity {
  return { token, role: String(claims.role), claims, claimsText: JSON.stringify(claims), exp };
}

/** A stable positive 31-bit id for a subscription (FNV-1a). */
function hashId(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) || 1;
}
