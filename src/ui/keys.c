/*
 * Actions apart from keys: every action has a name and a help line; key_table binds keys to
 * actions per context. The help screen is generated from these tables, and a unit test
 * checks that man/ims2.1 lists every action.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "uiint.h"

const struct action_info action_table[ACT_COUNT] = {
	[ACT_NONE] = { "none", "" },
	[ACT_UP] = { "up", "Move up" },
	[ACT_DOWN] = { "down", "Move down" },
	[ACT_LEFT] = { "left", "Previous column" },
	[ACT_RIGHT] = { "right", "Next column" },
	[ACT_PAGE_UP] = { "page-up", "Page up" },
	[ACT_PAGE_DOWN] = { "page-down", "Page down" },
	[ACT_FIRST] = { "first", "Go to the first row" },
	[ACT_LAST] = { "last", "Go to the last row" },
	[ACT_OPEN] = { "open", "Open the step or record under the cursor" },
	[ACT_BACK] = { "back", "Back to the previous screen" },
	[ACT_QUIT] = { "quit", "Quit (on the home screen)" },
	[ACT_NEXT_PANE] = { "next-pane", "Next pane or form field" },
	[ACT_PREV_PANE] = { "previous-pane", "Previous pane or form field" },
	[ACT_ADD] = { "add", "Add a record" },
	[ACT_EDIT] = { "edit", "Edit the record under the cursor" },
	[ACT_DELETE] = { "delete", "Delete the record under the cursor (asks first)" },
	[ACT_SEARCH] = { "search", "Search the columns shown" },
	[ACT_SEARCH_NEXT] = { "search-next", "Next match" },
	[ACT_SEARCH_PREV] = { "search-previous", "Previous match" },
	[ACT_SORT] = { "sort", "Sort by the column under the cursor (again: reverse)" },
	[ACT_FILTER] = { "filter", "Show only rows whose columns contain a text (empty: all)" },
	[ACT_TOGGLE] = { "toggle", "Tick or untick the activity" },
	[ACT_COMMAND] = { "command", "Command line (:1.5, :export FILE, :done, :help, :q)" },
	[ACT_SAVE] = { "save", "Save the form" },
	[ACT_HELP] = { "help", "Help for this screen" },
	[ACT_REDRAW] = { "redraw", "Redraw, reading the workspace again" },
};

#define L CTX_LIST
#define F CTX_FORM
const struct key_binding key_table[] = {
	{ UI_FN(KEY_UP), ACT_UP, L | F },
	{ 'k', ACT_UP, L },
	{ UI_FN(KEY_DOWN), ACT_DOWN, L | F },
	{ 'j', ACT_DOWN, L },
	{ UI_FN(KEY_LEFT), ACT_LEFT, L },
	{ 'h', ACT_LEFT, L },
	{ UI_FN(KEY_RIGHT), ACT_RIGHT, L },
	{ 'l', ACT_RIGHT, L },
	{ UI_FN(KEY_PPAGE), ACT_PAGE_UP, L | F },
	{ UI_FN(KEY_NPAGE), ACT_PAGE_DOWN, L | F },
	{ 'g', ACT_FIRST, L },
	{ UI_FN(KEY_HOME), ACT_FIRST, L },
	{ 'G', ACT_LAST, L },
	{ UI_FN(KEY_END), ACT_LAST, L },
	{ '\n', ACT_OPEN, L },
	{ '\r', ACT_OPEN, L },
	{ UI_FN(KEY_ENTER), ACT_OPEN, L },
	{ UI_ESC, ACT_BACK, L | F },
	{ 'q', ACT_BACK, L },
	{ '\t', ACT_NEXT_PANE, L | F },
	{ UI_FN(KEY_BTAB), ACT_PREV_PANE, L | F },
	{ 'a', ACT_ADD, L },
	{ 'e', ACT_EDIT, L },
	{ 'd', ACT_DELETE, L },
	{ '/', ACT_SEARCH, L },
	{ 'n', ACT_SEARCH_NEXT, L },
	{ 'N', ACT_SEARCH_PREV, L },
	{ 's', ACT_SORT, L },
	{ 'f', ACT_FILTER, L },
	{ ' ', ACT_TOGGLE, L },
	{ 'x', ACT_TOGGLE, L },
	{ ':', ACT_COMMAND, L },
	{ UI_CTRL('s'), ACT_SAVE, F },
	{ UI_FN(KEY_F(2)), ACT_SAVE, F },
	{ '?', ACT_HELP, L },
	{ UI_FN(KEY_F(1)), ACT_HELP, L | F },
	{ UI_CTRL('l'), ACT_REDRAW, L | F },
	{ 0, ACT_NONE, 0 },
};
#undef L
#undef F

enum action keys_action(int key, unsigned context)
{
	const struct key_binding *b;

	for (b = key_table; b->action != ACT_NONE; b++)
		if (b->key == key && (b->contexts & context))
			return b->action;
	return ACT_NONE;
}

const char *keys_name(int key, char buf[16])
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ UI_FN(KEY_UP), "Up" },       { UI_FN(KEY_DOWN), "Down" },
		{ UI_FN(KEY_LEFT), "Left" },   { UI_FN(KEY_RIGHT), "Right" },
		{ UI_FN(KEY_PPAGE), "PgUp" },  { UI_FN(KEY_NPAGE), "PgDn" },
		{ UI_FN(KEY_HOME), "Home" },   { UI_FN(KEY_END), "End" },
		{ UI_FN(KEY_ENTER), "Enter" }, { UI_FN(KEY_BTAB), "Shift-Tab" },
		{ UI_FN(KEY_F(1)), "F1" },     { UI_FN(KEY_F(2)), "F2" },
		{ '\n', "Enter" },             { '\r', "Enter" },
		{ '\t', "Tab" },               { UI_ESC, "Esc" },
		{ ' ', "Space" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key)
			return names[i].name;
	if (key > 0 && key < 32)
		snprintf(buf, 16, "Ctrl-%c", 'A' + key - 1);
	else
		snprintf(buf, 16, "%c", key);
	return buf;
}

void keys_for_action(enum action action, unsigned context, char *buf, size_t size)
{
	const struct key_binding *b;
	size_t len = 0;
	char name[16];

	buf[0] = '\0';
	for (b = key_table; b->action != ACT_NONE; b++) {
		const char *n;
		if (b->action != action || !(b->contexts & context) || b->key == '\r')
			continue;
		n = keys_name(b->key, name);
		if (strstr(buf, n) && strlen(n) > 1)
			continue; /* Enter is bound twice */
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					len ? ", " : "", n);
	}
}
