/*
 * The gap interview of step 1.3 (key i): one requirement or control at a time. A digit 0-5
 * records the maturity and moves on, so a whole interview takes one key an item when no note
 * is taken. Every answer is saved at once; the position is kept for the next time.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ims2/gap.h"
#include "ims2/util.h"
#include "uiint.h"

struct interview_state {
	const struct reg *reg;
	long long *ids; /* the items in catalog order: 123 ids, not the records */
	size_t count, at;
	struct record rec; /* the item shown */
	char *interviewee; /* applied to the answers that follow */
	int f_maturity, f_target, f_applicable, f_notes, f_evidence, f_interviewee, f_answered,
		f_item, f_title, f_kind, f_grp, f_justification;
};

static int field(const struct reg *reg, const char *name)
{
	int i = reg_field_index(reg, name);

	if (i < 0)
		die("the gap register lacks the field %s", name);
	return i;
}

static void load_current(struct app *app, struct interview_state *in)
{
	struct ims2_error err;

	record_release(&in->rec);
	if (record_get(app->ws->store, in->reg, in->ids[in->at], &in->rec, &err))
		app_error(app, &err);
}

/*
 * The interviewee of the answers that follow, on resuming: the one recorded on the item where
 * the interview stands or the nearest item before it.
 */
static void resume_interviewee(struct app *app, struct interview_state *in)
{
	struct ims2_error err;
	struct record rec;
	size_t i;

	for (i = in->at + 1; i-- > 0 && !in->interviewee;) {
		if (record_get(app->ws->store, in->reg, in->ids[i], &rec, &err))
			break;
		if (rec.values[in->f_interviewee])
			in->interviewee = xstrdup(rec.values[in->f_interviewee]);
		record_release(&rec);
	}
}

/*
 * Starting an interview offers to record a session dated today (with the user as the
 * interviewer, and the interviewee) when the Interview sessions register has none yet.
 */
static void offer_session(struct app *app, struct interview_state *in)
{
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
	values[f_people] = in->interviewee;
	if (record_insert(app->ws->store, sessions, values, &id, &err)) {
		app_error(app, &err);
		return;
	}
	app->generation++;
	app_message(app, false, "Session of %s recorded: add its people and topics in the "
				"Interview sessions pane", today);
}

/* Moves to the item whose record is id (a row chosen in the table); false when none. */
static bool start_at(struct interview_state *in, long long id)
{
	size_t i;

	for (i = 0; i < in->count; i++)
		if (in->ids[i] == id) {
			in->at = i;
			return true;
		}
	return false;
}

static void *interview_enter(struct app *app, void *arg)
{
	const struct reg *reg = screen_set_find_register(&app->ws->screens, "gap_item");
	const struct form_arg *row = arg;
	struct interview_state *in;
	struct ims2_error err;

	if (!reg)
		return NULL;
	in = xcalloc(1, sizeof(*in));
	in->reg = reg;
	in->f_maturity = field(reg, "maturity");
	in->f_target = field(reg, "target");
	in->f_applicable = field(reg, "applicable");
	in->f_notes = field(reg, "notes");
	in->f_evidence = field(reg, "evidence");
	in->f_interviewee = field(reg, "interviewee");
	in->f_answered = field(reg, "answered_on");
	in->f_item = field(reg, "item");
	in->f_title = field(reg, "title");
	in->f_kind = field(reg, "kind");
	in->f_grp = field(reg, "grp");
	in->f_justification = field(reg, "justification");
	if (gap_interview_items(app->ws, &in->ids, &in->count, &in->at, &err)) {
		app_error(app, &err);
		free(in);
		return NULL;
	}
	if (!in->count) {
		free(in);
		app_message(app, true, "The gap analysis has no items");
		return NULL;
	}
	if (row && row->reg == reg && row->id)
		start_at(in, row->id);
	resume_interviewee(app, in);
	offer_session(app, in);
	load_current(app, in);
	return in;
}

/* Keeps the position for the next time (a cursor, not the user's data: no change log). */
static void save_position(struct app *app, struct interview_state *in)
{
	struct ims2_error err;

	if (in->rec.values &&
	    gap_interview_set_position(app->ws, in->rec.values[in->f_item], &err))
		app_error(app, &err);
}

static void interview_leave(struct app *app, void *state)
{
	struct interview_state *in = state;

	save_position(app, in);
	record_release(&in->rec);
	free(in->ids);
	free(in->interviewee);
	free(in);
}

static void interview_hangup(struct app *app, void *state)
{
	save_position(app, state);
}

/* Sets fields of the item shown (pairs of field index and value, ended by -1) and saves. */
static bool save_fields(struct app *app, struct interview_state *in, ...)
{
	struct ims2_error err;
	va_list ap;
	int f;

	va_start(ap, in);
	while ((f = va_arg(ap, int)) >= 0) {
		const char *v = va_arg(ap, const char *);
		char *copy = v && *v ? xstrdup(v) : NULL; /* v may be the value it replaces */
		free(in->rec.values[f]);
		in->rec.values[f] = copy;
	}
	va_end(ap);
	if (record_update(app->ws->store, in->reg, in->rec.id, in->rec.rev,
			  (const char *const *)in->rec.values, &err)) {
		app_error(app, &err);
		load_current(app, in);
		return false;
	}
	app->generation++;
	load_current(app, in);
	return true;
}

static int value_int(const struct record *rec, int f, int fallback)
{
	return rec->values[f] ? atoi(rec->values[f]) : fallback;
}

static void interview_draw(struct app *app, void *state)
{
	struct interview_state *in = state;
	const struct record *rec = &in->rec;
	const struct catalog *cat = &app->ws->catalog;
	const struct maturity *m = &cat->maturity;
	struct gap_summary s;
	struct ims2_error err;
	const struct gap_group *group = NULL;
	const char *prompt = NULL, *summary = NULL, *id;
	char line[512];
	size_t starts[16], lens[16], g;
	int y = 1, n, l, maturity, target;
	bool control, applicable;
	struct strbuf bar = { 0 };

	if (!rec->values)
		return;
	gap_summarise(app->ws, &s, &err);
	for (g = 0; g < s.group_count; g++)
		if (strcmp(s.groups[g].id, rec->values[in->f_grp]) == 0)
			group = &s.groups[g];
	id = rec->values[in->f_item];
	control = strcmp(rec->values[in->f_kind], "control") == 0;
	if (control) {
		const struct control *c = catalog_find_control(cat, id + 2);
		prompt = c ? c->prompt : NULL;
		summary = c ? c->description : NULL;
	} else {
		const struct clause *c = catalog_find_clause(cat, id);
		prompt = c ? c->prompt : NULL;
		summary = c ? c->summary : NULL;
	}
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
	snprintf(line, sizeof(line), "%s %s%s", id, rec->values[in->f_title],
		 catalog_new_in_2022(cat, id) ? CATALOG_NEW_MARK : "");
	draw_text(y++, 1, COLS - 2, line, A_BOLD | A_UNDERLINE);
	n = wrap_text(prompt ? prompt : "", COLS - 4, starts, lens, 16);
	for (l = 0; l < n && l < 4; l++) {
		char *part = xstrndup(prompt + starts[l], lens[l]);
		draw_text(y++, 2, COLS - 4, part, A_NORMAL);
		free(part);
	}
	n = wrap_text(summary ? summary : "", COLS - 4, starts, lens, 16);
	for (l = 0; l < n && l < 3; l++) {
		char *part = xstrndup(summary + starts[l], lens[l]);
		draw_text(y++, 2, COLS - 4, part, term_attr(ROLE_DIM));
		free(part);
	}
	y++;
	maturity = value_int(rec, in->f_maturity, -1);
	target = value_int(rec, in->f_target, s.default_target);
	applicable = !rec->values[in->f_applicable] ||
		     strcmp(rec->values[in->f_applicable], "no") != 0;
	snprintf(line, sizeof(line), "Maturity: %s%s%s   Target: %d%s   Status: %s",
		 maturity >= 0 ? rec->values[in->f_maturity] : "", maturity >= 0 ? " " : "",
		 maturity >= 0 ? m->names[maturity] : "not assessed", target,
		 rec->values[in->f_target] ? "" : " (default)",
		 gap_status_name(gap_status_of(maturity, target, applicable)));
	draw_text(y++, 2, COLS - 4, line, A_BOLD);
	snprintf(line, sizeof(line), "Notes:       %s",
		 rec->values[in->f_notes] ? rec->values[in->f_notes] : "");
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	snprintf(line, sizeof(line), "Evidence:    %s",
		 rec->values[in->f_evidence] ? rec->values[in->f_evidence] : "");
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	snprintf(line, sizeof(line), "Interviewee: %s",
		 rec->values[in->f_interviewee] ? rec->values[in->f_interviewee] : "");
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	if (in->interviewee) {
		snprintf(line, sizeof(line), "(answers now go to %s)", in->interviewee);
		draw_text(y++, 15, COLS - 17, line, term_attr(ROLE_DIM));
	}
	snprintf(line, sizeof(line), "0 %s  1 %s  2 %s  3 %s  4 %s  5 %s", m->names[0], m->names[1],
		 m->names[2], m->names[3], m->names[4], m->names[5]);
	draw_text(LINES - 2, 1, COLS - 2, line, term_attr(ROLE_DIM));
}

static void move_to(struct app *app, struct interview_state *in, size_t at)
{
	if (at >= in->count)
		return;
	in->at = at;
	load_current(app, in);
}

/* On to the next item, or says that this was the last. */
static void move_next(struct app *app, struct interview_state *in)
{
	if (in->at + 1 < in->count)
		move_to(app, in, in->at + 1);
	else
		app_message(app, false, "That was the last item (%zu of %zu); u finds one unanswered",
			    in->count, in->count);
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
			move_to(app, in, i);
}

/* The position of the item whose id is text (case ignored), or -1. */
static long long find_item(struct app *app, struct interview_state *in, const char *text)
{
	struct ims2_error err;
	struct record rec;
	size_t i;
	bool same;

	for (i = 0; i < in->count; i++) {
		if (record_get(app->ws->store, in->reg, in->ids[i], &rec, &err))
			return -1;
		same = rec.values[in->f_item] && strcasecmp(rec.values[in->f_item], text) == 0;
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
		move_to(app, in, (size_t)at);
	else
		app_message(app, true, "No item %s: items are requirements of clauses 4-10 (6.1.2) "
				       "and Annex A controls (A.8.2)", text);
	free(text);
}

static void edit_text(struct app *app, struct interview_state *in, int f, const char *label)
{
	char *text = app_prompt(app, label, in->rec.values[f]);

	if (text) {
		save_fields(app, in, f, text, -1);
		free(text);
	}
}

/*
 * x: an Annex A control is excluded with its justification, asked at once, and the interview
 * moves on like a rating; x again makes it applicable. Clause requirements always apply.
 */
static void toggle_applicable(struct app *app, struct interview_state *in)
{
	const char *item = in->rec.values[in->f_item];
	char *why;

	if (store_readonly(app->ws->store)) {
		app_message(app, true, "The workspace is open read-only");
		return;
	}
	if (strcmp(in->rec.values[in->f_kind], "control") != 0) {
		app_message(app, true, "%s is a clause requirement: it applies to every ISMS and "
				       "cannot be excluded",
			    item);
		return;
	}
	if (in->rec.values[in->f_applicable] && strcmp(in->rec.values[in->f_applicable], "no") == 0) {
		if (save_fields(app, in, in->f_applicable, "yes", -1))
			app_message(app, false, "%s applies again: rate it 0-5", item);
		return;
	}
	why = app_prompt(app, "Why does it not apply here? ", in->rec.values[in->f_justification]);
	if (!why || !*why) {
		app_message(app, true, "%s still applies: an exclusion needs a justification", item);
	} else if (save_fields(app, in, in->f_applicable, "no", in->f_justification, why, -1)) {
		move_next(app, in);
	}
	free(why);
}

static enum ui_result interview_key(struct app *app, void *state, enum action action, int key)
{
	struct interview_state *in = state;
	char today[32];

	if (key >= '0' && key <= '5') {
		char digit[2] = { (char)key, 0 };
		store_now(today);
		today[10] = '\0';
		if (store_readonly(app->ws->store)) {
			app_message(app, true, "The workspace is open read-only");
			return UI_HANDLED;
		}
		if (save_fields(app, in, in->f_maturity, digit, in->f_answered, today,
				in->f_interviewee,
				in->rec.values[in->f_interviewee] ? in->rec.values[in->f_interviewee]
								  : in->interviewee,
				-1))
			move_next(app, in);
		return UI_HANDLED;
	}
	if (key >= '6' && key <= '9') {
		app_message(app, true, "Maturity runs from 0 to 5");
		return UI_HANDLED;
	}
	switch (key) {
	case 'n':
		edit_text(app, in, in->f_notes, "Notes: ");
		return UI_HANDLED;
	case 'v':
		edit_text(app, in, in->f_evidence, "Evidence: ");
		return UI_HANDLED;
	case 'w': {
		char *who = app_prompt(app, "Interviewee (for this and the next answers): ",
				       in->interviewee);
		if (who) {
			free(in->interviewee);
			in->interviewee = *who ? who : NULL;
			if (!*who)
				free(who);
			save_fields(app, in, in->f_interviewee, in->interviewee, -1);
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
		if (save_fields(app, in, in->f_maturity, NULL, -1))
			app_message(app, false, "%s is not assessed again: rate it 0-5",
				    in->rec.values[in->f_item]);
		return UI_HANDLED;
	}
	switch (action) {
	case ACT_DOWN:
	case ACT_RIGHT:
	case ACT_OPEN:
		move_next(app, in);
		return UI_HANDLED;
	case ACT_UP:
	case ACT_LEFT:
		if (in->at > 0)
			move_to(app, in, in->at - 1);
		else
			app_message(app, false, "This is the first item");
		return UI_HANDLED;
	case ACT_FIRST:
		move_to(app, in, 0);
		return UI_HANDLED;
	case ACT_LAST:
		move_to(app, in, in->count - 1);
		return UI_HANDLED;
	case ACT_PAGE_DOWN:
		if (in->at + 1 < in->count)
			move_to(app, in, in->at + 10 < in->count ? in->at + 10 : in->count - 1);
		else
			move_next(app, in);
		return UI_HANDLED;
	case ACT_PAGE_UP:
		if (in->at > 0)
			move_to(app, in, in->at > 10 ? in->at - 10 : 0);
		else
			app_message(app, false, "This is the first item");
		return UI_HANDLED;
	case ACT_BACK:
	case ACT_COMMAND:
	case ACT_HELP:
	case ACT_REDRAW:
		return UI_UNHANDLED;
	default: {
		char name[16];
		app_message(app, true, "%s does nothing in the interview; ? lists its keys",
			    keys_name(key, name));
		return UI_HANDLED;
	}
	}
}

static const char *const interview_help[] = {
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

static const char *interview_hint(struct app *app, void *state)
{
	(void)app;
	(void)state;
	return " 0-5 rate  n notes  v evidence  w who  x n/a  j/k move  u unrated  / item  q back";
}

const struct view_ops interview_view = {
	.name = "interview",
	.context = CTX_LIST,
	.enter = interview_enter,
	.leave = interview_leave,
	.draw = interview_draw,
	.key = interview_key,
	.hint = interview_hint,
	.hangup = interview_hangup,
	.help = interview_help,
};
