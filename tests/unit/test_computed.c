/*
 * Computed indicators of step 3.1 (src/core/indicator_computed.c): each kind as of a date on a
 * hand-made workspace, a record dated after the date left out; the measurements :measure
 * records at period ends; a typed value of a computed indicator replaced by ims2's.
 */
#include "testutil.h"

#include "ims2/indicator.h"
#include "ims2/record.h"
#include "ims2/registry.h"
#include "ims2/workspace.h"

#include "testsql.h"
#include "testws.h"

/* The value of kind on date; -1 when there is nothing to compute from. */
static double value_of(struct fixture *f, const char *kind, const char *date)
{
	struct ims2_error err;
	double v = 0;
	bool known;

	if (indicator_compute(&f->ws, kind, date, &v, &known, &err))
		fail_msg("%s: %s", kind, err.message);
	return known ? v : -1;
}

static void test_incidents(void **state)
{
	struct fixture *f = *state;

	/* A personal data breach: the GDPR deadline runs 72 hours from awareness. */
	test_insert(f, "incident",
	    (const char *[]){ "title", "Mail to the wrong client", "kind", "incident", "reported_at",
			      "2026-03-02 09:00", "aware_at", "2026-03-02 09:00", "personal_data",
			      "yes", "closed_at", "2026-03-20 17:00", NULL });
	test_insert(f, "incident", (const char *[]){ "title", "Laptop stolen", "kind", "incident",
					     "reported_at", "2026-03-10 08:00", NULL });
	/* An event is not an incident. */
	test_insert(f, "incident", (const char *[]){ "title", "Odd log line", "kind", "event",
					     "reported_at", "2026-03-01 08:00", NULL });
	assert_true(value_of(f, "incidents open", "2026-03-01") == 0);
	assert_true(value_of(f, "incidents open", "2026-03-02") == 1);
	assert_true(value_of(f, "incidents open", "2026-03-15") == 2);
	/* Closed on the 20th: open again no more; the other one still is. */
	assert_true(value_of(f, "incidents open", "2026-03-20") == 1);
	/* Overdue: the breach not notified by its deadline, while open. */
	assert_true(value_of(f, "incidents overdue", "2026-03-04") == 0);
	assert_true(value_of(f, "incidents overdue", "2026-03-06") == 1);
	assert_true(value_of(f, "incidents overdue", "2026-03-21") == 0);
	/* Notified late on the 8th: overdue on the 7th only. */
	test_sql(&f->ws, "UPDATE incident SET gdpr_notified_at = '2026-03-08 10:00' WHERE title = "
			 "'Mail to the wrong client'");
	assert_true(value_of(f, "incidents overdue", "2026-03-07") == 1);
	assert_true(value_of(f, "incidents overdue", "2026-03-08") == 0);
}

static void test_nonconformities(void **state)
{
	struct fixture *f = *state;
	long long who = test_insert(f, "person", (const char *[]){ "name", "Ada Byron", NULL });
	char person[32];

	snprintf(person, sizeof(person), "%lld", who);
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "No restore test", "raised_on", "2026-02-01", "grade", "minor",
			      "source_kind", "other", "status", "closed", "reviewed_on",
			      "2026-04-01", "reviewed_by", person, "effective", "yes",
			      "effectiveness_evidence", "Tested", "closed_on", "2026-04-02", NULL });
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "Leavers kept access", "raised_on", "2026-03-15", "grade",
			      "major", "source_kind", "other", "status", "open", NULL });
	assert_true(value_of(f, "nonconformities open", "2026-01-31") == 0);
	assert_true(value_of(f, "nonconformities open", "2026-02-28") == 1);
	assert_true(value_of(f, "nonconformities open", "2026-03-31") == 2);
	assert_true(value_of(f, "nonconformities open", "2026-04-30") == 1);
}

static void test_training(void **state)
{
	struct fixture *f = *state;
	char ada[32], bob[32], comp[32], session[32];

	/* Nobody needs a competence: nothing to compute. */
	assert_true(value_of(f, "training coverage", "2026-06-30") == -1);
	snprintf(ada, sizeof(ada), "%lld", test_insert(f, "person", (const char *[]){ "name", "Ada", NULL }));
	snprintf(bob, sizeof(bob), "%lld", test_insert(f, "person", (const char *[]){ "name", "Bob", NULL }));
	snprintf(comp, sizeof(comp), "%lld",
		 test_insert(f, "competence",
		     (const char *[]){ "name", "Incident handling", "required_of", "Ada, Bob",
				       NULL }));
	snprintf(session, sizeof(session), "%lld",
		 test_insert(f, "training_session",
		     (const char *[]){ "topic", "Handling incidents", "kind", "training", "held_on",
				       "2026-05-10", "competences", comp, NULL }));
	test_insert(f, "attendance",
	    (const char *[]){ "person", ada, "session", session, "result", "passed", NULL });
	test_insert(f, "competence_evidence",
	    (const char *[]){ "person", bob, "competence", comp, "means", "certificate",
			      "obtained_on", "2026-06-15", NULL });
	/* Before the session nobody has it; after it Ada; after the certificate both. */
	assert_true(value_of(f, "training coverage", "2026-04-30") == 0);
	assert_true(value_of(f, "training coverage", "2026-05-31") == 50);
	assert_true(value_of(f, "training coverage", "2026-06-30") == 100);
}

static void test_documents(void **state)
{
	struct fixture *f = *state;

	test_insert(f, "document",
	    (const char *[]){ "reference", "POL-01", "title", "Policy", "type", "policy", "status",
			      "approved", "approved_on", "2025-01-10", "review_months", "12", NULL });
	test_insert(f, "document",
	    (const char *[]){ "reference", "PRO-01", "title", "Backups", "type", "procedure",
			      "status", "approved", "approved_on", "2025-06-01", "next_review",
			      "2026-06-01", NULL });
	test_insert(f, "document",
	    (const char *[]){ "reference", "OLD-01", "title", "Old", "type", "policy", "status",
			      "obsolete", "next_review", "2025-01-01", NULL });
	/* POL-01 is due on 2026-01-10 (approval plus 12 months), PRO-01 on 2026-06-01. */
	assert_true(value_of(f, "documents overdue", "2026-01-10") == 0);
	assert_true(value_of(f, "documents overdue", "2026-01-11") == 1);
	assert_true(value_of(f, "documents overdue", "2026-06-30") == 2);
	/* Approved after the date: not yet a document whose review was due then. */
	assert_true(value_of(f, "documents overdue", "2024-12-31") == 0);
}

static void test_audit_and_unknown(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	double v;
	bool known;
	char prog[32];

	snprintf(prog, sizeof(prog), "%lld",
		 test_insert(f, "audit_programme",
		     (const char *[]){ "name", "P", "starts_on", "2026-01-01", "ends_on",
				       "2027-12-31", NULL }));
	test_insert(f, "audit",
	    (const char *[]){ "title", "Spring", "programme", prog, "scope", "4.1, 4.2", "held_on",
			      "2026-04-10", "status", "reported", NULL });
	assert_true(value_of(f, "audit coverage", "2026-04-09") == 0);
	/* 2 of the 30 requirements of clauses 4-10 (no control applicable yet): 6.7 %. */
	assert_true(value_of(f, "audit coverage", "2026-04-10") > 6.6);
	assert_true(value_of(f, "audit coverage", "2026-04-10") < 6.8);
	assert_int_equal(indicator_compute(&f->ws, "horoscope", "2026-04-10", &v, &known, &err),
			 IMS2_USAGE);
	assert_contains(err.message, "ims2 does not compute 'horoscope'");
}

/* The measurements of indicator id as "date=value" lines (allocated). */
static char *series(struct fixture *f, long long id)
{
	struct strbuf sb = { 0 };
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store),
					    "SELECT measured_on, value, comment FROM measurement"
					    " WHERE indicator = ? ORDER BY measured_on",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&sb, "%s=%g %s\n", sqlite3_column_text(st, 0),
			    sqlite3_column_double(st, 1), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static long long computed_indicator(struct fixture *f, const char *name, const char *frequency,
				    const char *kind)
{
	return test_insert(f, "indicator",
		   (const char *[]){ "name", name, "level", "operational", "frequency", frequency,
				     "better", "lower", "computed", kind, NULL });
}

static void test_measure_periods(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "measurement");
	struct ims2_error err;
	long long nc, soa, typed;
	int recorded;
	char *s;

	test_sql(&f->ws, "UPDATE readiness_settings SET launch_date = '2026-01-15'");
	nc = computed_indicator(f, "Open nonconformities", "monthly", "nonconformities open");
	soa = computed_indicator(f, "Controls implemented", "quarterly", "soa implemented");
	typed = test_insert(f, "indicator", (const char *[]){ "name", "Typed", "level", "operational",
						      "frequency", "monthly", "better", "higher",
						      NULL });
	test_sql(&f->ws, "UPDATE soa_entry SET applicable = 'yes', status = 'implemented'"
			 " WHERE control = 'A.5.1'");
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "Late", "raised_on", "2026-02-10", "grade", "minor",
			      "source_kind", "other", "status", "open", NULL });
	assert_int_equal(indicator_measure_computed(&f->ws, "2026-04-15", &recorded, &err),
			 IMS2_OK);
	/* Month ends from the launch to the date; the SoA its last quarter end only. */
	s = series(f, nc);
	assert_string_equal(s, "2026-01-31=0 Computed by ims2\n2026-02-28=1 Computed by ims2\n"
			       "2026-03-31=1 Computed by ims2\n");
	free(s);
	s = series(f, soa);
	assert_string_equal(s, "2026-03-31=100 Computed by ims2\n");
	free(s);
	s = series(f, typed);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(recorded, 4);
	/* Again: nothing new. */
	assert_int_equal(indicator_measure_computed(&f->ws, "2026-04-15", &recorded, &err),
			 IMS2_OK);
	assert_int_equal(recorded, 0);
	/* A nonconformity recorded late corrects the past months; the SoA's value stays. */
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "Found late", "raised_on", "2026-01-20", "grade", "minor",
			      "source_kind", "other", "status", "open", NULL });
	test_sql(&f->ws, "UPDATE soa_entry SET status = 'planned' WHERE control = 'A.5.1'");
	assert_int_equal(indicator_measure_computed(&f->ws, "2026-04-30", &recorded, &err),
			 IMS2_OK);
	s = series(f, nc);
	assert_string_equal(s, "2026-01-31=1 Computed by ims2\n2026-02-28=2 Computed by ims2\n"
			       "2026-03-31=2 Computed by ims2\n2026-04-30=2 Computed by ims2\n");
	free(s);
	s = series(f, soa);
	assert_string_equal(s, "2026-03-31=100 Computed by ims2\n");
	free(s);
	assert_int_equal(recorded, 4);
	/* A measurement typed for a computed indicator takes ims2's value; it is locked. */
	{
		char id[32];
		long long m = 0;
		snprintf(id, sizeof(id), "%lld", nc);
		assert_int_equal(record_insert(f->ws.store, reg,
					       (const char *[]){ id, "2026-02-15", "99", NULL },
					       &m, &err),
				 IMS2_OK);
		assert_int_equal(test_count(&f->ws, "SELECT value FROM measurement WHERE "
						    "measured_on = '2026-02-15'"),
				 2);
		assert_non_null(registry_find("measurement")->locked(f->ws.store, m));
	}
	/* A typed indicator's measurement is the user's. */
	{
		char id[32];
		long long m = 0;
		snprintf(id, sizeof(id), "%lld", typed);
		assert_int_equal(record_insert(f->ws.store, reg,
					       (const char *[]){ id, "2026-02-15", "99", NULL },
					       &m, &err),
				 IMS2_OK);
		assert_null(registry_find("measurement")->locked(f->ws.store, m));
		/* The SoA keeps no dates: a past value is what was recorded, not today's. */
		snprintf(id, sizeof(id), "%lld", soa);
		assert_int_equal(record_insert(f->ws.store, reg,
					       (const char *[]){ id, "2025-12-31", "40", NULL },
					       &m, &err),
				 IMS2_OK);
		assert_int_equal(test_count(&f->ws, "SELECT value FROM measurement WHERE "
						    "measured_on = '2025-12-31'"),
				 40);
		assert_null(registry_find("measurement")->locked(f->ws.store, m));
	}
}

static void test_nothing_to_compute(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "measurement");
	struct ims2_error err;
	long long m = 0;
	char id[32];
	int recorded;

	/* Nobody needs a competence: no value, so no measurement, and a typed one is refused. */
	snprintf(id, sizeof(id), "%lld",
		 computed_indicator(f, "Trained", "monthly", "training coverage"));
	assert_int_equal(indicator_measure_computed(&f->ws, "2026-04-30", &recorded, &err),
			 IMS2_OK);
	assert_int_equal(recorded, 0);
	assert_int_equal(record_insert(f->ws.store, reg,
				       (const char *[]){ id, "2026-02-15", "50", NULL }, &m, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "measured_on");
	assert_contains(err.message, "nothing to compute this indicator from on 2026-02-15");
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM measurement"), 0);
}

/* The value field the form shows rather than asks, and its value (the registry's `computes`). */
static void expect_computes(struct fixture *f, long long indicator, const char *date,
			    int want_field, const char *want_value)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "measurement");
	struct ims2_error err;
	char id[32], *value = NULL;
	int field = -2;

	snprintf(id, sizeof(id), "%lld", indicator);
	assert_int_equal(registry_find("measurement")->computes(
				 f->ws.store, reg, (const char *[]){ id, date, "", "" }, &field,
				 &value, &err),
			 IMS2_OK);
	assert_int_equal(field, want_field);
	if (want_value)
		assert_string_equal(value ? value : "(null)", want_value);
	else
		assert_null(value);
	free(value);
}

static void test_form_computes(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "measurement");
	int value = reg_field_index(reg, "value");
	long long nc, rtp, typed;
	struct ims2_error err;
	char *v = NULL, id[32];
	int field;

	nc = computed_indicator(f, "Open nonconformities", "monthly", "nonconformities open");
	rtp = computed_indicator(f, "Treatment done", "monthly", "treatment done");
	typed = test_insert(f, "indicator", (const char *[]){ "name", "Typed", "level", "operational",
						      "frequency", "monthly", "better", "higher",
						      NULL });
	test_insert(f, "nonconformity",
	    (const char *[]){ "title", "Late", "raised_on", "2025-11-10", "grade", "minor",
			      "source_kind", "other", "status", "open", NULL });
	test_sql(&f->ws, "INSERT INTO risk (title, likelihood, impact) VALUES ('Theft', 2, 2);"
			 "INSERT INTO treatment_action (risk, action, status) VALUES (1, 'A', 'done'),"
			 " (1, 'B', 'planned'), (1, 'C', 'in progress'), (1, 'D', 'done')");
	/* Dated records: any date; the value once the date is whole. */
	expect_computes(f, nc, "", value, NULL);
	expect_computes(f, nc, "2025-11", value, NULL);
	expect_computes(f, nc, "2025-11-09", value, "0");
	expect_computes(f, nc, "2025-11-30", value, "1");
	/* The treatment plan keeps no dates: today's value (the test clock: 2026-01-01) only. */
	expect_computes(f, rtp, "", value, NULL);
	expect_computes(f, rtp, "2026-01-01", value, "50");
	expect_computes(f, rtp, "2025-12-31", -1, NULL);
	expect_computes(f, typed, "2026-01-01", -1, NULL);
	/* Nothing to compute from: the date is at fault. */
	snprintf(id, sizeof(id), "%lld",
		 computed_indicator(f, "Trained", "monthly", "training coverage"));
	assert_int_equal(registry_find("measurement")->computes(
				 f->ws.store, reg, (const char *[]){ id, "2025-12-01", "", "" },
				 &field, &v, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "measured_on");
	assert_null(v);
	/* Saved on today's date, the treatment plan's value is ims2's, whatever was typed. */
	snprintf(id, sizeof(id), "%lld", rtp);
	{
		long long m = 0;
		assert_int_equal(record_insert(f->ws.store, reg,
					       (const char *[]){ id, "2026-01-01", "7", NULL }, &m,
					       &err),
				 IMS2_OK);
		assert_int_equal(test_count(&f->ws, "SELECT value FROM measurement WHERE "
						    "measured_on = '2026-01-01'"),
				 50);
	}
}

/* An import's measurement saved before the records it counts gets its value once they are in. */
static void test_import_settles(void **state)
{
	struct fixture *f = *state;
	static const char yaml[] =
		"records:\n"
		"  indicator:\n"
		"    - {name: Open NCs, level: functional, frequency: monthly, better: lower,\n"
		"       computed: nonconformities open}\n"
		"  measurement:\n"
		"    - {indicator: Open NCs, measured_on: 2026-03-31, value: 7}\n"
		"  nonconformity:\n"
		"    - {title: Late, raised_on: 2026-03-01, grade: minor, source_kind: other,\n"
		"       status: open}\n";
	struct ims2_error err;

	if (workspace_import_text(&f->ws, "settle.yaml", yaml, sizeof(yaml) - 1, &err))
		fail_msg("%s", err.message);
	assert_int_equal(test_count(&f->ws, "SELECT value FROM measurement"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_incidents, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nonconformities, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_training, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_and_unknown, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_measure_periods, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nothing_to_compute, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_settles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_computes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
