// Applies the asserted source edits in patches/edits.mjs to installed packages (npm's
// `postinstall`). Plain JavaScript so it runs before anything is compiled or when dev
// dependencies are omitted.
//
// Each change names a file, the exact text it expects there (once) and its replacement:
// - the expected text found once      -> replaced;
// - the replacement found once and the expected text gone (or inside the replacement)
//                                      -> already applied (a second `npm install` is a no-op);
// - anything else (an upgrade changed the text, a package is missing)
//                                      -> nothing is written, and the edit is named, with the
//                                         installed version: exit 1.
//
//   node scripts/patch-deps.mjs           apply (idempotent)
//   node scripts/patch-deps.mjs --check   exit 1 unless every edit is applied; writes nothing
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * @typedef {{ file: string, find: string | string[], replace: string | string[] }} Change
 * @typedef {{ id: string, package: string, why: string, upstream: string, changes: Change[] }} Edit
 * @typedef {{ applied: number, alreadyApplied: number, files: Map<string, string> }} Plan
 */

/** Long texts are written as pieces, one per line of edits.mjs; the file gets them joined. */
const text = (/** @type {string | string[]} */ t) => (Array.isArray(t) ? t.join("") : t);

/** @param {string} haystack @param {string} needle */
function count(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** @param {string} root @param {string} pkg */
function installedVersion(root, pkg) {
  try {
    return JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

/**
 * A change whose replacement a later change of the same file rewrote (its `find` contains the
 * whole replacement) is applied when that later change is: an edit can build on an earlier one
 * (not on an insertion, whose own `find` would still be there to match again).
 * @param {Edit[]} edits @param {Edit} edit @param {number} index @param {string} current
 */
function rewrittenLater(edits, edit, index, current) {
  const mine = edit.changes[index];
  if (!mine) return false;
  const replace = text(mine.replace);
  const after = edits.slice(edits.indexOf(edit)).flatMap((e) => e.changes.map((change, j) => ({ e, change, j })));
  return after.some(
    ({ e, change, j }) =>
      (e !== edit || j > index) &&
      e.package === edit.package &&
      change.file === mine.file &&
      text(change.find).includes(replace) &&
      count(current, text(change.replace)) === 1,
  );
}

/**
 * Works out every file's new text in memory; throws (naming every failing edit) before anything
 * is written.
 * @param {string} root project root (holds node_modules)
 * @param {Edit[]} edits
 * @returns {Plan}
 */
export function planEdits(root, edits) {
  /** @type {Map<string, string>} */
  const files = new Map();
  /** @type {Map<string, string>} */
  const original = new Map();
  /** @type {string[]} */
  const problems = [];
  let applied = 0;
  let alreadyApplied = 0;
  for (const edit of edits) {
    for (const [i, change] of edit.changes.entries()) {
      const path = join(root, "node_modules", edit.package, change.file);
      const where = `${edit.id} (change ${i + 1} of ${edit.changes.length}) in ${edit.package}/${change.file}`;
      let current = files.get(path);
      if (current === undefined) {
        try {
          current = readFileSync(path, "utf8");
        } catch {
          const version = installedVersion(root, edit.package);
          problems.push(`${where}: file missing (${version ? `installed version ${version}` : "package not installed"})`);
          continue;
        }
        original.set(path, current);
      }
      const find = text(change.find);
      const replace = text(change.replace);
      const finds = count(current, find);
      const replaces = count(current, replace);
      if (replaces === 1 && (finds === 0 || (finds === 1 && replace.includes(find)))) {
        alreadyApplied++;
      } else if (finds === 1 && replaces === 0) {
        files.set(path, current.replace(find, () => replace));
        applied++;
        continue;
      } else if (finds === 0 && replaces === 0 && rewrittenLater(edits, edit, i, current)) {
        alreadyApplied++;
      } else {
        problems.push(
          `${where}: expected its text once, found it ${finds} times (and its replacement ${replaces} times) ` +
            `in installed version ${installedVersion(root, edit.package) ?? "?"}. Expected: ${JSON.stringify(find.slice(0, 120))}` +
            `${find.length > 120 ? "…" : ""}`,
        );
      }
      files.set(path, current);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `patch-deps: ${problems.length} edit(s) no longer match; nothing was written. ` +
        `Each is explained in patches/edits.mjs; re-derive it from the new version's text (docs/patches.md):\n- ${problems.join("\n- ")}`,
    );
  }
  for (const [path, content] of files) if (original.get(path) === content) files.delete(path);
  return { applied, alreadyApplied, files };
}

/** @param {string} root @param {Edit[]} edits */
export function applyEdits(root, edits) {
  const plan = planEdits(root, edits);
  for (const [path, content] of plan.files) writeFileSync(path, content);
  return plan;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const { edits } = await import(pathToFileURL(join(root, "patches", "edits.mjs")).href);
  const changes = edits.reduce((/** @type {number} */ n, /** @type {Edit} */ e) => n + e.changes.length, 0);
  try {
    if (process.argv.includes("--check")) {
      const plan = planEdits(root, edits);
      if (plan.applied > 0) {
        console.error(`patch-deps: ${plan.applied} of ${changes} changes are not applied; run \`node scripts/patch-deps.mjs\``);
        process.exit(1);
      }
      console.log(`patch-deps: all ${edits.length} edits (${changes} changes) are applied`);
    } else {
      const plan = applyEdits(root, edits);
      console.log(
        plan.applied === 0
          ? `patch-deps: ${edits.length} edits (${changes} changes) already applied`
          : `patch-deps: applied ${plan.applied} of ${changes} changes (${edits.length} edits, patches/edits.mjs)`,
      );
    }
  } catch (error) {
    console.error(/** @type {Error} */ (error).message);
    process.exit(1);
  }
}
