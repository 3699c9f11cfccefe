/*
 * The "Cited by" pane of the SoA (views: [citations]): every control that a record of any
 * register cites through a link field (src/core/links.c), with those records; Enter goes to
 * the control.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/links.h"
#include "ims2/soa.h"
#include "ims2/util.h"
#include "uiint.h"

struct citations {
	char **controls, **cited_by;
	size_t count;
};

static void collect(const char *control, const char *cited_by, void *ctx)
{
	struct citations *c = ctx;

	c->controls = xrealloc(c->controls, (c->count + 1) * sizeof(*c->controls));
	c->cited_by = xrealloc(c->cited_by, (c->count + 1) * sizeof(*c->cited_by));
	c->controls[c->count] = xstrdup(control);
	c->cited_by[c->count++] = xstrdup(cited_by);
}

static void citations_release(struct citations *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		free(c->controls[i]);
		free(c->cited_by[i]);
	}
	free(c->controls);
	free(c->cited_by);
}

/* Reads the citations (limit ids per register); false after showing the error. */
static bool load(struct app *app, struct citations *c)
{
	struct ims2_error err;

	memset(c, 0, sizeof(*c));
	if (links_each_control(app->ws->store, &app->ws->screens, 12, collect, c, &err)) {
		citations_release(c);
		app_error(app, &err);
		return false;
	}
	return true;
}

static void citations_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct citations c;
	char line[512];
	size_t i;

	if (!load(app, &c))
		return;
	if (ps->top > (int)c.count - 1)
		ps->top = (int)c.count - 1;
	if (ps->top < 0)
		ps->top = 0;
	snprintf(line, sizeof(line),
		 c.count ? "%zu controls are cited by records (Enter: go to the control)"
			 : "No record cites an Annex A control yet: risks and treatment actions do "
			   "in their controls field.",
		 c.count);
	draw_text(y, 2, COLS - 4, line, c.count ? term_attr(ROLE_HEADING) : term_attr(ROLE_DIM));
	for (i = (size_t)ps->top; i < c.count && (int)(i - (size_t)ps->top) < height - 2; i++) {
		snprintf(line, sizeof(line), "%-7s %s", c.controls[i], c.cited_by[i]);
		draw_text(y + 2 + (int)(i - (size_t)ps->top), 2, COLS - 4, line,
			  i == (size_t)ps->top ? A_REVERSE : A_NORMAL);
	}
	citations_release(&c);
}

static enum ui_result citations_key(struct app *app, struct pane_state *ps, enum action action,
				    int key)
{
	struct citations c;
	struct ims2_error err;
	long long id;

	(void)key;
	if (action == ACT_DOWN)
		ps->top++;
	else if (action == ACT_UP && ps->top > 0)
		ps->top--;
	else if (action == ACT_FIRST)
		ps->top = 0;
	else if (action != ACT_OPEN && action != ACT_EDIT)
		return UI_UNHANDLED;
	if (action != ACT_OPEN && action != ACT_EDIT)
		return UI_HANDLED;
	if (!load(app, &c))
		return UI_HANDLED;
	if (ps->top >= 0 && (size_t)ps->top < c.count) {
		if (soa_entry_id(app->ws, c.controls[ps->top], &id, &err)) {
			app_error(app, &err);
		} else {
			app->jump_table = "soa_entry";
			app->jump_id = id;
		}
	}
	citations_release(&c);
	return UI_HANDLED;
}

const struct pane_ops citations_pane = {
	.name = "citations",
	.title = "Cited by",
	.draw = citations_draw,
	.key = citations_key,
	.hint = " Enter go to control  j/k move  Tab pane  ? help  q back",
};
