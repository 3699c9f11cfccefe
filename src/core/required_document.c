#include "ims2/required_document.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/checks.h"
#include "ims2/markdown.h"
#include "ims2/report.h"
#include "ims2/util.h"
#include "coreint.h"

/* Each item with the approved documents whose clauses field cites its clause. */
static const char required_sql[] =
	"SELECT q.id, q.ref, q.requirement, q.clause, (SELECT group_concat(reference, ', ')"
	" FROM (SELECT DISTINCT d.reference || CASE WHEN coalesce(d.version, '')"
	" <> '' THEN ' v' || d.version ELSE '' END AS reference"
	" FROM record_link AS l JOIN document AS d ON d.id = l.record"
	" JOIN gap_item AS g ON g.id = CAST(l.target_key AS INTEGER)"
	" WHERE l.source = 'document' AND l.field = 'clauses'"
	" AND l.target = 'gap_item' AND g.item = q.clause"
	" AND d.status = 'approved' ORDER BY d.reference COLLATE ims2_natural)),"
	" q.provided_by, q.notes FROM required_document AS q ORDER BY q.id";

/*
 * The records ims2 keeps in the step that provided_by names first ("2.3 Control designs;
 * ..."): its registers that count in its completion, catalogs and seeded lists left out.
 */
static int kept_records(struct workspace *ws, const char *provided_by, long long *kept,
			struct ims2_error *err)
{
	char step[16];
	size_t n = strcspn(provided_by, " ;");
	const struct screen *scr;
	size_t r;

	*kept = 0;
	if (n == 0 || n >= sizeof(step))
		return IMS2_OK;
	memcpy(step, provided_by, n);
	step[n] = '\0';
	if (!(scr = screen_set_find(&ws->screens, step)))
		return IMS2_OK;
	for (r = 0; r < scr->reg_count; r++) {
		const struct reg *reg = &scr->regs[r];
		sqlite3_stmt *st;
		char *sql;
		int rc;

		if (!reg->counts || reg->fixed)
			continue;
		sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", reg->table);
		rc = sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK)
			return store_read_fail(ws->store, reg->table, err);
		if (sqlite3_step(st) == SQLITE_ROW)
			*kept += sqlite3_column_int64(st, 0);
		else
			rc = SQLITE_ERROR;
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			return store_read_fail(ws->store, reg->table, err);
	}
	return IMS2_OK;
}

int required_document_each(struct workspace *ws,
			   int (*fn)(const struct required_document *item, void *arg), void *arg,
			   struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc = IMS2_OK, step = SQLITE_DONE;

	if (sqlite3_prepare_v2(store_db(ws->store), required_sql, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "required documented information", err);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct required_document item = { sqlite3_column_int64(st, 0), sql_text(st, 1),
						  sql_text(st, 2), sql_text(st, 3),
						  sql_text(st, 4), sql_text(st, 5),
						  sql_text(st, 6), 0, false };

		if ((rc = kept_records(ws, item.provided_by, &item.kept, err)))
			break;
		item.met = *item.approved || item.kept > 0;
		rc = fn(&item, arg);
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(ws->store, "required documented information", err);
	sqlite3_finalize(st);
	return rc;
}

static int add_unmet(const struct required_document *item, void *arg)
{
	char *message;

	if (item->met)
		return IMS2_OK;
	if (*item->provided_by)
		message = xasprintf("No approved document serves %s (%s) and ims2 keeps no records "
				    "of it yet: approve one citing clause %s, or record it in ims2 "
				    "(%s).",
				    item->ref, item->requirement, item->clause, item->provided_by);
	else
		message = xasprintf("No approved document serves %s (%s): approve one citing "
				    "clause %s.",
				    item->ref, item->requirement, item->clause);
	check_report_add(arg, "required_document", item->id, NULL, message);
	free(message);
	return IMS2_OK;
}

void required_document_check(struct workspace *ws, struct check_report *out)
{
	struct ims2_error err;

	if (required_document_each(ws, add_unmet, out, &err))
		check_report_fail(out, "requirement_without_document", err.message);
}

static int md_item(const struct required_document *item, void *arg)
{
	char *kept = NULL;
	const char *cells[5];

	if (*item->provided_by)
		kept = item->kept ? xasprintf("%s (%lld record%s)", item->provided_by, item->kept,
					      item->kept == 1 ? "" : "s")
				  : xasprintf("%s (no records yet)", item->provided_by);
	cells[0] = item->ref;
	cells[1] = item->requirement;
	cells[2] = item->approved;
	cells[3] = kept ? kept : "";
	cells[4] = item->notes;
	md_row(arg, cells, 5);
	free(kept);
	return IMS2_OK;
}

/*
 * The required documented information of step 2.2 (the register's report_md hook): each
 * requirement with the approved documents that meet it, or where ims2 keeps it instead.
 */
int report_required_documents_md(struct workspace *ws, const char *heading, FILE *out,
				 struct ims2_error *err)
{
	static const char *const head[] = { "Clause", "Requirement", "Approved documents",
					    "Kept by ims2", "Notes" };
	int rc;

	fprintf(out, "%s Required documented information\n\n", heading);
	fputs("Met by an approved document citing the clause (step 2.2); else ims2's own register "
	      "and export keep it, once it holds records.\n\n",
	      out);
	md_table_head(out, head, 5);
	rc = required_document_each(ws, md_item, out, err);
	fputs("\n", out);
	return rc;
}
