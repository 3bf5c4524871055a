// Matching quality on a labelled synthetic corpus: recall@10 and nDCG@10 of match_talent
// with filters only, full text only, vectors only, and all three fused.
//
//   npm run eval:matching -- [--talent 3000] [--roles 40] [--seed 7] [--json]
//
// Runs on an in-memory PGlite unless DATABASE_URL names a native server (a scratch database
// is created there and dropped afterwards).
import { parseArgs } from "node:util";
import { openDatabase, prepareDatabase } from "../../stack/database.ts";
import { generateCorpus } from "../../seed/matching-corpus.ts";
import { localProvider } from "../../functions/_shared/embeddings/local.ts";
import { createScratchDatabase } from "../lib/native-server.ts";
import { barChart, progress } from "../lib/bench.ts";
import { embedAll, evaluate, loadCorpus } from "../lib/matching-eval.ts";

const { values: args } = parseArgs({
  options: {
    talent: { type: "string", default: "3000" },
    roles: { type: "string", default: "40" },
    seed: { type: "string", default: "7" },
    json: { type: "boolean", default: false },
  },
});
const log = (line: string) => { if (!args.json) console.log(line); };

const corpus = generateCorpus(Number(args.talent), Number(args.roles), Number(args.seed));
const relevant = [...corpus.gain.values()].map((g) => g.size);
log(`corpus: ${corpus.talent.length} talent, ${corpus.roles.length} roles, ` +
    `${Math.min(...relevant)}–${Math.max(...relevant)} relevant talent per role`);

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
  if (args.json) {
    console.log(JSON.stringify({ backend: db.kind, model: localProvider.model, talent: corpus.talent.length, roles: corpus.roles.length, k: 10, scores }, null, 2));
  } else {
    log("\nrecall@10");
    log(barChart(Object.entries(scores).map(([label, s]) => ({ label, value: s.recall })), ""));
    log("nDCG@10");
    log(barChart(Object.entries(scores).map(([label, s]) => ({ label, value: s.ndcg })), ""));
  }
} finally {
  await db.close();
  await scratch?.drop();
}
