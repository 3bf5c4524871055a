import { defineContract, ErrorBody } from "../_shared/contract.ts";
import { z } from "../_shared/deps.ts";

export const ShareQuery = z.object({
  token: z.string().regex(/^[0-9a-f-]{36}\.[0-9a-f]{64}$/, "not a share token").describe("from rpc('shortlist_share_token')"),
});

export const SharedShortlist = z.object({
  shortlist: z.string(), role: z.string(), project: z.string(), expires_at: z.string(),
  talent: z.array(z.object({
    rank: z.number().int(), stage_name: z.string(), gender: z.string(), playing_age_min: z.number().int(),
    playing_age_max: z.number().int(), height_cm: z.number().int().nullable(), city: z.string().nullable(),
    languages: z.array(z.string()), skills: z.array(z.string()),
    headshot: z.object({ bucket: z.string(), path: z.string() }).nullable(),
  })),
});

export const contract = defineContract({
  name: "shared-shortlist",
  description: "A shortlist opened through its expiring, revocable share link: read-only, casting-visible fields only. No sign-in.",
  operations: {
    GET: {
      summary: "Open a shared shortlist",
      auth: "none",
      query: ShareQuery,
      responses: {
        200: { description: "The shortlist", schema: SharedShortlist },
        400: { description: "token is missing or malformed", schema: ErrorBody },
        404: { description: "Unknown, forged, expired or revoked token", schema: ErrorBody },
      },
    },
  },
});
