// supabase-js warns on import under Node 20 (our floor, see package.json engines), once per
// process that loads it: the test runner's and vitest's own. The same filter as
// vitest.config.ts's onConsoleLog for test files; every other warning passes.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].includes("Node.js 20 and below are deprecated")) return;
  warn(...args);
};
