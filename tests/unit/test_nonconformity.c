/*
 * Step 4.1 (screens/4.1.yaml, migration of the nonconformity register): a nonconformity is
 * closed only after an effectiveness review that found it effective, refused otherwise with
 * nothing saved; the checks of the step find a major nonconformity without corrective action,
 * an overdue action, and a nonconformity closed before its actions were done.
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/record.h"
#include "ims2/report.h"

#include "testws.h"
#include "testsql.h"

#define NC_FIELDS 24

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
static void nc_values(struct fixture *f, const char *values[NC_FIELDS], const char *title,
		      const char *grade, const char *status, const char *reviewed_on,
		      const char *reviewed_by, const char *effective)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "nonconformity");
	const char *names[] = { "title", "raised_on", "grade", "source_kind", "status",
				"reviewed_on", "reviewed_by", "effective", "effectiveness_evidence",
				"closed_on" };
	const char *given[] = { title, "2025-11-03", grade, "other", status, reviewed_on,
				reviewed_by, effective, reviewed_on ? "Sampled records" : NULL,
				reviewed_on };
	size_t i;

	assert_true(reg->field_count <= NC_FIELDS);
	memset(values, 0, NC_FIELDS * sizeof(*values));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int at = reg_field_index(reg, names[i]);
		assert_true(at >= 0);
		values[at] = given[i];
	}
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
	nc_values(f, v, "No restore test", "minor", "closed", NULL, NULL, NULL);
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_INVALID);
	assert_string_equal(err.field, "reviewed_on");
	/* Reviewed and found not effective: refused by the rule of the register. */
	nc_values(f, v, "No restore test", "minor", "closed", "2025-12-01", person, "no");
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_INVALID);
	assert_non_null(strstr(err.message, "closed only once an effectiveness review"));
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM nonconformity"), 0);
	/* Found effective: closed. */
	nc_values(f, v, "No restore test", "minor", "closed", "2025-12-01", person, "yes");
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
	nc_values(f, v, "Backups untested", "major", "open", NULL, NULL, NULL);
	major = must_insert(f, "nonconformity", v);
	nc_values(f, v, "Leavers kept access", "minor", "closed", "2025-12-01", person, "yes");
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

/*
 * A nonconformity raised from an audit finding and an incident links to both: the finding
 * cannot be deleted while linked, and the incident names the nonconformity it raised.
 */
static void test_source_links(void **state)
{
	struct fixture *f = *state;
	const struct reg *nc = screen_set_find_register(&f->ws.screens, "nonconformity");
	const struct reg *finding = screen_set_find_register(&f->ws.screens, "audit_finding");
	const char *v[NC_FIELDS];
	struct check_report report;
	struct ims2_error err;
	char *raised = NULL;
	long long id = 0;
	struct backlink *links;
	size_t count;

	test_sql(&f->ws, "INSERT INTO audit (title, status) VALUES ('March audit', 'held');"
	       "INSERT INTO audit_finding (finding, audit, grade, requirement)"
	       " VALUES ('Leavers kept access', 1, 'minor nonconformity', '');"
	       "INSERT INTO incident (title, reported_at) VALUES ('Phishing', '2025-10-01 09:00')");
	/* 3.2 asks for a nonconformity raised from a finding graded as one. */
	assert_int_equal(checks_run(&f->ws, "3.2", &report), IMS2_OK);
	assert_int_equal(report.count, 1);
	assert_string_equal(report.findings[0].message,
			    "Finding 'Leavers kept access' (minor nonconformity) of 'March audit' has "
			    "no nonconformity raised from it in 4.1.");
	check_report_release(&report);
	nc_values(f, v, "Leavers kept access", "minor", "open", NULL, NULL, NULL);
	v[reg_field_index(nc, "source_kind")] = "audit finding";
	v[reg_field_index(nc, "source_finding")] = "Leavers kept access";
	v[reg_field_index(nc, "source_incident")] = "7";
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_INVALID);
	assert_string_equal(err.field, "source_incident");
	v[reg_field_index(nc, "source_incident")] = "Phishing";
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_OK);
	assert_int_equal(checks_run(&f->ws, "3.2", &report), IMS2_OK);
	assert_int_equal(report.count, 0);
	check_report_release(&report);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM record_link WHERE source ="
				    " 'nonconformity' AND field = 'source_finding' AND target ="
				    " 'audit_finding' AND target_key = '1'"),
			 1);
	/* 4.1 asks for the record a nonconformity says it comes from. */
	nc_values(f, v, "Patch rate low", "minor", "open", NULL, NULL, NULL);
	v[reg_field_index(nc, "source_kind")] = "measurement";
	assert_int_equal(insert(f, "nonconformity", v, &id, &err), IMS2_OK);
	assert_int_equal(checks_run(&f->ws, "4.1", &report), IMS2_OK);
	assert_int_equal(report.count, 1);
	assert_int_equal(report.findings[0].record, id);
	assert_string_equal(report.findings[0].message,
			    "Nonconformity 'Patch rate low' comes from a measurement, but links "
			    "none: choose it in the field Measurement.");
	check_report_release(&report);
	/* The finding stays while the nonconformity links to it. */
	assert_int_not_equal(record_delete(f->ws.store, &f->ws.screens, finding, 1, &err), IMS2_OK);
	assert_non_null(strstr(err.message, "Nonconformities"));
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM audit_finding"), 1);
	/* Seen from the incident and from the finding. */
	assert_int_equal(report_nc_raised_from(&f->ws, "incident", 1, &raised, &err), IMS2_OK);
	assert_string_equal(raised, "Leavers kept access (minor, open)");
	free(raised);
	assert_int_equal(report_nc_raised_from(&f->ws, "audit_finding", 1, &raised, &err), IMS2_OK);
	assert_non_null(raised);
	free(raised);
	assert_int_equal(report_nc_raised_from(&f->ws, "measurement", 1, &raised, &err), IMS2_OK);
	assert_null(raised);
	/* The forms of the incident and the finding show it (`backlink:` of 4.1's fields). */
	assert_int_equal(record_backlinks(f->ws.store, &f->ws.screens,
					  screen_set_find_register(&f->ws.screens, "incident"), 1,
					  &links, &count, &err),
			 IMS2_OK);
	assert_int_equal(count, 1);
	assert_string_equal(links[0].label, "Raised nonconformity");
	assert_string_equal(links[0].records, "1 'Leavers kept access'");
	record_backlinks_release(links, count);
	assert_int_equal(record_backlinks(f->ws.store, &f->ws.screens, finding, 1, &links, &count,
					  &err),
			 IMS2_OK);
	assert_int_equal(count, 1);
	assert_string_equal(links[0].records, "1 'Leavers kept access'");
	record_backlinks_release(links, count);
	/* Nothing refers to the second nonconformity's measurement; nor to a person by backlink. */
	assert_int_equal(record_backlinks(f->ws.store, &f->ws.screens, nc, id, &links, &count,
					  &err),
			 IMS2_OK);
	assert_int_equal(count, 0);
	assert_null(links);
	/* Past three, the line says how many more. */
	for (int i = 0; i < 3; i++) {
		long long more;
		nc_values(f, v, i == 0 ? "Second" : i == 1 ? "Third" : "Fourth", "minor", "open",
			  NULL, NULL, NULL);
		v[reg_field_index(nc, "source_kind")] = "incident";
		v[reg_field_index(nc, "source_incident")] = "Phishing";
		assert_int_equal(insert(f, "nonconformity", v, &more, &err), IMS2_OK);
	}
	assert_int_equal(record_backlinks(f->ws.store, &f->ws.screens,
					  screen_set_find_register(&f->ws.screens, "incident"), 1,
					  &links, &count, &err),
			 IMS2_OK);
	assert_int_equal(count, 1);
	assert_string_equal(links[0].records,
			    "1 'Leavers kept access', 3 'Second', 4 'Third' and 1 more");
	record_backlinks_release(links, count);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_closing_needs_effective_review, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_links, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
