/*
 * A step of the method: panes for its guidance, its checklist of activities and each
 * register its screen file declares (a table, or a single-record form shown as a summary).
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/checks.h"
#include "ims2/util.h"
#include "uiint.h"

#define PANE_GUIDANCE 0
#define PANE_ACTIVITIES 1
#define PANE_FIRST_REGISTER 2

struct step_state {
	const char *step; /* first: app.c reads the open step through it */
	size_t index;
	const struct screen *screen;
	int pane, pane_count;
	int guidance_top, activity;
	/* The Activities pane: its first row shown, whether it follows the current activity
	 * (j/k) or was scrolled (PgUp/PgDn, j past the last activity), as last drawn. */
	int activities_top, activities_page;
	bool activities_follow, activity_shown;
	char *guidance; /* reflowed: one line per paragraph */
	struct table_widget *tables; /* one per register (unused for forms) */
	struct form_arg form;        /* what the form being opened edits */
	int focus_pane;              /* after a save: the pane whose table shows the record */
	const struct pane_ops **views; /* the special panes, after the registers */
	struct pane_state *view_states;
	struct step_progress progress; /* read again only when a change was saved */
	unsigned progress_generation;
	bool progress_valid;
};

/* Joins the lines of each paragraph: the text is wrapped to the terminal when drawn. */
static void reflow(struct strbuf *sb, const char *text)
{
	const char *p;

	for (p = text; *p; p++) {
		if (*p == '\n' && p[1] == '\n') {
			strbuf_adds(sb, "\n\n");
			while (p[1] == '\n')
				p++;
		} else if (*p == '\n') {
			if (p[1])
				strbuf_adds(sb, " ");
		} else {
			strbuf_add(sb, p, 1);
		}
	}
}

static void *step_enter(struct app *app, void *arg)
{
	const char *id = arg;
	int index = catalog_step_index(&app->ws->catalog, id);
	const struct step *step;
	struct step_state *s;
	struct strbuf sb = { 0 };
	size_t i;

	if (index < 0)
		return NULL;
	step = &app->ws->catalog.steps[index];
	s = xcalloc(1, sizeof(*s));
	s->index = (size_t)index;
	s->step = step->id;
	s->screen = &app->ws->screens.screens[index];
	s->views = xcalloc(s->screen->view_count + 1, sizeof(*s->views));
	s->view_states = xcalloc(s->screen->view_count + 1, sizeof(*s->view_states));
	/* ui_run() made sure every view named exists. */
	for (i = 0; i < s->screen->view_count; i++)
		s->views[i] = pane_find(s->screen->views[i]);
	s->pane_count = PANE_FIRST_REGISTER + (int)(s->screen->reg_count + s->screen->view_count);
	s->pane = s->screen->reg_count ? PANE_FIRST_REGISTER : PANE_GUIDANCE;
	s->focus_pane = -1;
	s->activities_follow = true;
	s->tables = xcalloc(s->screen->reg_count + 1, sizeof(*s->tables));
	for (i = 0; i < s->screen->reg_count; i++)
		table_init(&s->tables[i], app, &s->screen->regs[i]);
	reflow(&sb, s->screen->guidance);
	if (s->screen->later) {
		strbuf_adds(&sb, "\n\nComing in a later version: ");
		reflow(&sb, s->screen->later);
	}
	strbuf_adds(&sb, "\n\nClauses this step serves:");
	for (i = 0; i < step->clause_count; i++) {
		const struct clause *c = catalog_find_clause(&app->ws->catalog, step->clauses[i]);
		strbuf_addf(&sb, "\n  %s %s", c->id, c->title);
	}
	s->guidance = strbuf_detach(&sb);
	return s;
}

static void step_leave(struct app *app, void *state)
{
	struct step_state *s = state;
	size_t i;

	(void)app;
	for (i = 0; i < s->screen->reg_count; i++)
		table_release(&s->tables[i]);
	free(s->tables);
	free(s->views);
	free(s->view_states);
	free(s->guidance);
	step_progress_release(&s->progress);
	free(s);
}

static const char *pane_title(struct step_state *s, int pane, char *buf, size_t size)
{
	if (pane == PANE_GUIDANCE)
		return "Guidance";
	if (pane == PANE_ACTIVITIES)
		return "Activities";
	if (pane >= PANE_FIRST_REGISTER + (int)s->screen->reg_count)
		return s->views[pane - PANE_FIRST_REGISTER - s->screen->reg_count]->title;
	snprintf(buf, size, "%s", s->screen->regs[pane - PANE_FIRST_REGISTER].title);
	return buf;
}

/*
 * The pane titles in one row at their full width. When they do not all fit, the row scrolls
 * so that the current one shows, with an arrow at each end that has more.
 */
static void draw_tabs(struct step_state *s, int y)
{
	int p, x, first = 0, width;
	char buf[128];

	for (;;) { /* the first tab shown: the current one must end on the screen */
		width = 3;
		for (p = first; p <= s->pane; p++)
			width += text_width(pane_title(s, p, buf, sizeof(buf))) + 3;
		if (width <= COLS - 2 || first == s->pane)
			break;
		first++;
	}
	move(y, 0);
	clrtoeol();
	if (first > 0)
		draw_text(y, 0, 1, glyphs.up[0] == '^' ? "<" : "‹", A_BOLD);
	for (p = first, x = 2; p < s->pane_count; p++) {
		const char *t = pane_title(s, p, buf, sizeof(buf));
		int w = text_width(t) + 2, attr = p == s->pane ? A_REVERSE | A_BOLD : A_UNDERLINE;

		if (x + w > COLS - 2) {
			draw_text(y, COLS - 1, 1, glyphs.up[0] == '^' ? ">" : "›", A_BOLD);
			break;
		}
		draw_text(y, x, 1, "", attr);
		draw_text(y, x + 1, w - 2, t, attr);
		draw_text(y, x + w - 1, 1, "", attr);
		x += w + 1;
	}
}

static void draw_guidance(struct step_state *s, int y, int height)
{
	size_t starts[400], lens[400];
	int n = wrap_text(s->guidance, COLS - 4, starts, lens, 400), r;

	if (n > 400)
		n = 400;
	if (s->guidance_top > n - height)
		s->guidance_top = n - height;
	if (s->guidance_top < 0)
		s->guidance_top = 0;
	for (r = 0; r < height; r++) {
		int line = s->guidance_top + r;
		char *text = line < n ? xstrndup(s->guidance + starts[line], lens[line]) : NULL;
		draw_text(y + r, 2, COLS - 4, text ? text : "", A_NORMAL);
		free(text);
	}
}

/* One row of the Activities pane: a part of an activity or of a point to check. */
struct activity_row {
	char *text;
	int x, attr;
	int activity; /* the activity whose text it shows, or -1 */
	const char *box; /* "[x]" or "[ ]" on an activity's first row */
};

struct activity_rows {
	struct activity_row *rows;
	int count, cap;
};

static void add_row(struct activity_rows *r, char *text, int x, int attr, int activity,
		    const char *box)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 32;
		r->rows = xrealloc(r->rows, (size_t)r->cap * sizeof(*r->rows));
	}
	r->rows[r->count++] = (struct activity_row){ text, x, attr, activity, box };
}

/* text wrapped at words into rows of width, from column x (continuation rows at x2). */
static void add_wrapped(struct activity_rows *r, const char *text, int x, int x2, int width,
			int attr, int activity, const char *box)
{
	size_t starts[8], lens[8];
	int n = wrap_text(text, width, starts, lens, 8), l;

	for (l = 0; l < n && l < 8; l++)
		add_row(r, xstrndup(text + starts[l], lens[l]), l ? x2 : x, attr, activity,
			l ? NULL : box);
}

/* The activities, then the points to check of the step, as rows to scroll through. */
static void activity_rows_build(struct app *app, struct step_state *s, struct activity_rows *r)
{
	struct check_report found;
	size_t i;

	for (i = 0; i < s->screen->activity_count; i++) {
		bool done = store_activity_done(app->ws->store, s->step, s->screen->activities[i].id);
		add_wrapped(r, s->screen->activities[i].text, 6, 6, COLS - 8, A_NORMAL, (int)i,
			    done ? "[x]" : "[ ]");
	}
	checks_run(app->ws, s->step, &found);
	if (found.count || found.status) {
		add_row(r, xstrdup(""), 2, A_NORMAL, -1, NULL);
		add_row(r, xstrdup("Points to check:"), 2, term_attr(ROLE_ERROR), -1, NULL);
		if (found.status)
			add_wrapped(r, found.error.message, 4, 6, COLS - 8, term_attr(ROLE_ERROR),
				    -1, NULL);
		/* Wrapped at words, continuation lines indented under the text. */
		for (i = 0; i < found.count; i++)
			add_wrapped(r, found.findings[i].message, 4, 6, COLS - 8, A_NORMAL, -1,
				    NULL);
	}
	check_report_release(&found);
}

/*
 * The rows from s->activities_top that fit in height, the current activity brought into view
 * unless the user scrolled away from it; a last row says what lies above or below.
 */
static void draw_activity_rows(struct step_state *s, struct activity_rows *r, int y, int height)
{
	int shown = r->count > height ? height - 1 : height, first = -1, last = -1, i;
	char more[96];

	for (i = 0; i < r->count; i++)
		if (r->rows[i].activity == s->activity) {
			if (first < 0)
				first = i;
			last = i;
		}
	if (s->activities_follow && first >= 0) {
		if (last >= s->activities_top + shown)
			s->activities_top = last - shown + 1;
		if (first < s->activities_top)
			s->activities_top = first;
	}
	if (s->activities_top > r->count - shown)
		s->activities_top = r->count - shown;
	if (s->activities_top < 0)
		s->activities_top = 0;
	s->activities_page = shown > 1 ? shown - 1 : 1;
	s->activity_shown = first >= s->activities_top && last < s->activities_top + shown;
	for (i = 0; i < shown && s->activities_top + i < r->count; i++) {
		const struct activity_row *row = &r->rows[s->activities_top + i];
		int attr = row->activity >= 0 && row->activity == s->activity ? (int)A_REVERSE : row->attr;

		if (row->box)
			draw_text(y + i, 2, 4, row->box, attr);
		draw_text(y + i, row->x, COLS - row->x - 2, row->text, attr);
	}
	if (shown == height)
		return;
	if (s->activities_top + shown < r->count)
		snprintf(more, sizeof(more), "%s %d more lines below: j or PgDn", glyphs.down,
			 r->count - s->activities_top - shown);
	else
		snprintf(more, sizeof(more), "%s %d lines above: k or PgUp", glyphs.up,
			 s->activities_top);
	draw_text(y + shown, 2, COLS - 4, more, term_attr(ROLE_DIM));
}

static void draw_activities(struct app *app, struct step_state *s, int y, int height)
{
	const struct step_progress *p = &s->progress;
	struct activity_rows rows = { 0 };
	char figures[192];
	int i;

	activity_rows_build(app, s, &rows);
	draw_activity_rows(s, &rows, y, height - 1);
	for (i = 0; i < rows.count; i++)
		free(rows.rows[i].text);
	free(rows.rows);
	/* What the completion figure is made of, so that it can be checked. */
	if (p->register_fill == p->registers_filled)
		snprintf(figures, sizeof(figures),
			 "Space or x ticks. %d %%: %d of %d activities ticked, %d of %d registers "
			 "filled.",
			 p->percent, p->activities_done, p->activity_count, p->registers_filled,
			 p->register_count);
	else /* a catalog register counts by the share of its rows answered */
		snprintf(figures, sizeof(figures),
			 "Space or x ticks. %d %%: %d of %d activities ticked, %.1f of %d registers "
			 "filled.",
			 p->percent, p->activities_done, p->activity_count, p->register_fill,
			 p->register_count);
	draw_text(y + height - 1, 2, COLS - 4, figures, term_attr(ROLE_DIM));
}

static void draw_form_summary(struct app *app, const struct reg *reg, int y, int height)
{
	struct record_view view = { &app->ws->screens, reg, -1, false, NULL };
	struct ims2_error err;
	struct record rec;
	int got = 0, row = 0;
	size_t i;

	if (record_window(app->ws->store, &view, 0, 1, &rec, &got, &err))
		app_error(app, &err);
	if (!got) {
		draw_text(y, 2, COLS - 4,
			  store_readonly(app->ws->store)
				  ? "Not filled in yet."
				  : "Not filled in yet. Press e or Enter to fill it in.",
			  term_attr(ROLE_DIM));
		return;
	}
	for (i = 0; i < reg->field_count && row < height; i++) {
		const char *v = rec.values[i] ? rec.values[i] : "";
		size_t starts[64], lens[64];
		int n = wrap_text(v, COLS - 24, starts, lens, 64), l;

		draw_text(y + row, 2, 19, reg->fields[i].label, term_attr(ROLE_HEADING));
		if (n > 64)
			n = 64;
		for (l = 0; l < n && row < height; l++, row++) {
			char *part = xstrndup(v + starts[l], lens[l]);
			draw_text(y + row, 22, COLS - 24, part, A_NORMAL);
			free(part);
		}
		if (n == 0)
			row++;
	}
	record_release(&rec);
}

/* The special pane shown in pane, or NULL when it is not one. */
static const struct pane_ops *view_of(struct step_state *s, int pane, struct pane_state **top)
{
	int v = pane - PANE_FIRST_REGISTER - (int)s->screen->reg_count;

	if (v < 0)
		return NULL;
	*top = &s->view_states[v];
	return s->views[v];
}

/* A pane asked to show a record (app->jump_table, app->jump_id): switch to its register. */
static void follow_jump(struct app *app, struct step_state *s)
{
	size_t i;

	if (!app->jump_table)
		return;
	for (i = 0; i < s->screen->reg_count; i++) {
		if (strcmp(s->screen->regs[i].table, app->jump_table) == 0) {
			struct table_widget *t = &s->tables[i];
			s->pane = PANE_FIRST_REGISTER + (int)i;
			t->valid = false;
			t->cursor = record_position(app->ws->store, &t->view, app->jump_id);
		}
	}
	app->jump_table = NULL;
	app->jump_id = 0;
}

static void step_draw(struct app *app, void *state)
{
	struct step_state *s = state;
	const struct step *step = &app->ws->catalog.steps[s->index];
	struct step_progress *p = &s->progress;
	char line[512];
	int body = 4, height = LINES - body - 1;

	follow_jump(app, s); /* a draft opened at start shows its register behind its form */
	if (!s->progress_valid || s->progress_generation != app->generation) {
		step_progress_release(p);
		workspace_step_progress(app->ws, s->index, p);
		s->progress_valid = true;
		s->progress_generation = app->generation;
	}
	snprintf(line, sizeof(line), "%s %s  %s %s  %s, %d %%%s%s%s", step->id, step->name,
		 glyphs.vline, app->ws->catalog.phases[step->phase].name, p->status, p->percent,
		 p->reason ? ": " : "", p->reason ? p->reason : "",
		 p->percent >= 100 && strcmp(p->status, "in progress") == 0
			 ? "  ready for :done"
			 : "");
	draw_text(1, 0, COLS, line, term_attr(ROLE_HEADING) | A_BOLD);
	draw_tabs(s, 2);
	struct pane_state *top = NULL;
	const struct pane_ops *view = view_of(s, s->pane, &top);
	if (view) {
		view->draw(app, top, body - 1, height + 1);
	} else if (s->pane >= PANE_FIRST_REGISTER) {
		const struct reg *reg = &s->screen->regs[s->pane - PANE_FIRST_REGISTER];
		struct table_widget *t = &s->tables[s->pane - PANE_FIRST_REGISTER];

		draw_text(3, 1, COLS - 16, reg->help ? reg->help : "", term_attr(ROLE_DIM));
		if (reg->form) {
			draw_form_summary(app, reg, body, height);
			return;
		}
		if (s->focus_pane == s->pane && app->last_saved_id) {
			t->valid = false;
			t->cursor = record_position(app->ws->store, &t->view, app->last_saved_id);
			s->focus_pane = -1;
		}
		table_draw(app, t, body, 1, height, COLS - 2);
	} else if (s->pane == PANE_GUIDANCE) {
		draw_guidance(s, body - 1, height + 1);
	} else {
		draw_activities(app, s, body - 1, height + 1);
	}
}

/* Opens the form on record id (0: a new one); read-only, an existing record is only shown. */
static enum ui_result open_form(struct app *app, struct step_state *s, const struct reg *reg,
				long long id)
{
	if (store_readonly(app->ws->store) && !id) {
		app_message(app, true, "The workspace is open read-only: nothing can be added");
		return UI_HANDLED;
	}
	s->form.reg = reg;
	s->form.id = id;
	s->focus_pane = s->pane;
	app->last_saved_id = 0;
	app->next_view = &form_view;
	app->next_arg = &s->form;
	return UI_OPEN;
}

static enum ui_result register_key(struct app *app, struct step_state *s, enum action action)
{
	const struct reg *reg = &s->screen->regs[s->pane - PANE_FIRST_REGISTER];
	struct table_widget *t = &s->tables[s->pane - PANE_FIRST_REGISTER];
	const struct record *rec;
	struct ims2_error err;

	if (reg->form) {
		long long n = 0;
		if (action != ACT_OPEN && action != ACT_EDIT && action != ACT_ADD)
			return UI_UNHANDLED;
		record_count(app->ws->store, reg, &n, &err);
		return open_form(app, s, reg, n ? 1 : 0);
	}
	if (reg->fixed && (action == ACT_ADD || action == ACT_DELETE)) {
		app_message(app, true, "%s has one row for each catalog item: edit them with e",
			    reg->title);
		return UI_HANDLED;
	}
	switch (action) {
	case ACT_ADD:
		return open_form(app, s, reg, 0);
	case ACT_OPEN:
	case ACT_EDIT:
		rec = table_current(app, t);
		if (!rec) {
			app_message(app, false, "No record here; press a to add one");
			return UI_HANDLED;
		}
		return open_form(app, s, reg, rec->id);
	case ACT_DELETE: {
		long long id;
		char *label;
		rec = table_current(app, t);
		if (!rec)
			return UI_HANDLED;
		if (store_readonly(app->ws->store)) {
			app_message(app, true, "The workspace is open read-only");
			return UI_HANDLED;
		}
		id = rec->id;
		label = xstrdup(rec->values[0] ? rec->values[0] : "this record");
		if (app_confirm(app, "Delete '%.60s' from %s? This cannot be undone. (y/n)", label,
				reg->title)) {
			if (record_delete(app->ws->store, &app->ws->screens, reg, id, &err))
				app_error(app, &err);
			else {
				app->generation++;
				app_message(app, false, "Deleted '%.60s'", label);
			}
		}
		free(label);
		return UI_HANDLED;
	}
	default:
		return table_key(app, t, action);
	}
}

static enum ui_result step_key(struct app *app, void *state, enum action action, int key)
{
	struct step_state *s = state;
	struct ims2_error err;

	struct pane_state *top = NULL;
	const struct pane_ops *view = view_of(s, s->pane, &top);
	size_t v;
	enum ui_result r;

	for (v = 0; v < s->screen->view_count; v++) {
		if (s->views[v] && s->views[v]->open_key && s->views[v]->open_key == key) {
			/*
			 * The row the user moved to goes along: the view starts there (the
			 * interview at that item); otherwise it resumes where it stopped.
			 */
			const struct record *rec = NULL;
			int reg_pane = s->pane - PANE_FIRST_REGISTER;
			if (reg_pane >= 0 && !view && !s->screen->regs[reg_pane].form &&
			    s->tables[reg_pane].moved) {
				rec = table_current(app, &s->tables[reg_pane]);
				s->tables[reg_pane].moved = false;
			}
			s->form.reg = rec ? &s->screen->regs[reg_pane] : NULL;
			s->form.id = rec ? rec->id : 0;
			app->next_view = s->views[v]->opens;
			app->next_arg = &s->form;
			return UI_OPEN;
		}
	}
	if (view && action != ACT_NEXT_PANE && action != ACT_PREV_PANE) {
		r = view->key ? view->key(app, top, action, key) : UI_UNHANDLED;
		follow_jump(app, s);
		return r;
	}
	if (action == ACT_NEXT_PANE) {
		s->pane = (s->pane + 1) % s->pane_count;
		return UI_HANDLED;
	}
	if (action == ACT_PREV_PANE) {
		s->pane = (s->pane + s->pane_count - 1) % s->pane_count;
		return UI_HANDLED;
	}
	if (s->pane >= PANE_FIRST_REGISTER)
		return register_key(app, s, action);
	if (s->pane == PANE_GUIDANCE) {
		if (action == ACT_DOWN || action == ACT_PAGE_DOWN)
			s->guidance_top += action == ACT_DOWN ? 1 : LINES - 6;
		else if (action == ACT_UP || action == ACT_PAGE_UP)
			s->guidance_top -= action == ACT_UP ? 1 : LINES - 6;
		else if (action == ACT_FIRST)
			s->guidance_top = 0;
		else if (action == ACT_LAST)
			s->guidance_top = INT_MAX / 2; /* draw_guidance() shows the last page */
		else
			return UI_UNHANDLED;
		if (s->guidance_top < 0)
			s->guidance_top = 0;
		return UI_HANDLED;
	}
	switch (action) {
	case ACT_UP:
		if (!s->activities_follow && !s->activity_shown && s->activities_top > 0) {
			s->activities_top--; /* back up through the points to check */
			return UI_HANDLED;
		}
		if (s->activity > 0 && s->activity_shown)
			s->activity--;
		s->activities_follow = true;
		return UI_HANDLED;
	case ACT_DOWN:
		if (s->activity + 1 < (int)s->screen->activity_count &&
		    (s->activities_follow || s->activity_shown)) {
			s->activity++;
			s->activities_follow = true;
		} else {
			s->activities_top++; /* on into the points to check */
			s->activities_follow = false;
		}
		return UI_HANDLED;
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		s->activities_top += action == ACT_PAGE_DOWN ? s->activities_page : -s->activities_page;
		s->activities_follow = false;
		return UI_HANDLED;
	case ACT_FIRST:
		s->activity = 0;
		s->activities_top = 0;
		s->activities_follow = true;
		return UI_HANDLED;
	case ACT_LAST:
		s->activities_top = INT_MAX / 2; /* draw_activity_rows() shows the last page */
		s->activities_follow = false;
		return UI_HANDLED;
	case ACT_TOGGLE:
	case ACT_OPEN: {
		const struct activity *a = &s->screen->activities[s->activity];
		bool done = !store_activity_done(app->ws->store, s->step, a->id);
		if (store_set_activity(app->ws->store, s->step, a->id, done, &err))
			app_error(app, &err);
		else
			app->generation++;
		return UI_HANDLED;
	}
	default:
		return UI_UNHANDLED;
	}
}

static const char *step_hint(struct app *app, void *state)
{
	struct step_state *s = state;

	struct pane_state *top = NULL;
	const struct pane_ops *view = view_of(s, s->pane, &top);

	if (view)
		return view->hint;
	if (store_readonly(app->ws->store) && s->pane >= PANE_FIRST_REGISTER)
		return s->screen->regs[s->pane - PANE_FIRST_REGISTER].form
			       ? " read-only  Enter view  Tab next pane  :export FILE  ? help  q back"
			       : " read-only  Enter view  / search  f filter  s sort  Tab pane  ? help  "
				 "q back";
	if (s->pane == PANE_ACTIVITIES)
		return " Space tick  Tab next pane  :done :skip WHY  ? help  q back";
	if (s->pane == PANE_GUIDANCE)
		return " j/k PgUp/PgDn g/G scroll  Tab next pane  :done :skip WHY  ? help  q back";
	if (s->screen->regs[s->pane - PANE_FIRST_REGISTER].form)
		return " e edit  Tab next pane  :done  :export FILE  ? help  q back";
	if (s->screen->regs[s->pane - PANE_FIRST_REGISTER].fixed)
		return " e edit  / search  f filter  s sort  Tab pane  :export FILE  ? help  q back";
	return " a add  e edit  d delete  / search  f filter  s sort  Tab pane  ? help  q back";
}

int step_open_points(struct app *app, size_t index, struct strbuf *out)
{
	const struct screen *scr = &app->ws->screens.screens[index];
	struct check_report found;
	int count = 0, unticked = 0, n;
	size_t i;

	for (i = 0; i < scr->activity_count; i++)
		unticked += !store_activity_done(app->ws->store, scr->step, scr->activities[i].id);
	if (unticked) {
		strbuf_addf(out, "%d of %zu activities unticked", unticked, scr->activity_count);
		count += unticked;
	}
	for (i = 0; i < scr->reg_count; i++) {
		double fill;
		if (!scr->regs[i].counts)
			continue;
		fill = workspace_register_fill(app->ws, &scr->regs[i]);
		if (fill >= 1)
			continue;
		if (scr->regs[i].fixed)
			strbuf_addf(out, "%s%s %d %% answered", out->len ? "; " : "",
				    scr->regs[i].title, (int)(fill * 100));
		else
			strbuf_addf(out, "%s%s empty", out->len ? "; " : "", scr->regs[i].title);
		count++;
	}
	if (checks_run(app->ws, scr->step, &found)) {
		strbuf_addf(out, "%s%s", out->len ? "; " : "", found.error.message);
		count++;
	}
	n = (int)found.count;
	if (n) {
		const char *first = found.findings[0].message;
		size_t len = strlen(first);
		if (len && first[len - 1] == '.')
			len--;
		strbuf_addf(out, "%s%d point%s to check (%.*s)", out->len ? "; " : "", n,
			    n == 1 ? "" : "s", (int)len, first);
		count += n;
	}
	check_report_release(&found);
	return count;
}

const struct view_ops step_view = {
	.name = "step",
	.context = CTX_LIST,
	.enter = step_enter,
	.leave = step_leave,
	.draw = step_draw,
	.key = step_key,
	.hint = step_hint,
};
