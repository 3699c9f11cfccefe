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
#include "ims2/person.h"
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

/* The names of the people a refs value lists ("3, 7"), for the screen; caller frees. */
static char *people_names(struct app *app, const char *ids)
{
	struct strbuf sb = { 0 };
	const char *p = ids;
	char *end;

	while (p && *p) {
		long long id = strtoll(p, &end, 10);
		char *name;
		if (end == p)
			break;
		name = record_label(app->ws->store, &app->ws->screens, "person", id);
		strbuf_addf(&sb, "%s%s", sb.buf ? ", " : "", name ? name : "?");
		free(name);
		for (p = end; *p == ',' || *p == ' ';)
			p++;
	}
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

/*
 * Asks for a person of 2.1 with the fast chooser: 1 when one was chosen (*id), 2 when a name
 * that is not a person yet is to be added (*name and *function, caller frees), 0 when Enter
 * came with nothing typed, -1 when cancelled.
 */
static int ask_person(struct app *app, const char *label, const char *title, long long *id,
		      char **name, char **function)
{
	const struct reg *people = screen_set_find_register(&app->ws->screens, "person");
	char *typed = NULL, *question;
	long long got;

	if (!people) {
		app_message(app, true, "This workspace has no people register (2.1)");
		return -1;
	}
	got = app_pick_typed(app, people, label, title, &typed);
	if (got != 0)
		return got > 0 ? (*id = got, 1) : -1;
	if (!*typed) {
		free(typed);
		return 0;
	}
	question = xasprintf("New person '%s', function (optional): ", typed);
	*function = app_prompt(app, question, "");
	free(question);
	if (!*function) {
		app_message(app, false, "Nobody added: '%s' is not in People (2.1)", typed);
		free(typed);
		return -1;
	}
	*name = typed;
	return 2;
}

/* The interviewer of the last session recorded (its stored value), or NULL. Caller frees. */
static char *last_interviewer(struct app *app, const struct reg *sessions, int f_date, int f_who)
{
	struct record_view view = { &app->ws->screens, sessions, f_date, true, NULL };
	struct ims2_error err;
	struct record row, rec;
	char *who = NULL;
	int got = 0;

	if (record_window(app->ws->store, &view, 0, 1, &row, &got, &err) || !got)
		return NULL;
	if (!record_get(app->ws->store, sessions, row.id, &rec, &err)) {
		who = rec.values[f_who] ? xstrdup(rec.values[f_who]) : NULL;
		record_release(&rec);
	}
	record_release(&row);
	return who;
}

/*
 * Starting an interview with no session dated today asks who interviews, once for the day:
 * the interviewer is the session's (gap_session), not each answer's, and is usually the same
 * consultant from one session to the next, so Enter alone takes the last session's. A name not
 * yet in People (2.1) is added with the session, in one transaction. Esc records no session.
 */
static void offer_session(struct app *app, struct interview_state *in)
{
	const struct gap_interview *g = own(in);
	const struct reg *sessions = screen_set_find_register(&app->ws->screens, "gap_session");
	struct record_view view = { &app->ws->screens, sessions, -1, false, NULL };
	const char *values[8] = { 0 };
	struct ims2_error err;
	char today[32], title[256], *last = NULL, *last_name = NULL, *name = NULL, *function = NULL;
	char *who = NULL;
	long long id = 0, person = 0;
	int f_date, f_who, f_people, asked, rc;

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
	last = last_interviewer(app, sessions, f_date, f_who);
	last_name = last ? people_names(app, last) : NULL;
	if (last_name)
		snprintf(title, sizeof(title), "No session today (%s): who interviews? Enter alone: "
			 "%s", today, last_name);
	else
		snprintf(title, sizeof(title), "No interview session today (%s): who interviews?",
			 today);
	asked = ask_person(app, "Interviewer (Esc: no session): ", title, &person, &name, &function);
	if (asked < 0 || (asked == 0 && !last)) {
		app_message(app, false, "No session recorded for today: the answers are saved all "
					"the same");
		goto out;
	}
	who = asked == 1 ? xasprintf("%lld", person) : asked == 0 ? xstrdup(last) : NULL;
	values[f_date] = today;
	values[f_who] = who;
	values[f_people] = g->interviewee;
	rc = asked == 2 ? person_save_new(app->ws->store, &app->ws->screens, sessions, 0, 0, values,
					  f_who, name, function, NULL, &id, &err)
			: record_insert(app->ws->store, sessions, values, &id, &err);
	if (rc) {
		app_error(app, &err);
		goto out;
	}
	app->generation++;
	app_message(app, false, "Session of %s recorded%s: its topics go in the Interview sessions "
				"pane", today, asked == 2 ? ", with its interviewer added to People" : "");
out:
	free(who);
	free(name);
	free(function);
	free(last);
	free(last_name);
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
	char line[512], *names;
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
	names = people_names(app, rec->values[g->f_interviewee]);
	snprintf(line, sizeof(line), "Interviewee: %s", names);
	free(names);
	draw_text(y++, 2, COLS - 4, line, A_NORMAL);
	if (g->interviewee) {
		names = people_names(app, g->interviewee);
		snprintf(line, sizeof(line), "(answers now go to %s)", names);
		free(names);
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

/* True when the refs value list ("3, 17") names record id. */
static bool lists(const char *list, long long id)
{
	const char *p = list;
	char *end;

	while (p && *p) {
		if (strtoll(p, &end, 10) == id && end != p)
			return true;
		if (end == p)
			return false;
		for (p = end; *p == ',' || *p == ' ';)
			p++;
	}
	return false;
}

/* Today's session, when there is one, lists the interviewee chosen among its interviewees. */
static void session_add_interviewee(struct app *app, long long person)
{
	const struct reg *sessions = screen_set_find_register(&app->ws->screens, "gap_session");
	struct record_view view = { &app->ws->screens, sessions, -1, false, NULL };
	struct ims2_error err;
	struct record rec;
	long long id = 0;
	char today[32], *list;
	int f_people = sessions ? reg_field_index(sessions, "interviewees") : -1;

	if (f_people < 0)
		return;
	store_now(today);
	today[10] = '\0';
	if (record_find(app->ws->store, &view, today, 0, 1, &id, &err) != IMS2_OK)
		return;
	if (record_get(app->ws->store, sessions, id, &rec, &err)) {
		app_error(app, &err);
		return;
	}
	if (!lists(rec.values[f_people], person)) {
		list = rec.values[f_people] ? xasprintf("%s, %lld", rec.values[f_people], person)
					    : xasprintf("%lld", person);
		free(rec.values[f_people]);
		rec.values[f_people] = list;
		if (record_update(app->ws->store, sessions, rec.id, rec.rev,
				  (const char *const *)rec.values, &err))
			app_error(app, &err);
	}
	record_release(&rec);
}

/* The answers saved before are kept when the interviewee is new: the item as it stands. */
static void add_interviewee(struct app *app, struct interview_state *in, const char *name,
			    const char *function)
{
	struct gap_interview *g = own(in);
	const char **values = xcalloc(in->reg->field_count, sizeof(*values));
	struct ims2_error err;
	long long person;

	memcpy(values, in->rec.values, in->reg->field_count * sizeof(*values));
	values[g->f_interviewee] = NULL;
	if (person_save_new(app->ws->store, &app->ws->screens, in->reg, in->rec.id, in->rec.rev,
			    values, g->f_interviewee, name, function, &person, NULL, &err)) {
		app_error(app, &err);
	} else {
		free(g->interviewee);
		g->interviewee = xasprintf("%lld", person);
		session_add_interviewee(app, person);
		app->generation++;
		app_message(app, false, "%s added to People (2.1): answers now go to them", name);
	}
	free(values);
	interview_load(app, in);
}

/*
 * w: the interviewee of this and the next answers, chosen by a few letters and Enter; a name
 * that is not a person yet is added on the spot with this item, in one transaction. Today's
 * session then lists them among its interviewees.
 */
static void choose_interviewee(struct app *app, struct interview_state *in)
{
	struct gap_interview *g = own(in);
	char *name = NULL, *function = NULL;
	long long person = 0;
	int asked;

	if (store_readonly(app->ws->store)) {
		app_message(app, true, "The workspace is open read-only");
		return;
	}
	asked = ask_person(app, "Interviewee: ",
			   "Interviewee of the next answers (Enter alone: nobody; Esc: unchanged)",
			   &person, &name, &function);
	if (asked == 2) {
		add_interviewee(app, in, name, function);
	} else if (asked >= 0) {
		free(g->interviewee);
		g->interviewee = asked == 1 ? xasprintf("%lld", person) : NULL;
		if (interview_save_fields(app, in, g->f_interviewee, g->interviewee, -1) && asked == 1)
			session_add_interviewee(app, person);
	}
	free(name);
	free(function);
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
	case 'w':
		choose_interviewee(app, in);
		return UI_HANDLED;
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
	"  w                     Interviewee, for this and the next answers: a few",
	"                        letters of a person of 2.1, Enter; a new name is added",
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
