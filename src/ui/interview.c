/*
 * The fast entry views: one record at a time, one key an answer, then on to the next. The gap
 * interview of step 1.3 (interview_gap.c) and the audit checklist of step 3.2
 * (checklist_fill.c) are sources of the same runner: the source gives the records, draws the
 * one shown and takes its answer keys; moving, notes and evidence, and saving are the
 * runner's. Every answer is saved at once.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "uiint.h"

static int field(const struct reg *reg, const char *name)
{
	int i = reg_field_index(reg, name);

	if (i < 0)
		die("the register %s lacks the field %s", reg->table, name);
	return i;
}

int interview_field(const struct interview_state *in, const char *name)
{
	return field(in->reg, name);
}

void interview_load(struct app *app, struct interview_state *in)
{
	struct ims2_error err;

	record_release(&in->rec);
	if (record_get(app->ws->store, in->reg, in->ids[in->at], &in->rec, &err))
		app_error(app, &err);
}

bool interview_start_at(struct interview_state *in, long long id)
{
	size_t i;

	for (i = 0; i < in->count; i++)
		if (in->ids[i] == id) {
			in->at = i;
			return true;
		}
	return false;
}

void *interview_enter_with(struct app *app, void *arg, const struct interview_source *src)
{
	const struct reg *reg = screen_set_find_register(&app->ws->screens, src->table);
	struct interview_state *in;

	if (!reg)
		return NULL;
	in = xcalloc(1, sizeof(*in));
	in->src = src;
	in->reg = reg;
	in->f_notes = field(reg, "notes");
	in->f_evidence = field(reg, "evidence");
	if (!src->open(app, in, arg)) {
		free(in->ids);
		free(in);
		return NULL;
	}
	interview_load(app, in);
	return in;
}

static void interview_leave(struct app *app, void *state)
{
	struct interview_state *in = state;

	if (in->src->close)
		in->src->close(app, in);
	record_release(&in->rec);
	free(in->ids);
	free(in);
}

static void interview_hangup(struct app *app, void *state)
{
	struct interview_state *in = state;

	if (in->src->hangup)
		in->src->hangup(app, in);
}

bool interview_save_fields(struct app *app, struct interview_state *in, ...)
{
	struct ims2_error err;
	va_list ap;
	int f;

	va_start(ap, in);
	while ((f = va_arg(ap, int)) >= 0) {
		const char *v = va_arg(ap, const char *);
		char *copy = v && *v ? xstrdup(v) : NULL; /* v may be the value it replaces */
		free(in->rec.values[f]);
		in->rec.values[f] = copy;
	}
	va_end(ap);
	if (record_update(app->ws->store, in->reg, in->rec.id, in->rec.rev,
			  (const char *const *)in->rec.values, &err)) {
		app_error(app, &err);
		interview_load(app, in);
		return false;
	}
	app->generation++;
	interview_load(app, in);
	return true;
}

static void interview_draw(struct app *app, void *state)
{
	struct interview_state *in = state;

	if (in->rec.values)
		in->src->draw(app, in);
}

/* Up to max lines of text wrapped from row y; the next row. */
static int wrapped(int y, int max, const char *text, int attr)
{
	size_t starts[16], lens[16];
	int n = wrap_text(text ? text : "", COLS - 4, starts, lens, 16), l;

	for (l = 0; l < n && l < max; l++) {
		char *part = xstrndup(text + starts[l], lens[l]);
		draw_text(y++, 2, COLS - 4, part, attr);
		free(part);
	}
	return y;
}

int interview_draw_requirement(struct app *app, int y, const char *item, bool control)
{
	const struct catalog *cat = &app->ws->catalog;
	const char *prompt = NULL, *summary = NULL;

	if (control) {
		const struct control *c = catalog_find_control(cat, item + 2);
		prompt = c ? c->prompt : NULL;
		summary = c ? c->description : NULL;
	} else {
		const struct clause *c = catalog_find_clause(cat, item);
		prompt = c ? c->prompt : NULL;
		summary = c ? c->summary : NULL;
	}
	/* Whole at 80 columns: the longest prompt takes 4 lines, the longest summary 4 (5.2). */
	y = wrapped(y, 4, prompt, A_NORMAL);
	return wrapped(y, 5, summary, term_attr(ROLE_DIM));
}

void interview_move_to(struct app *app, struct interview_state *in, size_t at)
{
	if (at >= in->count)
		return;
	in->at = at;
	interview_load(app, in);
}

void interview_move_next(struct app *app, struct interview_state *in)
{
	if (in->at + 1 < in->count)
		interview_move_to(app, in, in->at + 1);
	else
		app_message(app, false, "That was the last item (%zu of %zu); %s", in->count,
			    in->count, in->src->at_end);
}

static void edit_text(struct app *app, struct interview_state *in, int f, const char *label)
{
	char *text = app_prompt(app, label, in->rec.values[f]);

	if (text) {
		interview_save_fields(app, in, f, text, -1);
		free(text);
	}
}

static enum ui_result interview_key(struct app *app, void *state, enum action action, int key)
{
	struct interview_state *in = state;
	enum ui_result r = in->src->key(app, in, key);

	if (r != UI_UNHANDLED)
		return r;
	switch (key) {
	case 'n':
		edit_text(app, in, in->f_notes, "Notes: ");
		return UI_HANDLED;
	case 'v':
		edit_text(app, in, in->f_evidence, "Evidence: ");
		return UI_HANDLED;
	}
	switch (action) {
	case ACT_DOWN:
	case ACT_RIGHT:
	case ACT_OPEN:
		interview_move_next(app, in);
		return UI_HANDLED;
	case ACT_UP:
	case ACT_LEFT:
		if (in->at > 0)
			interview_move_to(app, in, in->at - 1);
		else
			app_message(app, false, "This is the first item");
		return UI_HANDLED;
	case ACT_FIRST:
		interview_move_to(app, in, 0);
		return UI_HANDLED;
	case ACT_LAST:
		interview_move_to(app, in, in->count - 1);
		return UI_HANDLED;
	case ACT_PAGE_DOWN:
		if (in->at + 1 < in->count)
			interview_move_to(app, in,
					  in->at + 10 < in->count ? in->at + 10 : in->count - 1);
		else
			interview_move_next(app, in);
		return UI_HANDLED;
	case ACT_PAGE_UP:
		if (in->at > 0)
			interview_move_to(app, in, in->at > 10 ? in->at - 10 : 0);
		else
			app_message(app, false, "This is the first item");
		return UI_HANDLED;
	case ACT_BACK:
	case ACT_COMMAND:
	case ACT_HELP:
	case ACT_REDRAW:
		return UI_UNHANDLED;
	default: {
		char name[16];
		app_message(app, true, "%s does nothing in %s; ? lists its keys",
			    keys_name(key, name), in->src->what);
		return UI_HANDLED;
	}
	}
}

static const char *interview_hint(struct app *app, void *state)
{
	const struct interview_state *in = state;

	(void)app;
	return in->src->hint;
}

/* The view of a source: its own enter and help, the runner's everything else. */
#define INTERVIEW_VIEW(view_name, enter_fn, help_lines)                                        \
	{                                                                                      \
		.name = view_name, .context = CTX_LIST, .enter = enter_fn,                     \
		.leave = interview_leave, .draw = interview_draw, .key = interview_key,       \
		.hint = interview_hint, .hangup = interview_hangup, .help = help_lines,        \
	}

static void *gap_enter(struct app *app, void *arg)
{
	return interview_enter_with(app, arg, &gap_interview_source);
}

static void *checklist_enter(struct app *app, void *arg)
{
	return interview_enter_with(app, arg, &checklist_fill_source);
}

const struct view_ops interview_view = INTERVIEW_VIEW("interview", gap_enter,
						      gap_interview_help);
const struct view_ops checklist_fill_view = INTERVIEW_VIEW("checklist", checklist_enter,
							   checklist_fill_help);
