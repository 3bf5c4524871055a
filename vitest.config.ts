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
    env: { LITE_TELEMETRY: "0", DO_NOT_TRACK: "1" },
  },
});
