/*
 * Reports: Markdown escaping (checked back through pandoc when it is installed), the
 * deterministic dossier against a golden file, one step, and user text exported exactly.
 */
#include "testutil.h"

#include "ims2/markdown.h"
#include "ims2/record.h"
#include "ims2/report.h"
#include "ims2/workspace.h"

#define GOLDEN "tests/unit/golden/dossier-empty.md"

static char *run_report(struct workspace *ws, const char *step)
{
	struct ims2_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if ((step ? report_step(ws, step, out, &err) : report_dossier(ws, out, &err)) != IMS2_OK)
		fail_msg("%s", err.message);
	fclose(out);
	return buf;
}

static void test_escaping(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	md_cell(&sb, "a|b\\c\nd *e* _f_ `g` <h> [i] $j$ ~k~ ^l^ @m");
	assert_string_equal(sb.buf, "a\\|b\\\\c<br>d \\*e\\* \\_f\\_ \\`g\\` \\<h\\> \\[i\\] "
				    "\\$j\\$ \\~k\\~ \\^l\\^ \\@m");
	strbuf_reset(&sb);
	md_text(&sb, "# not a heading\n- not a list\nplain: text.");
	assert_string_equal(sb.buf, "\\# not a heading\\\n\\- not a list\\\nplain: text.");
	strbuf_reset(&sb);
	md_yaml_string(&sb, "Say \"hi\"\\ now\n");
	assert_string_equal(sb.buf, "\"Say \\\"hi\\\"\\\\ now\\n\"");
	strbuf_release(&sb);
}

/* The text pandoc renders for a one-cell table of text, or NULL without pandoc. */
static char *pandoc_cell(const char *dir, const char *from, const char *text)
{
	struct strbuf md = { 0 };
	char in[128], out[128], cmd[512];
	char *result;

	if (system("command -v pandoc >/dev/null 2>&1") != 0)
		return NULL;
	strbuf_adds(&md, "| head |\n|---|\n| ");
	md_cell(&md, text);
	strbuf_adds(&md, " |\n");
	snprintf(in, sizeof(in), "%s/cell.md", dir);
	snprintf(out, sizeof(out), "%s/cell.txt", dir);
	test_write(in, md.buf);
	strbuf_release(&md);
	snprintf(cmd, sizeof(cmd), "pandoc -f %s -t plain --wrap=none -o '%s' '%s'", from, out, in);
	assert_int_equal(system(cmd), 0);
	result = test_read(out, NULL);
	return result;
}

static void test_pandoc_round_trip(void **state)
{
	static const char text[] = "Pipes | and \\ back *star* _under_ `tick` <tag> [link] $5$ @cite "
				   "~sub~ ^sup^ Zürich ✓";
	static const char *const dialects[] = { "gfm", "markdown" };
	char dir[64];
	size_t i;

	(void)state;
	test_dir_make(dir);
	for (i = 0; i < 2; i++) {
		char *plain = pandoc_cell(dir, dialects[i], text);
		if (!plain) {
			print_message("pandoc is not installed: the round trip is not checked\n");
			break;
		}
		if (!strstr(plain, text))
			fail_msg("pandoc -f %s shows:\n%s", dialects[i], plain);
		free(plain);
	}
	test_dir_remove(dir);
}

static void test_dossier(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	char dir[64], path[128], *first, *second, *golden;

	(void)state;
	test_fixed_clock();
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Golden Test Ltd", NULL, &err), IMS2_OK);
	first = run_report(&ws, NULL);
	second = run_report(&ws, NULL);
	assert_string_equal(first, second);
	if (getenv("IMS2_UPDATE_GOLDEN")) {
		test_write(GOLDEN, first);
		print_message("updated %s\n", GOLDEN);
	}
	golden = test_read(GOLDEN, NULL);
	if (strcmp(first, golden) != 0)
		fail_msg("the dossier differs from %s (IMS2_UPDATE_GOLDEN=1 rewrites it)", GOLDEN);
	assert_true(strncmp(first, "---\ntitle: \"Information security management system: Golden "
				   "Test Ltd\"\norganisation: \"Golden Test Ltd\"\ndate: \"2026-01-01\"\n",
			    110) == 0);
	assert_non_null(strstr(first, "\n# Plan\n"));
	assert_non_null(strstr(first, "\n# Do\n"));
	assert_non_null(strstr(first, "\n# Check\n"));
	assert_non_null(strstr(first, "\n# Act\n"));
	assert_non_null(strstr(first, "\n## 1.5 Scope\n"));
	assert_non_null(strstr(first, "\n## 4.2 Continual improvement\n"));
	free(first);
	free(second);
	free(golden);
	workspace_close(&ws);
	test_dir_remove(dir);
}

static void test_records_in_step(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	char dir[64], path[128], *md;
	const char *values[] = { "Lab | one", "site", "out", "Run by a partner\nin Zürich \\ Basel",
				 NULL };
	long long id;

	(void)state;
	test_fixed_clock();
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Step Ltd", NULL, &err), IMS2_OK);
	assert_int_equal(record_insert(ws.store,
				       screen_set_find_register(&ws.screens, "scope_element"),
				       values, &id, &err),
			 IMS2_OK);
	assert_int_equal(store_set_activity(ws.store, "1.5", "decide", true, &err), IMS2_OK);
	md = run_report(&ws, "1.5");
	assert_non_null(strstr(md, "\n# 1.5 Scope\n"));
	assert_null(strstr(md, "\n## 1.1 "));
	assert_non_null(strstr(md, "- [x] Decide for each element"));
	assert_non_null(strstr(md, "| Lab \\| one | site | out | Run by a partner<br>in Zürich \\\\ "
				   "Basel |  |\n"));
	assert_non_null(strstr(md, "Status: **in progress**"));
	free(md);
	assert_int_equal(report_step(&ws, "9.9", stdout, &err), IMS2_USAGE);
	assert_string_equal(err.message, "unknown step '9.9'");
	workspace_close(&ws);
	test_dir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_pandoc_round_trip),
		cmocka_unit_test(test_dossier),
		cmocka_unit_test(test_records_in_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
