/*
 * Step 4.1 (screens/4.1.yaml, migration of the nonconformity register): a nonconformity is
 * closed only after an effectiveness review that found it effective, refused otherwise with
 * nothing saved; the checks of the step find a major nonconformity without corrective action,
 * an overdue action, and a nonconformity closed before its actions were done.
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/record.h"

#include "testws.h"
#include "testsql.h"

#define NC_FIELDS 16

static int insert(struct fixture *f, const char *table, const char *const *values,
		  long long *id, struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);

	assert_non_null(reg);
	return record_insert(f->ws.store, reg, values, id, err);
}

static long long must_insert(struct fixture *f, const char *table, const char *const *values)
{
	struct ims2_error err;
	long long id = 0;

	if (insert(f, table, values, &id, &err))
		fail_msg("insert into %s: %s", table, err.message);
	return id;
}

/* A nonconformity: title, grade, status and the effectiveness review given, the rest empty. */
static void nc_values(const char *values[NC_FIELDS], const char *title, const char *grade,
		      const char *status, const char *reviewed_on, const char *reviewed_by,
		      const char *effective)
{
	memset(values, 0, NC_FIELDS * sizeof(*values));
	values[0] = title;
	values[1] = "2025-11-03";
	values[2] = grade;
	values[3] = "audit finding";
	values[10] = status;
	values[11] = reviewed_on;
	values[12] = reviewed_by;
	values[13] = effective;
	values[14] = reviewed_on ? "Sampled records" : NULL;
	values[15] = reviewed_on;
}

static void test_closing_needs_effective_review(void **state)
{
	struct fixture *f = *state;
	const char *v[NC_FIELDS];
	struct ims2_error err;
	char person[16];
	long long id = 0, p;

	p = must_insert(f, "person", (const char *[]){ "Ada Byron", NULL, NULL, NULL, NULL,
						       NULL, NULL, NULL });
	snprintf(person, sizeof(person), "%lld", p);
	/* No review at all: refused on the review date, nothing saved. */
	nc_values(v, "No restore test", "minor", "closed", NULL, NULL, NULL);
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_INVALID);
	assert_string_equal(err.field, "reviewed_on");
	/* Reviewed and found not effective: refused by the rule of the register. */
	nc_values(v, "No restore test", "minor", "closed", "2025-12-01", person, "no");
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_INVALID);
	assert_non_null(strstr(err.message, "closed only once an effectiveness review"));
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM nonconformity"), 0);
	/* Found effective: closed. */
	nc_values(v, "No restore test", "minor", "closed", "2025-12-01", person, "yes");
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_OK);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM nonconformity WHERE status = 'closed'"),
			 1);
}

static void test_checks(void **state)
{
	struct fixture *f = *state;
	const char *v[NC_FIELDS];
	struct check_report report;
	char nc[16], person[16];
	long long major, minor, late, p;
	size_t i;

	p = must_insert(f, "person", (const char *[]){ "Ada Byron", NULL, NULL, NULL, NULL,
						       NULL, NULL, NULL });
	snprintf(person, sizeof(person), "%lld", p);
	nc_values(v, "Backups untested", "major", "open", NULL, NULL, NULL);
	major = must_insert(f, "nonconformity", v);
	nc_values(v, "Leavers kept access", "minor", "closed", "2025-12-01", person, "yes");
	minor = must_insert(f, "nonconformity", v);
	snprintf(nc, sizeof(nc), "%lld", minor);
	/* Due before the test clock (2026-01-01) and not done; another one done. */
	late = must_insert(f, "corrective_action",
			   (const char *[]){ "Weekly leaver list to daily", nc, NULL, "2025-12-15",
					     "in progress", NULL, NULL });
	must_insert(f, "corrective_action",
		    (const char *[]){ "Remind HR", nc, NULL, "2025-11-10", "done", "2025-11-09",
				      NULL });
	assert_int_equal(checks_run(&f->ws, "4.1", &report), IMS2_OK);
	assert_int_equal(report.count, 3);
	for (i = 0; i < report.count; i++)
		if (strcmp(report.findings[i].table, "corrective_action") == 0) {
			assert_int_equal(report.findings[i].record, late);
			assert_string_equal(report.findings[i].message,
					    "Corrective action 'Weekly leaver list to daily' of "
					    "'Leavers kept access' was due on 2025-12-15 and is in "
					    "progress.");
		} else if (report.findings[i].record == major) {
			assert_string_equal(report.findings[i].message,
					    "Major nonconformity 'Backups untested' (raised "
					    "2025-11-03) has no corrective action plan.");
		} else {
			assert_int_equal(report.findings[i].record, minor);
			assert_string_equal(report.findings[i].message,
					    "Nonconformity 'Leavers kept access' is closed, but its "
					    "effectiveness was reviewed on 2025-12-01, before its "
					    "corrective actions were done.");
		}
	check_report_release(&report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_closing_needs_effective_review, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
