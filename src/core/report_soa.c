/*
 * The Statement of Applicability (step 1.8, clause 6.1.3 d) as a report that stands alone:
 * its version and approval, then for every control whether it applies, the reasons for
 * including it (the risks that chose it by id, legal, contractual, business), the
 * justification of an exclusion, the implementation status, owner, evidence and documents.
 * The 93 Annex A controls come first, by theme; controls from other sources follow, apart,
 * with their own ids and source. Markdown and CSV carry the same columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/links.h"
#include "ims2/markdown.h"
#include "ims2/report.h"
#include "ims2/soa.h"
#include "coreint.h"

#define ANNEXA_SOURCE "ISO/IEC 27001:2022 Annex A"

/* Both tables give the same columns, so one row reader serves them. */
enum soa_col {
	C_CONTROL,
	C_TITLE,
	C_THEME,
	C_APPLICABLE,
	C_JUSTIFICATION,
	C_STATUS,
	C_LEGAL,
	C_CONTRACT,
	C_BUSINESS,
	C_OWNER,
	C_EVIDENCE,
	C_DOCUMENTS,
	C_SOURCE,
};

static const char *const soa_sql[] = {
	"SELECT control, title, theme, applicable, justification, status, reason_legal, "
	"reason_contract, reason_business, " PERSON_NAMES("soa_entry", "s", "owner") ", evidence, "
	"documents, '" ANNEXA_SOURCE "' FROM soa_entry AS s ORDER BY id",
	"SELECT control, title, '', applicable, justification, status, reason_legal, "
	"reason_contract, reason_business, " PERSON_NAMES("soa_other_control", "s", "owner") ", "
	"evidence, documents, source FROM soa_other_control AS s ORDER BY control, id",
};

struct soa_report {
	struct workspace *ws;
	FILE *out;
	const char *heading;
	char theme[32];
	char **chosen_by; /* soa_risk_ids() */
	bool other;       /* rows of soa_other_control */
	int rows;
};

/* The ids of the risks that chose an Annex A control, or NULL. */
static const char *risks_of(struct soa_report *r, const char *control)
{
	int index = r->other ? -1 : soa_control_index(&r->ws->catalog, control);

	return index >= 0 ? r->chosen_by[index] : NULL;
}

static void reasons_text(struct strbuf *sb, const char *risks, sqlite3_stmt *st)
{
	if (risks)
		strbuf_addf(sb, "risk treatment (risk%s %s)", strchr(risks, ',') ? "s" : "", risks);
	if (strcmp(sql_text(st, C_LEGAL), "yes") == 0)
		strbuf_addf(sb, "%slegal or regulatory", sb->len ? ", " : "");
	if (strcmp(sql_text(st, C_CONTRACT), "yes") == 0)
		strbuf_addf(sb, "%scontractual", sb->len ? ", " : "");
	if (strcmp(sql_text(st, C_BUSINESS), "yes") == 0)
		strbuf_addf(sb, "%sbusiness or good practice", sb->len ? ", " : "");
}

static int soa_each(struct workspace *ws, bool other, void (*fn)(sqlite3_stmt *st, void *ctx),
		    void *ctx, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store), soa_sql[other], -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "Statement of Applicability", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(st, ctx);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "Statement of Applicability", err);
}

static void md_row_of(sqlite3_stmt *st, void *ctx)
{
	static const char *const head[] = { "Control", "Title", "Applicable", "Reasons",
					    "Justification", "Status", "Owner", "Evidence",
					    "Documents" };
	static const char *const other_head[] = { "Control", "Source", "Title", "Applicable",
						  "Reasons", "Justification", "Status", "Owner",
						  "Evidence", "Documents" };
	struct soa_report *r = ctx;
	struct strbuf reasons = { 0 };
	char *title;
	size_t t;

	if (r->other) {
		if (!r->rows++)
			md_table_head(r->out, other_head, 10);
		reasons_text(&reasons, NULL, st);
		const char *cells[] = { sql_text(st, C_CONTROL),	sql_text(st, C_SOURCE),
					sql_text(st, C_TITLE),	sql_text(st, C_APPLICABLE),
					reasons.buf ? reasons.buf : "", sql_text(st, C_JUSTIFICATION),
					sql_text(st, C_STATUS),	sql_text(st, C_OWNER),
					sql_text(st, C_EVIDENCE),	sql_text(st, C_DOCUMENTS) };
		md_row(r->out, cells, 10);
		strbuf_release(&reasons);
		return;
	}
	if (strcmp(r->theme, sql_text(st, C_THEME)) != 0) {
		const char *name = sql_text(st, C_THEME);
		for (t = 0; t < r->ws->catalog.theme_count; t++)
			if (strcmp(r->ws->catalog.themes[t].id, sql_text(st, C_THEME)) == 0)
				name = r->ws->catalog.themes[t].name;
		snprintf(r->theme, sizeof(r->theme), "%s", sql_text(st, C_THEME));
		fprintf(r->out, "\n%s %s\n\n", r->heading, name);
		md_table_head(r->out, head, 9);
	}
	reasons_text(&reasons, risks_of(r, sql_text(st, C_CONTROL)), st);
	title = xasprintf("%s%s", sql_text(st, C_TITLE),
			  catalog_new_in_2022(&r->ws->catalog, sql_text(st, C_CONTROL)) ? CATALOG_NEW_MARK
										: "");
	const char *cells[] = { sql_text(st, C_CONTROL),   title,
				sql_text(st, C_APPLICABLE), reasons.buf ? reasons.buf : "",
				sql_text(st, C_JUSTIFICATION), sql_text(st, C_STATUS),
				sql_text(st, C_OWNER),     sql_text(st, C_EVIDENCE),
				sql_text(st, C_DOCUMENTS) };
	md_row(r->out, cells, 9);
	free(title);
	strbuf_release(&reasons);
}

char *report_soa_version(struct workspace *ws)
{
	sqlite3_stmt *st;
	char *version = NULL;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT version FROM soa_approval WHERE id = 1 AND version <> ''", -1,
			       &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = xstrdup(sql_text(st, 0));
		sqlite3_finalize(st);
	}
	return version ? version : xstrdup("draft, not approved");
}

/* Version, approver and date; counts of the 93 and of the others, kept apart. */
static void write_head(struct workspace *ws, FILE *out)
{
	struct strbuf sb = { 0 };
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT version, " PERSON_NAMES("soa_approval", "a", "approver")
			       ", approved_on FROM soa_approval AS a WHERE id = 1",
			       -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			strbuf_adds(&sb, "Version **");
			md_text(&sb, sql_text(st, 0));
			strbuf_adds(&sb, "**, approved by **");
			md_text(&sb, sql_text(st, 1));
			strbuf_addf(&sb, "** on **%s**.\n\n", sql_text(st, 2));
		} else {
			strbuf_adds(&sb, "*Draft: not approved yet.*\n\n");
		}
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT 'Annex A', count(*), sum(applicable = 'yes'), "
			       "sum(applicable = 'no'), sum(applicable NOT IN ('yes', 'no')) "
			       "FROM soa_entry UNION ALL SELECT 'other', count(*), "
			       "coalesce(sum(applicable = 'yes'), 0), coalesce(sum(applicable = 'no'), "
			       "0), 0 FROM soa_other_control",
			       -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			int n_new = 0;
			size_t i;
			for (i = 0; i < ws->catalog.control_count; i++) {
				char item[16];
				snprintf(item, sizeof(item), "A.%s", ws->catalog.controls[i].id);
				n_new += catalog_new_in_2022(&ws->catalog, item);
			}
			strbuf_addf(&sb,
				    "Annex A: %d controls (%d new in the 2022 edition), %d applicable, "
				    "%d excluded, %d undecided.",
				    sqlite3_column_int(st, 1), n_new, sqlite3_column_int(st, 2),
				    sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
		}
		if (sqlite3_step(st) == SQLITE_ROW)
			strbuf_addf(&sb,
				    " Controls from other sources: %d, %d applicable, %d excluded "
				    "(not counted in the 93).\n\n",
				    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
				    sqlite3_column_int(st, 3));
		sqlite3_finalize(st);
	}
	fputs(sb.buf ? sb.buf : "", out);
	strbuf_release(&sb);
}

static void citation_row(const char *control, const char *cited_by, void *ctx)
{
	const char *cells[] = { control, cited_by };

	md_row(ctx, cells, 2);
}

/* Every record of any register that cites a control through a link field (links.c). */
static int write_citations(struct workspace *ws, const char *heading, FILE *out,
			   struct ims2_error *err)
{
	static const char *const head[] = { "Control", "Cited by (register and record numbers)" };
	long long links = 0;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT count(*) FROM record_link AS l JOIN soa_entry AS s "
			       "ON s.control = l.target_key WHERE l.target = '" LINKS_CONTROL "'",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "links to controls", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		links = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_fail(ws->store, "links to controls", err);
	fprintf(out, "%s Records citing each control\n\n", heading);
	if (!links) {
		fputs("*No record cites an Annex A control yet.*\n\n", out);
		return IMS2_OK;
	}
	md_table_head(out, head, 2);
	rc = links_each_control(ws->store, &ws->screens, 20, citation_row, out, err);
	fputs("\n", out);
	return rc;
}

int report_soa_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	struct soa_report r = { ws, out, heading, "", NULL, false, 0 };
	struct soa_finding *found;
	size_t count;
	int rc;

	write_head(ws, out);
	if ((rc = soa_check(ws, &found, &count, err)))
		return rc;
	if (count)
		fprintf(out, "Completeness: %zu controls lack a decision, a justification, a reason "
			     "or a status.\n",
			count);
	else
		fputs("Completeness: every control has its decision, justification or reasons, and "
		      "status.\n",
		      out);
	free(found);
	r.chosen_by = soa_risk_ids(ws);
	rc = soa_each(ws, false, md_row_of, &r, err);
	soa_risk_ids_free(ws, r.chosen_by);
	fprintf(out, "\n%s Controls from other sources\n\n", heading);
	r.other = true;
	if (!rc)
		rc = soa_each(ws, true, md_row_of, &r, err);
	fputs(r.rows ? "\n" : "*None: the Statement of Applicability holds the Annex A controls "
			      "only.*\n\n",
	      out);
	if (!rc)
		rc = write_citations(ws, heading, out, err);
	return rc;
}

static void csv_row_of(sqlite3_stmt *st, void *ctx)
{
	struct soa_report *r = ctx;
	struct strbuf reasons = { 0 };
	const char *risks = risks_of(r, sql_text(st, C_CONTROL));

	reasons_text(&reasons, risks, st);
	/* The first six columns are those of earlier versions, in the same order. */
	const char *cells[] = { sql_text(st, C_CONTROL),
				sql_text(st, C_TITLE),
				sql_text(st, C_THEME),
				sql_text(st, C_APPLICABLE),
				sql_text(st, C_JUSTIFICATION),
				sql_text(st, C_STATUS),
				sql_text(st, C_SOURCE),
				catalog_new_in_2022(&r->ws->catalog, sql_text(st, C_CONTROL)) && !r->other
					? "yes"
					: "no",
				reasons.buf ? reasons.buf : "",
				risks ? risks : "",
				sql_text(st, C_LEGAL),
				sql_text(st, C_CONTRACT),
				sql_text(st, C_BUSINESS),
				sql_text(st, C_OWNER),
				sql_text(st, C_EVIDENCE),
				sql_text(st, C_DOCUMENTS) };
	csv_row(r->out, cells, 16);
	strbuf_release(&reasons);
}

int report_soa_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = {
		"id",	       "title",	      "theme",	     "applicable",
		"justification", "status",    "source",	     "new_in_2022",
		"reasons",     "risks",	      "reason_legal", "reason_contract",
		"reason_business", "owner",   "evidence",    "documents"
	};
	struct soa_report r = { ws, out, "", "", NULL, false, 0 };
	int rc;

	csv_row(out, head, 16);
	r.chosen_by = soa_risk_ids(ws);
	rc = soa_each(ws, false, csv_row_of, &r, err);
	soa_risk_ids_free(ws, r.chosen_by);
	r.other = true;
	r.chosen_by = NULL;
	if (!rc)
		rc = soa_each(ws, true, csv_row_of, &r, err);
	return rc;
}
