// Lints migrations for operations that lock or rewrite a large table, with squawk (squawk-cli
// ships its binary as a per-platform npm package) and the rules in .squawk.toml.
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { paths } from "../../stack/config.ts";

/** One line per finding, `file:line: rule message`; empty when the files are clean. */
export function lintMigrations(files: string[]): string[] {
  if (!files.length) return [];
  const squawk = join(paths.root, "node_modules", ".bin", "squawk");
  const r = spawnSync(squawk, ["--config", join(paths.root, ".squawk.toml"), "--reporter", "gcc", ...files], {
    encoding: "utf8",
    cwd: paths.root,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (r.error) throw new Error(`squawk could not run: ${r.error.message}`);
  const findings = r.stdout.split("\n").filter((l) => /: (warning|error): /.test(l)).map((l) => {
    // gcc format: path:line:column: level: rule message (lines counted from 0)
    const m = /^(.*?):(\d+):(\d+): (?:warning|error): (.*)$/.exec(l);
    return m ? `${relative(paths.root, m[1]!)}:${Number(m[2]) + 1}: ${m[4]}` : l;
  });
  if (r.status !== 0 && !findings.length) throw new Error(`squawk failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  return findings;
}
