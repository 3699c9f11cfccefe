/*
 * A test tool of the reliability suite: runs SQL on a file as a hostile or careless
 * program would (plant hostile text, count rows, PRAGMA integrity_check), without the
 * sqlite3 shell. Prints each row's columns separated by '|'. Exit 1 on an SQL error.
 *   sqlexec FILE SQL
 */
#include <sqlite3.h>
#include <stdio.h>

static const char *text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : "";
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	const char *sql, *tail;
	int rc = 0, i;

	if (argc != 3) {
		fprintf(stderr, "usage: sqlexec FILE SQL\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlexec: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	for (sql = argv[2]; !rc && sql && *sql; sql = tail) {
		if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
			fprintf(stderr, "sqlexec: %s\n", sqlite3_errmsg(db));
			rc = 1;
			break;
		}
		if (!st)
			break; /* only white space or a comment was left */
		while (sqlite3_step(st) == SQLITE_ROW)
			for (i = 0; i < sqlite3_column_count(st); i++)
				printf("%s%s", text(st, i),
				       i + 1 < sqlite3_column_count(st) ? "|" : "\n");
		if (sqlite3_finalize(st) != SQLITE_OK) {
			fprintf(stderr, "sqlexec: %s\n", sqlite3_errmsg(db));
			rc = 1;
		}
	}
	sqlite3_close(db);
	return rc;
}
