/*
 * 3.3 management review: the review pack, one section per input of clause 9.3.2 collected
 * from the workspace as of the review's date, then the minutes and decisions of a held
 * review (`export --report review`, and the 3.3 section of the dossier).
 */
#include "ims2/review.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/markdown.h"
#include "ims2/report.h"
#include "checksql.h"
#include "coreint.h"

/* Grades of audit findings, as counts of the findings f of audit a. */
#define GRADE(g) "(SELECT count(*) FROM audit_finding AS f WHERE f.audit = a.id AND f.grade = '" g "')"

static const struct review_input {
	const char *title, *empty, *sql;
	const char *head[8];
	int count;
} inputs[] = {
	{ "a) Status of actions from previous management reviews",
	  "No decision of an earlier review.",
	  "SELECT r.title || ' (' || r.review_date || ')', o.decision, " PEOPLE(
		  "review_output", "o.id", "owner") ", o.due_date,"
	  " CASE WHEN o.status = 'done' AND coalesce(o.done_on, '') > :date THEN 'in progress'"
	  " WHEN o.status = 'done' THEN 'done ' || coalesce(o.done_on, '')"
	  " WHEN o.status IN ('open', 'in progress') AND o.due_date < :date THEN o.status || ', OVERDUE'"
	  " ELSE o.status END"
	  " FROM review_output AS o JOIN management_review AS r ON r.id = o.review"
	  " WHERE r.review_date < :date ORDER BY r.review_date, o.id",
	  { "Review", "Decision", "Owner", "Due", "Status as of the review" },
	  5 },
	{ "b) Changes in external and internal issues and in the needs of interested parties",
	  "No change recorded in the context (1.2) since the last review.",
	  "SELECT CASE c.tbl WHEN 'context_issue' THEN 'External and internal issues'"
	  " WHEN 'interested_party' THEN 'Interested parties' WHEN 'legal_requirement' THEN"
	  " 'Legal, regulatory and contractual requirements' ELSE 'Context summary' END,"
	  " count(DISTINCT c.record), max(substr(c.at, 1, 10))"
	  " FROM changelog AS c WHERE c.tbl IN ('context_issue', 'interested_party',"
	  " 'legal_requirement', 'context_summary') AND substr(c.at, 1, 10) > :prev"
	  " AND substr(c.at, 1, 10) <= :date GROUP BY c.tbl ORDER BY min(c.id)",
	  { "Register (1.2)", "Records added or changed", "Last change" },
	  3 },
	{ "c) Nonconformities and corrective actions",
	  "No nonconformity found by an audit held by the review date.",
	  "SELECT f.finding, f.grade, a.title, a.held_on, " ITEMS("audit_finding", "f.id", "requirement")
	  " FROM audit_finding AS f JOIN audit AS a ON a.id = f.audit"
	  " WHERE f.grade LIKE '%nonconformity' AND a.held_on <= :date"
	  " ORDER BY a.held_on, f.id",
	  { "Finding", "Grade", "Audit", "Held", "On" },
	  5 },
	{ "d) Monitoring and measurement results",
	  "No indicator measured by the review date.",
	  "SELECT i.name, i.level, printf('%g', m.value) || coalesce(' ' || i.unit, ''), m.measured_on,"
	  " coalesce(printf('%g', i.target), ''),"
	  " CASE WHEN i.alert IS NOT NULL AND ((i.better = 'higher' AND m.value < i.alert)"
	  " OR (i.better = 'lower' AND m.value > i.alert)) THEN 'ALERT'"
	  " WHEN i.target IS NULL THEN '' WHEN (i.better = 'higher' AND m.value >= i.target)"
	  " OR (i.better = 'lower' AND m.value <= i.target) THEN 'on target' ELSE 'below target' END"
	  " FROM indicator AS i JOIN measurement AS m ON m.indicator = i.id"
	  " AND m.measured_on = (SELECT max(n.measured_on) FROM measurement AS n"
	  " WHERE n.indicator = i.id AND n.measured_on <= :date)"
	  " ORDER BY CASE i.level WHEN 'strategic' THEN 0 WHEN 'functional' THEN 1 ELSE 2 END, i.id",
	  { "Indicator", "Level", "Last value", "Measured", "Target", "Status" },
	  6 },
	{ "e) Audit results",
	  "No internal audit held by the review date.",
	  "SELECT a.title, a.held_on, a.status, " GRADE("major nonconformity") ", " GRADE(
		  "minor nonconformity") ", " GRADE("observation") ", " GRADE("opportunity for "
									      "improvement") " FROM audit AS a WHERE a.held_on <= :date ORDER BY a.held_on, a.id",
	  { "Audit", "Held", "Status", "Major", "Minor", "Observations", "Opportunities" },
	  7 },
	{ "f) Fulfilment of information security objectives",
	  "No security objective recorded (1.6).",
	  "SELECT o.objective, coalesce(o.target, ''), coalesce(o.due_date, ''), o.status,"
	  " coalesce((SELECT group_concat(i.name, ', ') FROM record_link AS l JOIN indicator AS i"
	  " ON i.id = l.record WHERE l.source = 'indicator' AND l.field = 'objectives'"
	  " AND l.target_key = CAST(o.id AS TEXT)), 'none')"
	  " FROM security_objective AS o ORDER BY o.id",
	  { "Objective", "Target", "Due", "Status", "Measured by" },
	  5 },
	{ "h) Results of risk assessment and status of the risk treatment plan",
	  "No risk assessed and no treatment action.",
	  "SELECT 'Risks', count(*), coalesce(sum(status = 'accepted'), 0), '' FROM risk"
	  " UNION ALL SELECT 'Treatment actions', count(*), coalesce(sum(status = 'done'), 0),"
	  " coalesce(sum(status NOT IN ('done', 'cancelled') AND due_date < :date), 0)"
	  " FROM treatment_action",
	  { "Register", "Records", "Accepted or done", "Overdue at the review" },
	  4 },
	{ "i) Opportunities for continual improvement",
	  "No observation or opportunity for improvement from an audit held by the review date.",
	  "SELECT f.finding, f.grade, a.title FROM audit_finding AS f JOIN audit AS a"
	  " ON a.id = f.audit WHERE f.grade IN ('observation', 'opportunity for improvement')"
	  " AND a.held_on <= :date ORDER BY a.held_on, f.id",
	  { "Finding", "Grade", "Audit" },
	  3 },
};

int review_inputs_md(struct workspace *ws, const char *date, const char *prev,
		     const char *heading, FILE *out, struct ims2_error *err)
{
	size_t i;
	int rc = IMS2_OK;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]) && !rc; i++) {
		fprintf(out, "%s %s\n\n", heading, inputs[i].title);
		rc = report_query_md(ws, inputs[i].sql, date, prev, inputs[i].head, inputs[i].count,
				 inputs[i].empty, out, err);
		if (!rc && inputs[i].title[0] == 'f')
			fprintf(out, "%s g) Feedback from interested parties\n\n*ims2 keeps no "
				     "register of feedback: the minutes record what was received.*\n\n",
				heading);
	}
	return rc;
}

/* One paragraph: a bold label and the text escaped. */
static void paragraph(FILE *out, const char *label, const char *text)
{
	struct strbuf sb = { 0 };

	md_text(&sb, text && *text ? text : "none");
	fprintf(out, "%s: %s\n\n", label, sb.buf);
	strbuf_release(&sb);
}

static const char review_sql[] =
	"SELECT r.id, r.title, r.review_date, r.status, coalesce(" PEOPLE(
		"management_review", "r.id", "participants") ", ''),"
	" coalesce((SELECT group_concat(title, ', ') FROM (SELECT a.title FROM record_link AS l"
	" JOIN audit AS a ON a.id = CAST(l.target_key AS INTEGER) WHERE l.source ="
	" 'management_review' AND l.record = r.id AND l.field = 'audits' ORDER BY l.position)), ''),"
	" r.minutes, coalesce((SELECT max(p.review_date) FROM management_review AS p"
	" WHERE p.review_date < r.review_date), '')"
	" FROM management_review AS r ORDER BY r.review_date, r.id";

static const char decisions_sql[] =
	"SELECT o.decision, o.kind, " PEOPLE("review_output", "o.id", "owner") ", o.due_date,"
	" o.status FROM review_output AS o WHERE o.review = CAST(:prev AS INTEGER)"
	" ORDER BY o.id";

int review_report_md(struct workspace *ws, const char *heading, FILE *out,
		     struct ims2_error *err)
{
	static const char *const head[] = { "Decision", "Kind", "Owner", "Due", "Status" };
	sqlite3_stmt *st;
	int rc = IMS2_OK, rows = 0, step;

	fprintf(out, "%s Management reviews\n\n", heading);
	if (sqlite3_prepare_v2(store_db(ws->store), review_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "management reviews", err);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(st, 2);
		char *sub = xasprintf("%s###", heading), id[32];
		struct strbuf sb = { 0 };

		rows++;
		md_text(&sb, (const char *)sqlite3_column_text(st, 1));
		fprintf(out, "%s# %s\n\n", heading, sb.buf);
		strbuf_release(&sb);
		fprintf(out, "Date: %s. Status: %s.\n\n", date,
			(const char *)sqlite3_column_text(st, 3));
		paragraph(out, "Participants", (const char *)sqlite3_column_text(st, 4));
		paragraph(out, "Audits reviewed", (const char *)sqlite3_column_text(st, 5));
		fprintf(out, "%s## Inputs as of %s (clause 9.3.2)\n\n", heading, date);
		rc = review_inputs_md(ws, date, (const char *)sqlite3_column_text(st, 7), sub, out,
				      err);
		if (!rc && strcmp((const char *)sqlite3_column_text(st, 3), "held") == 0) {
			fprintf(out, "%s## Minutes\n\n", heading);
			md_text(&sb, sqlite3_column_text(st, 6) ? (const char *)sqlite3_column_text(st, 6)
								 : "No minutes recorded.");
			fprintf(out, "%s\n\n", sb.buf);
			strbuf_release(&sb);
			fprintf(out, "%s## Decisions and actions (clause 9.3.3)\n\n", heading);
			snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
			rc = report_query_md(ws, decisions_sql, date, id, head, 5,
					 "No decision recorded: a review decides on improvement and "
					 "changes to the ISMS.",
					 out, err);
		}
		free(sub);
	}
	sqlite3_finalize(st);
	if (!rows)
		fputs("*No management review yet.*\n\n", out);
	return rc;
}

int review_report_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "review", "review_date", "status", "decision", "kind",
					    "owner", "due_date", "decision_status", "done_on" };

	return report_query_csv(ws,
				"SELECT r.title, r.review_date, r.status, o.decision, o.kind, "
				"coalesce(" PEOPLE("review_output", "o.id", "owner") ", ''), "
				"o.due_date, o.status, o.done_on FROM management_review AS r "
				"LEFT JOIN review_output AS o ON o.review = r.id "
				"ORDER BY r.review_date, r.id, o.id",
				head, 9, out, err);
}
