/*
 * The loop: a stack of views, each a const view_ops from view_registry. Keys go to the top
 * view; what it returns (enum ui_result) is acted on here, then the screen is redrawn into
 * curses, which sends only what changed.
 *
 * To add a special view: write its view_ops in its own file, declare it in uiint.h, and list
 * it in view_registry below so that the help screen can name it.
 */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ims2/export.h"
#include "ims2/output.h"
#include "ims2/report.h"
#include "ims2/util.h"
#include "uiint.h"

const struct view_ops *const view_registry[] = { &board_view,	    &step_view,
						 &form_view,	    &help_view,
						 &interview_view, &checklist_fill_view,
						 NULL };

void app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof(app->message), fmt, ap);
	va_end(ap);
	app->message_is_error = error;
}

void app_error(struct app *app, const struct ims2_error *err)
{
	if (err->hint[0])
		app_message(app, true, "%s (%s)", err->message, err->hint);
	else
		app_message(app, true, "%s", err->message);
}

/*
 * Draws text on the status line; a longer text takes up to STATUS_LINES lines above it,
 * wrapped at words, rather than being cut.
 */
#define STATUS_LINES 4
static void draw_status(const char *text, int attr)
{
	size_t starts[STATUS_LINES], lens[STATUS_LINES];
	int n = wrap_text(text, COLS, starts, lens, STATUS_LINES), i;

	if (n > STATUS_LINES)
		n = STATUS_LINES;
	for (i = 0; i < n; i++) {
		/* The last line takes the rest, cut with an ellipsis if it must be. */
		char *part = i + 1 < n ? xstrndup(text + starts[i], lens[i]) : NULL;
		draw_text(LINES - n + i, 0, COLS, part ? part : text + starts[i], attr);
		free(part);
	}
	if (n == 0)
		draw_text(LINES - 1, 0, COLS, "", attr);
}

static void draw_frame(struct app *app)
{
	const struct view_frame *top = &app->stack[app->depth - 1];
	struct ims2_error damage;
	/* A read that failed: what the screens show may be wrong, and it stays said. */
	bool damaged = store_read_failed(app->ws->store, &damage) != IMS2_OK;
	char title[512];
	const char *hint;

	snprintf(title, sizeof(title), " ims2 %s %s %s %s%s", glyphs.vline, app->ws->organisation,
		 glyphs.vline, store_path(app->ws->store),
		 damaged				? "  [read failed]"
		 : store_readonly(app->ws->store) ? "  [read-only]"
						  : "");
	draw_text(0, 0, COLS, title, term_attr(ROLE_TITLE));
	if (!app->message[0] && damaged) {
		draw_text(LINES - 1, 0, COLS, damage.message,
			  term_attr(ROLE_ERROR) | (int)A_REVERSE);
		return;
	}
	if (app->message[0]) {
		draw_status(app->message, app->message_is_error
						  ? term_attr(ROLE_ERROR) | (int)A_REVERSE
						  : term_attr(ROLE_STATUS));
		return;
	}
	hint = top->ops->hint ? top->ops->hint(app, top->state) : "";
	draw_text(LINES - 1, 0, COLS, hint, term_attr(ROLE_STATUS));
}

void app_draw(struct app *app)
{
	const struct view_frame *top = &app->stack[app->depth - 1];

	curs_set(0);
	erase();
	if (!term_big_enough()) {
		char msg[160];
		snprintf(msg, sizeof(msg), "The terminal is %dx%d; ims2 needs at least 80x24.", COLS,
			 LINES);
		mvaddnstr(0, 0, msg, COLS);
		mvaddnstr(1, 0, "Enlarge the window; nothing is lost meanwhile. q quits.", COLS);
		refresh();
		return;
	}
	top->ops->draw(app, top->state);
	draw_frame(app);
	refresh();
}

/*
 * Reads one line on the status line with the line editor; NULL when cancelled. Up brings back
 * recall (the last text given), Down empties the line again.
 */
int app_prompt_key(struct app *app, const char *label, struct editor *ed,
		   void (*over)(void *ctx), void *ctx)
{
	int lw = text_width(label), key;

	app->message[0] = '\0';
	if (!term_key_pending()) {
		app_draw(app);
		if (over)
			over(ctx);
		draw_text(LINES - 1, 0, lw, label, term_attr(ROLE_STATUS));
		editor_draw(ed, LINES - 1, lw, 1, COLS - lw, true, A_NORMAL);
		refresh();
	}
	key = term_read_key();
	if (key == -1 || key == UI_ESC || key == UI_CTRL('c') || key == UI_CTRL('g'))
		return -1;
	if (key == '\r' || key == UI_FN(KEY_ENTER))
		return '\n';
	return key;
}

static char *prompt(struct app *app, const char *label, const char *initial, const char *recall)
{
	struct editor ed = { 0 };
	int lw = text_width(label), key;
	char *text = NULL;

	editor_set(&ed, initial, false);
	for (;;) {
		key = app_prompt_key(app, label, &ed, NULL, NULL);
		if (key == -1)
			break;
		if (key == '\n') {
			text = editor_text(&ed);
			break;
		}
		if (key == UI_FN(KEY_RESIZE))
			continue;
		if (recall && (key == UI_FN(KEY_UP) || key == UI_CTRL('p')))
			editor_set(&ed, recall, false);
		else if (recall && (key == UI_FN(KEY_DOWN) || key == UI_CTRL('n')))
			editor_set(&ed, "", false);
		else
			editor_key(&ed, key, COLS - lw);
	}
	editor_release(&ed);
	curs_set(0);
	return text;
}

char *app_prompt(struct app *app, const char *label, const char *initial)
{
	return prompt(app, label, initial, NULL);
}

char *app_prompt_recall(struct app *app, const char *label, const char *last)
{
	return prompt(app, label, "", last && *last ? last : NULL);
}

/* Draws the box of app_confirm_text() (none when title is NULL) over the current screen. */
static void draw_question_box(const char *title, const char *text)
{
	size_t starts[64], lens[64];
	int w = COLS - 6, n, i, y0;
	char line[1024];

	if (!title)
		return;
	n = wrap_text(text, w - 4, starts, lens, LINES - 6 < 64 ? LINES - 6 : 64);
	y0 = (LINES - n - 2) / 2;
	for (i = -1; i <= n; i++)
		draw_text(y0 + i, 3, w, "", A_REVERSE);
	draw_text(y0 - 1, 4, w - 2, title, A_REVERSE | A_BOLD);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%.*s", (int)lens[i], text + starts[i]);
		draw_text(y0 + i, 5, w - 4, line, A_REVERSE);
	}
}

/* The question on the status line (and the box, with a title) until y or n; true on y. */
static bool ask_yes_no(struct app *app, const char *title, const char *text, const char *question)
{
	int key;

	for (;;) {
		app->message[0] = '\0';
		app_draw(app);
		draw_question_box(title, text);
		draw_status(question, term_attr(ROLE_ERROR) | A_REVERSE);
		refresh();
		key = term_read_key();
		if (key == 'y' || key == 'Y')
			return true;
		if (key == -1 || key == 'n' || key == 'N' || key == UI_ESC || key == 'q')
			return false;
	}
}

bool app_confirm(struct app *app, const char *fmt, ...)
{
	char question[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(question, sizeof(question), fmt, ap);
	va_end(ap);
	return ask_yes_no(app, NULL, NULL, question);
}

/*
 * Asks a question that needs explaining: the text (wrapped) in a box over the screen with
 * title above it, the question on the status line. True on y.
 */
bool app_confirm_text(struct app *app, const char *title, const char *text, const char *question)
{
	return ask_yes_no(app, title, text, question);
}

/* A list to choose a record of reg from, drawn over the current screen right of column x. */
long long app_pick_record(struct app *app, const struct reg *reg, long long current, int x)
{
	struct table_widget t;
	long long id = 0;
	int key, h = LINES - 6, w = COLS - x - 1;

	table_init(&t, app, reg);
	if (current > 0) {
		long long pos = record_position(app->ws->store, &t.view, current);
		if (pos >= 0)
			t.cursor = pos;
	}
	for (;;) {
		const struct record *rec;
		char title[160];

		app->message[0] = '\0';
		app_draw(app);
		snprintf(title, sizeof(title), " Choose: %s (Enter choose, Esc cancel, / search) ",
			 reg->title);
		draw_text(2, x, w, title, term_attr(ROLE_TITLE));
		table_draw(app, &t, 4, x, h - 2, w);
		draw_text(3, x, w, "", A_NORMAL);
		refresh();
		key = term_read_key();
		if (key == -1 || key == UI_ESC || key == 'q')
			break;
		if (key == '\n' || key == '\r' || key == UI_FN(KEY_ENTER)) {
			rec = table_current(app, &t);
			if (rec)
				id = rec->id;
			break;
		}
		table_key(app, &t, keys_action(key, CTX_LIST));
	}
	table_release(&t);
	return id;
}

static bool push(struct app *app, const struct view_ops *ops, void *arg)
{
	void *state;

	if (app->depth >= APP_MAX_VIEWS)
		return false;
	state = ops->enter(app, arg);
	if (!state)
		return false;
	app->stack[app->depth].ops = ops;
	app->stack[app->depth].state = state;
	app->depth++;
	return true;
}

static bool pop(struct app *app, bool ask)
{
	struct view_frame *top = &app->stack[app->depth - 1];

	if (ask && top->ops->may_leave && !top->ops->may_leave(app, top->state))
		return false;
	top->ops->leave(app, top->state);
	app->depth--;
	return true;
}

bool app_pop_all(struct app *app, int keep)
{
	while (app->depth > keep)
		if (!pop(app, true))
			return false;
	return true;
}

/* Keys every view shares, when the view did not take the key itself. */
static enum ui_result common_key(struct app *app, enum action action)
{
	char *line;
	enum ui_result r;

	switch (action) {
	case ACT_COMMAND:
		line = app_prompt(app, ":", "");
		if (!line)
			return UI_HANDLED;
		r = app_command(app, line);
		free(line);
		return r;
	case ACT_HELP:
		if (app->stack[app->depth - 1].ops == &help_view)
			return UI_HANDLED;
		app->next_view = &help_view;
		app->next_arg = NULL;
		return UI_OPEN;
	case ACT_REDRAW:
		/* Redraw the whole terminal, and read everything again from the workspace. */
		clearok(curscr, TRUE);
		app->generation++;
		return UI_HANDLED;
	case ACT_BACK:
		return app->depth > 1 ? UI_BACK : UI_QUIT;
	default:
		return UI_HANDLED;
	}
}

/*
 * A draft kept when ims2 stopped (hang-up, SIGTERM, SIGINT) is offered when the workspace opens: yes opens its
 * step and the record's form, which asks whether to restore it.
 */
/* Cuts s to max characters (not bytes; max > 3), the last three "..." when it was longer. */
static void cut_label(char *s, size_t max)
{
	size_t chars = 0, i, keep = 0;

	for (i = 0; s[i]; i++) {
		if ((s[i] & 0xC0) == 0x80)
			continue;
		if (chars == max - 3)
			keep = i;
		if (chars++ == max) {
			memcpy(s + keep, "...", 4); /* ASCII: the status line may be a vt100's */
			return;
		}
	}
}

static void offer_draft(struct app *app)
{
	char *table, *label = NULL, saved[32], which[160];
	long long record;
	const struct reg *reg;

	if (!store_draft_latest(app->ws->store, &table, &record, saved))
		return;
	reg = screen_set_find_register(&app->ws->screens, table);
	if (reg && record)
		label = record_label(app->ws->store, &app->ws->screens, table, record);
	if (label)
		cut_label(label, 48);
	if (reg && record)
		snprintf(which, sizeof(which), "%s %lld '%s'", reg->title, record,
			 label ? label : "");
	else if (reg)
		snprintf(which, sizeof(which), "a new record of %s", reg->title);
	free(label);
	/* Kept by a hang-up, SIGTERM or SIGINT (form_hangup). */
	if (reg && app_confirm(app, "A draft of %s was kept when ims2 last stopped (%s). "
				    "Open it now? (y/n)",
			       which, saved)) {
		app->pane_form.reg = reg;
		app->pane_form.id = record;
		app->jump_table = reg->table;
		app->jump_id = record;
		if (!push(app, &step_view, (void *)reg->step) ||
		    !push(app, &form_view, &app->pane_form))
			app_message(app, true, "The draft could not be opened");
	} else if (reg) {
		app_message(app, false, "The draft is kept: it is offered again when you open that "
					"record");
	}
	free(table);
}

static void hangup(struct app *app)
{
	int i;

	for (i = app->depth - 1; i >= 0; i--)
		if (app->stack[i].ops->hangup)
			app->stack[i].ops->hangup(app, app->stack[i].state);
}

int ui_run(struct workspace *ws, const struct ui_options *opts)
{
	struct app app;
	size_t i, v;
	bool draw = true;
	int rc;

	memset(&app, 0, sizeof(app));
	app.ws = ws;
	app.opts = opts;
	for (i = 0; i < ws->screens.count; i++)
		for (v = 0; v < ws->screens.screens[i].view_count; v++)
			if (!pane_find(ws->screens.screens[i].views[v])) {
				/* Names from the workspace's own screen files: shown, not sent. */
				struct ims2_error err;
				struct strbuf sb = { 0 };
				char *known = pane_names();
				screen_refuse_view(&ws->screens.screens[i], v, known, &err);
				output_safe_text(&sb, err.message);
				fprintf(stderr, "ims2: %s\n", sb.buf);
				strbuf_release(&sb);
				free(known);
				return IMS2_USAGE;
			}
	rc = term_open(opts);
	if (rc)
		return rc;
	app.data_version = store_data_version(ws->store);
	push(&app, &board_view, NULL);
	if (store_readonly(ws->store))
		app_message(&app, true, "This workspace is open read-only: %s",
			    store_readonly_reason(ws->store));
	else
		offer_draft(&app);
	while (!app.quit) {
		struct view_frame *top = &app.stack[app.depth - 1];
		enum ui_result r;
		enum action action;
		int key;

		if (draw && !term_key_pending())
			app_draw(&app);
		draw = true;
		key = term_read_key();
		if (key == -1) {
			hangup(&app);
			break;
		}
		if (key == UI_TICK) {
			/* Another process saved: views read again; otherwise nothing to send. */
			long long version = store_data_version(ws->store);
			if (version != app.data_version) {
				app.data_version = version;
				app.generation++;
			} else {
				draw = false;
			}
			continue;
		}
		app.message[0] = '\0';
		if (key == UI_FN(KEY_RESIZE))
			continue;
		if (!term_big_enough()) {
			/* Too small to work in, but one can still leave (forms ask first). */
			if ((key == 'q' || key == UI_CTRL('c')) && app_pop_all(&app, 0))
				app.quit = true;
			continue;
		}
		action = keys_action(key, top->ops->context);
		r = top->ops->key(&app, top->state, action, key);
		if (r == UI_UNHANDLED)
			r = common_key(&app, action);
		switch (r) {
		case UI_OPEN:
			if (!push(&app, app.next_view, app.next_arg) && !app.message[0])
				app_message(&app, true, "Cannot open that here");
			break;
		case UI_BACK:
			pop(&app, true);
			break;
		case UI_QUIT:
			if (app_pop_all(&app, 0))
				app.quit = true;
			break;
		default:
			break;
		}
	}
	while (app.depth > 0)
		pop(&app, false);
	rc = term_signal();
	term_close();
	return rc ? IMS2_SIGNALLED + rc : IMS2_OK;
}

/* The help screen: every action and its keys, generated from the key table. */
struct help_state {
	unsigned context;
	const char *const *own; /* the keys of the view that asked, when it lists its own */
	int top;
};

static void *help_enter(struct app *app, void *arg)
{
	struct help_state *h = xcalloc(1, sizeof(*h));

	(void)arg;
	h->context = app->depth ? app->stack[app->depth - 1].ops->context : CTX_LIST;
	h->own = app->depth ? app->stack[app->depth - 1].ops->help : NULL;
	return h;
}

static void help_leave(struct app *app, void *state)
{
	(void)app;
	free(state);
}

static void help_draw(struct app *app, void *state)
{
	struct help_state *h = state;
	char line[256], keys[96];
	int row = 0, y, a, height = LINES - 3;
	const char *lines[ACT_COUNT + 48 + COMMAND_MAX];
	char storage[ACT_COUNT][160], commands[COMMAND_MAX][160];
	int n = 0, i;

	(void)app;
	for (i = 0; h->own && h->own[i] && n < ACT_COUNT + 32; i++)
		lines[n++] = h->own[i];
	for (a = 1; a < ACT_COUNT && !h->own; a++) {
		keys_for_action((enum action)a, h->context, keys, sizeof(keys));
		if (!keys[0])
			continue;
		snprintf(storage[a], sizeof(storage[a]), "  %-22s %s", keys, action_table[a].help);
		lines[n++] = storage[a];
	}
	if (h->context == CTX_FORM)
		lines[n++] = "  Typing edits the field; Space or Left/Right change a choice;"
			     " Enter picks a reference.";
	lines[n++] = "";
	lines[n++] = "Commands (type : first)";
	for (i = 0; i < COMMAND_MAX && command_help_line(i, commands[i], sizeof(commands[i])); i++)
		lines[n++] = commands[i];
	if (h->top > n - (height - 1)) /* height - 1 lines of text under the heading */
		h->top = n - (height - 1);
	if (h->top < 0)
		h->top = 0;
	snprintf(line, sizeof(line), "Keys on this screen  (q or Esc: back, j/k, PgUp/PgDn, g/G: scroll)");
	draw_text(1, 0, COLS, line, term_attr(ROLE_HEADING));
	for (y = 0, row = h->top; y < height - 1; y++, row++)
		draw_text(2 + y, 0, COLS, row < n ? lines[row] : "", A_NORMAL);
}

static enum ui_result help_key(struct app *app, void *state, enum action action, int key)
{
	struct help_state *h = state;

	(void)app;
	(void)key;
	if (action == ACT_DOWN)
		h->top++;
	else if (action == ACT_UP && h->top > 0)
		h->top--;
	else if (action == ACT_PAGE_DOWN)
		h->top += LINES - 4;
	else if (action == ACT_PAGE_UP)
		h->top = h->top > LINES - 4 ? h->top - (LINES - 4) : 0;
	else if (action == ACT_FIRST)
		h->top = 0;
	else if (action == ACT_LAST)
		h->top = INT_MAX / 2; /* help_draw() brings it back to the last page */
	else if (action == ACT_BACK || action == ACT_HELP)
		return UI_BACK;
	else
		return UI_UNHANDLED;
	return UI_HANDLED;
}

static const char *help_hint(struct app *app, void *state)
{
	(void)app;
	(void)state;
	return " q back  j/k PgUp/PgDn g/G scroll  : command";
}

const struct view_ops help_view = {
	.name = "help",
	.context = CTX_LIST,
	.enter = help_enter,
	.leave = help_leave,
	.draw = help_draw,
	.key = help_key,
	.hint = help_hint,
};
