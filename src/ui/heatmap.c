/*
 * The heat map of step 1.7: the method's grid with the number of risks in each cell, inherent
 * or residual (t toggles). Each cell shows its level's symbol and the count, so it reads
 * without colour. Moving into a cell lists its risks; J and K choose one, Enter opens it.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/riskreg.h"
#include "ims2/util.h"
#include "uiint.h"

#define HEATMAP_LIST 6

static enum color_role level_role(const char *colour)
{
	if (strcmp(colour, "green") == 0)
		return ROLE_DONE;
	if (strcmp(colour, "yellow") == 0 || strcmp(colour, "orange") == 0)
		return ROLE_PROGRESS;
	return ROLE_ERROR;
}

/* The risks of the cell under the cursor (free with riskreg_cell_risks_free()). */
static int cell_risks(struct app *app, const struct risk_method *m, const struct pane_state *ps,
		      struct riskreg_cell_risk **risks, size_t *count, struct ims2_error *err)
{
	return riskreg_cell_risks(app->ws->store, m->likelihood.values[ps->row],
				  m->impact.values[ps->col], ps->alternate, risks, count, err);
}

static void clamp(const struct risk_method *m, struct pane_state *ps)
{
	if (ps->row < 0)
		ps->row = 0;
	if (ps->row >= m->likelihood.count)
		ps->row = m->likelihood.count - 1;
	if (ps->col < 0)
		ps->col = 0;
	if (ps->col >= m->impact.count)
		ps->col = m->impact.count - 1;
	if (ps->item < 0)
		ps->item = 0;
}

static void heatmap_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct risk_method m;
	struct ims2_error err;
	int counts[RISK_MAX_SCALE][RISK_MAX_SCALE], l, i, cw, x0 = 17, row, n = 0, total = 0;
	char line[256];
	struct riskreg_cell_risk *risks;
	size_t count, k;

	if (riskreg_method(app->ws->store, &m, &err)) {
		app_error(app, &err);
		return;
	}
	if (m.kind == RISK_MONARC) {
		draw_text(y, 2, COLS - 4, "The MONARC method has no likelihood x impact grid: see the "
					  "risk register and the risks report.",
			  term_attr(ROLE_DIM));
		risk_method_release(&m);
		return;
	}
	if (!ps->top) { /* first time: start on the highest likelihood, highest impact */
		ps->top = 1;
		ps->row = m.likelihood.count - 1;
		ps->col = m.impact.count - 1;
	}
	clamp(&m, ps);
	if (riskreg_heat_counts(app->ws->store, &m, ps->alternate, counts, &err)) {
		app_error(app, &err);
		risk_method_release(&m);
		return;
	}
	snprintf(line, sizeof(line), "%s risks  (t: show %s)   %s",
		 ps->alternate ? "Residual" : "Inherent", ps->alternate ? "inherent" : "residual",
		 m.title);
	draw_text(y, 1, COLS - 2, line, term_attr(ROLE_HEADING) | A_BOLD);
	cw = (COLS - x0 - 2) / m.impact.count;
	if (cw > 14)
		cw = 14;
	draw_text(y + 1, 1, x0 - 1, "Likelihood", A_UNDERLINE);
	for (i = 0; i < m.impact.count; i++)
		draw_text(y + 1, x0 + i * cw, cw - 1, m.impact.labels[i], A_UNDERLINE);
	for (row = 0, l = m.likelihood.count - 1; l >= 0; l--, row++) {
		draw_text(y + 2 + row, 1, x0 - 1, m.likelihood.labels[l], A_NORMAL);
		for (i = 0; i < m.impact.count; i++) {
			const struct risk_level *lv;
			int level;
			risk_level(&m, m.likelihood.values[l], m.impact.values[i], &level, &err);
			lv = &m.levels[level];
			snprintf(line, sizeof(line), " %-3s %4d", lv->symbol, counts[l][i]);
			draw_text(y + 2 + row, x0 + i * cw, cw - 1, line,
				  term_attr(level_role(lv->colour)) |
					  (l == ps->row && i == ps->col ? A_REVERSE : 0) |
					  (counts[l][i] ? A_BOLD : 0));
			total += counts[l][i];
		}
	}
	row += y + 3;
	{
		int level;
		risk_level(&m, m.likelihood.values[ps->row], m.impact.values[ps->col], &level, &err);
		snprintf(line, sizeof(line), "%s x %s: %s, %d of %d risks.  J/K choose, Enter open",
			 m.likelihood.labels[ps->row], m.impact.labels[ps->col], m.levels[level].label,
			 counts[ps->row][ps->col], total);
		draw_text(row++, 1, COLS - 2, line, A_BOLD);
	}
	if (ps->item >= counts[ps->row][ps->col])
		ps->item = counts[ps->row][ps->col] ? counts[ps->row][ps->col] - 1 : 0;
	if (cell_risks(app, &m, ps, &risks, &count, &err)) {
		app_error(app, &err);
		risk_method_release(&m);
		return;
	}
	for (k = 0; k < count && row < y + height; k++) {
		int first = ps->item >= HEATMAP_LIST ? ps->item - HEATMAP_LIST + 1 : 0;
		if (n >= first && n < first + HEATMAP_LIST) {
			snprintf(line, sizeof(line), "  %-44.44s %-16.16s %s", risks[k].title,
				 risks[k].owner, risks[k].level);
			draw_text(row++, 1, COLS - 2, line, n == ps->item ? A_REVERSE : A_NORMAL);
		}
		n++;
	}
	riskreg_cell_risks_free(risks, count);
	if (ps->alternate)
		draw_text(y + height - 1, 1, COLS - 2,
			  "Not reassessed after treatment (a retained risk): shown at its "
			  "inherent cell",
			  term_attr(ROLE_DIM));
	risk_method_release(&m);
}

static enum ui_result heatmap_key(struct app *app, struct pane_state *ps, enum action action,
				  int key)
{
	struct risk_method m;
	struct ims2_error err;
	struct riskreg_cell_risk *risks;
	size_t count;
	int n = 0;

	if (key == 't') {
		ps->alternate = !ps->alternate;
		ps->item = 0;
		return UI_HANDLED;
	}
	if (key == 'J' || key == 'K') {
		ps->item += key == 'J' ? 1 : -1;
		if (ps->item < 0)
			ps->item = 0;
		return UI_HANDLED;
	}
	switch (action) {
	case ACT_UP:
		ps->row++;
		break;
	case ACT_DOWN:
		ps->row--;
		break;
	case ACT_LEFT:
		ps->col--;
		break;
	case ACT_RIGHT:
		ps->col++;
		break;
	case ACT_OPEN:
	case ACT_EDIT:
		if (riskreg_method(app->ws->store, &m, &err)) {
			app_error(app, &err);
			return UI_HANDLED;
		}
		clamp(&m, ps);
		if (cell_risks(app, &m, ps, &risks, &count, &err)) {
			app_error(app, &err);
			risk_method_release(&m);
			return UI_HANDLED;
		}
		n = (int)count;
		if (ps->item < n) {
			app->pane_form.reg = screen_set_find_register(&app->ws->screens, "risk");
			app->pane_form.id = risks[ps->item].id;
		}
		riskreg_cell_risks_free(risks, count);
		risk_method_release(&m);
		if (n > ps->item && app->pane_form.reg) { /* read-only: the form only shows it */
			app->next_view = &form_view;
			app->next_arg = &app->pane_form;
			return UI_OPEN;
		}
		app_message(app, false, "No risk in this cell");
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
	ps->item = 0;
	return UI_HANDLED;
}

const struct pane_ops heatmap_pane = {
	"heat_map", "Heat map", heatmap_draw, heatmap_key, 0, NULL,
	" arrows move  J/K choose  Enter open  t residual  Tab pane  ? help  q back",
};
