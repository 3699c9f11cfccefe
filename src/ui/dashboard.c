/*
 * The Dashboard pane of step 3.1 (views: [dashboard]): the indicators by level, strategic
 * first, each with its last value, target, status in words (readable without colour) and a
 * trend line of its last measurements in block characters, ASCII where the terminal has no
 * Unicode. The figures come from the core (indicator_dashboard() in report_dashboard.c).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/indicator.h"
#include "ims2/util.h"
#include "uiint.h"

static void figure(char *buf, size_t size, bool has, double v, const char *unit)
{
	snprintf(buf, size, has ? "%g%s%s" : "-", v, *unit ? " " : "", unit);
}

void dashboard_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct indicator_row *rows;
	struct ims2_error err;
	size_t count, i;
	int line = 0, lines, name_width = COLS - 4 - 46;
	bool ascii = strcmp(glyphs.hline, "-") == 0;
	char text[256];

	if (indicator_dashboard(app->ws, &rows, &count, &err)) {
		app_error(app, &err);
		return;
	}
	lines = (int)count + 3; /* a heading per level at most */
	if (ps->top > lines - (height - 1))
		ps->top = lines - (height - 1);
	if (ps->top < 0)
		ps->top = 0;
	snprintf(text, sizeof(text), "%-10s %-10s %-13s %s", "Last", "Target", "Status", "Trend");
	draw_text(y, 2, name_width, "Indicator", term_attr(ROLE_HEADING));
	draw_text(y, 2 + name_width + 1, COLS - 5 - name_width, text, term_attr(ROLE_HEADING));
	if (!count)
		draw_text(y + 2, 2, COLS - 4,
			  "No indicator yet: define them in the Indicators pane.",
			  term_attr(ROLE_DIM));
	for (i = 0; i < count; i++) {
		const struct indicator_row *r = &rows[i];
		struct strbuf trend = { 0 };
		char last[32], target[32];
		int at;
		if (!i || strcmp(r->level, rows[i - 1].level) != 0) {
			at = line++ - ps->top;
			if (at >= 0 && at < height - 1) {
				snprintf(text, sizeof(text), "%c%s", r->level[0] - 32,
					 r->level + 1);
				draw_text(y + 1 + at, 2, COLS - 4, text, A_BOLD);
			}
		}
		at = line++ - ps->top;
		if (at < 0 || at >= height - 1)
			continue;
		figure(last, sizeof(last), r->count > 0, r->count ? r->values[r->count - 1] : 0,
		       r->unit);
		figure(target, sizeof(target), r->has_target, r->target, r->unit);
		indicator_trend(r, ascii, &trend);
		draw_text(y + 1 + at, 4, name_width - 2, r->name, A_NORMAL);
		snprintf(text, sizeof(text), "%-10s %-10s ", last, target);
		draw_text(y + 1 + at, 2 + name_width + 1, 22, text, A_NORMAL);
		draw_text(y + 1 + at, 2 + name_width + 23, 13, indicator_status(r),
			  strcmp(indicator_status(r), "ALERT") == 0 ? term_attr(ROLE_ERROR) | A_BOLD
								    : A_NORMAL);
		draw_text(y + 1 + at, 2 + name_width + 37, COLS - 2 - (2 + name_width + 37),
			  trend.buf ? trend.buf : "", term_attr(ROLE_PROGRESS));
		strbuf_release(&trend);
	}
	free(rows);
}
