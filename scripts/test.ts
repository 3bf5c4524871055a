// `npm test`: every test (pgTAP files and vitest) on the embedded default, or with `--native`
// on PostgreSQL: DATABASE_URL when set, else a throwaway local cluster this script sets up,
// starts and stops. Ends with one line: "N passed, M failed".
//
//   npm test                     embedded PGlite
//   npm test -- --native         native PostgreSQL
//   npm test -- tests/api        any further arguments go to vitest
import "../tests/support/quiet-node20.ts";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { paths } from "../stack/config.ts";
import { redactUrl } from "../stack/database.ts";
import { nativeServer, run, type NativeServer } from "./lib/native-server.ts";

const args = process.argv.slice(2);
const native = args.includes("--native");
const vitestArgs = args.filter((a) => a !== "--native");

let server: NativeServer | undefined;
if (native) {
  try {
    server = await nativeServer();
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`Testing on native PostgreSQL (${redactUrl(server.url)})`);
} else {
  console.log("Testing on embedded PGlite");
}

const report = join(paths.root, "reports", `vitest-${native ? "native" : "embedded"}.json`);
mkdirSync(join(paths.root, "reports"), { recursive: true });
rmSync(report, { force: true });
const code = await run(
  process.execPath,
  // A passing run prints its summary: a dot per test, then details of failures only.
  [join(paths.root, "node_modules", "vitest", "vitest.mjs"), "run", ...(vitestArgs.some((a) => a.startsWith("--reporter")) ? [] : ["--reporter=dot"]),
    "--reporter=json", `--outputFile=${report}`, ...vitestArgs],
  { ...process.env, ...(server ? { CASTMATCH_TEST_SERVER_URL: server.url } : {}) },
);
server?.stop();

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number };
  passed = json.numPassedTests;
  // A file that failed to load has no failed tests of its own: count it once.
  failed = json.numFailedTests + (json.numFailedTests === 0 ? json.numFailedTestSuites : 0);
} catch {
  failed = 1;
}
if (code !== 0 && failed === 0) failed = 1;
console.log(`\n${native ? "native" : "embedded"}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && code === 0 ? 0 : 1);
