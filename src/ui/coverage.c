/*
 * The Coverage pane of step 2.5: per required competence, the share of the people needing it
 * who have it and who is missing it; overall, the people with every competence they need and
 * the attendees with an awareness session in the last 12 months. The core computes it
 * (src/core/training.c); the pane only lays it out, one line per row, scrolled with j/k.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/rtp.h"
#include "ims2/training.h"
#include "ims2/util.h"
#include "uiint.h"

static void coverage_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct training_coverage cov;
	struct ims2_error err;
	char today[11], line[512];
	/* Competence and roles share what the figures (14) and the missing names leave. */
	int cw = (COLS - 4 - 14) / 2, rw = (COLS - 4 - 14) / 4, mw = COLS - 4 - cw - rw - 14;
	int row = y, last = y + height - 4;
	size_t i;

	rtp_today(today);
	if (training_coverage_read(app->ws, today, &cov, &err)) {
		app_error(app, &err);
		training_coverage_release(&cov);
		return;
	}
	if (ps->top > (int)cov.count - 1)
		ps->top = cov.count ? (int)cov.count - 1 : 0;
	if (ps->top < 0)
		ps->top = 0;
	draw_text(row, 2, cw, "Competence", term_attr(ROLE_HEADING));
	draw_text(row, 2 + cw, rw, "Roles", term_attr(ROLE_HEADING));
	draw_text(row, 2 + cw + rw, 14, "Have", term_attr(ROLE_HEADING));
	draw_text(row++, 2 + cw + rw + 14, mw, "Missing", term_attr(ROLE_HEADING));
	if (!cov.count)
		draw_text(row++, 2, COLS - 4,
			  "No competences required yet: add them in Competences required.",
			  term_attr(ROLE_DIM));
	for (i = (size_t)ps->top; i < cov.count && row < last; i++, row++) {
		const struct training_row *r = &cov.rows[i];
		int attr = r->covered < r->required ? term_attr(ROLE_ERROR) : (int)A_NORMAL;

		if (r->required)
			snprintf(line, sizeof(line), "%d/%d %3d %%", r->covered, r->required,
				 training_percent(r->covered, r->required));
		else
			snprintf(line, sizeof(line), "nobody named");
		draw_text(row, 2, cw - 1, r->competence, attr);
		draw_text(row, 2 + cw, rw - 1, r->roles, attr);
		draw_text(row, 2 + cw + rw, 14, line, attr);
		draw_text(row, 2 + cw + rw + 14, mw, *r->missing ? r->missing : "-", attr);
	}
	row = y + height - 3;
	snprintf(line, sizeof(line), "Every required competence: %d of %d people (%d %%).",
		 cov.complete, cov.people, training_percent(cov.complete, cov.people));
	draw_text(row++, 2, COLS - 4, line,
		  cov.complete < cov.people ? term_attr(ROLE_ERROR) : (int)A_NORMAL);
	snprintf(line, sizeof(line), "Awareness in the 12 months to %s: %d of %d attendees (%d %%).",
		 today, cov.aware, cov.attendees, training_percent(cov.aware, cov.attendees));
	draw_text(row++, 2, COLS - 4, line,
		  cov.aware < cov.attendees ? term_attr(ROLE_ERROR) : (int)A_NORMAL);
	snprintf(line, sizeof(line), "Missing awareness: %s", *cov.unaware ? cov.unaware : "nobody");
	draw_text(row, 2, COLS - 4, line, *cov.unaware ? term_attr(ROLE_ERROR) : (int)A_NORMAL);
	training_coverage_release(&cov);
}

const struct pane_ops coverage_pane = {
	.name = "training_coverage",
	.title = "Coverage",
	.draw = coverage_draw,
	.key = pane_scroll_key,
	.hint = " j/k scroll  Tab pane  :export FILE  ? help  q back",
};
