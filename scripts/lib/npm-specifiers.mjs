// Lets Node scripts (eval:matching, bench:search) import edge-function modules, whose
// third-party imports are Deno `npm:` specifiers pinned in functions/_shared/deps.ts:
// `npm:<name>@<version>[/path]` resolves to the same package in node_modules (which
// package.json pins to the same version), as vitest.config.ts's alias does for the tests.
//   node --import tsx --import ./scripts/lib/npm-specifiers.mjs <script>
import { register } from "node:module";

register("./npm-specifiers-hooks.mjs", import.meta.url);
