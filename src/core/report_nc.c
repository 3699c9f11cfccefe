/*
 * The nonconformities report (`export --report nc`, step 4.1, clause 10.2): every
 * nonconformity with its source, the requirement not met, correction, cause, corrective
 * actions and effectiveness review, as an auditor reads them; and one CSV row per
 * nonconformity.
 */
#include "ims2/report.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/markdown.h"
#include "ims2/util.h"
#include "coreint.h"

/* The records nonconformity n was raised from (its source_* link fields), in words. */
#define NC_SOURCES                                                                             \
	"(SELECT group_concat(what, '; ') FROM (SELECT CASE l.target "                          \
	"WHEN 'audit_finding' THEN (SELECT printf('audit finding ''%s'' (%s, %s)', f.finding, "   \
	"f.grade, a.title) FROM audit_finding AS f JOIN audit AS a ON a.id = f.audit "            \
	"WHERE f.id = CAST(l.target_key AS INTEGER)) "                                            \
	"WHEN 'incident' THEN (SELECT printf('incident ''%s''', i.title) FROM incident AS i "      \
	"WHERE i.id = CAST(l.target_key AS INTEGER)) "                                            \
	"WHEN 'review_output' THEN (SELECT printf('decision ''%s'' of ''%s''', o.decision, "       \
	"r.title) FROM review_output AS o JOIN management_review AS r ON r.id = o.review "        \
	"WHERE o.id = CAST(l.target_key AS INTEGER)) "                                            \
	"WHEN 'measurement' THEN (SELECT printf('measurement of ''%s'' on %s: %g', i.name, "      \
	"m.measured_on, m.value) FROM measurement AS m JOIN indicator AS i "                      \
	"ON i.id = m.indicator WHERE m.id = CAST(l.target_key AS INTEGER)) END AS what "          \
	"FROM record_link AS l WHERE l.source = 'nonconformity' AND l.record = n.id "             \
	"AND l.field IN ('source_finding', 'source_incident', 'source_decision', "                \
	"'source_measurement') ORDER BY l.field, l.position))"

#define NC_SELECT                                                                              \
	"SELECT n.id, n.title, n.raised_on, n.grade, n.source_kind, n.source, n.requirement, "  \
	"n.description, n.correction, n.root_cause, o.name, n.status, n.reviewed_on, r.name, " \
	"n.effective, n.effectiveness_evidence, n.closed_on, "                                  \
	"(SELECT count(*) FROM corrective_action AS c WHERE c.nonconformity = n.id), "          \
	"(SELECT count(*) FROM corrective_action AS c WHERE c.nonconformity = n.id AND "        \
	"c.status = 'done'), " NC_SOURCES " FROM nonconformity AS n "                       \
	"LEFT JOIN person AS o ON o.id = n.owner "                                              \
	"LEFT JOIN person AS r ON r.id = n.reviewed_by ORDER BY n.id"
#define NC_COLUMNS 20

/* The requirement column holds gap item ids ("3, 41"): shown as their clause or control. */
static char *requirement_text(struct workspace *ws, long long nc)
{
	struct strbuf sb = { 0 };
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT g.item FROM record_link AS l JOIN gap_item AS g ON g.id = "
			       "l.target_key WHERE l.source = 'nonconformity' AND l.record = ?1 AND "
			       "l.field = 'requirement' ORDER BY l.position",
			       -1, &st, NULL) != SQLITE_OK)
		return xstrdup("");
	sqlite3_bind_int64(st, 1, nc);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", sql_text(st, 0));
	sqlite3_finalize(st);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void write_field(FILE *out, const char *label, const char *value)
{
	struct strbuf sb = { 0 };

	if (!*value)
		return;
	strbuf_addf(&sb, "- %s: ", label);
	md_text(&sb, value);
	strbuf_adds(&sb, "\n");
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static int write_actions(struct workspace *ws, long long nc, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Corrective action", "Owner", "Due", "Status",
					    "Done on" };
	sqlite3_stmt *st;
	int rc, n = 0;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT c.action, p.name, c.due_date, c.status, c.done_on FROM "
			       "corrective_action AS c LEFT JOIN person AS p ON p.id = c.owner "
			       "WHERE c.nonconformity = ?1 ORDER BY c.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "corrective_action", err);
	sqlite3_bind_int64(st, 1, nc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cells[5] = { sql_text(st, 0), sql_text(st, 1), sql_text(st, 2),
					 sql_text(st, 3), sql_text(st, 4) };
		if (n++ == 0) {
			fputs("\n", out);
			md_table_head(out, head, 5);
		}
		md_row(out, cells, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_read_fail(ws->store, "corrective_action", err);
	fputs(n ? "\n" : "- Corrective actions: none yet.\n\n", out);
	return IMS2_OK;
}

int report_nc_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc = IMS2_OK, step, n = 0;

	fprintf(out, "%s Nonconformities and corrective actions\n\n", heading);
	if (sqlite3_prepare_v2(store_db(ws->store), NC_SELECT, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "nonconformity", err);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct strbuf sb = { 0 };
		char *req = requirement_text(ws, sqlite3_column_int64(st, 0));
		strbuf_addf(&sb, "%s# NC %lld: ", heading, (long long)sqlite3_column_int64(st, 0));
		md_text(&sb, sql_text(st, 1));
		strbuf_addf(&sb, "\n\n%s, %s, raised on %s.\n\n", sql_text(st, 3), sql_text(st, 11),
			    sql_text(st, 2));
		fputs(sb.buf, out);
		strbuf_release(&sb);
		write_field(out, "Source", sql_text(st, 4));
		write_field(out, "Raised from", sql_text(st, 19));
		write_field(out, "Source detail", sql_text(st, 5));
		write_field(out, "Requirement not met", req);
		write_field(out, "Description and evidence", sql_text(st, 7));
		write_field(out, "Correction", sql_text(st, 8));
		write_field(out, "Root cause", sql_text(st, 9));
		write_field(out, "Owner", sql_text(st, 10));
		free(req);
		rc = write_actions(ws, sqlite3_column_int64(st, 0), out, err);
		if (!rc && *sql_text(st, 12)) {
			char *review = xasprintf("on %s by %s, effective: %s", sql_text(st, 12),
						 sql_text(st, 13), sql_text(st, 14));
			write_field(out, "Effectiveness review", review);
			write_field(out, "Evidence of effectiveness", sql_text(st, 15));
			write_field(out, "Closed on", sql_text(st, 16));
			fputs("\n", out);
			free(review);
		} else if (!rc) {
			fputs("- Effectiveness review: not yet.\n\n", out);
		}
		n++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(ws->store, "nonconformity", err);
	sqlite3_finalize(st);
	if (!rc && !n)
		fputs("*No nonconformities recorded.*\n\n", out);
	return rc;
}

int report_nc_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[NC_COLUMNS] = {
		"id",	       "nonconformity", "raised_on",   "grade",	      "source_kind",
		"source",      "requirement",   "description", "correction",  "root_cause",
		"owner",       "status",	"reviewed_on", "reviewed_by", "effective",
		"effectiveness_evidence",	"closed_on",   "actions",     "actions_done",
		"raised_from"
	};
	sqlite3_stmt *st;
	int step, i;

	if (sqlite3_prepare_v2(store_db(ws->store), NC_SELECT, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "nonconformity", err);
	csv_row(out, head, NC_COLUMNS);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cells[NC_COLUMNS];
		char *req = requirement_text(ws, sqlite3_column_int64(st, 0));
		for (i = 0; i < NC_COLUMNS; i++)
			cells[i] = sql_text(st, i);
		cells[6] = req;
		csv_row(out, cells, NC_COLUMNS);
		free(req);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return store_read_fail(ws->store, "nonconformity", err);
	return IMS2_OK;
}

int report_nc_raised_from(struct workspace *ws, const char *table, long long id, char **text,
			  struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*text = NULL;
	/* The table is bound, not pasted: the macro's quotes around it enclose '' || ?1 || ''. */
	if (sqlite3_prepare_v2(store_db(ws->store), "SELECT " NC_RAISED_FROM("' || ?1 || '", "?2"),
			       -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "nonconformity", err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		*text = xstrdup(sql_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_read_fail(ws->store, "nonconformity", err);
}
