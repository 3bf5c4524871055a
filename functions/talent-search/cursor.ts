// Opaque keyset cursors: the last row's (score, id) plus a fingerprint of the search, so a
// cursor cannot be replayed against a different query or filters.
import { fnv1a } from "../_shared/hash.ts";
import type { SearchBody } from "./contract.ts";

export type Cursor = { score: number; id: string };

export function fingerprint(body: Pick<SearchBody, "query" | "filters" | "limit">): string {
  return fnv1a(JSON.stringify([body.query.toLowerCase(), body.filters, body.limit])).toString(36);
}

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64url = (s: string) => atob(s.replace(/-/g, "+").replace(/_/g, "/"));

export function encodeCursor(cursor: Cursor, search: string): string {
  return b64url(JSON.stringify({ s: cursor.score, i: cursor.id, f: search }));
}

/** The cursor, or a message saying why it cannot be used. */
export function decodeCursor(text: string, search: string): Cursor | string {
  let raw: unknown;
  try {
    raw = JSON.parse(unb64url(text));
  } catch {
    return "cursor is not one this function issued";
  }
  const c = raw as { s?: unknown; i?: unknown; f?: unknown };
  if (typeof c.s !== "number" || typeof c.i !== "string" || !/^[0-9a-f-]{36}$/.test(c.i)) {
    return "cursor is not one this function issued";
  }
  if (c.f !== search) return "cursor belongs to a different query, filters or limit";
  return { score: c.s, id: c.i };
}
