/* The interface, as the command line sees it. Only src/ui includes curses. */
#ifndef IMS2_UI_H
#define IMS2_UI_H

#include "ims2/workspace.h"

struct ui_options {
	const char *data_dir;
	/* Scripted runs for the screen tests: keys from a file, screens dumped to stdout. */
	const char *script;
	int lines, columns; /* size of the scripted screen */
};

/* Runs the workbench on an open workspace until the user quits. Returns an exit status. */
int ui_run(struct workspace *ws, const struct ui_options *opts);

/*
 * The start screen (ims2 without arguments): workspaces in the current directory, a new
 * workspace, the training demo. *path receives the chosen workspace (caller frees) or NULL.
 * message, when not empty, is shown first (why the last choice could not be opened).
 */
int ui_start(const struct ui_options *opts, const char *message, char **path);

#endif
