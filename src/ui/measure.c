/*
 * :measure (step 3.1): records the value of every indicator ims2 computes at the end of each of
 * its periods up to today (indicator_computed.c).
 */
#include "ims2/indicator.h"
#include "ims2/rtp.h"
#include "uiint.h"

enum ui_result command_measure(struct app *app, const struct command *cmd, const char *rest)
{
	struct ims2_error err;
	char today[11];
	int recorded;

	(void)cmd;
	(void)rest;
	rtp_today(today);
	if (indicator_measure_computed(app->ws, today, &recorded, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	app->generation++;
	if (recorded)
		app_message(app, false, "Recorded or corrected %d measurements of computed indicators, "
			    "up to %s", recorded, today);
	else
		app_message(app, false, "Nothing to record: the computed indicators are measured up "
			    "to %s (or none is computed)", today);
	return UI_HANDLED;
}
