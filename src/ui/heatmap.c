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

/* Risks of one cell: counts[l][i] for the whole grid. */
static void count_cells(struct app *app, const struct risk_method *m, bool residual,
			int counts[RISK_MAX_SCALE][RISK_MAX_SCALE])
{
	sqlite3_stmt *st;

	memset(counts, 0, sizeof(int) * RISK_MAX_SCALE * RISK_MAX_SCALE);
	if (sqlite3_prepare_v2(store_db(app->ws->store),
			       residual ? "SELECT " RISKREG_RESIDUAL_L ", " RISKREG_RESIDUAL_I ", count(*) "
					  "FROM risk WHERE " RISKREG_RESIDUAL_L " IS NOT NULL AND "
					  RISKREG_RESIDUAL_I " IS NOT NULL GROUP BY 1, 2"
					: "SELECT likelihood, impact, count(*) FROM risk WHERE "
					  "likelihood IS NOT NULL AND impact IS NOT NULL GROUP BY 1, 2",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int l = risk_scale_index(&m->likelihood, sqlite3_column_int(st, 0));
		int i = risk_scale_index(&m->impact, sqlite3_column_int(st, 1));
		if (l >= 0 && i >= 0)
			counts[l][i] = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
}

/* Prepares the list of risks in the cell under the cursor. */
static sqlite3_stmt *cell_risks(struct app *app, const struct risk_method *m,
				const struct pane_state *ps)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(app->ws->store),
			       ps->alternate
				       ? "SELECT id, title, coalesce(owner, ''), " RISKREG_RESIDUAL_LEVEL
					 " FROM risk WHERE " RISKREG_RESIDUAL_L " = ?1 AND "
					 RISKREG_RESIDUAL_I " = ?2 ORDER BY id"
				       : "SELECT id, title, coalesce(owner, ''), coalesce(inherent_level, "
					 "'') FROM risk WHERE likelihood = ?1 AND impact = ?2 ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int(st, 1, m->likelihood.values[ps->row]);
	sqlite3_bind_int(st, 2, m->impact.values[ps->col]);
	return st;
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
	sqlite3_stmt *st;

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
	count_cells(app, &m, ps->alternate, counts);
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
	st = cell_risks(app, &m, ps);
	while (st && sqlite3_step(st) == SQLITE_ROW && row < y + height) {
		int first = ps->item >= HEATMAP_LIST ? ps->item - HEATMAP_LIST + 1 : 0;
		if (n >= first && n < first + HEATMAP_LIST) {
			snprintf(line, sizeof(line), "  %-44.44s %-16.16s %s", sqlite3_column_text(st, 1),
				 sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
			draw_text(row++, 1, COLS - 2, line, n == ps->item ? A_REVERSE : A_NORMAL);
		}
		n++;
	}
	sqlite3_finalize(st);
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
	sqlite3_stmt *st;
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
		st = cell_risks(app, &m, ps);
		while (st && sqlite3_step(st) == SQLITE_ROW) {
			if (n++ == ps->item) {
				app->pane_form.reg = screen_set_find_register(&app->ws->screens, "risk");
				app->pane_form.id = sqlite3_column_int64(st, 0);
			}
		}
		sqlite3_finalize(st);
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
