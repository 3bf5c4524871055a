// The Realtime pieces that need no server: the frames of both serializers (against realtime-js's
// own serializer) and the postgres_changes filters.
import { describe, expect, it } from "vitest";
// realtime-js's own serializer (not exported by the package index; CommonJS, hence the cast)
import SerializerModule from "@supabase/realtime-js/dist/main/lib/serializer.js";
import { matchesFilter, parseFilter, parseFilters } from "../../stack/realtime-changes.ts";
import { decode, encode, encodeBroadcast } from "../../stack/realtime-protocol.ts";

type Codec = { encode(msg: object, cb: (r: ArrayBuffer | string) => void): void; decode(raw: ArrayBuffer | string, cb: (m: Record<string, unknown>) => void): void };
const serializer = new (SerializerModule as unknown as new () => Codec)();
const viaClient = (msg: object) => new Promise<ArrayBuffer | string>((resolve) => serializer.encode(msg, resolve));
const toClient = (data: string | Buffer) => new Promise<Record<string, unknown>>((resolve) =>
  serializer.decode(typeof data === "string" ? data : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer), resolve));

describe("frames", () => {
  it("reads what realtime-js sends: V2 arrays, binary broadcasts with JSON or bytes, V1 objects", async () => {
    const join = await viaClient({ join_ref: "1", ref: "1", topic: "realtime:room", event: "phx_join", payload: { config: {} } });
    expect(decode("2.0.0", Buffer.from(join as string), false)).toEqual({ join_ref: "1", ref: "1", topic: "realtime:room", event: "phx_join", payload: { config: {} } });
    const json = await viaClient({ join_ref: "1", ref: "2", topic: "realtime:room", event: "broadcast", payload: { type: "broadcast", event: "cue", payload: { take: 1 } } });
    expect(decode("2.0.0", Buffer.from(json as ArrayBuffer), true)).toMatchObject({ ref: "2", topic: "realtime:room", event: "broadcast", payload: { event: "cue" }, userPayload: { json: { take: 1 } } });
    const bytes = await viaClient({ join_ref: "1", ref: "3", topic: "realtime:room", event: "broadcast", payload: { type: "broadcast", event: "blob", payload: new Uint8Array([7, 8]).buffer } });
    expect(decode("2.0.0", Buffer.from(bytes as ArrayBuffer), true).userPayload).toEqual({ binary: new Uint8Array([7, 8]) });
    expect(decode("1.0.0", Buffer.from(JSON.stringify({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "9" })), false))
      .toEqual({ join_ref: null, ref: "9", topic: "phoenix", event: "heartbeat", payload: {} });
    expect(() => decode("1.0.0", Buffer.from([3, 0]), true)).toThrow("binary frames need vsn 2.0.0");
    expect(() => decode("2.0.0", Buffer.from("{}"), false)).toThrow("expected V2 array");
  });

  it("writes what realtime-js reads: a binary user broadcast for V2, a JSON frame for V1", async () => {
    expect(await toClient(encodeBroadcast("2.0.0", "realtime:room", "cue", { json: { take: 2 } }) as Buffer))
      .toEqual({ join_ref: null, ref: null, topic: "realtime:room", event: "broadcast", payload: { type: "broadcast", event: "cue", payload: { take: 2 } } });
    const blob = await toClient(encodeBroadcast("2.0.0", "realtime:room", "blob", { binary: new Uint8Array([1, 2, 3]) }) as Buffer);
    expect([...new Uint8Array((blob.payload as { payload: ArrayBuffer }).payload)]).toEqual([1, 2, 3]);
    expect(JSON.parse(encodeBroadcast("1.0.0", "realtime:room", "cue", { json: 1 }) as string)).toEqual({ join_ref: null, ref: null, topic: "realtime:room", event: "broadcast", payload: { type: "broadcast", event: "cue", payload: 1 } });
    expect(encodeBroadcast("1.0.0", "realtime:room", "blob", { binary: new Uint8Array([1]) })).toBeNull();
    expect(await toClient(encode("2.0.0", { join_ref: "1", ref: "1", topic: "t", event: "phx_reply", payload: { status: "ok", response: {} } })))
      .toEqual({ join_ref: "1", ref: "1", topic: "t", event: "phx_reply", payload: { status: "ok", response: {} } });
  });
});

describe("postgres_changes filters", () => {
  const row = { id: 12, status: "shortlisted", city: "Mumbai", created_at: "2026-12-02T10:00:00+00:00", note: null };
  const cases: Array<[string, boolean]> = [
    ["id=eq.12", true], ["id=eq.13", false], ["id=neq.13", true], ["id=lt.100", true], ["id=lt.9", false],
    ["id=lte.12", true], ["id=gt.12", false], ["id=gte.12", true], ["status=in.(shortlisted,rejected)", true],
    ["status=in.(rejected)", false], ['city=in.("Mumbai","Pune")', true], ["created_at=gt.2026-12-01", true],
    ["note=eq.null", false], ["note=neq.x", false], ["missing=eq.1", false],
  ];
  it.each(cases)("%s → %s", (filter, expected) => {
    const parsed = parseFilter(filter);
    expect(parsed).not.toBeNull();
    expect(matchesFilter(parsed!, row)).toBe(expected);
  });
  it("refuses what is not a filter", () => {
    for (const bad of ["id", "id=like.1", "id=in.1,2", "=eq.1"]) expect(parseFilter(bad)).toBeNull();
    for (const bad of ["id=gt.1,", "id=gt.1,status", "id=in.1,2"]) expect(parseFilters(bad)).toBeNull();
  });
  it("joins conditions with commas outside quotes and parentheses; not. negates; quotes hold commas", () => {
    const all = (filter: string) => parseFilters(filter)!.every((f) => matchesFilter(f, row));
    expect(parseFilters("")).toEqual([]);
    expect(all("id=gt.0,id=lt.100")).toBe(true);
    expect(all("id=gt.0,id=lt.10")).toBe(false);
    expect(all("status=not.in.(rejected,withdrawn),id=eq.12")).toBe(true);
    expect(all("status=not.eq.shortlisted")).toBe(false);
    expect(all("note=not.eq.x")).toBe(false); // null: neither the comparison nor its negation holds
    expect(parseFilters('city=in.("Mumbai, Bandra",Pune),city=eq."a,b"')).toEqual([
      { column: "city", op: "in", values: ["Mumbai, Bandra", "Pune"] },
      { column: "city", op: "eq", values: ["a,b"] },
    ]);
  });
});
