/*
 * safeupdate: refuses UPDATE and DELETE statements without a WHERE clause.
 *
 * Hosted Supabase loads pg-safeupdate into every session of its API role, so an unfiltered
 * PATCH or DELETE through PostgREST fails with SQLSTATE 21000 ("DELETE requires a WHERE
 * clause"). No Debian suite packages pg-safeupdate and these machines reach no other source,
 * so CastMatch builds this small module of its own: the same library name, the same
 * setting (safeupdate.enabled) and the same error, loaded the same way
 * (session_preload_libraries). scripts/native-postgres.sh builds it with PGXS, rebuilds it
 * when this source changes, and leaves any other safeupdate library (the original) alone.
 *
 * The setting is PGC_SUSET, as in the original: only a superuser may turn it off. The API
 * roles (anon, authenticated, service_role) are not superusers, so a request cannot lift the
 * guard with SET or set_config() (42501, "permission denied to set parameter").
 *
 * Statements are checked after parse analysis, before permissions or row-level security:
 * every UPDATE or DELETE of the statement (data-modifying WITH queries included, which is
 * how PostgREST sends writes) must have a WHERE clause. "WHERE true" is a deliberate choice
 * and passes, as with the original.
 */
#include "postgres.h"

#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static post_parse_analyze_hook_type next_post_parse_analyze_hook = NULL;
static bool safeupdate_enabled = true;

static void
refuse_unfiltered(Query *query)
{
	ListCell   *lc;

	foreach(lc, query->cteList)
	{
		CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

		if (cte->ctequery && IsA(cte->ctequery, Query))
			refuse_unfiltered((Query *) cte->ctequery);
	}
	if ((query->commandType == CMD_UPDATE || query->commandType == CMD_DELETE) &&
		query->jointree != NULL && query->jointree->quals == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("%s requires a WHERE clause",
						query->commandType == CMD_UPDATE ? "UPDATE" : "DELETE")));
}

static void
check_statement(ParseState *pstate, Query *query, JumbleState *jstate)
{
	if (safeupdate_enabled)
		refuse_unfiltered(query);
	if (next_post_parse_analyze_hook)
		next_post_parse_analyze_hook(pstate, query, jstate);
}

void
_PG_init(void)
{
	DefineCustomBoolVariable("safeupdate.enabled",
							 "Refuses UPDATE and DELETE statements without a WHERE clause.",
							 NULL, &safeupdate_enabled, true, PGC_SUSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("safeupdate");
	next_post_parse_analyze_hook = post_parse_analyze_hook;
	post_parse_analyze_hook = check_statement;
}
