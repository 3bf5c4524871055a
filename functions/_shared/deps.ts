// Every third-party import of the edge functions, pinned exactly (the same versions as
// package.json, which tests/unit/function-deps.test.ts checks). Deno fetches `npm:` only.
export { z } from "npm:zod@4.1.12";
export { createClient, type SupabaseClient } from "npm:@supabase/supabase-js@2.119.0";
export { Webhook } from "npm:standardwebhooks@1.1.1";
