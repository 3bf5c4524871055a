// Supabase's built-in gte-small, available only inside Supabase's edge runtime
// (globalThis.Supabase.ai). 384 dimensions, mean-pooled and normalised.
// gte-small is English-only: its vocabulary has no Indic-script words, so text is romanised
// first (functions/_shared/romanise.ts: "नाचती लड़की" → "nachti ladki"), which at least gives it
// the Hinglish a casting director would type. Readable romanisation, not spelling keys: the
// model knows English words as they are spelt.
import { EmbeddingError, type EmbeddingProvider } from "./provider.ts";
import { romanise } from "../romanise.ts";
import { DIMENSIONS } from "./local.ts";

type Session = { run(input: string, options: { mean_pool: boolean; normalize: boolean }): Promise<unknown> };
type SupabaseGlobal = { ai?: { Session: new (model: string) => Session } };

export function supabaseAiAvailable(): boolean {
  return typeof (globalThis as { Supabase?: SupabaseGlobal }).Supabase?.ai?.Session === "function";
}

export function supabaseProvider(): EmbeddingProvider {
  const global = (globalThis as { Supabase?: SupabaseGlobal }).Supabase;
  if (!global?.ai) throw new EmbeddingError("Supabase.ai is only available on Supabase's edge runtime", false);
  const session = new global.ai.Session("gte-small");
  return {
    name: "supabase",
    model: "supabase/gte-small",
    dimensions: DIMENSIONS,
    async embed(texts) {
      const out: number[][] = [];
      // the session runs one input at a time
      for (const text of texts) {
        const vector = await session.run(romanise(text), { mean_pool: true, normalize: true });
        if (!Array.isArray(vector) || vector.length !== DIMENSIONS) {
          throw new EmbeddingError("gte-small returned something other than 384 numbers", true);
        }
        out.push(vector as number[]);
      }
      return out;
    },
  };
}
