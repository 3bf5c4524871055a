// Types of patch-deps.mjs.
export interface Change {
  /** Path inside the package, e.g. "dist/index.js". */
  file: string;
  /** The exact text the installed file must contain once; pieces are joined without separators. */
  find: string | string[];
  /** What replaces it. */
  replace: string | string[];
}
export interface Edit {
  id: string;
  /** npm package name; the file is node_modules/<package>/<file>. */
  package: string;
  why: string;
  /** The upstream issue this edit would become. */
  upstream: string;
  changes: Change[];
}
export interface Plan {
  /** Changes made by this run (0 when everything was already applied). */
  applied: number;
  alreadyApplied: number;
  /** New contents of the files that change. */
  files: Map<string, string>;
}
/** Works out every edit in memory; throws, naming each edit that no longer matches. */
export function planEdits(root: string, edits: Edit[]): Plan;
/** planEdits, then writes the changed files. */
export function applyEdits(root: string, edits: Edit[]): Plan;
