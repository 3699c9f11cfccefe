/* :prefill (step 1.8): fills undecided controls of the SoA from the gap analysis (soa.c). */
#include "ims2/soa.h"
#include "uiint.h"

enum ui_result command_prefill(struct app *app, const struct command *cmd, const char *rest)
{
	struct ims2_error err;
	int filled;

	(void)cmd;
	(void)rest;
	if (soa_prefill(app->ws, &filled, &err)) {
		app_error(app, &err);
		return UI_HANDLED;
	}
	app->generation++;
	app_message(app, false, "Filled %d undecided controls from the gap analysis", filled);
	return UI_HANDLED;
}
