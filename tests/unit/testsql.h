/*
 * SQL helpers for tests that set up cases below the record layer (include after testws.h):
 * test_sql() runs statements, test_count() reads one number.
 */
#ifndef IMS2_TESTSQL_H
#define IMS2_TESTSQL_H

#include "../../src/core/coreint.h"

static inline void test_sql(struct workspace *ws, const char *text)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(ws->store), text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
}

static inline long long test_count(struct workspace *ws, const char *query)
{
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(store_db(ws->store), query, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#endif
