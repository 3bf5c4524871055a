import { describe, expect, it } from "vitest";
import { parseTap } from "../support/pgtap.ts";

describe("TAP parsing", () => {
  it("counts passes against the plan", () => {
    expect(parseTap(["1..2", "ok 1 - a", "ok 2 - b"])).toEqual({ planned: 2, passed: 2, failed: 0, problems: [] });
  });
  it("keeps a failure with its diagnostics", () => {
    const r = parseTap(["1..2", "ok 1 - a", "not ok 2 - b", "# Failed test 2", "#   have: 1"]);
    expect(r.failed).toBe(1);
    expect(r.problems).toEqual(["not ok 2 - b", "  # Failed test 2", "  #   have: 1"]);
  });
  it("flags a file that ran fewer tests than planned", () => {
    expect(parseTap(["1..3", "ok 1", "ok 2"]).problems).toEqual(["planned 3 tests but ran 2"]);
  });
  it("flags a file without a plan", () => {
    expect(parseTap(["ok 1"]).problems).toEqual(["no plan: the file must call plan(n)"]);
  });
});
