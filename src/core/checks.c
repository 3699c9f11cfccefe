#include "ims2/checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/incident.h"
#include "ims2/required_document.h"
#include "ims2/riskreg.h"
#include "ims2/soa.h"
#include "coreint.h"

void check_report_add(struct check_report *report, const char *table, long long record,
		      const char *field, const char *message)
{
	struct check_finding *f;

	if (report->count == report->cap) {
		report->cap = report->cap ? report->cap * 2 : 8;
		report->findings = xrealloc(report->findings,
					    report->cap * sizeof(*report->findings));
	}
	f = &report->findings[report->count++];
	f->table = table;
	f->record = record;
	f->field = field;
	f->message = xstrdup(message);
}

void check_report_release(struct check_report *report)
{
	size_t i;

	for (i = 0; i < report->count; i++)
		free(report->findings[i].message);
	free(report->findings);
	memset(report, 0, sizeof(*report));
}

void check_report_fail(struct check_report *report, const char *what, const char *why)
{
	if (report->status)
		return;
	report->status = error_set(&report->error, IMS2_WORKSPACE,
				   "the check '%s' could not run: %s", what, why);
}

/* Binds :today and :meta_KEY; false (with *bad the name) for any other parameter. */
static bool bind_parameters(struct workspace *ws, sqlite3_stmt *st, const char **bad)
{
	int i, n = sqlite3_bind_parameter_count(st);
	char now[32];

	store_now(now);
	now[10] = '\0';
	for (i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		char *value = NULL;
		if (name && strcmp(name, ":today") == 0) {
			sqlite3_bind_text(st, i, now, -1, SQLITE_TRANSIENT);
		} else if (name && strncmp(name, ":meta_", 6) == 0) {
			store_meta_get(ws->store, name + 6, &value);
			if (value)
				sqlite3_bind_text(st, i, value, -1, SQLITE_TRANSIENT);
			free(value);
		} else {
			*bad = name ? name : "?";
			return false;
		}
	}
	return true;
}

/* Prepares a declared check and checks its shape; IMS2_USAGE at its place in the file. */
static int prepare_declared(struct workspace *ws, const struct check_decl *c, sqlite3_stmt **st,
			    struct ims2_error *err)
{
	const char *bad = NULL, *tail = NULL;

	*st = NULL;
	if (sqlite3_prepare_v2(store_db(ws->store), c->query, -1, st, &tail) != SQLITE_OK)
		return ydoc_fail(err, c->doc, ydoc_get(c->node, "query"),
				 "check %s: the query does not prepare: %s", c->id,
				 sqlite3_errmsg(store_db(ws->store)));
	while (tail && (*tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r' ||
			*tail == ';'))
		tail++;
	if (!*st || (tail && *tail)) {
		sqlite3_finalize(*st);
		*st = NULL;
		return ydoc_fail(err, c->doc, ydoc_get(c->node, "query"),
				 "check %s: the query must be one SQL statement", c->id);
	}
	if (sqlite3_column_count(*st) != 2 || strcmp(sqlite3_column_name(*st, 0), "id") != 0 ||
	    strcmp(sqlite3_column_name(*st, 1), "message") != 0) {
		sqlite3_finalize(*st);
		*st = NULL;
		return ydoc_fail(err, c->doc, ydoc_get(c->node, "query"),
				 "check %s: the query must return the columns id and message", c->id);
	}
	if (!sqlite3_stmt_readonly(*st)) {
		sqlite3_finalize(*st);
		*st = NULL;
		return ydoc_fail(err, c->doc, ydoc_get(c->node, "query"),
				 "check %s: the query must only read", c->id);
	}
	if (!bind_parameters(ws, *st, &bad)) {
		/* bad belongs to the statement: the message is made before it is finalised. */
		int rc = ydoc_fail(err, c->doc, ydoc_get(c->node, "query"),
				   "check %s: unknown parameter %s (:today and :meta_KEY are bound)",
				   c->id, bad);
		sqlite3_finalize(*st);
		*st = NULL;
		return rc;
	}
	return IMS2_OK;
}

int checks_prepare_all(struct workspace *ws, struct ims2_error *err)
{
	size_t s, c;
	sqlite3_stmt *st;
	int rc;

	for (s = 0; s < ws->screens.count; s++)
		for (c = 0; c < ws->screens.screens[s].check_count; c++) {
			if ((rc = prepare_declared(ws, &ws->screens.screens[s].checks[c], &st, err)))
				return rc;
			sqlite3_finalize(st);
		}
	return IMS2_OK;
}

static void run_declared(struct workspace *ws, const struct check_decl *c,
			 struct check_report *out)
{
	struct ims2_error err;
	sqlite3_stmt *st;
	int rc;

	if (prepare_declared(ws, c, &st, &err)) {
		check_report_fail(out, c->id, err.message);
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(st, 1);
		check_report_add(out, c->table, sqlite3_column_int64(st, 0), c->field,
				 msg ? msg : c->id);
	}
	if (rc != SQLITE_DONE)
		check_report_fail(out, c->id, sqlite3_errmsg(store_db(ws->store)));
	sqlite3_finalize(st);
}

/* 1.8: the completeness check of the Statement of Applicability. */
static void soa_incomplete(struct workspace *ws, struct check_report *out)
{
	struct soa_finding *found;
	struct ims2_error err;
	size_t count, i;

	if (soa_check(ws, &found, &count, &err)) {
		check_report_fail(out, "soa_complete", err.message);
		return;
	}
	for (i = 0; i < count; i++) {
		char *msg = xasprintf("%s: %s.", found[i].control, found[i].problem);
		check_report_add(out, "soa_entry", found[i].id, NULL, msg);
		free(msg);
	}
	free(found);
}

/*
 * One finding per row of sql (id, title, a, b; ?1 bound to param): "Risk id 'title': " and
 * what, formatted with a and b.
 */
static void risk_rows(struct workspace *ws, const char *check, const char *sql, int param,
		      const char *what, struct check_report *out)
{
	struct strbuf msg = { 0 };
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) != SQLITE_OK) {
		check_report_fail(out, check, sqlite3_errmsg(store_db(ws->store)));
		return;
	}
	sqlite3_bind_int(st, 1, param);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_addf(&msg, "Risk %lld '%s': ", (long long)sqlite3_column_int64(st, 0),
			    sqlite3_column_text(st, 1));
		strbuf_addf(&msg, what, sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
		strbuf_adds(&msg, ".");
		check_report_add(out, "risk", sqlite3_column_int64(st, 0), NULL, msg.buf);
		strbuf_release(&msg);
	}
	if (rc != SQLITE_DONE)
		check_report_fail(out, check, sqlite3_errmsg(store_db(ws->store)));
	sqlite3_finalize(st);
}

/*
 * 1.7: criteria the method cannot decide with, residual above inherent, acceptance above what
 * an owner may accept, untreated risks, a MONARC reduction below its scale, risks not
 * reassessed since the last assessment round.
 */
static void risk_points(struct workspace *ws, struct check_report *out)
{
	struct risk_method m;
	struct ims2_error err;
	sqlite3_stmt *st;
	int rc;

	riskreg_criteria_problems(ws->store, out);
	if (riskreg_method(ws->store, &m, &err)) {
		check_report_fail(out, "risk_levels", err.message);
		return;
	}
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT id, title, inherent_rank, residual_rank, status, treatment, "
			       "coalesce(decision, '') FROM risk WHERE residual_rank > inherent_rank OR "
			       "(status = 'accepted' AND coalesce(residual_rank, inherent_rank) > ?1) "
			       "OR (inherent_rank >= ?2 AND coalesce(treatment, '') IN ('', 'retain') "
			       "AND residual_rank IS NULL) ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		check_report_fail(out, "risk_levels", sqlite3_errmsg(store_db(ws->store)));
		risk_method_release(&m);
		return;
	}
	sqlite3_bind_int(st, 1, m.owner_may_accept);
	sqlite3_bind_int(st, 2, m.must_treat);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int inherent = sqlite3_column_int(st, 2);
		int residual = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1
									  : sqlite3_column_int(st, 3);
		const char *status = (const char *)sqlite3_column_text(st, 4), *what;
		char *msg;
		if (residual > inherent)
			what = "its residual level is above its inherent level";
		else if (status && strcmp(status, "accepted") == 0 &&
			 (residual >= 0 ? residual : inherent) > m.owner_may_accept)
			what = *sqlite3_column_text(st, 6)
				       ? "accepted above the level a risk owner may accept, by the "
					 "management decision recorded: check it"
				       : "accepted above the level a risk owner may accept, with no "
					 "management decision recorded";
		else
			what = "at a level that must be treated, but no treatment is planned";
		msg = xasprintf("Risk %lld '%s': %s.", (long long)sqlite3_column_int64(st, 0),
				sqlite3_column_text(st, 1), what);
		check_report_add(out, "risk", sqlite3_column_int64(st, 0), NULL, msg);
		free(msg);
	}
	if (rc != SQLITE_DONE)
		check_report_fail(out, "risk_levels", sqlite3_errmsg(store_db(ws->store)));
	sqlite3_finalize(st);
	if (m.kind == RISK_MONARC && m.vulnerability.count)
		risk_rows(ws, "monarc_reduction",
			  "SELECT id, title, reduction, vulnerability_level FROM risk "
			  "WHERE reduction > vulnerability_level - ?1 ORDER BY id",
			  m.vulnerability.values[0],
			  "its reduction %s goes below the bottom of the vulnerability scale from %s: "
			  "the residual risk counts it clamped there",
			  out);
	risk_rows(ws, "risk_reassessed",
		  "SELECT id, title, CASE WHEN coalesce(assessed_on, '') = '' THEN "
		  "'no assessment date' ELSE 'assessed on ' || assessed_on END, "
		  "(SELECT max(held_on) FROM assessment_round) AS last FROM risk WHERE "
		  "last IS NOT NULL AND coalesce(assessed_on, '') < last ORDER BY id",
		  0, "%s, not reassessed since the last round (%s)", out);
	risk_method_release(&m);
}

/*
 * Checks that need more than a query, by the register they look at: they run on the step
 * that declares it. To add one: write it in the file of its register and add a row.
 */
static const struct {
	const char *table;
	void (*run)(struct workspace *ws, struct check_report *out);
} check_table[] = {
	{ "risk", risk_points },
	{ "soa_entry", soa_incomplete },
	{ "incident", incident_check_deadlines },
	{ "required_document", required_document_check },
};

int checks_run(struct workspace *ws, const char *step, struct check_report *out)
{
	const struct screen *scr = screen_set_find(&ws->screens, step);
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!scr)
		return out->status;
	for (i = 0; i < scr->check_count; i++)
		run_declared(ws, &scr->checks[i], out);
	for (i = 0; i < sizeof(check_table) / sizeof(check_table[0]); i++) {
		const struct reg *reg = screen_set_find_register(&ws->screens, check_table[i].table);
		if (reg && strcmp(reg->step, step) == 0)
			check_table[i].run(ws, out);
	}
	return out->status;
}
