/*
 * Certification readiness (src/core/readiness.c): a workspace where every prerequisite holds
 * is ready; breaking one prerequisite at a time fails that one alone, with what is missing;
 * the thresholds are the workspace's settings, not constants.
 */
#include "testutil.h"

#include "ims2/checks.h"
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
	       " VALUES ('Order a test server', 1, 'planned');"
	       /* One approved document citing every clause with required documented information. */
	       "INSERT INTO document (reference, title, status, version)"
	       " VALUES ('ISMS-M', 'ISMS manual', 'approved', '2');"
	       "INSERT INTO record_link (source, record, field, target, target_key, position)"
	       " SELECT 'document', 1, 'clauses', 'gap_item', g.id, g.id FROM gap_item AS g"
	       " WHERE g.item IN (SELECT clause FROM required_document);"
	       /* One objective, measured through its indicator. */
	       "INSERT INTO security_objective (objective, status) VALUES ('MFA everywhere', 'open');"
	       "INSERT INTO indicator (name) VALUES ('MFA coverage');"
	       "INSERT INTO record_link (source, record, field, target, target_key, position)"
	       " VALUES ('indicator', 1, 'objectives', 'security_objective', '1', 0);"
	       "INSERT INTO measurement (indicator, measured_on, value) VALUES (1, '2025-11-30', 90);"
	       /* Two audits held in the programme cover every clause and control between them. */
	       "INSERT INTO audit_programme (name, starts_on, ends_on)"
	       " VALUES ('Programme 2025-2027', '2025-09-01', '2027-08-31');"
	       "INSERT INTO audit (title, programme, held_on, status) VALUES"
	       " ('Clauses', 1, '2025-11-10', 'reported'), ('Controls', 1, '2025-11-20', 'held');"
	       "INSERT INTO record_link (source, record, field, target, target_key, position)"
	       " SELECT 'audit', CASE kind WHEN 'clause' THEN 1 ELSE 2 END, 'scope', 'gap_item',"
	       " id, id FROM gap_item;"
	       "INSERT INTO management_review (title, review_date, status)"
	       " VALUES ('Review 2025', '2025-12-01', 'held');");
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
	/* Not three months yet, and the management review of 2025-12-01 not held by then. */
	assert_int_equal(r.failed, 2);
	assert_string_equal(r.items[0].id, "operation");
	assert_false(r.items[0].pass);
	assert_string_equal(r.items[5].id, "audit");
	assert_non_null(strstr(r.items[5].detail, "no management review held since, by 2025-11-30"));
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

/*
 * The items the 2.2 check finds unmet ("4.3, 8.1"): the step must say what readiness says
 * (src/core/required_document.c judges both). Caller frees.
 */
static char *check_unmet(struct fixture *f)
{
	struct check_report report;
	struct strbuf sb = { 0 };
	size_t i;

	assert_int_equal(checks_run(&f->ws, "2.2", &report), IMS2_OK);
	for (i = 0; i < report.count; i++) {
		const char *m = report.findings[i].message, *serves = strstr(m, " serves ");
		if (strcmp(report.findings[i].table, "required_document") != 0)
			continue;
		assert_non_null(serves);
		strbuf_addf(&sb, "%s%.*s", sb.len ? ", " : "",
			    (int)strcspn(serves + 8, " ("), serves + 8);
	}
	check_report_release(&report);
	return sb.buf ? sb.buf : xstrdup("");
}

static void expect_unmet(struct fixture *f, const char *want)
{
	char *got = check_unmet(f);

	assert_string_equal(got, want);
	free(got);
}

/* Each required item needs an approved document citing its clause, or records in ims2. */
static void test_documents(void **state)
{
	struct fixture *f = *state;
	struct readiness r;
	struct ims2_error err;

	test_sql(&f->ws, "UPDATE document SET status = 'draft'");
	/* 5.2, 6.1.2 and others are kept by registers that hold records here (1.6, 1.7). */
	expect_only(f, "documents", "4 required items with no approved document and no records in "
				    "ims2: '4.3 Scope of the ISMS', '7.2 Evidence of competence', "
				    "'8.1 Operational planning and control', '8.3 Results of the "
				    "risk treatment'");
	/* The 2.2 check names the same four; 8.2, kept in the risk register, is not one. */
	expect_unmet(f, "4.3, 7.2, 8.1, 8.3");
	/* Records in the register that keeps it meet an item: the risk register (1.7) for 8.2. */
	test_sql(&f->ws, "UPDATE document SET status = 'approved';"
	       "DELETE FROM record_link WHERE source = 'document' AND target_key ="
	       " (SELECT CAST(id AS TEXT) FROM gap_item WHERE item = '8.2')");
	expect_only(f, NULL, NULL);
	expect_unmet(f, "");
	assert_int_equal(readiness_assess(&f->ws, &r, &err), IMS2_OK);
	assert_string_equal(r.items[1].id, "documents");
	assert_string_equal(r.items[1].detail, "every required item met by an approved document, or "
					       "kept in ims2 with records (8.2; 2.2 Required "
					       "documented information)");
	readiness_release(&r);
	test_sql(&f->ws, "DELETE FROM record_link WHERE source = 'document' AND target_key ="
	       " (SELECT CAST(id AS TEXT) FROM gap_item WHERE item = '4.3')");
	expect_only(f, "documents", "1 required item with no approved document and no records in "
				    "ims2: '4.3 Scope of the ISMS'");
	expect_unmet(f, "4.3");
	/* A draft cites it: still not approved. */
	test_sql(&f->ws, "INSERT INTO document (reference, title, status) VALUES ('SCO-1',"
	       " 'Scope statement', 'draft');"
	       "INSERT INTO record_link (source, record, field, target, target_key, position)"
	       " SELECT 'document', 2, 'clauses', 'gap_item', id, 0 FROM gap_item WHERE item = '4.3'");
	expect_only(f, "documents", "'4.3 Scope of the ISMS'");
	/* Records in the step that keeps it (1.5) meet it. */
	test_sql(&f->ws, "INSERT INTO scope_element (name, kind) VALUES ('Head office', 'location')");
	expect_only(f, NULL, NULL);
	expect_unmet(f, "");
	/* Kept by ims2 with no records: both fire again. */
	test_sql(&f->ws, "DELETE FROM scope_element");
	expect_only(f, "documents", "'4.3 Scope of the ISMS'");
	expect_unmet(f, "4.3");
}

/* An objective counts as measured only through an indicator linked to it, by the day judged. */
static void test_objectives(void **state)
{
	struct fixture *f = *state;
	struct readiness r;
	struct ims2_error err;

	test_sql(&f->ws, "INSERT INTO security_objective (objective, status)"
	       " VALUES ('Awareness for all', 'open'), ('Old aim', 'dropped')");
	expect_only(f, "objectives", "1 of 2 objectives without any measurement (link an "
				     "indicator of 3.1 and record its results): 'Awareness for all'");
	/* An indicator linked, never measured: still nothing. */
	test_sql(&f->ws, "INSERT INTO indicator (name) VALUES ('Awareness completion');"
	       "INSERT INTO record_link (source, record, field, target, target_key, position)"
	       " VALUES ('indicator', 2, 'objectives', 'security_objective', '2', 0)");
	expect_only(f, "objectives", "'Awareness for all'");
	test_sql(&f->ws, "INSERT INTO measurement (indicator, measured_on, value)"
	       " VALUES (2, '2025-12-31', 60)");
	expect_only(f, NULL, NULL);
	/* Judged before that measurement: not measured yet. */
	assert_int_equal(readiness_assess_at(&f->ws, "2025-12-30", &r, &err), IMS2_OK);
	assert_int_equal(r.failed, 1);
	assert_string_equal(r.items[4].id, "objectives");
	assert_false(r.items[4].pass);
	readiness_release(&r);
	test_sql(&f->ws, "DELETE FROM measurement; DELETE FROM record_link WHERE source = 'indicator';"
	       "DELETE FROM indicator; DELETE FROM security_objective");
	expect_only(f, "objectives", "no security objectives recorded");
}

/* Coverage by the held audits of the current programme, then a review on or after it. */
static void test_audit(void **state)
{
	struct fixture *f = *state;

	test_sql(&f->ws, "UPDATE audit SET status = 'planned' WHERE id = 2");
	expect_only(f, "audit", "93 requirements and applicable controls not audited: 'A.5.1', "
				"'A.5.2', 'A.5.3', 'A.5.4', 'A.5.5' and 88 more");
	/* A control not applicable need not be audited. */
	test_sql(&f->ws, "UPDATE audit SET status = 'held' WHERE id = 2;"
	       "DELETE FROM record_link WHERE source = 'audit' AND target_key ="
	       " (SELECT CAST(id AS TEXT) FROM gap_item WHERE item = 'A.8.34')");
	expect_only(f, "audit", "1 requirement and applicable control not audited: 'A.8.34'");
	test_sql(&f->ws, "UPDATE soa_entry SET applicable = 'no',"
	       " justification = 'No testing of systems in operation' WHERE control = 'A.8.34'");
	expect_only(f, NULL, NULL);
	/* The review must follow the day the coverage was reached. */
	test_sql(&f->ws, "UPDATE management_review SET review_date = '2025-11-15'");
	expect_only(f, "audit", "audited by 2025-11-20 ('Clauses' held on 2025-11-10, 'Controls' "
				"held on 2025-11-20), but no management review held since");
	test_sql(&f->ws, "UPDATE management_review SET review_date = '2025-11-20'");
	expect_only(f, NULL, NULL);
	test_sql(&f->ws, "UPDATE management_review SET status = 'planned'");
	expect_only(f, "audit", "no management review held since");
	/* Audits of an earlier programme do not count for the current one. */
	test_sql(&f->ws, "UPDATE management_review SET status = 'held';"
	       "INSERT INTO audit_programme (name, starts_on, ends_on)"
	       " VALUES ('Programme 2025-2028', '2025-10-01', '2028-09-30')");
	expect_only(f, "audit", "no audit of programme 'Programme 2025-2028' held by 2026-01-01");
	test_sql(&f->ws, "DELETE FROM audit_programme WHERE id = 2;"
	       "UPDATE audit_programme SET starts_on = '2026-01-02'");
	expect_only(f, "audit", "no audit programme started by 2026-01-01");
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
		cmocka_unit_test_setup_teardown(test_documents, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_objectives, setup_ready, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup_ready, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
