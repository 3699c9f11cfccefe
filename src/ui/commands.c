/*
 * The `:` commands: one table (name, usage, help, the register they apply to, handler) from
 * which the dispatcher and the help screen are made.
 *
 * To add a command: write its handler in the file of its register or feature, declare it in
 * uiint.h, and add a row below. A row with `reg` set works only on a step that declares that
 * register; a row without usage is an alias, not listed in the help.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ims2/export.h"
#include "ims2/output.h"
#include "ims2/report.h"
#include "ims2/util.h"
#include "uiint.h"

static bool step_id_like(const char *s)
{
	return s[0] >= '1' && s[0] <= '9' && s[1] == '.' && s[2] >= '0' && s[2] <= '9' && !s[3];
}

const char *app_current_step(struct app *app)
{
	int i;

	for (i = app->depth - 1; i >= 0; i--)
		if (app->stack[i].ops == &step_view)
			return *(const char **)app->stack[i].state;
	return NULL;
}

static enum ui_result command_step(struct app *app, const struct command *cmd, const char *id)
{
	(void)cmd;
	if (!catalog_find_step(&app->ws->catalog, id)) {
		app_message(app, true, "No step '%s': steps are 1.1-1.8, 2.1-2.8, 3.1-3.3, 4.1, 4.2",
			    id);
		return UI_HANDLED;
	}
	if (!app_pop_all(app, 1))
		return UI_HANDLED;
	app->next_view = &step_view;
	app->next_arg = (void *)catalog_find_step(&app->ws->catalog, id)->id;
	return UI_OPEN;
}

static enum ui_result command_quit(struct app *app, const struct command *cmd, const char *rest)
{
	(void)app;
	(void)cmd;
	(void)rest;
	return UI_QUIT;
}

static enum ui_result command_write(struct app *app, const struct command *cmd, const char *rest)
{
	(void)cmd;
	(void)rest;
	app_message(app, false, "Every change is saved when you make it; nothing is pending");
	return UI_HANDLED;
}

static enum ui_result command_help(struct app *app, const struct command *cmd, const char *rest)
{
	(void)cmd;
	(void)rest;
	app->next_view = &help_view;
	app->next_arg = NULL;
	return UI_OPEN;
}

static enum ui_result command_home(struct app *app, const struct command *cmd, const char *rest)
{
	(void)cmd;
	(void)rest;
	app_pop_all(app, 1);
	return UI_HANDLED;
}

/*
 * :export [options] FILE: the options of 'ims2 export'. Without --report or --step, a step
 * exports its own report (the gap analysis in 1.3) and the home screen the dossier.
 */
static enum ui_result command_export(struct app *app, const struct command *cmd,
				     const char *args)
{
	struct export_request req = { 0 };
	struct ims2_error err;
	struct strbuf what = { 0 };
	const char *file, *step = app_current_step(app);

	(void)cmd;
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

/* :done, :skip REASON, :reopen: the row's `status` is the status set. */
static enum ui_result command_status(struct app *app, const struct command *cmd,
				     const char *reason)
{
	const char *step = app_current_step(app);
	const char *status = cmd->status;
	struct ims2_error err;

	if (!step) {
		app_message(app, true, "Open a step first (:1.5), then mark it");
		return UI_HANDLED;
	}
	if (strcmp(status, "skipped") == 0 && !*reason) {
		app_message(app, true, "Say why: :skip REASON");
		return UI_HANDLED;
	}
	if (strcmp(status, "done") == 0 && !confirm_done(app, step))
		return UI_HANDLED;
	if (store_set_step_status(app->ws->store, step, status,
				  strcmp(status, "skipped") == 0 ? reason : NULL, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	app->generation++;
	app_message(app, false, "Step %s is now %s", step,
		    strcmp(status, "not started") == 0 ? "open again" : status);
	return UI_HANDLED;
}

static const struct command command_table[] = {
	{ "step", ":1.5  or  :step 1.5", "open a step of the method", NULL, NULL, NULL,
	  command_step },
	{ "export", ":export [opts] FILE", "this step's report (home: the dossier); man ims2", NULL,
	  NULL, NULL, command_export },
	{ "done", ":done  :skip REASON  :reopen", "set the status of the open step", NULL, NULL,
	  "done", command_status },
	{ "skip", NULL, NULL, NULL, NULL, "skipped", command_status },
	{ "reopen", NULL, NULL, NULL, NULL, "not started", command_status },
	{ "prefill", ":prefill", "(step 1.8) fill undecided controls from the gap analysis",
	  "soa_entry", "the SoA", NULL, command_prefill },
	{ "measure", ":measure", "(step 3.1) record the computed indicators per period",
	  "measurement", "the measurements", NULL, command_measure },
	{ "checklist", ":checklist [AUDIT]",
	  "(step 3.2) add the checklist lines an audit's scope lacks",
	  "audit_check", "the audit checklist", NULL, command_checklist },
	{ "method", ":method [ID]", "the risk method; with ID, switch to it (shows what changes)",
	  NULL, NULL, NULL, command_method },
	{ "cycle", ":cycle", "close this PDCA cycle (kept read-only) and start the next; asks first",
	  NULL, NULL, NULL, command_cycle },
	{ "home", ":home", "back to the PDCA board", NULL, NULL, NULL, command_home },
	{ "w", ":w", "(every change is saved at once; nothing to write)", NULL, NULL, NULL,
	  command_write },
	{ "write", NULL, NULL, NULL, NULL, NULL, command_write },
	{ "q", ":q", "quit (asks first if a form has unsaved changes)", NULL, NULL, NULL,
	  command_quit },
	{ "quit", NULL, NULL, NULL, NULL, NULL, command_quit },
	{ "q!", NULL, NULL, NULL, NULL, NULL, command_quit },
	{ "help", ":help", "this screen", NULL, NULL, NULL, command_help },
	{ "h", NULL, NULL, NULL, NULL, NULL, command_help },
};

#define COMMAND_COUNT (sizeof(command_table) / sizeof(command_table[0]))
_Static_assert(COMMAND_COUNT <= COMMAND_MAX, "raise COMMAND_MAX (uiint.h)");

bool command_help_line(size_t i, char *buf, size_t size)
{
	size_t row, shown = 0;

	for (row = 0; row < COMMAND_COUNT; row++) {
		const struct command *c = &command_table[row];
		if (!c->usage)
			continue;
		if (shown++ == i) {
			snprintf(buf, size, strlen(c->usage) < 22 ? "%-21s %s" : "%s   %s", c->usage,
				 c->help);
			return true;
		}
	}
	return false;
}

/* True when the open step declares the register the command needs (or it needs none). */
static bool applies(struct app *app, const struct command *c)
{
	const struct screen *scr;
	const char *step;
	size_t r;

	if (!c->reg)
		return true;
	step = app_current_step(app);
	scr = step ? screen_set_find(&app->ws->screens, step) : NULL;
	for (r = 0; scr && r < scr->reg_count; r++)
		if (strcmp(scr->regs[r].table, c->reg) == 0)
			return true;
	return false;
}

enum ui_result app_command(struct app *app, const char *line)
{
	char name[32] = "";
	const char *rest;
	size_t i;

	while (*line == ' ' || *line == ':')
		line++;
	for (i = 0; line[i] && line[i] != ' ' && i < 31; i++)
		name[i] = line[i];
	name[i] = '\0';
	rest = line + i;
	while (*rest == ' ')
		rest++;
	if (!name[0])
		return UI_HANDLED;
	if (step_id_like(name))
		return command_step(app, &command_table[0], name);
	for (i = 0; i < COMMAND_COUNT; i++) {
		const struct command *c = &command_table[i];
		const struct reg *reg;
		if (strcmp(c->name, name) != 0)
			continue;
		if (applies(app, c))
			return c->run(app, c, rest);
		reg = screen_set_find_register(&app->ws->screens, c->reg);
		app_message(app, true, ":%s works in step %s (%s): open it with :%s", c->name,
			    reg ? reg->step : "?", c->place, reg ? reg->step : "?");
		return UI_HANDLED;
	}
	app_message(app, true, "Unknown command ':%s' (see :help)", name);
	return UI_HANDLED;
}
