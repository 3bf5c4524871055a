// A seeded generator of malformed API requests, for tests/api/fuzz.test.ts: broken and
// wrongly typed JSON, huge and odd strings in many scripts, odd filters, headers and methods,
// for REST (every table), RPC (every function in `public`), auth and edge functions.
// Every request it makes must be refused or be a harmless read: the test checks that none
// changes a row count. The same seed and schema always give the same requests.
//
// Another API joins with a list of its routes and well-formed bodies (a RouteList, passed to
// generate(); `storageRoutes` below is /storage/v1's).

export type Identity = "anon" | "casting_director" | "talent";

export type FuzzRequest = {
  surface: string;
  method: string;
  /** Path and query, e.g. `/rest/v1/projects?id=eq.x`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  as: Identity;
};

/** A column of a table in an exposed schema, from information_schema. */
export type Column = { table: string; name: string; type: string; generated: boolean };
/** A function in an exposed schema: its name and arguments (name and type). */
export type Rpc = { name: string; args: Array<{ name: string; type: string }> };

/** A route of an API with a JSON body the fuzzer can mutate: what a well-formed call looks like. */
export type Route = {
  surface: string;
  method: string;
  /** May contain a query string. */
  path: string;
  /** A well-formed body, which the fuzzer breaks. Omit for routes without a body. */
  body?: Record<string, unknown>;
  /** Bodies this route must never receive intact (e.g. a sign-up that would create a user):
   *  the fuzzer then always breaks at least one of these fields' types. */
  mustBreak?: string[];
  /** Identities the route is called as; defaults to all. */
  as?: Identity[];
  /** Never called with another method (e.g. GET /auth/v1/user: a PUT there without a body is an update). */
  onlyMethod?: boolean;
};

export type Schema = { columns: Column[]; rpcs: Rpc[]; functions: string[] };

// ---------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32).
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------------------------------
// Values people (and attackers) send.
export const oddStrings: readonly string[] = [
  "",
  " ",
  "अभिनेत्री, मुंबई",                // Devanagari (Hindi, Marathi)
  "नमस्ते\u200Dदुनिया",               // with a zero-width joiner
  "\u094D\u093F",                    // combining marks with no base letter
  "வணக்கம் நடிகை",                   // Tamil
  "নমস্কার অভিনেতা",                  // Bengali
  "ਸਤ ਸ੍ਰੀ ਅਕਾਲ",                      // Gurmukhi
  "اداکارہ لاہور",                    // Urdu, right to left
  "\u202Eevil\u202C",                // right-to-left override
  "നടി കൊച്ചി", "నటి హైదరాబాద్", "ನಟಿ", "અભિનેત્રી", // Malayalam, Telugu, Kannada, Gujarati
  "🎬🎭👩🏽‍🎤🇮🇳",
  "\uFEFFbom",
  "nul\u0000byte",
  "lone \uD800 surrogate",
  "'; drop table projects; --",
  "%_\\",
  "a,b.c:d(e)*\"f\"",
  "eq.1",
  "{}",
  "[1,2]",
  "null",
  "NaN",
  "1e309",
  "-0",
  "99999999999999999999999",
  "2024-02-30",
  "infinity",
  "१२३",                             // Devanagari digits
  "00000000-0000-0000-0000-00000000000g",
  "x".repeat(10_000),
  "अ".repeat(20_000),
];

const wrongTypes: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  2 ** 63,
  "",
  [],
  [1, "two", null],
  {},
  { nested: { deeper: [{}] } },
];

const brokenJson: readonly string[] = [
  "",
  "{",
  '{"a":',
  "[1,2",
  "nul",
  "undefined",
  "{'a':1}",
  '{"a":1}garbage',
  '{"a":1,}',
  "\uFEFF{}",
  "NaN",
  "1e999999",
  "\u0000",
  "null",
  "[]",
  "[null]",
  "42",
  '"string"',
  "true",
  "[".repeat(5_000) + "]".repeat(5_000),
  JSON.stringify({ deep: JSON.parse("[".repeat(2_000) + "]".repeat(2_000)) }),
  '{"a":'.repeat(3_000) + "1" + "}".repeat(3_000),
];

// Values that no column of the given type accepts (true, 'yes', '1' and the like would be).
function invalidFor(type: string, rng: Rng): unknown {
  const t = type.toLowerCase();
  if (t === "uuid") return rng.pick(["not-a-uuid", "00000000-0000-0000-0000-00000000000g", "अ", 42, {}]);
  if (/^(smallint|integer|bigint|int[248])$/.test(t)) return rng.pick(["१२", "1.5x", "अ", "99999999999999999999999", {}, [1]]);
  if (/^(numeric|real|double precision|float[48])$/.test(t)) return rng.pick(["abc", "१.५", {}, [1]]);
  if (t === "boolean" || t === "bool") return rng.pick(["नहीं", "maybe", 2, {}, [true]]);
  if (t === "date") return rng.pick(["2024-02-30", "कल", "13/13/2013", 1.5]);
  if (t.startsWith("timestamp") || t === "time" || t.startsWith("time ")) return rng.pick(["kal subah", "2024-13-01T00:00:00Z", "25:61"]);
  if (t === "tstzrange" || t === "daterange") return rng.pick(["[2024-01-02,2024-01-01)", "((", "कभी"]);
  if (t === "halfvec" || t === "vector" || t.startsWith("halfvec") || t.startsWith("vector")) return rng.pick(["[1,2", "[अ]", "{}", 7]);
  if (t === "inet") return "999.999.0.1";
  return null; // text, jsonb, enums, arrays: see invalidValue
}

/** A value the column rejects. Text columns only reject NUL bytes; jsonb rejects lone surrogates. */
function invalidValue(column: Column, rng: Rng): unknown {
  const direct = invalidFor(column.type, rng);
  if (direct !== null) return direct;
  if (column.type === "ARRAY") return rng.pick(["not an array", 7, { a: 1 }, "{unclosed"]);
  if (column.type === "USER-DEFINED") return rng.pick(["अज्ञात", "no_such_value", 7, ["x"]]);
  if (column.type === "jsonb" || column.type === "json") return "lone \uD800 surrogate";
  return "nul\u0000byte";
}

function oddValue(rng: Rng): unknown {
  return rng.chance(0.6) ? rng.pick(oddStrings) : rng.pick(wrongTypes);
}

// Things written in URLs: PostgREST operators, and encoded odd strings.
const operators = ["eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch", "in", "is", "isdistinct",
  "fts", "plfts", "phfts", "wfts", "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj", "not.eq", "not.in", "all", "any",
  "eq(any)", "like(all)", "junk", "", "not", "not.not.eq"];
const rawValues = ["", "()", "(", "(1,2", "{", "{a,b", "null", "true", "NULL", "unknown", "*", "%", "1e999", "-", ",,", "\"\"",
  "a\"b", "(a,b)", "[1,2]", "\\", "..", "eq.eq.eq", "%FF", "%E0%A4", "%ED%A0%80", "%", "%zz"];

/** Percent-encodes; a lone surrogate becomes the bytes a careless client would send (%ED%A0%80). */
function enc(s: string): string {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  return encodeURIComponent(s.replace(lone, "\u0001")).replace(/%01/g, "%ED%A0%80");
}

function filterValue(rng: Rng): string {
  return rng.chance(0.5) ? rng.pick(rawValues) : enc(String(rng.pick(oddStrings)).slice(0, 2_000));
}

function oddFilter(columns: Column[], rng: Rng): string {
  const col = columns.length && rng.chance(0.85) ? rng.pick(columns).name : rng.pick(["no_such_column", enc("नाम"), "", "a.b.c", "select"]);
  switch (rng.int(9)) {
    case 0:
      return `or=${enc(rng.pick(["()", "(", `(${col}.eq.1`, `(${col}.junk.1)`, `(and(${col}.eq.a,))`, "(a.eq.1,or())",
        `(${"and(".repeat(2_500)}${col}.eq.1${")".repeat(2_501)}`]))}`;
    case 1:
      return `and=${enc(rng.pick(["()", "(,)", `(${col}.in.()`, `(not.${col}.eq)`]))}`;
    case 2:
      return `select=${enc(rng.pick(["*,", "(", "*,projects(*", "a:b::int", "count()", "...junk", "नाम", `${col}->>x->y`, `${col}::nosuchtype`, "*,".repeat(200) + "*"]))}`;
    case 3:
      return `order=${enc(rng.pick([`${col}.sideways`, `${col}.asc.nullsmiddle`, ",", "random()", `${col}.desc,`, "नाम.asc"]))}`;
    case 4:
      return `limit=${enc(rng.pick(["-1", "abc", "1e99", "99999999999999999999", "१०", ""]))}&offset=${enc(rng.pick(["-5", "x", "1.5", ""]))}`;
    case 5:
      return `${col}=${enc(rng.pick(operators))}.${filterValue(rng)}`;
    case 6:
      return `${col}=${filterValue(rng)}`; // no operator at all
    case 7:
      return `${col}->>${enc(String(rng.pick(oddStrings)).slice(0, 50))}=eq.${filterValue(rng)}`;
    default:
      return `columns=${enc(rng.pick(["", ",", "नाम", "a,,b"]))}&on_conflict=${enc(rng.pick(["", "नाम", "id,"]))}`;
  }
}

/** Headers beyond the key and token: Prefer, Accept, Range, Content-Type and friends. */
function oddHeaders(rng: Rng): Record<string, string> {
  const h: Record<string, string> = {};
  const latin1 = (s: string) => Buffer.from(s, "utf8").toString("latin1"); // raw UTF-8 bytes on the wire
  if (rng.chance(0.3)) h.prefer = rng.pick(["return=representation", "count=exact", "tx=rollback", "missing=default", "resolution=merge-duplicates",
    "handling=strict, junk=1", "max-affected=1", "params=single-object", "return=", "रिटर्न", "count=planned,count=exact"]);
  if (rng.chance(0.25)) h.accept = rng.pick(["application/vnd.pgrst.object+json", "text/csv", "application/geo+json", "*/*;q=x",
    "application/vnd.pgrst.plan+json", "text/html", "application/octet-stream", "", "पाठ/सादा"]);
  if (rng.chance(0.15)) h.range = rng.pick(["0-", "5-1", "x-y", "-1--2", "0-99999999999999999999", "items=0-1"]);
  if (rng.chance(0.3)) h["content-type"] = rng.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=latin1",
    "application/vnd.pgrst.object+json", "text/csv", "", "application/octet-stream", "अ/ब"]);
  if (rng.chance(0.1)) h["accept-profile"] = rng.pick(["private", "auth", "pg_catalog", "नहीं", ""]);
  if (rng.chance(0.1)) h["content-profile"] = rng.pick(["private", "storage", "नहीं"]);
  if (rng.chance(0.1)) h["x-forwarded-for"] = rng.pick(["garbage", "1.2.3.4, अ", "::1", "999.1.1.1", ",,,", "203.0.113.9"]);
  if (rng.chance(0.1)) h["idempotency-key"] = rng.pick(["कुंजी", " ", "x".repeat(4_000), "a b"]);
  if (rng.chance(0.05)) h["x-odd-" + rng.int(100)] = String(rng.pick(oddStrings)).slice(0, 2_000);
  // What arrives on the wire: UTF-8 bytes (read as Latin-1), and no NUL, CR or LF (HTTP forbids them).
  for (const [k, v] of Object.entries(h)) h[k] = latin1(v.replace(/[\u0000\r\n]/g, ""));
  return h;
}

/** The credentials of a request: usually right for the identity, sometimes broken. */
function oddAuth(rng: Rng): Record<string, string> | null {
  if (!rng.chance(0.08)) return null;
  return {
    authorization: rng.pick(["Bearer", "Bearer ", "Bearer x.y.z", "Basic dXNlcjpwYXNz", "bearer   ", "Bearer " + "a".repeat(3_000),
      "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.", "Token abc"]),
  };
}

function body(value: unknown): string {
  return JSON.stringify(value);
}

/** A JSON body the route must refuse: broken, of the wrong type, or the template with a field broken. */
function brokenBody(rng: Rng, template: Record<string, unknown> | undefined, mustBreak: string[] = []): string {
  // A route that must not act gets no body a server may read as "nothing to change" (null, {}).
  const roll = mustBreak.length ? 9 : rng.int(10);
  if (roll < 2 || !template) return rng.chance(0.5) ? rng.pick(brokenJson) : body(rng.pick(wrongTypes));
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(template));
  const keys = Object.keys(copy);
  // At least one field of a kind no server accepts, then some odd extras.
  const target = mustBreak.length ? rng.pick(mustBreak) : keys.length ? rng.pick(keys) : "x";
  // Of another JSON type than the well-formed value (null is no break: it means "absent").
  const kind = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
  copy[target] = rng.pick(wrongTypes.filter((v) => v !== null && kind(v) !== kind(template[target])));
  for (let i = rng.int(3); i > 0; i--) {
    const key = keys.length && rng.chance(0.7) ? rng.pick(keys) : String(rng.pick(oddStrings)).slice(0, 100);
    if (mustBreak.includes(key)) continue;
    if (rng.chance(0.3)) delete copy[key];
    else copy[key] = oddValue(rng);
  }
  return body(copy);
}

// ---------------------------------------------------------------------------------------
// Surfaces.

function restRequest(schema: Schema, rng: Rng): Omit<FuzzRequest, "as"> {
  const tables = [...new Set(schema.columns.map((c) => c.table))];
  const roll = rng.int(20);
  if (roll === 0) {
    const path = rng.pick(["/rest/v1/no_such_table", `/rest/v1/${enc("परियोजना")}`, "/rest/v1/projects/extra/segments", "/rest/v1/..%2F..%2Fetc",
      "/rest/v1/auth.users", "/rest/v1/private.share_secret", `/rest/v1/${"t".repeat(5_000)}`, "/rest/v1/%00"]);
    return { surface: "rest", method: rng.pick(["GET", "POST", "DELETE"]), path, headers: oddHeaders(rng), body: "{}" };
  }
  const table = rng.pick(tables);
  const columns = schema.columns.filter((c) => c.table === table);
  const writable = columns.filter((c) => !c.generated);
  const filters = () => Array.from({ length: 1 + rng.int(3) }, () => oddFilter(columns, rng)).join("&");
  const base = `/rest/v1/${table}`;
  // A body that cannot be stored: one column of a value its type refuses, or an unknown column.
  const badRow = () => {
    const row: Record<string, unknown> = {};
    for (const c of writable) if (rng.chance(0.3)) row[c.name] = oddValue(rng);
    const breakable = writable.filter((c) => c.type !== "text" || rng.chance(0.2));
    if (breakable.length && rng.chance(0.7)) {
      const c = rng.pick(breakable);
      row[c.name] = invalidValue(c, rng);
    } else {
      row[rng.pick(["no_such_column", "नाम", "", "id\u0000"])] = 1;
    }
    return row;
  };
  const badBody = () => {
    const r = rng.int(10);
    if (r === 0) return rng.pick(brokenJson);
    if (r === 1) return body(rng.pick(wrongTypes));
    if (r === 2) return body([badRow(), badRow()]);
    if (r === 3) return body([1, "a", null]);
    return body(badRow());
  };
  const idFilter = () => `id=eq.${rng.chance(0.5) ? rng.uuid() : filterValue(rng)}`;
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2:
      return { surface: "rest", method: rng.pick(["GET", "GET", "HEAD"]), path: `${base}?${filters()}`, headers: oddHeaders(rng) };
    case 3:
      return { surface: "rest", method: "POST", path: rng.chance(0.7) ? base : `${base}?${filters()}`, headers: oddHeaders(rng), body: badBody() };
    case 4:
      return { surface: "rest", method: "PATCH", path: `${base}?${rng.chance(0.5) ? idFilter() : filters()}`, headers: oddHeaders(rng), body: badBody() };
    case 5:
      // Writes whose "filter" matches nothing, or cannot be read: they must change nothing.
      return { surface: "rest", method: rng.pick(["DELETE", "PATCH"]), path: `${base}?${idFilter()}`, headers: oddHeaders(rng),
        body: body(rng.pick(writable.length ? [Object.fromEntries([[rng.pick(writable).name, oddValue(rng)]])] : [{}])) };
    case 6:
      // Writes with no filter at all, or only parameters that are not filters (issue 15:
      // hosted Supabase refuses them with 21000).
      return { surface: "rest", method: rng.pick(["DELETE", "PATCH"]),
        path: rng.pick([base, `${base}?limit=1`, `${base}?order=id`, `${base}?select=*`, `${base}?or=()`, `${base}?columns=id`]),
        headers: oddHeaders(rng),
        body: body(writable.length ? { [rng.pick(writable).name]: oddValue(rng) } : {}) };
    case 7:
      return { surface: "rest", method: "PUT", path: `${base}?${rng.chance(0.5) ? idFilter() : filters()}`, headers: oddHeaders(rng), body: badBody() };
    case 8:
      return { surface: "rest", method: rng.pick(["OPTIONS", "TRACEX", "PROPFIND", "DELETE"]), path: `${base}?${filters()}`, headers: oddHeaders(rng), body: badBody() };
    default:
      return { surface: "rest", method: "POST", path: `${base}?${rng.pick(["on_conflict=id", "columns=id,nope", "select=*"])}`,
        headers: { ...oddHeaders(rng), prefer: "resolution=merge-duplicates,return=representation" }, body: badBody() };
  }
}

/** RPC arguments that are well-typed but name nothing (random ids), or are of the wrong type. */
function rpcArgs(rpc: Rpc, rng: Rng): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const a of rpc.args) {
    if (rng.chance(0.2)) continue; // missing argument
    const t = a.type.toLowerCase();
    if (rng.chance(0.4)) args[a.name] = oddValue(rng);
    else if (t === "uuid") args[a.name] = rng.uuid();
    else if (t === "uuid[]") args[a.name] = [rng.uuid()];
    else if (t === "jsonb" || t === "json") args[a.name] = rng.pick([[{ id: rng.uuid() }], { id: rng.uuid() }, "अ"]);
    else args[a.name] = invalidFor(t, rng) ?? rng.pick(oddStrings);
  }
  if (rng.chance(0.2)) args[String(rng.pick(oddStrings)).slice(0, 40) || "extra"] = oddValue(rng);
  return args;
}

function rpcRequest(schema: Schema, rng: Rng): Omit<FuzzRequest, "as"> {
  if (rng.chance(0.08) || !schema.rpcs.length) {
    const name = rng.pick(["no_such_function", enc("खोज"), "pg_sleep", "set_config", "private.share_secret", "..", "%00"]);
    return { surface: "rpc", method: rng.pick(["POST", "GET"]), path: `/rest/v1/rpc/${name}`, headers: oddHeaders(rng), body: "{}" };
  }
  const rpc = rng.pick(schema.rpcs);
  const path = `/rest/v1/rpc/${rpc.name}`;
  const roll = rng.int(10);
  if (roll < 2) return { surface: "rpc", method: "POST", path, headers: oddHeaders(rng), body: rng.chance(0.5) ? rng.pick(brokenJson) : body(rng.pick(wrongTypes)) };
  const args = rpcArgs(rpc, rng);
  if (roll < 4) {
    const query = Object.entries(args).map(([k, v]) => `${enc(k)}=${enc(typeof v === "string" ? v.slice(0, 2_000) : JSON.stringify(v))}`);
    if (rng.chance(0.3)) query.push(oddFilter([], rng));
    return { surface: "rpc", method: rng.pick(["GET", "HEAD"]), path: `${path}?${query.join("&")}`, headers: oddHeaders(rng) };
  }
  if (roll === 4) return { surface: "rpc", method: rng.pick(["PATCH", "DELETE", "PUT"]), path, headers: oddHeaders(rng), body: body(args) };
  return { surface: "rpc", method: "POST", path: rng.chance(0.8) ? path : `${path}?${oddFilter([], rng)}`, headers: oddHeaders(rng), body: body(args) };
}

/** Auth routes, with well-formed bodies the fuzzer breaks. Sign-up and user updates always get a
 *  broken field, so no account is created or changed. */
export function authRoutes(rng: Rng): Route[] {
  // A real account only where the request cannot succeed (a wrong password): a recovery or
  // magic-link request for it would be a well-formed request that acts.
  const email = () => rng.pick(["nobody@castmatch.test", "अभिनेत्री@उदाहरण.भारत", "no-at-sign", "a@b", "", " NOBODY@castmatch.test "]);
  return [
    { surface: "auth", method: "POST", path: "/auth/v1/token?grant_type=password", body: { email: rng.pick(["cd@castmatch.test", email()]), password: "wrong-password" } },
    { surface: "auth", method: "POST", path: "/auth/v1/token?grant_type=refresh_token", body: { refresh_token: rng.pick(["abc", "", rng.uuid()]) } },
    { surface: "auth", method: "POST", path: "/auth/v1/token?grant_type=pkce", body: { auth_code: rng.uuid(), code_verifier: "x".repeat(43) } },
    { surface: "auth", method: "POST", path: "/auth/v1/token?grant_type=id_token", body: { provider: "google", id_token: "x.y.z" } },
    { surface: "auth", method: "POST", path: `/auth/v1/token?grant_type=${enc(rng.pick(["", "junk", "पासवर्ड", "password,refresh_token"]))}`, body: { email: email() } },
    { surface: "auth", method: "POST", path: "/auth/v1/token", body: { email: email(), password: "x" } },
    { surface: "auth", method: "POST", path: "/auth/v1/signup", body: { email: email(), password: "correct horse battery", data: { requested_role: "talent" } }, mustBreak: ["password"] },
    { surface: "auth", method: "POST", path: "/auth/v1/otp", body: { email: email(), create_user: false }, mustBreak: ["email"] },
    { surface: "auth", method: "POST", path: "/auth/v1/magiclink", body: { email: email() }, mustBreak: ["email"] },
    { surface: "auth", method: "POST", path: "/auth/v1/recover", body: { email: email() }, mustBreak: ["email"] },
    { surface: "auth", method: "POST", path: "/auth/v1/resend", body: { type: rng.pick(["signup", "sms", "junk"]), email: email() }, mustBreak: ["email", "type"] },
    { surface: "auth", method: "POST", path: "/auth/v1/verify", body: { type: rng.pick(["signup", "recovery", "magiclink", "email", "junk"]), token: "123456", email: email() } },
    { surface: "auth", method: "GET", path: `/auth/v1/verify?type=${enc(rng.pick(["signup", "recovery", "junk", ""]))}&token=${enc(String(rng.pick(oddStrings)).slice(0, 200))}&redirect_to=${enc(rng.pick(["javascript:alert(1)", "http://[::1", "//evil"]))}` },
    { surface: "auth", method: "PUT", path: "/auth/v1/user", body: { email: email(), password: "another password", data: { requested_role: "admin" } }, mustBreak: ["email", "password", "data"] },
    { surface: "auth", method: "GET", path: "/auth/v1/user", onlyMethod: true },
    { surface: "auth", method: "POST", path: `/auth/v1/logout?scope=${enc(rng.pick(["junk", "", "गलत"]))}`, as: ["anon"] },
    { surface: "auth", method: "GET", path: `/auth/v1/authorize?provider=${enc(rng.pick(["junk", "", "google", "%00"]))}&redirect_to=${enc(rng.pick(["//evil", "x"]))}` },
    { surface: "auth", method: "GET", path: `/auth/v1/callback?${rng.pick(["error=x", "code=abc&state=def", "state=" + "s".repeat(2_000)])}` },
    { surface: "auth", method: "POST", path: "/auth/v1/callback", body: { code: "x", state: "y" } },
    { surface: "auth", method: "GET", path: rng.pick(["/auth/v1/settings", "/auth/v1/health", "/auth/v1/.well-known/jwks.json", "/auth/v1/admin/users", "/auth/v1/factors", `/auth/v1/${enc("खाता")}`]) },
    { surface: "auth", method: rng.pick(["DELETE", "PATCH", "PUT"]), path: rng.pick(["/auth/v1/token?grant_type=password", "/auth/v1/signup", "/auth/v1/settings"]), body: {} },
  ];
}

/** Edge functions: well-formed bodies that name nothing (random ids) for the fuzzer to break. */
export function functionRoutes(rng: Rng, names: string[]): Route[] {
  const templates: Record<string, Route[]> = {
    "talent-search": [{ surface: "functions", method: "POST", path: "/functions/v1/talent-search",
      body: { query: rng.pick(["dancer", "अभिनेत्री मुंबई", "x"]), filters: { gender: "female", age_min: 18, age_max: 30, languages: ["hindi"], city: "Mumbai" }, limit: 20, cursor: "abc" } }],
    "match-talent": [{ surface: "functions", method: "POST", path: "/functions/v1/match-talent",
      body: { casting_role_id: rng.uuid(), limit: 5, add_to_shortlist: { top_n: 3, name: "शॉर्टलिस्ट" } } }],
    submit: [{ surface: "functions", method: "POST", path: "/functions/v1/submit",
      body: { casting_role_id: rng.uuid(), talent_id: rng.uuid(), cover_note: "नमस्ते", media_ids: [rng.uuid()] } }],
    embed: [{ surface: "functions", method: "POST", path: "/functions/v1/embed", body: { batch_size: 1, max_batches: 1 } }],
    "deliver-notifications": [{ surface: "functions", method: "POST", path: "/functions/v1/deliver-notifications", body: { batch_size: 1 } }],
    "shared-shortlist": [{ surface: "functions", method: "GET", path: `/functions/v1/shared-shortlist?token=${enc(rng.pick([`${rng.uuid()}.${"0".repeat(64)}`, "x", "", "अ"]))}` }],
    health: [{ surface: "functions", method: "GET", path: "/functions/v1/health" }],
  };
  const routes = names.flatMap((n) => templates[n] ?? [{ surface: "functions", method: "POST", path: `/functions/v1/${n}`, body: {} }]);
  routes.push({ surface: "functions", method: "POST", path: rng.pick(["/functions/v1/", "/functions/v1/no-such-function", `/functions/v1/${enc("खोज")}`,
    "/functions/v1/submit/extra/path", "/functions/v1/..%2Fsubmit", `/functions/v1/${"f".repeat(3_000)}`]), body: {} });
  return routes;
}

/** Routes of another API, fuzzed like the auth and function routes. */
export type RouteList = (rng: Rng) => Route[];

/** `/storage/v1` as storage-js calls it. Paths name nothing a persona owns (random folders, keys
 *  that are not keys), and bucket settings always get a broken field, so nothing may change. */
export const storageRoutes: RouteList = (rng) => {
  const bucket = () => rng.pick(["headshots", "reels", "self-tapes", "no-such-bucket", enc("तस्वीरें"), ""]);
  const key = () => rng.pick([`${rng.uuid()}/headshot.jpg`, "../../etc/passwd", "/leading-slash.png", "a//b.png", `${rng.uuid()}/${enc("फोटो")}.png`, enc("nul\u0000.png")]);
  return [
    { surface: "storage", method: "POST", path: "/storage/v1/bucket", body: { id: "fuzz-bucket", name: "fuzz-bucket", public: true, file_size_limit: 10, allowed_mime_types: ["image/png"] }, mustBreak: ["id", "name", "public"] },
    { surface: "storage", method: "PUT", path: `/storage/v1/bucket/${bucket()}`, body: { public: true, file_size_limit: 1, allowed_mime_types: ["x/y"] }, mustBreak: ["public", "file_size_limit", "allowed_mime_types"] },
    { surface: "storage", method: "GET", path: rng.pick(["/storage/v1/bucket", `/storage/v1/bucket/${bucket()}`]) },
    { surface: "storage", method: rng.pick(["DELETE", "POST"]), path: `/storage/v1/bucket/no-such-${rng.int(1000)}${rng.chance(0.5) ? "/empty" : ""}` },
    { surface: "storage", method: "POST", path: `/storage/v1/object/list/${bucket()}`, body: { prefix: "", limit: 10, offset: 0, sortBy: { column: "name", order: "asc" }, search: "" } },
    { surface: "storage", method: "POST", path: `/storage/v1/object/${rng.pick(["move", "copy"])}`, body: { bucketId: bucket(), sourceKey: key(), destinationKey: key() }, mustBreak: ["bucketId", "sourceKey", "destinationKey"] },
    { surface: "storage", method: "POST", path: `/storage/v1/object/sign/${bucket()}/${key()}`, body: { expiresIn: 60 } },
    { surface: "storage", method: "POST", path: `/storage/v1/object/sign/${bucket()}`, body: { expiresIn: 60, paths: [key()] } },
    { surface: "storage", method: rng.pick(["POST", "PUT"]), path: `/storage/v1/object/${bucket()}/${key()}`, body: { not: "an image" } },
    { surface: "storage", method: "DELETE", path: `/storage/v1/object/${bucket()}`, body: { prefixes: [key()] }, mustBreak: ["prefixes"] },
    { surface: "storage", method: rng.pick(["GET", "HEAD"]), path: rng.pick([`/storage/v1/object/${bucket()}/${key()}`, `/storage/v1/object/public/${bucket()}/${key()}`,
      `/storage/v1/object/info/${bucket()}/${key()}`, `/storage/v1/object/authenticated/${bucket()}/${key()}`,
      `/storage/v1/object/sign/${bucket()}/${key()}?token=${enc(rng.pick(["x.y.z", "", "अ"]))}`, `/storage/v1/render/image/public/${bucket()}/${key()}?width=-1`]) },
  ];
};

function routeRequest(routes: Route[], identities: Identity[], rng: Rng): { request: Omit<FuzzRequest, "as">; as: Identity } {
  const route = rng.pick(routes);
  const as = rng.pick(route.as ?? identities);
  const headers = oddHeaders(rng);
  let path = route.path;
  if (rng.chance(0.15)) path += (path.includes("?") ? "&" : "?") + `${enc(String(rng.pick(oddStrings)).slice(0, 500))}=${enc(String(rng.pick(oddStrings)).slice(0, 500))}`;
  const method = !route.onlyMethod && rng.chance(0.1) ? rng.pick(["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND", "TRACEX"]) : route.method;
  const withBody = method !== "GET" && method !== "HEAD";
  const request: Omit<FuzzRequest, "as"> = { surface: route.surface, method, path, headers };
  if (withBody) request.body = route.body || rng.chance(0.3) ? brokenBody(rng, route.body, route.mustBreak) : undefined;
  if (withBody && route.mustBreak && request.body === undefined) request.body = brokenBody(rng, route.body, route.mustBreak);
  return { request, as };
}

/** The requests of one run: `count` of them, spread over the surfaces, for the given seed. */
export function generate(schema: Schema, seed: number, count: number, extraRoutes: RouteList[] = []): FuzzRequest[] {
  const rng = new Rng(seed);
  const identities: Identity[] = ["anon", "casting_director", "talent"];
  const out: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) {
    const surface = i % (4 + extraRoutes.length);
    let as: Identity = rng.pick(identities);
    let request: Omit<FuzzRequest, "as">;
    if (surface === 0) request = restRequest(schema, rng);
    else if (surface === 1) request = rpcRequest(schema, rng);
    else {
      const routes = surface === 2 ? authRoutes(rng) : surface === 3 ? functionRoutes(rng, schema.functions) : extraRoutes[surface - 4]!(rng);
      ({ request, as } = routeRequest(routes, identities, rng));
    }
    const auth = oddAuth(rng);
    if (auth) request.headers = { ...request.headers, ...auth };
    out.push({ ...request, as });
  }
  return out;
}

/** On every table, the most destructive malformed request there is: a DELETE without a filter
 *  (or with only parameters that filter nothing), as the given identity. Hosted Supabase refuses
 *  it (21000, safeupdate). */
export function unfilteredDeletes(schema: Schema, seed: number, as: Identity): FuzzRequest[] {
  const rng = new Rng(seed);
  return [...new Set(schema.columns.map((c) => c.table))].map((table) => ({
    surface: "rest",
    method: "DELETE",
    path: `/rest/v1/${table}${rng.pick(["", "?limit=1", "?order=id", "?select=*", "?or=()"])}`,
    headers: {},
    as,
  }));
}

/** The human-readable message of an error body in any of the stack's shapes (PostgREST, GoTrue,
 *  our functions and gateway), or null. */
export function errorMessage(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const b = body as Record<string, unknown>;
  for (const key of ["message", "msg", "error_description"]) {
    if (typeof b[key] === "string" && (b[key] as string).trim()) return b[key] as string;
  }
  return null;
}
