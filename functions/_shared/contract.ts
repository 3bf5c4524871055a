// A function's HTTP contract, written once in zod: the handler validates with it and
// scripts/deno/gen-openapi.ts turns it into types/functions.openapi.json.
import { z } from "./deps.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Operation = {
  summary: string;
  /** Absent for functions that need no JWT (verify_jwt = false in config.toml). */
  auth?: "jwt" | "none";
  body?: z.ZodType;
  query?: z.ZodObject;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
};

export type Contract = { name: string; description: string; operations: Partial<Record<Method, Operation>> };

export function defineContract<const C extends Contract>(contract: C): C {
  return contract;
}

/** The error body every function answers with. */
export const ErrorBody = z.object({
  error: z.string().describe("machine-readable code, e.g. invalid_body"),
  message: z.string().describe("one human-readable sentence"),
  field: z.string().optional().describe("the offending field's path, for validation errors"),
});
