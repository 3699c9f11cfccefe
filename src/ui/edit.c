/*
 * The line editor behind form fields, prompts and the command line: wide characters,
 * one line with horizontal scrolling, or several lines wrapped to the box.
 */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "uiint.h"

static void reserve(struct editor *ed, size_t extra)
{
	if (ed->len + extra + 1 <= ed->cap)
		return;
	ed->cap = (ed->len + extra + 1) * 2;
	ed->buf = xrealloc(ed->buf, ed->cap * sizeof(*ed->buf));
}

/*
 * The text is UTF-8 and the characters are code points whatever the locale (glibc's wchar_t
 * is UCS-4): in the C locale, mbrtowc() and wcrtomb() would turn every accented letter of a
 * record into '?' on its next save.
 */
void editor_set(struct editor *ed, const char *utf8, bool multiline)
{
	const char *p = utf8 ? utf8 : "";
	size_t n;

	free(ed->buf);
	memset(ed, 0, sizeof(*ed));
	ed->multiline = multiline;
	reserve(ed, strlen(p) + 16);
	while (*p) {
		unsigned int cp;
		n = util_utf8_decode(p, &cp);
		if (!n)
			n = 1; /* an invalid byte keeps its value */
		ed->buf[ed->len++] = (wchar_t)cp;
		p += n;
	}
	ed->buf[ed->len] = L'\0';
	ed->cursor = ed->len;
}

char *editor_text(const struct editor *ed)
{
	struct strbuf sb = { 0 };
	char mb[4];
	size_t i, n;

	for (i = 0; i < ed->len; i++) {
		n = ed->buf[i] < 0 ? 0 : util_utf8_encode((unsigned int)ed->buf[i], mb);
		if (!n) {
			mb[0] = '?';
			n = 1;
		}
		strbuf_add(&sb, mb, n);
	}
	return strbuf_detach(&sb);
}

void editor_release(struct editor *ed)
{
	free(ed->buf);
	memset(ed, 0, sizeof(*ed));
}

static int wwidth(wchar_t wc)
{
	int w;

	wc = term_visible(wc);
	w = wc < 32 ? 1 : wcwidth(wc);
	return w < 0 ? 1 : w;
}

/*
 * The visual rows of a multi-line buffer wrapped at width, at word boundaries where a row
 * has a space (a word longer than the row is cut): row r covers [rows[r], rows[r + 1]).
 * Returns the number of rows (at least one).
 */
static size_t layout(const struct editor *ed, int width, size_t **rows_out)
{
	size_t *rows = xmalloc((ed->len + 2) * sizeof(*rows));
	size_t count = 0, i, space = 0; /* space: just after the row's last space, 0 if none */
	int used = 0, after_space = 0;  /* after_space: the width from there to i */

	rows[count++] = 0;
	for (i = 0; i < ed->len; i++) {
		int w = wwidth(ed->buf[i]);

		if (ed->buf[i] == L'\n') {
			rows[count++] = i + 1;
			used = after_space = 0;
			space = 0;
			continue;
		}
		if (used + w > width && ed->buf[i] != L' ') {
			if (space > rows[count - 1]) { /* the word moves to the next row */
				rows[count++] = space;
				used = after_space;
			} else {
				rows[count++] = i;
				used = 0;
			}
			space = 0;
			after_space = 0;
		}
		used += w;
		after_space += w;
		if (ed->buf[i] == L' ') {
			space = i + 1;
			after_space = 0;
		}
	}
	rows[count] = ed->len + 1;
	*rows_out = rows;
	return count;
}

static size_t row_of(const size_t *rows, size_t count, size_t pos)
{
	size_t r = 0;

	while (r + 1 < count && rows[r + 1] <= pos)
		r++;
	return r;
}

static int column_in_row(const struct editor *ed, size_t start, size_t pos)
{
	int col = 0;

	for (; start < pos; start++)
		col += wwidth(ed->buf[start]);
	return col;
}

static size_t pos_at_column(const struct editor *ed, size_t start, size_t end, int col)
{
	int used = 0;

	while (start < end && start < ed->len && ed->buf[start] != L'\n') {
		if (used + wwidth(ed->buf[start]) > col)
			break;
		used += wwidth(ed->buf[start]);
		start++;
	}
	return start;
}

/* Moves the cursor one visual row up (dir -1) or down; false at the edge. */
static bool move_row(struct editor *ed, int width, int dir)
{
	size_t *rows, count = layout(ed, width, &rows), r = row_of(rows, count, ed->cursor);
	int col = column_in_row(ed, rows[r], ed->cursor);
	bool moved = false;

	if ((dir < 0 && r > 0) || (dir > 0 && r + 1 < count)) {
		size_t t = r + (size_t)dir;
		ed->cursor = pos_at_column(ed, rows[t], rows[t + 1], col);
		moved = true;
	}
	free(rows);
	return moved;
}

static void insert(struct editor *ed, wchar_t wc)
{
	reserve(ed, 1);
	memmove(ed->buf + ed->cursor + 1, ed->buf + ed->cursor,
		(ed->len - ed->cursor + 1) * sizeof(*ed->buf));
	ed->buf[ed->cursor++] = wc;
	ed->len++;
}

static void editor_erase(struct editor *ed, size_t from, size_t to)
{
	memmove(ed->buf + from, ed->buf + to, (ed->len - to + 1) * sizeof(*ed->buf));
	ed->len -= to - from;
	ed->cursor = from;
}

bool editor_key(struct editor *ed, int key, int width)
{
	switch (key) {
	case UI_FN(KEY_LEFT):
		if (ed->cursor > 0)
			ed->cursor--;
		return true;
	case UI_FN(KEY_RIGHT):
		if (ed->cursor < ed->len)
			ed->cursor++;
		return true;
	case UI_FN(KEY_HOME):
	case UI_CTRL('a'):
		while (ed->cursor > 0 && ed->buf[ed->cursor - 1] != L'\n')
			ed->cursor--;
		return true;
	case UI_FN(KEY_END):
	case UI_CTRL('e'):
		while (ed->cursor < ed->len && ed->buf[ed->cursor] != L'\n')
			ed->cursor++;
		return true;
	case UI_FN(KEY_BACKSPACE):
	case UI_CTRL('h'):
		if (ed->cursor > 0)
			editor_erase(ed, ed->cursor - 1, ed->cursor);
		return true;
	case UI_FN(KEY_DC):
	case UI_CTRL('d'):
		if (ed->cursor < ed->len)
			editor_erase(ed, ed->cursor, ed->cursor + 1);
		return true;
	case UI_CTRL('u'): {
		size_t start = ed->cursor;
		while (start > 0 && ed->buf[start - 1] != L'\n')
			start--;
		editor_erase(ed, start, ed->cursor);
		return true;
	}
	case UI_CTRL('k'): {
		size_t end = ed->cursor;
		while (end < ed->len && ed->buf[end] != L'\n')
			end++;
		editor_erase(ed, ed->cursor, end);
		ed->cursor = ed->cursor;
		return true;
	}
	case UI_FN(KEY_UP):
		return ed->multiline && move_row(ed, width, -1);
	case UI_FN(KEY_DOWN):
		return ed->multiline && move_row(ed, width, 1);
	case '\n':
	case '\r':
	case UI_FN(KEY_ENTER):
		if (!ed->multiline)
			return false;
		insert(ed, L'\n');
		return true;
	default:
		if (key & UI_FN(0))
			return false;
		if (key == '\t') {
			insert(ed, L'\t');
			return true;
		}
		if (key < 32 || key == 127)
			return false;
		insert(ed, (wchar_t)key);
		return true;
	}
}

static void draw_chars(const struct editor *ed, size_t from, size_t to, int width)
{
	int used = 0;

	for (; from < to && from < ed->len; from++) {
		wchar_t wc = ed->buf[from];
		int w = wwidth(wc);
		if (wc == L'\n' || used + w > width)
			break;
		wc = term_visible(wc);
		if (wc == L'\t') {
			addch(' ');
		} else {
			wchar_t s[2] = { wc, 0 };
			addnwstr(s, 1);
		}
		used += w;
	}
	while (used++ < width)
		addch(' ');
}

void editor_draw(struct editor *ed, int y, int x, int height, int width, bool focused, int attr)
{
	int cy = y, cx = x, r;

	if (width < 2)
		return;
	attron(attr);
	if (!ed->multiline && !focused) { /* its start, whatever was last edited; … when cut */
		/* Only what can show, and one more character for the ellipsis: not the whole text. */
		struct editor head = *ed;
		int used = 0;
		char *text;

		for (head.len = 0; head.len < ed->len && used <= width; head.len++)
			used += wwidth(ed->buf[head.len]);
		text = editor_text(&head);
		draw_text(y, x, width, text, attr);
		free(text);
	} else if (!ed->multiline) {
		/*
		 * scroll is the first character shown. Only the characters between it and the
		 * cursor are measured, at most a width's worth: a long text costs no more to
		 * draw than a short one.
		 */
		size_t first = (size_t)ed->scroll, p = ed->cursor;
		int used = 0;

		if (first > ed->cursor)
			first = ed->cursor;
		while (p > first && used + wwidth(ed->buf[p - 1]) <= width - 1)
			used += wwidth(ed->buf[--p]);
		if (p > first)
			first = p; /* the cursor went past the right edge: it sits on the last column */
		ed->scroll = (int)first;
		move(y, x);
		draw_chars(ed, first, ed->len + 1, width);
		cx = x + used;
		/* The start is cut: say so, as the end is when not focused (not under the cursor). */
		if (first > 0 && used > 0) {
			mvaddstr(y, x, glyphs.ellipsis);
			if (wwidth(ed->buf[first]) > 1)
				addch(' ');
		}
	} else {
		size_t *rows, count = layout(ed, width, &rows);
		int crow = (int)row_of(rows, count, ed->cursor);

		if (!focused) /* its first rows, whatever was last edited */
			ed->scroll = 0;
		else if (crow < ed->scroll)
			ed->scroll = crow;
		if (focused && crow >= ed->scroll + height)
			ed->scroll = crow - height + 1;
		for (r = 0; r < height; r++) {
			size_t row = (size_t)(ed->scroll + r);
			move(y + r, x);
			if (row < count)
				draw_chars(ed, rows[row], rows[row + 1], width);
			else
				draw_chars(ed, 0, 0, width);
		}
		/* Unfocused and longer than its rows: the last row says how many more there are. */
		if (!focused && count > (size_t)height && height > 0) {
			char more[48];
			int w;
			snprintf(more, sizeof(more), " %s +%zu lines", glyphs.ellipsis,
				 count - (size_t)height);
			w = text_width(more);
			if (w < width)
				mvaddstr(y + height - 1, x + width - w, more);
		}
		cy = y + crow - ed->scroll;
		cx = x + column_in_row(ed, rows[crow], ed->cursor);
		free(rows);
	}
	attroff(attr);
	if (focused) {
		move(cy, cx < x + width ? cx : x + width - 1);
		curs_set(1);
	}
}
