/*
 * Training scenarios told at another day (src/core/scenario.c): the shift in whole weeks that
 * puts the story's day in the week up to the day asked, the dates and times of the records
 * moved by the types their screen files declare (not what looks like a date in text), and the
 * closed cycle of a continued scenario moved alike. Bad dates in a scenario are refused.
 */
#include "testutil.h"

#include "ims2/review.h"
#include "ims2/scenario.h"

#include "testws.h"
#include "testsql.h"

static void write_scenario(const char *dir, const char *id, const char *text)
{
	char *sub = test_path(dir, "scenarios");
	char *name = xasprintf("%s/%s.yaml", sub, id);

	mkdir(sub, 0700);
	test_write(name, text);
	free(name);
	free(sub);
}

static void test_shift_weeks(void **state)
{
	struct scenario sc = { .as_of = "2027-04-09" }, undated = { 0 };
	static const struct {
		const char *day;
		long long shift;
	} cases[] = {
		{ "2027-04-09", 0 },	 { "2027-04-15", 0 },	   { "2027-04-16", 7 },
		{ "2027-04-08", -7 },	 { "2027-04-02", -7 },	   { "2027-04-01", -14 },
		{ "2028-04-09", 364 },	 { "2026-11-29", -19 * 7 }, { "2031-02-12", 1400 },
	};
	size_t i;

	(void)state;
	test_fixed_clock();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long got = scenario_shift(&sc, cases[i].day);
		if (got != cases[i].shift)
			fail_msg("as of %s: shift %lld, expected %lld", cases[i].day, got,
				 cases[i].shift);
	}
	assert_int_equal(scenario_shift(&undated, "2030-01-01"), 0);
	/* Today is the fixed clock of the tests: 2026-01-01, 67 weeks back puts it on 2025-12-26. */
	assert_int_equal(scenario_shift(&sc, NULL), -67 * 7);
}

static void test_build_moves_dates_by_type(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	struct scenario sc;
	char *dir = test_dir_new();

	write_scenario(dir, "t",
		       "scenario: t\norganisation: T Ltd\nas_of: 2027-04-09\n"
		       "records:\n"
		       "  milestone:\n"
		       "    - {name: Review 2027-03-25, due_date: \"2027-03-25\"}\n"
		       "  incident:\n"
		       "    - {title: Outage, kind: incident, reported_at: \"2026-10-24 23:10\","
		       " aware_at: \"2026-10-24T23:30\", category: other, personal_data: \"no\","
		       " nis2: \"no\"}\n"
		       "  readiness_settings:\n"
		       "    - {launch_date: \"2026-11-02\"}\n");
	assert_int_equal(scenario_read(dir, "t", &sc, &err), IMS2_OK);
	assert_string_equal(sc.as_of, "2027-04-09");
	assert_int_equal(scenario_build(&f->ws, NULL, &sc, 14, &err), IMS2_OK);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM milestone WHERE due_date = "
				  "'2027-04-08' AND name = 'Review 2027-03-25'"),
			 1); /* the date moved, the text that looks like one did not */
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM incident WHERE reported_at = "
				  "'2026-11-07 23:10' AND aware_at = '2026-11-07 23:30'"),
			 1);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM readiness_settings WHERE "
				  "launch_date = '2026-11-16'"),
			 1);
	scenario_release(&sc);
	test_tree_remove(dir);
	free(dir);
}

/*
 * The change log of a scenario's records is dated in its story, moved alike: a record at its
 * earliest date, one without dates at recorded_on, none after the story's day; so a review
 * made from it finds the context as recorded by its date (9.3.2 b), not "no change".
 */
static void test_changelog_dated_in_story(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	struct scenario sc;
	char *dir = test_dir_new(), *pack = NULL;
	size_t len = 0;
	FILE *out;

	write_scenario(dir, "t",
		       "scenario: t\norganisation: T Ltd\nas_of: 2027-04-09\n"
		       "recorded_on: 2026-06-01\n"
		       "steps:\n  - {step: \"1.1\", status: in progress, done: [mandate]}\n"
		       "records:\n"
		       "  context_issue:\n"
		       "    - {issue: Tenders ask for certification, kind: external}\n"
		       "  milestone:\n"
		       "    - {name: Kick-off, due_date: \"2026-09-01\"}\n"
		       "    - {name: Stage 1, due_date: \"2027-05-01\"}\n"
		       "  management_review:\n"
		       "    - {title: First review, review_date: \"2027-03-25\", status: held}\n");
	assert_int_equal(scenario_read(dir, "t", &sc, &err), IMS2_OK);
	assert_string_equal(sc.recorded_on, "2026-06-01");
	/* 67 weeks back: the story's day is 2025-12-26, before the tests' today (2026-01-01). */
	assert_int_equal(scenario_build(&f->ws, NULL, &sc, -469, &err), IMS2_OK);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM changelog WHERE"
				  " tbl = 'context_issue' AND at <> '2025-02-17T00:00:00Z'"),
			 0);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM changelog AS c JOIN milestone"
				  " AS m ON m.id = c.record WHERE c.tbl = 'milestone' AND"
				  " c.at <> CASE m.name WHEN 'Kick-off' THEN '2025-05-20T00:00:00Z'"
				  " ELSE '2025-12-26T00:00:00Z' END"),
			 0);
	assert_int_not_equal(test_count(&f->ws, "SELECT count(*) FROM changelog WHERE"
				      " tbl = 'milestone'"),
			     0);
	/* The steps' states as the story tells them, on its day. */
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM changelog WHERE tbl IN"
				  " ('step_state', 'activity_state') AND at = '2025-12-26T00:00:00Z'"),
			 2);
	out = open_memstream(&pack, &len);
	assert_int_equal(review_report_md(&f->ws, "##", out, &err), IMS2_OK);
	fclose(out);
	assert_non_null(strstr(pack, "| External and internal issues | 1 record | as recorded for "
				     "the first review | 2025-02-17 |"));
	free(pack);
	scenario_release(&sc);
	test_tree_remove(dir);
	free(dir);
}

static void test_continued_cycle_closes_moved(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	struct scenario sc;
	char *dir = test_dir_new();

	write_scenario(dir, "base", "scenario: base\norganisation: T Ltd\nas_of: 2027-04-09\n"
				    "records:\n  milestone:\n    - {name: M, due_date: \"2027-01-04\"}\n");
	write_scenario(dir, "next", "scenario: next\ncontinues: base\norganisation: T Ltd\n"
				    "as_of: 2027-07-16\nprevious_cycle_closed_on: 2027-07-02\n"
				    "records:\n  milestone:\n    - {name: N, due_date: \"2027-07-12\"}\n");
	assert_int_equal(scenario_read(dir, "next", &sc, &err), IMS2_OK);
	assert_int_equal(scenario_build(&f->ws, dir, &sc, -7, &err), IMS2_OK);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM cycle WHERE number = 1 AND "
				  "closed_on = '2027-06-25'"),
			 1);
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM milestone WHERE "
				  "(name = 'M' AND due_date = '2026-12-28') OR "
				  "(name = 'N' AND due_date = '2027-07-05')"),
			 2);
	scenario_release(&sc);
	test_tree_remove(dir);
	free(dir);
}

static void test_bad_dates_refused(void **state)
{
	struct ims2_error err;
	struct scenario sc;
	char *dir = test_dir_new();

	(void)state;
	write_scenario(dir, "bad", "scenario: bad\norganisation: T Ltd\nas_of: 2027-02-30\n");
	assert_int_equal(scenario_read(dir, "bad", &sc, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "as_of must be a date"));
	scenario_release(&sc);
	write_scenario(dir, "bad2", "scenario: bad2\norganisation: T Ltd\nas_of: 2027-04-09\n"
				    "previous_cycle_closed_on: soon\n");
	assert_int_equal(scenario_read(dir, "bad2", &sc, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "previous_cycle_closed_on must be a date"));
	scenario_release(&sc);
	assert_int_equal(scenario_read(dir, "../x", &sc, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "unknown scenario"));
	scenario_release(&sc);
	test_tree_remove(dir);
	free(dir);
}

/* A date the shift would carry out of the years 1900-9999 is refused, nothing imported. */
static void test_shift_out_of_range_refused(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	struct scenario sc;
	char *dir = test_dir_new();

	write_scenario(dir, "old", "scenario: old\norganisation: T Ltd\nas_of: 2027-04-09\n"
				   "records:\n  milestone:\n    - {name: A, due_date: \"2027-01-04\"}\n"
				   "    - {name: B, due_date: \"1900-01-02\"}\n");
	assert_int_equal(scenario_read(dir, "old", &sc, &err), IMS2_OK);
	assert_int_equal(scenario_build(&f->ws, NULL, &sc, -7, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "leaves the years 1900 to 9999"));
	assert_int_equal(test_count(&f->ws, "SELECT count(*) FROM milestone"), 0);
	scenario_release(&sc);
	test_tree_remove(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shift_weeks),
		cmocka_unit_test_setup_teardown(test_build_moves_dates_by_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continued_cycle_closes_moved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changelog_dated_in_story, setup, teardown),
		cmocka_unit_test(test_bad_dates_refused),
		cmocka_unit_test_setup_teardown(test_shift_out_of_range_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
