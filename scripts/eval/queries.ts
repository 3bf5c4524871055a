// Casting queries nobody tuned the phrase banks on (tests/matching/queries/), asked through
// talent-search as a casting director's app asks them, on the demo seed: precision@10 per script
// for the gender and language each query names, and for everything it names (skills, city and
// age too). Development and held-out queries are reported apart; the held-out file was never
// looked at while tuning.
//
//   npm run eval:queries [-- --native] [--json] [--split dev|held-out|all] [--no-understanding] [--misses]
//
// --no-understanding sends understand: false (the search as it was before the query was read).
// Starts its own stack: an in-memory PGlite, or with --native a scratch database on native
// PostgreSQL (DATABASE_URL's server, or a throwaway local cluster); waits until the seed is
// embedded, then asks.
import { parseArgs } from "node:util";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import { generateKeys } from "../../stack/config.ts";
import { startStack, type Stack } from "../../stack/server.ts";
import { DEMO_PASSWORD, personas } from "../../seed/personas.ts";
import { createScratchDatabase, nativeServer, type NativeServer } from "../lib/native-server.ts";
import { progress } from "../lib/bench.ts";
import { loadQueries, score, SCRIPT_ORDER, type EvalQuery, type QueryResult, type Split, type Talent } from "../lib/query-eval.ts";

const { values: args } = parseArgs({
  options: {
    native: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    split: { type: "string", default: "all" },
    "no-understanding": { type: "boolean", default: false },
    misses: { type: "boolean", default: false },
  },
});
const splits: Split[] = args.split === "all" ? ["dev", "held-out"] : [args.split as Split];
if (!splits.every((s) => s === "dev" || s === "held-out")) {
  console.error("--split must be dev, held-out or all");
  process.exit(2);
}
const log = (line: string) => { if (!args.json) console.log(line); };

let server: NativeServer | undefined;
let scratch: { url: string; drop(): Promise<void> } | undefined;
let stack: Stack | undefined;
try {
  if (args.native) {
    server = await nativeServer();
    scratch = await createScratchDatabase(server.url, "castmatch_queries");
  }
  const keys = generateKeys();
  log(`starting a stack on ${args.native ? "native PostgreSQL" : "embedded PGlite"} with the demo seed…`);
  stack = await startStack({ keys, port: 0, dbPort: null, databaseUrl: scratch?.url, scheduleEveryMs: 0, rateLimits: null });
  const api = stack.apiUrl;
  const call = async (name: string, body: unknown, bearer: string) => {
    const response = await fetch(`${api}/functions/v1/${name}`, {
      method: "POST",
      headers: { apikey: keys.publishableKey, authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${name}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  // the seed's vectors first: the first search must be as good as the hundredth
  for (let round = 0; ; round++) {
    const r = await call("embed", {}, keys.secretKey);
    if (r.queued === 0) break;
    if (round > 200) throw new Error("the embedding queue did not drain");
  }

  const cd = personas.find((p) => p.persona === "casting_director")!;
  const client = createClient(api, keys.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never },
  });
  const signIn = await client.auth.signInWithPassword({ email: cd.email, password: DEMO_PASSWORD });
  if (signIn.error) throw new Error(`the casting director could not sign in: ${signIn.error.message}`);
  const token = signIn.data.session!.access_token;
  // relevance comes from what this casting director can see, in the rows' structured fields
  const visible = await client.from("talent_profiles").select("id, gender, languages, skills, city, playing_age_min, playing_age_max");
  if (visible.error) throw new Error(visible.error.message);
  const talent = visible.data as Talent[];

  const report: Record<string, unknown> = {};
  for (const split of splits) {
    const queries = loadQueries(split);
    const bar = args.json ? null : progress(split, queries.length);
    const results: QueryResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < queries.length) {
        const q: EvalQuery = queries[next++]!;
        const r = await call("talent-search", { query: q.query, limit: 10, understand: !args["no-understanding"] }, token);
        results.push({ id: q.id, script: q.script, query: q.query, top: r.results as Talent[] });
        bar?.update(results.length);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    bar?.finish();
    const genderLanguage = score(results, queries, talent, "gender_language");
    const allNamed = score(results, queries, talent, "all_named");
    report[split] = { gender_language: genderLanguage, all_named: allNamed };
    log(`\n${split}: precision@10 (${queries.length} queries, ${talent.length} talent visible to the casting director)`);
    log("script        queries   gender+language   all named (n)");
    for (const script of [...SCRIPT_ORDER, "native", "all"]) {
      const g = genderLanguage[script], a = allNamed[script];
      if (!g) continue;
      log(`${script.padEnd(12)}  ${String(g.queries).padStart(7)}   ${g.precision.toFixed(3).padStart(15)}   ${a!.precision.toFixed(3).padStart(9)} (${a!.queries})`);
    }
    if (args.misses) {
      for (const m of allNamed.all!.misses) log(`  miss ${m.id} ${m.precision.toFixed(2)} ${m.query}`);
    }
  }
  if (args.json) {
    console.log(JSON.stringify({ backend: args.native ? "native" : "embedded", understanding: !args["no-understanding"], k: 10,
                                 talent_visible: talent.length, ...report }, null, 2));
  }
} finally {
  await stack?.stop();
  await scratch?.drop().catch(() => {});
  server?.stop();
}
process.exit(0);
