/*
 * The terminal: curses set-up, colours as roles, ASCII fallback, keys from the terminal or
 * from a test script, and screen dumps for the screen tests.
 *
 * Script syntax (tests/screens): characters are typed as they are; <Enter> <Esc> <Tab>
 * <S-Tab> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <BS> <Del> <F1> <F2>
 * <Space> <C-x> type those keys; <dump> writes the screen to standard output; <resize 60x20>
 * resizes the screen; <hangup> drops the line as a lost SSH connection would; a newline in
 * the file is ignored, and a line starting with # is a comment. Keys between <paste> and
 * </paste> arrive as a paste does, all at once (the screen is drawn after the last one);
 * others one at a time, as typed, the screen drawn after each. IMS2_SCRIPT_OUTPUT names a
 * file that receives what the terminal would be sent (for the benchmark).
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ims2/util.h"
#include "uiint.h"

#define KEY_DUMP UI_FN(0x7000)
#define KEY_HANGUP UI_FN(0x7001)
#define KEY_RESIZE_SCRIPT UI_FN(0x7002)
#define KEY_PASTE_START UI_FN(0x7003)
#define KEY_PASTE_END UI_FN(0x7004)
#define TICK_MS 1000

struct term_glyphs glyphs;

static const struct term_glyphs glyphs_utf8 = { "─", "│", "…", "▲", "▼", "↵" };
static const struct term_glyphs glyphs_ascii = { "-", "|", "~", "^", "v", "|" };

static struct {
	SCREEN *screen;
	FILE *null_out, *null_in;
	bool scripted, utf8, color;
	int *script; /* keys of the script */
	size_t script_len, script_cap, script_pos;
	int resize_lines[64], resize_columns[64];
	int resize_count, resize_next;
	bool pasting; /* between <paste> and </paste> */
} term;

/*
 * The signal that ended input (SIGHUP, SIGTERM, SIGINT), 0 while none came. The handler only
 * notes it: the loop then keeps an open form as a draft and leaves as after the last key.
 */
static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
}

static void term_die_hook(void)
{
	if (term.screen)
		endwin();
}

bool term_scripted(void)
{
	return term.scripted;
}

bool term_hung_up(void)
{
	return caught_signal != 0;
}

int term_signal(void)
{
	return caught_signal;
}

static void script_add(int key)
{
	if (term.script_len == term.script_cap) {
		term.script_cap = term.script_cap ? term.script_cap * 2 : 256;
		term.script = xrealloc(term.script, term.script_cap * sizeof(*term.script));
	}
	term.script[term.script_len++] = key;
}

static int script_token(const char *name)
{
	static const struct {
		const char *name;
		int key;
	} tokens[] = {
		{ "Enter", '\n' },		{ "Esc", UI_ESC },
		{ "Tab", '\t' },		{ "S-Tab", UI_FN(KEY_BTAB) },
		{ "Up", UI_FN(KEY_UP) },	{ "Down", UI_FN(KEY_DOWN) },
		{ "Left", UI_FN(KEY_LEFT) },	{ "Right", UI_FN(KEY_RIGHT) },
		{ "PgUp", UI_FN(KEY_PPAGE) },	{ "PgDn", UI_FN(KEY_NPAGE) },
		{ "Home", UI_FN(KEY_HOME) },	{ "End", UI_FN(KEY_END) },
		{ "BS", UI_FN(KEY_BACKSPACE) }, { "Del", UI_FN(KEY_DC) },
		{ "F1", UI_FN(KEY_F(1)) },	{ "F2", UI_FN(KEY_F(2)) },
		{ "dump", KEY_DUMP },		{ "hangup", KEY_HANGUP },
		{ "lt", '<' },			{ "Space", ' ' },
		{ "paste", KEY_PASTE_START },	{ "/paste", KEY_PASTE_END },
	};
	size_t i;

	if (strncmp(name, "C-", 2) == 0 && name[2] && !name[3])
		return UI_CTRL(name[2]);
	for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
		if (strcmp(tokens[i].name, name) == 0)
			return tokens[i].key;
	return -1;
}

static int script_load(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	mbstate_t mb;

	if (!fp) {
		fprintf(stderr, "ims2: %s: %s\n", path, strerror(errno));
		return IMS2_IO;
	}
	while (fgets(line, sizeof(line), fp)) {
		const char *p = line;
		if (line[0] == '#')
			continue;
		memset(&mb, 0, sizeof(mb));
		while (*p && *p != '\n') {
			const char *close = *p == '<' ? strchr(p, '>') : NULL;
			wchar_t wc;
			size_t n;

			if (close && close - p < 32) {
				char name[32];
				int key, l, c;
				snprintf(name, sizeof(name), "%.*s", (int)(close - p - 1), p + 1);
				if (sscanf(name, "resize %dx%d", &c, &l) == 2 &&
				    term.resize_count < 64) {
					term.resize_lines[term.resize_count] = l;
					term.resize_columns[term.resize_count++] = c;
					script_add(KEY_RESIZE_SCRIPT);
					p = close + 1;
					continue;
				}
				key = script_token(name);
				if (key != -1) {
					script_add(key);
					p = close + 1;
					continue;
				}
			}
			n = mbrtowc(&wc, p, strlen(p), &mb);
			if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
				script_add((unsigned char)*p);
				n = 1;
			} else {
				script_add((int)wc);
			}
			p += n;
		}
	}
	fclose(fp);
	return IMS2_OK;
}

static void init_colors(void)
{
	static const short fg[ROLE_COUNT] = { -1, COLOR_BLACK, COLOR_BLACK, COLOR_CYAN,
					      COLOR_RED, COLOR_GREEN, COLOR_YELLOW, COLOR_BLUE };
	static const short bg[ROLE_COUNT] = { -1, COLOR_CYAN, COLOR_WHITE, -1, -1, -1, -1, -1 };
	const char *no_color = getenv("NO_COLOR");
	short i;

	term.color = has_colors() && !(no_color && *no_color);
	if (!term.color)
		return;
	start_color();
	use_default_colors();
	for (i = 1; i < ROLE_COUNT; i++)
		init_pair(i, fg[i], bg[i]);
}

int term_attr(enum color_role role)
{
	static const int mono[ROLE_COUNT] = { A_NORMAL, A_REVERSE, A_REVERSE, A_BOLD,
					      A_BOLD,	A_BOLD,	   A_NORMAL,  A_NORMAL };

	if (!term.color || role == ROLE_NORMAL)
		return mono[role];
	return (int)COLOR_PAIR(role) | (role == ROLE_HEADING || role == ROLE_ERROR ? A_BOLD : 0);
}

/* Says why the terminal cannot be used: TERM unset, or unknown here (and to ims2-static). */
static void term_refused(void)
{
	const char *name = getenv("TERM"), *builtin = termdb_builtin_names();

	if (!name || !*name)
		fprintf(stderr, "ims2: TERM is not set\n");
	else if (builtin)
		fprintf(stderr,
			"ims2: unknown terminal TERM=%s: this host has no terminfo entry for it "
			"and ims2 knows only %s\n",
			name, builtin);
	else
		fprintf(stderr,
			"ims2: unknown terminal TERM=%s: this host has no terminfo entry for it\n",
			name);
	fprintf(stderr, "hint: set TERM=xterm (e.g. TERM=xterm ims2 ...), which every terminal "
			"emulator understands\n");
}

int term_open(const struct ui_options *opts)
{
	const char *codeset = nl_langinfo(CODESET);
	struct sigaction sa;

	term.utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
	glyphs = term.utf8 ? glyphs_utf8 : glyphs_ascii;
	if (opts->script) {
		char buf[16];
		if (script_load(opts->script))
			return IMS2_IO;
		term.scripted = true;
		snprintf(buf, sizeof(buf), "%d", opts->lines);
		setenv("LINES", buf, 1);
		snprintf(buf, sizeof(buf), "%d", opts->columns);
		setenv("COLUMNS", buf, 1);
		use_env(TRUE);
		/* The benchmark counts what a real terminal would be sent. */
		term.null_out = fopen(getenv("IMS2_SCRIPT_OUTPUT") ? getenv("IMS2_SCRIPT_OUTPUT")
								   : "/dev/null",
				      "w");
		term.null_in = fopen("/dev/null", "r");
		term.screen = newterm("xterm", term.null_out, term.null_in);
	} else {
		term.screen = newterm(NULL, stdout, stdin);
	}
	if (!term.screen) {
		term_refused();
		return IMS2_IO;
	}
	set_term(term.screen);
	util_set_die_hook(term_die_hook);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: the read of a key returns at once */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	init_colors();
	/* A key read gives up after a while (UI_TICK) so that the loop can look for others' saves. */
	if (!term.scripted)
		timeout(TICK_MS);
	return IMS2_OK;
}

void term_close(void)
{
	if (!term.screen)
		return;
	/* Leave the alternate screen and keypad mode, unless the terminal is gone (hang-up). */
	if (caught_signal != SIGHUP)
		endwin();
	/* After endwin: a terminal without an alternate screen (vt100, linux) would clear it. */
	if (caught_signal != SIGHUP && !term.scripted && termdb_builtin_used())
		fprintf(stderr, "ims2: no terminfo entry for TERM=%s here; used the built-in one\n",
			termdb_builtin_used());
	delscreen(term.screen);
	term.screen = NULL;
	util_set_die_hook(NULL);
	if (term.null_out)
		fclose(term.null_out);
	if (term.null_in)
		fclose(term.null_in);
	free(term.script);
	memset(&term, 0, sizeof(term));
}

void term_dump(void)
{
	int y, x, lines = LINES, cols = COLS;
	wchar_t row[512];
	cchar_t cell;

	for (y = 0; y < lines; y++) {
		int len = 0, last = 0;
		for (x = 0; x < cols && len < 500; x++) {
			wchar_t wc[CCHARW_MAX + 1];
			attr_t attr;
			short pair;

			if (mvwin_wch(stdscr, y, x, &cell) == ERR)
				break;
			getcchar(&cell, wc, &attr, &pair, NULL);
			if (wc[0] == L'\0')
				continue; /* the second column of a wide character */
			row[len++] = wc[0];
			if (wc[0] != L' ')
				last = len;
		}
		row[last] = L'\0';
		printf("%ls\n", row);
	}
	printf("--- %dx%d\n", cols, lines);
	fflush(stdout);
}

bool term_big_enough(void)
{
	return LINES >= 24 && COLS >= 80;
}

/*
 * A key in a locale that is not UTF-8. get_wch() there drops a byte it cannot decode and the
 * key after it, so bytes are read one at a time: a UTF-8 sequence (what terminals send, even
 * to a host in the C locale) gives its character, a byte of no sequence its Latin-1 one.
 */
static int get_key_bytes(wint_t *ch)
{
	char buf[5] = { 0 };
	unsigned int cp;
	int c = getch(), n, i;

	if (c == ERR)
		return ERR;
	*ch = (wint_t)c;
	if (c >= KEY_MIN)
		return KEY_CODE_YES;
	if (c < 0xc0 || c > 0xf7)
		return OK;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	buf[0] = (char)c;
	timeout(50); /* the rest of a sequence comes with its first byte */
	for (i = 1; i < n; i++) {
		int next = getch();
		if (next == ERR || next >= KEY_MIN || (next & 0xc0) != 0x80) {
			if (next != ERR)
				ungetch(next);
			break;
		}
		buf[i] = (char)next;
	}
	timeout(TICK_MS);
	if (i == n && util_utf8_decode(buf, &cp) == (size_t)n)
		*ch = (wint_t)cp;
	return OK; /* else *ch is the first byte, as Latin-1; the others are lost */
}

static int get_key(wint_t *ch)
{
	return term.utf8 ? get_wch(ch) : get_key_bytes(ch);
}

int term_read_key(void)
{
	wint_t ch;
	int rc, errors = 0;

	if (term.scripted) {
		for (;;) {
			int key;
			if (caught_signal || term.script_pos >= term.script_len)
				return -1;
			key = term.script[term.script_pos++];
			if (key == KEY_DUMP) {
				term_dump();
				continue;
			}
			if (key == KEY_PASTE_START || key == KEY_PASTE_END) {
				term.pasting = key == KEY_PASTE_START;
				continue;
			}
			if (key == KEY_HANGUP) {
				caught_signal = SIGHUP;
				return -1;
			}
			if (key == KEY_RESIZE_SCRIPT) {
				int i = term.resize_next++;
				resizeterm(term.resize_lines[i], term.resize_columns[i]);
				return UI_FN(KEY_RESIZE);
			}
			return key;
		}
	}
	for (;;) {
		struct timespec t0, t1;
		long waited;

		if (caught_signal)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = get_key(&ch);
		if (rc == KEY_CODE_YES)
			return UI_FN((int)ch);
		if (rc == OK)
			return ch == 127 || ch == 8 ? UI_FN(KEY_BACKSPACE) : (int)ch;
		/* ERR: no key for TICK_MS, interrupted by a signal, or the terminal is gone. */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (caught_signal)
			return -1;
		if (waited >= TICK_MS * 9 / 10)
			return UI_TICK;
		if (++errors > 100)
			return -1;
	}
}

wchar_t term_visible(wchar_t wc)
{
	if (wc == L'\n' || wc == L'\t')
		return wc; /* the callers draw these their own way */
	if (wc < 32 || (wc >= 127 && wc < 160))
		return L'?'; /* C0, DEL, C1: the terminal would act on them */
	if (!term.utf8 && wc > 126)
		return L'?'; /* the locale's character set may not have it: one '?' a character */
	/* Bidi_Control: overrides, embeddings, isolates and marks reorder what follows. */
	if ((wc >= 0x202a && wc <= 0x202e) || (wc >= 0x2066 && wc <= 0x2069) || wc == 0x200e ||
	    wc == 0x200f || wc == 0x061c)
		return L'?';
	return wc;
}

bool term_key_pending(void)
{
	wint_t ch;
	int rc;

	if (caught_signal)
		return false;
	if (term.scripted) {
		int key;
		if (term.script_pos >= term.script_len)
			return false;
		key = term.script[term.script_pos];
		if (key == KEY_PASTE_START)
			return true;
		/* A script types like a person, one key and one screen at a time, unless pasting. */
		return term.pasting && !(key & UI_FN(0));
	}
	timeout(0);
	if (!term.utf8) { /* a byte is enough to know; get_key_bytes() reads it again */
		int c = getch();
		timeout(TICK_MS);
		if (c != ERR)
			ungetch(c);
		return c != ERR;
	}
	rc = get_wch(&ch);
	timeout(TICK_MS);
	if (rc == KEY_CODE_YES)
		ungetch((int)ch);
	else if (rc == OK)
		unget_wch((wchar_t)ch);
	return rc != ERR;
}

static int char_width(wchar_t wc)
{
	int w;

	wc = term_visible(wc);
	if (wc < 32)
		return 1;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/*
 * Decodes one character of s, UTF-8 whatever the locale (a workspace's text is UTF-8); *len
 * is its byte length. Invalid bytes read as '?'.
 */
static wchar_t next_char(const char *s, size_t *len)
{
	unsigned int cp;
	size_t n = util_utf8_decode(s, &cp);

	if (!n) {
		*len = 1;
		return L'?';
	}
	*len = n;
	return (wchar_t)cp;
}

int text_width(const char *text)
{
	size_t n;
	int w = 0;

	while (*text) {
		w += char_width(next_char(text, &n));
		text += n;
	}
	return w;
}

void draw_text(int y, int x, int width, const char *text, int attr)
{
	int used = 0, ew = text_width(glyphs.ellipsis);
	size_t n;

	if (width <= 0)
		return;
	attron(attr);
	move(y, x);
	while (text && *text) {
		wchar_t wc = next_char(text, &n);
		wchar_t out[2] = { wc, 0 };
		int w = char_width(wc);

		if (used + w > width || (used + w + ew > width && text_width(text) + used > width)) {
			if (used + ew <= width) {
				addstr(glyphs.ellipsis);
				used += ew;
			}
			break;
		}
		out[0] = term_visible(wc);
		if (wc == L'\n')
			addstr(glyphs.newline);
		else if (wc == L'\t')
			addch(' ');
		else
			addnwstr(out, 1);
		used += w;
		text += n;
	}
	while (used++ < width)
		addch(' ');
	attroff(attr);
}

void draw_hline(int y, int x, int width)
{
	int i;

	move(y, x);
	for (i = 0; i < width; i++)
		addstr(glyphs.hline);
}

int wrap_text(const char *text, int width, size_t *starts, size_t *lens, int max)
{
	const char *p = text, *line = text, *space = NULL;
	int count = 0, used = 0;
	size_t n;

	if (width < 1)
		width = 1;
	while (*p) {
		wchar_t wc = next_char(p, &n);
		if (wc == L'\n') {
			if (count < max) {
				starts[count] = (size_t)(line - text);
				lens[count] = (size_t)(p - line);
			}
			count++;
			p += n;
			line = p;
			space = NULL;
			used = 0;
			continue;
		}
		if (used + char_width(wc) > width) {
			const char *cut = space && space > line ? space : p;
			if (count < max) {
				starts[count] = (size_t)(line - text);
				lens[count] = (size_t)(cut - line);
			}
			count++;
			line = cut;
			while (*line == ' ')
				line++;
			p = line;
			space = NULL;
			used = 0;
			continue;
		}
		if (wc == L' ')
			space = p;
		used += char_width(wc);
		p += n;
	}
	if (p > line || count == 0) {
		if (count < max) {
			starts[count] = (size_t)(line - text);
			lens[count] = (size_t)(p - line);
		}
		count++;
	}
	return count;
}
