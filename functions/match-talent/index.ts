// POST /functions/v1/match-talent — a role → ranked candidates with explanations, under the
// caller's JWT; optionally adds the top N to a (new or existing) shortlist of that role.
import { preflight } from "../_shared/cors.ts";
import { checkMethod, errorResponse, json, parseBody } from "../_shared/http.ts";
import { callerClient, databaseError } from "../_shared/supabase.ts";
import { contract, MatchBody } from "./contract.ts";

const env = (name: string) => Deno.env.get(name);

Deno.serve(async (request) => {
  const early = preflight(request) ?? checkMethod(request, contract);
  if (early) return early;
  const parsed = await parseBody(request, MatchBody);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const db = callerClient(request, env);

  const [matched, model] = await Promise.all([
    db.rpc("match_talent", {
      casting_role_id: body.casting_role_id,
      match_count: body.limit,
      semantic_weight: body.weights.semantic,
      keyword_weight: body.weights.keyword,
      fit_weight: body.weights.fit,
    }),
    db.rpc("embedding_model"),
  ]);
  if (matched.error) return databaseError(matched.error);
  if (model.error) return databaseError(model.error);
  const results = (matched.data ?? []) as Array<{ talent_id: string }>;

  let shortlist: { id: string; created: boolean; added: number } | null = null;
  const add = body.add_to_shortlist;
  if (add) {
    let id = add.shortlist_id;
    let created = false;
    if (id) {
      const found = await db.from("shortlists").select("id").eq("id", id).eq("casting_role_id", body.casting_role_id).maybeSingle();
      if (found.error) return databaseError(found.error);
      if (!found.data) {
        return errorResponse(404, "not_found", "add_to_shortlist.shortlist_id: no such shortlist for this role", "add_to_shortlist.shortlist_id");
      }
    } else {
      const role = await db.from("casting_roles").select("name").eq("id", body.casting_role_id).single();
      if (role.error) return databaseError(role.error);
      const made = await db.from("shortlists")
        .insert({ casting_role_id: body.casting_role_id, name: add.name ?? `Matches for ${role.data.name}` })
        .select("id").single();
      if (made.error) return databaseError(made.error);
      id = made.data.id as string;
      created = true;
    }
    const top = results.slice(0, add.top_n);
    // one request, one transaction; talent already on the list keep their place
    const inserted = await db.from("shortlist_items")
      .upsert(top.map((r, i) => ({ shortlist_id: id, talent_id: r.talent_id, rank: i + 1 })), {
        onConflict: "shortlist_id,talent_id",
        ignoreDuplicates: true,
      })
      .select("id");
    if (inserted.error) return databaseError(inserted.error);
    shortlist = { id: id!, created, added: inserted.data?.length ?? 0 };
  }
  return json(200, { model: model.data, results, shortlist });
});
