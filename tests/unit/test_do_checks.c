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
#include "testsql.h"


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

/*
 * Competences name the ISMS roles of 2.1: their holders and deputies need them, with the
 * people named on the competence; the check and the coverage (per competence, per role and
 * overall) work from them.
 */
static void test_training(void **state)
{
	struct fixture *f = *state;
	struct training_coverage cov;
	struct ims2_error err;
	long long ada, bo, cy, handling, aware_old, aware_new, workshop, coordinator, rota;
	char *a, *b, *c, *s1, *s2, *s3, *roles, *gives, *r1;

	ada = person(f, "Ada");
	bo = person(f, "Bo");
	cy = person(f, "Cy");
	a = num(ada);
	b = num(bo);
	c = num(cy);
	coordinator = test_insert(f, "isms_role", (const char *[]){ "role", "Incident coordinator", "holder",
							     c, "deputy", a, NULL });
	rota = test_insert(f, "isms_role", (const char *[]){ "role", "Night rota", "holder", b, NULL });
	roles = xasprintf("%lld, %lld", coordinator, rota);
	r1 = num(coordinator);
	/* Ada is both deputy of a role and named: she counts once. */
	handling = test_insert(f, "competence", (const char *[]){ "name", "Incident handling", "roles", roles,
							   "required_of", a, NULL });
	test_insert(f, "competence", (const char *[]){ "name", "First aid", "roles", r1, NULL });
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
	/* Cy: absent from the awareness session; holds the coordinator role, trained in nothing. */
	test_insert(f, "attendance", (const char *[]){ "person", c, "session", s2, "result", "absent", NULL });
	expect_findings(f, "2.5",
			"competence#2 Ada lacks the competence 'First aid' (deputy of Incident "
			"coordinator): no evidence and no session passed.\n"
			"competence#2 Cy lacks the competence 'First aid' (holder of Incident "
			"coordinator): no evidence and no session passed.\n"
			"competence#1 Bo lacks the competence 'Incident handling' (holder of Night "
			"rota): no evidence and no session passed.\n"
			"competence#1 Cy lacks the competence 'Incident handling' (holder of "
			"Incident coordinator): no evidence and no session passed.\n"
			"attendance#3 Bo attended no awareness session in the 12 months to "
			"2026-01-01.\n"
			"attendance#5 Cy attended no awareness session in the 12 months to "
			"2026-01-01.\n");
	assert_int_equal(training_coverage_read(&f->ws, "2026-01-01", &cov, &err), IMS2_OK);
	assert_int_equal(cov.count, 2);
	assert_string_equal(cov.rows[0].competence, "First aid");
	assert_string_equal(cov.rows[0].roles, "Incident coordinator");
	assert_int_equal(cov.rows[0].required, 2);
	assert_int_equal(cov.rows[0].covered, 0);
	assert_string_equal(cov.rows[0].missing, "Ada, Cy");
	assert_string_equal(cov.rows[1].competence, "Incident handling");
	assert_string_equal(cov.rows[1].roles, "Incident coordinator, Night rota");
	assert_int_equal(cov.rows[1].required, 3);
	assert_int_equal(cov.rows[1].covered, 1);
	assert_string_equal(cov.rows[1].missing, "Bo, Cy");
	assert_int_equal(cov.people, 3);
	assert_int_equal(cov.complete, 0);
	assert_int_equal(cov.role_count, 2);
	assert_string_equal(cov.by_role[0].role, "Incident coordinator");
	assert_int_equal(cov.by_role[0].people, 2);
	assert_int_equal(cov.by_role[0].ready, 0);
	assert_string_equal(cov.by_role[0].missing,
			    "Ada (First aid); Cy (First aid, Incident handling)");
	assert_string_equal(cov.by_role[1].role, "Night rota");
	assert_int_equal(cov.by_role[1].people, 1);
	assert_int_equal(cov.by_role[1].ready, 0);
	assert_string_equal(cov.by_role[1].missing, "Bo (Incident handling)");
	assert_int_equal(cov.attendees, 3);
	assert_int_equal(cov.aware, 1);
	assert_string_equal(cov.unaware, "Bo, Cy");
	training_coverage_release(&cov);
	/* Evidence of competence closes Bo's gap, and his role is covered. */
	test_insert(f, "competence_evidence", (const char *[]){ "person", b, "competence", gives, "means",
							 "experience", NULL });
	assert_int_equal(training_coverage_read(&f->ws, "2026-01-01", &cov, &err), IMS2_OK);
	assert_int_equal(cov.rows[1].covered, 2);
	assert_int_equal(cov.complete, 1);
	assert_int_equal(cov.by_role[1].ready, 1);
	assert_string_equal(cov.by_role[1].missing, "");
	training_coverage_release(&cov);
	/* A person an attendance names cannot be deleted; the message names every user. */
	{
		const struct reg *reg = screen_set_find_register(&f->ws.screens, "person");
		assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, bo, &err),
				 IMS2_INVALID);
		assert_non_null(strstr(err.message, "Attendance"));
		/* Ada is linked in lists and referred to: every record is named at once. */
		assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, ada, &err),
				 IMS2_INVALID);
		assert_string_equal(err.message, "Cannot delete: used by Attendance 1 'Awareness "
						 "2025', 2 'Workshop'; Competences required 1 "
						 "'Incident handling'; ISMS roles 1 'Incident "
						 "coordinator'");
	}
	free(a);
	free(b);
	free(c);
	free(s1);
	free(s2);
	free(s3);
	free(roles);
	free(r1);
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

/*
 * Bad input on steps 2.1-2.8 (issue 9): a date that does not exist, text with control
 * characters, a link to a record that does not exist: each refused with the field named,
 * nothing saved; a document in use is not deleted, the records using it listed.
 */
static void test_bad_input(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *table, *field, *pairs[7];
	} bad[] = {
		{ "isms_role", "assigned_on", { "role", "R", "assigned_on", "2026-06-31", NULL } },
		{ "comm_plan", "next_due", { "subject", "Tip", "next_due", "2026-02-30", NULL } },
		{ "comm_log", "sent_on", { "sent_on", "2025-13-01", "subject", "Tip", NULL } },
		{ "training_session", "held_on", { "topic", "T", "held_on", "2026-04-31", NULL } },
		{ "comm_plan", "subject", { "subject", "Tip\x1b[2J", NULL } },
		{ "comm_log", "channel", { "sent_on", "2025-12-01", "subject", "Tip", "channel",
					   "e-mail\x07", NULL } },
		/* A multi-line field keeps newline and tab, nothing else. */
		{ "control_design", "design", { "control", "A.5.1", "design", "Line one\n\x1b]0;x",
						NULL } },
		{ "supplier", "data_access", { "name", "S", "data_access", "Orders\x7f", NULL } },
		{ "competence", "roles", { "name", "C", "roles", "No such role", NULL } },
		{ "training_session", "trainer", { "topic", "T", "held_on", "2026-04-01", "trainer",
						   "Nobody", NULL } },
	};
	const struct reg *document = screen_set_find_register(&f->ws.screens, "document");
	struct ims2_error err;
	long long doc;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(refuse(f, bad[i].table, bad[i].pairs, &err), IMS2_INVALID);
		assert_string_equal(err.field, bad[i].field);
	}
	assert_int_equal(test_count(&f->ws, "SELECT (SELECT count(*) FROM isms_role) + (SELECT"
					    " count(*) FROM comm_plan) + (SELECT count(*) FROM"
					    " comm_log) + (SELECT count(*) FROM training_session) +"
					    " (SELECT count(*) FROM control_design) + (SELECT"
					    " count(*) FROM supplier) + (SELECT count(*) FROM"
					    " competence)"),
			 0);
	/* A document that a design cites and a revision refers to cannot be deleted. */
	doc = test_insert(f, "document", (const char *[]){ "reference", "PR-07", "title", "Backups", NULL });
	test_insert(f, "control_design", (const char *[]){ "control", "A.8.13", "documents", "PR-07", NULL });
	test_insert(f, "document_revision", (const char *[]){ "document", "1", "version", "1.0", "revised_on",
						       "2026-01-01", NULL });
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, document, doc, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Cannot delete: used by Control designs 1 'A.8.13'; "
					 "Revisions 1 '1.0'");
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM document"), 1);
	/* An incident links the risks it touches; a risk so linked is not deleted. */
	{
		const struct reg *risk = screen_set_find_register(&f->ws.screens, "risk");
		long long ransomware = test_insert(f, "risk", (const char *[]){ "title", "Ransomware", "kind",
									 "event", "status", "open",
									 NULL });
		assert_int_equal(refuse(f, "incident",
					(const char *[]){ "title", "Locked PC", "reported_at",
							  "2026-10-24 22:30", "risks", "Malware",
							  NULL },
					&err),
				 IMS2_INVALID);
		assert_string_equal(err.field, "risks");
		test_insert(f, "incident", (const char *[]){ "title", "Locked PC", "reported_at",
						     "2026-10-24 22:30", "risks", "Ransomware", NULL });
		assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM record_link WHERE"
						    " source = 'incident' AND field = 'risks' AND"
						    " target = 'risk'"),
				 1);
		assert_int_equal(record_delete(f->ws.store, &f->ws.screens, risk, ransomware, &err),
				 IMS2_INVALID);
		assert_string_equal(err.message,
				    "Cannot delete: used by Events and incidents 1 'Locked PC'");
	}
	/* A record that names a person in two fields (links or references) is listed once. */
	{
		const struct reg *people = screen_set_find_register(&f->ws.screens, "person");
		long long ada = person(f, "Ada");
		char *id = num(ada);
		test_insert(f, "nonconformity", (const char *[]){ "title", "No restore test", "raised_on",
							   "2026-01-01", "owner", id, "reviewed_by",
							   id, NULL });
		test_insert(f, "isms_role", (const char *[]){ "role", "Backup owner", "holder", id, "deputy",
						      id, NULL });
		free(id);
		assert_int_equal(record_delete(f->ws.store, &f->ws.screens, people, ada, &err),
				 IMS2_INVALID);
		assert_string_equal(err.message, "Cannot delete: used by ISMS roles 1 'Backup owner'; "
						 "Nonconformities 1 'No restore test'");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_communication, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training, setup, teardown),
		cmocka_unit_test_setup_teardown(test_operations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
