/*
 * Certification readiness (src/core/readiness.c): a workspace where every prerequisite holds
 * is ready; breaking one prerequisite at a time fails that one alone, with what is missing;
 * the thresholds are the workspace's settings, not constants.
 */
#include "testutil.h"

#include "ims2/readiness.h"

#include "testws.h"
#include "testsql.h"

/* Every prerequisite met as of the test clock (2026-01-01). */
static int setup_ready(void **state)
{
	struct fixture *f;

	setup(state);
	f = *state;
	test_sql(&f->ws, "INSERT INTO person (name) VALUES ('Ada Byron'), ('Ben Okri');"
	       "UPDATE soa_entry SET applicable = 'yes', reason_business = 'yes',"
	       " status = 'implemented';"
	       "INSERT INTO soa_approval (id, version, approver, approved_on)"
	       " VALUES (1, '1.0', 'Ada Byron', '2025-06-30');"
	       "INSERT INTO rtp_approval (id, version, approver, approved_on)"
	       " VALUES (1, '1.0', 1, '2025-06-30');"
	       "INSERT INTO risk (title, likelihood, impact, owner, treatment, status, accepted_by,"
	       " accepted_on) VALUES ('Laptop stolen', 2, 2, 'Ben Okri', 'modify', 'treated',"
	       " 'Ben Okri', '2025-07-01');"
	       "UPDATE readiness_settings SET launch_date = '2025-09-01';"
	       "INSERT INTO nonconformity (title, raised_on, grade, status)"
	       " VALUES ('No restore test', '2025-11-03', 'major', 'open');"
	       "INSERT INTO corrective_action (action, nonconformity, status)"
	       " VALUES ('Order a test server', 1, 'planned');");
	return 0;
}

/* Assesses; exactly the prerequisite `failing` fails (NULL: none), its detail has `says`. */
static void expect_only(struct fixture *f, const char *failing, const char *says)
{
	struct readiness r;
	struct ims2_error err;
	size_t i;

	if (readiness_assess(&f->ws, &r, &err))
		fail_msg("%s", err.message);
	assert_string_equal(r.today, "2026-01-01");
	assert_true(r.count >= 4);
	for (i = 0; i < r.count; i++) {
		bool want_fail = failing && strcmp(r.items[i].id, failing) == 0;
		if (r.items[i].pass == want_fail)
			fail_msg("%s: %s (%s)", r.items[i].id, r.items[i].pass ? "pass" : "fail",
				 r.items[i].detail);
		if (want_fail && !strstr(r.items[i].detail, says))
			fail_msg("%s: '%s' lacks '%s'", failing, r.items[i].detail, says);
	}
	assert_int_equal(r.failed, failing ? 1 : 0);
	readiness_release(&r);
}

static void test_ready(void **state)
{
	expect_only(*state, NULL, NULL);
}

static void test_operation_too_short(void **state)
{
	struct fixture *f = *state;

	test_sql(&f->ws, "UPDATE readiness_settings SET launch_date = '2025-10-02'");
	expect_only(f, "operation", "reached only on 2026-01-02");
	/* The threshold is data: one month is enough once the settings say so. */
	test_sql(&f->ws, "UPDATE readiness_settings SET months_required = 1");
	expect_only(f, NULL, NULL);
	test_sql(&f->ws, "UPDATE readiness_settings SET launch_date = NULL");
	expect_only(f, "operation", "no launch date recorded");
}

/* Judged as of another day: the planned stage 1 audit; a date that does not exist is refused. */
static void test_as_of(void **state)
{
	struct fixture *f = *state;
	struct readiness r;
	struct ims2_error err;

	assert_int_equal(readiness_assess_at(&f->ws, "2025-11-30", &r, &err), IMS2_OK);
	assert_string_equal(r.today, "2025-11-30");
	assert_int_equal(r.failed, 1);
	assert_string_equal(r.items[0].id, "operation");
	assert_false(r.items[0].pass);
	assert_string_equal(r.thresholds, "launch date 2025-09-01, 3 months of operation "
					  "required, nonconformities that block: major");
	readiness_release(&r);
	assert_int_equal(readiness_assess_at(&f->ws, "2026-02-30", &r, &err), IMS2_USAGE);
	assert_int_equal(r.count, 0);
	readiness_release(&r);
}

static void test_soa_not_approved(void **state)
{
	struct fixture *f = *state;

	test_sql(&f->ws, "UPDATE soa_approval SET approved_on = NULL");
	expect_only(f, "soa", "not approved");
	test_sql(&f->ws, "UPDATE soa_approval SET approved_on = '2025-06-30';"
	       "UPDATE soa_entry SET status = NULL WHERE control = 'A.5.1'");
	expect_only(f, "soa", "1 control still lacks");
}

static void test_rtp(void **state)
{
	struct fixture *f = *state;

	test_sql(&f->ws, "UPDATE rtp_approval SET approved_on = NULL");
	expect_only(f, "rtp", "not approved");
	test_sql(&f->ws, "UPDATE rtp_approval SET approved_on = '2025-06-30';"
	       "UPDATE risk SET accepted_by = NULL");
	expect_only(f, "rtp", "1 residual risk not accepted by its owner: 'Laptop stolen'");
	/* A closed risk needs no acceptance. */
	test_sql(&f->ws, "UPDATE risk SET status = 'closed'");
	expect_only(f, NULL, NULL);
}

static void test_nonconformities(void **state)
{
	struct fixture *f = *state;

	test_sql(&f->ws, "DELETE FROM corrective_action");
	expect_only(f, "nonconformities", "1 nonconformity graded major without corrective "
					  "action: 'No restore test'");
	/* Which grades block is data: a minor one blocks once the settings say so. */
	test_sql(&f->ws, "UPDATE nonconformity SET grade = 'minor'");
	expect_only(f, NULL, NULL);
	test_sql(&f->ws, "UPDATE readiness_settings SET blocking_grades = 'major, minor'");
	expect_only(f, "nonconformities", "graded major, minor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ready, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_operation_too_short, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_as_of, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_soa_not_approved, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_rtp, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_nonconformities, setup_ready, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
