// The first problem of a zod error as "where: what", for configuration files a person edits.
import type { z } from "zod";

/** `top` names the whole document when the problem has no path (e.g. "(top)"). */
export function firstIssue(error: z.ZodError, top = "(top)"): string {
  const issue = error.issues[0];
  if (!issue) return `${top}: invalid`;
  // (a bad table name, e.g. [castmatch.jobs."Embed Now"]: zod's own message only says "Invalid key")
  const message = issue.code === "invalid_key" ? issue.issues[0]?.message ?? issue.message : issue.message;
  return `${issue.path.join(".") || top}: ${message}`;
}
