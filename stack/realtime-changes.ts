// Postgres changes: committed row changes of the tables in publication supabase_realtime, sent to
// each subscriber whose filter matches and who could SELECT the row, as their own role and
// claims, when the change is checked (just after its commit). A DELETE goes only to subscribers
// who could read the row before it was deleted, and a change whose row was deleted before its
// check ran is checked on the row it left (the row is put back for the check, in a
// subtransaction that is undone). Every record carries only the columns the subscriber's role
// may read.
//
// Capture: a row trigger (_realtime.capture, stack/realtime-sql.ts) on every published table
// NOTIFYs the change. NOTIFY is delivered at commit, in commit order, and never for a rolled-back
// transaction. Checks of successive changes run concurrently; deliveries keep commit order.
import type { RealtimeDb } from "./realtime-db.ts";

export type ChangeEvent = "*" | "INSERT" | "UPDATE" | "DELETE";

export type PgSubscription = {
  id: number;
  event: ChangeEvent;
  schema: string;
  table: string;
  filter?: string | undefined;
  /** The filter's conditions, all of which must hold ([] for none). */
  parsed: Filter[];
};

/** What the change feed needs of a joined channel. */
export interface ChangeSubscriber {
  readonly role: string;
  readonly claimsText: string;
  readonly pgSubs: PgSubscription[];
  /** `data` is the event's JSON, encoded once for every subscriber of the same role. */
  sendChange(ids: number[], data: string): void;
}

export type Filter = { column: string; op: "eq" | "neq" | "lt" | "lte" | "gt" | "gte" | "in"; values: string[]; negate?: boolean };

/** One `column=op.value` as realtime-js sends it, optionally negated (`column=not.op.value`);
 *  `in` takes `(a,b,"c d")`, and a double-quoted value may hold `,`, `(` and `)`. */
export function parseFilter(text: string): Filter | null {
  const m = /^([^=]+)=(not\.)?(eq|neq|lt|lte|gt|gte|in)\.(.*)$/s.exec(text);
  if (!m) return null;
  const [, column = "", not, op, raw = ""] = m;
  const negate = not ? { negate: true } : {};
  if (op === "in") {
    const inner = /^\((.*)\)$/s.exec(raw)?.[1];
    if (inner === undefined) return null;
    const values = inner === "" ? [] : splitTopLevel(inner).map((v) => unquote(v.trim()));
    return { column, op: "in", values, ...negate };
  }
  return { column, op: op as Filter["op"], values: [unquote(raw)], ...negate };
}

/** A subscription's filter: conditions joined by commas (outside quotes and parentheses) all hold,
 *  as realtime-js documents (`id=gt.0,id=lt.100`). [] for none; null when one does not parse. */
export function parseFilters(text: string): Filter[] | null {
  if (!text.trim()) return [];
  const filters = splitTopLevel(text.trim()).map(parseFilter);
  return filters.every((f) => f) ? (filters as Filter[]) : null;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === "\\") {
      current += c + (text[++i] ?? "");
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && c === ",") {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const m = /^"(.*)"$/s.exec(value);
  return m ? m[1]!.replace(/\\(.)/gs, "$1") : value;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matchesFilter(filter: Filter, row: Record<string, unknown>): boolean {
  const value = text(row[filter.column]);
  if (value === null) return false; // SQL: a comparison with null is never true, nor its negation
  return filter.negate ? !compareAs(filter, value) : compareAs(filter, value);
}

function compareAs(filter: Filter, value: string): boolean {
  const [first = ""] = filter.values;
  switch (filter.op) {
    case "eq": return compare(value, first) === 0;
    case "neq": return compare(value, first) !== 0;
    case "lt": return compare(value, first) < 0;
    case "lte": return compare(value, first) <= 0;
    case "gt": return compare(value, first) > 0;
    case "gte": return compare(value, first) >= 0;
    case "in": return filter.values.some((v) => compare(value, v) === 0);
  }
}

type TableMeta = {
  exists: boolean;
  rls: boolean;
  fullOld: boolean;
  columns: Array<{ name: string; type: string }>;
  pk: string[];
  readable: Record<string, Set<string>>;
  loadedAt: number;
};

type Change = {
  schema: string;
  table: string;
  type: "INSERT" | "UPDATE" | "DELETE";
  commit_timestamp: string;
  record: Record<string, unknown> | null;
  old_record: Record<string, unknown> | null;
};

type Delivery = { subscriber: ChangeSubscriber; ids: number[]; data: string };

const META_TTL_MS = 10_000;
/** Subscribers per RLS-check call below which splitting the check is not worth a round trip. */
const MIN_CHUNK = 50;
const ROLES_WITHOUT_RLS = new Set(["service_role"]);

export class ChangeFeed {
  readonly #bySubject = new Map<string, Set<ChangeSubscriber>>();
  readonly #meta = new Map<string, Promise<TableMeta>>();
  #tail: Promise<void> = Promise.resolve();
  /** Changes received, changes delivered to at least one subscriber, messages sent. */
  readonly stats = { received: 0, messages: 0 };

  constructor(private readonly db: RealtimeDb, private readonly log: (line: string) => void) {}

  add(subscriber: ChangeSubscriber): void {
    for (const sub of subscriber.pgSubs) {
      const key = `${sub.schema}.${sub.table}`;
      let set = this.#bySubject.get(key);
      if (!set) this.#bySubject.set(key, (set = new Set()));
      set.add(subscriber);
    }
  }

  remove(subscriber: ChangeSubscriber): void {
    for (const sub of subscriber.pgSubs) {
      const key = `${sub.schema}.${sub.table}`;
      const set = this.#bySubject.get(key);
      set?.delete(subscriber);
      if (set?.size === 0) this.#bySubject.delete(key);
    }
  }

  /** Supabase's checks of a subscription, as the subscriber's role: the table is in publication
   *  supabase_realtime, and a filter names a column the role may SELECT with a value of the
   *  column's type (realtime.subscription_check_filters). Null when it may subscribe, else
   *  Supabase's message (sent as a postgres_changes system error). */
  async check(sub: PgSubscription, role: string): Promise<string | null> {
    const quoted = (f: Filter) => `{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.op === "in" ? `{${f.values.join(",")}}` : f.values[0])}, ${!!f.negate}}`;
    const params = `[event: ${sub.event}, schema: ${sub.schema}, table: ${sub.table}, filters: [${sub.parsed.map(quoted).join(", ")}]]`;
    const [published] = await this.db.query<{ n: number | string }>(
      `select count(*) as n from pg_publication_tables
        where pubname = 'supabase_realtime' and schemaname = $1 and ($2 = '*' or tablename = $2)`,
      [sub.schema, sub.table]);
    if (!Number(published?.n)) {
      return `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: ${params}`;
    }
    if (!sub.parsed.length || sub.table === "*") return null;
    const failed = (why: string) =>
      `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: ${params}. Exception: ${why}`;
    const meta = await this.meta(sub.schema, sub.table);
    for (const f of sub.parsed) {
      // A column the role may not read is no column to it (a filter on it would reveal its value).
      if (!meta.readable[role]?.has(f.column)) return failed(`invalid column for filter ${f.column}`);
      if (f.op === "in" && f.values.length > 100) return failed("too many values for `in` filter. Maximum 100");
      const [column] = await this.db.query<{ t: string }>(
        "select format_type(a.atttypid, a.atttypmod) as t from pg_attribute a where a.attrelid = format('%I.%I', $1::text, $2::text)::regclass and a.attname = $3",
        [sub.schema, sub.table, f.column]);
      const values: string[] = [];
      try {
        // (format_type gives a type name that is safe to splice: quoted and qualified as needed)
        // Each value is kept as the capture writes that type (to_jsonb), so that an upper-case
        // uuid or a timestamp written another way compares as the database would compare it.
        for (const value of f.values) {
          const [row] = await this.db.query<{ v: string | null }>(`select to_jsonb($1::text::${column!.t}) #>> '{}' as v`, [value]);
          values.push(row?.v ?? value);
        }
      } catch (error) {
        return failed((error as Error).message);
      }
      f.values = values;
    }
    return null;
  }

  /** Called with each NOTIFY payload, in commit order. */
  onNotify(raw: string): void {
    this.stats.received++;
    const work = this.#prepare(raw);
    work.catch(() => {});
    this.#tail = this.#tail.then(async () => {
      try {
        for (const d of await work) {
          d.subscriber.sendChange(d.ids, d.data);
          this.stats.messages++;
        }
      } catch (error) {
        this.log(`realtime: a change was not delivered: ${(error as Error).message}`);
      }
    });
  }

  /** Resolves when every change received so far has been delivered. */
  drained(): Promise<void> {
    return this.#tail;
  }

  meta(schema: string, table: string): Promise<TableMeta> {
    const key = `${schema}.${table}`;
    const cached = this.#meta.get(key);
    if (cached) return cached;
    const loading = this.#loadMeta(schema, table);
    this.#meta.set(key, loading);
    loading.then(
      () => setTimeout(() => this.#meta.get(key) === loading && this.#meta.delete(key), META_TTL_MS).unref(),
      () => this.#meta.delete(key),
    );
    return loading;
  }

  async #loadMeta(schema: string, table: string): Promise<TableMeta> {
    const [row] = await this.db.query<{ rls: boolean; replident: string; columns: unknown; pk: unknown; readable: unknown }>(
      `select c.relrowsecurity as rls, c.relreplident::text as replident,
              (select json_agg(json_build_object('name', a.attname, 'type', t.typname) order by a.attnum)
                 from pg_attribute a join pg_type t on t.oid = a.atttypid
                where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
              (select json_agg(a.attname) from pg_index x
                 join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any (x.indkey)
                where x.indrelid = c.oid and x.indisprimary) as pk,
              (select json_object_agg(r.rolname, (
                  select coalesce(json_agg(a.attname), '[]'::json) from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                     and has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT')))
                 from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role')) as readable
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p')`,
      [schema, table],
    );
    const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
    if (!row) return { exists: false, rls: false, fullOld: false, columns: [], pk: [], readable: {}, loadedAt: Date.now() };
    const readable: Record<string, Set<string>> = {};
    for (const [role, cols] of Object.entries(json<Record<string, string[]>>(row.readable) ?? {})) readable[role] = new Set(cols);
    return {
      exists: true,
      rls: row.rls,
      fullOld: row.replident === "f",
      columns: json<TableMeta["columns"]>(row.columns) ?? [],
      pk: json<string[]>(row.pk) ?? [],
      readable,
      loadedAt: Date.now(),
    };
  }

  async #prepare(raw: string): Promise<Delivery[]> {
    const change = JSON.parse(await this.db.unspill(raw)) as Change;
    const candidates = [
      ...(this.#bySubject.get(`${change.schema}.${change.table}`) ?? []),
      ...(this.#bySubject.get(`${change.schema}.*`) ?? []),
    ];
    if (!candidates.length) return [];
    const meta = await this.meta(change.schema, change.table);
    const row = (change.type === "DELETE" ? change.old_record : change.record) ?? {};
    const wanted: Array<{ subscriber: ChangeSubscriber; ids: number[] }> = [];
    for (const subscriber of new Set(candidates)) {
      const readable = meta.readable[subscriber.role];
      if (!readable?.size) continue;
      const ids: number[] = [];
      for (const sub of subscriber.pgSubs) {
        if (sub.schema !== change.schema || (sub.table !== change.table && sub.table !== "*")) continue;
        if (sub.event !== "*" && sub.event !== change.type) continue;
        // A filter on a column the subscriber may not read would tell them its value.
        if (!sub.parsed.every((f) => readable.has(f.column) && matchesFilter(f, row))) continue;
        ids.push(sub.id);
      }
      if (ids.length) wanted.push({ subscriber, ids });
    }
    if (!wanted.length) return [];

    // One check per identity (role and claims), all in one call.
    const identities = new Map<string, { role: string; claims: string; index: number }>();
    const keyOf = (s: ChangeSubscriber) => `${s.role}\u0000${s.claimsText}`;
    for (const { subscriber } of wanted) {
      if (!meta.rls || ROLES_WITHOUT_RLS.has(subscriber.role)) continue;
      const key = keyOf(subscriber);
      if (!identities.has(key)) identities.set(key, { role: subscriber.role, claims: subscriber.claimsText, index: identities.size });
    }
    let visible: boolean[] = [];
    if (identities.size) {
      const subs = [...identities.values()].map(({ role, claims }) => ({ role, claims }));
      // Many subscribers: checked in chunks on several connections at once (a DELETE's check puts
      // the row back, which concurrent checks of the same row would wait on: one chunk). The row
      // of an INSERT or UPDATE that was deleted before its check ran is put back too: checks run
      // after the commit, and each change reaches whoever could read the row as the change left it.
      const chunks = change.type === "DELETE" ? 1 : Math.max(1, Math.min(this.db.parallel, Math.floor(subs.length / MIN_CHUNK)));
      const size = Math.ceil(subs.length / chunks);
      const parts = await Promise.all(Array.from({ length: chunks }, async (_, i) => {
        // (one snapshot: the row's presence and each subscriber's read of it see the same writes)
        const [result] = await this.db.snapshotQuery<{ v: boolean[] | string }>(
          // (text, then jsonb: postgres.js would JSON-encode a string sent for a jsonb parameter again)
          "select _realtime.visible($1, $2, $3::text::jsonb, $4::text::jsonb) as v",
          [change.schema, change.table, JSON.stringify(row), JSON.stringify(subs.slice(i * size, (i + 1) * size))],
        );
        return parseBoolArray(result?.v);
      }));
      visible = parts.flat();
    }

    const byRole = new Map<string, string>();
    const deliveries: Delivery[] = [];
    for (const { subscriber, ids } of wanted) {
      const identity = identities.get(keyOf(subscriber));
      if (identity && !visible[identity.index]) continue;
      let data = byRole.get(subscriber.role);
      if (!data) byRole.set(subscriber.role, (data = JSON.stringify(this.#payload(change, meta, meta.readable[subscriber.role]!))));
      deliveries.push({ subscriber, ids, data });
    }
    return deliveries;
  }

  /** Supabase's payload, with only the columns the role may read. old_record holds the primary
   *  key, or the whole old row when the table's replica identity is full. */
  #payload(change: Change, meta: TableMeta, readable: Set<string>): Record<string, unknown> {
    const pick = (row: Record<string, unknown> | null, only?: string[]) => {
      const out: Record<string, unknown> = {};
      if (!row) return out;
      for (const c of meta.columns) if (readable.has(c.name) && (!only || only.includes(c.name)) && c.name in row) out[c.name] = row[c.name];
      return out;
    };
    const data: Record<string, unknown> = {
      schema: change.schema,
      table: change.table,
      commit_timestamp: change.commit_timestamp,
      type: change.type,
      columns: meta.columns.filter((c) => readable.has(c.name)),
      errors: null,
    };
    if (change.type !== "DELETE") data.record = pick(change.record);
    if (change.type !== "INSERT") data.old_record = pick(change.old_record, meta.fullOld ? undefined : meta.pk);
    return data;
  }
}

function parseBoolArray(v: boolean[] | string | undefined): boolean[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean).map((x) => x === "t" || x === "true");
  return [];
}
