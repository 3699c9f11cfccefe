/*
 * Inside the core only: the SQLite handle of a workspace. src/ui and src/cli ask the core's
 * functions instead (the layering check of the Makefile refuses sqlite3_ and store_db there),
 * so that every write goes through record.c with its validation and change log, and SQL lives
 * in the module that owns the table. Unit tests and the bench include it to set up cases.
 */
#ifndef IMS2_COREINT_H
#define IMS2_COREINT_H

#include <sqlite3.h>

#include "ims2/store.h"

sqlite3 *store_db(struct store *store);

#endif
