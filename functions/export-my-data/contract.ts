import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

const Part = z.object({
  who_else_can_see: z.unknown().describe("who, besides you, may read this part today (people, teams, 'CastMatch admins')"),
  rows: z.array(z.record(z.string(), z.unknown())),
  error: z.string().optional().describe("set when this part could not be read completely"),
});

export const Export = z.object({
  format: z.literal("castmatch-export/1"),
  user_id: z.string().uuid(),
  exported_at: z.string(),
  parts: z.record(z.string(), Part).describe("account, profile, roles, consents, talent_profiles, talent_media (each with a signed_url valid one hour), submissions (each with `sharing`: what it shares with the role's casting team and until when), offers, notifications, audit_entries, …; talent_profiles' and talent_media's who_else_can_see list what your submissions share"),
  complete: z.boolean().describe("false when any part failed; the document is still valid JSON"),
});

export const contract = defineContract({
  name: "export-my-data",
  description: "Everything CastMatch holds about the signed-in person (DPDP Act: the right of access), as one JSON document streamed part by part, with signed URLs for their media and, for each part, who else can see it. Three exports an hour.",
  operations: {
    GET: {
      summary: "Download my data",
      responses: {
        200: { description: "The export (Content-Disposition: attachment)", schema: Export },
        429: { description: "Three exports an hour: Retry-After says when the next one is possible", schema: ErrorBody },
      },
    },
  },
});
