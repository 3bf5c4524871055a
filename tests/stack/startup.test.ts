// The API port is claimed first (a taken port fails fast), but it answers only once every part of
// the stack is ready: a request that arrives during start-up waits and then gets its real answer
// (it used to meet the rate limiter before it existed: 500 "Cannot access 'limiter' before
// initialization").
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateKeys, readProjectConfig } from "../../stack/config.ts";
import { startStack } from "../../stack/server.ts";
import { scratchDatabase } from "../support/backend.ts";

const fixtures = join(import.meta.dirname, "..", "fixtures");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe("start-up", () => {
  it("holds requests that arrive while the stack starts, then answers them for real", { timeout: 240_000 }, async () => {
    const scratch = await scratchDatabase();
    const port = await freePort();
    let starting = true;
    const answers: string[] = [];
    // Calls a function (rate limiter, router, edge runtime) and REST, again and again, from the
    // moment the port is open until start-up has returned.
    const caller = (async () => {
      while (starting) {
        const [fn, rest] = await Promise.all([
          fetch(`http://127.0.0.1:${port}/functions/v1/open`).then(async (r) => `${r.status} ${(await r.text()).slice(0, 80)}`, () => null),
          fetch(`http://127.0.0.1:${port}/rest/v1/`).then((r) => `${r.status}`, () => null),
        ]);
        if (fn) answers.push(`function: ${fn}`);
        if (rest) answers.push(`rest: ${rest}`);
        if (!fn) await new Promise((r) => setTimeout(r, 10)); // the port is not open yet
      }
    })();
    const stack = await startStack({
      keys: generateKeys(), port, dbPort: null, seed: false, databaseUrl: scratch.databaseUrl,
      config: readProjectConfig(join(fixtures, "config.toml"), join(fixtures, "functions")),
    });
    try {
      starting = false;
      await caller;
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.filter((a) => !/^function: 200 \{"pid"/.test(a) && !/^rest: [1-4]\d\d$/.test(a))).toEqual([]);
    } finally {
      await stack.stop();
      await scratch.drop();
    }
  });
});
