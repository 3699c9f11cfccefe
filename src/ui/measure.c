/* :measure (step 3.1): records today's value of every indicator ims2 computes (indicator.c). */
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
		app_message(app, false, "Recorded %d computed indicators, dated %s", recorded, today);
	else
		app_message(app, false, "No indicator is computed by ims2 (or none has a value yet)");
	return UI_HANDLED;
}
