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
#include "ims2/riskreg.h"
#include "ims2/riskswitch.h"
#include "ims2/soa.h"
#include "ims2/util.h"
#include "uiint.h"

const struct view_ops *const view_registry[] = { &board_view, &step_view,	   &form_view,
						 &help_view,  &interview_view, NULL };

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
static char *prompt(struct app *app, const char *label, const char *initial, const char *recall)
{
	struct editor ed = { 0 };
	int lw = text_width(label), key;
	char *text = NULL;

	editor_set(&ed, initial, false);
	for (;;) {
		app->message[0] = '\0';
		app_draw(app);
		draw_text(LINES - 1, 0, lw, label, term_attr(ROLE_STATUS));
		editor_draw(&ed, LINES - 1, lw, 1, COLS - lw, true, A_NORMAL);
		refresh();
		key = term_read_key();
		if (key == -1 || key == UI_ESC || key == UI_CTRL('c') || key == UI_CTRL('g'))
			break;
		if (key == '\n' || key == '\r' || key == UI_FN(KEY_ENTER)) {
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

/* Leaves every view, asking each; false when one wants to stay. */
static bool pop_all(struct app *app, int keep)
{
	while (app->depth > keep)
		if (!pop(app, true))
			return false;
	return true;
}

static bool step_id_like(const char *s)
{
	return s[0] >= '1' && s[0] <= '9' && s[1] == '.' && s[2] >= '0' && s[2] <= '9' && !s[3];
}

/* The step shown by the top step view, or NULL. */
static const char *current_step(struct app *app)
{
	int i;

	for (i = app->depth - 1; i >= 0; i--)
		if (app->stack[i].ops == &step_view)
			return *(const char **)app->stack[i].state;
	return NULL;
}

/*
 * :export [options] FILE: the options of 'ims2 export'. Without --report or --step, a step
 * exports its own report (the gap analysis in 1.3) and the home screen the dossier.
 */
static enum ui_result command_export(struct app *app, const char *args)
{
	struct export_request req = { 0 };
	struct ims2_error err;
	struct strbuf what = { 0 };
	const char *file, *step = current_step(app);

	if (export_parse_line(&req, ":export", args, &file, &err))
		goto fail;
	if (file && req.output) {
		error_set(&err, IMS2_USAGE, ":export: one file, with or without -o");
		goto fail;
	}
	if (file)
		req.output = file;
	if (!req.output) {
		app_message(app, true, "Usage: :export " EXPORT_OPTIONS " FILE");
		goto out;
	}
	if (!req.report && !req.step && step && !(req.report = report_for_step(app->ws, step)))
		req.step = step;
	if (export_settle(&req, &err) || output_check(req.output, store_path(app->ws->store), &err))
		goto fail;
	if (output_is_terminal(req.output)) {
		app_message(app, true, "%s is a terminal; name a file for the report", req.output);
		goto out;
	}
	export_describe(&req, &what);
	if (output_exists(req.output) &&
	    !app_confirm(app, "%s exists. Replace it with %s? (y/n)", req.output, what.buf)) {
		app_message(app, false, "Nothing written; %s is as it was", req.output);
		goto out;
	}
	if (export_run(app->ws, &req, NULL, &err))
		goto fail;
	app_message(app, false, "Wrote %s to %s", what.buf, req.output);
	goto out;
fail:
	app_error(app, &err);
out:
	strbuf_release(&what);
	export_request_release(&req);
	return UI_HANDLED;
}

/* :done on a step with open points names them and asks; true to go on. */
static bool confirm_done(struct app *app, const char *step)
{
	struct strbuf open = { 0 };
	bool go = true;

	if (step_open_points(app, (size_t)catalog_step_index(&app->ws->catalog, step), &open))
		go = app_confirm(app, "Step %s still has: %s. Mark it done anyway? (y/n)", step,
				 open.buf);
	strbuf_release(&open);
	if (!go)
		app_message(app, false, "Step %s is left as it was", step);
	return go;
}

static enum ui_result command_status(struct app *app, const char *status, const char *reason)
{
	const char *step = current_step(app);
	struct ims2_error err;

	if (!step) {
		app_message(app, true, "Open a step first (:1.5), then mark it");
		return UI_HANDLED;
	}
	if (strcmp(status, "skipped") == 0 && (!reason || !*reason)) {
		app_message(app, true, "Say why: :skip REASON");
		return UI_HANDLED;
	}
	if (strcmp(status, "done") == 0 && !confirm_done(app, step))
		return UI_HANDLED;
	if (store_set_step_status(app->ws->store, step, status, reason, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	app->generation++;
	app_message(app, false, "Step %s is now %s", step,
		    strcmp(status, "not started") == 0 ? "open again" : status);
	return UI_HANDLED;
}

/* :method ID: shows what would change, asks, then switches in one transaction. */
static enum ui_result command_method(struct app *app, const char *id)
{
	struct riskswitch_summary sum;
	struct ims2_error err;
	char *current = riskreg_method_id(app->ws->store);

	if (!*id) {
		char **ids;
		size_t n = risk_method_list_ids(app->opts->data_dir, &ids), i;
		struct strbuf list = { 0 };
		for (i = 0; i < n; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", ids[i]);
		risk_method_ids_free(ids, n);
		app_message(app, false, "Method %s. Others: %s (:method ID)", current,
			    list.buf ? list.buf : "none");
		strbuf_release(&list);
	} else if (riskswitch_apply(app->ws->store, &app->ws->screens, id, app->opts->data_dir,
				    true, &sum, &err)) {
		app_error(app, &err);
	} else {
		struct strbuf text = { 0 };
		char title[160];
		riskswitch_describe(&sum, &text);
		snprintf(title, sizeof(title), "Switch the risk method from %s to %s", current, id);
		if (!app_confirm_text(app, title, text.buf, "Switch the method? (y/n)"))
			app_message(app, false, "The method stays %s", current);
		else if (riskswitch_apply(app->ws->store, &app->ws->screens, id,
					  app->opts->data_dir, false, &sum, &err))
			app_error(app, &err);
		else {
			app->generation++;
			app_message(app, false, "Now using %s: %d of %d risks changed level; %s's "
						"ratings are kept",
				    id, sum.level_changed, sum.risks, current);
		}
		strbuf_release(&text);
	}
	free(current);
	return UI_HANDLED;
}

enum ui_result app_command(struct app *app, const char *line)
{
	char cmd[32] = "";
	const char *rest;
	int i;

	while (*line == ' ' || *line == ':')
		line++;
	for (i = 0; line[i] && line[i] != ' ' && i < 31; i++)
		cmd[i] = line[i];
	cmd[i] = '\0';
	rest = line + i;
	while (*rest == ' ')
		rest++;
	if (!cmd[0])
		return UI_HANDLED;
	if (strcmp(cmd, "step") == 0 || step_id_like(cmd)) {
		const char *id = step_id_like(cmd) ? cmd : rest;
		if (!catalog_find_step(&app->ws->catalog, id)) {
			app_message(app, true, "No step '%s': steps are 1.1-1.8, 2.1-2.8, 3.1-3.3, 4.1, 4.2",
				    id);
			return UI_HANDLED;
		}
		if (!pop_all(app, 1))
			return UI_HANDLED;
		app->next_view = &step_view;
		app->next_arg = (void *)catalog_find_step(&app->ws->catalog, id)->id;
		return UI_OPEN;
	}
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0 || strcmp(cmd, "q!") == 0)
		return UI_QUIT;
	if (strcmp(cmd, "w") == 0 || strcmp(cmd, "write") == 0) {
		app_message(app, false, "Every change is saved when you make it; nothing is pending");
		return UI_HANDLED;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "h") == 0) {
		app->next_view = &help_view;
		app->next_arg = NULL;
		return UI_OPEN;
	}
	if (strcmp(cmd, "export") == 0)
		return command_export(app, rest);
	if (strcmp(cmd, "done") == 0)
		return command_status(app, "done", NULL);
	if (strcmp(cmd, "skip") == 0)
		return command_status(app, "skipped", rest);
	if (strcmp(cmd, "reopen") == 0)
		return command_status(app, "not started", NULL);
	if (strcmp(cmd, "method") == 0)
		return command_method(app, rest);
	if (strcmp(cmd, "prefill") == 0) {
		const char *step = current_step(app);
		struct ims2_error err;
		int filled;
		if (!step || strcmp(step, "1.8") != 0) {
			app_message(app, true, ":prefill works in step 1.8 (the SoA): open it with :1.8");
			return UI_HANDLED;
		}
		if (soa_prefill(app->ws, &filled, &err)) {
			app_error(app, &err);
			return UI_HANDLED;
		}
		app->generation++;
		app_message(app, false, "Filled %d undecided controls from the gap analysis", filled);
		return UI_HANDLED;
	}
	if (strcmp(cmd, "home") == 0) {
		pop_all(app, 1);
		return UI_HANDLED;
	}
	app_message(app, true, "Unknown command ':%s' (see :help)", cmd);
	return UI_HANDLED;
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
		clearok(curscr, TRUE);
		return UI_HANDLED;
	case ACT_BACK:
		return app->depth > 1 ? UI_BACK : UI_QUIT;
	default:
		return UI_HANDLED;
	}
}

/*
 * A draft kept when the connection dropped is offered when the workspace opens: yes opens its
 * step and the record's form, which asks whether to restore it.
 */
static void offer_draft(struct app *app)
{
	char *table, saved[32];
	long long record;
	const struct reg *reg;

	if (!store_draft_latest(app->ws->store, &table, &record, saved))
		return;
	reg = screen_set_find_register(&app->ws->screens, table);
	if (reg && app_confirm(app, "A draft of %s %s was kept when the connection dropped (%s). "
				    "Open it now? (y/n)",
			       record ? "a record of" : "a new record of", reg->title, saved)) {
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
	int rc;

	memset(&app, 0, sizeof(app));
	app.ws = ws;
	app.opts = opts;
	for (i = 0; i < ws->screens.count; i++)
		for (v = 0; v < ws->screens.screens[i].view_count; v++)
			if (!pane_find(ws->screens.screens[i].views[v])) {
				/* Names from the workspace's own screen files: shown, not sent. */
				struct strbuf sb = { 0 };
				char *raw = xasprintf("screens/%s.yaml: unknown view '%s'",
						      ws->screens.screens[i].step,
						      ws->screens.screens[i].views[v]);
				output_safe_text(&sb, raw);
				fprintf(stderr, "ims2: %s\n", sb.buf);
				strbuf_release(&sb);
				free(raw);
				return IMS2_USAGE;
			}
	rc = term_open(opts);
	if (rc)
		return rc;
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

		app_draw(&app);
		key = term_read_key();
		if (key == -1) {
			hangup(&app);
			break;
		}
		app.message[0] = '\0';
		if (key == UI_FN(KEY_RESIZE))
			continue;
		if (!term_big_enough()) {
			/* Too small to work in, but one can still leave (forms ask first). */
			if ((key == 'q' || key == UI_CTRL('c')) && pop_all(&app, 0))
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
			if (pop_all(&app, 0))
				app.quit = true;
			break;
		default:
			break;
		}
	}
	while (app.depth > 0)
		pop(&app, false);
	term_close();
	return IMS2_OK;
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

static const char *const help_commands[] = {
	":1.5  or  :step 1.5   open a step of the method",
	":export [opts] FILE   this step's report (home: the dossier); man ims2",
	":done  :skip REASON  :reopen   set the status of the open step",
	":prefill              (step 1.8) fill undecided controls from the gap analysis",
	":method [ID]          the risk method; with ID, switch to it (shows what changes)",
	":home                 back to the PDCA board",
	":w                    (every change is saved at once; nothing to write)",
	":q                    quit (asks first if a form has unsaved changes)",
	":help                 this screen",
	NULL,
};

static void help_draw(struct app *app, void *state)
{
	struct help_state *h = state;
	char line[256], keys[96];
	int row = 0, y, a, height = LINES - 3;
	const char *lines[ACT_COUNT + 48];
	char storage[ACT_COUNT][160];
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
	for (i = 0; help_commands[i]; i++)
		lines[n++] = help_commands[i];
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
