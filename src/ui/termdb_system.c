/*
 * The dynamic build (./ims2) has no terminal descriptions of its own: ncurses reads the host's
 * terminfo database. The static build links src/ui/termdb_builtin.c instead.
 */
#include <stddef.h>

#include "uiint.h"

const char *termdb_builtin_names(void)
{
	return NULL;
}

const char *termdb_builtin_used(void)
{
	return NULL;
}
