/*
 * Sections of reports made of one query each (report_review.c, report_audit.c): the rows of
 * an SQL statement as a Markdown table or as CSV.
 */
#include "ims2/report.h"

#include "coreint.h"
#include "ims2/csv.h"
#include "ims2/markdown.h"

int report_query_md(struct workspace *ws, const char *sql, const char *date, const char *prev,
		    const char *const *head, int count, const char *empty, FILE *out,
		    struct ims2_error *err)
{
	const char *cells[16];
	sqlite3_stmt *st;
	int rc, rows = 0, i;

	if (count > 16 || sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "a report section", err);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":date"), date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":prev"), prev, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rows++)
			md_table_head(out, head, (size_t)count);
		for (i = 0; i < count; i++)
			cells[i] = sqlite3_column_text(st, i)
				       ? (const char *)sqlite3_column_text(st, i)
				       : "";
		md_row(out, cells, (size_t)count);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_read_fail(ws->store, "a report section", err);
	if (rows)
		fputs("\n", out);
	else if (empty)
		fprintf(out, "*%s*\n\n", empty);
	return IMS2_OK;
}

int report_query_csv(struct workspace *ws, const char *sql, const char *const *head, int count,
		     FILE *out, struct ims2_error *err)
{
	const char *cells[16];
	sqlite3_stmt *st;
	int rc, i;

	if (count > 16 || sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "a report", err);
	csv_row(out, head, (size_t)count);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < count; i++)
			cells[i] = sqlite3_column_text(st, i)
				       ? (const char *)sqlite3_column_text(st, i)
				       : "";
		csv_row(out, cells, (size_t)count);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_read_fail(ws->store, "a report", err);
}
