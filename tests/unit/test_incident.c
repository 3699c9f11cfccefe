/*
 * Incidents (src/core/incident.c): times of day on the organisation's clock, the GDPR and NIS2
 * notification deadlines across a weekend and the changes of summer time, a deadline from a
 * missing awareness time "unknown" and never met, the timeline in order, and the check of
 * step 2.7 on hand-made incidents.
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/incident.h"
#include "ims2/record.h"
#include "ims2/workspace.h"

#include "testws.h"

static const struct incident_zone london = { 0, true }, paris = { 60, true }, utc = { 0, false };

static void expect_due(const struct incident_zone *zone, enum incident_notice notice,
		       const char *aware, const char *sent, const char *want)
{
	char due[20];

	assert_true(incident_deadline(zone, notice, aware, sent, due));
	assert_string_equal(due, want);
}

static void test_time_parse(void **state)
{
	long long m;
	char buf[20];

	(void)state;
	assert_true(incident_time_parse("2026-10-09 17:05", &m));
	incident_time_format(m, buf);
	assert_string_equal(buf, "2026-10-09 17:05");
	assert_true(incident_time_parse("2028-02-29T00:00", &m));
	incident_time_format(m, buf);
	assert_string_equal(buf, "2028-02-29 00:00");
	/* Days and hours that do not exist, and other shapes. */
	assert_false(incident_time_parse("2026-02-29 10:00", &m));
	assert_false(incident_time_parse("2026-04-31 10:00", &m));
	assert_false(incident_time_parse("2026-10-09 24:00", &m));
	assert_false(incident_time_parse("2026-10-09 12:60", &m));
	assert_false(incident_time_parse("2026-10-09", &m));
	assert_false(incident_time_parse("2026-10-09 9:05", &m));
	assert_false(incident_time_parse("2026-10-09 09:05 ", &m));
	assert_false(incident_time_parse("", &m));
	assert_false(incident_time_parse(NULL, &m));
}

/* 72 hours from a Friday evening end on Monday evening: weekends count. */
static void test_weekend(void **state)
{
	(void)state;
	expect_due(&london, NOTICE_GDPR, "2026-10-09 17:05", NULL, "2026-10-12 17:05");
	expect_due(&london, NOTICE_NIS2_WARNING, "2026-11-13 23:30", NULL, "2026-11-14 23:30");
	/* Across a month and a year end. */
	expect_due(&utc, NOTICE_GDPR, "2026-12-30 20:00", NULL, "2027-01-02 20:00");
}

/*
 * Summer time: 2026 starts on Sunday 29 March, ends on Sunday 25 October (01:00 UTC). Elapsed
 * hours are counted, so the local clock shows an hour more in spring and one less in autumn.
 */
static void test_summer_time(void **state)
{
	(void)state;
	expect_due(&london, NOTICE_GDPR, "2026-03-27 10:00", NULL, "2026-03-30 11:00");
	expect_due(&london, NOTICE_GDPR, "2026-10-23 10:00", NULL, "2026-10-26 09:00");
	expect_due(&london, NOTICE_NIS2_WARNING, "2026-10-24 23:10", NULL, "2026-10-25 22:10");
	/* Paris changes at the same instant, at 02:00 and 03:00 of its own clock. */
	expect_due(&paris, NOTICE_NIS2_WARNING, "2026-03-28 12:00", NULL, "2026-03-29 13:00");
	/* A zone without summer time: plain hours. */
	expect_due(&utc, NOTICE_GDPR, "2026-03-27 10:00", NULL, "2026-03-30 10:00");
	/* Far from the changes nothing moves. */
	expect_due(&london, NOTICE_NIS2_REPORT, "2026-07-01 08:00", NULL, "2026-07-04 08:00");
}

static void test_zone_conversion(void **state)
{
	long long local, back;
	char buf[20];

	(void)state;
	/* 12:00 in London in July is 11:00 UTC; in January it is 12:00. */
	assert_true(incident_time_parse("2026-07-01 12:00", &local));
	incident_time_format(incident_to_utc(&london, local), buf);
	assert_string_equal(buf, "2026-07-01 11:00");
	assert_true(incident_time_parse("2026-01-15 12:00", &local));
	incident_time_format(incident_to_utc(&london, local), buf);
	assert_string_equal(buf, "2026-01-15 12:00");
	/* 01:30 on 25 October happens twice in London: read as the first (summer time). */
	assert_true(incident_time_parse("2026-10-25 01:30", &local));
	incident_time_format(incident_to_utc(&london, local), buf);
	assert_string_equal(buf, "2026-10-25 00:30");
	/* 01:30 on 29 March does not exist in London: read as standard time. */
	assert_true(incident_time_parse("2026-03-29 01:30", &local));
	back = incident_to_local(&london, incident_to_utc(&london, local));
	incident_time_format(back, buf);
	assert_string_equal(buf, "2026-03-29 02:30");
}

/* The final report: a calendar month after the notification, made or due. */
static void test_final_report(void **state)
{
	(void)state;
	expect_due(&london, NOTICE_NIS2_FINAL, "2026-10-24 23:10", "2026-10-27 16:00",
		   "2026-11-27 16:00");
	/* Not made yet: from its deadline (72 hours, across the change back). */
	expect_due(&london, NOTICE_NIS2_FINAL, "2026-10-24 23:10", NULL, "2026-11-27 22:10");
	/* 31 January + one month is the last day of February. */
	expect_due(&utc, NOTICE_NIS2_FINAL, "2027-01-28 09:00", "2027-01-31 09:00",
		   "2027-02-28 09:00");
	expect_due(&utc, NOTICE_NIS2_FINAL, "2026-12-10 09:00", "2026-12-13 09:00",
		   "2027-01-13 09:00");
}

static void test_unknown_and_states(void **state)
{
	char due[20];
	long long now;

	(void)state;
	assert_false(incident_deadline(&london, NOTICE_GDPR, NULL, NULL, due));
	assert_string_equal(due, "");
	assert_false(incident_deadline(&london, NOTICE_GDPR, "", NULL, due));
	assert_false(incident_deadline(&london, NOTICE_GDPR, "2026-13-01 10:00", NULL, due));
	assert_true(incident_time_parse("2026-10-12 17:05", &now));
	/* Unknown is never met, even with a notification made. */
	assert_int_equal(incident_deadline_state(true, "", "2026-10-10 09:00", now),
			 DEADLINE_UNKNOWN);
	assert_int_equal(incident_deadline_state(false, "", NULL, now), DEADLINE_NONE);
	/* The minute of the deadline itself is still in time. */
	assert_int_equal(incident_deadline_state(true, "2026-10-12 17:05", "2026-10-12 17:05", now),
			 DEADLINE_MET);
	assert_int_equal(incident_deadline_state(true, "2026-10-12 17:05", "2026-10-12 17:06", now),
			 DEADLINE_LATE);
	assert_int_equal(incident_deadline_state(true, "2026-10-12 17:05", NULL, now),
			 DEADLINE_PENDING);
	assert_int_equal(incident_deadline_state(true, "2026-10-12 17:04", NULL, now),
			 DEADLINE_PASSED);
}

/* Values of a new incident by field name; unnamed fields take their defaults. */
static const char **incident_values(const struct reg *reg, const char *const *pairs)
{
	const char **v = calloc(reg->field_count, sizeof(*v));
	size_t i;

	for (i = 0; i < reg->field_count; i++)
		v[i] = field_default(&reg->fields[i]);
	for (i = 0; pairs[i]; i += 2) {
		int at = reg_field_index(reg, pairs[i]);
		assert_true(at >= 0);
		v[at] = pairs[i + 1];
	}
	return v;
}

static int save(struct fixture *f, const char *const *pairs, long long *id,
		struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "incident");
	const char **v = incident_values(reg, pairs);
	int rc = record_insert(f->ws.store, reg, v, id, err);

	free(v);
	return rc;
}

static char *field_of(struct fixture *f, long long id, const char *name)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "incident");
	struct record rec;
	struct ims2_error err;
	char *v;
	int at = reg_field_index(reg, name);

	if (record_get(f->ws.store, reg, id, &rec, &err))
		fail_msg("%s", err.message);
	v = xstrdup(rec.values[at] ? rec.values[at] : "");
	record_release(&rec);
	return v;
}

static void expect_field(struct fixture *f, long long id, const char *name, const char *want)
{
	char *v = field_of(f, id, name);

	assert_string_equal(v, want);
	free(v);
}

/* Saving derives the status and deadlines; bad times and a timeline backwards are refused. */
static void test_derive(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	long long id = 0;

	assert_int_equal(save(f, (const char *[]){ "title", "Wrong recipient", "reported_at",
						   "2026-10-09 16:40", "aware_at",
						   "2026-10-09T17:05", "personal_data", "yes",
						   "contained_at", "2026-10-10 10:00", NULL },
			      &id, &err),
			 IMS2_OK);
	expect_field(f, id, "aware_at", "2026-10-09 17:05");
	expect_field(f, id, "gdpr_due", "2026-10-12 17:05");
	expect_field(f, id, "nis2_warning_due", "");
	expect_field(f, id, "status", "contained");
	/* No awareness time: the deadline says unknown. */
	assert_int_equal(save(f, (const char *[]){ "title", "Lost laptop", "reported_at",
						   "2026-10-09 16:40", "nis2", "yes", NULL },
			      &id, &err),
			 IMS2_OK);
	expect_field(f, id, "nis2_warning_due", "unknown");
	expect_field(f, id, "gdpr_due", "");
	expect_field(f, id, "status", "reported");
	/* Closed before it was reported. */
	assert_int_equal(save(f, (const char *[]){ "title", "Backwards", "reported_at",
						   "2026-10-09 16:40", "closed_at",
						   "2026-10-08 09:00", NULL },
			      &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "closed_at");
	assert_non_null(strstr(err.message, "before Reported"));
	/* A day that does not exist. */
	assert_int_equal(save(f, (const char *[]){ "title", "Bad day", "reported_at",
						   "2026-02-30 10:00", NULL },
			      &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "reported_at");
	assert_non_null(strstr(err.message, "not a time"));
	/* Resolved before contained. */
	assert_int_equal(save(f, (const char *[]){ "title", "Order", "reported_at",
						   "2026-10-09 16:40", "contained_at",
						   "2026-10-11 10:00", "resolved_at",
						   "2026-10-10 10:00", NULL },
			      &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.field, "resolved_at");
}

static bool has_finding(const struct check_report *r, const char *table, long long id,
			const char *field, const char *text)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strcmp(r->findings[i].table, table) == 0 && r->findings[i].record == id &&
		    (!field || (r->findings[i].field && strcmp(r->findings[i].field, field) == 0)) &&
		    strstr(r->findings[i].message, text))
			return true;
	return false;
}

/* The check of 2.7 at 2026-01-01 00:00 (the tests' clock). */
static void test_check(void **state)
{
	struct fixture *f = *state;
	struct check_report r;
	struct ims2_error err;
	long long in_time, passed, late, unknown, pending, closed, event, rated;

	assert_int_equal(save(f, (const char *[]){ "title", "In time", "reported_at",
						   "2025-12-20 10:00", "aware_at",
						   "2025-12-20 10:00", "personal_data", "yes",
						   "gdpr_notified_at", "2025-12-22 09:00", NULL },
			      &in_time, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "Passed", "reported_at",
						   "2025-12-26 10:00", "aware_at",
						   "2025-12-26 10:00", "personal_data", "yes", NULL },
			      &passed, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "Late", "reported_at",
						   "2025-12-20 10:00", "aware_at",
						   "2025-12-20 10:00", "nis2", "yes", "nis2_warning_at",
						   "2025-12-21 12:00", "nis2_report_at",
						   "2025-12-22 10:00", NULL },
			      &late, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "No awareness", "reported_at",
						   "2025-12-20 10:00", "personal_data", "yes", NULL },
			      &unknown, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "Pending", "reported_at",
						   "2025-12-30 10:00", "aware_at",
						   "2025-12-30 10:00", "personal_data", "yes", NULL },
			      &pending, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "Closed", "kind", "incident",
						   "reported_at", "2025-12-01 10:00", "closed_at",
						   "2025-12-02 10:00", NULL },
			      &closed, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "Closed event", "kind", "event",
						   "reported_at", "2025-12-01 10:00", "closed_at",
						   "2025-12-02 10:00", NULL },
			      &event, &err),
			 IMS2_OK);
	assert_int_equal(save(f, (const char *[]){ "title", "Rated", "kind", "incident",
						   "reported_at", "2025-12-01 10:00", "severity", "1",
						   NULL },
			      &rated, &err),
			 IMS2_OK);
	assert_int_equal(checks_run(&f->ws, "2.7", &r), IMS2_OK);
	/* An incident (not an event) needs a severity: it says who is told and how fast. */
	assert_true(has_finding(&r, "incident", closed, "severity", "has no severity"));
	assert_false(has_finding(&r, "incident", rated, NULL, ""));
	assert_true(has_finding(&r, "incident", passed, "gdpr_notified_at",
				"was due by 2025-12-29 10:00 and has not been made"));
	assert_true(has_finding(&r, "incident", late, "nis2_warning_at",
				"made on 2025-12-21 12:00, after its deadline of 2025-12-21 10:00"));
	assert_true(has_finding(&r, "incident", unknown, "aware_at", "is unknown"));
	assert_true(has_finding(&r, "incident", closed, "lessons", "without lessons learned"));
	/* In time, still ahead, the NIS2 notification made in time, an event: nothing. */
	assert_false(has_finding(&r, "incident", in_time, NULL, ""));
	assert_false(has_finding(&r, "incident", pending, NULL, ""));
	assert_false(has_finding(&r, "incident", late, NULL, "NIS2 incident notification"));
	assert_false(has_finding(&r, "incident", event, NULL, ""));
	/* The final report of "Late" is due 2026-01-22: not yet passed. */
	assert_false(has_finding(&r, "incident", late, NULL, "final report"));
	assert_int_equal(r.count, 5);
	check_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_weekend),
		cmocka_unit_test(test_summer_time),
		cmocka_unit_test(test_zone_conversion),
		cmocka_unit_test(test_final_report),
		cmocka_unit_test(test_unknown_and_states),
		cmocka_unit_test_setup_teardown(test_derive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
