// Opaque keyset cursors: the last row's (score, id), the page it ended (each page ranks deeper:
// see public.search_talent) and a fingerprint of the search, so a cursor cannot be replayed
// against a different query or filters.
import { fnv1a } from "../_shared/hash.ts";
import type { SearchBody } from "./contract.ts";

export type Cursor = { score: number; id: string; page: number };

export function fingerprint(body: Pick<SearchBody, "query" | "filters" | "limit"> & { understand?: boolean }): string {
  return fnv1a(JSON.stringify([body.query.toLowerCase(), body.filters, body.limit, ...(body.understand === false ? [false] : [])])).toString(36);
}

/** public.search_talent pages at most this deep. */
export const MAX_PAGE = 1000;

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64url = (s: string) => atob(s.replace(/-/g, "+").replace(/_/g, "/"));

export function encodeCursor(cursor: Cursor, search: string): string {
  return b64url(JSON.stringify({ s: cursor.score, i: cursor.id, p: cursor.page, f: search }));
}

/** The cursor, or a message saying why it cannot be used. */
export function decodeCursor(text: string, search: string): Cursor | string {
  let raw: unknown;
  try {
    raw = JSON.parse(unb64url(text));
  } catch {
    return "cursor is not one this function issued";
  }
  const c = raw as { s?: unknown; i?: unknown; p?: unknown; f?: unknown };
  if (typeof c.s !== "number" || typeof c.i !== "string" || !/^[0-9a-f-]{36}$/.test(c.i) ||
      !Number.isInteger(c.p) || (c.p as number) < 1 || (c.p as number) >= MAX_PAGE) {
    return "cursor is not one this function issued";
  }
  if (c.f !== search) return "cursor belongs to a different query, filters or limit";
  return { score: c.s, id: c.i, page: c.p as number };
}
