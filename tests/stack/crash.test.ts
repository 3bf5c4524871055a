// A crash loses nothing that was acknowledged: `npm start` under concurrent writes, then kill -9
// of it and everything below it (no shutdown code runs), then `npm start` on the same state
// folder. Every write that answered 201 must be there, and the stack must start as usual
// (embedded: PostgreSQL's own crash recovery in PGlite's data folder).
import { describe, expect, it } from "vitest";
import { directorHeaders, ownStacks } from "../support/npm-start.ts";

const stacks = ownStacks();

describe("kill -9", () => {
  it("loses no acknowledged write, and the next npm start opens the same data", { timeout: 900_000 }, async () => {
    const first = await stacks.start();
    const headers = await directorHeaders(first);
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const title = `crash ${w} ${n}`;
        const res = await fetch(`${first.apiUrl}/rest/v1/projects`, {
          method: "POST", headers: { ...headers, prefer: "return=minimal" }, body: JSON.stringify({ title, status: "casting" }),
        }).catch(() => null);
        if (res?.status === 201) acknowledged.push(title);
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    // kill while writes are in flight, once some have been acknowledged
    const since = Date.now();
    while (acknowledged.length < 40 && Date.now() - since < 60_000) await new Promise((r) => setTimeout(r, 50));
    process.kill(-first.child.pid!, "SIGKILL");
    stop = true;
    await Promise.all(writers);
    await first.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    const second = await stacks.start(first.home);
    const res = await fetch(`${second.apiUrl}/rest/v1/projects?select=title&title=like.crash*`, { headers: await directorHeaders(second) });
    expect(res.status).toBe(200);
    const present = new Set(((await res.json()) as Array<{ title: string }>).map((r) => r.title));
    expect(acknowledged.filter((t) => !present.has(t))).toEqual([]);
    second.child.kill("SIGINT");
    expect(await second.exited, second.output()).toBe(0);
  });
});
