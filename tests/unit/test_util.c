/* Small helpers: dates, numbers, identifiers, UTF-8, the string buffer, error values. */
#include "testutil.h"

#include "ims2/error.h"
#include "ims2/util.h"

static void test_dates(void **state)
{
	static const char *const valid[] = {
		"2026-01-01", "2026-12-31", "2024-02-29", /* leap year */
		"2000-02-29",			      /* divisible by 400: leap */
		"2026-04-30", "2026-02-28", "1999-12-31", "2400-02-29",
	};
	static const char *const invalid[] = {
		"1900-02-29", /* divisible by 100, not by 400: no leap day */
		"2100-02-29", "2026-02-29", "2026-02-30", "2026-04-31", "2026-06-31",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "2026-1-01",
		"2026-01-1",  "26-01-01",   "2026/01/01", "20260101",   "2026-01-01x",
		" 2026-01-01", "2026-01-01 ", "",	      "2026-0a-01", "YYYY-MM-DD",
		"+026-01-01", "2026--1-01",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!util_valid_date(valid[i]))
			fail_msg("'%s' should be a valid date", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (util_valid_date(invalid[i]))
			fail_msg("'%s' should not be a valid date", invalid[i]);
}

/* Dates moved by days: whole weeks keep the weekday, a leap day lands on a real day. */
static void test_date_shift(void **state)
{
	static const struct {
		const char *from;
		long long days;
		const char *to;
	} cases[] = {
		{ "2027-04-09", 0, "2027-04-09" },
		{ "2027-04-09", 7, "2027-04-16" },
		{ "2027-04-09", -19 * 7, "2026-11-27" },
		{ "2028-02-29", 52 * 7, "2029-02-27" },	   /* leap day into a year without one */
		{ "2028-02-29", -52 * 7, "2027-03-02" },
		{ "2024-02-29", 4 * 52 * 7, "2028-02-24" },
		{ "2026-12-31", 7, "2027-01-07" },	   /* over a year's end */
		{ "2000-02-28", 1, "2000-02-29" },	   /* 2000: a leap year */
		{ "2100-02-28", 1, "2100-03-01" },	   /* 2100: not one */
		{ "2026-10-24 23:10", 7, "2026-10-31 23:10" }, /* a time keeps its hour */
		{ "2026-10-24T23:10+02:00", -7, "2026-10-17T23:10+02:00" }, /* and its offset */
		{ "1900-01-07", -7, NULL },			     /* before 1900 */
		{ "9999-12-31", 1, NULL },
		{ "2026-02-30", 7, NULL }, /* not a date: left to validation */
		{ "soon", 7, NULL },
		{ "", 7, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = util_date_shift(cases[i].from, cases[i].days);
		if (!cases[i].to && got)
			fail_msg("'%s' + %lld days gave '%s', expected nothing", cases[i].from,
				 cases[i].days, got);
		if (cases[i].to && (!got || strcmp(got, cases[i].to) != 0))
			fail_msg("'%s' + %lld days gave '%s', expected '%s'", cases[i].from,
				 cases[i].days, got ? got : "(nothing)", cases[i].to);
		free(got);
	}
	/* Every day of four years, moved by 1 to 5 years of whole weeks, stays a real day. */
	for (i = 0; i < 4 * 366; i++) {
		int y, m, d, w;
		char day[11];
		util_date_from_days(util_days_from_date(2027, 1, 1) + (long long)i, &y, &m, &d);
		snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, d);
		for (w = -5 * 53; w <= 5 * 53; w += 53) {
			char *got = util_date_shift(day, w * 7LL);
			assert_non_null(got);
			assert_true(util_valid_date(got));
			assert_int_equal(util_days_from_date(atoi(got), atoi(got + 5), atoi(got + 8)) -
						 util_days_from_date(y, m, d),
					 w * 7);
			free(got);
		}
	}
}

static void test_datetimes(void **state)
{
	static const char *const valid[] = { "2026-10-24 23:10", "2026-10-24T00:00",
					     "2028-02-29 12:59" };
	static const char *const invalid[] = { "2026-10-24",	   "2026-10-24 24:00",
					       "2026-10-24 10:60", "2027-02-29 10:00",
					       "2026-10-24 1:00",  "2026-10-24 10:00Z",
					       "2026-10-24_10:00", "" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!util_valid_datetime(valid[i]))
			fail_msg("'%s' should be a valid time", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (util_valid_datetime(invalid[i]))
			fail_msg("'%s' should not be a valid time", invalid[i]);
}

static void test_numbers(void **state)
{
	static const char *const valid[] = { "0", "42", "-3", "+3", "3.14", "-0.5", ".5",
					     "100", "007", "12345678901234567890" };
	static const char *const invalid[] = { "",    "-",   "+",    ".",    "1e5",  "1,5",
					       "12a", " 1",  "1 ",   "--1",  "1.2.3", "abc",
					       "0x10", "1-", "NaN", "inf", "½" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!util_valid_number(valid[i]))
			fail_msg("'%s' should be a number", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (util_valid_number(invalid[i]))
			fail_msg("'%s' should not be a number", invalid[i]);
}

static void test_identifiers(void **state)
{
	static const char *const valid[] = { "a", "_x", "scope_element", "a1", "impact_c", "_" };
	static const char *const invalid[] = { "",	  "1a",	 "A",	   "Name", "a-b", "a b",
					       "é",	  "a\"", "a;drop", "a.b",  "a'",  "tab\t" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!util_identifier(valid[i]))
			fail_msg("'%s' should be an identifier", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (util_identifier(invalid[i]))
			fail_msg("'%s' should not be an identifier", invalid[i]);
	assert_false(util_identifier(NULL));
}

static void test_utf8(void **state)
{
	static const char *const invalid[] = {
		"\xff",		    "\xfe\xff",		    "a\xc3",		/* truncated at the end */
		"\xc3(",	    "\x80",		    "abc\xbf",		/* lone continuation */
		"\xc0\xaf",	    "\xe0\x80\xaf",	    "\xf0\x80\x80\xaf", /* overlong */
		"\xed\xa0\x80",	    "\xed\xbf\xbf",	    /* surrogates */
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", /* above U+10FFFF, 5 bytes */
		"\xe2\x9c",	    "Z\xfcrich",	    /* Latin-1, not UTF-8 */
	};
	size_t i;

	(void)state;
	assert_int_equal(util_utf8_length(""), 0);
	assert_int_equal(util_utf8_length("abc"), 3);
	assert_int_equal(util_utf8_length("Zürich"), 6);
	assert_int_equal(util_utf8_length("東京"), 2);
	/* Decoding and encoding owe nothing to the locale (the tests run in any). */
	{
		static const unsigned int cps[] = { 0x41, 0xfc, 0x20ac, 0x1f600, 0x10ffff };
		unsigned int cp, k;
		char out[5];

		for (k = 0; k < 5; k++) {
			size_t n = util_utf8_encode(cps[k], out);
			out[n] = '\0';
			assert_int_equal(util_utf8_decode(out, &cp), n);
			assert_int_equal(cp, cps[k]);
		}
		assert_int_equal(util_utf8_decode("\xc3\xbc", &cp), 2);
		assert_int_equal(cp, 0xfc);
		assert_int_equal(util_utf8_decode("\xfc!", &cp), 0); /* Latin-1 ü: not UTF-8 */
		assert_int_equal(cp, 0xfc);
		assert_int_equal(util_utf8_decode("\xed\xa0\x80", &cp), 0); /* a surrogate */
		assert_int_equal(util_utf8_decode("\xc0\xaf", &cp), 0);     /* overlong */
		assert_int_equal(util_utf8_encode(0xd800, out), 0);
		assert_int_equal(util_utf8_encode(0x110000, out), 0);
	}
	assert_int_equal(util_utf8_length("✓"), 1);
	assert_int_equal(util_utf8_length("😀x"), 2);
	assert_int_equal(util_utf8_length("Zürich 東京 ✓"), 11);
	/* Each invalid byte counts one. */
	assert_int_equal(util_utf8_length("\xff\xfe"), 2);
	assert_int_equal(util_utf8_length("a\xc3"), 2);
	assert_int_equal(util_utf8_length("Z\xfcrich"), 6);

	assert_true(util_utf8_valid(""));
	assert_true(util_utf8_valid("plain ASCII | \\ \t\n"));
	assert_true(util_utf8_valid("Zürich 東京 ✓ 😀 \xef\xbf\xbd \xf4\x8f\xbf\xbf"));
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (util_utf8_valid(invalid[i]))
			fail_msg("invalid UTF-8 #%zu accepted", i);
}

static void test_strbuf(void **state)
{
	struct strbuf sb = { 0 };
	char *s, big[5000];
	size_t i;

	(void)state;
	/* Growth one byte at a time keeps every byte and the terminating NUL. */
	for (i = 0; i < 100000; i++)
		strbuf_add(&sb, &"0123456789"[i % 10], 1);
	assert_int_equal(sb.len, 100000);
	assert_true(sb.alloc > sb.len);
	assert_int_equal(strlen(sb.buf), 100000);
	for (i = 0; i < 100000; i++)
		if (sb.buf[i] != (char)('0' + i % 10))
			fail_msg("byte %zu lost", i);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	/* One formatted addition larger than the buffer. */
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_adds(&sb, "<");
	strbuf_addf(&sb, "%s|%d|%s", big, 42, "Zürich");
	assert_int_equal(sb.len, 1 + 4999 + 4 + strlen("Zürich"));
	assert_int_equal(sb.buf[0], '<');
	assert_string_equal(sb.buf + 1 + 4999, "|42|Zürich");
	/* Embedded bytes are added by length. */
	strbuf_reset(&sb);
	strbuf_add(&sb, "ab\0cd", 5);
	assert_int_equal(sb.len, 5);
	assert_memory_equal(sb.buf, "ab\0cd", 6);
	/* Detach hands the string over and leaves the buffer empty and usable. */
	s = strbuf_detach(&sb);
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_memory_equal(s, "ab\0cd", 6);
	free(s);
	s = strbuf_detach(&sb);
	assert_string_equal(s, "");
	free(s);
	strbuf_adds(&sb, "again");
	assert_string_equal(sb.buf, "again");
	strbuf_release(&sb);
	assert_null(sb.buf);
	s = xasprintf("%s-%05d", "id", 42);
	assert_string_equal(s, "id-00042");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

static void test_errors(void **state)
{
	struct ims2_error err;
	char long_text[1000];

	(void)state;
	assert_int_equal(error_set(&err, IMS2_WORKSPACE, "%s: %d", "file", 3), IMS2_WORKSPACE);
	assert_int_equal(err.status, IMS2_WORKSPACE);
	assert_string_equal(err.message, "file: 3");
	assert_string_equal(err.hint, "");
	assert_int_equal(error_hint(&err, "try %s", "again"), IMS2_WORKSPACE);
	assert_string_equal(err.hint, "try again");
	/* A new error drops the old hint. */
	error_set(&err, IMS2_USAGE, "other");
	assert_string_equal(err.hint, "");
	/* Long messages are cut, never overflow. */
	memset(long_text, 'm', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	error_set(&err, IMS2_IO, "%s", long_text);
	assert_int_equal(strlen(err.message), sizeof(err.message) - 1);
	error_clear(&err);
	assert_int_equal(err.status, IMS2_OK);
	assert_string_equal(err.message, "");
	/* Exit codes of man/ims2.1, EXIT STATUS. */
	assert_int_equal(error_exit_code(IMS2_OK), 0);
	assert_int_equal(error_exit_code(IMS2_GAPS), 1);
	assert_int_equal(error_exit_code(IMS2_USAGE), 2);
	assert_int_equal(error_exit_code(IMS2_WORKSPACE), 3);
	assert_int_equal(error_exit_code(IMS2_IO), 4);
	/* The statuses the command line never shows as such still fail with 2 to 4. */
	assert_in_range(error_exit_code(IMS2_INVALID), 2, 4);
	assert_in_range(error_exit_code(IMS2_CONFLICT), 2, 4);
	assert_in_range(error_exit_code(IMS2_READONLY), 2, 4);
	assert_in_range(error_exit_code(99), 2, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),	cmocka_unit_test(test_date_shift),
		cmocka_unit_test(test_datetimes), cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_identifiers), cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_strbuf),	cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
