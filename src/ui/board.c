/*
 * The home screen: the PDCA board with the 21 steps, their status and completion. Plan and
 * Check stand in the left column, Do and Act in the right; j/k follow the method's order,
 * h/l cross to the other column.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/readiness.h"
#include "ims2/util.h"
#include "uiint.h"

struct board_state {
	size_t cursor;
	unsigned generation;
	struct step_progress *progress; /* one per step, read again after changes */
	struct readiness readiness;      /* as ims2 check says, read again after changes */
	int readiness_status;            /* IMS2_OK, or why it could not be judged */
	bool loaded;
};

static void *board_enter(struct app *app, void *arg)
{
	struct board_state *b = xcalloc(1, sizeof(*b));

	(void)arg;
	b->progress = xcalloc(app->ws->catalog.step_count, sizeof(*b->progress));
	return b;
}

static void release_progress(struct app *app, struct board_state *b)
{
	size_t i;

	for (i = 0; i < app->ws->catalog.step_count; i++)
		step_progress_release(&b->progress[i]);
	readiness_release(&b->readiness);
}

static void board_leave(struct app *app, void *state)
{
	struct board_state *b = state;

	release_progress(app, b);
	free(b->progress);
	free(b);
}

static void load_progress(struct app *app, struct board_state *b)
{
	struct ims2_error err;
	size_t i;

	if (b->loaded && b->generation == app->generation)
		return;
	release_progress(app, b);
	for (i = 0; i < app->ws->catalog.step_count; i++)
		workspace_step_progress(app->ws, i, &b->progress[i]);
	b->readiness_status = readiness_assess(app->ws, &b->readiness, &err);
	b->loaded = true;
	b->generation = app->generation;
}

static const char *status_mark(const char *status)
{
	if (strcmp(status, "done") == 0)
		return "[x]";
	if (strcmp(status, "in progress") == 0)
		return "[~]";
	if (strcmp(status, "skipped") == 0)
		return "[-]";
	return "[ ]";
}

/* Phases 0 and 2 (Plan, Check) on the left, 1 and 3 (Do, Act) on the right. */
static int phase_column(size_t phase)
{
	return (int)(phase % 2);
}

/* The screen row of each step and phase heading, computed from the catalog. */
static int step_row(struct app *app, size_t step)
{
	const struct catalog *cat = &app->ws->catalog;
	size_t p, row = 0;
	int col = phase_column(cat->steps[step].phase);

	for (p = 0; p < cat->phase_count; p++) {
		if (phase_column(p) != col)
			continue;
		if (p == cat->steps[step].phase)
			return (int)(row + 1 + (step - cat->phases[p].first_step));
		row += cat->phases[p].step_count + 2;
	}
	return 0;
}

/*
 * Certification readiness under the right column, in the rows its steps leave free: the same
 * answer as ims2 check and the Readiness pane of step 4.2, with the prerequisites not met.
 */
static void draw_readiness(struct app *app, const struct board_state *b, int y0, int colw)
{
	const struct catalog *cat = &app->ws->catalog;
	const struct readiness *r = &b->readiness;
	int y = 0, x = colw + 3;
	char line[256];
	size_t s, i, left;

	for (s = 0; s < cat->step_count; s++)
		if (phase_column(cat->steps[s].phase) && y0 + step_row(app, s) > y)
			y = y0 + step_row(app, s);
	y += 2;
	if (y >= LINES - 4)
		return;
	if (b->readiness_status) {
		draw_text(y, x, colw, "Readiness: cannot be judged", term_attr(ROLE_ERROR));
		return;
	}
	snprintf(line, sizeof(line), "Readiness  %s, %zu of %zu met",
		 r->failed ? "NOT READY" : "READY", r->count - r->failed, r->count);
	draw_text(y++, x, colw, line, term_attr(ROLE_HEADING) | A_BOLD);
	left = r->failed;
	for (i = 0; i < r->count && y < LINES - 4; i++) {
		if (r->items[i].pass)
			continue;
		/* The last free row names how many more fail rather than drop them unsaid. */
		if (y == LINES - 5 && left > 1)
			snprintf(line, sizeof(line), "FAIL %zu more (4.2 Readiness)", left);
		else
			snprintf(line, sizeof(line), "FAIL %s", r->items[i].label);
		draw_text(y++, x, colw, line, term_attr(ROLE_ERROR));
		left--;
	}
}

static void board_draw(struct app *app, void *state)
{
	struct board_state *b = state;
	const struct catalog *cat = &app->ws->catalog;
	int colw = (COLS - 3) / 2, y0 = 2, done = 0, total = 0;
	size_t p, s;
	char line[256];

	load_progress(app, b);
	for (p = 0; p < cat->phase_count; p++) {
		const struct phase *ph = &cat->phases[p];
		int x = phase_column(p) ? colw + 3 : 1, percent = 0;
		int y = y0 + step_row(app, ph->first_step) - 1;

		for (s = ph->first_step; s < ph->first_step + ph->step_count; s++)
			percent += b->progress[s].percent;
		percent /= (int)ph->step_count;
		snprintf(line, sizeof(line), "%s  %d %%", ph->name, percent);
		draw_text(y, x, colw, line, term_attr(ROLE_HEADING) | A_BOLD);
		for (s = ph->first_step; s < ph->first_step + ph->step_count; s++) {
			const struct step_progress *pr = &b->progress[s];
			char pct[16];
			int attr = s == b->cursor ? A_REVERSE : A_NORMAL;
			int w = colw - 6;

			snprintf(line, sizeof(line), "%s %s %s", status_mark(pr->status),
				 cat->steps[s].id, cat->steps[s].name);
			snprintf(pct, sizeof(pct), " %4d%%", pr->percent);
			y = y0 + step_row(app, s);
			draw_text(y, x, w, line, attr);
			draw_text(y, x + w, 6, pct,
				  attr | term_attr(strcmp(pr->status, "done") == 0 ? ROLE_DONE
										 : ROLE_NORMAL));
			total++;
			done += strcmp(pr->status, "done") == 0;
		}
	}
	draw_readiness(app, b, y0, colw);
	snprintf(line, sizeof(line), "%d of %d steps done.   [ ] not started  [~] in progress  "
				     "[x] done  [-] skipped",
		 done, total);
	draw_text(LINES - 3, 1, COLS - 2, line, term_attr(ROLE_DIM));
	snprintf(line, sizeof(line), "Selected: %s %s, %s, %d %% (%d/%d activities, %d/%d "
				     "registers)",
		 cat->steps[b->cursor].id, cat->steps[b->cursor].name,
		 b->progress[b->cursor].status, b->progress[b->cursor].percent,
		 b->progress[b->cursor].activities_done, b->progress[b->cursor].activity_count,
		 b->progress[b->cursor].registers_filled, b->progress[b->cursor].register_count);
	draw_text(LINES - 2, 1, COLS - 2, line, A_NORMAL);
}

/* The step in the other column nearest to the cursor's row. */
static size_t other_column(struct app *app, size_t from)
{
	const struct catalog *cat = &app->ws->catalog;
	int col = phase_column(cat->steps[from].phase), row = step_row(app, from), best_d = 1000;
	size_t s, best = from;

	for (s = 0; s < cat->step_count; s++) {
		int d = abs(step_row(app, s) - row);
		if (phase_column(cat->steps[s].phase) != col && d < best_d) {
			best_d = d;
			best = s;
		}
	}
	return best;
}

static enum ui_result board_key(struct app *app, void *state, enum action action, int key)
{
	struct board_state *b = state;
	size_t count = app->ws->catalog.step_count;

	(void)key;
	switch (action) {
	case ACT_UP:
		if (b->cursor > 0)
			b->cursor--;
		return UI_HANDLED;
	case ACT_DOWN:
		if (b->cursor + 1 < count)
			b->cursor++;
		return UI_HANDLED;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		b->cursor = 0;
		return UI_HANDLED;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		b->cursor = count - 1;
		return UI_HANDLED;
	case ACT_LEFT:
	case ACT_RIGHT:
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		b->cursor = other_column(app, b->cursor);
		return UI_HANDLED;
	case ACT_OPEN:
		app->next_view = &step_view;
		app->next_arg = (void *)app->ws->catalog.steps[b->cursor].id;
		return UI_OPEN;
	case ACT_BACK:
		return UI_QUIT;
	default:
		return UI_UNHANDLED;
	}
}

static const char *board_hint(struct app *app, void *state)
{
	(void)app;
	(void)state;
	return " Enter open  j/k move  h/l column  :1.5 step  :export FILE  ? help  q quit";
}

const struct view_ops board_view = {
	.name = "board",
	.context = CTX_LIST,
	.enter = board_enter,
	.leave = board_leave,
	.draw = board_draw,
	.key = board_key,
	.hint = board_hint,
};
