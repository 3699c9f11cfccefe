#include "ims2/checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/riskreg.h"
#include "ims2/soa.h"

/* 1.1: the plan must allow for the team's absences. */
static int milestones_in_absences(struct workspace *ws, struct strbuf *out)
{
	sqlite3_stmt *st;
	int count = 0;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT m.name, m.due_date, p.name, a.start_date, a.end_date "
			       "FROM milestone AS m JOIN member_absence AS a ON a.member = m.owner "
			       "JOIN project_member AS p ON p.id = m.owner "
			       "WHERE m.due_date BETWEEN a.start_date AND a.end_date "
			       "AND m.status <> 'done' ORDER BY m.due_date, m.id, a.start_date",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		strbuf_addf(out, "Milestone '%s' (due %s) falls in %s's absence, %s to %s.\n",
			    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			    sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
			    sqlite3_column_text(st, 4));
		count++;
	}
	sqlite3_finalize(st);
	return count;
}

/* 1.8: the completeness check of the Statement of Applicability. */
static int soa_incomplete(struct workspace *ws, struct strbuf *out)
{
	struct soa_finding *found;
	struct ims2_error err;
	size_t count, i;

	if (soa_check(ws, &found, &count, &err))
		return 0;
	for (i = 0; i < count; i++)
		strbuf_addf(out, "%s: %s.\n", found[i].control, found[i].problem);
	free(found);
	return (int)count;
}

/*
 * One finding per row of sql (id, title, a, b; ?1 bound to param): "Risk id 'title': " and
 * what, formatted with a and b.
 */
static int risk_rows(struct workspace *ws, const char *sql, int param, const char *what,
		     struct strbuf *out)
{
	sqlite3_stmt *st;
	int count = 0;

	if (sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int(st, 1, param);
	while (sqlite3_step(st) == SQLITE_ROW) {
		strbuf_addf(out, "Risk %lld '%s': ", (long long)sqlite3_column_int64(st, 0),
			    sqlite3_column_text(st, 1));
		strbuf_addf(out, what, sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
		strbuf_adds(out, ".\n");
		count++;
	}
	sqlite3_finalize(st);
	return count;
}

/* 1.7: residual above inherent, acceptance above what an owner may accept, untreated risks. */
static int risk_points(struct workspace *ws, struct strbuf *out)
{
	struct risk_method m;
	struct ims2_error err;
	sqlite3_stmt *st;
	int count = 0;

	count = riskreg_criteria_problems(ws->store, out);
	if (riskreg_method(ws->store, &m, &err))
		return count;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT id, title, inherent_rank, residual_rank, status, treatment, "
			       "coalesce(decision, '') FROM risk WHERE residual_rank > inherent_rank OR "
			       "(status = 'accepted' AND coalesce(residual_rank, inherent_rank) > ?1) "
			       "OR (inherent_rank >= ?2 AND coalesce(treatment, '') IN ('', 'retain') "
			       "AND residual_rank IS NULL) ORDER BY id",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, m.owner_may_accept);
		sqlite3_bind_int(st, 2, m.must_treat);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int inherent = sqlite3_column_int(st, 2), residual = sqlite3_column_type(st, 3) ==
										     SQLITE_NULL
									     ? -1
									     : sqlite3_column_int(st, 3);
			const char *what;
			if (residual > inherent)
				what = "its residual level is above its inherent level";
			else if (strcmp((const char *)sqlite3_column_text(st, 4), "accepted") == 0 &&
				 (residual >= 0 ? residual : inherent) > m.owner_may_accept)
				what = *sqlite3_column_text(st, 6)
					       ? "accepted above the level a risk owner may accept, by "
						 "the management decision recorded: check it"
					       : "accepted above the level a risk owner may accept, with "
						 "no management decision recorded";
			else
				what = "at a level that must be treated, but no treatment is planned";
			strbuf_addf(out, "Risk %lld '%s': %s.\n",
				    (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1),
				    what);
			count++;
		}
		sqlite3_finalize(st);
	}
	if (m.kind == RISK_MONARC && m.vulnerability.count)
		count += risk_rows(ws, "SELECT id, title, reduction, vulnerability_level FROM risk "
				       "WHERE reduction > vulnerability_level - ?1 ORDER BY id",
				   m.vulnerability.values[0],
				   "its reduction %s goes below the bottom of the vulnerability scale "
				   "from %s: the residual risk counts it clamped there", out);
	count += risk_rows(ws, "SELECT id, title, CASE WHEN coalesce(assessed_on, '') = '' THEN "
			       "'no assessment date' ELSE 'assessed on ' || assessed_on END, "
			       "(SELECT max(held_on) FROM assessment_round) AS last FROM risk WHERE "
			       "last IS NOT NULL AND coalesce(assessed_on, '') < last ORDER BY id",
			   0, "%s, not reassessed since the last round (%s)", out);
	risk_method_release(&m);
	return count;
}

/* True when control (an id such as "A.8.5") is one of the list "A.5.15, A.8.5". */
static bool in_list(const char *list, const char *control, size_t len)
{
	const char *p;

	for (p = list; (p = strstr(p, control)) != NULL; p += len)
		if ((p == list || p[-1] == ' ' || p[-1] == ',') &&
		    (p[len] == '\0' || p[len] == ',' || p[len] == ' '))
			return true;
	return false;
}

/* 2.6: risks to modify with no action; actions for a control their risk did not choose. */
static int plan_points(struct workspace *ws, struct strbuf *out)
{
	sqlite3_stmt *st;
	int count = 0;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT id, title FROM risk AS r WHERE treatment = 'modify' AND NOT "
			       "EXISTS (SELECT 1 FROM treatment_action AS a WHERE a.risk = r.id) "
			       "ORDER BY id",
			       -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			strbuf_addf(out, "Risk %lld '%s' is to be modified but has no treatment "
					 "action.\n",
				    (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1));
			count++;
		}
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT a.id, a.action, a.control, r.id, r.title, "
			       "coalesce(r.controls, '') FROM treatment_action AS a JOIN risk AS r "
			       "ON r.id = a.risk WHERE coalesce(a.control, '') <> '' ORDER BY a.id",
			       -1, &st, NULL) != SQLITE_OK)
		return count;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *controls = (const char *)sqlite3_column_text(st, 2);
		const char *chosen = (const char *)sqlite3_column_text(st, 5);
		const char *p = controls;
		while (*p) {
			size_t len = strcspn(p, ", ");
			char id[32];
			snprintf(id, sizeof(id), "%.*s", (int)(len < 31 ? len : 31), p);
			if (len && !in_list(chosen, id, strlen(id))) {
				strbuf_addf(out, "Action %lld '%s' implements %s, which risk %lld '%s' "
						 "did not choose (%s).\n",
					    (long long)sqlite3_column_int64(st, 0),
					    sqlite3_column_text(st, 1), id,
					    (long long)sqlite3_column_int64(st, 3),
					    sqlite3_column_text(st, 4), *chosen ? chosen : "it has none");
				count++;
			}
			p += len;
			p += strspn(p, ", ");
		}
	}
	sqlite3_finalize(st);
	return count;
}

static const struct {
	const char *step;
	int (*run)(struct workspace *ws, struct strbuf *out);
} check_table[] = {
	{ "1.1", milestones_in_absences },
	{ "1.7", risk_points },
	{ "1.8", soa_incomplete },
	{ "2.6", plan_points },
};

int checks_run(struct workspace *ws, const char *step, struct strbuf *out)
{
	size_t i;
	int count = 0;

	for (i = 0; i < sizeof(check_table) / sizeof(check_table[0]); i++)
		if (strcmp(check_table[i].step, step) == 0)
			count += check_table[i].run(ws, out);
	return count;
}
