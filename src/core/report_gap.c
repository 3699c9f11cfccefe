/*
 * The reports of the gap analysis (step 1.3) and of the Statement of Applicability (1.8), in
 * Markdown (standalone or inside the dossier) and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/cycle.h"
#include "ims2/gap.h"
#include "ims2/markdown.h"
#include "ims2/report.h"

#include "ims2/cycle.h"
#include "ims2/soa.h"
#include "coreint.h"

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
	char *item, *title, *notes, *evidence, *applicable, *interviewee, *justification;
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
		free(rows[i].interviewee);
		free(rows[i].justification);
	}
	free(rows);
}

static char *text_or_null(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? xstrdup((const char *)t) : NULL;
}

enum gap_rows_kind { ALL_ITEMS, LARGEST_GAPS, NOT_APPLICABLE };

/* The 123 items with their effective target: in catalog order, largest gap first, or N/A. */
static int gap_rows(struct workspace *ws, int default_target, enum gap_rows_kind kind,
		    struct gap_row **out, size_t *count, struct ims2_error *err)
{
	static const char *const where[] = {
		[ALL_ITEMS] = "ORDER BY id",
		[LARGEST_GAPS] = "WHERE maturity IS NOT NULL AND applicable <> 'no' AND "
				 "coalesce(target, ?1) > maturity "
				 "ORDER BY coalesce(target, ?1) - maturity DESC, id",
		[NOT_APPLICABLE] = "WHERE applicable = 'no' ORDER BY id",
	};
	sqlite3_stmt *st;
	size_t alloc = 0;
	char *sql = xasprintf("SELECT item, title, coalesce(maturity, -1), coalesce(target, ?1), "
			      "notes, evidence, applicable, "
			      /* people are records of 2.1: their names, not their numbers */
			      PERSON_NAMES("gap_item", "g", "interviewee") ", "
			      /* older workspaces kept the reason for an exclusion in the notes */
			      "coalesce(nullif(trim(justification), ''), notes) FROM gap_item AS g %s",
			      where[kind]);
	int rc = sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL);

	free(sql);
	*out = NULL;
	*count = 0;
	if (rc != SQLITE_OK)
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
		if (r->title && catalog_new_in_2022(&ws->catalog, (const char *)sqlite3_column_text(st, 0))) {
			char *marked = xasprintf("%s" CATALOG_NEW_MARK, r->title);
			free(r->title);
			r->title = marked;
		}
		r->maturity = sqlite3_column_int(st, 2);
		r->target = sqlite3_column_int(st, 3);
		r->notes = text_or_null(st, 4);
		r->evidence = text_or_null(st, 5);
		r->applicable = text_or_null(st, 6);
		r->interviewee = text_or_null(st, 7);
		r->justification = text_or_null(st, 8);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "gap analysis", err);
}

static const char *row_status(const struct gap_row *r)
{
	return gap_status_name(
		gap_status_of(r->maturity, r->target, strcmp(r->applicable, "no") != 0));
}

/* What moves an item from its maturity up a level: the scale's advice, or the next level. */
static void next_step(struct strbuf *sb, const struct maturity *m, int maturity)
{
	if (maturity < 0 || maturity >= 5)
		return;
	if (m->next_steps[maturity])
		strbuf_adds(sb, m->next_steps[maturity]);
	else
		strbuf_addf(sb, "Reach level %d (%s): %s", maturity + 1, m->names[maturity + 1],
			    m->descriptions[maturity + 1]);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* How many of the largest gaps the report lists with their next step. */
#define GAP_LARGEST 20

/* The largest gaps, each with the next step the maturity scale recommends. */
static void largest_table(FILE *out, const struct maturity *m, const struct gap_row *rows,
			  size_t n)
{
	static const char *const head[] = { "Item",	"Title",       "Maturity",
					    "Target",	"Gap",	       "Interviewee",
					    "Notes",	"Recommended next step" };
	struct strbuf step = { 0 };
	size_t i;

	md_table_head(out, head, 8);
	for (i = 0; i < n; i++) {
		const struct gap_row *r = &rows[i];
		char maturity[8], target[8], gap[8];
		snprintf(maturity, sizeof(maturity), "%d", r->maturity);
		snprintf(target, sizeof(target), "%d", r->target);
		snprintf(gap, sizeof(gap), "%d", r->target - r->maturity);
		strbuf_reset(&step);
		next_step(&step, m, r->maturity);
		const char *cells[] = { r->item,	       r->title,	 maturity,
					target,		       gap,		 or_empty(r->interviewee),
					or_empty(r->notes),    or_empty(step.buf) };
		md_row(out, cells, 8);
	}
	fputs("\n", out);
	strbuf_release(&step);
}

static void item_table(FILE *out, const struct gap_row *rows, size_t n)
{
	static const char *const head[] = { "Item",   "Title",	     "Maturity", "Target",
					    "Status", "Interviewee", "Notes",	 "Evidence" };
	size_t i;

	md_table_head(out, head, 8);
	for (i = 0; i < n; i++) {
		const struct gap_row *r = &rows[i];
		char maturity[8], target[8];
		snprintf(maturity, sizeof(maturity), "%d", r->maturity);
		snprintf(target, sizeof(target), "%d", r->target);
		const char *cells[] = { r->item,
					r->title,
					r->maturity >= 0 ? maturity : "",
					target,
					row_status(r),
					or_empty(r->interviewee),
					or_empty(r->notes),
					or_empty(r->evidence) };
		md_row(out, cells, 8);
	}
	fputs("\n", out);
}

static bool clause_group(const struct gap_group *g)
{
	return g->id[0] >= '0' && g->id[0] <= '9';
}

static double percent(int part, int whole)
{
	return whole ? 100.0 * part / whole : 0;
}

/* The group with the lowest average maturity among clauses (or themes), NULL if none assessed. */
static const struct gap_group *weakest(const struct gap_summary *s, bool clauses)
{
	const struct gap_group *w = NULL;
	size_t i;

	for (i = 0; i < s->group_count; i++) {
		const struct gap_group *g = &s->groups[i];
		if (clause_group(g) == clauses && g->assessed &&
		    (!w || gap_group_maturity(g) < gap_group_maturity(w)))
			w = g;
	}
	return w;
}

/* Sessions: how many, from when to when, and by whom (for the summary and the method). */
struct sessions {
	int count;
	char *first, *last;
};

static int sessions_read(struct workspace *ws, struct sessions *ses, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(ses, 0, sizeof(*ses));
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT count(*), min(held_on), max(held_on) FROM gap_session", -1,
			       &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "interview sessions", err);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ses->count = sqlite3_column_int(st, 0);
		ses->first = text_or_null(st, 1);
		ses->last = text_or_null(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_fail(ws->store, "interview sessions", err);
}

static void sessions_release(struct sessions *ses)
{
	free(ses->first);
	free(ses->last);
}

static void write_paragraph(FILE *out, struct strbuf *sb)
{
	strbuf_adds(sb, "\n\n");
	fputs(sb->buf, out);
	strbuf_reset(sb);
}

/* A management summary in figures and words, for a reader who reads nothing else. */
static void write_executive_summary(FILE *out, const char *heading, const struct maturity *m,
				    const struct gap_summary *s, const struct sessions *ses,
				    const struct gap_row *largest, size_t largest_count)
{
	const struct gap_group *o = &s->overall, *wc = weakest(s, true), *wt = weakest(s, false);
	struct strbuf sb = { 0 };
	size_t i;

	fprintf(out, "%s Executive summary\n\n", heading);
	strbuf_addf(&sb, "The assessment covers %d items: %d requirements of clauses 4 to 10 and %d "
			 "Annex A controls, of which %d apply. ",
		    o->items, s->clauses.items, s->controls.items, o->applicable);
	if (ses->count && ses->first && ses->last && strcmp(ses->first, ses->last) == 0)
		strbuf_addf(&sb, "%d of them were rated in %d interview session%s on %s. ",
			    o->assessed, ses->count, ses->count == 1 ? "" : "s", ses->first);
	else if (ses->count)
		strbuf_addf(&sb, "%d of them were rated in %d interview session%s from %s to %s. ",
			    o->assessed, ses->count, ses->count == 1 ? "" : "s", ses->first,
			    ses->last);
	else
		strbuf_addf(&sb, "%d of them were rated; no interview session is recorded. ",
			    o->assessed);
	if (!o->assessed) {
		strbuf_adds(&sb, "No item has been rated yet, so there are no findings to report.");
		write_paragraph(out, &sb);
		strbuf_release(&sb);
		return;
	}
	strbuf_addf(&sb, "The requirements of the management system reach an average maturity of "
			 "%.1f and the controls %.1f, against a default target of %d (%s). ",
		    gap_group_maturity(&s->clauses), gap_group_maturity(&s->controls),
		    s->default_target, m->names[s->default_target]);
	strbuf_addf(&sb, "%d of the %d applicable items (%.0f %%) meet their target, %d are below "
			 "it and %d are not assessed yet.",
		    o->at_target, o->applicable, percent(o->at_target, o->applicable),
		    o->assessed - o->at_target, o->applicable - o->assessed);
	write_paragraph(out, &sb);
	if (wc) {
		strbuf_addf(&sb, "The weakest clause is %s, ", wc->id);
		md_cell(&sb, wc->title);
		strbuf_addf(&sb, " (average %.1f)", gap_group_maturity(wc));
	}
	if (wt) {
		strbuf_adds(&sb, wc ? "; the weakest control theme is " : "The weakest control theme is ");
		md_cell(&sb, wt->title);
		strbuf_addf(&sb, " (average %.1f)", gap_group_maturity(wt));
	}
	if (wc || wt)
		strbuf_adds(&sb, ". ");
	if (largest_count) {
		strbuf_adds(&sb, "The largest gaps are ");
		for (i = 0; i < largest_count && i < 3; i++) {
			strbuf_addf(&sb, "%s", i ? (i + 1 == largest_count || i == 2 ? " and " : ", ")
						 : "");
			md_cell(&sb, largest[i].item);
			strbuf_adds(&sb, " ");
			md_cell(&sb, largest[i].title);
			strbuf_addf(&sb, " (maturity %d, target %d)", largest[i].maturity,
				    largest[i].target);
		}
		strbuf_adds(&sb, ". ");
	}
	strbuf_addf(&sb, "Closing the gaps found so far is estimated at **%.1f days** of coaching%s, "
			 "resting on %d of the %d applicable items (%.0f %%).",
		    s->effort_days, s->effort_capped ? " (the ceiling of the estimate)" : "",
		    o->assessed, o->applicable, percent(o->assessed, o->applicable));
	write_paragraph(out, &sb);
	strbuf_release(&sb);
}

/* The scope of the ISMS as step 1.5 states it, when it does: what the assessment looked at. */
static void write_isms_scope(struct workspace *ws, FILE *out)
{
	sqlite3_stmt *st;
	struct strbuf sb = { 0 };

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT statement, version FROM scope_statement WHERE id = 1 AND "
			       "trim(coalesce(statement, '')) <> ''",
			       -1, &st, NULL) != SQLITE_OK)
		return; /* a workspace without step 1.5's register: nothing to quote */
	if (sqlite3_step(st) == SQLITE_ROW) {
		strbuf_adds(&sb, "The scope of the ISMS assessed");
		if (sqlite3_column_text(st, 1)) {
			strbuf_adds(&sb, " (scope statement ");
			md_cell(&sb, (const char *)sqlite3_column_text(st, 1));
			strbuf_adds(&sb, ")");
		}
		strbuf_adds(&sb, ":\n\n> ");
		md_text(&sb, (const char *)sqlite3_column_text(st, 0));
		strbuf_adds(&sb, "\n\n");
		fputs(sb.buf, out);
	}
	sqlite3_finalize(st);
	strbuf_release(&sb);
}

static void write_scope_and_method(struct workspace *ws, FILE *out, const char *heading,
				   const struct gap_summary *s, const struct sessions *ses)
{
	fprintf(out, "%s Scope and method of the assessment\n\n", heading);
	write_isms_scope(ws, out);
	fprintf(out, "Every requirement of clauses 4 to 10 of ISO/IEC 27001:2022 (%d items) and every "
		     "control of its Annex A (%d items) is compared with the organisation's current "
		     "practice. ",
		s->clauses.items, s->controls.items);
	fputs("Each item is rated on the maturity scale below from interviews with the people who "
	      "do the work and from the evidence they show; ",
	      out);
	if (ses->count)
		fprintf(out, "%d session%s listed below, and notes and evidence are given item by "
			     "item. ",
			ses->count, ses->count == 1 ? " is" : "s are");
	else
		fputs("no session is recorded yet. ", out);
	fprintf(out, "An item is at target when its maturity reaches its own target or, without one, "
		     "the default target of %d; clause requirements always apply, and an Annex A "
		     "control marked not applicable is listed with its justification. ",
		s->default_target);
	fputs("The averages count only the items rated; the effort estimate counts the levels "
	      "between each rated item and its target.\n\n",
	      out);
}

static void write_scale(FILE *out, const char *heading, const struct maturity *m)
{
	static const char *const head[] = { "Level", "Name", "Meaning", "To reach the next level" };
	struct strbuf step = { 0 };
	int i;

	fprintf(out, "%s The maturity scale\n\n", heading);
	md_table_head(out, head, 4);
	for (i = 0; i < 6; i++) {
		char level[4];
		snprintf(level, sizeof(level), "%d", i);
		strbuf_reset(&step);
		next_step(&step, m, i);
		const char *cells[] = { level, m->names[i], m->descriptions[i], or_empty(step.buf) };
		md_row(out, cells, 4);
	}
	fputs("\n", out);
	strbuf_release(&step);
}

static int write_sessions(struct workspace *ws, FILE *out, const char *heading,
			  struct ims2_error *err)
{
	static const char *const head[] = { "Date", "Interviewer", "Interviewees", "Topics" };
	sqlite3_stmt *st;
	int rc, rows = 0;

	fprintf(out, "%s Interview sessions\n\n", heading);
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT held_on, " PERSON_NAMES("gap_session", "s", "interviewer")
			       ", " PERSON_NAMES("gap_session", "s", "interviewees")
			       ", topics FROM gap_session AS s ORDER BY held_on, id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "interview sessions", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cells[4];
		int i;
		if (!rows++)
			md_table_head(out, head, 4);
		for (i = 0; i < 4; i++)
			cells[i] = or_empty((const char *)sqlite3_column_text(st, i));
		md_row(out, cells, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(ws->store, "interview sessions", err);
	fputs(rows ? "\n" : "*No interview session recorded.*\n\n", out);
	return IMS2_OK;
}

/* The estimate per clause and theme, and the share of items each figure rests on. */
static void write_effort(FILE *out, const char *heading, const struct maturity *m,
			 const struct gap_summary *s)
{
	static const char *const head[] = { "Id", "Title", "Levels of gap", "Days", "Rated items",
					    "Share rated" };
	size_t i;

	fprintf(out, "%s Effort estimate by clause and theme\n\n", heading);
	md_table_head(out, head, 6);
	for (i = 0; i < s->group_count; i++) {
		const struct gap_group *g = &s->groups[i];
		char levels[16], days[16], rated[32], share[16];
		snprintf(levels, sizeof(levels), "%d", g->gap_sum);
		snprintf(days, sizeof(days), "%.2f",
			 g->gap_sum * (clause_group(g) ? m->clause_days : m->control_days));
		snprintf(rated, sizeof(rated), "%d of %d", g->assessed, g->applicable);
		snprintf(share, sizeof(share), "%.0f %%", percent(g->assessed, g->applicable));
		const char *cells[] = { g->id, g->title, levels, days, rated, share };
		md_row(out, cells, 6);
	}
	fprintf(out, "\nIn all %.2f days (%d levels in clauses at %.2f days each, %d in controls at "
		     "%.2f days each)",
		s->effort_uncapped, s->clauses.gap_sum, m->clause_days, s->controls.gap_sum,
		m->control_days);
	if (s->effort_capped)
		fprintf(out, ", above the ceiling of %.0f days: the estimate given is %.1f days",
			m->ceiling_days, s->effort_days);
	fprintf(out, ". It rests on %d of the %d applicable items (%.0f %%); items not rated yet "
		     "add to it once they are.\n\n",
		s->overall.assessed, s->overall.applicable,
		percent(s->overall.assessed, s->overall.applicable));
}

static void write_not_applicable(FILE *out, const char *heading, const struct gap_row *rows,
				 size_t n)
{
	static const char *const head[] = { "Item", "Title", "Justification", "Interviewee" };
	size_t i;

	fprintf(out, "%s Items not applicable\n\n", heading);
	if (!n) {
		fputs("*Every item applies.*\n\n", out);
		return;
	}
	md_table_head(out, head, 4);
	for (i = 0; i < n; i++) {
		const char *cells[] = { rows[i].item, rows[i].title,
					rows[i].justification && *rows[i].justification
						? rows[i].justification
						: "NO JUSTIFICATION RECORDED",
					or_empty(rows[i].interviewee) };
		md_row(out, cells, 4);
	}
	fputs("\n", out);
}

/* Maturity and target beside the previous PDCA cycle's (src/core/cycle.c). */
static const char *const gap_compared[] = { "maturity", "target", "applicable" };
static const char *const gap_compared_labels[] = { "Maturity", "Target", "Applicable" };
static const struct cycle_compare gap_compare = { "gap_item", "item", gap_compared,
						  gap_compared_labels, 3 };

int report_gap_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Scope", "Assessed", "Average maturity", "Target",
					    "At target" };
	static const char *const group_head[] = { "Id", "Title", "Assessed", "Average maturity",
						  "Target", "At target" };
	const struct maturity *m = &ws->catalog.maturity;
	struct gap_summary s;
	struct sessions ses;
	struct gap_row *largest = NULL, *rows = NULL;
	size_t n_largest = 0, n, i;
	int rc = gap_summarise(ws, &s, err);

	if (rc || (rc = sessions_read(ws, &ses, err)))
		return rc;
	if ((rc = gap_rows(ws, s.default_target, LARGEST_GAPS, &largest, &n_largest, err)))
		goto out;
	write_executive_summary(out, heading, m, &s, &ses, largest, n_largest);
	write_scope_and_method(ws, out, heading, &s, &ses);
	write_scale(out, heading, m);
	if ((rc = write_sessions(ws, out, heading, err)))
		goto out;
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
		if (clause_group(&s.groups[i]))
			group_row(out, &s.groups[i], true);
	fprintf(out, "\n%s Per Annex A theme\n\n", heading);
	md_table_head(out, group_head, 6);
	for (i = 0; i < s.group_count; i++)
		if (!clause_group(&s.groups[i]))
			group_row(out, &s.groups[i], true);
	fputs("\n", out);
	write_effort(out, heading, m, &s);
	fprintf(out, "%s Largest gaps and recommended next steps\n\n", heading);
	if (n_largest) {
		largest_table(out, m, largest, n_largest < GAP_LARGEST ? n_largest : GAP_LARGEST);
		if (n_largest > GAP_LARGEST)
			fprintf(out, "%zu more items are below their target; All items below gives "
				     "each one's status.\n\n",
				n_largest - GAP_LARGEST);
	} else
		fputs("*No assessed item is below its target.*\n\n", out);
	if ((rc = gap_rows(ws, s.default_target, NOT_APPLICABLE, &rows, &n, err)))
		goto out;
	write_not_applicable(out, heading, rows, n);
	gap_rows_release(rows, n);
	fprintf(out, "%s All items\n\n", heading);
	if ((rc = gap_rows(ws, s.default_target, ALL_ITEMS, &rows, &n, err)))
		goto out;
	item_table(out, rows, n);
	gap_rows_release(rows, n);
	rc = cycle_changes_md(ws, heading, &gap_compare, out, err);
out:
	gap_rows_release(largest, n_largest);
	sessions_release(&ses);
	return rc;
}

int report_gap_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "id",	    "title",	     "maturity",
					    "target",	    "status",	     "notes",
					    "evidence",	    "interviewee",   "justification",
					    "new_in_2022" };
	struct gap_summary s;
	struct gap_row *rows;
	size_t n, i;
	int rc = gap_summarise(ws, &s, err);

	if (rc || (rc = gap_rows(ws, s.default_target, ALL_ITEMS, &rows, &n, err)))
		return rc;
	csv_row(out, head, 10);
	for (i = 0; i < n; i++) {
		char maturity[8], target[8];
		snprintf(maturity, sizeof(maturity), "%d", rows[i].maturity);
		snprintf(target, sizeof(target), "%d", rows[i].target);
		/* The CSV keeps the standard's title as it is; the mark is a column of its own. */
		bool is_new = catalog_new_in_2022(&ws->catalog, rows[i].item);
		char *title = xstrndup(rows[i].title,
				       strlen(rows[i].title) - (is_new ? strlen(CATALOG_NEW_MARK) : 0));
		const char *cells[] = { rows[i].item,
					title,
					rows[i].maturity >= 0 ? maturity : "",
					target,
					row_status(&rows[i]),
					rows[i].notes,
					rows[i].evidence,
					rows[i].interviewee,
					strcmp(rows[i].applicable, "no") == 0 ? rows[i].justification
									       : NULL,
					is_new ? "yes" : "no" };
		csv_row(out, cells, 10);
		free(title);
	}
	gap_rows_release(rows, n);
	return IMS2_OK;
}
