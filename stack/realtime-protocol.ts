// The Phoenix channel frames Supabase Realtime speaks, in both serializers realtime-js offers:
//   vsn 1.0.0: JSON objects {join_ref, ref, topic, event, payload}
//   vsn 2.0.0: JSON arrays [join_ref, ref, topic, event, payload], and binary frames for user
//              broadcasts: kind 3 (client -> server, "user broadcast push") and kind 4
//              (server -> client, "user broadcast"), each with a JSON (1) or binary (0) payload.
export type Vsn = "1.0.0" | "2.0.0";

export type Frame = {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
};

/** A broadcast's user payload: JSON, or bytes (vsn 2.0.0 only). */
export type UserPayload = { json: unknown } | { binary: Uint8Array };

/** A frame from the client; a binary user broadcast push becomes a "broadcast" frame whose payload
 *  carries {type, event, payload} with the user payload still encoded. */
export type Incoming = Frame & { userPayload?: UserPayload; meta?: Record<string, unknown> };

export class ProtocolError extends Error {}

export function decode(vsn: Vsn, data: Buffer, isBinary: boolean): Incoming {
  if (isBinary) {
    if (vsn !== "2.0.0") throw new ProtocolError("binary frames need vsn 2.0.0");
    return decodeUserBroadcastPush(data);
  }
  const parsed: unknown = JSON.parse(data.toString("utf8"));
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length < 5) throw new ProtocolError("expected V2 array");
    const [join_ref, ref, topic, event, payload] = parsed as [unknown, unknown, unknown, unknown, unknown];
    return frame(join_ref, ref, topic, event, payload);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ProtocolError("expected a JSON object");
  const o = parsed as Record<string, unknown>;
  return frame(o.join_ref ?? null, o.ref ?? null, o.topic, o.event, o.payload);
}

function frame(join_ref: unknown, ref: unknown, topic: unknown, event: unknown, payload: unknown): Incoming {
  if (typeof topic !== "string" || typeof event !== "string") throw new ProtocolError("topic and event must be strings");
  return {
    join_ref: join_ref == null ? null : String(join_ref),
    ref: ref == null ? null : String(ref),
    topic,
    event,
    payload: payload ?? {},
  };
}

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const JSON_ENCODING = 1;

function decodeUserBroadcastPush(buf: Buffer): Incoming {
  if (buf.length < 7 || buf[0] !== KIND_USER_BROADCAST_PUSH) throw new ProtocolError("unknown binary frame");
  const [joinRefSize, refSize, topicSize, eventSize, metaSize, encoding] = [buf[1]!, buf[2]!, buf[3]!, buf[4]!, buf[5]!, buf[6]!];
  let at = 7;
  const take = (n: number) => {
    if (at + n > buf.length) throw new ProtocolError("truncated binary frame");
    const s = buf.subarray(at, at + n);
    at += n;
    return s;
  };
  const joinRef = take(joinRefSize).toString("utf8");
  const ref = take(refSize).toString("utf8");
  const topic = take(topicSize).toString("utf8");
  const userEvent = take(eventSize).toString("utf8");
  const metaText = take(metaSize).toString("utf8");
  const body = buf.subarray(at);
  const userPayload: UserPayload = encoding === JSON_ENCODING ? { json: JSON.parse(body.toString("utf8") || "null") } : { binary: new Uint8Array(body) };
  const meta = metaText ? (JSON.parse(metaText) as Record<string, unknown>) : undefined;
  return {
    join_ref: joinRef || null,
    ref: ref || null,
    topic,
    event: "broadcast",
    payload: { type: "broadcast", event: userEvent },
    userPayload,
    ...(meta ? { meta } : {}),
  };
}

export function encode(vsn: Vsn, f: Frame): string {
  if (vsn === "2.0.0") return JSON.stringify([f.join_ref, f.ref, f.topic, f.event, f.payload]);
  return JSON.stringify({ join_ref: f.join_ref, ref: f.ref, topic: f.topic, event: f.event, payload: f.payload });
}

/** A user broadcast for one client: a binary kind-4 frame on vsn 2.0.0, else a JSON "broadcast"
 *  frame; null when the payload is bytes and the client speaks 1.0.0 (it cannot receive them). */
export function encodeBroadcast(vsn: Vsn, topic: string, event: string, payload: UserPayload): string | Buffer | null {
  if (vsn === "2.0.0") {
    const topicBytes = Buffer.from(topic);
    const eventBytes = Buffer.from(event);
    if (topicBytes.length > 255 || eventBytes.length > 255) return null;
    const body = "json" in payload ? Buffer.from(JSON.stringify(payload.json ?? null)) : Buffer.from(payload.binary);
    const header = Buffer.from([KIND_USER_BROADCAST, topicBytes.length, eventBytes.length, 0, "json" in payload ? JSON_ENCODING : 0]);
    return Buffer.concat([header, topicBytes, eventBytes, body]);
  }
  if (!("json" in payload)) return null;
  return encode(vsn, { join_ref: null, ref: null, topic, event: "broadcast", payload: { type: "broadcast", event, payload: payload.json } });
}

export function payloadBytes(payload: UserPayload): number {
  return "json" in payload ? Buffer.byteLength(JSON.stringify(payload.json ?? null)) : payload.binary.byteLength;
}
