// Loads a labelled corpus (seed/matching-corpus.ts) into a CastMatch database (embedAll in
// scripts/lib/embed-queue.ts then embeds it through the real queue), and scores
// public.match_talent, called as an admin through RLS, with each source alone and fused.
import type { Database } from "../../stack/database.ts";
import type { Corpus, CorpusRole, Script } from "../../seed/matching-corpus.ts";
import { SCRIPTS, scoreRanking } from "../../seed/matching-corpus.ts";
import { stableUuid } from "../../seed/generate.ts";

export const methods = {
  "filters only": { semantic: 0, keyword: 0, fit: 1 },
  "full-text only": { semantic: 0, keyword: 1, fit: 0 },
  "vector only": { semantic: 1, keyword: 0, fit: 0 },
  hybrid: { semantic: 1, keyword: 0.1, fit: 0.1 }, // match_talent's defaults
} as const;
export type Method = keyof typeof methods;
export type MethodScore = { recall: number; ndcg: number };

export async function loadCorpus(db: Database, corpus: Corpus): Promise<string> {
  const admin = stableUuid("corpus-admin");
  await db.query(`insert into auth.users (id, email, raw_user_meta_data) values ($1, 'admin@corpus.castmatch.test', '{}')`, [admin]);
  await db.query(`insert into public.user_roles (user_id, role) values ($1, 'admin'), ($1, 'casting_director')`, [admin]);
  const talent = corpus.talent.map((t) => ({ ...t, user: stableUuid("corpus-user", t.id) }));
  await db.query(
    `insert into auth.users (id, email, raw_user_meta_data)
     select x.user, x.id || '@corpus.castmatch.test', '{"requested_role":"talent"}'::jsonb
     from jsonb_to_recordset($1::text::jsonb) as x("user" uuid, id text)`,
    [JSON.stringify(talent.map((t) => ({ user: t.user, id: t.id })))],
  );
  // shown to casting teams only with their consent (sql/15_consent.sql)
  await db.query(
    `insert into public.consents (user_id, purpose, notice_version)
     select u.id, 'casting_visibility', 1 from auth.users u where u.email like '%@corpus.castmatch.test' and u.id <> $1`,
    [admin],
  );
  await db.query(
    `insert into public.talent_profiles (id, user_id, stage_name, gender, playing_age_min, playing_age_max, languages, skills, city, bio, visibility)
     select x.id, x.user, x."stageName", x.gender::public.gender, x."ageMin", x."ageMax",
            array(select jsonb_array_elements_text(x.languages)), array(select jsonb_array_elements_text(x.skills)),
            x.city, x.bio, 'casting_only'
     from jsonb_to_recordset($1::text::jsonb) as x(id uuid, "user" uuid, "stageName" text, gender text, "ageMin" int, "ageMax" int,
                                             languages jsonb, skills jsonb, city text, bio text)`,
    [JSON.stringify(talent)],
  );
  const project = stableUuid("corpus-project");
  await db.query(`insert into public.projects (id, title, status, created_by) values ($1, 'Corpus', 'casting', $2)`, [project, admin]);
  await db.query(
    `insert into public.casting_roles (id, project_id, name, description, gender, age_min, age_max, languages, skills, city, status)
     select x.id, $2, 'Role ' || x.archetype, x.description, x.gender::public.gender, x."ageMin", x."ageMax",
            array(select jsonb_array_elements_text(x.languages)), array(select jsonb_array_elements_text(x.skills)), x.city, 'open'
     from jsonb_to_recordset($1::text::jsonb) as x(id uuid, archetype text, description text, gender text, "ageMin" int, "ageMax" int,
                                             languages jsonb, skills jsonb, city text)`,
    [JSON.stringify(corpus.roles), project],
  );
  return admin;
}

/** match_talent as the admin, under RLS, exactly as the API runs it. */
export async function rankAs(db: Database, user: string, roleId: string, weights: { semantic: number; keyword: number; fit: number }, k = 10) {
  const rows = await db.exec(`
    begin;
    select set_config('request.jwt.claim.sub', '${user}', true), set_config('request.jwt.claims', '{"sub":"${user}","role":"authenticated"}', true);
    set local role authenticated;
    select talent_id from public.match_talent('${roleId}', ${k}, ${weights.semantic}, ${weights.keyword}, ${weights.fit});
    commit;`);
  // drivers differ in which statements yield a result; the ranking is the one with talent_id
  const ranking = rows.find((r) => r[0] && "talent_id" in r[0]) ?? [];
  return ranking.map((r) => r.talent_id as string);
}

/** Mean recall@k and nDCG@k of one method over some roles. */
async function score(db: Database, corpus: Corpus, admin: string, roles: CorpusRole[], method: Method, k: number): Promise<MethodScore> {
  let recall = 0, ndcg = 0;
  for (const role of roles) {
    const ranked = await rankAs(db, admin, role.id, methods[method], k);
    const s = scoreRanking(ranked, corpus.gain.get(role.id)!, k);
    recall += s.recall;
    ndcg += s.ndcg;
  }
  return { recall: recall / roles.length, ndcg: ndcg / roles.length };
}

/** Every method over the corpus's roles (or some of them). */
export async function evaluate(db: Database, corpus: Corpus, admin: string, k = 10, roles = corpus.roles): Promise<Record<Method, MethodScore>> {
  // a database in steady state has planner statistics (autovacuum keeps them), and the
  // full-text source reads them to choose its words: measure with them, and the same every run
  await db.exec("analyze public.talent_profiles");
  const out = {} as Record<Method, MethodScore>;
  for (const method of Object.keys(methods) as Method[]) out[method] = await score(db, corpus, admin, roles, method, k);
  return out;
}

/** The hybrid ranking per script of the roles' descriptions (the same roles asked in each). */
export async function evaluateByScript(db: Database, corpus: Corpus, admin: string, k = 10): Promise<Partial<Record<Script, MethodScore>>> {
  await db.exec("analyze public.talent_profiles");
  const out: Partial<Record<Script, MethodScore>> = {};
  for (const script of SCRIPTS) {
    const roles = corpus.roles.filter((r) => r.script === script);
    if (roles.length) out[script] = await score(db, corpus, admin, roles, "hybrid", k);
  }
  return out;
}
