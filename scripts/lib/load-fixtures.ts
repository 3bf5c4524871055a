// People and roles for load benchmarks, made in SQL as the database owner (thousands of accounts
// through sign-up would measure bcrypt, not the API), and the tokens they call the API with.
import type postgres from "postgres";
import { signJwt } from "../../stack/config.ts";

export type BenchUser = { userId: string; email: string };
export type BenchTalent = BenchUser & { talentId: string };

/** `count` talent accounts with profiles (the sign-up trigger adds their profile row and talent
 *  role), eligible for any role without criteria. `tag` keeps runs apart. */
export async function createTalent(sql: postgres.Sql, count: number, tag: string, languages = ["hindi", "english"]): Promise<BenchTalent[]> {
  const batch = 5000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await sql`
      insert into auth.users (id, email, raw_user_meta_data)
      select gen_random_uuid(), ${tag} || '.talent.' || g || '@bench.castmatch.test',
             jsonb_build_object('requested_role', 'talent', 'full_name', 'Bench Talent ' || g)
      from generate_series(${from}::int, ${to}::int) g`;
    await sql`
      insert into public.talent_profiles (user_id, stage_name, gender, playing_age_min, playing_age_max, height_cm,
                                          languages, city, bio, visibility)
      select u.id, 'Bench Talent ' || g, case when g % 2 = 0 then 'female' else 'male' end::public.gender,
             20 + g % 30, 26 + g % 30, 150 + g % 40, ${languages}::text[], 'Mumbai',
             'Mumbai-based actor, theatre and web series.', 'casting_only'
      from generate_series(${from}::int, ${to}::int) g
      join auth.users u on u.email = ${tag} || '.talent.' || g || '@bench.castmatch.test'`;
    // They agreed to be shown to casting teams, as a talent who applies for roles does: without
    // it nobody outside their own account sees the profile, not even the team they submit to.
    await sql`
      insert into public.consents (user_id, purpose, notice_version)
      select u.id, 'casting_visibility', (select max(n.version) from public.consent_notices n where n.purpose = 'casting_visibility')
      from generate_series(${from}::int, ${to}::int) g
      join auth.users u on u.email = ${tag} || '.talent.' || g || '@bench.castmatch.test'`;
  }
  return sql<BenchTalent[]>`
    select u.id as "userId", u.email, t.id as "talentId"
    from auth.users u join public.talent_profiles t on t.user_id = u.id
    where u.email like ${`${tag}.talent.%@bench.castmatch.test`}
    order by u.email`;
}

/** `count` casting directors on the project's casting team (platform role granted, as if vetted). */
export async function createCastingDirectors(sql: postgres.Sql, count: number, tag: string, projectId: string): Promise<BenchUser[]> {
  const users = await sql<BenchUser[]>`
    insert into auth.users (id, email, raw_user_meta_data)
    select gen_random_uuid(), ${tag} || '.cd.' || g || '@bench.castmatch.test', jsonb_build_object('full_name', 'Bench Director ' || g)
    from generate_series(1, ${count}::int) g
    returning id as "userId", email`;
  const ids = users.map((u) => u.userId);
  await sql`insert into public.user_roles (user_id, role) select unnest(${ids}::uuid[]), 'casting_director'`;
  await sql`insert into public.project_members (project_id, user_id, project_role)
            select ${projectId}, unnest(${ids}::uuid[]), 'casting_director'`;
  return users;
}

/** A project in casting, owned by an existing casting director (by email). */
export async function createProject(sql: postgres.Sql, title: string, ownerEmail: string): Promise<string> {
  const [owner] = await sql<{ id: string }[]>`select id from auth.users where email = ${ownerEmail}`;
  if (!owner) throw new Error(`the demo seed is missing (no ${ownerEmail})`);
  const [project] = await sql<{ id: string }[]>`
    insert into public.projects (title, logline, platform, language, status, created_by)
    values (${title}, 'A Mumbai crime drama casts its ensemble.', 'Netflix', 'hindi', 'casting', ${owner.id}) returning id`;
  return project!.id;
}

/** Open roles without criteria (anyone may submit) in the project, deadline in a week. */
export async function createOpenRoles(sql: postgres.Sql, projectId: string, count: number, tag: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    insert into public.casting_roles (project_id, name, description, status, submission_deadline)
    select ${projectId}, ${tag} || ' open call ' || g, 'An open call: anyone may submit.', 'open', now() + interval '7 days'
    from generate_series(1, ${count}::int) g
    returning id`;
  return rows.map((r) => r.id);
}

/** The access token the auth server would issue (HS256 with the project's secret). */
export function accessToken(jwtSecret: string, user: BenchUser): Promise<string> {
  return signJwt(jwtSecret, { sub: user.userId, role: "authenticated", aud: "authenticated", email: user.email }, 3 * 3600);
}

/** Signs in through /auth/v1 as a person would (password grant); returns the access token. */
export async function signInWithPassword(apiUrl: string, publishableKey: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: publishableKey, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { access_token?: string; msg?: string };
  if (!response.ok || !body.access_token) throw new Error(`${email} could not sign in: ${response.status} ${body.msg ?? ""}`);
  return body.access_token;
}

/** Runs the `embed` function (as the stack's scheduler does) until the embedding queue is empty:
 *  talent-search ranks by meaning only what has a vector. */
export async function drainEmbeddingQueue(sql: postgres.Sql, apiUrl: string, secretKey: string): Promise<void> {
  for (let round = 0; round < 500; round++) {
    const [row] = await sql<{ jobs: number }[]>`select count(*)::int as jobs from private.embedding_jobs where next_attempt_at is not null`;
    if (row?.jobs === 0) return;
    const response = await fetch(`${apiUrl}/functions/v1/embed`, {
      method: "POST", headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json" }, body: "{}",
    });
    if (!response.ok) throw new Error(`embed: ${response.status} ${await response.text()}`);
  }
  throw new Error("the embedding queue did not drain");
}

/** Bench talent need no vectors (their profiles are all alike): their queued jobs are dropped. */
export async function dropEmbeddingJobs(sql: postgres.Sql, talent: BenchTalent[]): Promise<void> {
  await sql`delete from private.embedding_jobs where target_table = 'talent_profiles' and target_id = any (${talent.map((t) => t.talentId)}::uuid[])`;
}
