/* :method [ID]: shows the risk method, or switches to another (src/core/riskswitch.c). */
#include <stdio.h>
#include <stdlib.h>

#include "ims2/riskreg.h"
#include "ims2/riskswitch.h"
#include "ims2/util.h"
#include "uiint.h"

/* :method ID: shows what would change, asks, then switches in one transaction. */
enum ui_result command_method(struct app *app, const struct command *cmd, const char *id)
{
	struct riskswitch_summary sum;
	struct ims2_error err;
	char *current = riskreg_method_id(app->ws->store);

	(void)cmd;
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
