/*
 * The workspace store: creation, refusals that leave files byte for byte, read-only, the
 * change log, step state, drafts, and records with validation and concurrent edits.
 */
#include "testutil.h"

#include "ims2/migrate.h"
#include "ims2/record.h"
#include "ims2/workspace.h"

struct fixture {
	char dir[64], path[128];
	struct workspace ws;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;

	test_fixed_clock();
	test_dir_make(f->dir);
	snprintf(f->path, sizeof(f->path), "%s/ws.ims2", f->dir);
	if (workspace_create(&f->ws, f->path, "Store Test Ltd", NULL, &err))
		fail_msg("%s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	workspace_close(&f->ws);
	test_dir_remove(f->dir);
	free(f);
	return 0;
}

static long long pragma(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_created(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = store_db(f->ws.store);
	sqlite3_stmt *st;

	assert_int_equal(pragma(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(pragma(db, "PRAGMA user_version"), migrate_count());
	assert_int_equal(pragma(db, "PRAGMA foreign_keys"), 1);
	/* The four catalogs and the risk method it uses: results do not depend on the build. */
	assert_int_equal(pragma(db, "SELECT count(*) FROM catalog"), 5);
	assert_int_equal(pragma(db, "SELECT count(*) FROM catalog WHERE name = "
				    "'matrices/5x5.yaml'"),
			 1);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_string_equal(f->ws.organisation, "Store Test Ltd");
}

static void test_never_overwrites(void **state)
{
	struct fixture *f = *state;
	struct workspace other;
	struct ims2_error err;
	char copy[160], text[160];

	snprintf(copy, sizeof(copy), "%s/copy", f->dir);
	workspace_close(&f->ws);
	test_copy(f->path, copy);
	assert_int_equal(workspace_create(&other, f->path, "Other", NULL, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "exists already"));
	test_same_file(f->path, copy);
	snprintf(text, sizeof(text), "%s/notes.txt", f->dir);
	test_write(text, "my notes\n");
	assert_int_equal(workspace_create(&other, text, "Other", NULL, &err), IMS2_USAGE);
	{
		char *kept = test_read(text, NULL);
		assert_string_equal(kept, "my notes\n");
		free(kept);
	}
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
}

/* Opening path fails with a workspace error whose message contains what; file unchanged. */
static void refused(struct fixture *f, const char *path, const char *what)
{
	struct workspace ws;
	struct ims2_error err;
	char copy[160];
	struct stat st;
	bool regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);

	snprintf(copy, sizeof(copy), "%s/refused-copy", f->dir);
	if (regular)
		test_copy(path, copy);
	assert_int_equal(workspace_open(&ws, path, 0, NULL, &err), IMS2_WORKSPACE);
	if (!strstr(err.message, what))
		fail_msg("'%s' lacks '%s'", err.message, what);
	if (regular)
		test_same_file(path, copy);
}

static void test_refusals(void **state)
{
	struct fixture *f = *state;
	char path[160], cmd[800];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/missing.ims2", f->dir);
	refused(f, path, "No such file");
	refused(f, f->dir, "is a directory");
	snprintf(path, sizeof(path), "%s/passwd", f->dir);
	test_copy("/etc/passwd", path);
	refused(f, path, "not an ims2 workspace");
	snprintf(path, sizeof(path), "%s/empty", f->dir);
	test_write(path, "");
	refused(f, path, "not an ims2 workspace");
	/* An SQLite database of another application. */
	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL);
	sqlite3_close(db);
	refused(f, path, "not an ims2 workspace");
	/* A workspace of a newer version. */
	workspace_close(&f->ws);
	snprintf(path, sizeof(path), "%s/newer.ims2", f->dir);
	test_copy(f->path, path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	refused(f, path, "made by a newer ims2");
	/* A truncated workspace. */
	snprintf(path, sizeof(path), "%s/half.ims2", f->dir);
	snprintf(cmd, sizeof(cmd), "head -c $(( $(wc -c < '%s') / 2 )) '%s' > '%s'", f->path,
		 f->path, path);
	assert_int_equal(system(cmd), 0);
	refused(f, path, "damaged");
	/* A changed schema (a trigger someone added). */
	snprintf(path, sizeof(path), "%s/tampered.ims2", f->dir);
	test_copy(f->path, path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TRIGGER t AFTER INSERT ON milestone BEGIN SELECT 1; END", NULL,
		     NULL, NULL);
	sqlite3_close(db);
	refused(f, path, "schema was changed outside ims2");
	struct ims2_error err;
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
}

static void test_read_only(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg;
	const char *values[] = { "Get certified", NULL, NULL };
	struct workspace ro;
	struct ims2_error err;
	char copy[160];
	long long id;

	workspace_close(&f->ws);
	snprintf(copy, sizeof(copy), "%s/copy", f->dir);
	test_copy(f->path, copy);
	assert_int_equal(workspace_open(&ro, f->path, STORE_READONLY, NULL, &err), IMS2_OK);
	assert_true(store_readonly(ro.store));
	reg = screen_set_find_register(&ro.screens, "project_objective");
	assert_int_equal(record_insert(ro.store, reg, values, &id, &err), IMS2_READONLY);
	assert_int_equal(store_set_activity(ro.store, "1.1", "team", true, &err), IMS2_READONLY);
	workspace_close(&ro);
	test_same_file(f->path, copy);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
}

static void test_change_log(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "project_objective");
	const char *values[] = { "Get certified", "Certificate", NULL };
	const char *changed[] = { "Get certified", "Certificate issued", "2027-06-30" };
	struct ims2_error err;
	sqlite3_stmt *st;
	long long id;
	int rows = 0;

	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	assert_int_equal(record_update(f->ws.store, reg, id, 1, changed, &err), IMS2_OK);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, id, &err), IMS2_OK);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store),
					    "SELECT at, os_user, field, coalesce(old, '-'), "
					    "coalesce(new, '-') FROM changelog WHERE tbl = "
					    "'project_objective' ORDER BY id",
					    -1, &st, NULL),
			 SQLITE_OK);
	static const char *const want[][3] = {
		{ "objective", "-", "Get certified" },	   { "measure", "-", "Certificate" },
		{ "measure", "Certificate", "Certificate issued" }, { "due_date", "-", "2027-06-30" },
		{ "objective", "Get certified", "-" }, { "measure", "Certificate issued", "-" },
		{ "due_date", "2027-06-30", "-" },
	};
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(rows < 7);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), "2026-01-01T00:00:00Z");
		assert_true(strlen((const char *)sqlite3_column_text(st, 1)) > 0);
		assert_string_equal((const char *)sqlite3_column_text(st, 2), want[rows][0]);
		assert_string_equal((const char *)sqlite3_column_text(st, 3), want[rows][1]);
		assert_string_equal((const char *)sqlite3_column_text(st, 4), want[rows][2]);
		rows++;
	}
	sqlite3_finalize(st);
	assert_int_equal(rows, 7);
}

static void test_steps_and_drafts(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char status[16], *reason = NULL, *draft;

	store_step_status(f->ws.store, "1.5", status, &reason);
	assert_string_equal(status, "not started");
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "skipped", "", &err),
			 IMS2_INVALID);
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "skipped", "Merged with 1.2",
					       &err),
			 IMS2_OK);
	store_step_status(f->ws.store, "1.5", status, &reason);
	assert_string_equal(status, "skipped");
	assert_string_equal(reason, "Merged with 1.2");
	free(reason);
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "done", NULL, &err), IMS2_OK);
	store_step_status(f->ws.store, "1.5", status, &reason);
	assert_string_equal(status, "done");
	assert_null(reason);
	assert_false(store_activity_done(f->ws.store, "1.5", "elements"));
	assert_int_equal(store_set_activity(f->ws.store, "1.5", "elements", true, &err), IMS2_OK);
	assert_true(store_activity_done(f->ws.store, "1.5", "elements"));
	assert_int_equal(store_draft_save(f->ws.store, "milestone", 0, "name=Kick\\noff\n", &err),
			 IMS2_OK);
	draft = store_draft_take(f->ws.store, "milestone", 0, true);
	assert_string_equal(draft, "name=Kick\\noff\n");
	free(draft);
	assert_null(store_draft_take(f->ws.store, "milestone", 0, true));
}

static void test_records(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "scope_element");
	static const char exotic[] = "Lab | pipe \\ back\nline two\ttab Zürich 東京 ✓";
	char long_line[3001];
	const char *values[5] = { "Test lab", "site", "out", NULL, NULL };
	struct ims2_error err;
	struct record rec;
	long long id;
	int bad;

	memset(long_line, 'x', 3000);
	long_line[3000] = '\0';
	/* An exclusion needs its justification, named in the message. */
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Justification is required when Scope is out");
	values[3] = exotic;
	values[4] = long_line;
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	assert_int_equal(record_get(f->ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[3], exotic);
	assert_string_equal(rec.values[4], long_line);
	/* Someone else saves first: the stale revision is refused, their change kept. */
	values[0] = "Renamed by someone else";
	assert_int_equal(record_update(f->ws.store, reg, id, rec.rev, values, &err), IMS2_OK);
	values[0] = "My rename";
	assert_int_equal(record_update(f->ws.store, reg, id, rec.rev, values, &err), IMS2_CONFLICT);
	record_release(&rec);
	assert_int_equal(record_get(f->ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[0], "Renamed by someone else");
	record_release(&rec);
	/* Validation of each kind of field. */
	values[1] = "planet";
	assert_int_equal(record_validate(reg, values, &bad, &err), IMS2_INVALID);
	assert_int_equal(bad, 1);
	assert_string_equal(err.message, "Kind cannot be 'planet'");
	values[1] = "site";
	values[0] = "two\nlines";
	assert_int_equal(record_validate(reg, values, &bad, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Element is one line of text");
	values[0] = "\xff\xfe";
	assert_int_equal(record_validate(reg, values, &bad, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Element is not valid UTF-8 text");
	values[0] = long_line;
	assert_int_equal(record_validate(reg, values, &bad, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Element is longer than 200 characters");
}

static void test_dates_numbers_refs(void **state)
{
	struct fixture *f = *state;
	const struct screen_set *set = &f->ws.screens;
	const struct reg *member = screen_set_find_register(set, "project_member");
	const struct reg *absence = screen_set_find_register(set, "member_absence");
	const char *m[] = { "Anna", "member", NULL, "50", NULL };
	const char *a[] = { NULL, "2026-02-30", "2026-03-10", NULL };
	struct ims2_error err;
	long long anna, id;
	char ref[32];
	int bad;

	assert_int_equal(record_insert(f->ws.store, member, m, &anna, &err), IMS2_OK);
	m[3] = "half";
	assert_int_equal(record_validate(member, m, &bad, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Avail % must be a number");
	snprintf(ref, sizeof(ref), "%lld", anna);
	a[0] = ref;
	assert_int_equal(record_validate(absence, a, &bad, &err), IMS2_INVALID);
	assert_string_equal(err.message, "From must be a date written YYYY-MM-DD");
	a[1] = "2026-03-20";
	assert_int_equal(record_validate(absence, a, &bad, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Until cannot be before From (2026-03-20)");
	a[1] = "2026-03-01";
	assert_int_equal(record_insert(f->ws.store, absence, a, &id, &err), IMS2_OK);
	/* Anna is still referred to. */
	assert_int_equal(record_delete(f->ws.store, set, member, anna, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Cannot delete: used by 1 in Absences");
	assert_int_equal(record_delete(f->ws.store, set, absence, id, &err), IMS2_OK);
	assert_int_equal(record_delete(f->ws.store, set, member, anna, &err), IMS2_OK);
}

static void test_windows(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "project_objective");
	static const char *const names[] = { "delta", "Alpha", "charlie", "bravo", "echo" };
	struct record_view view = { &f->ws.screens, reg, 0, false };
	struct record rows[8];
	struct ims2_error err;
	long long id, found;
	int got, i;

	for (i = 0; i < 5; i++) {
		const char *v[] = { names[i], i == 3 ? "find me" : NULL, NULL };
		assert_int_equal(record_insert(f->ws.store, reg, v, &id, &err), IMS2_OK);
	}
	assert_int_equal(record_window(f->ws.store, &view, 1, 3, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 3);
	assert_string_equal(rows[0].values[0], "bravo");
	assert_string_equal(rows[2].values[0], "delta");
	for (i = 0; i < got; i++)
		record_release(&rows[i]);
	view.descending = true;
	assert_int_equal(record_window(f->ws.store, &view, 0, 8, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 5);
	assert_string_equal(rows[0].values[0], "echo");
	assert_string_equal(rows[4].values[0], "Alpha");
	for (i = 0; i < got; i++)
		record_release(&rows[i]);
	/* Positions and search follow the view's order. */
	assert_int_equal(record_position(f->ws.store, &view, 1), 1); /* delta, second of five */
	assert_int_equal(record_find(f->ws.store, &view, "FIND", 0, 1, &found, &err), IMS2_OK);
	assert_int_equal(found, 4);
	assert_int_equal(record_find(f->ws.store, &view, "a", 4, 1, &found, &err), IMS2_OK);
	assert_int_equal(found, 2); /* Alpha comes after bravo descending */
	assert_int_equal(record_find(f->ws.store, &view, "a", 4, -1, &found, &err), IMS2_OK);
	assert_int_equal(found, 3); /* charlie comes before bravo descending */
	assert_int_equal(record_find(f->ws.store, &view, "zulu", 0, 1, &found, &err),
			 IMS2_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_overwrites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps_and_drafts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_numbers_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_windows, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
