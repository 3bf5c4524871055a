// The logins `npm start` prints under the keys: a project's own file, named by config.toml's
// `[castmatch] demo_logins` (CastMatch's demo seed writes seed/demo-logins.json). The stack knows
// nothing of who they are; without the file it prints none.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { ConfigError, paths, readConfigFile } from "./config.ts";
import { firstIssue } from "./zod-issue.ts";

const demoLoginsSchema = z.object({
  /** The one password every demo login shares (development only). */
  password: z.string().min(1),
  logins: z.array(z.object({ name: z.string(), email: z.string(), about: z.string().default("") })),
  /** Lines printed after the logins (other ways in, such as a test phone number). */
  notes: z.array(z.string()).default([]),
});
export type DemoLogins = z.infer<typeof demoLoginsSchema>;

/** The demo logins of the project's config.toml, or null when it names no file or the file is absent. */
export function readDemoLogins(file = demoLoginsFile()): DemoLogins | null {
  if (!file || !existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  const result = demoLoginsSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${file}: ${firstIssue(result.error)}`);
  }
  return result.data;
}

function demoLoginsFile(): string | undefined {
  const name = readConfigFile().castmatch.demo_logins;
  return name === undefined ? undefined : resolve(paths.root, name);
}
