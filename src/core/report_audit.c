/*
 * 3.2 internal audit: the programme with its coverage of the clauses 4-10 and the applicable
 * controls, then each audit's report: scope, criteria, auditors and auditees, checklist,
 * findings by grade and conclusion (`export --report audit`, and the 3.2 section of the
 * dossier).
 */
#include "ims2/audit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checksql.h"
#include "coreint.h"
#include "ims2/markdown.h"
#include "ims2/report.h"

/* What programme :prev must cover (clauses 4-10, applicable controls) and who audited it. */
static const char coverage_sql[] =
	"WITH due (id, item, kind) AS ("
	" SELECT id, item, 'Requirements of clauses 4 to 10' FROM gap_item WHERE kind = 'clause'"
	" UNION ALL SELECT g.id, g.item, 'Applicable Annex A controls' FROM gap_item AS g"
	" JOIN soa_entry AS s ON s.control = g.item WHERE g.kind = 'control'"
	" AND s.applicable = 'yes'),"
	" done (id) AS (SELECT DISTINCT CAST(l.target_key AS INTEGER) FROM audit AS a"
	" JOIN record_link AS l ON l.source = 'audit' AND l.record = a.id AND l.field = 'scope'"
	" AND l.target = 'gap_item' WHERE a.programme = CAST(:prev AS INTEGER)"
	" AND a.held_on IS NOT NULL AND a.status IN ('held', 'reported'))"
	" SELECT kind, count(*), count(done.id), coalesce(group_concat(CASE WHEN done.id IS NULL"
	" THEN item END, ', '), '') FROM (SELECT * FROM due ORDER BY id) AS due"
	" LEFT JOIN done ON done.id = due.id GROUP BY kind ORDER BY min(due.id)";

static const char programme_sql[] =
	"SELECT p.id, p.name, p.starts_on, p.ends_on,"
	" coalesce(" PEOPLE("audit_programme", "p.id", "owner") ", ''), p.approach"
	" FROM audit_programme AS p ORDER BY p.starts_on, p.id";

/* Every audit in date order, for the programme report. */
static const char audits_sql[] =
	"SELECT a.id FROM audit AS a ORDER BY coalesce(a.held_on, a.planned_on, '9999'), a.id";

/* One audit, ?1. */
static const char audit_sql[] =
	"SELECT a.id, a.title, coalesce(p.name, 'none'), coalesce(a.planned_on, 'not set'),"
	" coalesce(a.held_on, ''), a.status, " ITEMS("audit", "a.id", "scope") ", a.criteria,"
	" coalesce(" PEOPLE("audit", "a.id", "auditors") ", ''),"
	" coalesce(" PEOPLE("audit", "a.id", "auditees") ", ''), a.conclusion"
	" FROM audit AS a LEFT JOIN audit_programme AS p ON p.id = a.programme WHERE a.id = ?1";

/* The checklist lines of audit :prev counted by result, in the order of the choices. */
static const char results_sql[] =
	"SELECT c.result, count(*) FROM audit_check AS c WHERE c.audit = CAST(:prev AS INTEGER)"
	" GROUP BY c.result ORDER BY CASE c.result WHEN 'conforming' THEN 0"
	" WHEN 'nonconforming' THEN 1 WHEN 'observation' THEN 2 WHEN 'improvement' THEN 3"
	" WHEN 'not applicable' THEN 4 ELSE 5 END";

static const char checklist_sql[] =
	"SELECT g.item, c.result, coalesce(c.evidence, ''), coalesce(c.notes, '')"
	" FROM audit_check AS c JOIN gap_item AS g ON g.id = c.item"
	" WHERE c.audit = CAST(:prev AS INTEGER) ORDER BY g.id, c.id";

/* The findings of audit :prev of grade :date (the report's parameter slots, reused). */
static const char findings_sql[] =
	"SELECT f.finding, " ITEMS("audit_finding", "f.id", "requirement") ","
	" coalesce(" PEOPLE("audit_finding", "f.id", "owner") ", ''),"
	" coalesce(" NC_RAISED_FROM("audit_finding", "f.id") ", ''), coalesce(f.evidence, '')"
	" FROM audit_finding AS f WHERE f.audit = CAST(:prev AS INTEGER) AND f.grade = :date"
	" ORDER BY f.id";

/* The grades of screens/3.2.yaml, most serious first, with their section titles. */
static const struct {
	const char *grade, *title, *none;
} grades[] = {
	{ "major nonconformity", "Major nonconformities", "No major nonconformity." },
	{ "minor nonconformity", "Minor nonconformities", "No minor nonconformity." },
	{ "observation", "Observations", "No observation." },
	{ "opportunity for improvement", "Opportunities for improvement",
	  "No opportunity for improvement." },
};

static void line(FILE *out, const char *label, const unsigned char *text)
{
	struct strbuf sb = { 0 };

	md_text(&sb, text && *text ? (const char *)text : "none");
	fprintf(out, "%s: %s\n\n", label, sb.buf);
	strbuf_release(&sb);
}

static void heading_text(FILE *out, const char *heading, const unsigned char *text)
{
	struct strbuf sb = { 0 };

	md_text(&sb, (const char *)text);
	fprintf(out, "%s %s\n\n", heading, sb.buf);
	strbuf_release(&sb);
}

static int programmes(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "What the programme must cover", "Items", "Audited",
					   "Not audited yet" };
	sqlite3_stmt *st;
	int rc = IMS2_OK, rows = 0;

	if (sqlite3_prepare_v2(store_db(ws->store), programme_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "audit programmes", err);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		char id[32];
		rows++;
		heading_text(out, heading, sqlite3_column_text(st, 1));
		fprintf(out, "From %s to %s.\n\n", sqlite3_column_text(st, 2),
			sqlite3_column_text(st, 3));
		line(out, "Owner", sqlite3_column_text(st, 4));
		line(out, "Approach", sqlite3_column_text(st, 5));
		snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		rc = report_query_md(ws, coverage_sql, "", id, head, 4,
				     "Nothing to cover: no requirement or applicable control.", out,
				     err);
	}
	sqlite3_finalize(st);
	if (!rows)
		fputs("*No audit programme yet.*\n\n", out);
	return rc;
}

/*
 * The report of audit id under heading: dates, scope, criteria, people, the checklist with
 * its results counted, the findings by grade and the conclusion. *found is false (and
 * nothing written) when there is no such audit.
 */
static int audit_one(struct workspace *ws, long long id, const char *heading, FILE *out,
		     bool *found, struct ims2_error *err)
{
	static const char *const check_head[] = { "Item", "Result", "Evidence", "Notes" };
	static const char *const result_head[] = { "Result", "Lines" };
	static const char *const finding_head[] = { "Finding", "On", "Owner", "Nonconformity (4.1)",
						    "Evidence" };
	char *sub = xasprintf("%s#", heading), *subsub = xasprintf("%s##", heading), key[32];
	sqlite3_stmt *st;
	size_t g;
	int rc;

	*found = false;
	if (sqlite3_prepare_v2(store_db(ws->store), audit_sql, -1, &st, NULL) != SQLITE_OK) {
		free(sub);
		free(subsub);
		return store_fail(ws->store, "audits", err);
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? IMS2_OK : store_read_fail(ws->store, "audits", err);
		goto done;
	}
	*found = true;
	snprintf(key, sizeof(key), "%lld", id);
	heading_text(out, heading, sqlite3_column_text(st, 1));
	fprintf(out, "Programme: %s. Planned: %s. Held: %s. Status: %s.\n\n",
		sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
		*sqlite3_column_text(st, 4) ? (const char *)sqlite3_column_text(st, 4) : "not yet",
		sqlite3_column_text(st, 5));
	line(out, "Scope", sqlite3_column_text(st, 6));
	line(out, "Criteria", sqlite3_column_text(st, 7));
	line(out, "Auditors", sqlite3_column_text(st, 8));
	line(out, "Auditees", sqlite3_column_text(st, 9));
	fprintf(out, "%s Checklist\n\n", sub);
	rc = report_query_md(ws, results_sql, "", key, result_head, 2, NULL, out, err);
	if (!rc)
		rc = report_query_md(ws, checklist_sql, "", key, check_head, 4,
				     "No checklist line recorded.", out, err);
	if (!rc)
		fprintf(out, "%s Findings by grade\n\n", sub);
	for (g = 0; !rc && g < sizeof(grades) / sizeof(grades[0]); g++) {
		fprintf(out, "%s %s\n\n", subsub, grades[g].title);
		rc = report_query_md(ws, findings_sql, grades[g].grade, key, finding_head, 5,
				     grades[g].none, out, err);
	}
	if (!rc)
		line(out, "Conclusion", sqlite3_column_text(st, 10));
done:
	sqlite3_finalize(st);
	free(sub);
	free(subsub);
	return rc;
}

int audit_report_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	char *sub = xasprintf("%s#", heading);
	sqlite3_stmt *st;
	int rc, rows = 0, step = SQLITE_DONE;
	bool found;

	fprintf(out, "%s Audit programme\n\n", heading);
	rc = programmes(ws, sub, out, err);
	if (!rc)
		fprintf(out, "%s Audits\n\n", heading);
	if (!rc && sqlite3_prepare_v2(store_db(ws->store), audits_sql, -1, &st, NULL) != SQLITE_OK)
		rc = store_fail(ws->store, "audits", err);
	else if (!rc) {
		while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
			rows++;
			rc = audit_one(ws, sqlite3_column_int64(st, 0), sub, out, &found, err);
		}
		if (!rc && step != SQLITE_DONE)
			rc = store_read_fail(ws->store, "audits", err);
		sqlite3_finalize(st);
		if (!rc && !rows)
			fputs("*No audit yet.*\n\n", out);
	}
	free(sub);
	return rc;
}

int audit_report_one_md(struct workspace *ws, const char *id, FILE *out, struct ims2_error *err)
{
	char *end, *buf = NULL, *title;
	size_t len = 0;
	long long n;
	FILE *body;
	bool found = false;
	int rc;

	errno = 0;
	n = strtoll(id, &end, 10);
	if (end == id || *end || n <= 0 || errno == ERANGE) {
		error_set(err, IMS2_USAGE, "--id takes the number of an audit, not '%s'", id);
		return error_hint(err, "an audit's number heads its form (step 3.2, Audits, Enter)");
	}
	/* Written aside first: an unknown audit writes nothing at all. */
	if (!(body = open_memstream(&buf, &len)))
		return error_set(err, IMS2_IO, "out of memory");
	rc = audit_one(ws, n, "#", body, &found, err);
	fclose(body);
	if (!rc && !found) {
		error_set(err, IMS2_USAGE, "no audit number %lld", n);
		rc = error_hint(err, "an audit's number heads its form (step 3.2, Audits, Enter)");
	}
	if (!rc) {
		title = xasprintf("Internal audit report: %s", ws->organisation);
		report_metadata(ws, title, out);
		free(title);
		fwrite(buf, 1, len, out);
	}
	free(buf);
	return rc;
}

int audit_report_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "audit", "held_on", "status", "grade", "finding",
					    "on", "owner" };

	return report_query_csv(ws,
				"SELECT a.title, coalesce(a.held_on, ''), a.status, f.grade, f.finding, "
				ITEMS("audit_finding", "f.id", "requirement") ", coalesce("
				PEOPLE("audit_finding", "f.id", "owner") ", '') FROM audit AS a "
				"JOIN audit_finding AS f ON f.audit = a.id ORDER BY a.id, f.id",
				head, 7, out, err);
}
