/*
 * The declared checks of steps 2.4, 2.5 and 2.8 (screens/2.4.yaml, 2.5.yaml, 2.8.yaml) and the
 * training coverage (src/core/training.c) on hand-made records, at the tests' clock
 * (2026-01-01): each check fires on the record at fault, and only there.
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/record.h"
#include "ims2/training.h"
#include "ims2/workspace.h"

#include "testws.h"


static int refuse(struct fixture *f, const char *table, const char *const *pairs,
		  struct ims2_error *err)
{
	long long id = 0;

	return test_try_insert(f, table, pairs, &id, err);
}

static long long person(struct fixture *f, const char *name)
{
	return test_insert(f, "person", (const char *[]){ "name", name, NULL });
}

static char *num(long long id)
{
	return xasprintf("%lld", id);
}

/* The messages of a step's findings, one per line, in order. */
static char *findings(struct fixture *f, const char *step)
{
	struct check_report r;
	struct strbuf sb = { 0 };
	size_t i;

	assert_int_equal(checks_run(&f->ws, step, &r), IMS2_OK);
	for (i = 0; i < r.count; i++)
		strbuf_addf(&sb, "%s#%lld %s\n", r.findings[i].table, r.findings[i].record,
			    r.findings[i].message);
	check_report_release(&r);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void expect_findings(struct fixture *f, const char *step, const char *want)
{
	char *got = findings(f, step);

	assert_string_equal(got, want);
	free(got);
}

static void test_communication(void **state)
{
	struct fixture *f = *state;
	long long due, logged;
	char *id;

	expect_findings(f, "2.4", "");
	due = test_insert(f, "comm_plan", (const char *[]){ "subject", "Tip of the month", "audience",
						     "Staff", "frequency", "monthly", "next_due",
						     "2025-12-05", NULL });
	logged = test_insert(f, "comm_plan", (const char *[]){ "subject", "Board report", "frequency",
							"quarterly", "next_due", "2025-12-15", NULL });
	test_insert(f, "comm_plan", (const char *[]){ "subject", "Policy", "next_due", "2026-01-01", NULL });
	test_insert(f, "comm_plan", (const char *[]){ "subject", "On event", "frequency", "on event", NULL });
	/* Logged on its due day: done. A log of another entry does not count for the first. */
	id = num(logged);
	test_insert(f, "comm_log", (const char *[]){ "sent_on", "2025-12-15", "subject", "Q4 report", "plan",
					      id, NULL });
	test_insert(f, "comm_log", (const char *[]){ "sent_on", "2025-11-30", "subject", "Old tip", "plan",
					      NULL, NULL });
	free(id);
	id = num(due);
	/* Logged before it fell due: still overdue. */
	test_insert(f, "comm_log", (const char *[]){ "sent_on", "2025-11-05", "subject", "November tip",
					      "plan", id, NULL });
	free(id);
	expect_findings(f, "2.4",
			"comm_plan#1 Communication 'Tip of the month' to Staff was due on "
			"2025-12-05 and has not been logged since.\n");
}

static void test_training(void **state)
{
	struct fixture *f = *state;
	struct training_coverage cov;
	struct ims2_error err;
	long long ada, bo, cy, handling, aware_old, aware_new, workshop;
	char *a, *b, *c, *s1, *s2, *s3, *need, *gives;

	ada = person(f, "Ada");
	bo = person(f, "Bo");
	cy = person(f, "Cy");
	a = num(ada);
	b = num(bo);
	c = num(cy);
	need = xasprintf("%s, %s", a, b);
	handling = test_insert(f, "competence", (const char *[]){ "name", "Incident handling",
							   "required_of", need, NULL });
	gives = num(handling);
	aware_old = test_insert(f, "training_session",
			(const char *[]){ "topic", "Awareness 2024", "kind", "awareness", "held_on",
					  "2024-12-31", NULL });
	aware_new = test_insert(f, "training_session",
			(const char *[]){ "topic", "Awareness 2025", "kind", "awareness", "held_on",
					  "2025-01-02", NULL });
	workshop = test_insert(f, "training_session",
		       (const char *[]){ "topic", "Workshop", "kind", "exercise", "held_on",
					 "2025-06-01", "competences", gives, NULL });
	s1 = num(aware_old);
	s2 = num(aware_new);
	s3 = num(workshop);
	/* Ada: awareness within 12 months, passed the workshop. */
	test_insert(f, "attendance", (const char *[]){ "person", a, "session", s2, "result", "attended", NULL });
	test_insert(f, "attendance", (const char *[]){ "person", a, "session", s3, "result", "passed", NULL });
	/* Bo: awareness only 12 months and a day ago, failed the workshop. */
	test_insert(f, "attendance", (const char *[]){ "person", b, "session", s1, "result", "passed", NULL });
	test_insert(f, "attendance", (const char *[]){ "person", b, "session", s3, "result", "failed", NULL });
	assert_int_equal(training_percent(1, 3), 33);
	assert_int_equal(training_percent(2, 3), 67);
	assert_int_equal(training_percent(0, 0), 100);
	/* Cy: absent from the awareness session; needs nothing. */
	test_insert(f, "attendance", (const char *[]){ "person", c, "session", s2, "result", "absent", NULL });
	expect_findings(f, "2.5",
			"competence#1 Bo lacks the competence 'Incident handling': no evidence and "
			"no session passed.\n"
			"attendance#3 Bo attended no awareness session in the 12 months to "
			"2026-01-01.\n"
			"attendance#5 Cy attended no awareness session in the 12 months to "
			"2026-01-01.\n");
	assert_int_equal(training_coverage_read(&f->ws, "2026-01-01", &cov, &err), IMS2_OK);
	assert_int_equal(cov.count, 1);
	assert_string_equal(cov.rows[0].competence, "Incident handling");
	assert_int_equal(cov.rows[0].required, 2);
	assert_int_equal(cov.rows[0].covered, 1);
	assert_string_equal(cov.rows[0].missing, "Bo");
	assert_int_equal(cov.people, 2);
	assert_int_equal(cov.complete, 1);
	assert_int_equal(cov.attendees, 3);
	assert_int_equal(cov.aware, 1);
	assert_string_equal(cov.unaware, "Bo, Cy");
	training_coverage_release(&cov);
	/* Evidence of competence closes Bo's gap. */
	test_insert(f, "competence_evidence", (const char *[]){ "person", b, "competence", gives, "means",
							 "experience", NULL });
	assert_int_equal(training_coverage_read(&f->ws, "2026-01-01", &cov, &err), IMS2_OK);
	assert_int_equal(cov.rows[0].covered, 2);
	assert_int_equal(cov.complete, 2);
	training_coverage_release(&cov);
	/* A person an attendance names cannot be deleted; the message names every user. */
	{
		const struct reg *reg = screen_set_find_register(&f->ws.screens, "person");
		assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, cy, &err),
				 IMS2_INVALID);
		assert_non_null(strstr(err.message, "Attendance"));
		/* Ada is linked in a list and referred to: both are named at once. */
		assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, ada, &err),
				 IMS2_INVALID);
		assert_string_equal(err.message, "Cannot delete: used by 1 in Competences required, "
						 "2 in Attendance");
	}
	free(a);
	free(b);
	free(c);
	free(s1);
	free(s2);
	free(s3);
	free(need);
	free(gives);
}

static void test_operations(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	long long boss;
	char *by;

	boss = person(f, "Boss");
	by = num(boss);
	expect_findings(f, "2.8", "");
	/* Changes: approved before done (fine), not approved, approved after it was done. */
	test_insert(f, "change_record", (const char *[]){ "title", "Fine", "approved_by", by, "approved_on",
						   "2025-12-01", "done_on", "2025-12-02", NULL });
	test_insert(f, "change_record", (const char *[]){ "title", "Unapproved", "done_on", "2025-12-03",
						   NULL });
	test_insert(f, "change_record", (const char *[]){ "title", "Late approval", "approved_by", by,
						   "approved_on", "2025-12-10", "done_on",
						   "2025-12-04", NULL });
	test_insert(f, "change_record", (const char *[]){ "title", "Not done yet", NULL });
	/* Suppliers: critical and due, critical never reviewed, high and due (not flagged). */
	test_insert(f, "supplier", (const char *[]){ "name", "Host", "criticality", "critical",
					      "last_review", "2025-06-30", "review_months", "6", NULL });
	test_insert(f, "supplier", (const char *[]){ "name", "Fresh", "criticality", "critical",
					      "last_review", "2025-07-01", "review_months", "6", NULL });
	test_insert(f, "supplier", (const char *[]){ "name", "Never", "criticality", "critical", NULL });
	test_insert(f, "supplier", (const char *[]){ "name", "Courier", "criticality", "high",
					      "last_review", "2020-01-01", NULL });
	/* Recurring tasks: past due, due today (not yet overdue). */
	test_insert(f, "recurring_task", (const char *[]){ "task", "Restore test", "last_done",
						    "2025-09-30", "next_due", "2025-12-31", NULL });
	test_insert(f, "recurring_task", (const char *[]){ "task", "Log review", "next_due", "2026-01-01",
						    NULL });
	expect_findings(f, "2.8",
			"change_record#2 Change 2 'Unapproved' was done on 2025-12-03 without "
			"approval.\n"
			"change_record#3 Change 3 'Late approval' was done on 2025-12-04 without "
			"approval (approved only on 2025-12-10).\n"
			"supplier#1 Critical supplier 'Host' was last reviewed on 2025-06-30: its "
			"review every 6 months was due on 2025-12-30.\n"
			"supplier#3 Critical supplier 'Never' has never been reviewed.\n"
			"recurring_task#1 Recurring task 'Restore test' was due on 2025-12-31 (last "
			"done 2025-09-30).\n");
	/* Bad input: an interval of zero, a change done before it was requested. */
	assert_int_equal(refuse(f, "supplier",
				(const char *[]){ "name", "Zero", "review_months", "0", NULL }, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "review_months");
	assert_int_equal(refuse(f, "supplier",
				(const char *[]){ "name", "Minus", "review_months", "-3", NULL },
				&err),
			 IMS2_INVALID);
	assert_int_equal(refuse(f, "change_record",
				(const char *[]){ "title", "Backwards", "requested_on", "2025-12-10",
						  "done_on", "2025-12-01", NULL },
				&err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "done_on");
	assert_int_equal(refuse(f, "recurring_task",
				(const char *[]){ "task", "Bad day", "next_due", "2025-02-29", NULL },
				&err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "next_due");
	free(by);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_communication, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training, setup, teardown),
		cmocka_unit_test_setup_teardown(test_operations, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
