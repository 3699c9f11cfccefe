/*
 * The reports of risk assessment and treatment (steps 1.7 and 2.6): the method and criteria,
 * inherent and residual heat maps as tables, the register sorted by level, and the treatment
 * plan with its progress; in Markdown and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/markdown.h"
#include "ims2/report.h"
#include "ims2/riskreg.h"
#include "ims2/rtp.h"

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

static void write_line(FILE *out, const char *prefix, const char *text, const char *suffix)
{
	struct strbuf sb = { 0 };

	strbuf_adds(&sb, prefix);
	md_text(&sb, text);
	strbuf_adds(&sb, suffix);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

/* A heat map as a table: likelihood rows from highest, impact columns from lowest. */
static void heat_table(struct workspace *ws, const struct risk_method *m, bool residual,
		       FILE *out)
{
	int counts[RISK_MAX_SCALE][RISK_MAX_SCALE] = { { 0 } }, l, i, level;
	struct strbuf sb = { 0 };
	struct ims2_error err;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       residual ? "SELECT " RISKREG_RESIDUAL_L ", " RISKREG_RESIDUAL_I ", count(*) "
					  "FROM risk WHERE " RISKREG_RESIDUAL_L " IS NOT NULL AND "
					  RISKREG_RESIDUAL_I " IS NOT NULL GROUP BY 1, 2"
					: "SELECT likelihood, impact, count(*) FROM risk WHERE likelihood "
					  "IS NOT NULL AND impact IS NOT NULL GROUP BY 1, 2",
			       -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			int a = risk_scale_index(&m->likelihood, sqlite3_column_int(st, 0));
			int b = risk_scale_index(&m->impact, sqlite3_column_int(st, 1));
			if (a >= 0 && b >= 0)
				counts[a][b] = sqlite3_column_int(st, 2);
		}
		sqlite3_finalize(st);
	}
	strbuf_adds(&sb, "| ");
	md_cell(&sb, "Likelihood \\ Impact");
	for (i = 0; i < m->impact.count; i++) {
		strbuf_adds(&sb, " | ");
		md_cell(&sb, m->impact.labels[i]);
	}
	strbuf_adds(&sb, " |\n|---|");
	for (i = 0; i < m->impact.count; i++)
		strbuf_adds(&sb, "---|");
	strbuf_adds(&sb, "\n");
	for (l = m->likelihood.count - 1; l >= 0; l--) {
		strbuf_adds(&sb, "| ");
		md_cell(&sb, m->likelihood.labels[l]);
		for (i = 0; i < m->impact.count; i++) {
			risk_level(m, m->likelihood.values[l], m->impact.values[i], &level, &err);
			strbuf_adds(&sb, " | ");
			md_cell(&sb, m->levels[level].label);
			strbuf_addf(&sb, counts[l][i] ? ": **%d**" : ": %d", counts[l][i]);
		}
		strbuf_adds(&sb, " |\n");
	}
	fputs(sb.buf, out);
	fputs("\n", out);
	strbuf_release(&sb);
}

/* The assets with their C, I, A values; a supporting asset inherits the highest of the
 * primary assets it serves (marked "inherited"). */
static void write_assets(struct workspace *ws, const char *heading, FILE *out)
{
	static const char *const head[] = { "Asset", "Category", "Type", "Owner", "C", "I", "A",
					    "Serves" };
	sqlite3_stmt *st;
	int rows = 0, c;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT a.name, a.category, a.type, a.owner, a.confidentiality, "
			       "a.integrity, a.availability, " RISKREG_INHERITED("confidentiality") ", "
			       RISKREG_INHERITED("integrity") ", " RISKREG_INHERITED("availability") ", "
			       "(SELECT group_concat(p.name, ', ') FROM asset_dependency AS d JOIN asset "
			       "AS p ON p.id = d.primary_asset WHERE d.supporting = a.id) "
			       "FROM asset AS a ORDER BY a.category, a.id",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	fprintf(out, "%s Asset values, with inheritance\n\n", heading);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char values[3][32];
		if (!rows++)
			md_table_head(out, head, 8);
		for (c = 0; c < 3; c++) {
			int own = sqlite3_column_type(st, 4 + c) == SQLITE_NULL
					  ? -1
					  : sqlite3_column_int(st, 4 + c);
			int eff = sqlite3_column_int(st, 7 + c);
			if (eff < 0)
				values[c][0] = '\0';
			else
				snprintf(values[c], sizeof(values[c]), eff > own ? "%d inherited" : "%d",
					 eff);
		}
		const char *cells[] = { col(st, 0), col(st, 1), col(st, 2), col(st, 3), values[0],
					values[1], values[2], col(st, 10) };
		md_row(out, cells, 8);
	}
	sqlite3_finalize(st);
	fputs(rows ? "\n" : "*No assets yet.*\n\n", out);
}

static const char *const risk_sql =
	"SELECT r.id, r.title, r.kind, a.name, t.name, v.name, r.likelihood, r.impact,"
	" r.inherent_level, r.owner, r.treatment, r.controls, r.residual_likelihood,"
	" r.residual_impact, r.residual_level, r.status, r.accepted_by, r.accepted_on, r.source"
	" FROM risk AS r LEFT JOIN asset AS a ON a.id = r.asset"
	" LEFT JOIN threat AS t ON t.id = r.threat LEFT JOIN vulnerability AS v ON v.id = r.vulnerability"
	" ORDER BY coalesce(r.inherent_rank, -1) DESC, coalesce(r.residual_rank, -1) DESC, r.id";

int report_risks_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Id", "Risk", "Asset or source", "L", "I", "Level",
					    "Owner", "Treatment", "Controls", "Residual", "Status" };
	struct risk_method m;
	sqlite3_stmt *st;
	char *methodology = NULL;
	int rc = riskreg_method(ws->store, &m, err), rows = 0;

	if (rc)
		return rc;
	fprintf(out, "%s Risk method and criteria\n\n", heading);
	write_line(out, "Method: **", m.title, "**. ");
	write_line(out, "", m.description, "\n\n");
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT methodology FROM risk_settings", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			methodology = *col(st, 0) ? xstrdup(col(st, 0)) : NULL;
		sqlite3_finalize(st);
	}
	/* riskreg_method() applied the workspace's own criteria. */
	write_line(out, "Acceptance: a risk owner may accept risks up to **",
		   m.levels[m.owner_may_accept].label, "**; ");
	write_line(out, "risks at **", m.levels[m.must_treat].label,
		   "** or above must be treated.\n\n");
	if (methodology)
		write_line(out, "", methodology, "\n\n");
	else
		fputs("*The risk assessment methodology is not written yet.*\n\n", out);
	if (m.kind != RISK_MONARC) {
		struct strbuf grid = { 0 };
		fprintf(out, "%s Risk matrix\n\n", heading);
		risk_method_grid_markdown(&m, &grid);
		fputs(grid.buf, out);
		fputs("\n", out);
		strbuf_release(&grid);
		fprintf(out, "%s Heat map, inherent risk\n\n", heading);
		heat_table(ws, &m, false, out);
		fprintf(out, "%s Heat map, residual risk\n\n", heading);
		fputs("A risk whose residual likelihood and impact are not assessed (a retained risk, "
		      "or one not yet reassessed after treatment) counts at its inherent level.\n\n",
		      out);
		heat_table(ws, &m, true, out);
	}
	write_assets(ws, heading, out);
	fprintf(out, "%s Risk register, highest level first\n\n", heading);
	if (sqlite3_prepare_v2(store_db(ws->store), risk_sql, -1, &st, NULL) != SQLITE_OK) {
		risk_method_release(&m);
		free(methodology);
		return store_fail(ws->store, "risk register", err);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		char source[256];
		if (!rows++)
			md_table_head(out, head, 11);
		snprintf(source, sizeof(source), "%s", *col(st, 3) ? col(st, 3) : col(st, 18));
		const char *cells[] = { col(st, 0), col(st, 1),	 source,     col(st, 6),
					col(st, 7), col(st, 8),	 col(st, 9), col(st, 10),
					col(st, 11), col(st, 14), col(st, 15) };
		md_row(out, cells, 11);
	}
	sqlite3_finalize(st);
	fputs(rows ? "\n" : "*No risks yet.*\n\n", out);
	risk_method_release(&m);
	free(methodology);
	return IMS2_OK;
}

int report_risks_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "id", "title", "kind", "asset", "threat",
					    "vulnerability", "likelihood", "impact", "level",
					    "owner", "treatment", "controls", "residual_likelihood",
					    "residual_impact", "residual_level", "status",
					    "accepted_by", "accepted_on" };
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(store_db(ws->store), risk_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "risk register", err);
	csv_row(out, head, 18);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cells[18];
		for (i = 0; i < 18; i++)
			cells[i] = col(st, i);
		csv_row(out, cells, 18);
	}
	sqlite3_finalize(st);
	return IMS2_OK;
}

static const char *const rtp_sql =
	"SELECT r.id, r.title, a.action, a.owner, a.due_date, a.status, a.cost, a.control,"
	" r.inherent_level FROM treatment_action AS a JOIN risk AS r ON r.id = a.risk"
	" ORDER BY r.id, a.due_date IS NULL, a.due_date, a.id";

int report_rtp_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Risk", "Level", "Actions done", "Overdue",
					    "Next due" };
	static const char *const action_head[] = { "Risk", "Action", "Owner", "Due", "Status",
						   "Cost", "Control", "Overdue" };
	struct rtp_risk *risks;
	char today[11];
	size_t count, i;
	sqlite3_stmt *st;
	int rc, rows = 0;

	rtp_today(today);
	if ((rc = rtp_progress(ws, today, &risks, &count, err)))
		return rc;
	fprintf(out, "%s Treatment plan progress\n\n", heading);
	if (!count)
		fputs("*No treatment actions yet, and no risk to modify.*\n\n", out);
	else
		md_table_head(out, head, 5);
	for (i = 0; i < count; i++) {
		char done[32], overdue[32];
		if (risks[i].actions)
			snprintf(done, sizeof(done), "%d of %d (%d %%)", risks[i].done,
				 risks[i].actions - risks[i].cancelled, rtp_percent(&risks[i]));
		else
			snprintf(done, sizeof(done), "none: no action yet");
		snprintf(overdue, sizeof(overdue), risks[i].overdue ? "**%d OVERDUE**" : "0",
			 risks[i].overdue);
		const char *cells[] = { risks[i].title, risks[i].level ? risks[i].level : "", done,
					overdue, risks[i].next_due };
		md_row(out, cells, 5);
	}
	rtp_release(risks, count);
	if (count)
		fprintf(out, "\nOverdue means not done by %s.\n\n", today);
	fprintf(out, "%s Actions\n\n", heading);
	if (sqlite3_prepare_v2(store_db(ws->store), rtp_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "treatment plan", err);
	while (sqlite3_step(st) == SQLITE_ROW) {
		bool late = rtp_overdue(col(st, 5), col(st, 4), today);
		if (!rows++)
			md_table_head(out, action_head, 8);
		const char *cells[] = { col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5),
					col(st, 6), col(st, 7), late ? "OVERDUE" : "" };
		md_row(out, cells, 8);
	}
	sqlite3_finalize(st);
	fputs(rows ? "\n" : "*No actions yet.*\n\n", out);
	return IMS2_OK;
}

int report_rtp_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "risk_id", "risk", "action", "owner", "due_date",
					    "status", "cost", "control", "overdue" };
	sqlite3_stmt *st;
	char today[11];

	rtp_today(today);
	if (sqlite3_prepare_v2(store_db(ws->store), rtp_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "treatment plan", err);
	csv_row(out, head, 9);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cells[] = { col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4),
					col(st, 5), col(st, 6), col(st, 7),
					rtp_overdue(col(st, 5), col(st, 4), today) ? "yes" : "no" };
		csv_row(out, cells, 9);
	}
	sqlite3_finalize(st);
	return IMS2_OK;
}
