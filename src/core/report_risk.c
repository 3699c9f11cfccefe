/*
 * The reports of risk assessment and treatment (steps 1.7 and 2.6): the method and criteria,
 * inherent and residual heat maps as tables, the register sorted by level, and the treatment
 * plan with its progress; in Markdown and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/cycle.h"
#include "ims2/markdown.h"
#include "ims2/report.h"
#include "ims2/riskreg.h"
#include "ims2/rtp.h"
#include "coreint.h"

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
			       "SELECT a.name, a.category, a.type, " PERSON_NAMES("asset", "a", "owner") ", a.confidentiality, "
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
		const char *cells[] = { sql_text(st, 0), sql_text(st, 1), sql_text(st, 2),
					sql_text(st, 3), values[0], values[1],
					values[2], sql_text(st, 10) };
		md_row(out, cells, 8);
	}
	sqlite3_finalize(st);
	fputs(rows ? "\n" : "*No assets yet.*\n\n", out);
}

/* A number as the user typed it: 18000, not 18000.0 (REAL columns keep the ".0"). */
#define NUM(x) "CASE WHEN " x " = CAST(" x " AS INTEGER) THEN CAST(" x " AS INTEGER) ELSE " x " END"

enum risk_col {
	R_ID, R_TITLE, R_KIND, R_ASSET, R_THREAT, R_VULN, R_L, R_I, R_LEVEL, R_OWNER, R_TREATMENT,
	R_CONTROLS, R_RL, R_RI, R_RLEVEL, R_STATUS, R_ACC_BY, R_ACC_ON, R_SOURCE, R_EVENT, R_IC,
	R_II, R_IA, R_V, R_RED, R_AFFECTS, R_NOTE, R_ASSESSED_ON, R_ASSESSED_BY, R_DECISION, R_COLS
};

static const char *const risk_sql =
	"SELECT r.id, r.title, r.kind, a.name, t.name, v.name, r.likelihood, r.impact,"
	" r.inherent_level, " PERSON_NAMES("risk", "r", "owner") ", r.treatment, r.controls,"
	" r.residual_likelihood, r.residual_impact, r.residual_level, r.status, "
	PERSON_NAMES("risk", "r", "accepted_by") ", r.accepted_on, r.source,"
	" r.event, r.impact_c, r.impact_i, r.impact_a, r.vulnerability_level, r.reduction,"
	" coalesce(t.affects, 'CIA'), r.acceptance_note, r.assessed_on, "
	PERSON_NAMES("risk", "r", "assessed_by") ", r.decision"
	" FROM risk AS r LEFT JOIN asset AS a ON a.id = r.asset"
	" LEFT JOIN threat AS t ON t.id = r.threat LEFT JOIN vulnerability AS v ON v.id = r.vulnerability"
	" ORDER BY coalesce(r.inherent_rank, -1) DESC, coalesce(r.residual_rank, -1) DESC, r.id";

/* How a risk's levels follow from its inputs, as text a reader can recompute. */
struct risk_explain {
	char inputs[160], score[96], residual_inputs[160], residual_score[96];
	char residual_level[64]; /* the stored one, or the inherent one for a retained risk */
	char score_value[16], residual_value[16]; /* the bare scores for the CSV, or "" */
};

static int num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static void cia_text(char *buf, size_t size, const int v[3], unsigned affects)
{
	static const char letters[] = "CIA";
	size_t n = 0;
	int c;

	buf[0] = '\0';
	for (c = 0; c < 3 && n < size; c++)
		if ((affects & (1u << c)) && v[c] >= 0)
			n += (size_t)snprintf(buf + n, size - n, "%s%c %d", n ? ", " : "",
					      letters[c], v[c]);
}

/* MONARC: impact x threat x (vulnerability - reduction) per criterion the threat affects. */
static void explain_monarc(const struct risk_method *m, sqlite3_stmt *st, struct risk_explain *x)
{
	const char *affects_text = sql_text(st, R_AFFECTS);
	unsigned affects = (strchr(affects_text, 'C') ? 1u : 0) |
			   (strchr(affects_text, 'I') ? 2u : 0) | (strchr(affects_text, 'A') ? 4u : 0);
	int impact[3] = { num(st, R_IC), num(st, R_II), num(st, R_IA) };
	int threat = num(st, R_L), vuln = num(st, R_V), red = num(st, R_RED), pass, c;
	char imp[64];

	if (!affects)
		affects = 7;
	if (impact[0] < 0 && impact[1] < 0 && impact[2] < 0)
		impact[0] = impact[1] = impact[2] = num(st, R_I);
	cia_text(imp, sizeof(imp), impact, affects);
	snprintf(x->inputs, sizeof(x->inputs), "impact %s; threat %d; vulnerability %d", imp,
		 threat, vuln);
	if (threat < 0 || vuln < 0 || !imp[0]) {
		snprintf(x->score, sizeof(x->score), "incomplete");
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		int v = vuln - (pass ? red : 0), values[3], top = -1;
		char *out = pass ? x->residual_score : x->score;
		size_t size = pass ? sizeof(x->residual_score) : sizeof(x->score);
		char per[64];

		if (pass && red < 0)
			break;
		if (v < m->vulnerability.values[0])
			v = m->vulnerability.values[0];
		for (c = 0; c < 3; c++) {
			values[c] = impact[c] >= 0 ? impact[c] * threat * v : -1;
			if ((affects & (1u << c)) && values[c] > top)
				top = values[c];
		}
		cia_text(per, sizeof(per), values, affects);
		snprintf(out, size, "%s; risk %d", per, top);
		snprintf(pass ? x->residual_value : x->score_value, sizeof(x->score_value), "%d", top);
		if (pass)
			snprintf(x->residual_inputs, sizeof(x->residual_inputs),
				 vuln - red < m->vulnerability.values[0]
					 ? "vulnerability %d reduced by %d: clamped at %d"
					 : "vulnerability %d reduced by %d to %d",
				 vuln, red, v);
	}
}

static void explain_matrix(const struct risk_method *m, sqlite3_stmt *st, struct risk_explain *x)
{
	int l = num(st, R_L), i = num(st, R_I), rl = num(st, R_RL), ri = num(st, R_RI);
	int cia[3] = { num(st, R_IC), num(st, R_II), num(st, R_IA) };
	char imp[64];

	cia_text(imp, sizeof(imp), cia, 7);
	if (l >= 0 || i >= 0)
		snprintf(x->inputs, sizeof(x->inputs), imp[0] ? "likelihood %d, impact %d (highest of %s)"
							   : "likelihood %d, impact %d",
			 l, i, imp);
	if (rl >= 0 || ri >= 0)
		snprintf(x->residual_inputs, sizeof(x->residual_inputs), "likelihood %d, impact %d",
			 rl, ri);
	if (m->kind == RISK_FORMULA) {
		if (risk_score(m, l, i) >= 0) {
			snprintf(x->score, sizeof(x->score), "%d x %d = %d", l, i, risk_score(m, l, i));
			snprintf(x->score_value, sizeof(x->score_value), "%d", risk_score(m, l, i));
		}
		if (risk_score(m, rl, ri) >= 0) {
			snprintf(x->residual_score, sizeof(x->residual_score), "%d x %d = %d", rl, ri,
				 risk_score(m, rl, ri));
			snprintf(x->residual_value, sizeof(x->residual_value), "%d",
				 risk_score(m, rl, ri));
		}
	} else {
		if (l >= 0 && i >= 0)
			snprintf(x->score, sizeof(x->score), "matrix cell %d, %d", l, i);
		if (rl >= 0 && ri >= 0)
			snprintf(x->residual_score, sizeof(x->residual_score), "matrix cell %d, %d", rl,
				 ri);
	}
}

static void explain(const struct risk_method *m, sqlite3_stmt *st, struct risk_explain *x)
{
	memset(x, 0, sizeof(*x));
	if (m->kind == RISK_MONARC)
		explain_monarc(m, st, x);
	else
		explain_matrix(m, st, x);
	if (*sql_text(st, R_RLEVEL))
		snprintf(x->residual_level, sizeof(x->residual_level), "%s", sql_text(st, R_RLEVEL));
	else if (*sql_text(st, R_LEVEL)) /* as on the residual heat map: the inherent level */
		snprintf(x->residual_level, sizeof(x->residual_level), "%s (inherent, %s)",
			 sql_text(st, R_LEVEL),
			 strcmp(sql_text(st, R_TREATMENT), "retain") == 0 ? "retained" : "not reassessed");
}

/* The date of the last assessment round, or "" when none is recorded. */
static void last_round(struct workspace *ws, char out[11])
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(ws->store), "SELECT max(held_on) FROM assessment_round",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, 11, "%s", sql_text(st, 0));
	sqlite3_finalize(st);
}

static bool stale(sqlite3_stmt *st, const char *round)
{
	return *round && strcmp(sql_text(st, R_ASSESSED_ON), round) < 0;
}

/* The scales with what each value means here (the workspace's own words, 1.7 Scales). */
static void write_scales(struct workspace *ws, const struct risk_method *m, const char *heading,
			 FILE *out)
{
	static const char *const head[] = { "Value", "Label", "Meaning here" };
	static const char *const scales[] = { "likelihood", "impact", "vulnerability" };
	const char *names[] = { m->kind == RISK_MONARC ? "Threat" : "Likelihood", "Impact",
				"Vulnerability" };
	sqlite3_stmt *st;
	int s, rows;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT value, label, description FROM risk_scale WHERE scale = ? "
			       "ORDER BY value",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	for (s = 0; s < 3; s++) {
		sqlite3_bind_text(st, 1, scales[s], -1, SQLITE_STATIC);
		for (rows = 0; sqlite3_step(st) == SQLITE_ROW; rows++) {
			const char *cells[] = { sql_text(st, 0), sql_text(st, 1), sql_text(st, 2) };
			if (!rows) {
				fprintf(out, "%s Scale: %s\n\n", heading, names[s]);
				md_table_head(out, head, 3);
			}
			md_row(out, cells, 3);
		}
		if (rows)
			fputs("\n", out);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void write_decisions(const struct risk_method *m, const char *heading, FILE *out)
{
	static const char *const head[] = { "Level", "Decision" };
	int i;

	fprintf(out, "%s Acceptance criteria, level by level\n\n", heading);
	md_table_head(out, head, 2);
	for (i = m->level_count - 1; i >= 0; i--) {
		const char *cells[] = { m->levels[i].label, risk_level_decision(m, i) };
		md_row(out, cells, 2);
	}
	fputs("\n", out);
}

/* A simple query written as a table; "*None.*" when it has no rows. */
static void write_query(struct workspace *ws, const char *sql, const char *const *head, int n,
			const char *none, FILE *out)
{
	sqlite3_stmt *st;
	int rows = 0, i;

	if (sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cells[8];
		if (!rows++)
			md_table_head(out, head, (size_t)n);
		for (i = 0; i < n; i++)
			cells[i] = sql_text(st, i);
		md_row(out, cells, (size_t)n);
	}
	sqlite3_finalize(st);
	fprintf(out, rows ? "\n" : "*%s*\n\n", none);
}

static void write_rounds(struct workspace *ws, const char *heading, const char *round, FILE *out)
{
	static const char *const head[] = { "Held on", "Trigger", "Scope", "Led by", "Notes" };
	static const char *const threat_head[] = { "Threat", "Category", "Affects", "Risks" };
	static const char *const vuln_head[] = { "Vulnerability", "Category", "Risks" };

	fprintf(out, "%s Assessment rounds\n\n", heading);
	if (*round)
		fprintf(out, "Last round: **%s**. A risk assessed before it is flagged *not "
			     "reassessed* in the register.\n\n",
			round);
	write_query(ws,
		    "SELECT held_on, trigger, scope, " PERSON_NAMES("assessment_round", "r", "led_by")
		    ", notes FROM assessment_round AS r ORDER BY held_on DESC, id DESC",
		    head, 5, "No assessment round recorded yet.", out);
	fprintf(out, "%s Threats and vulnerabilities used\n\n", heading);
	write_query(ws, "SELECT t.name, t.category, t.affects, group_concat(r.id, ', ') FROM threat "
			"AS t JOIN risk AS r ON r.threat = t.id GROUP BY t.id ORDER BY t.name, t.id",
		    threat_head, 4, "No risk names a threat.", out);
	write_query(ws, "SELECT v.name, v.category, group_concat(r.id, ', ') FROM vulnerability "
			"AS v JOIN risk AS r ON r.vulnerability = v.id GROUP BY v.id ORDER BY v.name, "
			"v.id",
		    vuln_head, 3, "No risk names a vulnerability.", out);
}

static void write_register(const struct risk_method *m, sqlite3_stmt *st, const char *round,
			   const char *heading, FILE *out)
{
	static const char *const head[] = { "Id", "Risk", "Asset or source", "Threat or event",
					    "Vulnerability", "Inputs", "Score", "Level", "Owner",
					    "Assessed" };
	static const char *const res_head[] = { "Id", "Treatment", "Controls", "Residual inputs",
						"Residual score", "Residual level", "Status",
						"Acceptance" };
	struct strbuf second = { 0 };
	int rows = 0;

	fprintf(out, "%s Risk register, highest level first\n\n", heading);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct risk_explain x;
		char assessed[160], acceptance[1200];

		explain(m, st, &x);
		snprintf(assessed, sizeof(assessed), "%s%s%s%s", sql_text(st, R_ASSESSED_ON),
			 *sql_text(st, R_ASSESSED_BY) ? " by " : "", sql_text(st, R_ASSESSED_BY),
			 stale(st, round) ? (*sql_text(st, R_ASSESSED_ON) ? "; not reassessed"
								    : "not assessed since the last round")
					  : "");
		if (*sql_text(st, R_ACC_BY))
			snprintf(acceptance, sizeof(acceptance), "accepted by %s on %s%s%s%s%.500s",
				 sql_text(st, R_ACC_BY), sql_text(st, R_ACC_ON), *sql_text(st, R_NOTE) ? ": " : "",
				 sql_text(st, R_NOTE), *sql_text(st, R_DECISION) ? "; management decision: " : "",
				 sql_text(st, R_DECISION));
		else
			acceptance[0] = '\0';
		if (!rows++)
			md_table_head(out, head, 10);
		const char *cells[] = { sql_text(st, R_ID), sql_text(st, R_TITLE),
					*sql_text(st, R_ASSET) ? sql_text(st, R_ASSET) : sql_text(st, R_SOURCE),
					*sql_text(st, R_THREAT) ? sql_text(st, R_THREAT) : sql_text(st, R_EVENT),
					sql_text(st, R_VULN), x.inputs, x.score, sql_text(st, R_LEVEL),
					sql_text(st, R_OWNER), assessed };
		md_row(out, cells, 10);
		/* The second table is gathered meanwhile: one pass over the register. */
		{
			const char *res[] = { sql_text(st, R_ID), sql_text(st, R_TREATMENT), sql_text(st, R_CONTROLS),
					      x.residual_inputs, x.residual_score, x.residual_level,
					      sql_text(st, R_STATUS), acceptance };
			size_t k;
			strbuf_adds(&second, "| ");
			for (k = 0; k < 8; k++) {
				if (k)
					strbuf_adds(&second, " | ");
				md_cell(&second, res[k]);
			}
			strbuf_adds(&second, " |\n");
		}
	}
	if (!rows) {
		fputs("*No risks yet.*\n\n", out);
		return;
	}
	fprintf(out, "\n%s Treatment and residual risk\n\n", heading);
	md_table_head(out, res_head, 8);
	fputs(second.buf, out);
	fputs("\n", out);
	strbuf_release(&second);
}

/* Levels and status beside the previous PDCA cycle's (src/core/cycle.c). */
static const char *const risk_compared[] = { "inherent_level", "residual_level", "status" };
static const char *const risk_compared_labels[] = { "Inherent level", "Residual level",
						    "Status" };
static const struct cycle_compare risk_compare = { "risk", "title", risk_compared,
						   risk_compared_labels, 3 };

int report_risks_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	struct risk_method m;
	sqlite3_stmt *st;
	char *methodology = NULL, round[11];
	int rc = riskreg_method(ws->store, &m, err);

	if (rc)
		return rc;
	fprintf(out, "%s Risk method and criteria\n\n", heading);
	write_line(out, "Method: **", m.title, "**. ");
	write_line(out, "", m.description, "\n\n");
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT methodology FROM risk_settings", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			methodology = *sql_text(st, 0) ? xstrdup(sql_text(st, 0)) : NULL;
		sqlite3_finalize(st);
	}
	/* riskreg_method() applied the workspace's own criteria. */
	write_line(out, "Acceptance: a risk owner may accept risks up to **",
		   m.levels[m.owner_may_accept].label, "**; ");
	write_line(out, "risks at **", m.levels[m.must_treat].label,
		   m.must_treat - m.owner_may_accept > 1
			   ? "** or above must be treated; a level between needs management approval "
			     "to be accepted.\n\n"
			   : "** or above must be treated.\n\n");
	if (methodology)
		write_line(out, "", methodology, "\n\n");
	else
		fputs("*The risk assessment methodology is not written yet.*\n\n", out);
	write_decisions(&m, heading, out);
	write_scales(ws, &m, heading, out);
	{
		struct strbuf grid = { 0 };
		fprintf(out, "%s %s\n\n", heading, m.kind == RISK_MONARC ? "Risk bands" : "Risk matrix");
		if (m.kind == RISK_MONARC)
			fputs("Per criterion the threat affects: impact x threat x vulnerability (less "
			      "the reduction for the residual risk, never below the bottom of its "
			      "scale); the risk is the highest.\n\n",
			      out);
		risk_method_grid_markdown(&m, &grid);
		fputs(grid.buf, out);
		fputs("\n", out);
		strbuf_release(&grid);
	}
	if (m.kind != RISK_MONARC) {
		fprintf(out, "%s Heat map, inherent risk\n\n", heading);
		heat_table(ws, &m, false, out);
		fprintf(out, "%s Heat map, residual risk\n\n", heading);
		fputs("A risk whose residual likelihood and impact are not assessed (a retained risk, "
		      "or one not yet reassessed after treatment) counts at its inherent level.\n\n",
		      out);
		heat_table(ws, &m, true, out);
	}
	write_assets(ws, heading, out);
	last_round(ws, round);
	write_rounds(ws, heading, round, out);
	if (sqlite3_prepare_v2(store_db(ws->store), risk_sql, -1, &st, NULL) != SQLITE_OK) {
		risk_method_release(&m);
		free(methodology);
		return store_fail(ws->store, "risk register", err);
	}
	write_register(&m, st, round, heading, out);
	sqlite3_finalize(st);
	risk_method_release(&m);
	free(methodology);
	return cycle_changes_md(ws, heading, &risk_compare, out, err);
}

int report_risks_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	/* The first 18 columns are those of earlier versions, in the same order. */
	static const char *const head[] = {
		"id", "title", "kind", "asset", "threat", "vulnerability", "likelihood", "impact",
		"level", "owner", "treatment", "controls", "residual_likelihood", "residual_impact",
		"residual_level", "status", "accepted_by", "accepted_on", "source", "event",
		"impact_c", "impact_i", "impact_a", "vulnerability_level", "reduction", "score",
		"residual_score", "residual_basis", "acceptance_note", "decision", "assessed_on",
		"assessed_by", "reassessment_due"
	};
	enum { N = sizeof(head) / sizeof(head[0]) };
	struct risk_method m;
	sqlite3_stmt *st;
	char round[11];
	int i, rc = riskreg_method(ws->store, &m, err);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(store_db(ws->store), risk_sql, -1, &st, NULL) != SQLITE_OK) {
		risk_method_release(&m);
		return store_fail(ws->store, "risk register", err);
	}
	last_round(ws, round);
	csv_row(out, head, N);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct risk_explain x;
		const char *cells[N];
		explain(&m, st, &x);
		for (i = 0; i < R_AFFECTS; i++)
			cells[i] = sql_text(st, i);
		cells[25] = x.score_value;
		cells[26] = x.residual_value;
		cells[27] = *sql_text(st, R_RLEVEL)		  ? "residual"
			    : !*x.residual_level			  ? ""
			    : strcmp(sql_text(st, R_TREATMENT), "retain") == 0 ? "inherent (retained)"
								    : "inherent (not reassessed)";
		cells[28] = sql_text(st, R_NOTE);
		cells[29] = sql_text(st, R_DECISION);
		cells[30] = sql_text(st, R_ASSESSED_ON);
		cells[31] = sql_text(st, R_ASSESSED_BY);
		cells[32] = stale(st, round) ? "yes" : "no";
		csv_row(out, cells, N);
	}
	sqlite3_finalize(st);
	risk_method_release(&m);
	return IMS2_OK;
}

/*
 * A table row of user text (escaped) and a last cell of ours written as it is: md_row()
 * would escape the emphasis of "**OVERDUE**".
 */
static void row_with_mark(FILE *out, const char *const *cells, size_t count, const char *mark)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < count; i++) {
		strbuf_adds(&sb, "| ");
		md_cell(&sb, cells[i]);
		strbuf_adds(&sb, " ");
	}
	strbuf_addf(&sb, "| %s |\n", mark);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static const char *const rtp_sql =
	"SELECT r.id, r.title, a.action, " PERSON_NAMES("treatment_action", "a", "owner") ", a.due_date, a.status, " NUM("a.cost") ", a.control,"
	" r.inherent_level FROM treatment_action AS a JOIN risk AS r ON r.id = a.risk"
	" ORDER BY r.id, a.due_date IS NULL, a.due_date, a.id";

int report_rtp_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Risk", "Level", "Actions done", "Next due",
					    "Overdue" };
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
					risks[i].next_due };
		row_with_mark(out, cells, 4, overdue);
	}
	rtp_release(risks, count);
	if (count)
		fprintf(out, "\nOverdue means not done by %s.\n\n", today);
	fprintf(out, "%s Actions\n\n", heading);
	if (sqlite3_prepare_v2(store_db(ws->store), rtp_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "treatment plan", err);
	while (sqlite3_step(st) == SQLITE_ROW) {
		bool late = rtp_overdue(sql_text(st, 5), sql_text(st, 4), today);
		if (!rows++)
			md_table_head(out, action_head, 8);
		const char *cells[] = { sql_text(st, 1), sql_text(st, 2), sql_text(st, 3),
					sql_text(st, 4), sql_text(st, 5), sql_text(st, 6),
					sql_text(st, 7) };
		row_with_mark(out, cells, 7, late ? "**OVERDUE**" : "");
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
		const char *cells[] = { sql_text(st, 0), sql_text(st, 1), sql_text(st, 2),
					sql_text(st, 3), sql_text(st, 4), sql_text(st, 5),
					sql_text(st, 6), sql_text(st, 7),
					rtp_overdue(sql_text(st, 5), sql_text(st, 4), today) ? "yes" : "no" };
		csv_row(out, cells, 9);
	}
	sqlite3_finalize(st);
	return IMS2_OK;
}
