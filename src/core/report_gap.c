/*
 * The reports of the gap analysis (step 1.3) and of the Statement of Applicability (1.8), in
 * Markdown (standalone or inside the dossier) and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/gap.h"
#include "ims2/markdown.h"
#include "ims2/report.h"
#include "ims2/soa.h"

static void fmt_share(char *buf, size_t size, const struct gap_group *g)
{
	snprintf(buf, size, "%.0f %%", gap_group_share(g) * 100);
}

static void group_row(FILE *out, const struct gap_group *g, bool with_id)
{
	char assessed[32], avg[16], target[16], share[16];
	const char *cells[6];
	size_t n = 0;

	snprintf(assessed, sizeof(assessed), "%d of %d", g->assessed, g->applicable);
	/* Averages of nothing are shown as a dash, not as a misleading 0.0. */
	snprintf(avg, sizeof(avg), g->assessed ? "%.1f" : "-", gap_group_maturity(g));
	snprintf(target, sizeof(target), g->assessed ? "%.1f" : "-", gap_group_target(g));
	fmt_share(share, sizeof(share), g);
	if (with_id)
		cells[n++] = g->id;
	cells[n++] = g->title;
	cells[n++] = assessed;
	cells[n++] = avg;
	cells[n++] = target;
	cells[n++] = share;
	md_row(out, cells, n);
}

/* Bar charts of maturity, as text in a code fence: every viewer shows them the same. */
static void write_chart(FILE *out, const struct gap_summary *s)
{
	struct strbuf sb = { 0 };
	size_t i;

	fputs("```text\nAverage maturity, 0 to 5 (| marks the default target)\n", out);
	for (i = 0; i < s->group_count; i++) {
		const struct gap_group *g = &s->groups[i];
		char label[48];
		int cut = s->default_target * 5; /* the target's cell of 25 */

		if (g->id[0] >= '0' && g->id[0] <= '9')
			snprintf(label, sizeof(label), "%s %s", g->id, g->title);
		else
			snprintf(label, sizeof(label), "%s", g->title);
		strbuf_reset(&sb);
		gap_bar(&sb, gap_group_maturity(g), 5, 25, false);
		/* Put the target mark into the bar (a space or a block at that cell). */
		{
			const char *p = sb.buf;
			int cell = 0;
			struct strbuf marked = { 0 };
			while (*p) {
				int len = (*p & 0x80) ? ((*p & 0xe0) == 0xc0 ? 2 : 3) : 1;
				if (cell == cut)
					strbuf_adds(&marked, *p == ' ' ? "|" : "┃");
				else
					strbuf_add(&marked, p, (size_t)len);
				p += len;
				cell++;
			}
			if (g->assessed)
				fprintf(out, "%-32.32s %s %.1f\n", label, marked.buf,
					gap_group_maturity(g));
			else
				fprintf(out, "%-32.32s %s not assessed\n", label, marked.buf);
			strbuf_release(&marked);
		}
	}
	fputs("```\n\n", out);
	strbuf_release(&sb);
}

struct gap_row {
	char *item, *title, *notes, *evidence, *applicable;
	int maturity, target;
};

static void gap_rows_release(struct gap_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].item);
		free(rows[i].title);
		free(rows[i].notes);
		free(rows[i].evidence);
		free(rows[i].applicable);
	}
	free(rows);
}

static char *text_or_null(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? xstrdup((const char *)t) : NULL;
}

/* The 123 items with their effective target, in catalog order or largest gap first. */
static int gap_rows(struct workspace *ws, int default_target, bool largest_first,
		    struct gap_row **out, size_t *count, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       largest_first
				       ? "SELECT item, title, coalesce(maturity, -1), coalesce(target, ?1),"
					 " notes, evidence, applicable FROM gap_item WHERE maturity IS "
					 "NOT NULL AND applicable <> 'no' AND coalesce(target, ?1) > "
					 "maturity ORDER BY coalesce(target, ?1) - maturity DESC, id"
				       : "SELECT item, title, coalesce(maturity, -1), coalesce(target, ?1),"
					 " notes, evidence, applicable FROM gap_item ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "gap analysis", err);
	sqlite3_bind_int(st, 1, default_target);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct gap_row *r;
		if (*count == alloc) {
			alloc = alloc ? alloc * 2 : 128;
			*out = xrealloc(*out, alloc * sizeof(**out));
		}
		r = &(*out)[(*count)++];
		r->item = text_or_null(st, 0);
		r->title = text_or_null(st, 1);
		r->maturity = sqlite3_column_int(st, 2);
		r->target = sqlite3_column_int(st, 3);
		r->notes = text_or_null(st, 4);
		r->evidence = text_or_null(st, 5);
		r->applicable = text_or_null(st, 6);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "gap analysis", err);
}

static const char *row_status(const struct gap_row *r)
{
	return gap_status_name(
		gap_status_of(r->maturity, r->target, strcmp(r->applicable, "no") != 0));
}

static void item_table(FILE *out, const struct gap_row *rows, size_t n, bool gap_column)
{
	static const char *const head[] = { "Item", "Title", "Maturity", "Target", "Gap", "Status",
					    "Notes", "Evidence" };
	size_t i;

	if (gap_column) {
		md_table_head(out, head, 7);
	} else {
		const char *h[] = { head[0], head[1], head[2], head[3], head[5], head[6], head[7] };
		md_table_head(out, h, 7);
	}
	for (i = 0; i < n; i++) {
		const struct gap_row *r = &rows[i];
		char maturity[8], target[8], gap[8];
		snprintf(maturity, sizeof(maturity), "%d", r->maturity);
		snprintf(target, sizeof(target), "%d", r->target);
		snprintf(gap, sizeof(gap), "%d", r->target - r->maturity);
		if (gap_column) {
			const char *cells[] = { r->item, r->title, maturity, target, gap,
						row_status(r), r->notes ? r->notes : "" };
			md_row(out, cells, 7);
		} else {
			const char *cells[] = { r->item,	 r->title,
						r->maturity >= 0 ? maturity : "",
						target,		 row_status(r),
						r->notes ? r->notes : "",
						r->evidence ? r->evidence : "" };
			md_row(out, cells, 7);
		}
	}
	fputs("\n", out);
}

int report_gap_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Scope", "Assessed", "Average maturity", "Target",
					    "At target" };
	static const char *const group_head[] = { "Id", "Title", "Assessed", "Average maturity",
						  "Target", "At target" };
	const struct maturity *m = &ws->catalog.maturity;
	struct gap_summary s;
	struct gap_row *rows;
	size_t n, i;
	int rc = gap_summarise(ws, &s, err);

	if (rc)
		return rc;
	fprintf(out, "%s Gap analysis summary\n\n", heading);
	md_table_head(out, head, 5);
	group_row(out, &s.overall, false);
	group_row(out, &s.clauses, false);
	group_row(out, &s.controls, false);
	fprintf(out, "\nEstimated coaching effort: **%.1f days**%s, from %d levels of gap in clauses "
		     "at %.2f days each and %d in controls at %.2f days each, with a ceiling of %.0f "
		     "days. Default target: %d. Items not yet assessed are not counted.\n\n",
		s.effort_days, s.effort_capped ? " (the ceiling)" : "", s.clauses.gap_sum,
		m->clause_days, s.controls.gap_sum, m->control_days, m->ceiling_days,
		s.default_target);
	write_chart(out, &s);
	fprintf(out, "%s Per clause\n\n", heading);
	md_table_head(out, group_head, 6);
	for (i = 0; i < s.group_count; i++)
		if (s.groups[i].id[0] >= '0' && s.groups[i].id[0] <= '9')
			group_row(out, &s.groups[i], true);
	fprintf(out, "\n%s Per Annex A theme\n\n", heading);
	md_table_head(out, group_head, 6);
	for (i = 0; i < s.group_count; i++)
		if (!(s.groups[i].id[0] >= '0' && s.groups[i].id[0] <= '9'))
			group_row(out, &s.groups[i], true);
	fprintf(out, "\n%s Largest gaps\n\n", heading);
	if ((rc = gap_rows(ws, s.default_target, true, &rows, &n, err)))
		return rc;
	if (n)
		item_table(out, rows, n, true);
	else
		fputs("*No assessed item is below its target.*\n\n", out);
	gap_rows_release(rows, n);
	fprintf(out, "%s All items\n\n", heading);
	if ((rc = gap_rows(ws, s.default_target, false, &rows, &n, err)))
		return rc;
	item_table(out, rows, n, false);
	gap_rows_release(rows, n);
	return IMS2_OK;
}

int report_gap_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "id", "title", "maturity", "target", "status", "notes",
					    "evidence" };
	struct gap_summary s;
	struct gap_row *rows;
	size_t n, i;
	int rc = gap_summarise(ws, &s, err);

	if (rc || (rc = gap_rows(ws, s.default_target, false, &rows, &n, err)))
		return rc;
	csv_row(out, head, 7);
	for (i = 0; i < n; i++) {
		char maturity[8], target[8];
		snprintf(maturity, sizeof(maturity), "%d", rows[i].maturity);
		snprintf(target, sizeof(target), "%d", rows[i].target);
		const char *cells[] = { rows[i].item, rows[i].title,
					rows[i].maturity >= 0 ? maturity : "", target,
					row_status(&rows[i]), rows[i].notes, rows[i].evidence };
		csv_row(out, cells, 7);
	}
	gap_rows_release(rows, n);
	return IMS2_OK;
}

/* Reads the SoA in control order and hands each row to fn. */
static int soa_each(struct workspace *ws, void (*fn)(sqlite3_stmt *st, void *ctx), void *ctx,
		    struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT s.control, s.title, s.theme, s.applicable, s.justification, "
			       "s.status, s.reason_legal, s.reason_contract, s.reason_business, "
			       "s.owner, s.evidence, s.documents FROM soa_entry AS s ORDER BY s.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "Statement of Applicability", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(st, ctx);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "Statement of Applicability", err);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

struct soa_md {
	struct workspace *ws;
	FILE *out;
	const char *heading;
	char theme[32];
	char **chosen_by; /* soa_risk_ids() */
};

static void soa_md_row(sqlite3_stmt *st, void *ctx)
{
	static const char *const head[] = { "Control", "Title", "Applicable", "Reasons",
					    "Justification", "Status", "Owner", "Evidence",
					    "Documents" };
	struct soa_md *m = ctx;
	struct strbuf reasons = { 0 };
	size_t t;

	if (strcmp(m->theme, col(st, 2)) != 0) {
		const char *name = col(st, 2);
		for (t = 0; t < m->ws->catalog.theme_count; t++)
			if (strcmp(m->ws->catalog.themes[t].id, col(st, 2)) == 0)
				name = m->ws->catalog.themes[t].name;
		snprintf(m->theme, sizeof(m->theme), "%s", col(st, 2));
		fprintf(m->out, "\n%s %s\n\n", m->heading, name);
		md_table_head(m->out, head, 9);
	}
	int index = soa_control_index(&m->ws->catalog, col(st, 0));
	const char *risks = index >= 0 ? m->chosen_by[index] : NULL;

	if (risks)
		strbuf_addf(&reasons, "risk treatment (risk%s %s)", strchr(risks, ',') ? "s" : "",
			    risks);
	if (strcmp(col(st, 6), "yes") == 0)
		strbuf_addf(&reasons, "%slegal or regulatory", reasons.len ? ", " : "");
	if (strcmp(col(st, 7), "yes") == 0)
		strbuf_addf(&reasons, "%scontractual", reasons.len ? ", " : "");
	if (strcmp(col(st, 8), "yes") == 0)
		strbuf_addf(&reasons, "%sbusiness or good practice", reasons.len ? ", " : "");
	const char *cells[] = { col(st, 0), col(st, 1), col(st, 3), reasons.buf ? reasons.buf : "",
				col(st, 4), col(st, 5), col(st, 9), col(st, 10), col(st, 11) };
	md_row(m->out, cells, 9);
	strbuf_release(&reasons);
}

int report_soa_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	struct soa_md m = { ws, out, heading, "", NULL };
	struct soa_finding *found;
	sqlite3_stmt *st;
	size_t count;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT version, approver, approved_on FROM soa_approval WHERE id = 1",
			       -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			struct strbuf sb = { 0 };
			strbuf_adds(&sb, "Version ");
			md_text(&sb, col(st, 0));
			strbuf_adds(&sb, ", approved by ");
			md_text(&sb, col(st, 1));
			strbuf_addf(&sb, " on %s.\n\n", col(st, 2));
			fputs(sb.buf, out);
			strbuf_release(&sb);
		} else {
			fputs("*Not approved yet.*\n\n", out);
		}
		sqlite3_finalize(st);
	}
	if ((rc = soa_check(ws, &found, &count, err)))
		return rc;
	if (count)
		fprintf(out, "Completeness: %zu of %zu controls lack a decision, a justification, a "
			     "reason or a status.\n",
			count, ws->catalog.control_count);
	else
		fputs("Completeness: every control has its decision, justification or reasons, and "
		      "status.\n",
		      out);
	free(found);
	m.chosen_by = soa_risk_ids(ws);
	rc = soa_each(ws, soa_md_row, &m, err);
	soa_risk_ids_free(ws, m.chosen_by);
	fputs("\n", out);
	return rc;
}

static void soa_csv_row(sqlite3_stmt *st, void *ctx)
{
	const char *cells[] = { col(st, 0), col(st, 1), col(st, 2),
				col(st, 3), col(st, 4), col(st, 5) };
	csv_row(ctx, cells, 6);
}

int report_soa_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "id", "title", "theme", "applicable", "justification",
					    "status" };

	csv_row(out, head, 6);
	return soa_each(ws, soa_csv_row, out, err);
}
