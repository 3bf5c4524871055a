// `npm run db:diff -- <name>`: the next migration, from the declarative schema, without Docker.
// Builds two scratch databases on native PostgreSQL (DATABASE_URL's server, or a throwaway local
// cluster): one from supabase/migrations/, one from sql/ + policies/. @pgkit/migra (a TypeScript
// port of migra, the tool behind `supabase db diff`) writes the statements that take the first to
// the second, into supabase/migrations/<YYYYMMDDHHMMSS>_<name>.sql, for a human to review: a
// rename reads as drop + add, and data moves and backfills are the developer's to write.
//
//   npm run db:diff -- add_talent_pronouns     write the next migration (or say there is nothing to do)
//   npm run db:diff -- --check                 exit 1 when the migrations and sql/ + policies/ differ (CI)
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import postgres from "postgres";
import { paths } from "../stack/config.ts";
import { openDatabase, prepareDatabase } from "../stack/database.ts";
import { bootstrapSql } from "../stack/bootstrap.ts";
import { lintMigrations } from "./lib/migration-lint.ts";
import { newMigrationVersion } from "./lib/migrations.ts";
import { createScratchDatabase, nativeServer } from "./lib/native-server.ts";
import { schemaSources } from "./lib/schema-sources.ts";

/** Schemas the diff leaves alone: the migration history exists only in the migrated database. */
const EXCLUDED_SCHEMAS = ["supabase_migrations"];

export async function schemaDiff(serverUrl: string): Promise<string> {
  const fromMigrations = await createScratchDatabase(serverUrl, "castmatch_diff_migrations");
  const fromSources = await createScratchDatabase(serverUrl, "castmatch_diff_declarative");
  try {
    const a = await openDatabase({ databaseUrl: fromMigrations.url });
    try {
      await prepareDatabase(a, { seed: false, backup: false });
    } finally {
      await a.close();
    }
    const b = await openDatabase({ databaseUrl: fromSources.url });
    try {
      await b.exec(bootstrapSql());
      for (const source of schemaSources()) {
        await b.exec(source.sql).catch((error: Error) => {
          throw new Error(`${source.file}: ${error.message}`);
        });
      }
    } finally {
      await b.close();
    }
    const migra = join(paths.root, "node_modules", "@pgkit", "migra", "dist", "command.js");
    const r = spawnSync(process.execPath, [
      migra, "run", fromMigrations.url, fromSources.url,
      "--unsafe", "--with-privileges", "--ignore-extension-versions", "--exclude-schema", ...EXCLUDED_SCHEMAS,
    ], { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`migra failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split("\n").slice(-5).join("\n")}`);
    const extra = await catalogDiff(fromMigrations.url, fromSources.url);
    return [r.stdout.trim(), ...extra].filter(Boolean).join("\n\n");
  } finally {
    await Promise.all([fromMigrations.drop(), fromSources.drop()]);
  }
}

// What migra leaves out, compared in the catalogs: column-level grants (our column allowlists for
// the API roles), EXECUTE on functions, and which tables stream in the supabase_realtime publication.
const CATALOG_FACTS: { what: string; sql: string; add: (k: string[]) => string; remove: (k: string[]) => string }[] = [
  {
    what: "column privileges",
    sql: `select format('%I.%I', table_schema, table_name), column_name, grantee, privilege_type
            from information_schema.column_privileges
           where grantee in ('anon', 'authenticated', 'service_role') and table_schema not in ('pg_catalog', 'information_schema')
             and not exists (select 1 from information_schema.table_privileges t where t.table_schema = column_privileges.table_schema
                               and t.table_name = column_privileges.table_name and t.grantee = column_privileges.grantee
                               and t.privilege_type = column_privileges.privilege_type)`,
    add: ([t, c, g, p]) => `grant ${p!.toLowerCase()} ("${c}") on table ${t} to ${g};`,
    remove: ([t, c, g, p]) => `revoke ${p!.toLowerCase()} ("${c}") on table ${t} from ${g};`,
  },
  {
    what: "function privileges",
    sql: `select p.oid::regprocedure::text, r.rolname, 'EXECUTE'
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            cross join pg_roles r
           where r.rolname in ('anon', 'authenticated', 'service_role', 'public') and n.nspname not in ('pg_catalog', 'information_schema')
             and n.nspname !~ '^pg_' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
             and has_function_privilege(r.oid, p.oid, 'execute')`,
    add: ([f, g]) => `grant execute on function ${f} to ${g};`,
    remove: ([f, g]) => `revoke execute on function ${f} from ${g};`,
  },
  {
    what: "realtime publication",
    sql: `select format('%I.%I', schemaname, tablename) from pg_publication_tables where pubname = 'supabase_realtime'`,
    add: ([t]) => `alter publication supabase_realtime add table ${t};`,
    remove: ([t]) => `alter publication supabase_realtime drop table ${t};`,
  },
];

async function catalogDiff(fromUrl: string, toUrl: string): Promise<string[]> {
  const read = async (url: string) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const out: Set<string>[] = [];
      for (const fact of CATALOG_FACTS) {
        const rows = await sql.unsafe(fact.sql).values().catch(() => [] as unknown[][]);
        out.push(new Set(rows.map((r) => JSON.stringify(r))));
      }
      return out;
    } finally {
      await sql.end({ timeout: 2 });
    }
  };
  const [from, to] = await Promise.all([read(fromUrl), read(toUrl)]);
  const out: string[] = [];
  CATALOG_FACTS.forEach((fact, i) => {
    const lines = [
      ...[...from[i]!].filter((k) => !to[i]!.has(k)).sort().map((k) => fact.remove(JSON.parse(k) as string[])),
      ...[...to[i]!].filter((k) => !from[i]!.has(k)).sort().map((k) => fact.add(JSON.parse(k) as string[])),
    ];
    if (lines.length) out.push(`-- ${fact.what}\n${lines.join("\n")}`);
  });
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const name = args.find((a) => !a.startsWith("--"));
  if (!check && !(name && /^[a-z0-9_]+$/.test(name))) {
    console.error("usage: npm run db:diff -- <name>   (lower-case letters, digits and _), or -- --check");
    process.exit(2);
  }
  const server = await nativeServer();
  let diff: string;
  try {
    diff = await schemaDiff(server.url);
  } finally {
    server.stop();
  }
  if (check) {
    if (diff) {
      console.error("supabase/migrations/ and sql/ + policies/ describe different schemas. Applying every migration, then this, gives the declarative schema:\n");
      console.error(diff);
      console.error("\nrun `npm run db:diff -- <name>` to write it as a new migration, review it, and commit it");
      process.exit(1);
    }
    console.log("db:diff: the migrations give exactly the schema of sql/ + policies/");
    return;
  }
  if (!diff) {
    console.log("db:diff: no changes; the migrations already give the schema of sql/ + policies/");
    return;
  }
  const file = join(paths.migrations, `${newMigrationVersion()}_${name}.sql`);
  writeFileSync(file, `-- ${name}: written by \`npm run db:diff\` on ${new Date().toISOString().slice(0, 10)} from sql/ and policies/.\n` +
    "-- Review before committing: a rename reads as drop + add, and data moves and backfills are yours to write.\n\n" +
    `${diff}\n`);
  console.log(`db:diff: wrote ${relative(paths.root, file)}`);
  const findings = lintMigrations([file]);
  for (const f of findings) console.log(`  lint: ${f}`);
}

if (process.argv[1]?.endsWith("db-diff.ts")) await main();
