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

/* The status on :date of nonconformity n: closed by then, else open. */
#define NC_STATUS                                                                              \
	"CASE WHEN coalesce(n.closed_on, '') <> '' AND n.closed_on <= :date"                     \
	" THEN 'closed ' || n.closed_on ELSE 'open' END"
/* Corrective actions c of nonconformity n: not cancelled; done by :date. */
#define ACTIONS(cond)                                                                          \
	"(SELECT count(*) FROM corrective_action AS c WHERE c.nonconformity = n.id"              \
	" AND c.status <> 'cancelled'" cond ")"
#define DONE_BY_DATE " AND c.status = 'done' AND coalesce(c.done_on, '') <= :date"
/* The label of a record of the context (1.2) that the change log names. */
#define CONTEXT_LABEL                                                                          \
	"CASE c.tbl WHEN 'context_issue' THEN (SELECT issue FROM context_issue WHERE id = c.record)" \
	" WHEN 'interested_party' THEN (SELECT name FROM interested_party WHERE id = c.record)"     \
	" WHEN 'legal_requirement' THEN (SELECT title FROM legal_requirement WHERE id = c.record)"  \
	" ELSE 'The summary of the context' END"

/*
 * The inputs of clause 9.3.2, each one table or more: a part with a title starts an input, a
 * part without one adds a table to it, after its lead sentence. :date is the review's date,
 * :prev the previous review's ('' for none); every part reads the records as of :date.
 */
static const struct review_part {
	const char *title, *lead, *empty, *sql;
	const char *head[8];
	int count;
} parts[] = {
	{ "a) Status of actions from previous management reviews", NULL,
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
	  "Each record of the context (1.2) added or changed since the last review, from the change "
	  "log; for a first review, the context as recorded by then:",
	  "No change recorded in the context (1.2) since the last review.",
	  "WITH c (tbl, record, first, last, fields) AS (SELECT tbl, record, min(id),"
	  " max(substr(at, 1, 10)), group_concat(DISTINCT field) FROM changelog"
	  " WHERE tbl IN ('context_issue', 'interested_party', 'legal_requirement',"
	  " 'context_summary') AND substr(at, 1, 10) > :prev AND substr(at, 1, 10) <= :date"
	  " GROUP BY tbl, record),"
	  " r (tbl, name) AS (VALUES ('context_issue', 'External and internal issues'),"
	  " ('interested_party', 'Interested parties'), ('legal_requirement',"
	  " 'Legal, regulatory and contractual requirements'), ('context_summary',"
	  " 'Context summary'))"
	  " SELECT r.name, coalesce(" CONTEXT_LABEL ", 'record ' || c.record),"
	  " CASE WHEN EXISTS (SELECT 1 FROM changelog AS o WHERE o.tbl = c.tbl"
	  " AND o.record = c.record AND substr(o.at, 1, 10) <= :prev) THEN 'changed: ' || c.fields"
	  " ELSE 'added' END, c.last, c.first FROM c JOIN r ON r.tbl = c.tbl WHERE :prev <> ''"
	  " UNION ALL SELECT r.name, count(*) || CASE count(*) WHEN 1 THEN ' record' ELSE"
	  " ' records' END, 'as recorded for the first review', max(c.last), min(c.first)"
	  " FROM c JOIN r ON r.tbl = c.tbl WHERE :prev = '' GROUP BY c.tbl ORDER BY 5",
	  { "Register (1.2)", "Record", "Change", "Last change" },
	  4 },
	{ "c) Nonconformities and corrective actions", "The trend since the last review:",
	  NULL,
	  "SELECT (SELECT count(*) FROM nonconformity WHERE raised_on > :prev"
	  " AND raised_on <= :date), (SELECT count(*) FROM nonconformity WHERE raised_on > :prev"
	  " AND raised_on <= :date AND grade = 'major'), (SELECT count(*) FROM nonconformity"
	  " WHERE closed_on > :prev AND closed_on <= :date), (SELECT count(*) FROM nonconformity"
	  " WHERE raised_on <= :date AND (coalesce(closed_on, '') = '' OR closed_on > :date))",
	  { "Raised", "Of them major", "Closed", "Open on the review date" },
	  4 },
	{ NULL, "The nonconformities (4.1) raised by the review date, as they stood on it:",
	  "No nonconformity raised by the review date (4.1).",
	  "SELECT n.title, n.grade, n.source_kind, n.raised_on, " NC_STATUS ", " ACTIONS("") ","
	  " " ACTIONS(DONE_BY_DATE) ", " ACTIONS(
		  " AND c.due_date < :date AND NOT (c.status = 'done'"
		  " AND coalesce(c.done_on, '') <= :date)") " FROM nonconformity AS n"
	  " WHERE n.raised_on <= :date ORDER BY n.raised_on, n.id",
	  { "Nonconformity", "Grade", "Source", "Raised", "Status", "Actions", "Done",
	    "Overdue" },
	  8 },
	{ NULL, "The nonconformities found by internal audits held by the review date:",
	  "No nonconformity found by an audit held by the review date.",
	  "SELECT f.finding, f.grade, a.title, a.held_on, " ITEMS("audit_finding", "f.id", "requirement")
	  " FROM audit_finding AS f JOIN audit AS a ON a.id = f.audit"
	  " WHERE f.grade LIKE '%nonconformity' AND a.held_on <= :date"
	  " ORDER BY a.held_on, f.id",
	  { "Finding", "Grade", "Audit", "Held", "On" },
	  5 },
	{ "d) Monitoring and measurement results", NULL,
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
	{ "e) Audit results", NULL, "No internal audit held by the review date.",
	  "SELECT a.title, a.held_on, a.status, " GRADE("major nonconformity") ", " GRADE(
		  "minor nonconformity") ", " GRADE("observation") ", " GRADE("opportunity for "
									      "improvement") " FROM audit AS a WHERE a.held_on <= :date ORDER BY a.held_on, a.id",
	  { "Audit", "Held", "Status", "Major", "Minor", "Observations", "Opportunities" },
	  7 },
	{ "f) Fulfilment of information security objectives",
	  "Each objective with the last value of the indicators measuring it on the review date:",
	  "No security objective recorded (1.6).",
	  "SELECT o.objective, coalesce(o.target, ''), coalesce(o.due_date, ''), o.status,"
	  " coalesce((SELECT group_concat(i.name || ': ' || coalesce((SELECT printf('%g', m.value)"
	  " || coalesce(' ' || i.unit, '') || ' on ' || m.measured_on FROM measurement AS m"
	  " WHERE m.indicator = i.id AND m.measured_on <= :date"
	  " ORDER BY m.measured_on DESC, m.id DESC LIMIT 1), 'not measured'), '; ')"
	  " FROM record_link AS l JOIN indicator AS i"
	  " ON i.id = l.record WHERE l.source = 'indicator' AND l.field = 'objectives'"
	  " AND l.target_key = CAST(o.id AS TEXT)), 'no indicator')"
	  " FROM security_objective AS o ORDER BY o.id",
	  { "Objective", "Target", "Due", "Status", "Measured by" },
	  5 },
	{ "g) Feedback from interested parties",
	  "Complaints (nonconformities from a complaint, 4.1) and proposals of interested parties "
	  "(improvements, 4.2) received since the last review:",
	  "No feedback from interested parties recorded since the last review.",
	  "SELECT 'complaint', n.title, n.raised_on, coalesce(n.source, ''), " NC_STATUS
	  " FROM nonconformity AS n WHERE n.source_kind = 'complaint' AND n.raised_on > :prev"
	  " AND n.raised_on <= :date"
	  " UNION ALL SELECT 'proposal', i.title, i.raised_on, coalesce(i.source, ''), i.decision"
	  " FROM improvement AS i WHERE i.source_kind = 'interested party' AND i.raised_on > :prev"
	  " AND i.raised_on <= :date ORDER BY 3, 2",
	  { "Kind", "Feedback", "Received", "From", "Status" },
	  5 },
	{ "h) Results of risk assessment and status of the risk treatment plan",
	  "The risks assessed by the review date by level, and those whose residual risk their "
	  "owner had accepted by then:",
	  "No risk assessed by the review date.",
	  "SELECT coalesce(nullif(r.inherent_level, ''), 'not rated'), count(*),"
	  " coalesce(sum(coalesce(r.accepted_on, '') <> '' AND r.accepted_on <= :date), 0)"
	  " FROM risk AS r WHERE coalesce(r.assessed_on, '') <= :date GROUP BY 1"
	  " ORDER BY max(coalesce(r.likelihood, 0) * coalesce(r.impact, 0)) DESC, 1",
	  { "Level", "Risks", "Accepted" },
	  3 },
	{ NULL, "The registers as they stand:", "No risk assessed and no treatment action.",
	  "SELECT 'Risks', count(*), coalesce(sum(status = 'accepted'), 0), '' FROM risk"
	  " UNION ALL SELECT 'Treatment actions', count(*), coalesce(sum(status = 'done'), 0),"
	  " coalesce(sum(status NOT IN ('done', 'cancelled') AND due_date < :date), 0)"
	  " FROM treatment_action",
	  { "Register", "Records", "Accepted or done", "Overdue at the review" },
	  4 },
	{ "i) Opportunities for continual improvement",
	  "Improvements and lessons learned (4.2) raised by the review date:",
	  "No improvement raised by the review date (4.2).",
	  "SELECT i.title, i.kind, i.source_kind, i.raised_on, i.decision, i.status"
	  " FROM improvement AS i WHERE i.raised_on <= :date ORDER BY i.raised_on, i.id",
	  { "Improvement", "Kind", "Source", "Raised", "Decision", "Status" },
	  6 },
	{ NULL, "Observations and opportunities for improvement of audits held by the review date:",
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

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]) && !rc; i++) {
		if (parts[i].title)
			fprintf(out, "%s %s\n\n", heading, parts[i].title);
		if (parts[i].lead)
			fprintf(out, "%s\n\n", parts[i].lead);
		rc = report_query_md(ws, parts[i].sql, date, prev, parts[i].head, parts[i].count,
				     parts[i].empty, out, err);
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
