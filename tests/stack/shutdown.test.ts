// Ctrl-C always stops: what `npm start` runs (stack/launch.mjs), in its own state folder, under load (REST,
// functions, a search), then SIGINT. It must stop cleanly (exit 0, "Stopped.": stack/start.ts
// exits 1 past its own 4 s deadline) and leave no process behind; a second SIGINT exits at once
// (130). Times are bounded generously for a loaded machine and printed in the messages.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { directorHeaders, ownStacks, type Started } from "../support/npm-start.ts";

const stacks = ownStacks();
const startCastMatch = () => stacks.start();

/** Every process below pid (children, grandchildren, …). */
function descendants(pid: number): number[] {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout;
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(pid);
  return all;
}

/** Running, that is: it exists and is not a zombie (an exited child nobody reaped yet). */
const alive = (pid: number) => {
  const stat = spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim();
  return stat !== "" && !stat.startsWith("Z");
};

/** The processes of `pids` still running once they had up to `ms` to exit (a child ends just after its parent). */
async function survivors(pids: number[], ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(alive);
  }
  return left;
}

async function load(stack: Started, seconds: number): Promise<{ requests: number; failed: number; failures: string[] }> {
  const headers = await directorHeaders(stack);
  const end = Date.now() + seconds * 1000;
  let requests = 0;
  let failed = 0;
  const failures: string[] = [];
  const loop = async (i: number) => {
    while (Date.now() < end) {
      const kind = i % 4;
      const res = await fetch(
        kind === 0 ? `${stack.apiUrl}/functions/v1/health` : kind === 3 ? `${stack.apiUrl}/functions/v1/talent-search` : `${stack.apiUrl}/rest/v1/talent_profiles?select=id,stage_name&limit=20`,
        kind === 3 ? { method: "POST", headers, body: JSON.stringify({ query: "dancer from Mumbai", limit: 10 }) } : { headers },
      ).catch((error: Error) => error);
      requests++;
      if (res instanceof Error || res.status >= 500) {
        failed++;
        const what = res instanceof Error ? `${res.message} (${String((res.cause as Error | undefined)?.message ?? "")})` : `${res.status} ${await res.text()}`;
        if (failures.length < 5) failures.push(`${["health", "rest", "rest", "talent-search"][kind]}: ${what.slice(0, 300)}`);
        continue;
      }
      await res.arrayBuffer().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: 32 }, (_, i) => loop(i)));
  return { requests, failed, failures };
}

describe("Ctrl-C", () => {
  it("stops cleanly after a load, with no process left", { timeout: 480_000 }, async () => {
    const stack = await startCastMatch();
    const result = await load(stack, 3);
    expect(result.requests).toBeGreaterThanOrEqual(32);
    expect(result.failed, `${result.failed} of ${result.requests} failed:\n${result.failures.join("\n")}`).toBe(0);
    const pid = stack.child.pid!;
    const below = descendants(pid);
    expect(below.length).toBeGreaterThan(0); // the edge runtime, at least
    // Keep a connection open in the middle of a request, as a slow client would.
    void fetch(`${stack.apiUrl}/functions/v1/talent-search`, { method: "POST", headers: { apikey: stack.key } }).catch(() => {});
    const t0 = Date.now();
    stack.child.kill("SIGINT");
    const code = await stack.exited;
    const took = `stopped ${Date.now() - t0} ms after Ctrl-C`;
    expect(code, `${took}\n${stack.output()}`).toBe(0);
    expect(stack.output()).toMatch(/Stopped\./);
    expect(Date.now() - t0, took).toBeLessThan(15_000);
    expect(await survivors(below), took).toEqual([]);
  });

  it("exits at once on a second Ctrl-C", { timeout: 480_000 }, async () => {
    const stack = await startCastMatch();
    const below = descendants(stack.child.pid!);
    stack.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    stack.child.kill("SIGINT");
    const code = await stack.exited;
    const took = `exited ${Date.now() - t0} ms after the second Ctrl-C`;
    expect(code, `${took}\n${stack.output()}`).toBe(130);
    expect(stack.output()).toMatch(/SIGINT again: exiting now\./);
    expect(Date.now() - t0, took).toBeLessThan(3000);
    expect(await survivors(below), took).toEqual([]);
  });
});
