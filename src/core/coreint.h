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
/*
 * sqlite3_prepare_v2 for statements run again and again (a record read or written, the change
 * log): the same SQL gets back the statement prepared before, reset and unbound. Give each
 * back with store_finish(), never sqlite3_finalize(); a statement still in use when the same
 * SQL is asked again is prepared anew.
 */
int store_prepare(struct store *store, const char *sql, sqlite3_stmt **st);
void store_finish(struct store *store, sqlite3_stmt *st);

/* Column i of the current row of st as text; "" for NULL. Valid until the next step. */
static inline const char *sql_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/*
 * SQL: the names of the people a refs field to person lists (record_link, in their order),
 * joined by ", ", for the record alias.id of table; NULL when it lists none. For reports that
 * read owner fields with their own queries.
 */
#define PERSON_NAMES(table, alias, field)                                                   \
	"(SELECT group_concat(name, ', ') FROM (SELECT p.name AS name FROM record_link AS l"  \
	" JOIN person AS p ON p.id = CAST(l.target_key AS INTEGER) WHERE l.source = '" table  \
	"' AND l.record = " alias ".id AND l.field = '" field "' ORDER BY l.position))"

/*
 * SQL: the nonconformities raised from the record whose number is the SQL expression key of
 * table (their source_* link fields, step 4.1), as "title (grade, status); ..."; NULL when none.
 */
#define NC_RAISED_FROM(table, key)                                                          \
	"(SELECT group_concat(what, '; ') FROM (SELECT printf('%s (%s, %s)', n.title, n.grade," \
	" n.status) AS what FROM record_link AS l JOIN nonconformity AS n ON n.id = l.record"    \
	" WHERE l.source = 'nonconformity' AND l.target = '" table "'"                          \
	" AND l.target_key = CAST(" key " AS TEXT) AND l.field IN ('source_finding',"            \
	" 'source_incident', 'source_decision', 'source_measurement') ORDER BY n.id))"

#endif
