/*
 * Steps 2.1 to 2.3 (screens/2.1.yaml, 2.2.yaml, 2.3.yaml): the declared checks of roles,
 * documents and control designs on hand-made records, the SoA status that follows from a
 * design (src/core/controldesign.c), the refusals of bad input, and the evidence index
 * (src/core/report_evidence.c).
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/controldesign.h"
#include "ims2/document.h"
#include "ims2/record.h"
#include "ims2/report.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

#include "testws.h"

static long long insert(struct fixture *f, const char *table, const char *const *pairs)
{
	struct ims2_error err;
	long long id = 0;

	if (test_try_insert(f, table, pairs, &id, &err) != IMS2_OK)
		fail_msg("insert into %s: %s", table, err.message);
	return id;
}

static char *stored(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void expect_stored(struct fixture *f, const char *sql, const char *want)
{
	char *v = stored(f, sql);

	if (!want)
		assert_null(v);
	else
		assert_string_equal(v ? v : "(null)", want);
	free(v);
}

/* The messages of step's findings for table, joined by newlines. */
static char *findings(struct fixture *f, const char *step, const char *table)
{
	struct check_report report;
	struct strbuf sb = { 0 };
	size_t i;

	assert_int_equal(checks_run(&f->ws, step, &report), IMS2_OK);
	for (i = 0; i < report.count; i++)
		if (strcmp(report.findings[i].table, table) == 0)
			strbuf_addf(&sb, "%s\n", report.findings[i].message);
	check_report_release(&report);
	return sb.buf ? sb.buf : xstrdup("");
}

static void expect_findings(struct fixture *f, const char *step, const char *table,
			    const char *want)
{
	char *got = findings(f, step, table);

	assert_string_equal(got, want);
	free(got);
}

/* 2.1: a role without holder or deputy; one person holding roles marked as conflicting. */
static void test_roles(void **state)
{
	struct fixture *f = *state;

	insert(f, "person", (const char *[]){ "name", "Ada Byron", NULL });
	insert(f, "person", (const char *[]){ "name", "Alan Kay", NULL });
	expect_findings(f, "2.1", "isms_role", "");
	insert(f, "isms_role", (const char *[]){ "role", "ISMS manager", "holder", "Ada Byron",
						 "deputy", "Alan Kay", NULL });
	insert(f, "isms_role", (const char *[]){ "role", "Auditor", NULL });
	insert(f, "isms_role", (const char *[]){ "role", "Admin", "holder", "Alan Kay", NULL });
	insert(f, "isms_role", (const char *[]){ "role", "Backup", "deputy", "Ada Byron", NULL });
	expect_findings(f, "2.1", "isms_role",
			"Role 'Auditor' has no holder and no deputy.\n"
			"Role 'Admin' has no deputy.\n"
			"Role 'Backup' has no holder.\n");
	/* Conflicting roles held by different people: no finding; by the same: one. */
	insert(f, "isms_role", (const char *[]){ "role", "Approver", "holder", "Ada Byron",
						 "deputy", "Alan Kay", "conflicts", "Admin", NULL });
	expect_findings(f, "2.1", "isms_role",
			"Role 'Auditor' has no holder and no deputy.\n"
			"Role 'Admin' has no deputy.\n"
			"Role 'Backup' has no holder.\n");
	insert(f, "isms_role", (const char *[]){ "role", "Auditor 2", "holder", "Alan Kay, Ada Byron",
						 "deputy", "Ada Byron", "conflicts",
						 "Admin, ISMS manager", NULL });
	expect_findings(f, "2.1", "isms_role",
			"Role 'Auditor' has no holder and no deputy.\n"
			"Role 'Admin' has no deputy.\n"
			"Role 'Backup' has no holder.\n"
			"Alan Kay holds both 'Auditor 2' and 'Admin', marked as conflicting duties "
			"(A.5.3): give one to someone else or record a compensating control.\n"
			"Ada Byron holds both 'Auditor 2' and 'ISMS manager', marked as conflicting "
			"duties (A.5.3): give one to someone else or record a compensating control.\n");
}

/* 2.2: requirements without an approved document, reviews overdue, approvals without approver. */
static void test_documents(void **state)
{
	struct fixture *f = *state;
	char *all = findings(f, "2.2", "required_document");

	/* A new workspace has the 15 requirements and none is met. */
	expect_stored(f, "SELECT count(*) FROM required_document", "15");
	assert_int_equal((int)strlen(all) > 0, 1);
	assert_non_null(strstr(all, "No approved document serves 6.1.3 d (Statement of "
				    "Applicability) and ims2 keeps no records of it yet: approve one "
				    "citing clause 6.1.3, or record it in ims2 (1.8 Statement of "
				    "Applicability; export --report soa).\n"));
	free(all);
	insert(f, "person", (const char *[]){ "name", "Ada Byron", NULL });
	/* A draft citing 6.1.3 meets nothing; approved, it meets both 6.1.3 and 6.1.3 d. */
	insert(f, "document", (const char *[]){ "reference", "ISMS-03", "title", "Method",
						    "clauses", "6.1.3", NULL });
	all = findings(f, "2.2", "required_document");
	assert_non_null(strstr(all, "serves 6.1.3 d"));
	free(all);
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE document SET status = 'approved', approved_on = "
				      "'2025-06-01'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	all = findings(f, "2.2", "required_document");
	assert_null(strstr(all, "serves 6.1.3"));
	assert_non_null(strstr(all, "serves 6.1.2 "));
	free(all);
	expect_findings(f, "2.2", "document",
			"ISMS-03 'Method' is approved but names no approver.\n");
	/* The clock of the tests is 2026-01-01: due on it is not overdue, the day before is. */
	insert(f, "document", (const char *[]){ "reference", "A", "title", "Due today", "status",
						"approved", "approved_on", "2025-01-01",
						"approved_by", "Ada Byron", "next_review",
						"2026-01-01", NULL });
	insert(f, "document", (const char *[]){ "reference", "B", "title", "Late", "next_review",
						"2025-12-31", NULL });
	insert(f, "document", (const char *[]){ "reference", "C", "title", "Withdrawn", "status",
						"obsolete", "next_review", "2020-01-01", NULL });
	expect_findings(f, "2.2", "document",
			"B 'Late' was due for review on 2025-12-31.\n"
			"ISMS-03 'Method' is approved but names no approver.\n");
}

/* 2.3: the SoA status follows from the design; an applicable control with nothing. */
static void test_designs(void **state)
{
	struct fixture *f = *state;
	const struct reg *design = screen_set_find_register(&f->ws.screens, "control_design");
	struct ims2_error err;
	long long id;
	char *all;

	assert_string_equal(control_design_soa_status("designed"), "planned");
	assert_string_equal(control_design_soa_status("implementing"), "partially implemented");
	assert_string_equal(control_design_soa_status("operating"), "implemented");
	assert_null(control_design_soa_status("bogus"));
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE soa_entry SET applicable = 'yes' WHERE control IN "
				      "('A.5.1', 'A.5.2', 'A.8.13', 'A.8.15')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	expect_findings(f, "2.3", "soa_entry",
			"A.5.1 Policies for information security applies but has no design, "
			"procedure or planned treatment action.\n"
			"A.5.2 Information security roles and responsibilities applies but has no "
			"design, procedure or planned treatment action.\n"
			"A.8.13 Information backup applies but has no design, procedure or planned "
			"treatment action.\n"
			"A.8.15 Logging applies but has no design, procedure or planned treatment "
			"action.\n");
	id = insert(f, "control_design", (const char *[]){ "control", "8.13", "status",
							   "implementing", NULL });
	expect_stored(f, "SELECT control FROM control_design", "A.8.13");
	expect_stored(f, "SELECT status FROM soa_entry WHERE control = 'A.8.13'",
		      "partially implemented");
	expect_stored(f, "SELECT new FROM changelog WHERE tbl = 'soa_entry' AND field = 'status'",
		      "partially implemented");
	assert_int_equal(record_set_field(f->ws.store, design, id, 1, "operating", &err), IMS2_OK);
	expect_stored(f, "SELECT status FROM soa_entry WHERE control = 'A.8.13'", "implemented");
	/* The SoA keeps the design's status, whatever is written there; others keep theirs. */
	{
		const struct reg *soa = screen_set_find_register(&f->ws.screens, "soa_entry");
		int st = reg_field_index(soa, "status");
		char *a = stored(f, "SELECT id FROM soa_entry WHERE control = 'A.8.13'");
		char *b = stored(f, "SELECT id FROM soa_entry WHERE control = 'A.8.15'");
		assert_int_equal(record_set_field(f->ws.store, soa, atoll(a), (size_t)st, "planned",
						  &err),
				 IMS2_OK);
		assert_int_equal(record_set_field(f->ws.store, soa, atoll(b), (size_t)st, "planned",
						  &err),
				 IMS2_OK);
		free(a);
		free(b);
	}
	expect_stored(f, "SELECT status FROM soa_entry WHERE control = 'A.8.13'", "implemented");
	expect_stored(f, "SELECT status FROM soa_entry WHERE control = 'A.8.15'", "planned");
	/* A procedure citing the control, or a planned treatment action, also answers. */
	insert(f, "document", (const char *[]){ "reference", "P1", "title", "Policy", "type",
						"procedure", "controls", "5.1", NULL });
	insert(f, "document", (const char *[]){ "reference", "P2", "title", "Not a procedure",
						"type", "record", "controls", "5.2", NULL });
	all = findings(f, "2.3", "soa_entry");
	assert_string_equal(all,
			    "A.5.2 Information security roles and responsibilities applies but has "
			    "no design, procedure or planned treatment action.\n"
			    "A.8.15 Logging applies but has no design, procedure or planned "
			    "treatment action.\n");
	free(all);
	/* One control per design; an unknown control, a second design of the same one. */
	assert_int_equal(test_try_insert(f, "control_design",
				    (const char *[]){ "control", "5.1, 5.2", NULL }, &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "control");
	assert_int_equal(test_try_insert(f, "control_design", (const char *[]){ "control", "9.99", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_int_equal(test_try_insert(f, "control_design",
				    (const char *[]){ "control", "A.8.13", NULL }, &id, &err),
			 IMS2_INVALID);
	expect_stored(f, "SELECT count(*) FROM control_design", "1");
}

/* Bad input: zero interval, dates that do not exist, control characters, linked deletes. */
static void test_bad_input(void **state)
{
	struct fixture *f = *state;
	const struct reg *person = screen_set_find_register(&f->ws.screens, "person");
	const struct reg *document = screen_set_find_register(&f->ws.screens, "document");
	struct ims2_error err;
	long long ada, doc, id;

	ada = insert(f, "person", (const char *[]){ "name", "Ada Byron", NULL });
	assert_int_equal(test_try_insert(f, "document", (const char *[]){ "reference", "X", "title", "T",
								     "review_months", "0", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "review_months");
	assert_int_equal(test_try_insert(f, "document", (const char *[]){ "reference", "X", "title", "T",
								     "review_months", "-6", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_int_equal(test_try_insert(f, "document", (const char *[]){ "reference", "X", "title", "T",
								     "next_review", "2026-02-30", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "next_review");
	assert_int_equal(test_try_insert(f, "document",
				    (const char *[]){ "reference", "X", "title", "T", "approved_on",
						      "2026-05-01", "next_review", "2026-04-01",
						      NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "next_review");
	assert_int_equal(test_try_insert(f, "committee",
				    (const char *[]){ "name", "Board", "last_meeting", "2026-05-01",
						      "next_meeting", "2026-04-01", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "next_meeting");
	assert_int_equal(test_try_insert(f, "document", (const char *[]){ "reference", "X", "title",
								     "Bell\a here", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "title");
	assert_int_equal(test_try_insert(f, "isms_role", (const char *[]){ "role", "R", "holder",
								      "Nobody", NULL },
				    &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "holder");
	expect_stored(f, "SELECT count(*) FROM document", "0");
	/* A person or document in use cannot be deleted; the message says who uses it. */
	doc = insert(f, "document", (const char *[]){ "reference", "QP-04", "title", "Control",
						      "owner", "Ada Byron", NULL });
	insert(f, "isms_role", (const char *[]){ "role", "Owner", "holder", "Ada Byron", NULL });
	insert(f, "document_revision", (const char *[]){ "document", "1", "version", "1.0",
							 "revised_on", "2026-03-01", NULL });
	insert(f, "control_design", (const char *[]){ "control", "5.1", "documents", "QP-04",
						      NULL });
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, person, ada, &err),
			 IMS2_INVALID);
	assert_contains(err.message, "Documents");
	assert_contains(err.message, "ISMS roles");
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, document, doc, &err),
			 IMS2_INVALID);
	assert_contains(err.message, "Control designs");
	expect_stored(f, "SELECT count(*) FROM person", "1");
	expect_stored(f, "SELECT count(*) FROM document", "1");
}

/* The evidence index: documents, records and what is missing, per requirement and control. */
static void test_evidence(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char *text;
	size_t len;
	FILE *out;

	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE soa_entry SET applicable = 'yes' WHERE control IN "
				      "('A.5.1', 'A.8.13')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	insert(f, "person", (const char *[]){ "name", "Ada Byron", NULL });
	insert(f, "document", (const char *[]){ "reference", "POL-01", "title", "Policy", "version",
						"1.0", "status", "approved", "approved_on",
						"2026-01-01", "approved_by",
						"Ada Byron", "clauses", "5.2", "controls", "5.1",
						NULL });
	insert(f, "document", (const char *[]){ "reference", "BK-01", "title", "Backup", "clauses",
						"5.2", "controls", "8.13", NULL });
	insert(f, "control_design", (const char *[]){ "control", "8.13", "status", "designed",
						      NULL });
	out = open_memstream(&text, &len);
	assert_int_equal(report_named(&f->ws, "evidence", REPORT_CSV, out, &err), IMS2_OK);
	fclose(out);
	assert_non_null(strstr(text, "requirement,title,approved_documents,drafts,records,"
				     "kept_by_ims2,missing\n"));
	assert_non_null(strstr(text, "5.2,Policy,POL-01 v1.0,BK-01,,1.6 Security policy; export "
				     "--step 1.6,\n"));
	assert_non_null(strstr(text, "4.4,Information security management system,,,,,any "
				     "evidence\n"));
	assert_non_null(strstr(text, "A.5.1,Policies for information security,POL-01 v1.0,,,,"
				     "a control design\n"));
	assert_non_null(strstr(text, "A.8.13,Information backup,,BK-01,Control designs 1,,"
				     "an approved document\n"));
	/* Controls that do not apply are not listed. */
	assert_null(strstr(text, "A.5.2,"));
	free(text);
}

/* The next review follows from the approval and the interval when left empty. */
static void test_next_review(void **state)
{
	struct fixture *f = *state;
	char out[16];

	assert_true(document_add_months("2026-01-31", 1, out));
	assert_string_equal(out, "2026-02-28");
	assert_true(document_add_months("2027-12-31", 2, out));
	assert_string_equal(out, "2028-02-29");
	assert_true(document_add_months("2026-07-17", 12, out));
	assert_string_equal(out, "2027-07-17");
	assert_true(document_add_months("2026-11-15", 14, out));
	assert_string_equal(out, "2028-01-15");
	assert_false(document_add_months("2026-02-30", 12, out));
	assert_false(document_add_months("2026-01-01", 0, out));
	insert(f, "document", (const char *[]){ "reference", "A", "title", "Derived", "approved_on",
						"2026-03-31", "review_months", "11", NULL });
	insert(f, "document", (const char *[]){ "reference", "B", "title", "Typed", "approved_on",
						"2026-03-31", "review_months", "11", "next_review",
						"2026-06-01", NULL });
	insert(f, "document", (const char *[]){ "reference", "C", "title", "No approval",
						"review_months", "11", NULL });
	expect_stored(f, "SELECT group_concat(reference || '=' || coalesce(next_review, '-'), ' ')"
			 " FROM document",
		      "A=2027-02-28 B=2026-06-01 C=-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_designs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_review, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
