/*
 * The auditor's evidence index (`export --report evidence`, step 2.2): for every requirement
 * of clauses 4-10 and every applicable Annex A control, the approved documents that show it
 * is met (a document's clauses or controls field), the records of ims2 that cite it (any link
 * field, through record_link), where ims2 itself keeps the required documented information
 * (the required_document register), and what is missing. Markdown and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/markdown.h"
#include "ims2/report.h"
#include "coreint.h"

/*
 * One row per requirement then per applicable control: its id, title, the approved documents,
 * the drafts, ims2's own register for it, and the link key and target other records cite it
 * by. A control is cited as 'control' A.x.y or as its gap item (refs to gap_item).
 */
static const char evidence_sql[] =
	"WITH items (ord, item, title, target, tkey, gkey, kind) AS ("
	" SELECT g.id, g.item, g.title, 'gap_item', CAST(g.id AS TEXT), CAST(g.id AS TEXT), 'clause'"
	"  FROM gap_item AS g WHERE g.kind = 'clause'"
	" UNION ALL SELECT 1000000 + s.id, s.control, s.title, 'control', s.control,"
	"  (SELECT CAST(g.id AS TEXT) FROM gap_item AS g WHERE g.item = s.control), 'control'"
	"  FROM soa_entry AS s WHERE s.applicable = 'yes'),"
	" docs (item, document, approved) AS ("
	" SELECT i.item, d.reference || CASE WHEN coalesce(d.version, '') <> ''"
	"   THEN ' v' || d.version ELSE '' END, d.status = 'approved'"
	"  FROM items AS i JOIN record_link AS l ON l.source = 'document'"
	"   AND ((l.target = 'gap_item' AND l.target_key = i.gkey)"
	"    OR (l.target = i.target AND l.target_key = i.tkey))"
	"  JOIN document AS d ON d.id = l.record WHERE d.status <> 'obsolete'"
	"  GROUP BY i.item, d.id ORDER BY d.reference COLLATE ims2_natural)"
	" SELECT i.item, i.title,"
	"  (SELECT group_concat(document, ', ') FROM docs WHERE docs.item = i.item AND approved),"
	"  (SELECT group_concat(document, ', ') FROM docs WHERE docs.item = i.item AND NOT approved),"
	"  (SELECT group_concat(q.provided_by, '; ') FROM required_document AS q"
	"   WHERE q.clause = i.item),"
	"  i.target, i.tkey, i.gkey, i.kind,"
	"  EXISTS (SELECT 1 FROM required_document AS q WHERE q.clause = i.item),"
	"  EXISTS (SELECT 1 FROM control_design AS c WHERE c.control = i.item)"
	" FROM items AS i ORDER BY i.ord";

/* Records citing target/key, gap item gkey too: "Control designs 3; Risk register 1, 4". */
static void cited_by(struct workspace *ws, sqlite3_stmt *st, const char *target,
		     const char *key, const char *gkey, struct strbuf *out)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, gkey && *gkey ? gkey : "", -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *source = (const char *)sqlite3_column_text(st, 0);
		const struct reg *reg = screen_set_find_register(&ws->screens, source);
		if (out->len)
			strbuf_adds(out, "; ");
		strbuf_adds(out, reg ? reg->title : source);
		strbuf_addf(out, " %s", (const char *)sqlite3_column_text(st, 1));
	}
}

static const char cited_sql[] =
	"SELECT source, group_concat(record, ', ') FROM (SELECT DISTINCT source, record"
	" FROM record_link WHERE source <> 'document'"
	" AND ((target = ?1 AND target_key = ?2) OR (target = 'gap_item' AND target_key = ?3))"
	" ORDER BY source, record) GROUP BY source ORDER BY source";

struct evidence_row {
	const char *cells[6];
	struct strbuf records, missing;
};

typedef void (*evidence_fn)(const struct evidence_row *row, FILE *out);

static int evidence_each(struct workspace *ws, evidence_fn fn, FILE *out, struct ims2_error *err)
{
	sqlite3_stmt *st, *cite;

	if (sqlite3_prepare_v2(store_db(ws->store), evidence_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "evidence index", err);
	if (sqlite3_prepare_v2(store_db(ws->store), cited_sql, -1, &cite, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_fail(ws->store, "evidence index", err);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct evidence_row row = { { 0 }, { 0 }, { 0 } };
		bool control = strcmp(sql_text(st, 8), "control") == 0;
		int i;

		for (i = 0; i < 5; i++)
			row.cells[i] = sql_text(st, i);
		cited_by(ws, cite, sql_text(st, 5), sql_text(st, 6), sql_text(st, 7), &row.records);
		if (!*row.cells[2] && (control || sqlite3_column_int(st, 9)))
			strbuf_adds(&row.missing, "an approved document");
		if (control && !sqlite3_column_int(st, 10))
			strbuf_addf(&row.missing, "%sa control design", row.missing.len ? ", " : "");
		if (!*row.cells[2] && !row.records.len && !*row.cells[4])
			strbuf_addf(&row.missing, "%sany evidence", row.missing.len ? ", " : "");
		fn(&row, out);
		strbuf_release(&row.records);
		strbuf_release(&row.missing);
	}
	sqlite3_finalize(cite);
	sqlite3_finalize(st);
	return IMS2_OK;
}

static void md_evidence(const struct evidence_row *row, FILE *out)
{
	const char *cells[] = { row->cells[0], row->cells[1], row->cells[2], row->cells[3],
				row->records.len ? row->records.buf : "", row->cells[4],
				row->missing.len ? row->missing.buf : "" };
	md_row(out, cells, 7);
}

static void csv_evidence(const struct evidence_row *row, FILE *out)
{
	const char *cells[] = { row->cells[0], row->cells[1], row->cells[2], row->cells[3],
				row->records.len ? row->records.buf : "", row->cells[4],
				row->missing.len ? row->missing.buf : "" };
	csv_row(out, cells, 7);
}

int report_evidence_md(struct workspace *ws, const char *heading, FILE *out,
		       struct ims2_error *err)
{
	static const char *const head[] = { "Requirement", "Title", "Approved documents",
					    "Drafts", "Records in ims2", "Kept by ims2", "Missing" };

	(void)heading;
	fputs("For each requirement of clauses 4-10 and each applicable Annex A control: the "
	      "approved documents that cite it (step 2.2), the records of ims2 that link to it, "
	      "where ims2 keeps the documented information the standard requires, and what is "
	      "missing.\n\n",
	      out);
	md_table_head(out, head, 7);
	return evidence_each(ws, md_evidence, out, err);
}

int report_evidence_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "requirement", "title", "approved_documents",
					    "drafts", "records", "kept_by_ims2", "missing" };

	csv_row(out, head, 7);
	return evidence_each(ws, csv_evidence, out, err);
}
