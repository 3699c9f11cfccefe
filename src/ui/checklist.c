/*
 * :checklist [AUDIT] (step 3.2): adds to the checklist of an audit, or of every audit not
 * cancelled, one line per clause or control of its scope that has none (audit.c).
 */
#include "ims2/audit.h"
#include "uiint.h"

enum ui_result command_checklist(struct app *app, const struct command *cmd, const char *rest)
{
	struct ims2_error err;
	int added;

	(void)cmd;
	while (rest && *rest == ' ')
		rest++;
	if (audit_checklist(app->ws, rest, &added, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	app->generation++;
	if (added)
		app_message(app, false,
			    "Added %d checklist lines from the audits' scope (result: not checked)",
			    added);
	else
		app_message(app, false,
			    "Every clause and control of the audits' scope has its checklist line");
	return UI_HANDLED;
}
