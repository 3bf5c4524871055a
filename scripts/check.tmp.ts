import { readFileSync } from "node:fs";
import { understandQuery } from "../functions/_shared/query-understanding.ts";
const split = process.argv[2] ?? "dev";
const { queries } = JSON.parse(readFileSync(`/work/wt-search-understanding/tests/matching/queries/${split}.json`, "utf8"));
let bad = 0;
for (const q of queries) {
  const u = understandQuery(q.query);
  const a = q.asks;
  const problems: string[] = [];
  if ((a.gender ?? null) !== u.gender) problems.push(`gender ${u.gender}≠${a.gender}`);
  if (JSON.stringify([...(a.languages ?? [])].sort()) !== JSON.stringify([...u.languages].sort())) problems.push(`langs ${u.languages}`);
  for (const g of a.skills ?? []) if (!g.some((t: string) => u.skills.includes(t))) problems.push(`skills ${u.skills}`);
  if (a.city && a.city !== u.city) problems.push(`city ${u.city}`);
  if (a.age && !(u.age_min !== null && u.age_min <= a.age[0] + 3 && u.age_max! >= a.age[1] - 3 && u.age_max! <= a.age[1] + 10)) problems.push(`age ${u.age_min}-${u.age_max} vs ${a.age}`);
  if (!a.age && u.age_min !== null) problems.push(`extra age ${u.age_min}-${u.age_max}`);
  if (problems.length) { bad++; console.log(q.id, q.query, "→", problems.join("; ")); }
}
console.log(`${bad}/${queries.length} with a misread`);
