/*
 * The Coverage pane of step 2.5: per required competence, the share of the people needing it
 * who have it and who is missing it; per ISMS role, the share of its holders and deputies
 * with every competence it needs and who lacks which; overall, the people with every
 * competence they need and the attendees with an awareness session in the last 12 months.
 * The core computes it (src/core/training.c); the pane only lays it out, one line per row,
 * scrolled with j/k.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/rtp.h"
#include "ims2/training.h"
#include "ims2/util.h"
#include "uiint.h"

/*
 * Line i of the role part: its heading (i = 0), then one line per role. The count of people
 * takes 8 columns, so that who lacks what has the rest of the roles column too.
 */
static void draw_role_line(int row, const struct training_coverage *cov, size_t i, int cw, int rw,
			   int mw)
{
	const struct training_role *r;
	char line[64];
	int attr, x = 2 + cw + 8, missing = rw - 8 + mw;

	if (i == 0) {
		draw_text(row, 2, cw, "Role", term_attr(ROLE_HEADING));
		draw_text(row, 2 + cw, 8, "People", term_attr(ROLE_HEADING));
		draw_text(row, x, 14, "Have all", term_attr(ROLE_HEADING));
		draw_text(row, x + 14, missing, "Missing", term_attr(ROLE_HEADING));
		return;
	}
	r = &cov->by_role[i - 1];
	attr = r->ready < r->people || !r->people ? term_attr(ROLE_ERROR) : (int)A_NORMAL;
	draw_text(row, 2, cw - 1, r->role, attr);
	snprintf(line, sizeof(line), "%d", r->people);
	draw_text(row, 2 + cw, 7, r->people ? line : "nobody", attr);
	snprintf(line, sizeof(line), "%d/%d %3d %%", r->ready, r->people,
		 training_percent(r->ready, r->people));
	draw_text(row, x, 14, r->people ? line : "-", attr);
	draw_text(row, x + 14, missing, *r->missing ? r->missing : "-", attr);
}

static void coverage_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct training_coverage cov;
	struct ims2_error err;
	char today[11], line[512];
	/* Competence and roles share what the figures (14) and the missing names leave. */
	int cw = (COLS - 4 - 14) / 2, rw = (COLS - 4 - 14) / 4, mw = COLS - 4 - cw - rw - 14;
	int row = y, last = y + height - 4;
	size_t i, lines;

	rtp_today(today);
	if (training_coverage_read(app->ws, today, &cov, &err)) {
		app_error(app, &err);
		training_coverage_release(&cov);
		return;
	}
	/* The competences, then a blank line and the roles with their heading. */
	lines = cov.count + (cov.role_count ? cov.role_count + 2 : 0);
	if (ps->top > (int)lines - 1)
		ps->top = lines ? (int)lines - 1 : 0;
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
	for (i = (size_t)ps->top; i < lines && row < last; i++, row++) {
		const struct training_row *r;
		int attr;

		if (i == cov.count)
			continue; /* the blank line before the roles */
		if (i > cov.count) {
			draw_role_line(row, &cov, i - cov.count - 1, cw, rw, mw);
			continue;
		}
		r = &cov.rows[i];
		attr = r->covered < r->required ? term_attr(ROLE_ERROR) : (int)A_NORMAL;
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
