/*
 * Terminal descriptions built into ims2-static, for hosts without a terminfo database (a
 * hardened server, a minimal container). The Makefile compiles the entries of STATIC_TERMS
 * with the build host's tic and embeds them (build/terminfo.c, table builtin_terminfo).
 *
 * ncurses asks _nc_fallback2() for a description when it found none in any database
 * (lib_setup.c of ncurses). Its own, in libtinfo.a's fallback.o, knows no terminal: defining
 * the function here keeps the linker from taking that member. The embedded entries are in the
 * compiled terminfo format, which _nc_read_termtype() of the same static library reads: the
 * link is against the libtinfo.a whose term.h this file is compiled with, so the TERMTYPE2
 * layout and the reader agree. Only this file uses ncurses' internal interface.
 */
#define NCURSES_INTERNALS 1 /* TERMTYPE2, _nc_read_termtype() */

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "ims2/source.h"
#include "uiint.h"
/* After uiint.h: term.h defines macros (lines, columns, newline...) that are field names there. */
#include <term.h>

/* Generated at build time (build/terminfo.c); the list ends with a NULL name. */
extern const struct embedded_file builtin_terminfo[];

const TERMTYPE2 *_nc_fallback2(const char *name);

#define MAX_TERMS 16
/* Parsed on first use and kept for the life of the process, as ncurses keeps its own copy. */
static TERMTYPE2 parsed[MAX_TERMS];
static bool is_parsed[MAX_TERMS];
static char used[64];
static char names[256];

const TERMTYPE2 *_nc_fallback2(const char *name)
{
	size_t i;

	for (i = 0; name && builtin_terminfo[i].name; i++) {
		const struct embedded_file *f = &builtin_terminfo[i];
		assert(i < MAX_TERMS); /* STATIC_TERMS in the Makefile */
		if (strcmp(f->name, name) != 0)
			continue;
		if (!is_parsed[i]) {
			/* _nc_read_termtype() copies what it keeps; the buffer is only read. */
			if (_nc_read_termtype(&parsed[i], (char *)f->data, (int)f->size) != 1)
				return NULL;
			is_parsed[i] = true;
		}
		snprintf(used, sizeof(used), "%s", name);
		return &parsed[i];
	}
	return NULL;
}

const char *termdb_builtin_names(void)
{
	size_t i;

	if (!names[0])
		for (i = 0; builtin_terminfo[i].name; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", builtin_terminfo[i].name);
	return names;
}

const char *termdb_builtin_used(void)
{
	return used[0] ? used : NULL;
}
