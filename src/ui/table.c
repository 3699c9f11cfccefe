/*
 * The one table widget: a register shown a window of rows at a time. Only the rows on the
 * screen are in memory; they are read again when the window moves or a change is saved.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "uiint.h"

#define TABLE_MAX_COLUMNS 16

/* The sort remembered for reg, or NULL; with add, a new entry when there is room. */
static struct table_sort *remembered_sort(struct app *app, const struct reg *reg, bool add)
{
	int i;

	for (i = 0; i < app->sort_count; i++)
		if (app->sorts[i].reg == reg)
			return &app->sorts[i];
	if (!add || app->sort_count == APP_MAX_SORTS)
		return NULL;
	app->sorts[app->sort_count].reg = reg;
	return &app->sorts[app->sort_count++];
}

void table_init(struct table_widget *t, struct app *app, const struct reg *reg)
{
	const struct table_sort *kept = remembered_sort(app, reg, false);

	memset(t, 0, sizeof(*t));
	t->view.set = &app->ws->screens;
	t->view.reg = reg;
	t->view.sort = kept ? kept->field : -1;
	t->view.descending = kept && kept->descending;
}

static void drop_cache(struct table_widget *t)
{
	int i;

	for (i = 0; i < t->cached; i++)
		record_release(&t->rows[i]);
	t->cached = 0;
}

void table_release(struct table_widget *t)
{
	drop_cache(t);
	free(t->rows);
	free(t->search);
	free(t->filter);
	memset(t, 0, sizeof(*t));
}

/* The fields shown as columns: those with a width, else the first three. */
static int visible_columns(const struct reg *reg, int *fields, int *widths)
{
	int n = 0;
	size_t i;

	for (i = 0; i < reg->field_count && n < TABLE_MAX_COLUMNS; i++)
		if (reg->fields[i].width > 0) {
			widths[n] = reg->fields[i].width;
			fields[n++] = (int)i;
		}
	for (i = 0; n == 0 && i < reg->field_count && i < 3; i++) {
		widths[i] = 20;
		fields[i] = (int)i;
	}
	return n ? n : (int)(reg->field_count < 3 ? reg->field_count : 3);
}

/*
 * Widens the columns whose header or rows on the screen are cut, one column at a time, while
 * the width allows: a wide terminal shows titles whole.
 */
static void grow_columns(const struct table_widget *t, const int *fields, int *widths, int n,
			 int width)
{
	int need[TABLE_MAX_COLUMNS], total = n - 1, c, r;
	bool grew = true;

	for (c = 0; c < n; c++) {
		need[c] = text_width(t->view.reg->fields[fields[c]].label) + 1; /* + sort arrow */
		for (r = 0; r < t->cached; r++) {
			const char *v = t->rows[r].values[fields[c]];
			int w = v ? text_width(v) : 0;
			if (w > need[c])
				need[c] = w;
		}
		total += widths[c];
	}
	while (grew && total < width) {
		grew = false;
		for (c = 0; c < n && total < width; c++)
			if (widths[c] < need[c]) {
				widths[c]++;
				total++;
				grew = true;
			}
	}
}

/* Fits column widths (plus one space between) into width: shrink or widen the last. */
static void fit_columns(int *widths, int n, int width)
{
	int total = n - 1, i;

	for (i = 0; i < n; i++)
		total += widths[i];
	while (total > width) {
		int widest = 0;
		for (i = 1; i < n; i++)
			if (widths[i] > widths[widest])
				widest = i;
		if (widths[widest] <= 4)
			break;
		widths[widest]--;
		total--;
	}
	if (total < width)
		widths[n - 1] += width - total;
}

static void clamp(struct table_widget *t)
{
	if (t->cursor >= t->count)
		t->cursor = t->count - 1;
	if (t->cursor < 0)
		t->cursor = 0;
	if (t->height < 1)
		t->height = 1;
	if (t->cursor < t->top)
		t->top = t->cursor;
	if (t->cursor >= t->top + t->height)
		t->top = t->cursor - t->height + 1;
	if (t->top < 0)
		t->top = 0;
}

/* Reads the window [top, top + height) when it is not the one in memory. */
static void refresh_rows(struct app *app, struct table_widget *t)
{
	struct ims2_error err;

	if (!t->valid || t->cache_generation != app->generation) {
		record_view_count(app->ws->store, &t->view, &t->count, &err);
		drop_cache(t);
		t->valid = true;
		t->cache_generation = app->generation;
		t->cache_top = -1;
	}
	clamp(t);
	if (t->cache_top == t->top && t->cached >= (int)(t->count - t->top < t->height
								? t->count - t->top
								: t->height))
		return;
	drop_cache(t);
	t->rows = xrealloc(t->rows, (size_t)t->height * sizeof(*t->rows));
	if (record_window(app->ws->store, &t->view, t->top, t->height, t->rows, &t->cached, &err))
		app_error(app, &err);
	t->cache_top = t->top;
}

const struct record *table_current(struct app *app, struct table_widget *t)
{
	refresh_rows(app, t);
	if (t->count == 0 || t->cursor - t->top >= t->cached)
		return NULL;
	return &t->rows[t->cursor - t->top];
}

/*
 * The detail line: the cells of the current row that the columns cut, whole, starting with
 * the column under the cursor, so that a long title can be read without opening the record.
 */
static void draw_detail(const struct table_widget *t, const int *fields, const int *widths, int n,
			int y, int x, int width)
{
	const struct record *rec = t->cursor - t->top < t->cached && t->cursor >= t->top
					   ? &t->rows[t->cursor - t->top]
					   : NULL;
	struct strbuf line = { 0 };
	int i;

	for (i = 0; rec && i < n; i++) {
		int c = (t->column + i) % n;
		const char *v = rec->values[fields[c]];

		if (!v || text_width(v) <= widths[c])
			continue;
		strbuf_addf(&line, "%s%s: %s", line.len ? "  " : "",
			    t->view.reg->fields[fields[c]].label, v);
	}
	draw_text(y, x, width, line.len ? line.buf : "", term_attr(ROLE_DIM));
	strbuf_release(&line);
}

/* What an empty table says: why it is empty and what to do. */
static const char *empty_text(struct app *app, const struct table_widget *t)
{
	if (t->filter)
		return "No row matches the filter. Press f and Enter on an empty line to show all.";
	if (store_readonly(app->ws->store) || t->view.reg->fixed)
		return "No records.";
	return "No records yet. Press a to add one.";
}

void table_draw(struct app *app, struct table_widget *t, int y, int x, int height, int width)
{
	const struct reg *reg = t->view.reg;
	int fields[TABLE_MAX_COLUMNS], widths[TABLE_MAX_COLUMNS];
	int n = visible_columns(reg, fields, widths), c, r, cx;
	char pos[96];

	t->height = height - 2; /* the heading, and the detail line at the bottom */
	if (t->column >= n)
		t->column = n - 1;
	refresh_rows(app, t);
	grow_columns(t, fields, widths, n, width);
	fit_columns(widths, n, width);
	/* Heading row: the column under the cursor stands out; the sort column has an arrow. */
	for (c = 0, cx = x; c < n; c++) {
		char head[128];
		int attr = term_attr(ROLE_HEADING) | A_UNDERLINE;
		snprintf(head, sizeof(head), "%s%s", reg->fields[fields[c]].label,
			 t->view.sort == fields[c] ? (t->view.descending ? glyphs.down : glyphs.up)
						   : "");
		if (c == t->column)
			attr |= A_REVERSE;
		draw_text(y, cx, widths[c], head, attr);
		if (c + 1 < n)
			draw_text(y, cx + widths[c], 1, " ", A_NORMAL);
		cx += widths[c] + 1;
	}
	for (r = 0; r < t->height; r++) {
		const struct record *rec = r < t->cached ? &t->rows[r] : NULL;
		bool current = rec && t->top + r == t->cursor;
		int attr = current ? A_REVERSE : A_NORMAL;

		if (!rec) {
			draw_text(y + 1 + r, x, width, r == 0 && t->count == 0 ? empty_text(app, t) : "",
				  term_attr(ROLE_DIM));
			continue;
		}
		for (c = 0, cx = x; c < n; c++) {
			const char *v = rec->values[fields[c]];
			draw_text(y + 1 + r, cx, widths[c], v ? v : "", attr);
			if (c + 1 < n)
				draw_text(y + 1 + r, cx + widths[c], 1, " ", attr);
			cx += widths[c] + 1;
		}
	}
	draw_detail(t, fields, widths, n, y + height - 1, x, width);
	if (t->filter) {
		snprintf(pos, sizeof(pos), " %lld/%lld matching '%.20s' ", t->count ? t->cursor + 1 : 0,
			 t->count, t->filter);
		draw_text(y - 1, x + width - text_width(pos), text_width(pos), pos,
			  term_attr(ROLE_HEADING) | A_BOLD);
	} else if (t->count > 0) {
		snprintf(pos, sizeof(pos), " %lld/%lld ", t->cursor + 1, t->count);
		draw_text(y - 1, x + width - (int)strlen(pos), (int)strlen(pos), pos,
			  term_attr(ROLE_DIM));
	}
}

static void find(struct app *app, struct table_widget *t, int dir)
{
	const struct record *rec = table_current(app, t);
	struct ims2_error err;
	long long id;

	if (!t->search || !*t->search) {
		app_message(app, true, "No search yet: press / to search");
		return;
	}
	if (record_find(app->ws->store, &t->view, t->search, rec ? rec->id : 0, dir, &id,
			&err) == 0) {
		t->cursor = record_position(app->ws->store, &t->view, id);
		return;
	}
	/* Wrap around once. */
	if (rec && record_find(app->ws->store, &t->view, t->search, 0, dir, &id, &err) == 0) {
		t->cursor = record_position(app->ws->store, &t->view, id);
		app_message(app, false, "Search wrapped around");
		return;
	}
	app_message(app, true, "Not found: %s", t->search);
}

static void sort(struct app *app, struct table_widget *t)
{
	int fields[TABLE_MAX_COLUMNS], widths[TABLE_MAX_COLUMNS];
	int n = visible_columns(t->view.reg, fields, widths);
	const struct record *rec = table_current(app, t);
	long long id = rec ? rec->id : 0;
	struct table_sort *kept;

	if (t->column >= n)
		return;
	if (t->count == 0) {
		app_message(app, false, "Nothing to sort: the table has no rows");
		return;
	}
	if (t->view.sort == fields[t->column])
		t->view.descending = !t->view.descending;
	else
		t->view.sort = fields[t->column], t->view.descending = false;
	t->valid = false;
	kept = remembered_sort(app, t->view.reg, true);
	if (kept) {
		kept->field = t->view.sort;
		kept->descending = t->view.descending;
	}
	if (id)
		t->cursor = record_position(app->ws->store, &t->view, id);
	app_message(app, false, "Sorted by %s%s", t->view.reg->fields[t->view.sort].label,
		    t->view.descending ? ", descending" : "");
}

enum ui_result table_key(struct app *app, struct table_widget *t, enum action action)
{
	int fields[TABLE_MAX_COLUMNS], widths[TABLE_MAX_COLUMNS];
	int n = visible_columns(t->view.reg, fields, widths);
	char *text;

	switch (action) {
	case ACT_UP:
		t->cursor--;
		break;
	case ACT_DOWN:
		t->cursor++;
		break;
	case ACT_PAGE_UP:
		t->cursor -= t->height;
		t->top -= t->height;
		break;
	case ACT_PAGE_DOWN:
		t->cursor += t->height;
		t->top += t->height;
		if (t->top > t->count - t->height)
			t->top = t->count - t->height;
		break;
	case ACT_FIRST:
		t->cursor = 0;
		break;
	case ACT_LAST:
		t->cursor = t->count - 1;
		break;
	case ACT_LEFT:
		if (t->column > 0)
			t->column--;
		break;
	case ACT_RIGHT:
		if (t->column + 1 < n)
			t->column++;
		break;
	case ACT_SORT:
		sort(app, t);
		break;
	case ACT_SEARCH:
		text = app_prompt_recall(app, "/", t->search);
		if (!text || !*text) { /* nothing typed: the last search stays for n and N */
			free(text);
			break;
		}
		free(t->search);
		t->search = text;
		find(app, t, 1);
		break;
	case ACT_SEARCH_NEXT:
		find(app, t, 1);
		break;
	case ACT_FILTER:
		text = app_prompt_recall(app, "Filter (empty shows all, Up: the last one): ", t->filter);
		if (!text)
			break;
		free(t->filter);
		t->filter = *text ? text : NULL;
		if (!*text)
			free(text);
		t->view.filter = t->filter;
		t->valid = false;
		t->cursor = t->top = 0;
		app_message(app, false, t->filter ? "Filtered: press f and Enter on an empty line "
						    "to show all"
						  : "Showing all rows");
		break;
	case ACT_SEARCH_PREV:
		find(app, t, -1);
		break;
	default:
		return UI_UNHANDLED;
	}
	t->moved = true;
	clamp(t);
	return UI_HANDLED;
}
