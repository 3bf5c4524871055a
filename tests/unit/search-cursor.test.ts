// talent-search's keyset cursors: round trip, and refusal when replayed against another search.
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, fingerprint, MAX_PAGE } from "../../functions/talent-search/cursor.ts";

describe("talent-search cursors", () => {
  const search = fingerprint({ query: "Street-smart girl", filters: { gender: "female" }, limit: 20 });

  it("round-trips the last row's score and id and the page it ended", () => {
    const cursor = encodeCursor({ score: 0.4371234567891, id: "9f838271-7bf6-5338-b725-c039c834040f", page: 3 }, search);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, search)).toEqual({ score: 0.4371234567891, id: "9f838271-7bf6-5338-b725-c039c834040f", page: 3 });
  });

  it("refuses a page out of range", () => {
    const id = "9f838271-7bf6-5338-b725-c039c834040f";
    for (const p of [0, 1.5, MAX_PAGE, "2"]) {
      expect(decodeCursor(btoa(JSON.stringify({ s: 1, i: id, p, f: search })), search)).toMatch(/not one this function issued/);
    }
  });

  it("ties the cursor to the query, filters and page size, ignoring the query's case", () => {
    expect(fingerprint({ query: "street-smart GIRL", filters: { gender: "female" }, limit: 20 })).toBe(search);
    const cursor = encodeCursor({ score: 1, id: "9f838271-7bf6-5338-b725-c039c834040f", page: 1 }, search);
    const other = fingerprint({ query: "Street-smart girl", filters: { gender: "male" }, limit: 20 });
    expect(decodeCursor(cursor, other)).toMatch(/different query/);
    expect(decodeCursor("not-base64!", search)).toMatch(/not one this function issued/);
    expect(decodeCursor(btoa(JSON.stringify({ s: "1", i: "x", f: search })), search)).toMatch(/not one this function issued/);
  });
});
