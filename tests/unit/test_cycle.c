/*
 * Closing a PDCA cycle (src/core/cycle.c): nothing of the closed cycle is lost or changed, the
 * copy cannot be edited or deleted, the new cycle is editable, every step starts again, and
 * the reports carry the new number. A read-only workspace is refused, untouched.
 */
#include "testutil.h"

#include "ims2/cycle.h"
#include "ims2/record.h"
#include "ims2/report.h"

#include "testws.h"
#include "testsql.h"

static void test_close_keeps_everything(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char *value = NULL;
	long long rows, kept;
	int closed;

	test_sql(&f->ws, "INSERT INTO person (name) VALUES ('Ada Byron');"
	       "INSERT INTO nonconformity (title, raised_on, grade, status, owner)"
	       " VALUES ('No restore test', '2025-11-03', 'major', 'open', 1);"
	       "UPDATE gap_item SET maturity = 2 WHERE item = 'A.5.1';");
	assert_int_equal(store_set_step_status(f->ws.store, "1.5", "done", NULL, &err), IMS2_OK);
	assert_int_equal(store_set_activity(f->ws.store, "1.5", "elements", true, &err), IMS2_OK);
	assert_int_equal(cycle_current(&f->ws), 1);
	rows = test_count(&f->ws, "SELECT (SELECT count(*) FROM gap_item) + (SELECT count(*) FROM "
			"soa_entry) + (SELECT count(*) FROM person) + (SELECT count(*) FROM "
			"nonconformity)");

	assert_int_equal(cycle_close(&f->ws, &closed, &err), IMS2_OK);
	assert_int_equal(closed, 1);
	assert_int_equal(cycle_current(&f->ws), 2);

	/* Every record of the closed cycle is kept, with its values. */
	kept = test_count(&f->ws, "SELECT count(*) FROM cycle_record WHERE cycle = 1 AND tbl IN "
			"('gap_item', 'soa_entry', 'person', 'nonconformity')");
	assert_int_equal(kept, rows);
	assert_int_equal(cycle_value(&f->ws, 1, "nonconformity", 1, "title", &value, &err),
			 IMS2_OK);
	assert_string_equal(value, "No restore test");
	free(value);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM cycle_record WHERE cycle = 1 AND tbl = "
				  "'step_state' AND json_extract(body, '$.status') = 'done'"),
			 1);

	/* The registers are carried forward; every step and activity starts again. */
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM nonconformity"), 1);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM step_state WHERE status <> "
				  "'not started'"),
			 0);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM activity_state WHERE done = 1"), 0);

	/* The new cycle is editable; the kept copy does not follow. */
	test_sql(&f->ws, "UPDATE nonconformity SET title = 'Restore test missed', rev = rev + 1");
	assert_int_equal(cycle_value(&f->ws, 1, "nonconformity", 1, "title", &value, &err),
			 IMS2_OK);
	assert_string_equal(value, "No restore test");
	free(value);

	/* The closed cycle cannot be changed or deleted, even by SQL. */
	assert_int_not_equal(sqlite3_exec(store_db(f->ws.store),
					  "UPDATE cycle_record SET body = '{}'", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(store_db(f->ws.store), "DELETE FROM cycle_record", NULL,
					  NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(store_db(f->ws.store), "DELETE FROM cycle", NULL, NULL,
					  NULL),
			     SQLITE_OK);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM cycle_record WHERE cycle = 1"), kept +
			 test_count(&f->ws, "SELECT count(*) FROM cycle_record WHERE cycle = 1 AND tbl NOT IN "
				  "('gap_item', 'soa_entry', 'person', 'nonconformity')"));

	/* A second close keeps the second cycle apart from the first. */
	assert_int_equal(cycle_close(&f->ws, &closed, &err), IMS2_OK);
	assert_int_equal(closed, 2);
	assert_int_equal(cycle_value(&f->ws, 2, "nonconformity", 1, "title", &value, &err),
			 IMS2_OK);
	assert_string_equal(value, "Restore test missed");
	free(value);
}

static void test_reports_numbered(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int closed;

	test_sql(&f->ws, "UPDATE gap_item SET maturity = 2 WHERE item = 'A.5.1'");
	assert_int_equal(cycle_close(&f->ws, &closed, &err), IMS2_OK);
	out = open_memstream(&text, &len);
	assert_int_equal(report_named(&f->ws, "soa", REPORT_MD, out, &err), IMS2_OK);
	fclose(out);
	assert_non_null(strstr(text, "PDCA cycle 2\""));
	free(text);
	/* The gap report shows the previous cycle beside this one: what changed, and only that. */
	test_sql(&f->ws, "UPDATE gap_item SET maturity = 3 WHERE item = 'A.5.1'");
	out = open_memstream(&text, &len);
	assert_int_equal(report_named(&f->ws, "gap", REPORT_MD, out, &err), IMS2_OK);
	fclose(out);
	assert_non_null(strstr(text, "## Changes since cycle 1\n\n"));
	assert_non_null(strstr(text, "| A.5.1 | Maturity | 2 | 3 |\n\n"));
	free(text);
}

static void test_read_only_refused(void **state)
{
	struct fixture *f = *state;
	struct workspace ro;
	struct ims2_error err;
	int closed;

	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&ro, f->path, STORE_READONLY, NULL, &err), IMS2_OK);
	assert_int_equal(cycle_close(&ro, &closed, &err), IMS2_READONLY);
	assert_non_null(strstr(err.message, "read-only"));
	assert_non_null(strstr(err.message, "the cycle was not closed"));
	assert_int_equal(closed, 0);
	assert_int_equal(cycle_current(&ro), 1);
	workspace_close(&ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_close_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports_numbered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
