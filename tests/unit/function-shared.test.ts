// Shared edge-function code, unit-tested in Node: vitest maps the `npm:` specifiers of
// functions/_shared/deps.ts onto the same packages in node_modules.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paths } from "../../stack/config.ts";
import { checkMethod, parseBody } from "../../functions/_shared/http.ts";
import { defineContract } from "../../functions/_shared/contract.ts";
import { z } from "../../functions/_shared/deps.ts";

const contract = defineContract({
  name: "sample",
  description: "test contract",
  operations: { POST: { summary: "post", responses: { 200: { description: "ok" } } } },
});

const post = (body: string) => new Request("http://x/sample", { method: "POST", body, headers: { "content-type": "application/json" } });

describe("functions/_shared/http", () => {
  const schema = z.object({ role: z.object({ name: z.string().min(1) }), count: z.number().int().max(200) });

  it("accepts a valid body", async () => {
    const parsed = await parseBody(post('{"role":{"name":"Lead"},"count":10}'), schema);
    expect(parsed).toEqual({ ok: true, value: { role: { name: "Lead" }, count: 10 } });
  });

  it("answers 400 naming the nested field", async () => {
    const parsed = await parseBody(post('{"role":{"name":""},"count":10}'), schema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.response.status).toBe(400);
    expect(await parsed.response.json()).toMatchObject({ error: "invalid_body", field: "role.name" });
  });

  it("answers 400 for a body that is not JSON", async () => {
    const parsed = await parseBody(post("{not json"), schema);
    expect(parsed.ok || (await parsed.response.json()).error).toBe("invalid_json");
  });

  it("answers 405 with Allow for a method the contract lacks", async () => {
    const res = checkMethod(new Request("http://x/sample", { method: "GET" }), contract)!;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(checkMethod(new Request("http://x/sample", { method: "POST" }), contract)).toBeNull();
  });
});

describe("function dependencies", () => {
  it("pins each npm: import to the exact version package.json pins", () => {
    const pkg = JSON.parse(readFileSync(join(paths.root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const deps = readFileSync(join(paths.functions, "_shared", "deps.ts"), "utf8");
    const imports = [...deps.matchAll(/"npm:((?:@[^/@"]+\/)?[^/@"]+)@([^/"]+)/g)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, name, version] of imports) expect(`${name}@${version}`).toBe(`${name}@${pkg.dependencies[name!]}`);
  });
});
