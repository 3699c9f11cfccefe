/*
 * The Readiness pane (step 4.2, `views: [readiness]`): each prerequisite of certification with
 * PASS or FAIL in words, and under it the evidence found or what is missing; the same answer
 * as `ims2 check` and `export --report readiness` (src/core/readiness.c).
 */
#include <curses.h>
#include <stdio.h>

#include "ims2/readiness.h"
#include "uiint.h"

static void readiness_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct readiness r;
	struct ims2_error err;
	char line[256];
	int row = 0, lines;
	size_t i;

	if (readiness_assess(app->ws, &r, &err)) {
		readiness_release(&r);
		app_error(app, &err);
		return;
	}
	lines = (int)r.count * 2;
	if (ps->top > lines - (height - 2))
		ps->top = lines - (height - 2);
	if (ps->top < 0)
		ps->top = 0;
	if (r.failed)
		snprintf(line, sizeof(line), "As of %s: NOT READY, %zu of %zu prerequisites not met",
			 r.today, r.failed, r.count);
	else
		snprintf(line, sizeof(line), "As of %s: READY, all %zu prerequisites met", r.today,
			 r.count);
	draw_text(y, 2, COLS - 4, line, term_attr(r.failed ? ROLE_ERROR : ROLE_DONE) | A_BOLD);
	for (i = (size_t)ps->top / 2; i < r.count && row < height - 2; i++) {
		const struct readiness_item *it = &r.items[i];
		if (row > 0 || ps->top % 2 == 0) {
			snprintf(line, sizeof(line), "%s %s", it->pass ? "pass" : "FAIL", it->title);
			draw_text(y + 1 + row++, 2, COLS - 4, line,
				  it->pass ? (int)A_NORMAL : term_attr(ROLE_ERROR));
		}
		if (row < height - 2)
			draw_text(y + 1 + row++, 7, COLS - 9, it->detail, term_attr(ROLE_DIM));
	}
	draw_text(y + height - 1, 2, COLS - 4,
		  "Settings: Certification readiness. Same as: ims2 check, --report readiness.",
		  A_NORMAL);
	readiness_release(&r);
}

const struct pane_ops readiness_pane = {
	.name = "readiness",
	.title = "Readiness",
	.draw = readiness_draw,
	.key = pane_scroll_key,
	.hint = " j/k scroll  Tab pane  :export FILE  ? help  q back",
};
