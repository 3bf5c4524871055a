// Generates types/functions.openapi.json from every functions/<name>/contract.ts (zod).
// Runs under Deno, because contracts import the functions' own `npm:` dependencies.
//   npm run gen:openapi            write it
//   npm run gen:openapi -- --check exit 1 when the committed file differs
import { z } from "../../functions/_shared/deps.ts";
import { type Contract, ErrorBody } from "../../functions/_shared/contract.ts";

const root = new URL("../../", import.meta.url);
const out = new URL("types/functions.openapi.json", root);
const check = Deno.args.includes("--check");

const names: string[] = [];
for await (const entry of Deno.readDir(new URL("functions/", root))) {
  if (!entry.isDirectory || entry.name.startsWith("_")) continue;
  try {
    await Deno.stat(new URL(`functions/${entry.name}/contract.ts`, root));
    names.push(entry.name);
  } catch {
    console.error(`functions/${entry.name} has no contract.ts: every function declares its contract`);
    Deno.exit(1);
  }
}
names.sort();

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", io: "input" });
const paths: Record<string, Record<string, unknown>> = {};
for (const name of names) {
  const { contract } = (await import(new URL(`functions/${name}/contract.ts`, root).href)) as { contract: Contract };
  const item: Record<string, unknown> = {};
  for (const [method, op] of Object.entries(contract.operations)) {
    if (!op) continue;
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { "application/json": { schema: schema(r.schema) } } }
        : { description: r.description };
    }
    if (op.body) responses["400"] = { description: "Invalid body; `field` names the offending field", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    if (op.auth !== "none") responses["401"] = { description: "Missing or invalid JWT" };
    responses["405"] = { description: "Method not allowed", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    item[method.toLowerCase()] = {
      operationId: `${name}.${method.toLowerCase()}`,
      summary: op.summary,
      tags: [name],
      security: op.auth === "none" ? [] : [{ bearerAuth: [] }],
      ...(op.query
        ? {
            parameters: Object.entries(schema(op.query).properties ?? {}).map(([pname, pschema]) => ({
              name: pname,
              in: "query",
              schema: pschema,
            })),
          }
        : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.body) } } } } : {}),
      responses,
    };
  }
  paths[`/${name}`] = { description: contract.description, ...item };
}

const document = {
  openapi: "3.1.0",
  info: { title: "CastMatch edge functions", version: "1.0.0", description: "Generated from functions/*/contract.ts by scripts/deno/gen-openapi.ts. Do not edit." },
  servers: [{ url: "http://127.0.0.1:54321/functions/v1", description: "local stack (npm start)" }],
  paths,
  components: {
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    schemas: { Error: schema(ErrorBody) },
  },
};
const text = JSON.stringify(document, null, 2) + "\n";

if (check) {
  let current = "";
  try {
    current = await Deno.readTextFile(out);
  } catch { /* missing counts as drift */ }
  if (current !== text) {
    console.error("types/functions.openapi.json drifted from functions/*/contract.ts: run `npm run gen:openapi` and commit it");
    Deno.exit(1);
  }
  console.log(`OpenAPI document up to date (${names.length} functions)`);
} else {
  await Deno.writeTextFile(out, text);
  console.log(`wrote types/functions.openapi.json (${names.length} functions)`);
}
