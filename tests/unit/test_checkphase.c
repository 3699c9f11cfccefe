/*
 * Steps 3.1-3.3 (screens/3.1.yaml to 3.3.yaml): each declared check on hand-made records, the
 * refusals on save (src/core/indicator.c, audit.c, review.c), and the inputs of clause 9.3.2
 * collected as of a date (src/core/report_review.c).
 */
#include "testutil.h"

#include "../../src/core/coreint.h"
#include "ims2/audit.h"
#include "ims2/checks.h"
#include "ims2/indicator.h"
#include "ims2/record.h"
#include "ims2/review.h"
#include "ims2/workspace.h"

#include "testws.h"

static char ids[16][32];
static int next_id;

/* Inserts values into table; returns the new id as text (kept until the test ends). */
static const char *insert(struct fixture *f, const char *table, const char *const *values)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);
	struct ims2_error err;
	long long id = 0;
	char *slot = ids[next_id++ % 16];

	assert_non_null(reg);
	if (record_insert(f->ws.store, reg, values, &id, &err) != IMS2_OK)
		fail_msg("insert into %s: %s", table, err.message);
	snprintf(slot, 32, "%lld", id);
	return slot;
}

/* The insert is refused with IMS2_INVALID on field, the message containing part; nothing kept. */
static void refused(struct fixture *f, const char *table, const char *const *values,
		    const char *field, const char *part)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);
	struct ims2_error err;
	long long id = 0;

	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.field, field);
	assert_contains(err.message, part);
	assert_int_equal(id, 0);
}

/* The messages of the findings of step, joined by newlines (allocated). */
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
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static const char *person(struct fixture *f, const char *name)
{
	return insert(f, "person", (const char *[]){ name, NULL, NULL, NULL, NULL });
}

static const char *indicator(struct fixture *f, const char *name, const char *frequency,
			     const char *better, const char *target, const char *alert)
{
	return insert(f, "indicator",
		      (const char *[]){ name, "operational", NULL, NULL, NULL, frequency, "%", "0",
				       "100", better, target, alert, NULL, NULL, NULL, NULL });
}

static void measure(struct fixture *f, const char *ind, const char *date, const char *value)
{
	insert(f, "measurement", (const char *[]){ ind, date, value, NULL });
}

static void test_measurement_scale(void **state)
{
	struct fixture *f = *state;
	const char *ind = indicator(f, "Patch rate", "monthly", "higher", "95", "85");

	refused(f, "measurement", (const char *[]){ ind, "2026-11-30", "101", NULL}, "value",
		"101 is outside the scale of 'Patch rate' (0 to 100)");
	refused(f, "measurement", (const char *[]){ ind, "2026-11-30", "-1", NULL}, "value",
		"outside the scale");
	measure(f, ind, "2026-11-30", "100");
	measure(f, ind, "2026-12-31", "0");
	refused(f, "indicator",
		(const char *[]){ "Upside down", "operational", NULL, NULL, NULL, "monthly", NULL,
				 "10", "5", "higher", NULL, NULL, NULL, NULL, NULL, NULL },
		"scale_max", "the lowest value (10) is above the highest (5)");
	refused(f, "indicator",
		(const char *[]){ "Off target", "operational", NULL, NULL, NULL, "monthly", NULL,
				 "0", "100", "higher", "120", NULL, NULL, NULL, NULL, NULL },
		"target", "120 is outside the scale of the indicator");
	/* No scale: any value. */
	ind = insert(f, "indicator",
		     (const char *[]){ "Hours", "functional", NULL, NULL, NULL, "monthly", "h", NULL,
				      NULL, "lower", NULL, NULL, NULL, NULL, NULL, NULL });
	measure(f, ind, "2026-11-30", "1000");
}

static void test_not_measured(void **state)
{
	struct fixture *f = *state;
	const char *never = indicator(f, "Never", "monthly", "higher", NULL, NULL);
	const char *gap = indicator(f, "Gap", "monthly", "higher", NULL, NULL);
	const char *regular = indicator(f, "Regular", "quarterly", "higher", NULL, NULL);
	char *found;

	(void)never;
	measure(f, gap, "2025-09-30", "1");
	measure(f, gap, "2025-10-31", "1");
	measure(f, gap, "2025-12-31", "1"); /* November missed: 61 days */
	measure(f, regular, "2025-03-31", "1");
	measure(f, regular, "2025-06-30", "1");
	measure(f, regular, "2025-09-30", "1");
	measure(f, regular, "2025-12-31", "1");
	found = findings(f, "3.1", "indicator");
	assert_string_equal(found,
			    "Indicator 'Never' has no measurement yet.\n"
			    "Indicator 'Gap' (monthly) was not measured between 2025-10-31 and "
			    "2025-12-31.\n");
	free(found);
	/* Up to today (2026-01-01 in tests): a quarterly indicator last measured in June. */
	measure(f, indicator(f, "Late", "quarterly", "higher", NULL, NULL), "2025-06-30", "1");
	found = findings(f, "3.1", "indicator");
	assert_contains(found, "Indicator 'Late' (quarterly) was not measured between 2025-06-30 "
			       "and 2026-01-01.");
	free(found);
}

static void test_past_alert(void **state)
{
	struct fixture *f = *state;
	const char *up = indicator(f, "Awareness", "monthly", "higher", "95", "80");
	const char *down = indicator(f, "Downtime", "monthly", "lower", "1", "3");
	const char *fine = indicator(f, "Recovered", "monthly", "higher", "95", "80");
	char *found;

	measure(f, up, "2025-11-30", "90");
	measure(f, up, "2025-12-31", "78");
	measure(f, down, "2025-11-30", "2");
	measure(f, down, "2025-12-31", "3.5");
	measure(f, fine, "2025-11-30", "50"); /* past the alert once, not in the last result */
	measure(f, fine, "2025-12-31", "80");
	found = findings(f, "3.1", "measurement");
	assert_string_equal(found,
			    "Indicator 'Awareness' is past its alert threshold: 78 on 2025-12-31 "
			    "(alert at 80, target 95).\n"
			    "Indicator 'Downtime' is past its alert threshold: 3.5 on 2025-12-31 "
			    "(alert at 3, target 1).\n");
	free(found);
}

/* The Markdown written by a report section (allocated). */
static char *report_of(struct fixture *f,
		       int (*md)(struct workspace *, const char *, FILE *, struct ims2_error *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct ims2_error err;

	if (md(&f->ws, "##", out, &err))
		fail_msg("%s", err.message);
	fclose(out);
	return buf;
}

static void test_dashboard(void **state)
{
	struct fixture *f = *state;
	const char *down = indicator(f, "Downtime", "monthly", "lower", "1", "3");
	char *md;

	indicator(f, "Unmeasured", "monthly", "higher", NULL, NULL);
	measure(f, down, "2025-10-31", "0");
	measure(f, down, "2025-11-30", "4");
	measure(f, down, "2025-12-31", "2");
	md = report_of(f, indicator_dashboard_md);
	/* Scaled from 0 to 4 (values, target 1, alert 3): 0, 4, 2 are the lowest, highest, middle. */
	assert_contains(md, "### Operational level\n\n");
	assert_contains(md, "| Downtime | 2 % | 2025-12-31 | 1 % | 3 % | below target | ▁█▅ |\n");
	assert_contains(md, "| Unmeasured | none |  | none | none | not measured |  |\n");
	assert_null(strstr(md, "Strategic level"));
	free(md);
	measure(f, down, "2026-01-01", "3.5");
	md = report_of(f, indicator_dashboard_md);
	assert_contains(md, "| Downtime | 3.5 % | 2026-01-01 | 1 % | 3 % | ALERT | ▁█▅▇ |\n");
	free(md);
}

static const char *programme(struct fixture *f, const char *name)
{
	return insert(f, "audit_programme",
		      (const char *[]){ name, "2025-01-01", "2027-12-31", NULL, NULL });
}

static const char *audit(struct fixture *f, const char *title, const char *prog, const char *scope,
			 const char *auditors, const char *auditees, const char *held,
			 const char *status)
{
	return insert(f, "audit",
		      (const char *[]){ title, prog, scope, NULL, auditors, auditees, NULL, held,
				       status, NULL });
}

static void test_audit_refusals(void **state)
{
	struct fixture *f = *state;
	const char *prog = programme(f, "P");

	person(f, "Ada Byron");
	person(f, "Alan Turing");
	refused(f, "audit",
		(const char *[]){ "Self", prog, "9.2.1", NULL, "Ada Byron, Alan Turing",
				 "Alan Turing", NULL, NULL, "planned", NULL },
		"auditees", "Alan Turing is both auditor and auditee");
	audit(f, "Fine", prog, "9.2.1", "Ada Byron", "Alan Turing", NULL, "planned");
	refused(f, "audit_programme",
		(const char *[]){ "Too long", "2026-01-01", "2029-01-02", NULL, NULL}, "ends_on",
		"at most three years: it ends by 2029-01-01");
	programme(f, "Three years");
	insert(f, "audit_programme",
	       (const char *[]){ "Exactly", "2026-01-01", "2029-01-01", NULL, NULL });
}

/* Makes name the SoA owner of control, through the record layer (the owner is a link). */
static void soa_owner(struct fixture *f, const char *control, const char *name)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "soa_entry");
	struct ims2_error err;
	sqlite3_stmt *st;
	long long id;

	assert_non_null(reg);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store),
					    "SELECT id FROM soa_entry WHERE control = ?", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, control, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(record_set_field(f->ws.store, reg, id, (size_t)reg_field_index(reg, "owner"),
					  name, &err),
			 IMS2_OK);
}

static void test_own_work(void **state)
{
	struct fixture *f = *state;
	const char *prog = programme(f, "P");
	char *found;

	person(f, "Ada Byron");
	person(f, "Alan Turing");
	soa_owner(f, "A.5.35", "Ada Byron");
	soa_owner(f, "A.5.36", "Ada Byron");
	audit(f, "Controls", prog, "A.5.35, A.5.36, A.5.1", "Ada Byron", "Alan Turing", NULL,
	      "planned");
	audit(f, "Others", prog, "A.5.1", "Ada Byron", "Alan Turing", NULL, "planned");
	audit(f, "By Alan", prog, "A.5.35", "Alan Turing", NULL, NULL, "planned");
	found = findings(f, "3.2", "audit");
	assert_string_equal(found,
			    "Audit 'Controls': Ada Byron audits their own work (owner of A.5.35, "
			    "A.5.36).\n");
	free(found);
}

static void test_programme(void **state)
{
	struct fixture *f = *state;
	const char *prog = programme(f, "P");
	sqlite3_stmt *st;
	char *scope = NULL, *found;

	programme(f, "Empty");
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store),
					    "SELECT group_concat(item, ', ') FROM gap_item WHERE "
					    "kind = 'clause' AND item <> '10.2'",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	scope = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	audit(f, "Planned only", prog, "10.2", NULL, NULL, "2025-06-01", "planned");
	audit(f, "Clauses", prog, scope, NULL, NULL, "2025-05-01", "held");
	assert_int_equal(
	    sqlite3_exec(store_db(f->ws.store),
			 "UPDATE soa_entry SET applicable = 'yes' WHERE control = 'A.5.1'", NULL,
			 NULL, NULL),
	    SQLITE_OK);
	found = findings(f, "3.2", "audit_programme");
	assert_contains(found, "Programme 'P': 2 requirements and applicable controls not audited "
			       "yet: 10.2, A.5.1.\n");
	assert_contains(found, "Programme 'Empty' has no audit held yet.\n");
	assert_contains(found, "Programme 'Empty': 31 requirements and applicable controls not "
			       "audited yet: 4.1, 4.2, 4.3, 4.4, 5.1, 5.2, 5.3, 6.1.1 and 23 "
			       "more.\n");
	assert_null(strstr(found, "Programme 'P' has no audit held"));
	free(found);
	free(scope);
	/* The audit report shows the same coverage; an audit only planned covers nothing. */
	found = report_of(f, audit_report_md);
	assert_contains(found, "| Requirements of clauses 4 to 10 | 30 | 29 | 10.2 |\n"
			       "| Applicable Annex A controls | 1 | 0 | A.5.1 |\n");
	assert_contains(found, "### Planned only\n\nProgramme: P. Planned: not set. Held: "
			       "2025-06-01. Status: planned.");
	free(found);
}

/* The one integer sql returns, with ?1 bound to arg. */
static long long count_of(struct fixture *f, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int lines_of(struct fixture *f, const char *audit)
{
	return (int)count_of(f, "SELECT count(*) FROM audit_check WHERE audit = ?1", audit);
}

static void test_checklist(void **state)
{
	struct fixture *f = *state;
	const char *prog = programme(f, "P");
	char a1[32], a2[32], a3[32];
	struct ims2_error err;
	int added;

	snprintf(a1, sizeof(a1), "%s", audit(f, "Clauses", prog, "9.2.1, 9.2.2, 10.2", NULL, NULL,
					      NULL, "planned"));
	snprintf(a2, sizeof(a2), "%s", audit(f, "Controls", prog, "A.5.1", NULL, NULL, NULL,
					      "planned"));
	snprintf(a3, sizeof(a3), "%s", audit(f, "Dropped", prog, "A.5.2", NULL, NULL, NULL,
					      "cancelled"));
	char item[32];

	snprintf(item, sizeof(item), "%lld",
		 count_of(f, "SELECT id FROM gap_item WHERE item = ?1", "9.2.2"));
	insert(f, "audit_check", (const char *[]){ a1, item, "conforming", "Programme", NULL });
	assert_int_equal(audit_checklist(&f->ws, "Nope", &added, &err), IMS2_USAGE);
	assert_string_equal(err.message, "no audit 'Nope' (give its number or title)");
	assert_int_equal(audit_checklist(&f->ws, "Clauses", &added, &err), IMS2_OK);
	assert_int_equal(added, 2);
	assert_int_equal(lines_of(f, a1), 3);
	assert_int_equal(lines_of(f, a2), 0);
	/* Again: nothing to add. All audits: the one not cancelled. */
	assert_int_equal(audit_checklist(&f->ws, a1, &added, &err), IMS2_OK);
	assert_int_equal(added, 0);
	assert_int_equal(audit_checklist(&f->ws, NULL, &added, &err), IMS2_OK);
	assert_int_equal(added, 1);
	assert_int_equal(lines_of(f, a2), 1);
	assert_int_equal(lines_of(f, a3), 0);
	/* The line answered before keeps its result; the new ones are not checked. */
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_check WHERE result = ?1",
				  "conforming"),
			 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_check WHERE result = ?1",
				  "not checked"),
			 3);
}

static void test_computed(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	double v = -1;
	bool known = true;
	int recorded;

	/* Nothing to compute from yet: no applicable control, no action. */
	assert_int_equal(indicator_compute(&f->ws, "soa implemented", "2026-01-01", &v, &known,
					   &err),
			 IMS2_OK);
	assert_false(known);
	assert_int_equal(indicator_compute(&f->ws, "treatment overdue", "2026-01-01", &v, &known,
					   &err),
			 IMS2_OK);
	assert_true(known);
	assert_true(v == 0);
	assert_int_equal(indicator_compute(&f->ws, "guesswork", "2026-01-01", &v, &known, &err),
			 IMS2_USAGE);
	/* Three applicable controls, one implemented: 33.3 %. */
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE soa_entry SET applicable = 'yes', status = CASE control "
				      "WHEN 'A.5.1' THEN 'implemented' ELSE 'planned' END WHERE "
				      "control IN ('A.5.1', 'A.5.2', 'A.5.3')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(indicator_compute(&f->ws, "soa implemented", "2026-01-01", &v, &known,
					   &err),
			 IMS2_OK);
	assert_true(known);
	assert_true(v > 33.29 && v < 33.31);
	/* Audit coverage: 30 clauses and 3 controls; an audit held on 4.1 and A.5.1 covers 2. */
	audit(f, "Held", programme(f, "P"), "4.1, A.5.1", NULL, NULL, "2025-12-01", "held");
	audit(f, "Later", programme(f, "Q"), "4.2", NULL, NULL, "2026-02-01", "held");
	assert_int_equal(indicator_compute(&f->ws, "audit coverage", "2026-01-01", &v, &known,
					   &err),
			 IMS2_OK);
	assert_true(v > 6.09 && v < 6.11); /* 2 of 33: 6.06, one decimal kept */
	/* :measure records the computed indicators only, at the last period end (the SoA keeps
	 * no dates: no history is made up for it; indicator_computed.c has the rest). */
	insert(f, "indicator",
	       (const char *[]){ "SoA implemented", "strategic", NULL, NULL, NULL, "monthly", "%",
				 "0", "100", "higher", "100", "50", NULL, NULL, NULL,
				 "soa implemented" });
	indicator(f, "Typed", "monthly", "higher", NULL, NULL);
	assert_int_equal(indicator_measure_computed(&f->ws, "2026-01-01", &recorded, &err),
			 IMS2_OK);
	assert_int_equal(recorded, 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM measurement WHERE value = 33.3 AND "
				     "measured_on = ?1",
				  "2025-12-31"),
			 1);
}

static void test_review_date(void **state)
{
	struct fixture *f = *state;
	const char *prog = programme(f, "P");
	char *found;

	audit(f, "March audit", prog, "9.2.1", NULL, NULL, "2027-03-10", "held");
	insert(f, "audit",
	       (const char *[]){ "April audit", prog, "9.2.1", NULL, NULL, NULL, "2027-04-15", NULL,
				"planned", NULL });
	refused(
	    f, "management_review",
	    (const char *[]){ "Early", "2027-03-09", "planned", NULL, "March audit", NULL },
	    "review_date",
	    "the review is dated 2027-03-09, before the audit 'March audit' it reviews (held on "
	    "2027-03-10)");
	refused(f, "management_review",
		(const char *[]){ "Early", "2027-04-01", "planned", NULL, "March audit, April audit",
				 NULL },
		"review_date",
		"before the audit 'April audit' it reviews (planned for 2027-04-15)");
	insert(f, "management_review",
	       (const char *[]){ "Same day", "2027-03-10", "held", NULL, "March audit", NULL });
	/* The audit moved after the review is saved: the check finds it. */
	found = findings(f, "3.3", "management_review");
	assert_string_equal(found, "");
	free(found);
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE audit SET held_on = '2027-03-12' WHERE title = 'March audit'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	found = findings(f, "3.3", "management_review");
	assert_string_equal(found, "Review 'Same day' (2027-03-10) is dated before the audit "
				   "'March audit' it reviews (2027-03-12).\n");
	free(found);
}

static void test_review_output_overdue(void **state)
{
	struct fixture *f = *state;
	const char *r = insert(f, "management_review",
			       (const char *[]){ "Q3", "2025-09-30", "held", NULL, NULL, NULL });
	char *found;

	insert(f, "review_output",
	       (const char *[]){ "Late", r, "improvement", NULL, "2025-12-01", "open", NULL });
	insert(
	    f, "review_output",
	    (const char *[]){ "Done", r, "improvement", NULL, "2025-12-01", "done", "2025-11-30" });
	insert(f, "review_output",
	       (const char *[]){ "Later", r, "improvement", NULL, "2026-02-01", "open", NULL });
	found = findings(f, "3.3", "review_output");
	assert_string_equal(found, "Decision 'Late' of 'Q3' was due on 2025-12-01 and is open.\n");
	free(found);
}

/* The inputs of 9.3.2 as of date, as Markdown (allocated). */
static char *inputs(struct fixture *f, const char *date, const char *prev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct ims2_error err;

	if (review_inputs_md(&f->ws, date, prev, "##", out, &err))
		fail_msg("%s", err.message);
	fclose(out);
	return buf;
}

static void test_inputs_as_of(void **state)
{
	struct fixture *f = *state;
	const char *prog = programme(f, "P");
	const char *ind = indicator(f, "Awareness", "monthly", "higher", "95", "80");
	const char *a1, *a2, *r1;
	char *md;

	person(f, "Ada Byron");
	measure(f, ind, "2027-01-31", "70");
	measure(f, ind, "2027-02-28", "79");
	measure(f, ind, "2027-04-30", "96");
	a1 = audit(f, "Winter audit", prog, "7.2", NULL, NULL, "2027-02-10", "reported");
	a2 = audit(f, "Spring audit", prog, "A.5.18", NULL, NULL, "2027-04-20", "reported");
	insert(f, "audit_finding",
	       (const char *[]){ "No competence records", a1, "minor nonconformity", "7.2", NULL,
				NULL });
	insert(f, "audit_finding",
	       (const char *[]){ "Leavers kept access", a2, "major nonconformity", "A.5.18", NULL,
				NULL });
	insert(f, "audit_finding",
	       (const char *[]){ "Automate the figures", a1, "opportunity for improvement", "9.1",
				NULL, NULL });
	r1 = insert(f, "management_review",
		    (const char *[]){ "First", "2026-12-15", "held", NULL, NULL, NULL });
	insert(f, "review_output",
	       (const char *[]){ "Train temporary staff", r1, "resources", "Ada Byron", "2027-02-28",
				"done", "2027-03-20" });
	insert(f, "review_output",
	       (const char *[]){ "Renew the policy", r1, "change to the ISMS", NULL, "2027-01-31",
				"open", NULL });

	md = inputs(f, "2027-03-01", "2026-12-15");
	/* a) earlier decisions with their status on the date: done later, so still in progress. */
	assert_contains(md, "| First (2026-12-15) | Train temporary staff | Ada Byron | "
			    "2027-02-28 | in progress |");
	assert_contains(md, "| Renew the policy |  | 2027-01-31 | open, OVERDUE |");
	/* c) and i) findings of audits held by the date only. */
	assert_contains(md, "| No competence records | minor nonconformity | Winter audit | "
			    "2027-02-10 | 7.2 |");
	assert_null(strstr(md, "Leavers kept access"));
	assert_contains(md,
			"| Automate the figures | opportunity for improvement | Winter audit |");
	/* d) the last measurement on or before the date. */
	assert_contains(md, "| Awareness | operational | 79 % | 2027-02-28 | 95 | ALERT |");
	assert_null(strstr(md, "96 %"));
	/* e) audits held by the date. */
	assert_contains(md, "| Winter audit | 2027-02-10 | reported | 0 | 1 | 0 | 1 |");
	assert_null(strstr(md, "Spring audit"));
	/* b) the context was created on 2026-01-01 (the test clock): before the last review. */
	assert_contains(md, "*No change recorded in the context (1.2) since the last review.*");
	free(md);

	md = inputs(f, "2027-05-01", "2027-03-01");
	assert_contains(md, "| First (2026-12-15) | Train temporary staff | Ada Byron | "
			    "2027-02-28 | done 2027-03-20 |");
	assert_contains(md, "| Leavers kept access | major nonconformity | Spring audit |");
	assert_contains(md, "| Awareness | operational | 96 % | 2027-04-30 | 95 | on target |");
	free(md);

	/* Before anything: each input says there is nothing, none is left out. */
	md = inputs(f, "2026-01-01", "");
	assert_contains(md, "*No decision of an earlier review.*");
	assert_contains(md, "*No indicator measured by the review date.*");
	assert_contains(md, "*No internal audit held by the review date.*");
	assert_contains(md, "## g) Feedback from interested parties");
	free(md);
}

/* Each input of 9.3.2 reads the records as of the review's date: later ones are left out. */
static void test_inputs_complete(void **state)
{
	struct fixture *f = *state;
	char nc[32], *md;
	const char *ada = person(f, "Ada Byron");

	snprintf(nc, sizeof(nc), "%lld",
		 test_insert(f, "nonconformity",
		     (const char *[]){ "title", "Restore test skipped", "raised_on", "2027-02-01",
				       "grade", "minor", "source_kind", "audit finding", "status",
				       "closed", "reviewed_on", "2027-04-01", "reviewed_by", ada,
				       "effective", "yes", "effectiveness_evidence", "Test done",
				       "closed_on", "2027-04-01", NULL }));
	test_insert(f, "corrective_action",
	    (const char *[]){ "action", "Plan the tests", "nonconformity", nc, "due_date",
			      "2027-02-20", "status", "done", "done_on", "2027-03-20", NULL });
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "Late invoice data", "raised_on", "2027-03-15", "grade",
			      "major", "source_kind", "other", "status", "open", NULL });
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "Hospital complained of a lost parcel", "raised_on",
			      "2027-02-15", "grade", "minor", "source_kind", "complaint", "source",
			      "Northvale", "status", "open", NULL });
	test_insert(f, "improvement",
	    (const char *[]){ "title", "Badge readers", "kind", "opportunity", "raised_on",
			      "2027-04-10", "source_kind", "interested party", "decision", "pending",
			      "status", "open", NULL });
	test_insert(f, "context_issue", (const char *[]){ "issue", "New regulator", "kind", "external",
						  "climate", "no", NULL });
	test_insert(f, "context_issue", (const char *[]){ "issue", "New office", "kind", "internal",
						  "climate", "no", NULL });
	/* The change log of the test clock says 2026-01-01; move the second issue to April. */
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE changelog SET at = '2027-02-01T10:00:00Z' WHERE tbl ="
				      " 'context_issue'; UPDATE changelog SET at = '2027-04-01T10:00:00Z'"
				      " WHERE tbl = 'context_issue' AND record = (SELECT id FROM"
				      " context_issue WHERE issue = 'New office')",
				      NULL, NULL, NULL),
			 SQLITE_OK);

	md = inputs(f, "2027-03-01", "2026-12-15");
	/* b) the issue added before the date, not the one after. */
	assert_contains(md, "| External and internal issues | New regulator | added | 2027-02-01 |");
	assert_null(strstr(md, "New office"));
	/* c) the trend, then the nonconformity as it stood: open, its action not done yet. */
	assert_contains(md, "| 2 | 0 | 0 | 2 |");
	assert_contains(md, "| Restore test skipped | minor | audit finding | 2027-02-01 | open | 1 "
			    "| 0 | 1 |");
	assert_null(strstr(md, "Late invoice data"));
	/* g) the complaint received since the last review. */
	assert_contains(md, "| complaint | Hospital complained of a lost parcel | 2027-02-15 | "
			    "Northvale | open |");
	/* i) no improvement raised yet. */
	assert_contains(md, "*No improvement raised by the review date (4.2).*");
	free(md);

	md = inputs(f, "2027-05-01", "2027-03-01");
	assert_contains(md, "| External and internal issues | New office | added | 2027-04-01 |");
	assert_null(strstr(md, "New regulator"));
	assert_contains(md, "| 1 | 1 | 1 | 2 |");
	assert_contains(md, "| Restore test skipped | minor | audit finding | 2027-02-01 | closed "
			    "2027-04-01 | 1 | 1 | 0 |");
	assert_contains(md, "| Late invoice data | major | other | 2027-03-15 | open | 0 | 0 | 0 |");
	/* g) the complaint was before the last review; the proposal came since. */
	assert_null(strstr(md, "| complaint | Hospital"));
	assert_contains(md, "| proposal | Badge readers | 2027-04-10 |  | pending |");
	assert_contains(md, "| Badge readers | opportunity | interested party | 2027-04-10 | "
			    "pending | open |");
	free(md);

	/* A first review: the context as recorded by then, counted per register. */
	md = inputs(f, "2027-03-01", "");
	assert_contains(md, "| External and internal issues | 1 record | as recorded for the first "
			    "review | 2027-02-01 |");
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_measurement_scale, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_measured, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_past_alert, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dashboard, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_own_work, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_programme, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_checklist, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_computed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_review_date, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_review_output_overdue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inputs_as_of, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inputs_complete, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
