// `npm start`: bundles stack/*.ts into one ES module with esbuild (packages stay in node_modules)
// and runs it with plain Node. Run through tsx's loader, the same stack held ~50 MB more memory
// and an esbuild service process; the bundle takes ~40 ms and always matches the sources.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = process.argv[2] ?? join(root, "stack", "start.ts");
const outDir = join(root, "node_modules", ".cache", "castmatch");
// One file per process, so stacks started side by side never read each other's half-written bundle.
const out = join(outDir, `start-${process.pid}.mjs`);
mkdirSync(outDir, { recursive: true });
const esbuild = createRequire(import.meta.url).resolve("esbuild/bin/esbuild");
try {
  execFileSync(esbuild, [entry, "--bundle", "--platform=node", "--format=esm", "--target=node20", "--packages=external",
    "--sourcemap=inline", "--log-level=warning", `--outfile=${out}`], { stdio: ["ignore", "inherit", "inherit"] });
} catch {
  console.error("error: the stack's sources did not compile (see above)");
  process.exit(1);
}
try {
  await import(pathToFileURL(out).href);
} finally {
  rmSync(out, { force: true });
}
