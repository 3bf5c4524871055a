// Matching quality on a labelled synthetic corpus: recall@10 and nDCG@10 of match_talent
// with filters only, full text only, vectors only, and all three fused; and, for the fused
// ranking, per script of the roles' descriptions (English, romanised Hindi, Devanagari,
// Bengali, Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam, mixed), the same roles
// asked in each, against bios written in many of them.
//
//   npm run eval:matching -- [--talent 3000] [--roles 40] [--seed 7] [--english-only] [--json]
//
// Seed 7 is the development corpus (weights and the lexicon were chosen on it); seed 11 is
// held out (tests/matching/eval.test.ts). --english-only is the corpus as it was before
// scripts: English and Hinglish bios and roles.
//
// Runs on an in-memory PGlite unless DATABASE_URL names a native server (a scratch database
// is created there and dropped afterwards).
import { parseArgs } from "node:util";
import { openDatabase, prepareDatabase } from "../../stack/database.ts";
import { generateCorpus, type Script } from "../../seed/matching-corpus.ts";
import { localProvider } from "../../functions/_shared/embeddings/local.ts";
import { createScratchDatabase } from "../lib/native-server.ts";
import { barChart, progress } from "../lib/bench.ts";
import { embedAll } from "../lib/embed-queue.ts";
import { evaluate, evaluateByScript, loadCorpus } from "../lib/matching-eval.ts";

const { values: args } = parseArgs({
  options: {
    talent: { type: "string", default: "3000" },
    roles: { type: "string", default: "40" },
    seed: { type: "string", default: "7" },
    "english-only": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const log = (line: string) => { if (!args.json) console.log(line); };

const scripts = !args["english-only"];
const corpus = generateCorpus(Number(args.talent), Number(args.roles), Number(args.seed), 5, { scripts });
const relevant = [...corpus.gain.values()].map((g) => g.size);
const bios = new Map<Script, number>();
for (const t of corpus.talent) bios.set(t.script, (bios.get(t.script) ?? 0) + 1);
log(`corpus (seed ${args.seed}): ${corpus.talent.length} talent, ${corpus.roles.length} roles` +
    `${scripts ? ` (${args.roles} asked in each script)` : ""}, ` +
    `${Math.min(...relevant)}–${Math.max(...relevant)} relevant talent per role`);
if (scripts) log(`bios by script: ${[...bios].map(([s, n]) => `${s} ${n}`).join(", ")}`);

const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, "castmatch_eval") : null;
const db = await openDatabase({ databaseUrl: scratch?.url });
try {
  await prepareDatabase(db, { seed: false });
  const admin = await loadCorpus(db, corpus);
  const total = corpus.talent.length + corpus.roles.length;
  const bar = args.json ? null : progress("embedding", total);
  await embedAll(db, localProvider, (n) => bar?.update(n));
  bar?.finish();
  const scores = await evaluate(db, corpus, admin);
  const byScript = scripts ? await evaluateByScript(db, corpus, admin) : null;
  if (args.json) {
    console.log(JSON.stringify({ backend: db.kind, model: localProvider.model, seed: Number(args.seed), talent: corpus.talent.length,
                                 roles: corpus.roles.length, k: 10, scores, hybrid_by_script: byScript }, null, 2));
  } else {
    log(`\nrecall@10${scripts ? " (all roles, every script)" : ""}`);
    log(barChart(Object.entries(scores).map(([label, s]) => ({ label, value: s.recall })), ""));
    log("nDCG@10");
    log(barChart(Object.entries(scores).map(([label, s]) => ({ label, value: s.ndcg })), ""));
    if (byScript) {
      const english = byScript.english!.recall;
      log("hybrid, per script of the query");
      log("script        recall@10   nDCG@10   recall ÷ English");
      for (const [script, s] of Object.entries(byScript)) {
        log(`${script.padEnd(12)}  ${s.recall.toFixed(3).padStart(9)}  ${s.ndcg.toFixed(3).padStart(8)}   ${(s.recall / english).toFixed(2).padStart(8)}`);
      }
    }
  }
} finally {
  await db.close();
  await scratch?.drop();
}
