// scripts/patch-deps.mjs: asserted edits to installed packages apply once, are a no-op the second
// time, and stop the install (writing nothing) when a package's text is not what an edit expects.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { edits } from "../../patches/edits.mjs";
import { applyEdits, planEdits, type Edit } from "../../scripts/patch-deps.mjs";
import { paths } from "../../stack/config.ts";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "patch-deps-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, "node_modules", path)), { recursive: true });
    writeFileSync(join(root, "node_modules", path), content);
  }
  return root;
}
const read = (root: string, path: string) => readFileSync(join(root, "node_modules", path), "utf8");

const sample: Edit[] = [
  {
    id: "swap",
    package: "pkg",
    why: "test",
    upstream: "none",
    changes: [{ file: "dist/a.js", find: "return 1;", replace: ["return ", "2;"] }],
  },
  {
    // The replacement contains the text it expects: an insertion.
    id: "insert",
    package: "pkg",
    why: "test",
    upstream: "none",
    changes: [{ file: "dist/a.js", find: "function f(){", replace: "var cache=1;function f(){" }],
  },
  { id: "other-file", package: "other", why: "test", upstream: "none", changes: [{ file: "b.js", find: "x=1", replace: "x=2" }] },
];
const pristine = {
  "pkg/package.json": '{"version":"1.0.0"}',
  "pkg/dist/a.js": "function f(){return 1;}",
  "other/b.js": "let x=1",
};

describe("patch-deps", () => {
  it("applies each change once, and a second run changes nothing", () => {
    const root = project(pristine);
    expect(applyEdits(root, sample).applied).toBe(3);
    expect(read(root, "pkg/dist/a.js")).toBe("var cache=1;function f(){return 2;}");
    expect(read(root, "other/b.js")).toBe("let x=2");
    const again = applyEdits(root, sample);
    expect([again.applied, again.alreadyApplied, again.files.size]).toEqual([0, 3, 0]);
    expect(read(root, "pkg/dist/a.js")).toBe("var cache=1;function f(){return 2;}");
  });

  it("an edit can build on an earlier one's replacement, on a pristine tree and on one patched before it existed", () => {
    const layered: Edit[] = [
      ...sample,
      { id: "on-top", package: "pkg", why: "test", upstream: "none", changes: [{ file: "dist/a.js", find: "return 2;}", replace: "return 3;}" }] },
    ];
    const fresh = project(pristine);
    expect(applyEdits(fresh, layered).applied).toBe(4);
    expect(read(fresh, "pkg/dist/a.js")).toBe("var cache=1;function f(){return 3;}");
    expect(applyEdits(fresh, layered).applied).toBe(0);
    const old = project(pristine);
    applyEdits(old, sample);
    expect(applyEdits(old, layered).applied).toBe(1);
    expect(read(old, "pkg/dist/a.js")).toBe("var cache=1;function f(){return 3;}");
    // the earlier change's text gone with nothing that rewrote it is still an upgrade to re-derive
    const broken = project({ ...pristine, "pkg/dist/a.js": "function f(){return 4;}" });
    expect(() => applyEdits(broken, layered)).toThrow(/swap \(change 1 of 1\)/);
  });

  it("fails naming the edit and the installed version when an upgrade changed the text, and writes nothing", () => {
    const root = project({ ...pristine, "pkg/package.json": '{"version":"1.1.0"}', "pkg/dist/a.js": "function f(){return 10+1;}" });
    expect(() => applyEdits(root, sample)).toThrow(/swap \(change 1 of 1\) in pkg\/dist\/a\.js: expected its text once, found it 0 times.*1\.1\.0/);
    expect(read(root, "other/b.js")).toBe("let x=1");
  });

  it("fails when the text it expects is there twice, or a package is missing", () => {
    const twice = project({ ...pristine, "other/b.js": "x=1;x=1" });
    expect(() => applyEdits(twice, sample)).toThrow(/other-file .* found it 2 times/);
    const missing = project({ "pkg/dist/a.js": pristine["pkg/dist/a.js"] });
    expect(() => applyEdits(missing, sample)).toThrow(/other-file .*file missing \(package not installed\)/);
  });

  it("every real edit explains itself, and all are applied to the installed packages", () => {
    expect(new Set(edits.map((e) => e.id)).size).toBe(edits.length);
    for (const edit of edits) {
      expect(edit.why.length, edit.id).toBeGreaterThan(40);
      expect(edit.upstream.length, edit.id).toBeGreaterThan(10);
    }
    const plan = planEdits(paths.root, edits);
    expect(plan.applied).toBe(0);
    expect(plan.alreadyApplied).toBe(edits.reduce((n, e) => n + e.changes.length, 0));
  });
});
