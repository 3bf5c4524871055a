// One interface for every embedder. `model` is what the database records: vectors from
// different models are never stored side by side (see sql/80_matching.sql).
export interface EmbeddingProvider {
  /** "local", "supabase" or "openai" */
  readonly name: string;
  /** The model id stored with the index, e.g. "supabase/gte-small". */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, in order; each of `dimensions` numbers, L2-normalised. */
  embed(texts: string[]): Promise<number[][]>;
}

export class EmbeddingError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = "EmbeddingError";
  }
}

/** Scaled to unit length (a zero vector stays zero), so cosine distance applies. */
export function normalize(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/** The pgvector text form, which PostgREST passes through to a halfvec/vector argument. */
export function toPgVector(vector: number[]): string {
  return `[${vector.join(",")}]`;
}
