// `npm run upgrade:check [-- --embedded | --native] [--from <commit>[,<commit>…]]` (both backends
// unless one is named): an upgrade as a user makes
// one. A previous release is checked out into a temporary worktree and run with `npm start` on a
// fresh data folder; each persona writes through the API (a talent with a profile, a headshot and
// a submission; a casting director's project, role and shortlist; an audition booking). It stops,
// this checkout's `npm start` runs on the same folder (or native database), applies the new
// migrations after a backup, and everything is read back through the API, with every table's
// row count compared. Exit 1 on any loss.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import sharp from "sharp";
import { databaseDigest, type TableDigest } from "../stack/backup.ts";
import { paths } from "../stack/config.ts";
import { listMigrations, releasedMigrations } from "../stack/migrate.ts";
import { client } from "../tests/support/clients.ts";
import { callFunction } from "../tests/support/functions.ts";
import { newProjectWithRole, newTalent } from "../tests/support/people.ts";
import { signIn } from "../tests/support/personas.ts";
import { createScratchDatabase, nativeServer } from "./lib/native-server.ts";
import { RELEASES } from "./lib/releases.ts";
import { startStackProcess, type StackProcess } from "./lib/stack-process.ts";


const args = process.argv.slice(2);
const backends = args.includes("--native") === args.includes("--embedded") ? ["embedded", "native"] : args.includes("--native") ? ["native"] : ["embedded"];
const fromArg = args[args.indexOf("--from") + 1];
const froms = args.includes("--from") && fromArg ? fromArg.split(",") : RELEASES;
const say = (line: string) => console.log(`[upgrade-check] ${line}`);

type Written = {
  email: string; password: string; talentId: string; headshot: Buffer; headshotPath: string;
  projectId: string; roleId: string; submissionId: string; shortlistId: string; bookingId: string;
};

async function writeAsPersonas(stack: { apiUrl: string; publishableKey: string }): Promise<Written> {
  const talent = await newTalent(stack, "upgrade");
  const headshot = await sharp({ create: { width: 240, height: 320, channels: 3, background: "#9a6a50" } }).jpeg().toBuffer();
  const headshotPath = `${talent.talentId}/headshot.jpg`;
  const up = await talent.client.storage.from("headshots").upload(headshotPath, headshot, { contentType: "image/jpeg" });
  if (up.error) throw new Error(`headshot upload: ${up.error.message}`);
  const media = await talent.client.from("talent_media")
    .insert({ talent_id: talent.talentId, kind: "headshot", bucket: "headshots", storage_path: headshotPath, is_primary: true }).select("id").single();
  if (media.error) throw new Error(`talent_media: ${media.error.message}`);

  const cd = await signIn(stack, "casting_director");
  const { projectId, roleId } = await newProjectWithRole(cd, `Upgrade ${Date.now()}`);
  const submitted = await callFunction(stack, "submit", { casting_role_id: roleId, talent_id: talent.talentId, cover_note: "कृपया देखें", media_ids: [media.data.id] }, talent.accessToken);
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const submissionId = submitted.body.submission.id as string;

  const list = await cd.from("shortlists").insert({ casting_role_id: roleId, name: "Upgrade finalists" }).select("id").single();
  if (list.error) throw new Error(`shortlist: ${list.error.message}`);
  const item = await cd.from("shortlist_items").insert({ shortlist_id: list.data.id, talent_id: talent.talentId, rank: 1, note: "keeps across releases" });
  if (item.error) throw new Error(`shortlist item: ${item.error.message}`);
  const invited = await cd.from("submissions").update({ status: "audition_requested" }).eq("id", submissionId).select("id");
  if (invited.error) throw new Error(`audition request: ${invited.error.message}`);
  const start = Date.now() + 3 * 86_400_000;
  const slot = await cd.from("audition_slots").insert({
    casting_role_id: roleId, starts_at: new Date(start).toISOString(), ends_at: new Date(start + 1_800_000).toISOString(), capacity: 2, location: "Andheri studio",
  }).select("id").single();
  if (slot.error) throw new Error(`slot: ${slot.error.message}`);
  const booking = await talent.client.from("audition_bookings").insert({ slot_id: slot.data.id, talent_id: talent.talentId }).select("id").single();
  if (booking.error) throw new Error(`booking: ${booking.error.message}`);
  return {
    email: talent.email, password: talent.password, talentId: talent.talentId, headshot, headshotPath,
    projectId, roleId, submissionId, shortlistId: list.data.id, bookingId: booking.data.id,
  };
}

/** Reads everything back as the same people would; returns the problems found. */
async function readBack(stack: { apiUrl: string; publishableKey: string }, w: Written): Promise<string[]> {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => void (ok || problems.push(what));
  const talent = client(stack.apiUrl, stack.publishableKey);
  const signedIn = await talent.auth.signInWithPassword({ email: w.email, password: w.password });
  check(!signedIn.error, `the talent cannot sign in: ${signedIn.error?.message}`);
  const profile = await talent.from("talent_profiles").select("id, stage_name, city").eq("id", w.talentId).maybeSingle();
  check(profile.data?.stage_name === "upgrade talent" && profile.data?.city === "Mumbai", `talent profile: ${JSON.stringify(profile.data ?? profile.error)}`);
  const file = await talent.storage.from("headshots").download(w.headshotPath);
  check(!!file.data && Buffer.from(await file.data.arrayBuffer()).equals(w.headshot), `headshot bytes: ${file.error?.message ?? "differ"}`);
  const mine = await talent.from("audition_bookings").select("id, status").eq("id", w.bookingId).maybeSingle();
  check(mine.data?.status === "booked", `the talent's booking: ${JSON.stringify(mine.data ?? mine.error)}`);

  const cd = await signIn(stack, "casting_director");
  const project = await cd.from("projects").select("id, title").eq("id", w.projectId).maybeSingle();
  check(!!project.data, `project: ${JSON.stringify(project.error)}`);
  const role = await cd.from("casting_roles").select("id, status").eq("id", w.roleId).maybeSingle();
  check(role.data?.status === "open", `role: ${JSON.stringify(role.data ?? role.error)}`);
  const submission = await cd.from("submissions").select("id, status, cover_note").eq("id", w.submissionId).maybeSingle();
  check(submission.data?.status === "audition_requested" && submission.data.cover_note === "कृपया देखें", `submission: ${JSON.stringify(submission.data ?? submission.error)}`);
  const items = await cd.from("shortlist_items").select("talent_id, note").eq("shortlist_id", w.shortlistId);
  check(items.data?.length === 1 && items.data[0]!.talent_id === w.talentId && items.data[0]!.note === "keeps across releases", `shortlist: ${JSON.stringify(items.data ?? items.error)}`);
  const bookings = await cd.from("audition_bookings").select("id").eq("id", w.bookingId);
  check(bookings.data?.length === 1, `the casting director's view of the booking: ${JSON.stringify(bookings.data ?? bookings.error)}`);
  // and the upgraded stack still takes writes
  const note = await cd.from("shortlist_items").update({ note: "written after the upgrade" }).eq("shortlist_id", w.shortlistId).select("note");
  check(note.data?.[0]?.note === "written after the upgrade", `a write after the upgrade: ${JSON.stringify(note.data ?? note.error)}`);
  return problems;
}

async function digestOver(url: string): Promise<TableDigest[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await databaseDigest({ query: async (text: string) => [...(await sql.unsafe(text))] as never[] });
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The stack's own bookkeeping that start-up and schedules may change: not user data. */
const BOOKKEEPING = /^(supabase_migrations\.|private\.(rate_limit|job|request)|auth\.(refresh_tokens|sessions|audit_log_entries|flow_state))/;

function install(dir: string) {
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, encoding: "utf8", env: { ...process.env, npm_config_fund: "false" } });
  if (r.status !== 0) throw new Error(`npm install of the previous release failed:\n${(r.stderr || r.stdout).slice(-1500)}`);
}

/** Runs the previous release (installed in `old`) then this checkout on one data folder or database. */
async function upgradeFrom(from: string, old: string, databaseUrl: string | undefined): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), "castmatch-upgrade-home-"));
  let stack: StackProcess | undefined;
  try {
    const env = { LITE_TELEMETRY: "0", DO_NOT_TRACK: "1", CASTMATCH_SCHEDULE_EVERY_MS: "0" };
    say(`${from}: npm start on a fresh ${databaseUrl ? "native database" : "data folder"}…`);
    stack = await startStackProcess({ cwd: old, home, databaseUrl, env });
    const api = { apiUrl: stack.apiUrl, publishableKey: stack.keys.publishableKey };
    const written = await writeAsPersonas(api);
    const before = await digestOver(stack.dbUrl);
    say(`${from}: wrote as each persona (${before.reduce((n, t) => n + t.rows, 0)} rows in ${before.length} tables); stopping it`);
    await stack.stop();
    stack = undefined;

    const releasedVersions = new Set(git("ls-tree", "--name-only", from, "supabase/migrations/").stdout.match(/\d{14}(?=_)/g) ?? []);
    const pending = listMigrations().filter((m) => !releasedVersions.has(m.version));
    say(`this checkout: npm start on the same ${databaseUrl ? "database" : "data folder"} (${pending.length} new migration(s))…`);
    stack = await startStackProcess({ home, databaseUrl, env });
    const problems: string[] = [];
    const output = stack.output();
    if (/db:reset/.test(output)) problems.push("start-up asked for a reset");
    // a release from before append-only migrations applied other texts of the baseline files
    const legacy = [...releasedMigrations().keys()].some((f) => {
      const then = git("show", `${from}:supabase/migrations/${f}`);
      return then.status === 0 && then.stdout !== readFileSync(join(paths.migrations, f), "utf8");
    });
    if (legacy) {
      const moved = /Moved this database[^\n"]*/.exec(output)?.[0];
      if (!moved) problems.push("a database from before append-only migrations was not moved into a rebuilt one");
      else say(`this checkout: ${moved}`);
    }
    if (pending.length) {
      const backup = /(\/[^"\s]*\.tar)/.exec(output.slice(output.indexOf("Backed up")))?.[1];
      if (!output.includes("Backed up") || !backup || !existsSync(backup)) problems.push("start-up migrated existing data without saying where its backup is");
      for (const m of pending) if (!output.includes(`${m.version}_${m.name}`)) problems.push(`start-up did not report applying ${m.version}_${m.name}`);
    }
    const after = new Map((await digestOver(stack.dbUrl)).map((t) => [t.table, t]));
    for (const t of before) {
      if (BOOKKEEPING.test(t.table)) continue;
      const now = after.get(t.table);
      if (!now) problems.push(`${t.table} is gone (${t.rows} rows)`);
      else if (now.rows < t.rows) problems.push(`${t.table}: ${t.rows} rows before the upgrade, ${now.rows} after`);
    }
    problems.push(...(await readBack({ apiUrl: stack.apiUrl, publishableKey: stack.keys.publishableKey }, written)));
    return problems;
  } finally {
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

function git(...a: string[]) {
  return spawnSync("git", a, { cwd: paths.root, encoding: "utf8" });
}

let failed = 0;
const server = backends.includes("native") ? await nativeServer() : undefined;
try {
  for (const from of froms) {
    const old = mkdtempSync(join(tmpdir(), "castmatch-release-"));
    try {
      const added = git("worktree", "add", "--detach", "--force", old, from);
      if (added.status !== 0) throw new Error(`cannot check out ${from}: ${added.stderr.trim()}`);
      say(`${from}: npm install in a temporary worktree…`);
      install(old);
      for (const backend of backends) {
        const scratch = backend === "native" ? await createScratchDatabase(server!.url, "castmatch_upgrade") : undefined;
        try {
          const problems = await upgradeFrom(from, old, scratch?.url);
          if (problems.length) {
            failed++;
            say(`FAIL ${from} → this checkout (${backend}):\n  ${problems.join("\n  ")}`);
          } else say(`ok ${from} → this checkout (${backend}): every row and file read back`);
        } catch (error) {
          failed++;
          say(`FAIL ${from} (${backend}): ${(error as Error).message}`);
        } finally {
          await scratch?.drop();
        }
      }
    } catch (error) {
      failed++;
      say(`FAIL ${from}: ${(error as Error).message}`);
    } finally {
      git("worktree", "remove", "--force", old);
      rmSync(old, { recursive: true, force: true });
    }
  }
} finally {
  server?.stop();
}
process.exit(failed ? 1 : 0);
