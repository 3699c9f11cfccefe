/*
 * The one form widget: edits one record of a register, field by field. Typing edits the
 * field under the cursor; Ctrl-S or F2 saves; Esc leaves, asking first when something
 * changed. When the terminal is lost, the values are kept as a draft and offered back the
 * next time the same record is opened.
 */
#include <assert.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/checks.h"
#include "ims2/registry.h"
#include "ims2/util.h"
#include "uiint.h"

#define LABEL_WIDTH 20
#define MULTILINE_ROWS 4

struct form_state {
	const struct reg *reg;
	long long id, rev;
	struct editor *editors; /* one per field; choice and ref fields hold their value */
	char *original;         /* the values as loaded, to tell whether anything changed */
	int field; /* the field under the cursor (an index into reg->fields) */
	int top;   /* the first position of the ask order shown */
	struct ims2_error *errors; /* one per field: what is wrong with it, IMS2_OK when nothing */
	bool readonly; /* the workspace is open read-only: the record is shown, not edited */
	const char *locked; /* or the record is ims2's own (registry.h): why; else NULL */
	struct backlink *backlinks; /* what refers to the record, shown above its fields */
	size_t backlink_count;
	/* The field ims2 computes from the others (registry.h `computes`), -1: none; its value. */
	int computed;
	char *computed_value;
};

/* Values as "name=value" lines, backslash and newline escaped: drafts and change checks. */
static char *serialize(const struct form_state *f)
{
	struct strbuf sb = { 0 };
	size_t i;
	const char *p;

	for (i = 0; i < f->reg->field_count; i++) {
		char *v = editor_text(&f->editors[i]);
		strbuf_addf(&sb, "%s=", f->reg->fields[i].name);
		for (p = v; *p; p++) {
			if (*p == '\\')
				strbuf_adds(&sb, "\\\\");
			else if (*p == '\n')
				strbuf_adds(&sb, "\\n");
			else
				strbuf_add(&sb, p, 1);
		}
		strbuf_adds(&sb, "\n");
		free(v);
	}
	return strbuf_detach(&sb);
}

static void deserialize(struct form_state *f, const char *body)
{
	const char *line = body;

	while (*line) {
		const char *eq = strchr(line, '='), *end = strchr(line, '\n'), *p;
		struct strbuf v = { 0 };
		char *name;
		int i;

		if (!end)
			end = line + strlen(line);
		if (!eq || eq > end)
			break;
		name = xstrndup(line, (size_t)(eq - line));
		for (p = eq + 1; p < end; p++) {
			if (*p == '\\' && p + 1 < end) {
				p++;
				strbuf_add(&v, *p == 'n' ? "\n" : p, 1);
			} else {
				strbuf_add(&v, p, 1);
			}
		}
		i = reg_field_index(f->reg, name);
		if (i >= 0)
			editor_set(&f->editors[i], v.buf ? v.buf : "",
				   f->reg->fields[i].type == FIELD_MULTILINE);
		free(name);
		strbuf_release(&v);
		line = *end ? end + 1 : end;
	}
}

static void move_field(struct form_state *f, int dir);

/* The ask order (reg->ask): how many fields the form shows, the field at a position, and back. */
static int ask_count(const struct form_state *f)
{
	return f->reg->ask ? (int)f->reg->ask_count : (int)f->reg->field_count;
}

static int ask_field(const struct form_state *f, int pos)
{
	return f->reg->ask ? f->reg->ask[pos] : pos;
}

static int ask_pos(const struct form_state *f, int field)
{
	int p;

	for (p = 0; p < ask_count(f); p++)
		if (ask_field(f, p) == field)
			return p;
	return -1;
}

static bool bad(const struct form_state *f, int i)
{
	return f->errors[i].status != IMS2_OK;
}

/* The form's values as text, one per field (each allocated: free_values()). */
static char **form_values(const struct form_state *f)
{
	char **values = xcalloc(f->reg->field_count, sizeof(*values));
	size_t i;

	for (i = 0; i < f->reg->field_count; i++)
		values[i] = editor_text(&f->editors[i]);
	return values;
}

static void free_values(const struct form_state *f, char **values)
{
	size_t i;

	for (i = 0; i < f->reg->field_count; i++)
		free(values[i]);
	free(values);
}

/*
 * Asks the register which field ims2 computes from the values typed so far (a computed
 * indicator's measurement value): shown, not asked. err gets why it cannot be computed.
 */
static int find_computed(struct app *app, struct form_state *f, struct ims2_error *err)
{
	const struct register_hooks *hooks = registry_find(f->reg->table);
	char **values;
	int rc;

	free(f->computed_value);
	f->computed_value = NULL;
	f->computed = -1;
	if (!hooks || !hooks->computes || f->readonly)
		return IMS2_OK;
	values = form_values(f);
	rc = hooks->computes(app->ws->store, f->reg, (const char *const *)values, &f->computed,
			     &f->computed_value, err);
	free_values(f, values);
	return rc;
}

static bool shown_only(const struct form_state *f, int i)
{
	return f->reg->fields[i].readonly || i == f->computed;
}

static void *form_enter(struct app *app, void *arg)
{
	const struct form_arg *fa = arg;
	const struct register_hooks *hooks;
	struct form_state *f = xcalloc(1, sizeof(*f));
	struct ims2_error err;
	struct record rec = { 0 };
	char *draft;
	size_t i;

	f->reg = fa->reg;
	f->id = fa->id;
	f->errors = xcalloc(f->reg->field_count, sizeof(*f->errors));
	f->readonly = store_readonly(app->ws->store);
	f->editors = xcalloc(f->reg->field_count, sizeof(*f->editors));
	if (f->id && record_get(app->ws->store, f->reg, f->id, &rec, &err)) {
		app_error(app, &err);
		free(f->editors);
		free(f->errors);
		free(f);
		return NULL;
	}
	f->rev = rec.rev;
	hooks = registry_find(f->reg->table);
	if (f->id && hooks && hooks->locked && (f->locked = hooks->locked(app->ws->store, f->id)))
		f->readonly = true;
	for (i = 0; i < f->reg->field_count; i++) {
		const struct field *fld = &f->reg->fields[i];
		const char *v = rec.values ? rec.values[i] : NULL;
		if (!f->id)
			v = field_default(fld);
		editor_set(&f->editors[i], v, fld->type == FIELD_MULTILINE);
	}
	record_release(&rec);
	if (f->id && record_backlinks(app->ws->store, &app->ws->screens, f->reg, f->id,
				      &f->backlinks, &f->backlink_count, &err))
		app_error(app, &err); /* the record is still shown, without them */
	f->original = serialize(f);
	f->computed = -1;
	find_computed(app, f, &err);
	f->field = ask_field(f, 0);
	if (shown_only(f, f->field))
		move_field(f, 1);
	draft = f->readonly ? NULL : store_draft_take(app->ws->store, f->reg->table, f->id, false);
	if (draft) {
		/* Kept by a hang-up, SIGTERM or SIGINT (form_hangup). */
		bool restore = app_confirm(app, "A draft of this record was kept when ims2 last "
						"stopped. Restore it? (y/n)");
		/* Lost again before answering: the draft stays for the next time. */
		if (!term_hung_up()) {
			if (restore)
				deserialize(f, draft);
			free(store_draft_take(app->ws->store, f->reg->table, f->id, true));
		}
		free(draft);
	}
	return f;
}

static void form_leave(struct app *app, void *state)
{
	struct form_state *f = state;
	size_t i;

	(void)app;
	for (i = 0; i < f->reg->field_count; i++)
		editor_release(&f->editors[i]);
	free(f->editors);
	free(f->errors);
	free(f->original);
	record_backlinks_release(f->backlinks, f->backlink_count);
	free(f->computed_value);
	free(f);
}

static bool changed(const struct form_state *f)
{
	char *now = serialize(f);
	bool differs = strcmp(now, f->original) != 0;

	free(now);
	return differs;
}

/* True when field i has a length limit and its text has reached three quarters of it. */
static bool near_limit(const struct form_state *f, int i)
{
	const struct field *fld = &f->reg->fields[i];

	return fld->max > 0 && !fld->readonly && f->editors[i].len * 4 >= (size_t)fld->max * 3;
}

static int field_rows(const struct form_state *f, int i)
{
	int rows = f->reg->fields[i].type == FIELD_MULTILINE ? MULTILINE_ROWS : 1;

	if (bad(f, i) || (i == f->field && (f->reg->fields[i].help || near_limit(f, i))))
		rows++;
	return rows;
}

/* Under the current field: its error, else its help; its length as it nears the limit. */
static void draw_field_note(const struct form_state *f, int i, int y, int x, int width)
{
	const struct field *fld = &f->reg->fields[i];
	char count[48] = "";
	int cw;

	if (near_limit(f, i))
		snprintf(count, sizeof(count), " %zu/%d characters", f->editors[i].len, fld->max);
	cw = text_width(count);
	if (cw >= width)
		cw = 0;
	if (bad(f, i)) {
		/* A sentence of its own under the field: it starts with a capital. */
		char msg[sizeof(f->errors[i].message)];
		snprintf(msg, sizeof(msg), "%s", f->errors[i].message);
		if (msg[0] >= 'a' && msg[0] <= 'z')
			msg[0] = (char)(msg[0] - 'a' + 'A');
		draw_text(y, x, width - cw, msg, term_attr(ROLE_ERROR));
	} else {
		draw_text(y, x, width - cw, fld->help ? fld->help : "", term_attr(ROLE_DIM));
	}
	if (cw)
		draw_text(y, x + width - cw, cw, count,
			  f->editors[i].len > (size_t)fld->max ? term_attr(ROLE_ERROR) | A_BOLD
								: term_attr(ROLE_DIM) | A_BOLD);
}

/* The labels of a refs field's records ("Ada, Bo") from its ids ("3, 7"). Caller frees. */
static char *refs_labels(struct app *app, const struct field *fld, const char *ids)
{
	struct strbuf sb = { 0 };
	const char *p = ids;

	strbuf_adds(&sb, "");
	while (p && *p) {
		long long id = atoll(p);
		char *label = id > 0 ? record_label(app->ws->store, &app->ws->screens, fld->ref, id)
				     : NULL;
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", label ? label : "?");
		free(label);
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return strbuf_detach(&sb);
}

/* Enter or Space adds a record to a refs field, Del or Backspace removes the last one. */
static void refs_key(struct app *app, struct editor *ed, const struct field *fld, int key)
{
	char *v = editor_text(ed), *comma, id[32];
	long long picked;

	if (key == '\n' || key == '\r' || key == ' ') {
		picked = app_pick_record(app, screen_set_find_register(&app->ws->screens, fld->ref),
					 0, LABEL_WIDTH + 2);
		if (picked) {
			char *list;
			snprintf(id, sizeof(id), "%lld", picked);
			/* A single refs field (one person) takes the one chosen in place. */
			list = *v && !fld->single ? xasprintf("%s, %s", v, id) : xstrdup(id);
			editor_set(ed, list, false);
			free(list);
		}
	} else if (key == UI_FN(KEY_DC) || key == UI_FN(KEY_BACKSPACE)) {
		comma = strrchr(v, ',');
		if (comma)
			*comma = '\0';
		editor_set(ed, comma ? v : "", false);
	}
	free(v);
}

static void form_draw(struct app *app, void *state)
{
	struct form_state *f = state;
	int y = 3, bottom = LINES - 2, i, p, vx = LABEL_WIDTH + 3, vw = COLS - vx - 1;
	int cursor_y = -1, here = ask_pos(f, f->field);
	char title[256];

	/* The number that messages, points to check and export --id use for the record. */
	if (!f->id)
		snprintf(title, sizeof(title), "%s %s %s", f->reg->title, glyphs.vline,
			 f->readonly ? "read-only" : "new record");
	else
		snprintf(title, sizeof(title), "%s %s %s %lld%s", f->reg->title, glyphs.vline,
			 f->readonly ? "record" : "edit record", f->id,
			 f->readonly ? ", read-only" : "");
	draw_text(1, 0, COLS, title, term_attr(ROLE_HEADING) | A_BOLD);
	draw_text(2, 1, COLS - 2,
		  f->locked     ? f->locked
		  : f->readonly ? "The workspace is open read-only. Tab next field, arrows scroll, "
				  "Esc back."
				: "Type to edit. Tab next field, Ctrl-S or F2 save, Esc cancel.",
		  term_attr(ROLE_DIM));
	/* What refers to the record: read-only lines above its fields, at most half the form. */
	for (i = 0; i < (int)f->backlink_count && y < (bottom - 3) / 2 + 3; i++, y++) {
		draw_text(y, 1, LABEL_WIDTH, f->backlinks[i].label, term_attr(ROLE_DIM));
		draw_text(y, vx, vw, f->backlinks[i].records, A_BOLD);
	}
	/* Keep the current field on the screen. */
	if (here < f->top)
		f->top = here;
	for (;;) {
		int need = 0;
		for (p = f->top; p <= here; p++)
			need += field_rows(f, ask_field(f, p));
		if (need <= bottom - y || f->top >= here)
			break;
		f->top++;
	}
	for (p = f->top; p < ask_count(f) && y < bottom; p++) {
		i = ask_field(f, p);
		const struct field *fld = &f->reg->fields[i];
		struct editor *ed = &f->editors[i];
		bool current = i == f->field;
		int rows = fld->type == FIELD_MULTILINE ? MULTILINE_ROWS : 1;
		char label[128];
		bool required = fld->required;

		if (fld->required_if_field) {
			char *other = editor_text(&f->editors[reg_field_index(
				f->reg, fld->required_if_field)]);
			required |= strcmp(other, fld->required_if_value) == 0;
			free(other);
		}
		if (rows > bottom - y)
			rows = bottom - y;
		snprintf(label, sizeof(label), "%s%s", fld->label,
			 required && !shown_only(f, i) && !f->readonly ? " *" : "");
		draw_text(y, 1, LABEL_WIDTH, label,
			  current ? term_attr(ROLE_HEADING) | A_BOLD : A_NORMAL);
		if (i == f->computed) {
			char shown[512];
			snprintf(shown, sizeof(shown), "%s   (computed by ims2 as of the date)",
				 f->computed_value ? f->computed_value : "-");
			draw_text(y, vx, vw, shown, A_BOLD);
		} else if (fld->readonly) {
			char *v = editor_text(ed);
			draw_text(y, vx, vw, v, A_BOLD);
			free(v);
		} else if (fld->type == FIELD_CHOICE || fld->type == FIELD_REF ||
			   fld->type == FIELD_REFS) {
			char *v = editor_text(ed), shown[512];
			if (fld->type == FIELD_REFS) {
				char *labels = refs_labels(app, fld, v);
				snprintf(shown, sizeof(shown), "%s   %s", *labels ? labels : "(none)",
					 !current     ? ""
					 : fld->single ? "[Enter: choose, Del: clear]"
						       : "[Enter: add, Del: remove the last]");
				free(labels);
			} else if (fld->type == FIELD_REF) {
				char *label_of = *v ? record_label(app->ws->store, &app->ws->screens,
								   fld->ref, atoll(v))
						    : NULL;
				snprintf(shown, sizeof(shown), "%s   %s",
					 label_of ? label_of : "(none)",
					 current ? "[Enter: choose, Del: clear]" : "");
				free(label_of);
			} else {
				snprintf(shown, sizeof(shown), "< %s >   %s", v,
					 current ? "[Space/Left/Right: change]" : "");
			}
			draw_text(y, vx, vw, shown, current ? A_REVERSE : A_UNDERLINE);
			free(v);
		} else {
			editor_draw(ed, y, vx, rows, vw, false, current ? A_REVERSE : A_UNDERLINE);
			if (current)
				cursor_y = y;
		}
		y += rows;
		if (y < bottom && (bad(f, i) || (current && (fld->help || near_limit(f, i))))) {
			draw_field_note(f, i, y, vx, vw);
			y++;
		}
	}
	if (cursor_y >= 0) {
		const struct field *fld = &f->reg->fields[f->field];
		editor_draw(&f->editors[f->field], cursor_y, vx,
			    fld->type == FIELD_MULTILINE ? MULTILINE_ROWS : 1, vw, true, A_REVERSE);
	}
}

/*
 * After a save, the step's points to check: the first about the record saved, else how many
 * there are and where, so that a point about another record is not read as about this one.
 */
static void saved_with_points(struct app *app, const char *table, long long id,
			      const struct check_report *found)
{
	size_t i;

	for (i = 0; i < found->count; i++)
		if (found->findings[i].record == id && found->findings[i].table &&
		    strcmp(found->findings[i].table, table) == 0) {
			app_message(app, true, "Saved. To check: %s", found->findings[i].message);
			return;
		}
	app_message(app, false,
		    "Saved. None of the step's %zu point%s to check is about this record (Activities "
		    "pane)",
		    found->count, found->count == 1 ? "" : "s");
}

/* An error of the core: under its field when it names one the form shows, the cursor there. */
static void show_error(struct app *app, struct form_state *f, const struct ims2_error *err)
{
	int i = err->field[0] ? reg_field_index(f->reg, err->field) : -1;

	if (i >= 0 && ask_pos(f, i) >= 0) {
		f->errors[i] = *err;
		f->field = i;
	}
	app_error(app, err);
}

static int save(struct app *app, struct form_state *f)
{
	const char **values = xcalloc(f->reg->field_count, sizeof(*values));
	char **owned = xcalloc(f->reg->field_count, sizeof(*owned));
	struct ims2_error err;
	long long id = f->id;
	size_t i;
	int count, p, rc;

	error_clear(&err);
	/* A value ims2 computes is put in its field first, as the save will compute it. */
	if (find_computed(app, f, &err)) {
		show_error(app, f, &err);
		free(owned);
		free(values);
		return IMS2_INVALID;
	}
	if (f->computed >= 0 && f->computed_value)
		editor_set(&f->editors[f->computed], f->computed_value, false);
	for (i = 0; i < f->reg->field_count; i++)
		values[i] = owned[i] = editor_text(&f->editors[i]);
	/* Every field's error at once, each under its field; the cursor goes to the first. */
	count = record_validate_each(f->reg, values, f->errors);
	/* A computed value still unknown is the fault of the fields it is computed from. */
	if (count && f->computed >= 0 && !f->computed_value && bad(f, f->computed)) {
		error_clear(&f->errors[f->computed]);
		count--;
	}
	if (count) {
		int first = -1;
		for (p = 0; p < ask_count(f) && !bad(f, ask_field(f, p)); p++)
			;
		if (p < ask_count(f))
			f->field = first = ask_field(f, p);
		for (i = 0; first < 0 && i < f->reg->field_count; i++)
			if (bad(f, (int)i)) /* a field the form does not show */
				first = (int)i;
		assert(first >= 0); /* count > 0 bad fields */
		if (count == 1)
			app_error(app, &f->errors[first]);
		else
			app_message(app, true,
				    "%d fields need a change: see under each (first: %s)", count,
				    f->errors[first].message);
		rc = IMS2_INVALID;
	} else {
		rc = id ? record_update(app->ws->store, f->reg, id, f->rev, values, &err)
			: record_insert(app->ws->store, f->reg, values, &id, &err);
		if (rc)
			show_error(app, f, &err);
	}
	if (!rc) {
		app->generation++;
		app->last_saved_id = id;
		free(f->original);
		f->original = serialize(f);
		struct check_report found;
		if (checks_run(app->ws, f->reg->step, &found))
			app_message(app, true, "Saved. But %s", found.error.message);
		else if (found.count)
			saved_with_points(app, f->reg->table, id, &found);
		else
			app_message(app, false, "Saved.");
		check_report_release(&found);
	}
	for (i = 0; i < f->reg->field_count; i++)
		free(owned[i]);
	free(owned);
	free(values);
	return rc;
}

static void cycle_choice(struct form_state *f, const struct field *fld, int dir, int letter)
{
	char *v = editor_text(&f->editors[f->field]);
	int n = (int)fld->choice_count, cur = 0, i;

	for (i = 0; i < n; i++)
		if (strcmp(fld->choices[i], v) == 0)
			cur = i;
	if (letter) {
		for (i = 1; i <= n; i++)
			if (fld->choices[(cur + i) % n][0] == letter) {
				cur = (cur + i) % n;
				break;
			}
	} else {
		cur = (cur + dir + n) % n;
	}
	editor_set(&f->editors[f->field], fld->choices[cur], false);
	free(v);
}

/* Moves to the next editable field in the ask order (read-only fields are only shown). */
static void move_field(struct form_state *f, int dir)
{
	int n = ask_count(f), p = ask_pos(f, f->field), i;

	if (p < 0)
		p = 0;
	for (i = 0; i < n; i++) {
		p = (p + dir + n) % n;
		if (!shown_only(f, ask_field(f, p))) {
			f->field = ask_field(f, p);
			return;
		}
	}
}

/* Read-only: keys that move the cursor in a text work; the others say why nothing changes. */
static enum ui_result readonly_key(struct app *app, struct form_state *f, struct editor *ed,
				   int key, int width)
{
	static const int moves[] = { UI_FN(KEY_LEFT), UI_FN(KEY_RIGHT), UI_FN(KEY_HOME),
				     UI_FN(KEY_END), UI_CTRL('a'), UI_CTRL('e') };
	size_t i;

	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
		if (key == moves[i]) {
			editor_key(ed, key, width);
			return UI_HANDLED;
		}
	if (key == '\n' || key == '\r') {
		move_field(f, 1);
		return UI_HANDLED;
	}
	app_message(app, true, "Read-only workspace: this record can be read, not changed (Esc back)");
	return UI_HANDLED;
}

static void edit_key(struct app *app, struct form_state *f, const struct field *fld,
		     struct editor *ed, int key, int width);

static enum ui_result form_key(struct app *app, void *state, enum action action, int key)
{
	struct form_state *f = state;
	struct ims2_error err;
	const struct field *fld = &f->reg->fields[f->field];
	struct editor *ed = &f->editors[f->field];
	int width = COLS - LABEL_WIDTH - 4;

	switch (action) {
	case ACT_SAVE:
		if (f->readonly) {
			app_message(app, true, f->locked ? "ims2 computes this record: nothing to save"
							 : "The workspace is open read-only: nothing "
							   "to save");
			return UI_HANDLED;
		}
		return save(app, f) ? UI_HANDLED : UI_BACK;
	case ACT_BACK:
		return UI_BACK;
	case ACT_NEXT_PANE:
	case ACT_PAGE_DOWN:
		move_field(f, 1);
		return UI_HANDLED;
	case ACT_PREV_PANE:
	case ACT_PAGE_UP:
		move_field(f, -1);
		return UI_HANDLED;
	case ACT_UP:
	case ACT_DOWN:
		if (fld->type == FIELD_MULTILINE && editor_key(ed, key, width))
			return UI_HANDLED;
		move_field(f, action == ACT_UP ? -1 : 1);
		return UI_HANDLED;
	case ACT_HELP:
	case ACT_REDRAW:
		return UI_UNHANDLED;
	default:
		break;
	}
	if (f->readonly)
		return readonly_key(app, f, ed, key, width);
	edit_key(app, f, fld, ed, key, width);
	/* The field ims2 computes follows the values typed: what it depends on may have changed. */
	find_computed(app, f, &err);
	if (shown_only(f, f->field))
		move_field(f, 1);
	return UI_HANDLED;
}

/* A key that edits the field under the cursor. */
static void edit_key(struct app *app, struct form_state *f, const struct field *fld,
		     struct editor *ed, int key, int width)
{
	if (fld->type == FIELD_CHOICE || fld->type == FIELD_REF)
		error_clear(&f->errors[f->field]); /* checked again on save */
	if (fld->type == FIELD_CHOICE) {
		if (key == ' ' || key == UI_FN(KEY_RIGHT))
			cycle_choice(f, fld, 1, 0);
		else if (key == UI_FN(KEY_LEFT))
			cycle_choice(f, fld, -1, 0);
		else if (key == '\n' || key == '\r')
			move_field(f, 1);
		else if (key > ' ' && key < 127)
			cycle_choice(f, fld, 0, key);
		return;
	}
	if (fld->type == FIELD_REFS) {
		refs_key(app, ed, fld, key);
		return;
	}
	if (fld->type == FIELD_REF) {
		if (key == '\n' || key == '\r' || key == ' ') {
			char *v = editor_text(ed), id[32];
			long long picked = app_pick_record(
				app, screen_set_find_register(&app->ws->screens, fld->ref), atoll(v),
				LABEL_WIDTH + 2); /* the labels stay readable beside the list */
			free(v);
			if (picked) {
				snprintf(id, sizeof(id), "%lld", picked);
				editor_set(ed, id, false);
			}
		} else if (key == UI_FN(KEY_DC) || key == UI_FN(KEY_BACKSPACE)) {
			editor_set(ed, "", false);
		}
		return;
	}
	if ((key == '\n' || key == '\r') && fld->type != FIELD_MULTILINE) {
		move_field(f, 1);
		return;
	}
	if (editor_key(ed, key, width))
		error_clear(&f->errors[f->field]); /* checked again on save */
}

static bool form_may_leave(struct app *app, void *state)
{
	struct form_state *f = state;

	if (!changed(f))
		return true;
	return app_confirm(app, "Discard your unsaved changes to this record? (y/n)");
}

static void form_hangup(struct app *app, void *state)
{
	struct form_state *f = state;
	struct ims2_error err;
	char *body;

	if (!changed(f) || store_readonly(app->ws->store))
		return;
	body = serialize(f);
	store_draft_save(app->ws->store, f->reg->table, f->id, body, &err);
	free(body);
}

static const char *form_hint(struct app *app, void *state)
{
	const struct form_state *f = state;

	(void)app;
	if (f->readonly)
		return " read-only  Tab/Shift-Tab field  arrows scroll  Esc back  F1 help";
	return " Ctrl-S/F2 save  Tab/Shift-Tab field  Esc cancel  F1 help   * required";
}

const struct view_ops form_view = {
	.name = "form",
	.context = CTX_FORM,
	.enter = form_enter,
	.leave = form_leave,
	.draw = form_draw,
	.key = form_key,
	.hint = form_hint,
	.may_leave = form_may_leave,
	.hangup = form_hangup,
};
