// Starts one CastMatch stack for the API tests, on a free port, with a fresh database on the
// chosen backend, and stops it (and its Deno processes) when the run ends. Its functions email
// through a mailbox on 127.0.0.1 that tests read (tests/support/mailbox.ts).
import "./quiet-node20.ts";
import type { TestProject } from "vitest/node";
import { placeSeedMedia } from "../../seed/media.ts";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { scratchDatabase, type Scratch } from "./backend.ts";
import { startMailbox } from "./mailbox.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: {
      apiUrl: string; dbUrl: string | null; publishableKey: string; secretKey: string; jwtSecret: string; storageDir: string;
      mailboxUrl: string;
    };
  }
}

let stack: Stack | undefined;
let scratch: Scratch | undefined;
let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;

export async function setup(project: TestProject) {
  scratch = await scratchDatabase();
  const keys = generateKeys();
  mailbox = await startMailbox();
  stack = await startStack({
    keys, port: 0, dbPort: 0, databaseUrl: scratch.databaseUrl,
    functionEnv: { EMAIL_PROVIDER: "webhook", EMAIL_WEBHOOK_URL: `${mailbox.url}/send` },
  });
  await placeSeedMedia(stack);
  project.provide("stack", {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    publishableKey: keys.publishableKey,
    secretKey: keys.secretKey,
    jwtSecret: keys.jwtSecret,
    storageDir: stack.storage.dir,
    mailboxUrl: mailbox.url,
  });
}

export async function teardown() {
  await stack?.stop();
  await mailbox?.stop();
  await scratch?.drop();
}
