/* :cycle: closes this PDCA cycle after asking, as `ims2 cycle` does (src/core/cycle.c). */
#include <stdio.h>

#include "ims2/cycle.h"
#include "uiint.h"

enum ui_result command_cycle(struct app *app, const struct command *cmd, const char *rest)
{
	struct ims2_error err;
	char title[80];
	int n = cycle_current(app->ws), closed;

	(void)cmd;
	(void)rest;
	if (store_readonly(app->ws->store)) { /* said before asking, not after */
		cycle_close(app->ws, &closed, &err);
		app_error(app, &err);
		return UI_HANDLED;
	}
	snprintf(title, sizeof(title), "Close PDCA cycle %d and start cycle %d", n, n + 1);
	if (!app_confirm_text(app, title,
			      "A read-only copy of every register of this cycle is kept in the "
			      "workspace. The registers are carried forward as they are, every step "
			      "and activity is set back to not started, and reports are numbered "
			      "with the new cycle. This cannot be undone.",
			      "Close the cycle? (y/n)")) {
		app_message(app, false, "Cycle %d stays open", n);
		return UI_HANDLED;
	}
	if (cycle_close(app->ws, &closed, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	app->generation++;
	app_message(app, false, "Cycle %d closed and kept read-only; this is cycle %d", closed,
		    closed + 1);
	return UI_HANDLED;
}
