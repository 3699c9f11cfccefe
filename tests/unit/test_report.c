/*
 * Reports: Markdown escaping (rendered back through pandoc when it is installed), the
 * dossier's shape and determinism, and the dossier of an empty workspace against a golden
 * file (IMS2_UPDATE_GOLDEN=1 rewrites it).
 */
#include "testutil.h"

#include "ims2/markdown.h"
#include "ims2/record.h"
#include "ims2/checks.h"
#include "ims2/report.h"
#include "ims2/riskswitch.h"
#include "ims2/source.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

/* Next to this file whatever the build directory: tests/unit/golden/. */
static char *golden_file(const char *name)
{
	const char *slash = strrchr(__FILE__, '/');
	size_t n = slash ? (size_t)(slash - __FILE__) : 0;
	char *dir = xstrndup(__FILE__, n), *file = xasprintf("golden/%s", name), *path;

	path = test_path(n ? dir : ".", file);
	free(dir);
	free(file);
	return path;
}

struct fixture {
	char *dir;
	bool pandoc;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	test_fixed_clock();
	f->dir = test_dir_new();
	f->pandoc = system("command -v pandoc >/dev/null 2>&1") == 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_tree_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static char *escaped(void (*fn)(struct strbuf *, const char *), const char *text)
{
	struct strbuf sb = { 0 };

	fn(&sb, text);
	return strbuf_detach(&sb);
}

#define assert_escape(fn, text, want)                                                       \
	do {                                                                                \
		char *got_ = escaped(fn, text);                                             \
		assert_string_equal(got_, want);                                            \
		free(got_);                                                                 \
	} while (0)

static void test_escaping(void **state)
{
	(void)state;
	assert_escape(md_cell, "a|b", "a\\|b");
	assert_escape(md_cell, "C:\\dir\\", "C:\\\\dir\\\\");
	assert_escape(md_cell, "one\ntwo", "one<br>two");
	assert_escape(md_cell, "one\r\ntwo", "one<br>two");
	assert_escape(md_cell, "tab\there", "tab\there");
	assert_escape(md_cell, "*b* _i_ `c` <t> [l] $m$ ~s~ ^p^ @c",
		      "\\*b\\* \\_i\\_ \\`c\\` \\<t\\> \\[l\\] \\$m\\$ \\~s\\~ \\^p\\^ \\@c");
	assert_escape(md_cell, "# not a heading", "\\# not a heading");
	assert_escape(md_cell, "- not a list", "\\- not a list");
	assert_escape(md_cell, "Zürich 東京 ✓", "Zürich 東京 ✓");
	assert_escape(md_cell, "", "");
	assert_escape(md_cell, NULL, "");
	assert_escape(md_text, "one\ntwo", "one\\\ntwo");
	assert_escape(md_text, "a|b\\c", "a\\|b\\\\c");
	assert_escape(md_text, "x\n# h\n- l", "x\\\n\\# h\\\n\\- l");
	assert_escape(md_text, "plain text, kept readable", "plain text, kept readable");
	assert_escape(md_yaml_string, "Say \"hi\"\\ now\n\t", "\"Say \\\"hi\\\"\\\\ now\\n\\t\"");
}

/*
 * Renders `text` escaped as a table cell or as paragraph text through pandoc (-f dialect,
 * -t plain) and returns the text pandoc shows, whitespace runs folded to one space.
 */
static char *render(struct fixture *f, bool cell, const char *dialect, const char *text)
{
	struct strbuf md = { 0 };
	char *in = test_path(f->dir, "in.md"), *out = test_path(f->dir, "out.txt"), *cmd, *plain;
	char *p, *q, *start;

	if (cell) {
		strbuf_adds(&md, "| head |\n|---|\n| ");
		md_cell(&md, text);
		strbuf_adds(&md, " |\n");
	} else {
		strbuf_adds(&md, "Text: ");
		md_text(&md, text);
		strbuf_adds(&md, "\n");
	}
	test_write(in, md.buf);
	strbuf_release(&md);
	cmd = xasprintf("pandoc -f %s -t plain --wrap=none -o '%s' '%s'", dialect, out, in);
	assert_int_equal(system(cmd), 0);
	plain = test_read(out, NULL);
	/* A table: the heading line, then the cell; rules (only '-' and ' ') are layout. */
	start = plain;
	if (cell) {
		bool heading = true;
		for (p = plain; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
			size_t n = strcspn(p, "\n");
			if (strspn(p, "- ") >= n || heading) {
				heading = heading && strspn(p, "- ") >= n;
				memset(p, ' ', n);
			}
		}
	} else if (strncmp(start, "Text: ", 6) == 0) {
		start += 6;
	}
	for (p = start, q = plain; *p; p++)
		if (!(*p == ' ' || *p == '\t' || *p == '\n') || (q > plain && q[-1] != ' '))
			*q++ = (*p == '\t' || *p == '\n') ? ' ' : *p;
	while (q > plain && q[-1] == ' ')
		q--;
	*q = '\0';
	free(cmd);
	free(in);
	free(out);
	return plain;
}

/* Each text must show as typed (whitespace folded) in both dialects, as cell and text. */
static void round_trip(struct fixture *f, const char *const *texts, size_t count, bool cells,
		       bool paragraphs)
{
	static const char *const dialects[] = { "gfm", "markdown" };
	size_t i, d, k;
	int failures = 0;

	if (!f->pandoc) {
		/* Skipped, not passed: make check installs pandoc (tests/tools/deps.sh). */
		print_message("SKIP: pandoc is not installed: rendering not checked\n");
		skip();
	}
	for (i = 0; i < count; i++) {
		char *want = xstrdup(texts[i]), *p, *q;
		for (p = q = want; *p; p++) /* the same folding as render() */
			if (!(*p == ' ' || *p == '\t' || *p == '\n') || (q > want && q[-1] != ' '))
				*q++ = (*p == '\t' || *p == '\n') ? ' ' : *p;
		*q = '\0';
		for (d = 0; d < 2; d++) {
			for (k = 0; k < 2; k++) {
				char *got;
				if ((k == 0 && !cells) || (k == 1 && !paragraphs))
					continue;
				got = render(f, k == 0, dialects[d], texts[i]);
				if (strcmp(got, want) != 0) {
					print_error("pandoc -f %s, %s: typed '%s', shown '%s'\n",
						    dialects[d], k == 0 ? "cell" : "text", want, got);
					failures++;
				}
				free(got);
			}
		}
		free(want);
	}
	if (failures)
		fail_msg("%d renderings differ from the text typed", failures);
}

static void test_render_markup(void **state)
{
	static const char *const texts[] = {
		"Pipes | and \\ backslashes \\\\ here",
		"*star* **bold** _under_ __strong__ `tick` ``two``",
		"<b>tag</b> <br> [link](http://example.com) ![img](x.png) [^1]",
		"$5 and $6$ ~sub~ ^sup^ @cite [@key] {.class} H~2~O",
		"# leading hash",
		"- leading dash",
		"tab\tin the middle, Zürich 東京 ✓",
		"trailing backslash \\",
	};

	/* Paragraph text keeps its line breaks (cells show them as <br>, which plain drops). */
	static const char *const lines[] = { "line one\nline two \\\nline | three" };

	round_trip(*state, texts, sizeof(texts) / sizeof(texts[0]), true, true);
	round_trip(*state, lines, 1, false, true);
}

/* User text such as "R&amp;D" must not turn into "R&D". */
static void test_render_entities(void **state)
{
	static const char *const texts[] = { "R&amp;D", "&copy; 2026", "&#65; &lt;b&gt;" };

	round_trip(*state, texts, sizeof(texts) / sizeof(texts[0]), true, true);
}

/* Lines of paragraph text must stay lines: no headings, lists or quotes appear. */
static void test_render_line_starts(void **state)
{
	static const char *const texts[] = {
		"Steps:\n# one\n- two\n+ three\n* four\n> five\n= six",
		"Steps:\n1. first\n2. second",
		"Steps:\n1) first\n2) second",
	};

	round_trip(*state, texts, sizeof(texts) / sizeof(texts[0]), false, true);
}

/* Quotes, dashes and dots as typed (pandoc's smart extension; GFM emoji codes). */
static void test_render_typography(void **state)
{
	static const char *const texts[] = {
		"the supplier's \"own\" rules -- wait...",
		"status :warning: and :+1:",
	};

	round_trip(*state, texts, sizeof(texts) / sizeof(texts[0]), true, true);
}

static char *dossier(struct workspace *ws)
{
	struct ims2_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (report_dossier(ws, out, &err) != IMS2_OK)
		fail_msg("%s", err.message);
	fclose(out);
	return buf;
}

static void create(struct fixture *f, struct workspace *ws, const char *name, const char *org)
{
	struct ims2_error err;
	char *path = test_path(f->dir, name);

	if (workspace_create(ws, path, org, NULL, &err))
		fail_msg("%s", err.message);
	free(path);
}

static void test_dossier(void **state)
{
	struct fixture *f = *state;
	const char *v[] = { "Lab | one", "site", "out", "Run by a partner\nin Zürich \\ Basel",
			    "*not bold*" };
	struct workspace ws, twin;
	struct ims2_error err;
	char *first, *second, *p, *end;
	long long id;

	create(f, &ws, "ws.ims2", "Dossier \"Test\" Ltd");
	assert_int_equal(record_insert(ws.store,
				       screen_set_find_register(&ws.screens, "scope_element"), v,
				       &id, &err),
			 IMS2_OK);
	assert_int_equal(store_set_activity(ws.store, "1.5", "decide", true, &err), IMS2_OK);
	first = dossier(&ws);
	second = dossier(&ws);
	assert_string_equal(first, second);
	free(second);
	/* The YAML metadata block: title, organisation, date, version. */
	assert_prefix(first, "---\n");
	end = strstr(first + 4, "\n---\n");
	assert_non_null(end);
	*end = '\0';
	assert_contains(first, "\ntitle: \"");
	assert_contains(first, "\norganisation: \"Dossier \\\"Test\\\" Ltd\"\n");
	assert_contains(first, "\ndate: \"2026-01-01\"\n");
	assert_contains(first, "\nversion: \"");
	*end = '\n';
	/* Phases in PDCA order, steps under them. */
	p = strstr(first, "\n# Plan\n");
	assert_non_null(p);
	assert_true(strstr(first, "\n## 1.5 Scope\n") > p);
	p = strstr(p, "\n# Do\n");
	assert_non_null(p);
	assert_true(strstr(first, "\n## 1.5 Scope\n") < p);
	assert_true(strstr(first, "\n## 2.1 Organizational strategy\n") > p);
	p = strstr(p, "\n# Check\n");
	assert_non_null(p);
	p = strstr(p, "\n# Act\n");
	assert_non_null(p);
	assert_true(strstr(first, "\n## 4.2 Continual improvement\n") > p);
	/* Ticked and unticked activities; the record with its text escaped. */
	{
		const struct screen *scr = screen_set_find(&ws.screens, "1.5");
		struct strbuf line = { 0 };
		size_t i;
		for (i = 0; i < scr->activity_count; i++) {
			strbuf_reset(&line);
			strbuf_adds(&line, strcmp(scr->activities[i].id, "decide") ? "\n- [ ] "
										   : "\n- [x] ");
			md_text(&line, scr->activities[i].text);
			strbuf_adds(&line, "\n");
			assert_contains(strstr(first, "\n## 1.5 Scope\n"), line.buf);
		}
		strbuf_release(&line);
	}
	assert_contains(first, "| Lab \\| one | site | out | Run by a partner<br>in Zürich \\\\ "
			       "Basel | \\*not bold\\* |\n");
	/* The same workspace made again from scratch gives the same bytes. */
	workspace_close(&ws);
	create(f, &twin, "twin.ims2", "Dossier \"Test\" Ltd");
	assert_int_equal(record_insert(twin.store,
				       screen_set_find_register(&twin.screens, "scope_element"),
				       v, &id, &err),
			 IMS2_OK);
	assert_int_equal(store_set_activity(twin.store, "1.5", "decide", true, &err), IMS2_OK);
	second = dossier(&twin);
	assert_string_equal(first, second);
	free(first);
	free(second);
	/* Unknown names are usage errors. */
	assert_int_equal(report_step(&twin, "9.9", stdout, &err), IMS2_USAGE);
	assert_int_equal(report_named(&twin, "nonsense", REPORT_MD, stdout, &err), IMS2_USAGE);
	assert_int_equal(report_named(&twin, "dossier", REPORT_CSV, stdout, &err), IMS2_USAGE);
	workspace_close(&twin);
}

/* Within a step, each sub-heading names one section: no section appears twice. */
static void test_dossier_headings(void **state)
{
	struct fixture *f = *state;
	struct workspace ws;
	char *md, *line, *next, *seen[64], twice[128] = "";
	int n = 0, i;

	create(f, &ws, "ws.ims2", "Headings Ltd");
	md = dossier(&ws);
	workspace_close(&ws);
	for (line = md; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "## ", 3) == 0 || strncmp(line, "# ", 2) == 0) {
			n = 0; /* a new step or phase */
		} else if (strncmp(line, "### ", 4) == 0) {
			for (i = 0; i < n; i++)
				if (strcmp(seen[i], line) == 0 && !*twice)
					snprintf(twice, sizeof(twice), "%s", line);
			if (n < 64)
				seen[n++] = line;
		}
	}
	free(md);
	if (*twice)
		fail_msg("'%s' appears twice in one step", twice);
}

/* Compares text with a golden file; IMS2_UPDATE_GOLDEN=1 rewrites the file. */
static void compare_golden(const char *text, const char *name)
{
	char *path = golden_file(name), *golden;
	const char *update = getenv("IMS2_UPDATE_GOLDEN");

	if (update && strcmp(update, "1") == 0) {
		test_write(path, text);
		print_message("rewrote %s\n", path);
	}
	golden = test_read(path, NULL);
	if (strcmp(text, golden) != 0) {
		const char *p = text, *q = golden;
		int line = 1;
		for (; *p && *p == *q; p++, q++)
			line += *p == '\n';
		fail_msg("the report differs from %s at line %d (IMS2_UPDATE_GOLDEN=1 rewrites it)",
			 path, line);
	}
	free(golden);
	free(path);
}

static void test_golden(void **state)
{
	struct fixture *f = *state;
	struct workspace ws;
	char *md;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	create(f, &ws, "golden.ims2", "Golden Test Ltd");
	md = dossier(&ws);
	workspace_close(&ws);
	compare_golden(md, "dossier-empty.md");
	free(md);
}

/*
 * The worked example of MONARC a reader must be able to recompute from the report: impact
 * C/I/A 2/1/3, threat 1, vulnerability 3 gives 6/3/9, risk 9, High; with the vulnerability
 * reduced by 2, 2/1/3, target risk 3, Low. A reduction above the vulnerability is clamped
 * at the bottom of the scale, and the report says so.
 */
/* True when a finding's message contains part. */
static bool finding_has(const struct check_report *r, const char *part)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strstr(r->findings[i].message, part))
			return true;
	return false;
}

static void test_golden_monarc(void **state)
{
	static const char records[] =
		"records:\n"
		"  person:\n"
		"    - {name: Ann Example}\n"
		"  threat:\n"
		"    - {name: Data theft by an insider, category: deliberate, affects: CIA}\n"
		"    - {name: Power cut, category: physical, affects: A}\n"
		"  vulnerability:\n"
		"    - {name: Weak review of access rights, category: organisational}\n"
		"  asset:\n"
		"    - {name: Customer file, category: primary, type: information, confidentiality: "
		"\"2\", integrity: \"1\", availability: \"3\"}\n"
		"  assessment_round:\n"
		"    - {held_on: \"2026-06-01\", trigger: planned interval, scope: Every asset, "
		"led_by: Ann Example}\n"
		"  risk:\n"
		"    - {title: Insider copies the customer file, kind: asset, asset: Customer file, "
		"threat: Data theft by an insider, vulnerability: Weak review of access rights, "
		"likelihood: \"1\", vulnerability_level: \"3\", reduction: \"2\", owner: Ann "
		"Example, treatment: modify, controls: \"5.18\", status: in treatment, assessed_on: "
		"\"2026-06-01\", assessed_by: Ann Example}\n"
		"    - {title: Power cut stops the file server, kind: asset, asset: Customer file, "
		"threat: Power cut, vulnerability: Weak review of access rights, likelihood: \"2\", "
		"vulnerability_level: \"1\", owner: Ann Example, treatment: retain, status: "
		"accepted, accepted_by: Ann Example, accepted_on: \"2026-06-02\", acceptance_note: "
		"\"Fallback generator planned.\", decision: \"Board, 2026-06-02: within appetite.\", "
		"assessed_on: \"2026-05-20\"}\n"
		"    - {title: Reduction above the vulnerability, kind: asset, asset: Customer file, "
		"threat: Data theft by an insider, vulnerability: Weak review of access rights, "
		"likelihood: \"1\", vulnerability_level: \"3\", reduction: \"5\", owner: Ann "
		"Example, treatment: modify, status: open, assessed_on: \"2026-06-01\"}\n";
	struct fixture *f = *state;
	struct workspace ws;
	struct ims2_error err;
	char *md = NULL, *csv_text = NULL;
	size_t len = 0;
	struct riskswitch_summary summary;
	FILE *out;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	create(f, &ws, "monarc.ims2", "Monarc Example Ltd");
	if (riskswitch_apply(ws.store, &ws.screens, "monarc", NULL, false, &summary, &err) ||
	    workspace_import_text(&ws, "records", records, strlen(records), &err))
		fail_msg("%s", err.message);
	out = open_memstream(&md, &len);
	assert_int_equal(report_named(&ws, "risks", REPORT_MD, out, &err), IMS2_OK);
	fclose(out);
	out = open_memstream(&csv_text, &len);
	assert_int_equal(report_named(&ws, "risks", REPORT_CSV, out, &err), IMS2_OK);
	fclose(out);
	/* The step's checks say what the report shows: a clamped reduction, a stale risk. */
	{
		struct check_report found;
		assert_int_equal(checks_run(&ws, "1.7", &found), IMS2_OK);
		assert_int_equal(found.count, 3); /* and its decision */
		assert_true(finding_has(&found, "Risk 3 'Reduction above the vulnerability': its "
						"reduction 5 goes below the bottom"));
		assert_true(finding_has(&found, "Risk 2 'Power cut stops the file server': "
						"assessed on 2026-05-20, not reassessed since"));
		check_report_release(&found);
		/* Criteria naming no level of the method leave levels undecided: flagged. */
		assert_int_equal(sqlite3_exec(store_db(ws.store),
					      "UPDATE risk_settings SET owner_may_accept = 'Trivial', "
					      "must_treat = 'Low'",
					      NULL, NULL, NULL),
				 SQLITE_OK);
		assert_int_equal(checks_run(&ws, "1.7", &found), IMS2_OK);
		assert_int_equal(found.count, 4);
		assert_true(finding_has(&found, "Owner may accept names 'Trivial', not a level"));
		check_report_release(&found);
	}
	workspace_close(&ws);
	/* The figures of the example, whatever else the golden file holds. */
	assert_non_null(strstr(md, "| impact C 2, I 1, A 3; threat 1; vulnerability 3 | C 6, I 3, "
				   "A 9; risk 9 | High |"));
	assert_non_null(strstr(md, "| vulnerability 3 reduced by 2 to 1 | C 2, I 1, A 3; risk 3 | "
				   "Low |"));
	assert_non_null(strstr(md, "vulnerability 3 reduced by 5: clamped at 0"));
	assert_non_null(strstr(md, "(inherent, retained)"));
	assert_non_null(strstr(md, "accepted by Ann Example on 2026-06-02: Fallback generator "
				   "planned.; management decision: Board, 2026-06-02: within appetite."));
	assert_non_null(strstr(md, "| Medium | needs management approval to be accepted |"));
	assert_non_null(strstr(csv_text, ",2,1,3,3,2,9,3,residual,,,2026-06-01,Ann Example,no\n"));
	compare_golden(md, "risks-monarc.md");
	free(md);
	free(csv_text);
}

/*
 * The whole demo: every register, the checks, heat maps, the SoA's links. A change to any of
 * them shows here; review the difference, then IMS2_UPDATE_GOLDEN=1 make check-unit.
 */
static void test_golden_demo(void **state)
{
	struct fixture *f = *state;
	struct workspace ws;
	struct ims2_error err;
	char *md, *text, *origin;
	size_t len;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	create(f, &ws, "demo.ims2", "Valecrest Health Logistics Ltd");
	if (source_read(NULL, "scenarios/demo.yaml", &text, &len, &origin, &err) ||
	    workspace_import_text(&ws, origin, text, len, &err))
		fail_msg("%s", err.message);
	md = dossier(&ws);
	workspace_close(&ws);
	compare_golden(md, "dossier-demo.md");
	free(md);
	free(text);
	free(origin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test_setup_teardown(test_render_markup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_entities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_line_starts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_typography, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dossier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dossier_headings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_golden_monarc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_golden_demo, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
