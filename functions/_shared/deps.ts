// Every third-party import of the edge functions, pinned exactly (the same versions as
// package.json, which tests/unit/function-deps.test.ts checks). Deno fetches `npm:` only.
export { z } from "npm:zod@4.1.12";
export { createClient, type SupabaseClient } from "npm:@supabase/supabase-js@2.119.0";
export { Webhook } from "npm:standardwebhooks@1.1.1";
import sanscript from "npm:@indic-transliteration/sanscript@1.3.3";

// Sanscript's code is CommonJS (module.exports = Sanscript) while its types declare an ES
// default export, so Node's and Deno's type checkers disagree on the import's shape: type
// the part we use ourselves.
export type SanscriptApi = {
  schemes: Record<string, Record<string, Record<string, string> | boolean>>;
  t(data: string, from: string, to: string): string;
  addBrahmicScheme(name: string, scheme: Record<string, Record<string, string>>): void;
};
const loaded = sanscript as unknown as SanscriptApi & { default?: SanscriptApi };
export const Sanscript: SanscriptApi = loaded.default?.t ? loaded.default : loaded;
