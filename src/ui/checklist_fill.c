/*
 * The audit checklist of step 3.2 filled as fast as the gap interview (key i in step 3.2), a
 * source of the runner of interview.c: one line per requirement or control, a digit records
 * its result and moves on; n and v take notes and evidence. Started from a row of the Audits
 * table, it shows that audit's lines; from a checklist line, it starts there; else every
 * audit's lines from the first one not checked.
 */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/audit.h"
#include "ims2/util.h"
#include "uiint.h"

/* The results of screens/3.2.yaml by key: 0 clears, 1-5 record. */
static const char *const results[] = { "not checked", "conforming", "nonconforming",
				       "observation", "improvement", "not applicable" };
#define RESULT_COUNT (sizeof(results) / sizeof(results[0]))

static bool checklist_open(struct app *app, struct interview_state *in,
			   const struct form_arg *row)
{
	const struct reg *audits = screen_set_find_register(&app->ws->screens, "audit");
	long long audit = row && row->reg == audits ? row->id : 0;
	struct ims2_error err;

	in->own = (void *)(intptr_t)interview_field(in, "result");
	if (audit_checklist_lines(app->ws, audit, &in->ids, &in->count, &in->at, &err)) {
		app_error(app, &err);
		return false;
	}
	if (!in->count) {
		app_message(app, true, "No checklist line yet: :checklist adds one per clause and "
				       "control of the audits' scope");
		return false;
	}
	if (row && row->reg == in->reg && row->id)
		interview_start_at(in, row->id);
	return true;
}

static int f_result(const struct interview_state *in)
{
	return (int)(intptr_t)in->own;
}

static void checklist_draw(struct app *app, struct interview_state *in)
{
	const char *const *v = (const char *const *)in->rec.values;
	struct audit_line line;
	struct ims2_error err;
	char text[512];
	int y = 1;

	if (audit_checklist_line(app->ws, in->rec.id, &line, &err)) {
		app_error(app, &err);
		return;
	}
	snprintf(text, sizeof(text), "Audit checklist  line %zu of %zu  %s  %s: %d/%d checked",
		 in->at + 1, in->count, glyphs.vline, line.audit_title, line.checked, line.lines);
	draw_text(y++, 0, COLS, text, term_attr(ROLE_HEADING) | A_BOLD);
	y++;
	snprintf(text, sizeof(text), "%s %s", line.item, line.title);
	draw_text(y++, 1, COLS - 2, text, A_BOLD | A_UNDERLINE);
	y = interview_draw_requirement(app, y, line.item, line.control);
	y++;
	snprintf(text, sizeof(text), "Result:   %s", v[f_result(in)] ? v[f_result(in)] : "");
	draw_text(y++, 2, COLS - 4, text, A_BOLD);
	snprintf(text, sizeof(text), "Evidence: %s", v[in->f_evidence] ? v[in->f_evidence] : "");
	draw_text(y++, 2, COLS - 4, text, A_NORMAL);
	snprintf(text, sizeof(text), "Notes:    %s", v[in->f_notes] ? v[in->f_notes] : "");
	draw_text(y++, 2, COLS - 4, text, A_NORMAL);
	draw_text(LINES - 2, 1, COLS - 2,
		  "1 conforming  2 nonconforming  3 observation  4 improvement  5 n/a  0 clear",
		  term_attr(ROLE_DIM));
}

static enum ui_result checklist_key(struct app *app, struct interview_state *in, int key)
{
	size_t r;

	if (key >= '0' && key < '0' + (int)RESULT_COUNT) {
		r = (size_t)(key - '0');
		if (store_readonly(app->ws->store)) {
			app_message(app, true, "The workspace is open read-only");
			return UI_HANDLED;
		}
		if (interview_save_fields(app, in, f_result(in), results[r], -1) && r)
			interview_move_next(app, in);
		return UI_HANDLED;
	}
	if (key >= '0' + (int)RESULT_COUNT && key <= '9') {
		app_message(app, true, "Results run from 1 to 5 (0 clears)");
		return UI_HANDLED;
	}
	if (key == UI_FN(KEY_BACKSPACE) || key == UI_FN(KEY_DC)) {
		if (interview_save_fields(app, in, f_result(in), results[0], -1))
			app_message(app, false, "Not checked again: record its result 1-5");
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const char *const checklist_fill_help[] = {
	"  1-5                   Record the result and go to the next line:",
	"                        1 conforming, 2 nonconforming, 3 observation,",
	"                        4 improvement, 5 not applicable",
	"  0, Backspace, Del     Not checked again",
	"  n                     Notes of this line",
	"  v                     Evidence seen",
	"  j, k, arrows, Enter   Next, previous line",
	"  g, G                  First, last line",
	"  PgDn, PgUp            Ten lines on, back",
	"  q, Esc                Back to the step",
	"  ?, F1                 This help",
	NULL,
};

const struct interview_source checklist_fill_source = {
	.table = "audit_check",
	.what = "the checklist",
	.at_end = "q goes back to the step",
	.hint = " 1-5 result  0 clear  n notes  v evidence  j/k move  g/G first/last  q back",
	.open = checklist_open,
	.draw = checklist_draw,
	.key = checklist_key,
};

void checklist_pane_draw(struct app *app, struct pane_state *ps, int y, int height)
{
	struct audit_progress *rows;
	struct ims2_error err;
	size_t count, i;
	char text[256];
	int line;

	if (audit_checklist_progress(app->ws, &rows, &count, &err)) {
		app_error(app, &err);
		return;
	}
	if (ps->top > (int)count - (height - 2))
		ps->top = (int)count - (height - 2);
	if (ps->top < 0)
		ps->top = 0;
	draw_text(y, 2, COLS - 4,
		  "i fills the checklist one line at a time, one key a result (1-5).",
		  term_attr(ROLE_DIM));
	if (!count)
		draw_text(y + 2, 2, COLS - 4, "No audit yet: plan one in the Audits pane.",
			  term_attr(ROLE_DIM));
	for (i = (size_t)ps->top, line = 2; i < count && line < height; i++, line++) {
		const struct audit_progress *p = &rows[i];
		int name_width = COLS - 4 - 38;
		draw_text(y + line, 2, name_width, p->title, A_NORMAL);
		if (p->lines)
			snprintf(text, sizeof(text), "%3d of %-3d checked, %d nonconforming",
				 p->checked, p->lines, p->nonconforming);
		else
			snprintf(text, sizeof(text), "no line: :checklist adds them");
		draw_text(y + line, 2 + name_width + 1, 37, text,
			  p->lines && p->checked < p->lines ? term_attr(ROLE_ERROR) : (int)A_NORMAL);
	}
	free(rows);
}
