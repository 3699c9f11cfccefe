/*
 * A record chooser for fast entry (the gap interview's interviewer and interviewee): type a
 * few letters, the records whose shown columns contain them are listed above the status line,
 * Enter takes the one marked (">", and in reverse video). When no record is called exactly what was
 * typed, the list ends with a line to add it, so that a name that is not in the register yet is one
 * Enter away. The caller adds it (and says what it is for): the chooser only returns the text.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ims2/util.h"
#include "uiint.h"

#define PICK_ROWS 8

struct pick {
	struct record rows[PICK_ROWS];
	int got;
	long long matches; /* rows matching the text, beyond those shown too */
	bool can_add;	   /* the text is not empty and no row is called exactly that */
	int marked;	   /* a row, got for the line that adds, -1 for none */
};

static void pick_release(struct pick *p)
{
	int i;

	for (i = 0; i < p->got; i++)
		record_release(&p->rows[i]);
	p->got = 0;
}

/* Reads the rows matching text (sorted by the first field); marks an exact match first. */
static void pick_read(struct app *app, const struct reg *reg, const char *text, struct pick *p)
{
	struct record_view view = {&app->ws->screens, reg, 0, false, text};
	struct ims2_error err;
	int i, exact = -1;

	pick_release(p);
	if (record_window(app->ws->store, &view, 0, PICK_ROWS, p->rows, &p->got, &err) ||
	    record_view_count(app->ws->store, &view, &p->matches, &err)) {
		app_error(app, &err);
		p->got = 0;
		p->matches = 0;
	}
	for (i = 0; i < p->got && exact < 0; i++)
		if (p->rows[i].values[0] && strcasecmp(p->rows[i].values[0], text) == 0)
			exact = i;
	p->can_add = *text && exact < 0;
	p->marked = exact >= 0 ? exact : p->got ? 0 : p->can_add ? p->got : -1;
	if (!*text)
		p->marked = -1; /* nothing typed: Enter keeps what the caller offers */
}

/* What the chooser draws over the screen. */
struct pick_screen {
	const struct reg *reg;
	const char *title, *text;
	const struct pick *p;
};

static void pick_draw(void *ctx)
{
	const struct pick_screen *screen = ctx;
	const struct reg *reg = screen->reg;
	const char *title = screen->title, *text = screen->text;
	const struct pick *p = screen->p;
	int lines = p->got + (p->can_add ? 1 : 0) + (p->matches > p->got ? 1 : 0);
	int y, i, w = COLS - 2;
	char line[512];

	if (!term_big_enough())
		return; /* the screen says how big it must be; the list comes back with the size */
	if (lines == 0)
		lines = 1;
	/* Whole lines from the title to the status line: nothing shows through. */
	for (y = LINES - 3 - lines; y < LINES - 1; y++)
		draw_text(y, 0, COLS, "", A_NORMAL);
	y = LINES - 3 - lines;
	draw_text(y++, 1, w, title, term_attr(ROLE_TITLE) | A_BOLD);
	for (i = 0; i < p->got; i++) {
		const struct record *r = &p->rows[i];
		snprintf(line, sizeof(line), "%s%s%s%s", i == p->marked ? "> " : "  ",
			 r->values[0] ? r->values[0] : "",
			 reg->field_count > 1 && r->values[1] ? "  " : "",
			 reg->field_count > 1 && r->values[1] ? r->values[1] : "");
		draw_text(y++, 1, w, line, i == p->marked ? A_REVERSE : A_NORMAL);
	}
	if (p->matches > p->got) {
		snprintf(line, sizeof(line), "  ... and %lld more: type more letters",
			 p->matches - p->got);
		draw_text(y++, 1, w, line, term_attr(ROLE_DIM));
	}
	if (p->can_add) {
		snprintf(line, sizeof(line), "%s+ add '%s' to %s",
			 p->marked == p->got ? "> " : "  ", text, reg->title);
		draw_text(y++, 1, w, line, p->marked == p->got ? A_REVERSE : A_NORMAL);
	}
	if (!p->got && !p->can_add)
		draw_text(y, 1, w, "  (none yet: type a name)", term_attr(ROLE_DIM));
}

long long app_pick_typed(struct app *app, const struct reg *reg, const char *label,
			 const char *title, char **typed)
{
	struct editor ed = {0};
	struct pick p = {.marked = -1};
	int lw = text_width(label), key;
	long long id = -1;
	char *text = xstrdup("");

	*typed = NULL;
	editor_set(&ed, "", false);
	pick_read(app, reg, text, &p);
	for (;;) {
		struct pick_screen screen = {reg, title, text, &p};
		key = app_prompt_key(app, label, &ed, pick_draw, &screen);
		if (key == -1)
			break;
		if (key == '\n') {
			if (p.marked >= 0 && p.marked < p.got) {
				id = p.rows[p.marked].id;
			} else {
				id = 0; /* a name to add, or nothing typed */
				*typed = xstrdup(text);
			}
			break;
		}
		if (key == UI_FN(KEY_RESIZE) || key == UI_TICK)
			continue;
		if (key == UI_FN(KEY_DOWN) || key == UI_CTRL('n')) {
			if (p.marked + 1 < p.got + (p.can_add ? 1 : 0))
				p.marked++;
			continue;
		}
		if (key == UI_FN(KEY_UP) || key == UI_CTRL('p')) {
			if (p.marked > 0)
				p.marked--;
			continue;
		}
		if (editor_key(&ed, key, COLS - lw)) {
			char *now = editor_text(&ed);
			if (strcmp(now, text) != 0) {
				free(text);
				text = now;
				pick_read(app, reg, text, &p);
			} else {
				free(now);
			}
		}
	}
	pick_release(&p);
	editor_release(&ed);
	free(text);
	curs_set(0);
	return id;
}
