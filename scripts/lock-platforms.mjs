// Completes package-lock.json with other platforms' optional packages (the Supabase CLI's and
// squawk's per-platform binaries, say) that npm could not resolve here.
//
// `npm ci` refuses a lockfile that lacks an entry for any optional dependency, whatever the
// platform ("Missing: @supabase/cli-darwin-arm64@ from lock file"). npm records such an entry
// only when the registry serves that version. The registry these machines reach serves
// @supabase/cli-linux-x64@3.1.0 but not its darwin, windows, arm64 or musl siblings, so npm
// silently leaves them out. This script adds each missing entry with its version and the
// os/cpu/libc that make npm skip it on other platforms. It copies those fields from the
// registry's manifest of that version, or else of the package's newest version it serves
// (platform packages keep their platform). Such an entry has no integrity hash: npm installs
// it on the platform that needs it and checks nothing (there is nothing here to check against).
//
//   node scripts/lock-platforms.mjs          add the missing entries (run after a dependency upgrade)
//   node scripts/lock-platforms.mjs --check  exit 1 if any are missing
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const lockPath = join(dirname(fileURLToPath(import.meta.url)), "..", "package-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;

/** Lockfile paths npm would look in for `name`, required from `from` (nearest first). */
function candidates(from, name) {
  const out = [];
  for (let dir = from; ; ) {
    out.push(`${dir ? `${dir}/` : ""}node_modules/${name}`);
    if (!dir) return out;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i === -1 ? "" : dir.slice(0, i);
  }
}

const missing = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!candidates(path, name).some((p) => packages[p])) missing.push({ parent: path, name, version, dev: entry.dev === true });
  }
}

if (process.argv.includes("--check")) {
  if (missing.length) {
    console.error(`lock-platforms: package-lock.json lacks ${missing.length} optional packages (${missing.map((m) => `${m.name}@${m.version}`).join(", ")}); run \`node scripts/lock-platforms.mjs\``);
    process.exit(1);
  }
  console.log("lock-platforms: every optional package is in package-lock.json");
  process.exit(0);
}

function view(spec) {
  try {
    return JSON.parse(execFileSync("npm", ["view", spec, "os", "cpu", "libc", "license", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }) || "{}");
  } catch {
    return null;
  }
}

for (const m of missing) {
  const manifest = view(`${m.name}@${m.version}`) ?? view(m.name);
  if (!manifest?.os && !manifest?.cpu) {
    console.error(`lock-platforms: no platform for ${m.name} (not served by the registry); left out`);
    continue;
  }
  // Fields in npm's own order, so that its next rewrite of the file changes nothing.
  const entry = { version: m.version };
  if (manifest.cpu) entry.cpu = manifest.cpu;
  if (m.dev) entry.dev = true;
  if (manifest.libc) entry.libc = manifest.libc;
  if (manifest.license) entry.license = manifest.license;
  entry.optional = true;
  if (manifest.os) entry.os = manifest.os;
  packages[`node_modules/${m.name}`] = entry;
  console.log(`lock-platforms: added ${m.name}@${m.version} (${[manifest.os, manifest.cpu, manifest.libc].flat().filter(Boolean).join(" ")})`);
}

// npm keeps "packages" sorted ("" first).
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b, "en"))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
