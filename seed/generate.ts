// Generates supabase/seed.sql: the demo casting world for local development (never deployed),
// with the vectors of its profiles and roles from the offline embedding model (seedEmbeddings).
//   npm run gen:seed            write it
// The test suite fails when the committed file differs from what this produces, so the
// generator is deterministic: a seeded PRNG and stable UUIDs.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { embedLocal, LOCAL_MODEL } from "../functions/_shared/embeddings/local.ts";
import { toPgVector } from "../functions/_shared/embeddings/provider.ts";
import { searchTerms } from "../functions/_shared/romanise.ts";
import { DEMO_ADMIN_TOTP_SECRETS, DEMO_PASSWORD, DEMO_PHONE, personas } from "./personas.ts";
import { bioTemplates, nativeBioTemplates, projects, regions, skills as allSkills, type Region } from "./world.ts";

/** A stable UUID for a seeded row, so the seed is byte-identical on every run. */
export function stableUuid(...parts: string[]): string {
  const h = createHash("sha1").update(parts.join("/")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: a tiny deterministic PRNG (the seed must not change between runs). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const some = <T>(xs: readonly T[], n: number): T[] => {
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, some };
}

/** "ladki/ladka", "अभिनेत्री/अभिनेता": the form for women, then the one for men. */
export function gendered(text: string, gender: "female" | "male"): string {
  return text.replace(/([\p{L}\p{M}]+)\/([\p{L}\p{M}]+)/gu, (_, f: string, m: string) => (gender === "female" ? f : m));
}

const q = (s: string | null | undefined) => (s == null ? "null" : `'${s.replaceAll("'", "''")}'`);
const arr = (xs: string[]) => q(`{${xs.map((x) => `"${x}"`).join(",")}}`);

export type SeedTalent = {
  id: string; userId: string; email: string; stageName: string; gender: "female" | "male"; ageMin: number; ageMax: number;
  birthYear: number; minor: boolean; heightCm: number; languages: string[]; skills: string[]; city: string; bio: string;
  visibility: "public" | "casting_only" | "private"; region: Region;
};

const SEED_YEAR = 2026;

/** The generated talent population: deterministic for a given count and PRNG seed. */
export function generateTalent(count: number, seed = 42): SeedTalent[] {
  const r = prng(seed);
  const out: SeedTalent[] = [];
  for (let i = 0; i < count; i++) {
    const region = r.pick(regions);
    const gender = r.next() < 0.5 ? "female" : "male";
    const first = r.pick(gender === "female" ? region.female : region.male);
    const minor = i % 97 === 13;
    const age = minor ? r.int(11, 16) : r.int(19, 62);
    const ageMin = Math.max(minor ? 9 : 18, age - r.int(2, 5));
    const ageMax = age + r.int(2, 6);
    const languages = [region.language];
    if (region.language !== "hindi" && r.next() < 0.7) languages.push("hindi");
    if (r.next() < 0.6) languages.push("english");
    const skills = r.some(allSkills, r.int(0, 3));
    const city = r.pick(region.cities);
    const langs = languages.map((l) => l[0]!.toUpperCase() + l.slice(1)).join(", ");
    let bio = r.pick(bioTemplates).replace("{city}", city).replace("{years}", String(r.int(2, 15)))
      .replace("{langs}", langs).replace("{skill}", skills[0] ?? "theatre");
    // every fifth writes in their own script (no random draw, so the rest of the seed stays put)
    if (i % 5 === 2) bio = gendered(nativeBioTemplates[region.language]!, gender).replace("{city}", city);
    const roll = r.next();
    const visibility = roll < 0.35 && !minor ? "public" : roll < 0.9 ? "casting_only" : "private";
    const email = `talent.${String(i + 1).padStart(4, "0")}@seed.castmatch.test`;
    out.push({
      id: stableUuid("talent", email), userId: stableUuid("user", email), email,
      stageName: `${first} ${r.pick(region.surnames)}`, gender, ageMin, ageMax, birthYear: SEED_YEAR - age, minor,
      heightCm: gender === "female" ? r.int(150, 176) : r.int(162, 192), languages, skills, city, bio, visibility, region,
    });
  }
  return out;
}

/** A row the seed ships a vector for: its document and search source, as private.talent_document
 *  and private.talent_search_source (or the role_ ones) in sql/80_matching.sql write them. */
type Embedded = { table: "talent_profiles" | "casting_roles"; id: string; document: string; source: string };

const genderWords = { female: "Actress, woman", male: "Actor, man", non_binary: "Non-binary actor" } as const;

/** concat_ws('. ', …): the parts that are not null. */
function documentOf(...parts: Array<string | null>): string {
  return parts.filter((p): p is string => p !== null).join(". ");
}

function describedRow(table: Embedded["table"], id: string, row: {
  name: string; gender: keyof typeof genderWords | null; ageMin: number; ageMax: number; city: string | null;
  languages: string[]; skills: string[]; text: string; source: string;
}): Embedded {
  const document = documentOf(row.name, row.gender ? genderWords[row.gender] : null, `playing age ${row.ageMin} to ${row.ageMax}`,
    row.city === null ? null : `based in ${row.city}`, row.languages.length ? `speaks ${row.languages.join(" ")}` : null,
    row.skills.length ? `skills: ${row.skills.join(", ")}` : null, row.text);
  return { table, id, document, source: row.source };
}

/** The vectors of every seeded profile and role, embedded as the embed worker would (same model,
 *  same search_text), so a new database searches as well on its first request as it ever will.
 *  The database stores each one only if it indexes this model and the row's document and search
 *  source are the ones embedded (md5 checked in SQL); otherwise the row stays queued for the worker. */
function seedEmbeddings(rows: Embedded[]): string[] {
  const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
  const out = [
    `-- Embeddings of the ${rows.length} profiles and roles above, computed by \`npm run gen:seed\` with the offline model`,
    `-- ${LOCAL_MODEL} (functions/_shared/embeddings/local.ts), as the embed worker would: a new database`,
    "-- searches as well on its first request as it ever will. Each is stored only if the database indexes",
    "-- that model and the row's document and search source still read as embedded; any other row stays queued.",
    "create temporary table seed_embeddings (target_table text, target_id uuid, checksum text, embedding text, search_text text) on commit drop;",
  ];
  for (const batch of chunks(rows, 100)) {
    out.push("insert into seed_embeddings values");
    out.push(batch.map((r) => `  ('${r.table}', ${q(r.id)}, '${md5(`${r.document}\n${r.source}`)}', '${toPgVector(embedLocal(r.document))}', ${q(searchTerms(r.source))})`).join(",\n") + ";");
  }
  // Inserting the vectors one by one into the HNSW index cost PGlite 8.7 s of CPU; building it
  // afterwards from the stored vectors, 1.7 s. So, as a bulk load does, the vector indexes are
  // dropped and rebuilt from their own definitions (whatever the migrations made them).
  out.push(
    "do $$",
    "declare",
    "  vector_indexes text[] := array(select pg_catalog.pg_get_indexdef(i.indexrelid) from pg_catalog.pg_index i",
    "    join pg_catalog.pg_class c on c.oid = i.indexrelid join pg_catalog.pg_am am on am.oid = c.relam",
    "    where i.indrelid in ('public.talent_profiles'::regclass, 'public.casting_roles'::regclass) and am.amname = 'hnsw');",
    "  definition text;",
    "begin",
    "  if cardinality(vector_indexes) > 0 then",
    "    execute (select string_agg(format('drop index %s', i.indexrelid::regclass), '; ') from pg_catalog.pg_index i",
    "      join pg_catalog.pg_class c on c.oid = i.indexrelid join pg_catalog.pg_am am on am.oid = c.relam",
    "      where i.indrelid in ('public.talent_profiles'::regclass, 'public.casting_roles'::regclass) and am.amname = 'hnsw');",
    "  end if;",
    `  if private.embedding_model() = ${q(LOCAL_MODEL)} then`,
    `    perform public.complete_embedding_jobs(${q(LOCAL_MODEL)}, coalesce((`,
    "      select jsonb_agg(jsonb_build_object('target_table', v.target_table, 'target_id', v.target_id, 'version', j.version,",
    "                                          'embedding', v.embedding, 'search_text', v.search_text))",
    "      from seed_embeddings v",
    "      join private.embedding_jobs j on j.target_table = v.target_table and j.target_id = v.target_id",
    "      where v.checksum = md5(coalesce(",
    "        (select private.talent_document(t) || chr(10) || private.talent_search_source(t) from public.talent_profiles t",
    "         where t.id = v.target_id and v.target_table = 'talent_profiles'),",
    "        (select private.role_document(r) || chr(10) || private.role_search_source(r) from public.casting_roles r",
    "         where r.id = v.target_id and v.target_table = 'casting_roles')))), '[]'));",
    "  end if;",
    "  foreach definition in array vector_indexes loop",
    "    execute definition;",
    "  end loop;",
    "end $$;",
  );
  return out;
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export function generateSeed(talentCount = 300): string {
  const r = prng(7);
  const lines: string[] = [
    "-- Generated by seed/generate.ts. Do not edit; run `npm run gen:seed`.",
    "-- Demo accounts (development only) share one password, printed by `npm start`.",
    "",
  ];
  const push = (...xs: string[]) => lines.push(...xs);
  const uid = (email: string) => stableUuid("user", email);
  const byPersona = (p: string) => personas.find((x) => x.persona === p)!;
  const cd = uid(byPersona("casting_director").email);

  push("-- Demo logins: one per persona; vetted roles granted as an admin would.");
  for (const p of personas) {
    const id = uid(p.email);
    push(
      `insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)`,
      `values (${q(id)}, ${q(p.email)}, extensions.crypt(${q(DEMO_PASSWORD)}, extensions.gen_salt('bf', 10)), now(),`,
      `        '{"provider":"email","providers":["email"]}', ${q(JSON.stringify({ full_name: p.fullName }))});`,
      `insert into auth.identities (id, provider, provider_id, user_id, identity_data)`,
      `values (${q(stableUuid("identity", p.email))}, 'email', ${q(id)}, ${q(id)}, ${q(JSON.stringify({ sub: id, email: p.email, email_verified: true }))});`,
    );
    for (const role of p.roles) push(`insert into public.user_roles (user_id, role) values (${q(id)}, '${role}');`);
  }
  push("-- The demo phone login (fixed code in config.toml [auth.sms.test_otp]) and the admin's authenticators.");
  push(`update auth.users set phone = ${q(DEMO_PHONE.phone.slice(1))}, phone_confirmed_at = now() where id = ${q(uid(byPersona(DEMO_PHONE.persona).email))};`);
  DEMO_ADMIN_TOTP_SECRETS.forEach((secret, i) => push(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, secret, created_at, updated_at) values (${q(stableUuid("factor", String(i)))}, ${q(uid(byPersona("admin").email))}, ${q(`Demo authenticator ${i + 1}`)}, 'totp', 'verified', ${q(secret)}, now(), now());`));
  push("");

  // Talent: the demo talent first, then the generated population. They sign up asking for
  // the talent role (the sign-up trigger grants it and creates their profile row).
  const demoTalentUser = uid(byPersona("talent").email);
  const demoTalent = stableUuid("talent", byPersona("talent").email);
  const talent = generateTalent(talentCount);
  push(`-- ${talent.length} talent accounts (no password: they cannot sign in).`);
  for (const batch of chunks(talent, 100)) {
    push(`insert into auth.users (id, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data) values`);
    push(batch.map((t) => `  (${q(t.userId)}, ${q(t.email)}, now(), '{"provider":"email","providers":["email"]}', ${q(JSON.stringify({ full_name: t.stageName, requested_role: "talent" }))})`).join(",\n") + ";");
  }
  push("");
  // Adults consented to being shown to casting teams and to sharing contacts with them when they
  // signed up (notice version 1); the profiles below take their visibility from it. Talent under
  // 18 are shown only after a guardian's verified consent.
  push("insert into public.consents (user_id, purpose, notice_version) values");
  push([demoTalentUser, ...talent.filter((t) => !t.minor).map((t) => t.userId)]
    .flatMap((u) => [`  (${q(u)}, 'casting_visibility', 1)`, `  (${q(u)}, 'contact_sharing', 1)`]).join(",\n") + ";");
  push("");
  const profileCols = "(id, user_id, stage_name, gender, playing_age_min, playing_age_max, date_of_birth, height_cm, languages, skills, city, bio, visibility, guardian_name, guardian_phone, guardian_email, guardian_consent_at)";
  // All but the last child have a guardian who consented through the emailed link; the last one's
  // profile stays hidden until theirs does (request it as that talent: rpc('request_guardian_consent')).
  const minors = talent.filter((t) => t.minor);
  const consentedMinors = new Set(minors.slice(0, -1).map((t) => t.id));
  const guardianOf = (t: SeedTalent) => ({ name: `${t.region.female[0]} ${t.stageName.split(" ")[1]}`, email: `guardian.${t.email.split("@")[0]}@example.com` });
  const demoBio = "Chennai-born, Mumbai-based actor. Prithvi Theatre regular; two Netflix series. Comfortable in Tamil, Hindi, Marathi and English.";
  push(`insert into public.talent_profiles ${profileCols} values`);
  push(`  (${q(demoTalent)}, ${q(demoTalentUser)}, 'Ananya Iyer', 'female', 24, 31, '1997-08-14', 163, ${arr(["tamil", "hindi", "english", "marathi"])}, ${arr(["bharatanatyam", "swimming", "theatre"])}, 'Mumbai', ${q(demoBio)}, 'casting_only', null, null, null, null);`);
  const embedded: Embedded[] = [];
  embedded.push(describedRow("talent_profiles", demoTalent, { name: "Ananya Iyer", gender: "female", ageMin: 24, ageMax: 31, city: "Mumbai",
    languages: ["tamil", "hindi", "english", "marathi"], skills: ["bharatanatyam", "swimming", "theatre"], text: demoBio,
    source: `Ananya Iyer Mumbai ${demoBio}` }));
  for (const t of talent) {
    embedded.push(describedRow("talent_profiles", t.id, { name: t.stageName, gender: t.gender, ageMin: t.ageMin, ageMax: t.ageMax, city: t.city,
      languages: t.languages, skills: t.skills, text: t.bio, source: `${t.stageName} ${t.city} ${t.bio}` }));
  }
  for (const batch of chunks(talent, 100)) {
    push(`insert into public.talent_profiles ${profileCols} values`);
    push(batch.map((t) => {
      const guardian = t.minor
        ? `${q(guardianOf(t).name)}, '+91 98${String(t.heightCm).padStart(3, "0")}00${t.ageMin}0', ${q(guardianOf(t).email)}, ${consentedMinors.has(t.id) ? "now()" : "null"}`
        : "null, null, null, null";
      return `  (${q(t.id)}, ${q(t.userId)}, ${q(t.stageName)}, '${t.gender}', ${t.ageMin}, ${t.ageMax}, '${t.birthYear}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}', ${t.heightCm}, ${arr(t.languages)}, ${arr(t.skills)}, ${q(t.city)}, ${q(t.bio)}, '${t.visibility}', ${guardian})`;
    }).join(",\n") + ";");
  }
  push("");
  push("-- Guardians' answers, as the guardian-consent link records them.");
  for (const t of minors.filter((m) => consentedMinors.has(m.id))) {
    const request = stableUuid("guardian-consent", t.id);
    push(`insert into public.guardian_consents (id, talent_id, guardian_name, guardian_email, requested_by, status, answered_at, answered_purposes) values (${q(request)}, ${q(t.id)}, ${q(guardianOf(t).name)}, ${q(guardianOf(t).email)}, ${q(t.userId)}, 'given', now(), '{casting_visibility,contact_sharing}');`);
    push(`insert into public.consents (user_id, purpose, notice_version, given_by, guardian_consent_id) values (${q(t.userId)}, 'casting_visibility', 1, 'guardian', ${q(request)}), (${q(t.userId)}, 'contact_sharing', 1, 'guardian', ${q(request)});`);
  }
  push("");
  push("insert into public.talent_contacts (talent_id, phone, email) values");
  push([`  (${q(demoTalent)}, '+91 98200 12345', 'ananya.iyer@example.com')`,
    ...talent.map((t, i) => `  (${q(t.id)}, '+91 9${String(800000000 + i * 7919).slice(0, 4)} ${String(10000 + i).slice(0, 5)}', ${q(t.email.replace("@seed.castmatch.test", "@example.com"))})`)].join(",\n") + ";");
  // Media rows point at Storage objects (a foreign key): the objects come first. The local
  // files are uploaded by seed/media.ts (npm run seed:media), which tests run after start-up.
  const media = [
    { id: stableUuid("media", demoTalent), talent: demoTalent, kind: "headshot", bucket: "headshots", path: `${demoTalent}/headshot.jpg`, mimetype: "image/jpeg", title: "Headshot 2026" },
    { id: stableUuid("reel", demoTalent), talent: demoTalent, kind: "reel", bucket: "reels", path: `${demoTalent}/showreel.mp4`, mimetype: "video/mp4", title: "Showreel" },
    ...talent.map((t) => ({ id: stableUuid("media", t.id), talent: t.id, kind: "headshot", bucket: "headshots", path: `${t.id}/headshot.jpg`, mimetype: "image/jpeg", title: "Headshot" })),
  ];
  push("insert into storage.objects (id, bucket_id, name, owner_id, version, metadata) values");
  push(media.map((m) => `  (${q(stableUuid("object", m.bucket, m.path))}, '${m.bucket}', ${q(m.path)}, ${q(m.talent === demoTalent ? demoTalentUser : talent.find((t) => t.id === m.talent)!.userId)}, ${q(stableUuid("object-version", m.bucket, m.path))}, '{"mimetype":"${m.mimetype}","seed":true}')`).join(",\n") + ";");
  push("insert into public.talent_media (id, talent_id, kind, bucket, storage_path, title, is_primary) values");
  push(media.map((m) => `  (${q(m.id)}, ${q(m.talent)}, '${m.kind}', '${m.bucket}', ${q(m.path)}, ${q(m.title)}, true)`).join(",\n") + ";");
  const creditTitles = ["Sacred Games", "Mirzapur", "Paatal Lok", "Made in Heaven", "Kota Factory", "Scam 1992", "Panchayat", "Suzhal", "Kerala Crime Files", "Farzi", "Delhi Crime", "Jubilee"];
  push("insert into public.talent_credits (id, talent_id, title, character_name, medium, platform, year) values");
  push([`  (${q(stableUuid("credit", demoTalent, "1"))}, ${q(demoTalent)}, 'Suzhal', 'Nandini', 'series', 'Prime Video', 2024)`,
    ...talent.filter((_, i) => i % 2 === 0).map((t) =>
      `  (${q(stableUuid("credit", t.id, "1"))}, ${q(t.id)}, ${q(r.pick(creditTitles))}, ${q(r.pick(["Friend", "Constable", "Neighbour", "Lead", "Reporter", "Doctor"]))}, '${r.pick(["series", "film", "ad", "theatre"])}', ${q(r.pick(["Netflix", "Prime Video", "JioHotstar", "SonyLIV", "ZEE5"]))}, ${r.int(2015, 2026)})`)].join(",\n") + ";");
  push("");

  // Representation: the demo agent's agency represents the demo talent and 20 others.
  const agent = uid(byPersona("agent").email);
  const agency = stableUuid("agency", "spotlight");
  push("-- Spotlight Talent Mumbai (the demo agent owns it).");
  push(`insert into public.agencies (id, name, city, created_by) values (${q(agency)}, 'Spotlight Talent Mumbai', 'Mumbai', ${q(agent)});`);
  const represented = [demoTalent, ...talent.filter((t) => !t.minor).slice(0, 20).map((t) => t.id)];
  push("insert into public.representations (id, agency_id, talent_id) values");
  push(represented.map((t) => `  (${q(stableUuid("representation", t))}, ${q(agency)}, ${q(t)})`).join(",\n") + ";");
  push(`update public.representations set status = 'accepted' where agency_id = ${q(agency)};`);
  push("");

  // Projects, their teams, roles, submissions, shortlists, slots and budgets.
  const producer = uid(byPersona("producer").email);
  const viewer = uid(byPersona("viewer").email);
  for (const p of projects) {
    const pid = stableUuid("project", p.key);
    push(`-- ${p.title}${p.confidential ? " (confidential)" : ""}`);
    push(`insert into public.projects (id, title, logline, platform, language, status, is_confidential, created_by) values (${q(pid)}, ${q(p.title)}, ${q(p.logline)}, ${q(p.platform)}, ${q(p.language)}, 'casting', ${p.confidential}, ${q(cd)});`);
    if (p.key === "bombay-nights" || p.key === "monsoon") push(`insert into public.project_members (project_id, user_id, project_role) values (${q(pid)}, ${q(producer)}, 'producer');`);
    if (p.key === "chai-and-chaos") push(`insert into public.project_members (project_id, user_id, project_role) values (${q(pid)}, ${q(viewer)}, 'viewer');`);
    if (p.confidential) {
      // its NDA, published (and so accepted) by the casting director; the producer accepted it too
      push(`insert into public.project_ndas (project_id, body, published_by) values (${q(pid)}, ${q(`Everything about ${p.title} (story, cast, schedule) is confidential until the platform announces it. Do not share, post or discuss it outside the project.`)}, ${q(cd)});`);
      push(`insert into public.nda_acceptances (project_id, version, user_id) values (${q(pid)}, 1, ${q(producer)});`);
    }
    let budget = 0;
    for (const [ri, role] of p.roles.entries()) {
      const rid = stableUuid("role", p.key, role.name);
      budget += role.payRupees * 100;
      embedded.push(describedRow("casting_roles", rid, { name: role.name, gender: role.gender, ageMin: role.ageMin, ageMax: role.ageMax,
        city: role.city, languages: role.languages, skills: role.skills, text: role.description, source: role.description }));
      push(`insert into public.casting_roles (id, project_id, name, description, gender, age_min, age_max, languages, skills, city, pay_paise, submission_deadline, status) values (${q(rid)}, ${q(pid)}, ${q(role.name)}, ${q(role.description)}, ${role.gender ? `'${role.gender}'` : "null"}, ${role.ageMin}, ${role.ageMax}, ${arr(role.languages)}, ${arr(role.skills)}, ${q(role.city)}, ${role.payRupees * 100}, now() + interval '${role.deadlineDays} days', 'open');`);
      const eligible = talent.filter((t) => !t.minor && (!role.gender || t.gender === role.gender)
        && t.ageMin <= role.ageMax && t.ageMax >= role.ageMin && role.languages.some((l) => t.languages.includes(l)));
      const submitting = eligible.slice(0, 12 + ri * 3);
      const withDemo = p.key === "bombay-nights" && ri === 0;
      const subs = [...(withDemo ? [demoTalent] : []), ...submitting.map((t) => t.id)];
      if (!subs.length) continue;
      push(`insert into public.submissions (id, casting_role_id, talent_id, cover_note) values`);
      push(subs.map((t) => `  (${q(stableUuid("submission", rid, t))}, ${q(rid)}, ${q(t)}, ${q(r.pick(["Would love to audition for this.", "Mujhe yeh role bahut pasand aaya!", "Attached my latest reel.", "Available for the whole schedule."]))})`).join(",\n") + ";");
      const shortlisted = subs.slice(0, 5);
      const statuses = ["viewed", "rejected", "viewed", "submitted"];
      for (const [si, t] of subs.entries()) {
        const status = si < 5 ? (withDemo && si < 3 ? "audition_requested" : "shortlisted") : statuses[si % statuses.length]!;
        if (status !== "submitted") push(`update public.submissions set status = '${status}' where id = ${q(stableUuid("submission", rid, t))};`);
      }
      const sl = stableUuid("shortlist", rid);
      push(`insert into public.shortlists (id, casting_role_id, name) values (${q(sl)}, ${q(rid)}, ${q(`${role.name}: first pass`)});`);
      push(`insert into public.shortlist_items (shortlist_id, talent_id, rank, note) values`);
      push(shortlisted.map((t, k) => `  (${q(sl)}, ${q(t)}, ${k + 1}, ${q(r.pick(["Strong screen presence.", "Check diction in the second scene.", "Director's pick.", "Good chemistry read with the lead."]))})`).join(",\n") + ";");
      if (withDemo) {
        for (let s = 0; s < 3; s++) {
          push(`insert into public.audition_slots (id, casting_role_id, starts_at, ends_at, capacity, location) values (${q(stableUuid("slot", rid, String(s)))}, ${q(rid)}, date_trunc('day', now()) + interval '${5 + s} days 11 hours', date_trunc('day', now()) + interval '${5 + s} days 13 hours', ${4 + s * 2}, 'Studio 3, Aaram Nagar, Versova');`);
        }
      }
    }
    push(`insert into public.budget_lines (project_id, category, description, amount_paise) values (${q(pid)}, 'cast', 'Cast fees', ${Math.round(budget * 1.25)}), (${q(pid)}, 'casting', 'Audition studio and travel', ${r.int(2, 8) * 5000000});`);
    push("");
  }
  push(`insert into public.notifications (user_id, kind, title, body) values (${q(demoTalentUser)}, 'submission.status', 'Audition requested for Meera Joshi', 'Bombay Nights wants to see you. Pick an audition slot.');`);
  push("", ...seedEmbeddings(embedded));
  return lines.join("\n") + "\n";
}

/** seed/demo-logins.json: what `npm start` prints under the keys (config.toml `[castmatch]
 *  demo_logins`), so the stack itself knows nothing of the demo's people. */
export function generateDemoLogins(): string {
  const logins = {
    password: DEMO_PASSWORD,
    logins: personas.map((p) => ({ name: p.persona, email: p.email, about: p.about })),
    notes: [
      `Phone login: ${DEMO_PHONE.phone}, code ${DEMO_PHONE.code} (${DEMO_PHONE.persona}; [auth.sms.test_otp])`,
      `Admin actions need aal2: the admin's authenticator secret is ${DEMO_ADMIN_TOTP_SECRETS[0]}`,
    ],
  };
  return JSON.stringify(logins, null, 2) + "\n";
}

if (process.argv[1]?.endsWith("generate.ts")) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  writeFileSync(join(root, "supabase", "seed.sql"), generateSeed());
  writeFileSync(join(root, "seed", "demo-logins.json"), generateDemoLogins());
  console.log("wrote supabase/seed.sql and seed/demo-logins.json");
}
