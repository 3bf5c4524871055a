// Starts one CastMatch stack for the API tests, on a free port, with a fresh database on the
// chosen backend, and stops it (and its Deno processes) when the run ends.
import type { TestProject } from "vitest/node";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { scratchDatabase, type Scratch } from "./backend.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: { apiUrl: string; dbUrl: string | null; publishableKey: string; secretKey: string; jwtSecret: string; storageDir: string };
  }
}

let stack: Stack | undefined;
let scratch: Scratch | undefined;

export async function setup(project: TestProject) {
  scratch = await scratchDatabase();
  const keys = generateKeys();
  stack = await startStack({ keys, port: 0, dbPort: 0, databaseUrl: scratch.databaseUrl });
  project.provide("stack", {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    publishableKey: keys.publishableKey,
    secretKey: keys.secretKey,
    jwtSecret: keys.jwtSecret,
    storageDir: stack.storage.dir,
  });
}

export async function teardown() {
  await stack?.stop();
  await scratch?.drop();
}
