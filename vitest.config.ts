import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Edge functions import with Deno's `npm:` specifiers (pinned in functions/_shared/deps.ts);
    // under vitest those resolve to the same packages from node_modules, so function modules
    // can be unit-tested in Node.
    alias: [{ find: /^npm:((?:@[^/@]+\/)?[^/@]+)@[^/]+(\/.*)?$/, replacement: "$1$2" }],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Two test files at a time, whatever the core count (vitest's default on 2 cores is one):
    // most files wait on the one shared stack rather than compute. Measured on 2 cores, on a quiet
    // machine: embedded 9 min 47 s -> 7 min 28 s, native 5 min 24 s -> 4 min 5 s.
    maxWorkers: 2,
    env: { LITE_TELEMETRY: "0", DO_NOT_TRACK: "1" },
    // supabase-js warns on every import under Node 20 (our floor, see package.json engines); one
    // line per test file drowned the summary.
    onConsoleLog: (log) => !log.includes("Node.js 20 and below are deprecated"),
  },
});
