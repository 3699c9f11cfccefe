/*
 * The start screen of `ims2` without arguments: the workspaces in the current directory,
 * a new workspace, the training demo.
 */
#include <curses.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/scenario.h"
#include "ims2/util.h"
#include "uiint.h"

#define START_MAX 200

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_workspaces(char **names, size_t max)
{
	DIR *dir = opendir(".");
	struct dirent *de;
	size_t n = 0, len;

	if (!dir)
		return 0;
	while ((de = readdir(dir)) && n < max) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".ims2") == 0)
			names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), by_name);
	return n;
}

/* Reads a line at the bottom of the screen; NULL when cancelled. */
static char *ask(const char *label)
{
	struct editor ed = { 0 };
	int lw = text_width(label), key;
	char *text = NULL;

	editor_set(&ed, "", false);
	for (;;) {
		draw_text(LINES - 1, 0, lw, label, A_REVERSE);
		editor_draw(&ed, LINES - 1, lw, 1, COLS - lw, true, A_NORMAL);
		refresh();
		key = term_read_key();
		if (key == -1 || key == UI_ESC)
			break;
		if (key == '\n' || key == '\r') {
			text = editor_text(&ed);
			break;
		}
		editor_key(&ed, key, COLS - lw);
	}
	editor_release(&ed);
	curs_set(0);
	return text;
}

static bool create(const struct ui_options *opts, bool demo, char **path, char *msg, size_t size)
{
	struct workspace ws;
	struct ims2_error err;
	char *file = ask(demo ? " Demo workspace file (e.g. demo.ims2): "
			      : " New workspace file (e.g. acme.ims2): ");
	char *org = NULL;
	size_t len;
	int rc;

	if (!file || !*file) {
		free(file);
		return false;
	}
	/* The list shows *.ims2 files: a name without the extension gets it. */
	len = strlen(file);
	if (len < 5 || strcmp(file + len - 5, ".ims2") != 0) {
		char *named = xasprintf("%s.ims2", file);
		free(file);
		file = named;
	}
	if (demo) {
		/* The story told in the week up to today, as `ims2 demo` tells it. */
		struct scenario sc;
		rc = scenario_read(opts->data_dir, "demo", &sc, &err);
		if (!rc) {
			org = xstrdup(sc.org);
			rc = workspace_create(&ws, file, org, opts->data_dir, &err);
			if (!rc && (rc = scenario_build(&ws, opts->data_dir, &sc,
							scenario_shift(&sc, NULL), &err))) {
				store_discard(ws.store);
				ws.store = NULL;
			}
			if (!rc || ws.store)
				workspace_close(&ws);
		}
		scenario_release(&sc);
	} else {
		org = ask(" Organisation name: ");
		rc = org && *org ? workspace_create(&ws, file, org, opts->data_dir, &err)
				 : error_set(&err, IMS2_USAGE, "no organisation name given");
		if (!rc)
			workspace_close(&ws);
	}
	free(org);
	if (rc) {
		snprintf(msg, size, "%s", err.message);
		free(file);
		return false;
	}
	*path = file;
	return true;
}

int ui_start(const struct ui_options *opts, const char *message, char **path)
{
	char *names[START_MAX];
	size_t n = list_workspaces(names, START_MAX), i, cursor = 0, items;
	char msg[600];
	int key, rc;

	snprintf(msg, sizeof(msg), "%s", message ? message : "");
	*path = NULL;
	rc = term_open(opts);
	if (rc)
		return rc;
	for (;;) {
		items = n + 2;
		erase();
		draw_text(0, 0, COLS, " ims2: establish an ISO/IEC 27001:2022 ISMS along the IMS2 method",
			  term_attr(ROLE_TITLE));
		draw_text(2, 2, COLS - 4, n ? "Workspaces in this directory:"
					    : "No workspaces (*.ims2) in this directory.",
			  term_attr(ROLE_HEADING));
		for (i = 0; i < items && (int)i < LINES - 7; i++) {
			const char *label = i < n ? names[i]
					    : i == n ? "+ New workspace..."
						     : "+ Training demo (example organisation)...";
			draw_text(4 + (int)i, 4, COLS - 8, label, i == cursor ? A_REVERSE : A_NORMAL);
		}
		draw_text(LINES - 2, 2, COLS - 4, msg, term_attr(ROLE_ERROR));
		draw_text(LINES - 1, 0, COLS, " Enter open  j/k move  q quit", term_attr(ROLE_STATUS));
		refresh();
		key = term_read_key();
		msg[0] = '\0';
		if (key == -1 || key == 'q' || key == UI_ESC)
			break;
		if ((key == 'j' || key == UI_FN(KEY_DOWN)) && cursor + 1 < items)
			cursor++;
		else if ((key == 'k' || key == UI_FN(KEY_UP)) && cursor > 0)
			cursor--;
		else if (key == '\n' || key == '\r' || key == UI_FN(KEY_ENTER)) {
			if (cursor < n) {
				*path = xstrdup(names[cursor]);
				break;
			}
			if (create(opts, cursor > n, path, msg, sizeof(msg)))
				break;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	rc = term_signal();
	term_close();
	if (rc) {
		free(*path);
		*path = NULL;
		return IMS2_SIGNALLED + rc;
	}
	return IMS2_OK;
}
