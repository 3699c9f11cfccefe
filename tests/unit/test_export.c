/*
 * Exports as the user asks for them (export.h): the options shared by the command line and
 * :export, the format a .csv name settles, the report a step exports, and every report and
 * format written from a workspace planted with control characters and bidi overrides (as a
 * hostile client's file would be) carrying no byte that could drive a terminal.
 */
#include "testutil.h"

#define TESTWS_ORG "Export Test Ltd"
#include "testws.h"

#include "ims2/export.h"
#include "ims2/report.h"
#include "ims2/output.h"
#include "../../src/core/coreint.h"

static void test_parse_options(void **state)
{
	struct export_request req = { 0 };
	struct ims2_error err;
	const char *file;

	(void)state;
	assert_int_equal(export_parse_line(&req, ":export",
					   "  --report gap --format=csv --csv-raw 'my gap.csv' ",
					   &file, &err),
			 IMS2_OK);
	assert_string_equal(req.report, "gap");
	assert_string_equal(req.format, "csv");
	assert_true(req.csv_raw);
	assert_string_equal(file, "my gap.csv");
	export_request_release(&req);

	memset(&req, 0, sizeof(req));
	assert_int_equal(export_parse_line(&req, ":export", "-o \"a b.md\" --step 1.5", &file, &err),
			 IMS2_OK);
	assert_null(file);
	assert_string_equal(req.output, "a b.md");
	assert_string_equal(req.step, "1.5");
	export_request_release(&req);

	memset(&req, 0, sizeof(req));
	setenv("HOME", "/home/auditor", 1);
	assert_int_equal(export_parse_line(&req, ":export", "'~/x'", &file, &err), IMS2_OK);
	assert_string_equal(file, "~/x"); /* quoted: as typed */
	export_request_release(&req);
	memset(&req, 0, sizeof(req));
	assert_int_equal(export_parse_line(&req, ":export", "~/reports/gap.md", &file, &err),
			 IMS2_OK);
	assert_string_equal(file, "/home/auditor/reports/gap.md");
	export_request_release(&req);

	memset(&req, 0, sizeof(req));
	assert_int_equal(export_parse_line(&req, ":export", "a.md b.md", &file, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "one file at a time"));
	export_request_release(&req);
	memset(&req, 0, sizeof(req));
	assert_int_equal(export_parse_line(&req, ":export", "--report", &file, &err), IMS2_USAGE);
	assert_string_equal(err.message, ":export: --report needs a value");
	export_request_release(&req);
	memset(&req, 0, sizeof(req));
	assert_int_equal(export_parse_line(&req, ":export", "--nope x.md", &file, &err), IMS2_USAGE);
	assert_string_equal(err.message, ":export: unknown option '--nope'");
	export_request_release(&req);
	memset(&req, 0, sizeof(req));
	assert_int_equal(export_parse_line(&req, ":export", "'open x.md", &file, &err), IMS2_USAGE);
	export_request_release(&req);
}

static int settle(const char *report, const char *step, const char *format, const char *output,
		  const char **settled)
{
	struct export_request req = { .report = report, .step = step, .format = format,
				      .output = output };
	struct ims2_error err;
	int rc = export_settle(&req, &err);

	*settled = req.format;
	return rc;
}

static void test_settle_format(void **state)
{
	const char *format;

	(void)state;
	assert_int_equal(settle("gap", NULL, NULL, "gap.CSV", &format), IMS2_OK);
	assert_string_equal(format, "csv");
	assert_int_equal(settle("gap", NULL, NULL, "gap.md", &format), IMS2_OK);
	assert_string_equal(format, "md");
	assert_int_equal(settle(NULL, NULL, NULL, NULL, &format), IMS2_OK);
	assert_string_equal(format, "md");
	/* A .csv name never gets Markdown: the dossier or --format md are refused; a step is
	 * written as CSV (its registers one after another). */
	assert_int_equal(settle(NULL, NULL, NULL, "all.csv", &format), IMS2_USAGE);
	assert_int_equal(settle("dossier", NULL, NULL, "all.csv", &format), IMS2_USAGE);
	assert_int_equal(settle(NULL, "1.5", NULL, "scope.csv", &format), IMS2_OK);
	assert_string_equal(format, "csv");
	assert_int_equal(settle("gap", NULL, "md", "gap.csv", &format), IMS2_USAGE);
	assert_int_equal(settle("gap", "1.3", NULL, NULL, &format), IMS2_USAGE);
	assert_int_equal(settle("nope", NULL, NULL, NULL, &format), IMS2_USAGE);
	assert_int_equal(settle("gap", NULL, "pdf", NULL, &format), IMS2_USAGE);
}

static void test_report_for_step(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(report_for_step(&f->ws, "1.3"), "gap");
	assert_string_equal(report_for_step(&f->ws, "1.7"), "risks");
	assert_string_equal(report_for_step(&f->ws, "1.8"), "soa");
	assert_string_equal(report_for_step(&f->ws, "2.6"), "rtp");
	assert_null(report_for_step(&f->ws, "1.5"));
	assert_null(report_for_step(&f->ws, "9.9"));
}

/* The offset of the first byte sequence a terminal would act on, or -1. */
static long hostile_at(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7f)
			return (long)i;
		if (i + 1 < n && p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return (long)i;
		if (i + 2 < n && p[i] == 0xe2 &&
		    ((p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae) ||
		     (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			return (long)i;
	}
	return -1;
}

/* What an attacker puts in a workspace with a SQLite tool, past every form and import check. */
#define EVIL                                                                                       \
	"'=HYPERLINK(' || char(34) || 'x' || char(34) || ')' || char(27) || ']0;pwned' || "      \
	"char(7) || char(13) || char(127) || char(155) || '2J' || char(8238) || 'txt.exe' || "  \
	"char(8294) || char(12) || x'ff'"

static void plant(struct fixture *f)
{
	static const char *const sql[] = {
		"UPDATE gap_item SET notes = %s, title = %s, justification = %s, "
		"applicable = 'no' "
		"WHERE item = 'A.5.1'",
		"UPDATE gap_item SET notes = %s, maturity = 0 WHERE item = '4.1'",
		"UPDATE soa_entry SET justification = %s WHERE control = 'A.5.2'",
		/* Interviewers and interviewees are people of 2.1: the hostile text is a name. */
		"INSERT INTO person (name, function) VALUES (%s, %s)",
		"UPDATE gap_item SET interviewee = (SELECT max(id) FROM person) "
		"WHERE item IN ('A.5.1', '4.1', '4.2')",
		"INSERT INTO gap_session (held_on, interviewer, interviewees, topics) "
		"SELECT '2026-01-01', max(id), max(id), %s FROM person",
		"INSERT INTO record_link (source, record, field, target, target_key, position) "
		"SELECT 'gap_item', id, 'interviewee', 'person', interviewee, 0 FROM gap_item "
		"WHERE interviewee IS NOT NULL UNION ALL "
		"SELECT 'gap_session', id, 'interviewer', 'person', interviewer, 0 FROM gap_session "
		"UNION ALL SELECT 'gap_session', id, 'interviewees', 'person', interviewees, 0 "
		"FROM gap_session",
		"UPDATE meta SET value = %s WHERE key = 'organisation'",
		"INSERT INTO risk (title, kind, source, event, owner, likelihood, impact) "
		"VALUES (%s, 'event', %s, %s, 'Owner', 3, 3)",
		"INSERT INTO treatment_action (risk, action, owner, notes) "
		"VALUES (last_insert_rowid(), %s, %s, %s)",
	};
	size_t i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		char *q = xasprintf(sql[i], EVIL, EVIL, EVIL, EVIL);
		char *msg = NULL;
		if (sqlite3_exec(store_db(f->ws.store), q, NULL, NULL, &msg) != SQLITE_OK)
			fail_msg("%s: %s", q, msg);
		free(q);
	}
}

/* Fails unless text has no hostile byte and shows the planted text as <U+...>. */
static void assert_safe_report(const char *what, const char *format, char *text, size_t len)
{
	long at = hostile_at((const unsigned char *)text, len);

	if (at >= 0)
		fail_msg("%s %s: hostile byte 0x%02x at %ld", what, format, (unsigned char)text[at],
			 at);
	/* Shown, not dropped (Markdown drops CR and escapes the ]). */
	if (!strstr(text, "<U+001B>") || !strstr(text, "pwned<U+0007>") ||
	    !strstr(text, "<U+007F><U+009B>2J<U+202E>txt.exe<U+2066><U+000C><0xFF>"))
		fail_msg("%s %s: the planted text is not shown as <U+...>", what, format);
}

/* Every report and format, to a file and to standard output as main() filters it. */
static void test_no_hostile_bytes(void **state)
{
	static const char *const reports[] = { "dossier", "gap", "soa", "risks", "rtp" };
	struct fixture *f = *state;
	char *out = test_path(f->dir, "out");
	size_t r, fmt;

	plant(f);
	for (r = 0; r < sizeof(reports) / sizeof(reports[0]); r++) {
		for (fmt = 0; fmt < (r ? 2u : 1u); fmt++) {
			struct export_request req = { .report = reports[r],
						      .format = fmt ? "csv" : "md",
						      .output = out };
			struct ims2_error err;
			char *text = xcalloc(1, 1 << 20);
			size_t len;
			FILE *fp, *mem, *safe;

			if (export_run(&f->ws, &req, NULL, &err))
				fail_msg("%s: %s", reports[r], err.message);
			fp = fopen(out, "r");
			assert_non_null(fp);
			len = fread(text, 1, (1 << 20) - 1, fp);
			fclose(fp);
			assert_safe_report(reports[r], req.format, text, len);
			if (strcmp(reports[r], "gap") == 0) {
				/* Item 4.2 has nothing planted but its interviewee's name. */
				const char *line = strstr(text, fmt ? "\n4.2," : "\n| 4.2 |");
				const char *end = line ? strchr(line + 1, '\n') : NULL;
				const char *shown = line ? strstr(line, "pwned<U+0007>") : NULL;
				if (!shown || (end && shown > end))
					fail_msg("gap %s: the interviewee's name is not shown",
						 req.format);
			}
			free(text);

			req.output = NULL;
			text = NULL;
			mem = open_memstream(&text, &len);
			safe = output_filter_open(mem);
			if (export_run(&f->ws, &req, safe, &err))
				fail_msg("%s to stdout: %s", reports[r], err.message);
			assert_int_equal(output_filter_close(safe), 0);
			fclose(mem);
			assert_safe_report(reports[r], "to standard output", text, len);
			free(text);
		}
	}
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_settle_format),
		cmocka_unit_test_setup_teardown(test_report_for_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_hostile_bytes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
