/*
 * Special panes of steps, by name. To add one: write its draw (and key) functions, add a row
 * to pane_registry, and name it under `views:` in the step's screen file.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/gap.h"
#include "ims2/rtp.h"
#include "ims2/soa.h"
#include "ims2/util.h"
#include "uiint.h"

static bool ascii_bars(void)
{
	return strcmp(glyphs.hline, "-") == 0;
}

/* One line of the score table: title, bar of maturity out of 5, figures. */
static void draw_score(int y, const struct gap_group *g, bool bold)
{
	struct strbuf sb = { 0 };
	char title[64];

	snprintf(title, sizeof(title), "%s%s%s", g->id[0] >= '0' && g->id[0] <= '9' ? g->id : "",
		 g->id[0] >= '0' && g->id[0] <= '9' ? " " : "", g->title);
	draw_text(y, 2, 31, title, bold ? A_BOLD : A_NORMAL);
	gap_bar(&sb, gap_group_maturity(g), 5, 16, ascii_bars());
	draw_text(y, 34, 16, sb.buf, term_attr(ROLE_PROGRESS));
	strbuf_reset(&sb);
	if (g->assessed)
		strbuf_addf(&sb, " %3.1f", gap_group_maturity(g));
	else
		strbuf_adds(&sb, "   -");
	strbuf_addf(&sb, " %6.0f %%  %3d/%-3d", gap_group_share(g) * 100, g->assessed,
		    g->applicable);
	draw_text(y, 50, COLS - 52, sb.buf, bold ? A_BOLD : A_NORMAL);
	strbuf_release(&sb);
}

static void gap_scores_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct gap_summary s;
	struct ims2_error err;
	char line[256];
	int row = 0, i, lines = (int)0;
	const struct gap_group *order[GAP_MAX_GROUPS + 3];

	if (gap_summarise(app->ws, &s, &err)) {
		app_error(app, &err);
		return;
	}
	order[lines++] = &s.overall;
	order[lines++] = &s.clauses;
	order[lines++] = &s.controls;
	for (i = 0; i < (int)s.group_count; i++)
		order[lines++] = &s.groups[i];
	snprintf(line, sizeof(line), "%-31s %-16s %s", "Maturity (0-5)", "",
		 " avg  at target  assessed");
	draw_text(y + row++, 2, COLS - 4, line, term_attr(ROLE_HEADING));
	if (ps->top > lines - (height - 4))
		ps->top = lines - (height - 4);
	if (ps->top < 0)
		ps->top = 0;
	for (i = 0; i < 3 && row < height; i++)
		draw_score(y + row++, order[i], true);
	for (i = 3 + ps->top; i < lines && row < height - 3; i++)
		draw_score(y + row++, order[i], false);
	/* The estimate, what it rests on, and the figure before the ceiling when it was capped. */
	if (s.effort_capped)
		snprintf(line, sizeof(line),
			 "Coaching effort: %.1f days, ceiling (%.1f uncapped), from %d/%d items",
			 s.effort_days, s.effort_uncapped, s.overall.assessed, s.overall.applicable);
	else
		snprintf(line, sizeof(line),
			 "Coaching effort: %.1f days, from %d/%d items assessed (target %d)",
			 s.effort_days, s.overall.assessed, s.overall.applicable, s.default_target);
	draw_text(y + height - 2, 2, COLS - 4, line, A_NORMAL);
	draw_text(y + height - 1, 2, COLS - 4, "Press i for the interview.", term_attr(ROLE_DIM));
}

enum ui_result pane_scroll_key(struct app *app, struct pane_state *ps, enum action action,
			       int key)
{
	(void)app;
	(void)key;
	if (action == ACT_DOWN)
		(ps->top)++;
	else if (action == ACT_UP && ps->top > 0)
		(ps->top)--;
	else if (action == ACT_FIRST)
		ps->top = 0;
	else
		return UI_UNHANDLED;
	return UI_HANDLED;
}

/* The completeness check of the SoA: one line per control that needs something. */
static void soa_check_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct soa_finding *found;
	struct ims2_error err;
	size_t count, i;
	char line[256];

	if (soa_check(app->ws, &found, &count, &err)) {
		app_error(app, &err);
		return;
	}
	if (ps->top > (int)count - 1)
		ps->top = (int)count - 1;
	if (ps->top < 0)
		ps->top = 0;
	snprintf(line, sizeof(line), count ? "%zu controls need attention (Enter: go to the control)"
					   : "Complete: every control has a decision, a "
					     "justification or reasons, and a status.",
		 count);
	draw_text(y, 2, COLS - 4, line, count ? term_attr(ROLE_ERROR) : term_attr(ROLE_DONE));
	for (i = (size_t)ps->top; i < count && (int)(i - (size_t)ps->top) < height - 2; i++) {
		const struct control *c = catalog_find_control(&app->ws->catalog, found[i].control + 2);
		int row = y + 2 + (int)(i - (size_t)ps->top), attr = i == (size_t)ps->top ? A_REVERSE : 0;
		/* The problem whole (42 columns), the title in what is left, cut with an ellipsis. */
		int tw = COLS - 4 - 8 - 43 < 16 ? 16 : COLS - 4 - 8 - 43;

		draw_text(row, 2, 8, found[i].control, attr);
		draw_text(row, 10, tw, c ? c->title : "", attr);
		draw_text(row, 10 + tw, 1, "", attr);
		draw_text(row, 11 + tw, COLS - 13 - tw, found[i].problem, attr);
	}
	free(found);
}

static enum ui_result soa_check_key(struct app *app, struct pane_state *ps, enum action action, int key)
{
	struct soa_finding *found;
	struct ims2_error err;
	size_t count;

	if (action != ACT_OPEN && action != ACT_EDIT)
		return pane_scroll_key(app, ps, action, key);
	if (soa_check(app->ws, &found, &count, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	if (ps->top >= 0 && (size_t)ps->top < count) {
		app->jump_table = found[ps->top].table;
		app->jump_id = found[ps->top].id;
	}
	free(found);
	return UI_HANDLED;
}

/*
 * The treatment plan's progress: one line per risk with actions or to be modified (one with
 * no action says so); overdue ones stand out.
 */
static void rtp_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct rtp_risk *risks;
	struct ims2_error err;
	char today[11], line[256];
	size_t count, i;
	/* Level 9, Done 11, Next due 10, "99 OVERDUE" 10, a space after each but the last. */
	int overdue = 0, tw = COLS - 4 - 43;

	rtp_today(today);
	if (rtp_progress(app->ws, today, &risks, &count, &err)) {
		app_error(app, &err);
		return;
	}
	for (i = 0; i < count; i++)
		overdue += risks[i].overdue;
	if (ps->top > (int)count - 1)
		ps->top = (int)count - 1;
	if (ps->top < 0)
		ps->top = 0;
	/* The fixed columns first, whole; the title takes what is left (cut with an ellipsis). */
	snprintf(line, sizeof(line), "%-9s %-11s %-10s %s", "Level", "Done", "Next due",
		 overdue ? "Overdue" : "");
	draw_text(y, 2, tw, "Risk", term_attr(ROLE_HEADING));
	draw_text(y, 2 + tw, COLS - 4 - tw, line, term_attr(ROLE_HEADING));
	if (!count)
		draw_text(y + 2, 2, COLS - 4,
			  "No treatment actions yet: add them in the Treatment plan pane.",
			  term_attr(ROLE_DIM));
	for (i = 0; i < count && (int)i + 1 < height - 1; i++) {
		const struct rtp_risk *r = &risks[i];
		char done[24], late[24] = "";
		int attr = (int)i == ps->top ? A_REVERSE : A_NORMAL;

		if (r->actions)
			snprintf(done, sizeof(done), "%d/%d %3d%%", r->done,
				 r->actions - r->cancelled, rtp_percent(r));
		else
			snprintf(done, sizeof(done), "no action");
		if (r->overdue)
			snprintf(late, sizeof(late), "%d OVERDUE", r->overdue);
		snprintf(line, sizeof(line), "%-9.9s %-11s %-10s %s", r->level ? r->level : "-",
			 done, r->next_due, late);
		attr |= r->overdue ? term_attr(ROLE_ERROR) : 0;
		draw_text(y + 1 + (int)i, 2, tw - 1, r->title, attr);
		draw_text(y + 1 + (int)i, 1 + tw, 1, "", attr);
		draw_text(y + 1 + (int)i, 2 + tw, COLS - 4 - tw, line, attr);
	}
	snprintf(line, sizeof(line), "%zu risks in the plan, %d actions overdue on %s. "
				     "Enter: its actions.",
		 count, overdue, today);
	draw_text(y + height - 1, 2, COLS - 4, line, overdue ? term_attr(ROLE_ERROR) : (int)A_NORMAL);
	rtp_release(risks, count);
}

static enum ui_result rtp_key(struct app *app, struct pane_state *ps, enum action action, int key)
{
	struct rtp_risk *risks;
	struct ims2_error err;
	char today[11];
	size_t count;
	long long first;

	if (action != ACT_OPEN && action != ACT_EDIT)
		return pane_scroll_key(app, ps, action, key);
	rtp_today(today);
	if (rtp_progress(app->ws, today, &risks, &count, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	if (ps->top >= 0 && (size_t)ps->top < count) {
		if (rtp_first_action(app->ws, risks[ps->top].risk, &first, &err)) {
			app_error(app, &err);
		} else if (first) {
			app->jump_table = "treatment_action";
			app->jump_id = first;
		}
	}
	rtp_release(risks, count);
	return UI_HANDLED;
}

static const struct pane_ops pane_registry[] = {
	{ "gap_scores", "Scores", gap_scores_draw, pane_scroll_key, 'i', &interview_view,
	  " i interview  j/k scroll  Tab pane  :export FILE  ? help  q back" },
	{ "soa_check", "Completeness", soa_check_draw, soa_check_key, 0, NULL,
	  " Enter go to control  j/k move  :prefill  Tab pane  ? help  q back" },
	{ "dashboard", "Dashboard", dashboard_draw, pane_scroll_key, 0, NULL,
	  " j/k scroll  Tab pane  :export FILE  ? help  q back" },
	{ "checklist", "Checklist", checklist_pane_draw, pane_scroll_key, 'i', &checklist_fill_view,
	  " i fill the checklist  j/k scroll  Tab pane  :checklist  ? help  q back" },
	{ "rtp", "Progress", rtp_draw, rtp_key, 0, NULL,
	  " Enter go to actions  j/k move  Tab pane  :export FILE  ? help  q back" },
};

/* Panes with a file of their own. */
static const struct pane_ops *const own_files[] = { &heatmap_pane, &citations_pane,
						     &coverage_pane, &readiness_pane };

char *pane_names(void)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < sizeof(pane_registry) / sizeof(pane_registry[0]); i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", pane_registry[i].name);
	for (i = 0; i < sizeof(own_files) / sizeof(own_files[0]); i++)
		strbuf_addf(&sb, ", %s", own_files[i]->name);
	return strbuf_detach(&sb);
}

const struct pane_ops *pane_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(own_files) / sizeof(own_files[0]); i++)
		if (strcmp(own_files[i]->name, name) == 0)
			return own_files[i];
	for (i = 0; i < sizeof(pane_registry) / sizeof(pane_registry[0]); i++)
		if (strcmp(pane_registry[i].name, name) == 0)
			return &pane_registry[i];
	return NULL;
}
