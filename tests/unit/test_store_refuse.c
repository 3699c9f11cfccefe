/*
 * Workspace files that are refused, each left byte for byte as it was with nothing added
 * beside it: creation over an existing file, and opening what is missing, foreign, newer,
 * truncated or changed outside ims2 (README.md, "The workspace").
 */
#include "testutil.h"

#include <fcntl.h>

#include "ims2/migrate.h"
#include "ims2/record.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

#include "testws.h"

static void exec_sql(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
}

static void test_create_refuses(void **state)
{
	struct fixture *f = *state;
	struct workspace other;
	struct ims2_error err;
	char *copy = test_path(f->dir, "copy"), *text = test_path(f->dir, "notes.txt");
	char *nowhere = test_path(f->dir, "no/such/dir/ws.ims2"), *bad = test_path(f->dir, "b");

	workspace_close(&f->ws);
	test_copy(f->path, copy);
	assert_int_equal(workspace_create(&other, f->path, "Other", NULL, &err), IMS2_USAGE);
	assert_contains(err.message, "exists already");
	test_same_file(f->path, copy);
	test_write(text, "my notes\n");
	test_copy(text, copy);
	assert_int_equal(workspace_create(&other, text, "Other", NULL, &err), IMS2_USAGE);
	test_same_file(text, copy);
	assert_int_equal(workspace_create(&other, f->dir, "Other", NULL, &err), IMS2_USAGE);
	assert_int_equal(workspace_create(&other, nowhere, "Other", NULL, &err), IMS2_IO);
	assert_false(test_exists(nowhere));
	/* A bad organisation name leaves no file behind. */
	assert_int_equal(workspace_create(&other, bad, "two\nlines", NULL, &err), IMS2_USAGE);
	assert_int_equal(workspace_create(&other, bad, "", NULL, &err), IMS2_USAGE);
	assert_false(test_exists(bad));
	free(copy);
	free(text);
	free(nowhere);
	free(bad);
}

/* Opening path is refused with IMS2_WORKSPACE naming what; nothing in the dir changes. */
static void refused(const char *dir, const char *path, const char *what)
{
	struct workspace ws;
	struct ims2_error err;
	struct stat st;
	char *before = test_listing(dir), *after, *copy = NULL;
	bool regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	size_t len = 0;

	if (regular)
		copy = test_read(path, &len);
	assert_int_equal(workspace_open(&ws, path, 0, NULL, &err), IMS2_WORKSPACE);
	if (!strstr(err.message, what))
		fail_msg("opening %s: '%s' lacks '%s'", path, err.message, what);
	assert_prefix(err.message, path);
	after = test_listing(dir);
	assert_string_equal(after, before);
	if (regular) {
		size_t now;
		char *data = test_read(path, &now);
		if (now != len || memcmp(data, copy, len) != 0)
			fail_msg("%s was changed by a refused open", path);
		free(data);
	}
	free(copy);
	free(before);
	free(after);
}

static void test_open_refuses(void **state)
{
	struct fixture *f = *state;
	char *p = test_path(f->dir, "missing.ims2");
	sqlite3 *db;

	workspace_close(&f->ws);
	refused(f->dir, p, "No such file");
	assert_false(test_exists(p)); /* not created by the attempt */
	free(p);
	p = test_path(f->dir, "sub");
	mkdir(p, 0755);
	refused(f->dir, p, "is a directory");
	free(p);
	p = test_path(f->dir, "passwd");
	test_copy("/etc/passwd", p);
	refused(f->dir, p, "not an ims2 workspace");
	test_write(p, "");
	refused(f->dir, p, "not an ims2 workspace");
	free(p);
	/* SQLite databases of other applications, and one with our id but no schema. */
	p = test_path(f->dir, "other.db");
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	exec_sql(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	sqlite3_close(db);
	refused(f->dir, p, "an SQLite database, but not an ims2 workspace");
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	exec_sql(db, "PRAGMA application_id = 42");
	sqlite3_close(db);
	refused(f->dir, p, "not an ims2 workspace");
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	exec_sql(db, "PRAGMA application_id = 1229804338");
	sqlite3_close(db);
	refused(f->dir, p, "damaged");
	free(p);
}

/* A copy of the workspace changed through plain SQLite, then checkpointed and closed. */
static char *altered_copy(struct fixture *f, const char *name, const char *sql)
{
	char *p = test_path(f->dir, name);
	sqlite3 *db;

	test_copy(f->path, p);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	exec_sql(db, sql);
	exec_sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
	return p;
}

/* Opening f->path with STORE_VERIFY (as export does) is refused as damaged. */
static void refused_verified(struct fixture *f)
{
	struct workspace ws;
	struct ims2_error err;

	assert_int_equal(workspace_open(&ws, f->path, STORE_READONLY | STORE_VERIFY, NULL, &err),
			 IMS2_WORKSPACE);
	assert_contains(err.message, "damaged: ");
	assert_contains(err.message, "Page ");
}

/* A copy altered by sql is refused with what in the message. */
static void refused_altered(struct fixture *f, const char *name, const char *sql,
			    const char *what)
{
	char *p = altered_copy(f, name, sql);

	refused(f->dir, p, what);
	free(p);
}

static void test_open_refuses_damaged(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "scope_element");
	const char *values[] = { NULL, "site", "in", NULL, "A description long enough to "
							   "fill pages of the file quickly." };
	struct ims2_error err;
	char name[32], sql[64], *p;
	struct stat st;
	long long id;
	int i;

	/* A few hundred records, so that half the file cuts through real pages. */
	assert_int_equal(store_begin(f->ws.store, &err), IMS2_OK);
	for (i = 0; i < 400; i++) {
		snprintf(name, sizeof(name), "Site %d", i);
		values[0] = name;
		assert_int_equal(record_put_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	}
	assert_int_equal(store_commit(f->ws.store, &err), IMS2_OK);
	exec_sql(store_db(f->ws.store), "PRAGMA wal_checkpoint(TRUNCATE)");
	workspace_close(&f->ws);

	p = test_path(f->dir, "half.ims2");
	test_copy(f->path, p);
	assert_int_equal(stat(p, &st), 0);
	assert_true(st.st_size > 64 * 1024);
	assert_int_equal(truncate(p, st.st_size / 2), 0);
	refused(f->dir, p, "damaged");
	free(p);

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", migrate_count() + 1);
	refused_altered(f, "newer.ims2", sql, "made by a newer ims2");
	refused_altered(f, "tampered.ims2",
			"CREATE TRIGGER t AFTER INSERT ON milestone BEGIN SELECT 1; END",
			"schema was changed outside ims2");
	refused_altered(f, "dropped.ims2", "DROP TABLE scope_interface",
			"schema was changed outside ims2");
	/* The original still opens with all its records. */
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	reg = screen_set_find_register(&f->ws.screens, "scope_element");
	assert_int_equal(record_count(f->ws.store, reg, &id, &err), IMS2_OK);
	assert_int_equal(id, 400);
}

/* A file moved away while open: the save fails as read-only, and the store says so after. */
static void test_moved_while_open(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "project_objective");
	const char *values[] = { "Saved after the move", NULL, NULL };
	char *moved = test_path(f->dir, "moved.ims2");
	struct ims2_error err;
	long long id;

	assert_null(store_readonly_reason(f->ws.store));
	assert_int_equal(rename(f->path, moved), 0);
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_READONLY);
	assert_contains(err.message, "moved or deleted");
	assert_true(store_readonly(f->ws.store));
	assert_contains(store_readonly_reason(f->ws.store), "moved or deleted");
	assert_int_equal(store_begin(f->ws.store, &err), IMS2_READONLY);
	free(moved);
}

/* Schema objects are compared by their whole names; a format number must match the schema. */
static void test_names_compared_whole(void **state)
{
	struct fixture *f = *state;

	workspace_close(&f->ws);
	refused_altered(f, "evil1.ims2", "CREATE TABLE sqliteXevil (x)",
			"schema was changed outside ims2");
	refused_altered(f, "evil2.ims2",
			"CREATE TRIGGER SQLITE1evil AFTER INSERT ON changelog BEGIN "
			"DELETE FROM changelog; END",
			"schema was changed outside ims2");
	refused_altered(f, "lower.ims2", "PRAGMA user_version = 2",
			"does not match the schema it holds");
}

/* A change only in the write-ahead log is seen, and the log is left as it was. */
static void test_wal_only_changes(void **state)
{
	struct fixture *f = *state;
	char *p = test_path(f->dir, "wal.ims2"), *wal, *before, *after, sql[64];
	size_t len, now;
	sqlite3 *db;

	workspace_close(&f->ws);
	test_copy(f->path, p);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", migrate_count() + 1);
	exec_sql(db, sql);
	sqlite3_close(db);
	wal = xasprintf("%s-wal", p);
	before = test_read(wal, &len);
	assert_true(len > 0);
	refused(f->dir, p, "made by a newer ims2");
	after = test_read(wal, &now);
	assert_int_equal(now, len);
	assert_memory_equal(after, before, len);
	free(before);
	free(after);
	free(wal);
	free(p);
}

/*
 * A damaged page the workbench reads after the open (it skips the full check): the read
 * that meets it fails, the store remembers it, and what the page gave is not progress.
 */
static void test_read_errors_propagate(void **state)
{
	struct fixture *f = *state;
	struct step_progress p;
	struct ims2_error err;
	sqlite3_stmt *st;
	char zeros[4096] = { 0 };
	long long page = 0;
	size_t step;
	int fd;

	assert_int_equal(store_set_activity(f->ws.store, "1.1", "team", true, &err), IMS2_OK);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store),
					    "SELECT rootpage FROM sqlite_schema "
					    "WHERE name = 'activity_state'",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	page = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	workspace_close(&f->ws);
	fd = open(f->path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, zeros, sizeof(zeros), (off_t)((page - 1) * 4096)),
			 (ssize_t)sizeof(zeros));
	close(fd);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	assert_int_equal(store_read_failed(f->ws.store, NULL), IMS2_OK);
	step = (size_t)catalog_step_index(&f->ws.catalog, "1.1");
	assert_int_equal(workspace_step_progress(&f->ws, step, &p), IMS2_WORKSPACE);
	step_progress_release(&p);
	assert_int_equal(store_read_failed(f->ws.store, &err), IMS2_WORKSPACE);
	assert_contains(err.message, "damaged");
	assert_contains(err.message, "activity_state");
	/* Export and import read every page first: refused before anything is shown. */
	workspace_close(&f->ws);
	refused_verified(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_while_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_compared_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_only_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_errors_propagate, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
