/*
 * The workspace file: what creation writes, read-only files, the change log, step state and
 * drafts. Files that are refused are in test_store_refuse.c.
 */
#include "testutil.h"

#include <pwd.h>

#include "ims2/migrate.h"
#include "ims2/record.h"
#include "ims2/source.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

#include "testws.h"

/* The first column of the first row of sql, as text (allocated) or NULL. */
static char *query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void expect_query(sqlite3 *db, const char *sql, const char *want)
{
	char *v = query(db, sql);

	if (!v || strcmp(v, want) != 0)
		fail_msg("%s gave '%s', expected '%s'", sql, v ? v : "(null)", want);
	free(v);
}

/* Kept statements: reused once finished, never shared while in use, finalized on close. */
static void test_kept_statements(void **state)
{
	struct fixture *f = *state;
	const char *sql = "SELECT value FROM meta WHERE key = ?";
	sqlite3_stmt *a, *b, *c;
	char *wal = test_path(f->dir, "ws.ims2-wal");
	struct ims2_error err;

	assert_int_equal(store_prepare(f->ws.store, sql, &a), SQLITE_OK);
	sqlite3_bind_text(a, 1, "organisation", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	/* Asked again while a is in use: another statement. */
	assert_int_equal(store_prepare(f->ws.store, sql, &b), SQLITE_OK);
	assert_ptr_not_equal(a, b);
	assert_string_equal((const char *)sqlite3_column_text(a, 0), "Store Test Ltd");
	store_finish(f->ws.store, a);
	/* Once finished, the same statement comes back reset and unbound. */
	assert_int_equal(store_prepare(f->ws.store, sql, &c), SQLITE_OK);
	assert_ptr_equal(c, a);
	assert_int_equal(sqlite3_step(c), SQLITE_DONE); /* NULL key: no row */
	store_finish(f->ws.store, c);
	store_finish(f->ws.store, b);
	/* A write through the change log, then closing: the WAL is folded back, so the
	 * connection really closed (a statement left unfinalized keeps it open). */
	assert_int_equal(store_begin(f->ws.store, &err), IMS2_OK);
	assert_int_equal(store_log(f->ws.store, "meta", 1, "x", "a", "b", &err), IMS2_OK);
	assert_int_equal(store_commit(f->ws.store, &err), IMS2_OK);
	workspace_close(&f->ws);
	assert_false(test_exists(wal));
	free(wal);
}

static void test_created(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char want[64], *wal = test_path(f->dir, "ws.ims2-wal"), *before;
	sqlite3 *db;
	size_t i;

	workspace_close(&f->ws);
	/* Closing the last connection folds the WAL back into the file. */
	assert_false(test_exists(wal));
	free(wal);
	/* Read-write, so that closing it removes the -wal and -shm files it makes. */
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	snprintf(want, sizeof(want), "%d", STORE_APPLICATION_ID);
	expect_query(db, "PRAGMA application_id", want);
	expect_query(db, "PRAGMA application_id", "1229804338"); /* "IMS2" in ASCII */
	snprintf(want, sizeof(want), "%d", migrate_count());
	expect_query(db, "PRAGMA user_version", want);
	expect_query(db, "PRAGMA journal_mode", "wal");
	expect_query(db, "SELECT value FROM meta WHERE key = 'organisation'", "Store Test Ltd");
	expect_query(db, "SELECT value FROM meta WHERE key = 'created'", "2026-01-01T00:00:00Z");
	expect_query(db, "PRAGMA integrity_check", "ok");
	/* Each catalog is copied in as it was read. */
	for (i = 0; catalog_files[i]; i++) {
		char *text, *sql, *body;
		size_t len;
		assert_int_equal(source_read(NULL, catalog_files[i], &text, &len, NULL, &err),
				 IMS2_OK);
		sql = sqlite3_mprintf("SELECT body FROM catalog WHERE name = %Q", catalog_files[i]);
		body = query(db, sql);
		if (!body || strcmp(body, text) != 0)
			fail_msg("catalog %s not copied in", catalog_files[i]);
		free(body);
		free(text);
		sqlite3_free(sql);
	}
	sqlite3_close(db);
	/* Reopening gives the same organisation and catalogs. */
	before = test_listing(f->dir);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	assert_string_equal(f->ws.organisation, "Store Test Ltd");
	assert_int_equal(f->ws.catalog.control_count, 93);
	expect_query(store_db(f->ws.store), "PRAGMA foreign_keys", "1");
	workspace_close(&f->ws);
	{
		char *after = test_listing(f->dir);
		assert_string_equal(after, before);
		free(after);
	}
	free(before);
}

static void test_read_only(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "project_objective");
	const char *values[] = { "Get certified", NULL, NULL };
	struct ims2_error err;
	struct record rec;
	char *copy = test_path(f->dir, "copy"), *before, *after, *draft;
	long long id, count;
	int flags = 0;

	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	workspace_close(&f->ws);
	test_copy(f->path, copy);
	assert_int_equal(chmod(f->path, 0444), 0);
	/* root may write anyway: then ask for read-only explicitly. */
	if (access(f->path, W_OK) == 0) {
		print_message("running as root: read-only through STORE_READONLY\n");
		flags = STORE_READONLY;
	}
	before = test_listing(f->dir);
	assert_int_equal(workspace_open(&f->ws, f->path, flags, NULL, &err), IMS2_OK);
	assert_true(store_readonly(f->ws.store));
	reg = screen_set_find_register(&f->ws.screens, "project_objective");
	assert_int_equal(record_count(f->ws.store, reg, &count, &err), IMS2_OK);
	assert_int_equal(count, 1);
	assert_int_equal(record_get(f->ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[0], "Get certified");
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_READONLY);
	assert_int_equal(record_update(f->ws.store, reg, id, rec.rev, values, &err), IMS2_READONLY);
	assert_int_equal(record_set_field(f->ws.store, reg, id, 1, "x", &err), IMS2_READONLY);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, id, &err), IMS2_READONLY);
	assert_int_equal(store_set_activity(f->ws.store, "1.1", "team", true, &err), IMS2_READONLY);
	assert_int_equal(store_set_step_status(f->ws.store, "1.1", "done", NULL, &err),
			 IMS2_READONLY);
	assert_int_equal(store_draft_save(f->ws.store, "milestone", 0, "x", &err), IMS2_READONLY);
	assert_int_equal(store_begin(f->ws.store, &err), IMS2_READONLY);
	assert_contains(err.message, "read-only");
	draft = store_draft_take(f->ws.store, "milestone", 0, true);
	assert_null(draft);
	record_release(&rec);
	workspace_close(&f->ws);
	after = test_listing(f->dir);
	assert_string_equal(after, before);
	test_same_file(f->path, copy);
	chmod(f->path, 0644);
	free(before);
	free(after);
	free(copy);
}

/* Meta values are part of the file too: a read-only store must not change them. */
static void test_read_only_meta(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char *copy = test_path(f->dir, "copy"), *org = NULL;

	workspace_close(&f->ws);
	test_copy(f->path, copy);
	assert_int_equal(workspace_open(&f->ws, f->path, STORE_READONLY, NULL, &err), IMS2_OK);
	assert_int_equal(store_meta_set(f->ws.store, "organisation", "Changed", &err),
			 IMS2_READONLY);
	workspace_close(&f->ws);
	test_same_file(f->path, copy);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	store_meta_get(f->ws.store, "organisation", &org);
	assert_string_equal(org, "Store Test Ltd");
	free(org);
	free(copy);
}

static void test_change_log(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "project_objective");
	const char *values[] = { "Get certified", "Certificate", NULL };
	const char *changed[] = { "Get certified", "Certificate issued", "2027-06-30" };
	const char *invalid[] = { "", NULL, NULL };
	struct passwd *pw = getpwuid(getuid());
	struct ims2_error err;
	struct strbuf got = { 0 }, want = { 0 };
	sqlite3_stmt *st;
	long long id;
	char *user = pw ? strdup(pw->pw_name) : NULL;

	if (!user) {
		user = malloc(32);
		snprintf(user, 32, "uid %ld", (long)getuid());
	}
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	assert_int_equal(record_update(f->ws.store, reg, id, 1, changed, &err), IMS2_OK);
	assert_int_equal(record_insert(f->ws.store, reg, invalid, &id, &err), IMS2_INVALID);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, 1, &err), IMS2_OK);
	assert_int_equal(store_set_step_status(f->ws.store, "1.1", "in progress", NULL, &err),
			 IMS2_OK);
	assert_int_equal(store_set_activity(f->ws.store, "1.1", "team", true, &err), IMS2_OK);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store),
					    "SELECT at, os_user, tbl, coalesce(record, '-'), "
					    "coalesce(field, '-'), coalesce(old, '-'), "
					    "coalesce(new, '-') FROM changelog ORDER BY id",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int c;
		assert_string_equal((const char *)sqlite3_column_text(st, 0),
				    "2026-01-01T00:00:00Z");
		assert_string_equal((const char *)sqlite3_column_text(st, 1), user);
		for (c = 2; c < 7; c++)
			strbuf_addf(&got, "%s%s", (const char *)sqlite3_column_text(st, c),
				    c < 6 ? "|" : "\n");
	}
	sqlite3_finalize(st);
	strbuf_adds(&want, "meta|0|organisation|-|Store Test Ltd\n"
			   "project_objective|1|objective|-|Get certified\n"
			   "project_objective|1|measure|-|Certificate\n"
			   "project_objective|1|measure|Certificate|Certificate issued\n"
			   "project_objective|1|due_date|-|2027-06-30\n"
			   "project_objective|1|objective|Get certified|-\n"
			   "project_objective|1|measure|Certificate issued|-\n"
			   "project_objective|1|due_date|2027-06-30|-\n"
			   "step_state|0|1.1|not started|in progress\n"
			   "activity_state|0|1.1 team|0|1\n");
	/* Seeding (threats, vulnerabilities, risk scales) may log too: compare our rows. */
	{
		const char *start = strstr(got.buf, "project_objective|");
		assert_prefix(got.buf, "meta|0|organisation|-|Store Test Ltd\n");
		assert_non_null(start);
		assert_string_equal(start, strchr(want.buf, '\n') + 1);
	}
	strbuf_release(&got);
	strbuf_release(&want);
	free(user);
}

static void test_step_state(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char status[16], *reason = NULL;

	store_step_status(f->ws.store, "1.5", status, &reason);
	assert_string_equal(status, "not started");
	assert_null(reason);
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "in progress", NULL, &err),
			 IMS2_OK);
	/* Skipped needs a reason; a refusal changes nothing. */
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "skipped", "", &err),
			 IMS2_INVALID);
	assert_contains(err.message, "reason");
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "skipped", NULL, &err),
			 IMS2_INVALID);
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "finished", NULL, &err),
			 IMS2_INVALID);
	store_step_status(f->ws.store, "1.5", status, NULL);
	assert_string_equal(status, "in progress");
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "skipped", "Merged with 1.2",
					       &err),
			 IMS2_OK);
	assert_false(store_activity_done(f->ws.store, "1.5", "elements"));
	assert_int_equal(store_set_activity(f->ws.store, "1.5", "elements", true, &err), IMS2_OK);
	assert_int_equal(store_set_activity(f->ws.store, "1.5", "decide", true, &err), IMS2_OK);
	assert_int_equal(store_set_activity(f->ws.store, "1.5", "decide", false, &err), IMS2_OK);
	/* Everything survives closing and reopening. */
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	store_step_status(f->ws.store, "1.5", status, &reason);
	assert_string_equal(status, "skipped");
	assert_string_equal(reason, "Merged with 1.2");
	free(reason);
	assert_true(store_activity_done(f->ws.store, "1.5", "elements"));
	assert_false(store_activity_done(f->ws.store, "1.5", "decide"));
	assert_false(store_activity_done(f->ws.store, "1.6", "elements"));
	/* Leaving skipped drops the reason. */
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "done", NULL, &err), IMS2_OK);
	store_step_status(f->ws.store, "1.5", status, &reason);
	assert_string_equal(status, "done");
	assert_null(reason);
}

static void test_drafts(void **state)
{
	struct fixture *f = *state;
	static const char body[] = "name=Kick\\noff | Zürich 東京 ✓\n\tdue=2026-03-01\n";
	struct ims2_error err;
	char *draft;

	assert_null(store_draft_take(f->ws.store, "milestone", 0, false));
	assert_int_equal(store_draft_save(f->ws.store, "milestone", 0, "first", &err), IMS2_OK);
	assert_int_equal(store_draft_save(f->ws.store, "milestone", 0, body, &err), IMS2_OK);
	assert_int_equal(store_draft_save(f->ws.store, "milestone", 7, "record seven", &err),
			 IMS2_OK);
	/* Taken without removing: still there. */
	draft = store_draft_take(f->ws.store, "milestone", 0, false);
	assert_string_equal(draft, body);
	free(draft);
	draft = store_draft_take(f->ws.store, "milestone", 0, true);
	assert_string_equal(draft, body);
	free(draft);
	assert_null(store_draft_take(f->ws.store, "milestone", 0, true));
	assert_null(store_draft_take(f->ws.store, "risk", 7, true));
	draft = store_draft_take(f->ws.store, "milestone", 7, true);
	assert_string_equal(draft, "record seven");
	free(draft);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_statements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_meta, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drafts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
