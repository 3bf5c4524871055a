// The declarative schema: sql/NN_<domain>.sql (what the data is) and policies/NN_<domain>.sql
// (who may touch it), applied domain by domain in NN order, each domain's sql/ before its
// policies/. This is what the schema *is*; supabase/migrations/ is how a database got there.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { paths } from "../../stack/config.ts";

export type SchemaSource = { file: string; sql: string };

export function schemaSources(root = paths.root): SchemaSource[] {
  const files: { key: string; folder: number; file: string }[] = [];
  ["sql", "policies"].forEach((folder, order) => {
    const dir = join(root, folder);
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql"))) {
      const match = /^(\d{2})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`${folder}/${file}: name it NN_domain.sql (two digits, lower-case domain)`);
      files.push({ key: `${match[1]}_${match[2]}`, folder: order, file: `${folder}/${file}` });
    }
  });
  files.sort((a, b) => (a.key === b.key ? a.folder - b.folder : a.key < b.key ? -1 : 1));
  return files.map(({ file }) => ({ file, sql: readFileSync(join(root, file), "utf8") }));
}
