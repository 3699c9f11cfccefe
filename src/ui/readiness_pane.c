/*
 * The Readiness pane (step 4.2, `views: [readiness]`): each prerequisite of certification with
 * PASS or FAIL in words, and under it the evidence found or what is missing; the same answer
 * as `ims2 check` and `export --report readiness` (src/core/readiness.c).
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ims2/readiness.h"
#include "uiint.h"

#define DETAIL_LINES 6 /* a detail longer than this is cut (the report has it whole) */

/* Draws len bytes of text from start at (y, x): one wrapped line of a detail. */
static void draw_line(int y, const char *text, size_t start, size_t len, int x, int attr)
{
	char buf[512];

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, text + start, len);
	buf[len] = '\0';
	draw_text(y, x, COLS - x - 2, buf, attr);
}

static void readiness_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct readiness r;
	struct ims2_error err;
	char line[256];
	int row = 0, n = 0, body = height - 2;
	size_t i;

	if (readiness_assess(app->ws, &r, &err)) {
		readiness_release(&r);
		app_error(app, &err);
		return;
	}
	if (r.failed)
		snprintf(line, sizeof(line), "As of %s: NOT READY, %zu of %zu prerequisites not met",
			 r.today, r.failed, r.count);
	else
		snprintf(line, sizeof(line), "As of %s: READY, all %zu prerequisites met", r.today,
			 r.count);
	draw_text(y, 2, COLS - 4, line, term_attr(r.failed ? ROLE_ERROR : ROLE_DONE) | A_BOLD);
	if (ps->top < 0)
		ps->top = 0;
	for (i = 0; i < r.count; i++) {
		const struct readiness_item *it = &r.items[i];
		size_t starts[DETAIL_LINES], lens[DETAIL_LINES];
		int k, lines = wrap_text(it->detail, COLS - 9, starts, lens, DETAIL_LINES);
		snprintf(line, sizeof(line), "%s %s", it->pass ? "pass" : "FAIL", it->title);
		if (n >= ps->top && row < body)
			draw_text(y + 1 + row++, 2, COLS - 4, line,
				  it->pass ? (int)A_NORMAL : term_attr(ROLE_ERROR));
		n++;
		for (k = 0; k < lines && k < DETAIL_LINES; k++, n++) {
			/* The last line of a cut detail runs on, so that its end shows as cut. */
			size_t len = k == DETAIL_LINES - 1 && lines > DETAIL_LINES
					     ? strlen(it->detail) - starts[k]
					     : lens[k];
			if (n >= ps->top && row < body)
				draw_line(y + 1 + row++, it->detail, starts[k], len, 7,
					  term_attr(ROLE_DIM));
		}
	}
	if (ps->top > 0 && ps->top > n - body)
		ps->top = n - body > 0 ? n - body : 0; /* scrolled past the end: next draw fits */
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
