/*
 * The gap interview of step 1.3 (key i), a source of the runner of interview.c: one
 * requirement or control at a time. A digit 0-5 records the maturity and moves on, so a whole
 * interview takes one key an item when no note is taken. The position is kept for the next
 * time.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ims2/gap.h"
#include "ims2/util.h"
#include "uiint.h"

/* The source's own state: the interviewee applied to the answers that follow, its fields. */
struct gap_interview {
	char *interviewee;
	int f_maturity, f_target, f_applicable, f_interviewee, f_answered, f_item, f_title, f_kind,
		f_grp, f_justification;
};

static struct gap_interview *own(const struct interview_state *in)
{
	return in->own;
}

/*
 * The interviewee of the answers that follow, on resuming: the one recorded on the item where
 * the interview stands or the nearest item before it.
 */
static void resume_interviewee(struct app *app, struct interview_state *in)
{
	struct gap_interview *g = own(in);
	struct ims2_error err;
	struct record rec;
	size_t i;

	for (i = in->at + 1; i-- > 0 && !g->interviewee;) {
		if (record_get(app->ws->store, in->reg, in->ids[i], &rec, &err))
			break;
		if (rec.values[g->f_interviewee])
			g->interviewee = xstrdup(rec.values[g->f_interviewee]);
		record_release(&rec);
	}
}

/*
 * Starting an interview offers to record a session dated today (with the user as the
 * interviewer, and the interviewee) when the Interview sessions register has none yet.
 */
static void offer_session(struct app *app, struct interview_state *in)
{
	const struct gap_interview *g = own(in);
	const struct reg *sessions = screen_set_find_register(&app->ws->screens, "gap_session");
	struct record_view view = { &app->ws->screens, sessions, -1, false, NULL };
	const char *values[8] = { 0 };
	struct ims2_error err;
	char today[32];
	long long id;
	int f_date, f_who, f_people;

	if (!sessions || sessions->field_count > 8 || store_readonly(app->ws->store))
		return;
	f_date = reg_field_index(sessions, "held_on");
	f_who = reg_field_index(sessions, "interviewer");
	f_people = reg_field_index(sessions, "interviewees");
	if (f_date < 0 || f_who < 0 || f_people < 0)
		return; /* screen files of another shape: nothing to offer */
	store_now(today);
	today[10] = '\0';
	if (record_find(app->ws->store, &view, today, 0, 1, &id, &err) == IMS2_OK)
		return; /* a session of today exists */
	if (!app_confirm(app, "No interview session is recorded for today. Record one dated %s, "
			      "with you (%s) as interviewer? (y/n)",
			 today, store_user(app->ws->store)))
		return;
	values[f_date] = today;
	values[f_who] = store_user(app->ws->store);
	values[f_people] = g->interviewee;
	if (record_insert(app->ws->store, sessions, values, &id, &err)) {
		app_error(app, &err);
		return;
	}
	app->generation++;
	app_message(app, false, "Session of %s recorded: add its people and topics in the "
				"Interview sessions pane", today);
}

static bool gap_open(struct app *app, struct interview_state *in, const struct form_arg *row)
{
	struct gap_interview *g = xcalloc(1, sizeof(*g));
	struct ims2_error err;

	in->own = g;
	g->f_maturity = interview_field(in, "maturity");
	g->f_target = interview_field(in, "target");
	g->f_applicable = interview_field(in, "applicable");
	g->f_interviewee = interview_field(in, "interviewee");
	g->f_answered = interview_field(in, "answered_on");
	g->f_item = interview_field(in, "item");
	g->f_title = interview_field(in, "title");
	g->f_kind = interview_field(in, "kind");
	g->f_grp = interview_field(in, "grp");
	g->f_justification = interview_field(in, "justification");
	if (gap_interview_items(app->ws, &in->ids, &in->count, &in->at, &err)) {
		app_error(app, &err);
		free(g);
		return false;
	}
	if (!in->count) {
		free(g);
		app_message(app, true, "The gap analysis has no items");
		return false;
	}
	if (row && row->reg == in->reg && row->id)
		interview_start_at(in, row->id);
	resume_interviewee(app, in);
	offer_session(app, in);
	return true;
}

/* Keeps the position for the next time (a cursor, not the user's data: no change log). */
static void save_position(struct app *app, struct interview_state *in)
{
	struct ims2_error err;

	if (in->rec.values &&
	    gap_interview_set_position(app->ws, in->rec.values[own(in)->f_item], &err))
		app_error(app, &err);
}

static void gap_close(struct app *app, struct interview_state *in)
{
	save_position(app, in);
	free(own(in)->interviewee);
	free(in->own);
}

static int value_int(const struct record *rec, int f, int fallback)
{
	return rec->values[f] ? atoi(rec->values[f]) : fallback;
}

static void gap_draw(struct app *app, struct interview_state *in)
{
	const struct gap_interview *g = own(in);
	const struct record *rec = &in->rec;
	const struct catalog *cat = &app->ws->catalog;
	const struct maturity *m = &cat->maturity;
	struct gap_summary s;
	struct ims2_error err;
	const struct gap_group *group = NULL;
	const char *id;
	char line[512];
	size_t k;
	int y = 1, maturity, target;
	bool control, applicable;
	struct strbuf bar = { 0 };

	gap_summarise(app->ws, &s, &err);
	for (k = 0; k < s.group_count; k++)
		if (strcmp(s.groups[k].id, rec->values[g->f_grp]) == 0)
			group = &s.groups[k];
	id = rec->values[g->f_item];
	control = strcmp(rec->values[g->f_kind], "control") == 0;
	/* Progress: the group and overall, always on screen. */
	snprintf(line, sizeof(line), "Interview  item %zu of %zu  %s  %s %s: %d/%d answered", in->at + 1,
		 in->count, glyphs.vline, control ? "Theme" : "Clause",
		 group ? group->title : "", group ? group->assessed : 0,
		 group ? group->applicable : 0);
	draw_text(y++, 0, COLS, line, term_attr(ROLE_HEADING) | A_BOLD);
	gap_bar(&bar, s.overall.assessed, s.overall.applicable ? s.overall.applicable : 1, 30,
		strcmp(glyphs.hline, "-") == 0);
	snprintf(line, sizeof(line), "Overall %3d/%-3d %s  average %.1f, %.0f %% at target",
		 s.overall.assessed, s.overall.applicable, bar.buf, gap_group_maturity(&s.overall),
		 gap_group_share(&s.overall) * 100);
	strbuf_release(&bar);
	draw_text(y++, 0, COLS, line, A_NORMAL);
	y++;
	snprintf(line, sizeof(line), "%s %s%s", id, rec->values[g->f_title],
		 catalog_new_in_2022(cat, id) ? CATALOG_NEW_MARK : "");
	draw_text(y++, 1, COLS - 2, line, A_BOLD | A_UNDERLINE);
	y = interview_draw_requirement(app, y, id, control);
	y++;
	maturity = value_int(rec, g->f_maturity, -1);
	target = value_int(rec, g->f_target, s.default_target);
	applicable = !rec->values[g->f_applicable] ||
		     strcmp(rec->values[g->f_applicable], "no") != 0;
	snprintf(line, sizeof(line), "Maturity: %s%s%s   Target: %d%s   Status: %s",
		 maturity >= 0 ? rec->values[g->f_maturity] : "", maturity >= 0 ? " " : "",
		 maturity >= 0 ? m->names[maturity] : "not assessed", target,
		 rec->values[g->f_target] ? "" : " (default)",
		 gap_status_name(gap_status_of(maturity, target, applicable)));
	draw_text(y++, 2, COLS - 4, line, A_BOLD);
	snprintf(line, sizeof(line), "Notes:       %s",
		 rec->values[in->f_notes] ? rec->values[in->f_notes] : "");
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	snprintf(line, sizeof(line), "Evidence:    %s",
		 rec->values[in->f_evidence] ? rec->values[in->f_evidence] : "");
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	snprintf(line, sizeof(line), "Interviewee: %s",
		 rec->values[g->f_interviewee] ? rec->values[g->f_interviewee] : "");
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	if (g->interviewee) {
		snprintf(line, sizeof(line), "(answers now go to %s)", g->interviewee);
		draw_text(y++, 15, COLS - 17, line, term_attr(ROLE_DIM));
	}
	snprintf(line, sizeof(line), "0 %s  1 %s  2 %s  3 %s  4 %s  5 %s", m->names[0], m->names[1],
		 m->names[2], m->names[3], m->names[4], m->names[5]);
	draw_text(LINES - 2, 1, COLS - 2, line, term_attr(ROLE_DIM));
}

/* The next (dir 1) or previous unanswered applicable item, wrapping once. */
static void move_unanswered(struct app *app, struct interview_state *in, int dir)
{
	struct ims2_error err;
	long long found = 0;
	size_t i;

	if (gap_next_unanswered(app->ws, in->ids[in->at], dir, &found, &err)) {
		app_error(app, &err);
		return;
	}
	if (!found) {
		app_message(app, false, "Every applicable item has an answer");
		return;
	}
	for (i = 0; i < in->count; i++)
		if (in->ids[i] == found)
			interview_move_to(app, in, i);
}

/* The position of the item whose id is text (case ignored), or -1. */
static long long find_item(struct app *app, struct interview_state *in, const char *text)
{
	const struct gap_interview *g = own(in);
	struct ims2_error err;
	struct record rec;
	size_t i;
	bool same;

	for (i = 0; i < in->count; i++) {
		if (record_get(app->ws->store, in->reg, in->ids[i], &rec, &err))
			return -1;
		same = rec.values[g->f_item] && strcasecmp(rec.values[g->f_item], text) == 0;
		record_release(&rec);
		if (same)
			return (long long)i;
	}
	return -1;
}

/* Asks for an item id (6.1.2, A.8.2, or 8.2 when no clause has that id) and goes there. */
static void jump(struct app *app, struct interview_state *in)
{
	char *text = app_prompt(app, "Go to item (e.g. 6.1.2 or A.8.2): ", "");
	long long at;

	if (!text || !*text) {
		free(text);
		return;
	}
	at = find_item(app, in, text);
	if (at < 0) { /* a control named without its A. */
		char *with_a = xasprintf("A.%s", text);
		at = find_item(app, in, with_a);
		free(with_a);
	}
	if (at >= 0)
		interview_move_to(app, in, (size_t)at);
	else
		app_message(app, true, "No item %s: items are requirements of clauses 4-10 (6.1.2) "
				       "and Annex A controls (A.8.2)", text);
	free(text);
}

/*
 * x: an Annex A control is excluded with its justification, asked at once, and the interview
 * moves on like a rating; x again makes it applicable. Clause requirements always apply.
 */
static void toggle_applicable(struct app *app, struct interview_state *in)
{
	const struct gap_interview *g = own(in);
	const char *item = in->rec.values[g->f_item];
	char *why;

	if (store_readonly(app->ws->store)) {
		app_message(app, true, "The workspace is open read-only");
		return;
	}
	if (strcmp(in->rec.values[g->f_kind], "control") != 0) {
		app_message(app, true, "%s is a clause requirement: it applies to every ISMS and "
				       "cannot be excluded",
			    item);
		return;
	}
	if (in->rec.values[g->f_applicable] && strcmp(in->rec.values[g->f_applicable], "no") == 0) {
		if (interview_save_fields(app, in, g->f_applicable, "yes", -1))
			app_message(app, false, "%s applies again: rate it 0-5", item);
		return;
	}
	why = app_prompt(app, "Why does it not apply here? ", in->rec.values[g->f_justification]);
	if (!why || !*why) {
		app_message(app, true, "%s still applies: an exclusion needs a justification", item);
	} else if (interview_save_fields(app, in, g->f_applicable, "no", g->f_justification, why, -1)) {
		interview_move_next(app, in);
	}
	free(why);
}

static enum ui_result gap_key(struct app *app, struct interview_state *in, int key)
{
	struct gap_interview *g = own(in);
	char today[32];

	if (key >= '0' && key <= '5') {
		char digit[2] = { (char)key, 0 };
		store_now(today);
		today[10] = '\0';
		if (store_readonly(app->ws->store)) {
			app_message(app, true, "The workspace is open read-only");
			return UI_HANDLED;
		}
		if (interview_save_fields(app, in, g->f_maturity, digit, g->f_answered, today,
				g->f_interviewee,
				in->rec.values[g->f_interviewee] ? in->rec.values[g->f_interviewee]
								  : g->interviewee,
				-1))
			interview_move_next(app, in);
		return UI_HANDLED;
	}
	if (key >= '6' && key <= '9') {
		app_message(app, true, "Maturity runs from 0 to 5");
		return UI_HANDLED;
	}
	switch (key) {
	case 'w': {
		char *who = app_prompt(app, "Interviewee (for this and the next answers): ",
				       g->interviewee);
		if (who) {
			free(g->interviewee);
			g->interviewee = *who ? who : NULL;
			if (!*who)
				free(who);
			interview_save_fields(app, in, g->f_interviewee, g->interviewee, -1);
		}
		return UI_HANDLED;
	}
	case 'x':
		toggle_applicable(app, in);
		return UI_HANDLED;
	case '/':
		jump(app, in);
		return UI_HANDLED;
	case 'u':
		move_unanswered(app, in, 1);
		return UI_HANDLED;
	case 'U':
		move_unanswered(app, in, -1);
		return UI_HANDLED;
	case UI_FN(KEY_BACKSPACE):
	case UI_FN(KEY_DC):
		if (interview_save_fields(app, in, g->f_maturity, NULL, -1))
			app_message(app, false, "%s is not assessed again: rate it 0-5",
				    in->rec.values[g->f_item]);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const char *const gap_interview_help[] = {
	"  0-5                   Record the maturity and go to the next item",
	"  n                     Notes of this item",
	"  v                     Evidence seen",
	"  w                     Interviewee, for this and the next answers",
	"  x                     Control not applicable: asks why, then moves on;",
	"                        x again: applicable. Clauses 4-10 always apply.",
	"  Backspace, Del        Clear the maturity",
	"  u, U                  Next, previous unanswered item",
	"  /                     Go to an item by its id (6.1.2, A.8.2)",
	"  j, k, arrows, Enter   Next, previous item",
	"  g, G                  First, last item",
	"  PgDn, PgUp            Ten items on, back",
	"  q, Esc                Back to the step (the interview resumes here)",
	"  ?, F1                 This help",
	NULL,
};

const struct interview_source gap_interview_source = {
	.table = "gap_item",
	.what = "the interview",
	.at_end = "u finds one unanswered",
	.hint = " 0-5 rate  n notes  v evidence  w who  x n/a  u unrated  / item  ? keys  q back",
	.open = gap_open,
	.close = gap_close,
	.hangup = save_position,
	.draw = gap_draw,
	.key = gap_key,
};
