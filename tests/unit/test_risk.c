/*
 * Risk methods: every cell of every bundled method against a table typed here from the
 * method definitions (and, for NIST SP 800-30, from Table I-2 of the publication), never
 * computed by the code under test; monotonicity; MONARC on hand-computed cases; refusals of
 * malformed methods with file:line:col; values off the scale; the Markdown grid; levels
 * derived when a risk is saved and a change of method on a workspace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ims2/record.h"
#include "ims2/risk.h"
#include "ims2/riskreg.h"
#include "ims2/riskswitch.h"
#include "ims2/screen.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

/* --- helpers ------------------------------------------------------------------------ */

static void load_builtin(struct risk_method *m, const char *id)
{
	struct ims2_error err;

	if (risk_method_load(m, id, NULL, &err) != IMS2_OK)
		fail_msg("loading %s: %s", id, err.message);
}

/*
 * Checks every cell: expected[r][c] is the level id typed for the row r counted from the
 * highest likelihood (as the tables are printed) and the column c from the lowest impact.
 */
static void check_cells(const char *id, int rows, int cols, const char *const *expected)
{
	struct risk_method m;
	struct ims2_error err;
	int l, i, level;

	load_builtin(&m, id);
	assert_int_equal(risk_likelihood_count(&m), rows);
	assert_int_equal(risk_impact_count(&m), cols);
	for (l = 0; l < rows; l++) {
		for (i = 0; i < cols; i++) {
			const char *want = expected[(rows - 1 - l) * cols + i];
			assert_int_equal(risk_level(&m, m.likelihood.values[l], m.impact.values[i],
						    &level, &err),
					 IMS2_OK);
			if (strcmp(m.levels[level].id, want) != 0)
				fail_msg("%s: likelihood %d, impact %d is '%s', expected '%s'", id,
					 m.likelihood.values[l], m.impact.values[i],
					 m.levels[level].id, want);
		}
	}
	risk_method_release(&m);
}

static void check_scale(const struct risk_scale *s, int count, int first)
{
	int k;

	assert_int_equal(s->count, count);
	for (k = 0; k < count; k++) {
		assert_int_equal(s->values[k], first + k);
		assert_non_null(s->labels[k]);
		assert_true(s->descriptions[k][0] != '\0');
	}
}

static void check_levels(const struct risk_method *m, const char *const *ids, int count,
			 const char *accept, const char *treat)
{
	int k;

	assert_int_equal(risk_level_count(m), count);
	for (k = 0; k < count; k++)
		assert_string_equal(m->levels[k].id, ids[k]);
	assert_string_equal(m->levels[m->owner_may_accept].id, accept);
	assert_string_equal(m->levels[m->must_treat].id, treat);
}

/* text with line `line` (1-based) replaced by `with` (NULL deletes it). Caller frees. */
static char *with_line(const char *text, int line, const char *with)
{
	size_t size = strlen(text) + (with ? strlen(with) : 0) + 2;
	char *out = calloc(1, size), *o = out;
	const char *p = text;
	int n = 1;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p + 1) : strlen(p);
		if (n == line) {
			if (with)
				o += sprintf(o, "%s\n", with);
		} else {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
		n++;
	}
	return out;
}

/* Loading text must fail with a message that starts with prefix and contains needle. */
static void expect_refused(const char *name, const char *text, const char *prefix,
			   const char *needle)
{
	struct risk_method m;
	struct ims2_error err;

	if (risk_method_load_text(&m, name, text, strlen(text), &err) == IMS2_OK)
		fail_msg("%s was accepted; expected '%s'", name, needle);
	risk_method_release(&m);
	assert_int_equal(err.status, IMS2_USAGE);
	if (strncmp(err.message, prefix, strlen(prefix)) != 0 || !strstr(err.message, needle))
		fail_msg("message '%s' lacks '%s' ... '%s'", err.message, prefix, needle);
}

/* Like expect_refused() on base with one line replaced; the file name is prefix's. */
static void expect_refused_line(const char *base, int line, const char *with, const char *prefix,
				const char *needle)
{
	char *text = with_line(base, line, with), name[32];

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(prefix, ":"), prefix);
	expect_refused(name, text, prefix, needle);
	free(text);
}

/* A small valid lookup method; the tests break one line of it at a time. */
static const char lookup_text[] = "id: t\n"                                              /* 1 */
				  "title: T\n"                                           /* 2 */
				  "description: D\n"                                     /* 3 */
				  "kind: lookup\n"                                       /* 4 */
				  "likelihood:\n"                                        /* 5 */
				  "  - {value: \"1\", label: L1, description: d}\n"      /* 6 */
				  "  - {value: \"2\", label: L2, description: d}\n"      /* 7 */
				  "  - {value: \"3\", label: L3, description: d}\n"      /* 8 */
				  "impact:\n"                                            /* 9 */
				  "  - {value: \"1\", label: I1, description: d}\n"      /* 10 */
				  "  - {value: \"2\", label: I2, description: d}\n"      /* 11 */
				  "  - {value: \"3\", label: I3, description: d}\n"      /* 12 */
				  "levels:\n"                                            /* 13 */
				  "  - {id: low, label: Low, colour: green, symbol: L}\n" /* 14 */
				  "  - {id: medium, label: Medium, colour: yellow, symbol: M}\n"
				  "  - {id: high, label: High, colour: red, symbol: H}\n" /* 16 */
				  "grid:\n"                                              /* 17 */
				  "  \"3\": [medium, high, high]\n"                      /* 18 */
				  "  \"2\": [low, medium, high]\n"                       /* 19 */
				  "  \"1\": [low, low, medium]\n"                        /* 20 */
				  "acceptance: {owner_may_accept: low, must_treat: high}\n";

/* A small valid formula method: scores 1 to 9. */
static const char formula_text[] = "id: p\n"                                          /* 1 */
				   "title: P\n"                                       /* 2 */
				   "description: D\n"                                 /* 3 */
				   "kind: formula\n"                                  /* 4 */
				   "likelihood:\n"                                    /* 5 */
				   "  - {value: \"1\", label: L1, description: d}\n"  /* 6 */
				   "  - {value: \"2\", label: L2, description: d}\n"  /* 7 */
				   "  - {value: \"3\", label: L3, description: d}\n"  /* 8 */
				   "impact:\n"                                        /* 9 */
				   "  - {value: \"1\", label: I1, description: d}\n"  /* 10 */
				   "  - {value: \"2\", label: I2, description: d}\n"  /* 11 */
				   "  - {value: \"3\", label: I3, description: d}\n"  /* 12 */
				   "levels:\n"                                        /* 13 */
				   "  - {id: low, label: Low, colour: green, symbol: L}\n"
				   "  - {id: high, label: High, colour: red, symbol: H}\n"
				   "bands:\n"                                         /* 16 */
				   "  - {max: \"3\", level: low}\n"                   /* 17 */
				   "  - {max: \"9\", level: high}\n"                  /* 18 */
				   "acceptance: {owner_may_accept: low, must_treat: high}\n";

/* A MONARC method whose vulnerability scale starts at 1, to see the floor. Top score 20. */
static const char monarc_text[] = "id: m\n"                                          /* 1 */
				  "title: M\n"                                       /* 2 */
				  "description: D\n"                                 /* 3 */
				  "kind: monarc\n"                                   /* 4 */
				  "likelihood:\n"                                    /* 5 */
				  "  - {value: \"0\", label: T0, description: d}\n"  /* 6 */
				  "  - {value: \"1\", label: T1, description: d}\n"  /* 7 */
				  "  - {value: \"2\", label: T2, description: d}\n"  /* 8 */
				  "impact:\n"                                        /* 9 */
				  "  - {value: \"0\", label: I0, description: d}\n"  /* 10 */
				  "  - {value: \"1\", label: I1, description: d}\n"  /* 11 */
				  "  - {value: \"2\", label: I2, description: d}\n"  /* 12 */
				  "vulnerability:\n"                                 /* 13 */
				  "  - {value: \"1\", label: V1, description: d}\n"  /* 14 */
				  "  - {value: \"2\", label: V2, description: d}\n"  /* 15 */
				  "  - {value: \"3\", label: V3, description: d}\n"  /* 16 */
				  "  - {value: \"4\", label: V4, description: d}\n"  /* 17 */
				  "  - {value: \"5\", label: V5, description: d}\n"  /* 18 */
				  "levels:\n"                                        /* 19 */
				  "  - {id: low, label: Low, colour: green, symbol: L}\n"
				  "  - {id: high, label: High, colour: red, symbol: H}\n"
				  "bands:\n"                                         /* 22 */
				  "  - {max: \"10\", level: low}\n"                  /* 23 */
				  "  - {max: \"20\", level: high}\n"                 /* 24 */
				  "acceptance: {owner_may_accept: low, must_treat: high}\n";

/* --- the bundled methods, cell by cell ----------------------------------------------- */

static void test_bundled_ids(void **state)
{
	static const char *const want[] = { "3x3", "4x4", "5x5", "monarc", "nist-800-30",
					    "product" };
	char **ids;
	size_t n = risk_method_list_ids(NULL, &ids), k;

	(void)state;
	assert_int_equal(n, 6);
	for (k = 0; k < n; k++)
		assert_string_equal(ids[k], want[k]);
	risk_method_ids_free(ids, n);
}

static void test_3x3(void **state)
{
	static const char *const grid[] = {
		/* likelihood 3 (Likely)   */ "medium", "high", "high",
		/* likelihood 2 (Possible) */ "low", "medium", "high",
		/* likelihood 1 (Unlikely) */ "low", "low", "medium",
	};
	static const char *const levels[] = { "low", "medium", "high" };
	struct risk_method m;

	(void)state;
	check_cells("3x3", 3, 3, grid);
	load_builtin(&m, "3x3");
	assert_int_equal(m.kind, RISK_LOOKUP);
	check_scale(&m.likelihood, 3, 1);
	check_scale(&m.impact, 3, 1);
	check_levels(&m, levels, 3, "low", "high");
	risk_method_release(&m);
}

static void test_4x4(void **state)
{
	static const char *const grid[] = {
		/* 4 Almost certain */ "medium", "high", "very_high", "very_high",
		/* 3 Likely         */ "low", "medium", "high", "very_high",
		/* 2 Unlikely       */ "very_low", "low", "medium", "high",
		/* 1 Rare           */ "very_low", "very_low", "low", "medium",
	};
	static const char *const levels[] = { "very_low", "low", "medium", "high", "very_high" };
	struct risk_method m;

	(void)state;
	check_cells("4x4", 4, 4, grid);
	load_builtin(&m, "4x4");
	check_scale(&m.likelihood, 4, 1);
	check_scale(&m.impact, 4, 1);
	check_levels(&m, levels, 5, "low", "high");
	risk_method_release(&m);
}

static void test_5x5(void **state)
{
	static const char *const grid[] = {
		/* 5 */ "medium", "high", "high", "critical", "critical",
		/* 4 */ "medium", "medium", "high", "high", "critical",
		/* 3 */ "low", "medium", "medium", "high", "high",
		/* 2 */ "low", "low", "medium", "medium", "high",
		/* 1 */ "low", "low", "low", "medium", "medium",
	};
	static const char *const levels[] = { "low", "medium", "high", "critical" };
	struct risk_method m;

	(void)state;
	check_cells("5x5", 5, 5, grid);
	load_builtin(&m, "5x5");
	check_scale(&m.likelihood, 5, 1);
	check_scale(&m.impact, 5, 1);
	check_levels(&m, levels, 4, "medium", "high");
	risk_method_release(&m);
}

/* NIST SP 800-30 Rev. 1, Appendix I, Table I-2, typed row by row from the publication. */
static void test_nist(void **state)
{
	static const char *const grid[] = {
		/* Very High */ "very_low", "low", "moderate", "high", "very_high",
		/* High      */ "very_low", "low", "moderate", "high", "very_high",
		/* Moderate  */ "very_low", "low", "moderate", "moderate", "high",
		/* Low       */ "very_low", "low", "low", "low", "moderate",
		/* Very Low  */ "very_low", "very_low", "very_low", "low", "low",
	};
	static const char *const levels[] = { "very_low", "low", "moderate", "high",
					      "very_high" };
	static const char *const labels[] = { "Very low", "Low", "Moderate", "High",
					      "Very high" };
	struct risk_method m;
	int k;

	(void)state;
	check_cells("nist-800-30", 5, 5, grid);
	load_builtin(&m, "nist-800-30");
	check_scale(&m.likelihood, 5, 1);
	check_scale(&m.impact, 5, 1);
	for (k = 0; k < 5; k++) {
		assert_string_equal(m.likelihood.labels[k], labels[k]);
		assert_string_equal(m.impact.labels[k], labels[k]);
		assert_string_equal(risk_level_label(&m, k), labels[k]);
	}
	check_levels(&m, levels, 5, "low", "high");
	risk_method_release(&m);
}

/* Scores typed as products by hand; bands low 1-4, medium 5-9, high 10-16, critical 17-25. */
static void test_product(void **state)
{
	static const char *const grid[] = {
		/* 5:  5 10 15 20 25 */ "medium", "high", "high", "critical", "critical",
		/* 4:  4  8 12 16 20 */ "low", "medium", "high", "high", "critical",
		/* 3:  3  6  9 12 15 */ "low", "medium", "medium", "high", "high",
		/* 2:  2  4  6  8 10 */ "low", "low", "medium", "medium", "high",
		/* 1:  1  2  3  4  5 */ "low", "low", "low", "low", "medium",
	};
	static const char *const levels[] = { "low", "medium", "high", "critical" };
	struct risk_method m;

	(void)state;
	check_cells("product", 5, 5, grid);
	load_builtin(&m, "product");
	assert_int_equal(m.kind, RISK_FORMULA);
	check_scale(&m.likelihood, 5, 1);
	check_scale(&m.impact, 5, 1);
	check_levels(&m, levels, 4, "medium", "high");
	assert_int_equal(risk_score(&m, 4, 3), 12);
	assert_int_equal(risk_score(&m, 5, 5), 25);
	assert_int_equal(risk_score(&m, 6, 1), -1);
	assert_int_equal(risk_score(&m, 1, 0), -1);
	assert_int_equal(risk_max_score(&m), 25);
	risk_method_release(&m);
	load_builtin(&m, "5x5");
	assert_int_equal(risk_score(&m, 2, 2), -1); /* not a formula method */
	risk_method_release(&m);
}

static void test_monarc_definition(void **state)
{
	static const char *const levels[] = { "low", "medium", "high" };
	static const char *const want =
		"| Score | Level |\n|---|---|\n| 0 to 4 | Low |\n| 5 to 8 | Medium |\n"
		"| 9 to 48 | High |\n";
	struct strbuf sb = { 0 };
	struct risk_method m;
	struct ims2_error err;
	int level;

	(void)state;
	load_builtin(&m, "monarc");
	assert_int_equal(m.kind, RISK_MONARC);
	check_scale(&m.likelihood, 5, 0);    /* threat 0-4 */
	check_scale(&m.impact, 5, 0);        /* impact 0-4 */
	check_scale(&m.vulnerability, 4, 0); /* vulnerability 0-3 */
	check_levels(&m, levels, 3, "low", "high");
	assert_int_equal(risk_max_score(&m), 48);
	assert_int_equal(risk_band(&m, 0), 0);
	assert_int_equal(risk_band(&m, 4), 0);
	assert_int_equal(risk_band(&m, 5), 1);
	assert_int_equal(risk_band(&m, 8), 1);
	assert_int_equal(risk_band(&m, 9), 2);
	assert_int_equal(risk_band(&m, 48), 2);
	assert_int_equal(risk_band(&m, 49), -1);
	risk_method_grid_markdown(&m, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
	/* A MONARC method has no grid of likelihood and impact. */
	assert_int_equal(risk_level(&m, 1, 1, &level, &err), IMS2_INVALID);
	assert_int_equal(level, -1);
	assert_non_null(strstr(err.message, "MONARC"));
	risk_method_release(&m);
}

static void test_monotone_bundled(void **state)
{
	static const char *const ids[] = { "3x3", "4x4", "5x5", "monarc", "nist-800-30",
					   "product" };
	struct risk_method m;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		struct strbuf report = { 0 };
		load_builtin(&m, ids[k]);
		if (risk_method_check_monotone(&m, &report) != 0)
			fail_msg("%s is not monotone: %s", ids[k], report.buf);
		assert_null(report.buf);
		risk_method_release(&m);
	}
}

/* --- monotonicity ------------------------------------------------------------------- */

static void test_monotone_count(void **state)
{
	struct strbuf report = { 0 };
	struct risk_method m;
	int low;

	(void)state;
	load_builtin(&m, "3x3");
	low = risk_level_by_id(&m, "low");
	m.grid[2][2] = low; /* likelihood 3, impact 3: lower than the cell below and left */
	m.grid[1][2] = low; /* likelihood 2, impact 3: lower than below (medium) and left */
	assert_int_equal(risk_method_check_monotone(&m, &report), 2);
	assert_non_null(strstr(report.buf, "raising likelihood from 1 to 2 at impact 3 lowers "
					   "the level from 'medium' to 'low'"));
	assert_non_null(strstr(report.buf, "raising impact from 2 to 3 at likelihood 3 lowers "
					   "the level from 'high' to 'low'"));
	strbuf_release(&report);
	risk_method_release(&m);
}

static void test_not_monotone_refused(void **state)
{
	(void)state;
	expect_refused_line(lookup_text, 19, "  \"2\": [low, high, medium]", "t.yaml:18:3: ",
			    "the method is not monotone (1 cell): raising impact from 2 to 3 at "
			    "likelihood 2 lowers the level from 'high' to 'medium'");
	/* A formula whose bands fall: scores up to 3 high, above low. */
	{
		char *a = with_line(formula_text, 17, "  - {max: \"3\", level: high}");
		char *b = with_line(a, 18, "  - {max: \"9\", level: low}");
		expect_refused("p.yaml", b, "p.yaml:17:3: ", "not monotone");
		free(a);
		free(b);
	}
	/* MONARC bands must not fall either. */
	{
		char *a = with_line(monarc_text, 23, "  - {max: \"10\", level: high}");
		char *b = with_line(a, 24, "  - {max: \"20\", level: low}");
		expect_refused("m.yaml", b, "m.yaml:23:3: ",
			       "not monotone (1 band): band 2 (scores up to 20) has level 'low', "
			       "lower than 'high' of band 1");
		free(a);
		free(b);
	}
}

/* --- MONARC ------------------------------------------------------------------------- */

static void monarc_case(const struct risk_method *m, int c, int i, int a, int threat, int vuln,
			int reduction, unsigned affects, int want_score, const char *want_level)
{
	const int impact[3] = { c, i, a };
	struct ims2_error err;
	int score, level;

	assert_int_equal(risk_monarc(m, impact, threat, vuln, reduction, affects, &score, &level,
				     &err),
			 IMS2_OK);
	assert_int_equal(score, want_score);
	if (want_level)
		assert_string_equal(m->levels[level].id, want_level);
	else
		assert_int_equal(level, -1);
}

static void test_monarc_formula(void **state)
{
	struct risk_method m;

	(void)state;
	load_builtin(&m, "monarc");
	/* C 3x3x2=18, I 2x3x2=12, A 4x3x2=24: the highest. */
	monarc_case(&m, 3, 2, 4, 3, 2, 0, 7, 24, "high");
	/* Only C and A: C 1x2x2=4, A 2x2x2=8; I (4x2x2=16) does not count. */
	monarc_case(&m, 1, 4, 2, 2, 2, 0, 1u | 4u, 8, "medium");
	/* Only I: 4x2x2=16. */
	monarc_case(&m, 1, 4, 2, 2, 2, 0, 2u, 16, "high");
	/* Band edges: 1x4x1=4 low, 1x2x3=6 medium, 2x2x2=8 medium, 1x3x3=9 high. */
	monarc_case(&m, 1, -1, -1, 4, 1, 0, 7, 4, "low");
	monarc_case(&m, 1, -1, -1, 2, 3, 0, 7, 6, "medium");
	monarc_case(&m, 2, -1, -1, 2, 2, 0, 7, 8, "medium");
	monarc_case(&m, 1, -1, -1, 3, 3, 0, 7, 9, "high");
	/* A threat rated 0 gives a zero risk, which is still a rating. */
	monarc_case(&m, 4, 4, 4, 0, 3, 0, 7, 0, "low");
	/* Unevaluated values: C and A without impact, I 2x2x1=4. */
	monarc_case(&m, -1, 2, -1, 2, 1, 0, 7, 4, "low");
	/* Every affected criterion unevaluated: nothing. */
	monarc_case(&m, -1, -1, -1, 4, 3, 0, 7, -1, NULL);
	monarc_case(&m, -1, 4, 4, 4, 3, 0, 1u, -1, NULL);
	/* No threat or no vulnerability rating: nothing. */
	monarc_case(&m, 4, 4, 4, -1, 3, 0, 7, -1, NULL);
	monarc_case(&m, 4, 4, 4, 4, -1, 0, 7, -1, NULL);
	/* No criterion affected: nothing. */
	monarc_case(&m, 4, 4, 4, 4, 3, 0, 0, -1, NULL);
	risk_method_release(&m);
}

static void test_monarc_residual(void **state)
{
	const int impact[3] = { 1, 1, 1 };
	struct risk_method m;
	struct ims2_error err;
	int score, level;

	(void)state;
	load_builtin(&m, "monarc");
	/* 1x4x2=8 medium; reduction 1 gives 1x4x1=4 low. */
	monarc_case(&m, 1, 1, 1, 4, 2, 0, 7, 8, "medium");
	assert_int_equal(risk_monarc_residual(&m, impact, 4, 2, 1, 7, &score, &level, &err),
			 IMS2_OK);
	assert_int_equal(score, 4);
	assert_string_equal(m.levels[level].id, "low");
	/* 4x4x3=48; reduction 1: 4x4x2=32; reduction 5: the floor 0 gives 0. */
	monarc_case(&m, 4, 4, 4, 4, 3, 1, 7, 32, "high");
	monarc_case(&m, 4, 4, 4, 4, 3, 5, 7, 0, "low");
	/* A negative reduction would raise the vulnerability. */
	assert_int_equal(risk_monarc_residual(&m, impact, 4, 2, -1, 7, &score, &level, &err),
			 IMS2_INVALID);
	assert_non_null(strstr(err.message, "reduction -1"));
	risk_method_release(&m);

	/* With a vulnerability scale of 1 to 5 the floor is 1, not 0. */
	assert_int_equal(risk_method_load_text(&m, "m.yaml", monarc_text, strlen(monarc_text),
					       &err),
			 IMS2_OK);
	monarc_case(&m, 2, -1, -1, 2, 4, 0, 7, 16, "high"); /* 2x2x4 */
	monarc_case(&m, 2, -1, -1, 2, 4, 1, 7, 12, "high"); /* 2x2x3 */
	monarc_case(&m, 2, -1, -1, 2, 4, 2, 7, 8, "low");   /* 2x2x2 */
	monarc_case(&m, 2, -1, -1, 2, 4, 9, 7, 4, "low");   /* 2x2x1, floored */
	risk_method_release(&m);
}

static void test_monarc_off_scale(void **state)
{
	const int good[3] = { 1, 2, 3 }, bad_impact[3] = { 1, 5, 3 };
	struct risk_method m;
	struct ims2_error err;
	int score, level;

	(void)state;
	load_builtin(&m, "monarc");
	assert_int_equal(risk_monarc(&m, good, 5, 1, 0, 7, &score, &level, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "threat 5 is not on the threat scale of method 'monarc' (0 to 4)");
	assert_int_equal(risk_monarc(&m, good, 2, 4, 0, 7, &score, &level, &err), IMS2_INVALID);
	assert_string_equal(
		err.message,
		"vulnerability 4 is not on the vulnerability scale of method 'monarc' (0 to 3)");
	assert_int_equal(risk_monarc(&m, bad_impact, 2, 1, 0, 7, &score, &level, &err),
			 IMS2_INVALID);
	assert_non_null(strstr(err.message, "impact 5 on integrity"));
	assert_int_equal(score, -1);
	assert_int_equal(level, -1);
	risk_method_release(&m);
	load_builtin(&m, "5x5");
	assert_int_equal(risk_monarc(&m, good, 2, 1, 0, 7, &score, &level, &err), IMS2_INVALID);
	risk_method_release(&m);
}

/* --- refusals ----------------------------------------------------------------------- */

static void test_valid_bases(void **state)
{
	struct risk_method m;
	struct ims2_error err;

	(void)state;
	assert_int_equal(risk_method_load_text(&m, "t.yaml", lookup_text, strlen(lookup_text),
					       &err),
			 IMS2_OK);
	risk_method_release(&m);
	assert_int_equal(risk_method_load_text(&m, "p.yaml", formula_text, strlen(formula_text),
					       &err),
			 IMS2_OK);
	risk_method_release(&m);
}

/* A shared load is parsed once per text; each copy stays valid until it is released. */
static void test_shared_load(void **state)
{
	struct risk_method a, b, c, bad;
	struct ims2_error err;
	int level;

	(void)state;
	assert_int_equal(risk_method_load_shared(&a, "t.yaml", lookup_text, strlen(lookup_text),
						 &err),
			 IMS2_OK);
	assert_int_equal(risk_method_load_shared(&b, "t.yaml", lookup_text, strlen(lookup_text),
						 &err),
			 IMS2_OK);
	assert_ptr_equal(a.shared, b.shared);
	assert_ptr_equal(a.levels[0].label, b.levels[0].label);
	b.owner_may_accept = a.owner_may_accept + 1; /* a copy's own fields are its own */
	assert_int_not_equal(a.owner_may_accept, b.owner_may_accept);
	/* Another text replaces the current load; a and b still read the old one. */
	assert_int_equal(risk_method_load_shared(&c, "p.yaml", formula_text, strlen(formula_text),
						 &err),
			 IMS2_OK);
	assert_ptr_not_equal(c.shared, a.shared);
	assert_string_equal(a.id, "t");
	risk_method_release(&a);
	assert_int_equal(risk_level(&b, 1, 1, &level, &err), IMS2_OK);
	assert_string_equal(b.id, "t");
	risk_method_release(&b);
	assert_string_equal(c.id, "p");
	/* A text that does not load gives an error and a zeroed method, as a plain load. */
	assert_int_equal(risk_method_load_shared(&bad, "x.yaml", "id: [", 5, &err), IMS2_USAGE);
	assert_null(bad.shared);
	risk_method_release(&bad);
	assert_string_equal(c.id, "p");
	risk_method_release(&c);
}

static void test_grid_refusals(void **state)
{
	(void)state;
	/* A missing cell. */
	expect_refused_line(lookup_text, 19, "  \"2\": [low, medium]", "t.yaml:19:8: ",
			    "the row for likelihood 2 has 2 cells for 3 impact values: the cell "
			    "likelihood 2, impact 3 is missing");
	/* A row too long. */
	expect_refused_line(lookup_text, 20, "  \"1\": [low, low, medium, high]", "t.yaml:20:27: ",
			    "the row for likelihood 1 has 4 cells but there are only 3 impact "
			    "values");
	/* A missing row. */
	expect_refused_line(lookup_text, 20, NULL, "t.yaml:18:3: ",
			    "the grid has no row for likelihood 1");
	/* A row for a value that is not on the scale, or spelt another way. */
	expect_refused_line(lookup_text, 20, "  \"4\": [low, low, medium]", "t.yaml:20:3: ",
			    "the grid row '4' is not a likelihood value");
	expect_refused_line(lookup_text, 20, "  \"01\": [low, low, medium]", "t.yaml:20:3: ",
			    "the grid row '01' is not a likelihood value");
	/* An unknown level in a cell. */
	expect_refused_line(lookup_text, 19, "  \"2\": [low, hgh, high]", "t.yaml:19:14: ",
			    "the cell likelihood 2, impact 2 names an unknown level 'hgh' (levels: "
			    "low, medium, high)");
	/* An empty cell. */
	expect_refused_line(lookup_text, 19, "  \"2\": [low, ~, high]", "t.yaml:19:14: ",
			    "the cell likelihood 2, impact 2 is empty");
	/* Bands in a lookup method. */
	{
		char *text = with_line(lookup_text, 17, "bands: []\ngrid:");
		expect_refused("t.yaml", text, "t.yaml:17:8: ", "a lookup method takes a 'grid'");
		free(text);
	}
}

static void test_level_refusals(void **state)
{
	(void)state;
	/* A duplicate level id. */
	expect_refused_line(lookup_text, 15, "  - {id: low, label: Medium, colour: yellow, symbol: M}",
			    "t.yaml:15:10: ", "level 'low' is listed twice");
	/* An unknown colour role. */
	expect_refused_line(lookup_text, 16, "  - {id: high, label: High, colour: rde, symbol: H}",
			    "t.yaml:16:37: ", "level 'high': colour 'rde' is not one of");
	/* A level without a symbol. */
	expect_refused_line(lookup_text, 16, "  - {id: high, label: High, colour: red}",
			    "t.yaml:16:5: ", "'symbol' is missing");
	/* An unknown level in the acceptance. */
	expect_refused_line(lookup_text, 21,
			    "acceptance: {owner_may_accept: lo, must_treat: high}", "t.yaml:21:32: ",
			    "owner_may_accept names an unknown level 'lo'");
	/* must_treat not above owner_may_accept. */
	expect_refused_line(lookup_text, 21,
			    "acceptance: {owner_may_accept: medium, must_treat: medium}",
			    "t.yaml:21:52: ",
			    "must_treat 'medium' must be a higher level than owner_may_accept "
			    "'medium'");
	expect_refused_line(lookup_text, 21, "acceptance: {owner_may_accept: low}", "t.yaml:21:13: ",
			    "must_treat: the level is missing");
}

static void test_scale_refusals(void **state)
{
	(void)state;
	/* A duplicate scale value. */
	expect_refused_line(lookup_text, 11, "  - {value: \"1\", label: I2, description: d}",
			    "t.yaml:11:13: ", "impact value 1 is listed twice");
	/* Values out of order. */
	expect_refused_line(lookup_text, 8, "  - {value: \"0\", label: L3, description: d}",
			    "t.yaml:8:13: ", "likelihood values must go up: 0 comes after 2");
	/* Not a whole number. */
	expect_refused_line(lookup_text, 8, "  - {value: \"2.5\", label: L3, description: d}",
			    "t.yaml:8:13: ", "likelihood value '2.5' is not a whole number");
	/* A formula cannot multiply negative values. */
	expect_refused_line(formula_text, 6, "  - {value: \"-1\", label: L1, description: d}",
			    "p.yaml:6:13: ", "likelihood value -1 is negative");
}

static void test_band_refusals(void **state)
{
	(void)state;
	/* A gap at the top: scores reach 9. */
	expect_refused_line(formula_text, 18, "  - {max: \"8\", level: high}", "p.yaml:18:5: ",
			    "the bands stop at 8 but scores reach 9");
	/* Bands that do not ascend. */
	expect_refused_line(formula_text, 18, "  - {max: \"3\", level: high}", "p.yaml:18:11: ",
			    "band 2 (max 3) does not go above band 1 (max 3)");
	/* An unknown level in a band. */
	expect_refused_line(formula_text, 17, "  - {max: \"3\", level: lw}", "p.yaml:17:23: ",
			    "band 1 names an unknown level 'lw' (levels: low, high)");
	/* A band without a level. */
	expect_refused_line(formula_text, 17, "  - {max: \"3\"}", "p.yaml:17:5: ",
			    "band 1: the level is missing");
	/* A MONARC method needs its vulnerability scale (lines 13 to 18)... */
	{
		char *text = strdup(monarc_text), *shorter;
		int k;
		for (k = 0; k < 6; k++) {
			shorter = with_line(text, 13, NULL);
			free(text);
			text = shorter;
		}
		expect_refused("m.yaml", text, "m.yaml:1:1: ", "'vulnerability' must list 2 to 10");
		free(text);
	}
	/* ... and no other kind has one. */
	{
		char *text = with_line(lookup_text, 13,
				       "vulnerability:\n  - {value: \"1\", label: V, description: d}"
				       "\nlevels:");
		expect_refused("t.yaml", text, "t.yaml:14:3: ",
			       "only a MONARC method has a vulnerability scale");
		free(text);
	}
}

static void test_ids(void **state)
{
	struct risk_method m;
	struct ims2_error err;
	char *text;

	(void)state;
	/* Older workspaces keep their method under 'method:'. */
	text = with_line(lookup_text, 1, "method: t");
	assert_int_equal(risk_method_load_text(&m, "t.yaml", text, strlen(text), &err), IMS2_OK);
	assert_string_equal(m.id, "t");
	risk_method_release(&m);
	free(text);
	text = with_line(lookup_text, 1, "id: t\nmethod: t");
	expect_refused("t.yaml", text, "t.yaml:2:9: ", "not also 'method'");
	free(text);
	text = with_line(lookup_text, 1, NULL);
	expect_refused("t.yaml", text, "t.yaml:1:1: ", "'id' is missing");
	free(text);
	/* Unknown ids, including ones that look like paths. */
	assert_int_equal(risk_method_load(&m, "nope", NULL, &err), IMS2_USAGE);
	assert_string_equal(err.message, "unknown risk method 'nope'");
	assert_string_equal(err.hint, "the methods are: 3x3, 4x4, 5x5, monarc, nist-800-30, product");
	risk_method_release(&m);
	assert_int_equal(risk_method_load(&m, "../data/matrices/3x3", NULL, &err), IMS2_USAGE);
	assert_string_equal(err.message, "unknown risk method '../data/matrices/3x3'");
	risk_method_release(&m);
	assert_int_equal(risk_method_load(&m, "", NULL, &err), IMS2_USAGE);
	risk_method_release(&m);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
		fail_msg("cannot write %s", path);
}

static void test_data_dir(void **state)
{
	char dir[64], sub[96], path[128], path2[128], **ids;
	struct risk_method m;
	struct ims2_error err;
	size_t n;
	char *text;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ims2-risk-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/matrices", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	text = with_line(lookup_text, 1, "id: custom");
	snprintf(path, sizeof(path), "%s/custom.yaml", sub);
	write_file(path, text);
	free(text);
	snprintf(path2, sizeof(path2), "%s/other.yaml", sub);
	write_file(path2, lookup_text); /* says its id is 't' */

	n = risk_method_list_ids(dir, &ids);
	assert_int_equal(n, 8);
	assert_string_equal(ids[0], "3x3");
	assert_string_equal(ids[3], "custom");
	assert_string_equal(ids[6], "other");
	risk_method_ids_free(ids, n);

	assert_int_equal(risk_method_load(&m, "custom", dir, &err), IMS2_OK);
	assert_string_equal(m.id, "custom");
	assert_string_equal(m.doc.name, path);
	risk_method_release(&m);
	assert_int_equal(risk_method_load(&m, "other", dir, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "the file of method 'other' gives the id 't'"));
	risk_method_release(&m);
	/* Without the data directory the custom method is unknown. */
	assert_int_equal(risk_method_load(&m, "custom", NULL, &err), IMS2_USAGE);
	risk_method_release(&m);

	unlink(path);
	unlink(path2);
	rmdir(sub);
	rmdir(dir);
}

/* --- use ---------------------------------------------------------------------------- */

static void test_off_scale(void **state)
{
	struct risk_method m;
	struct ims2_error err;
	int level = 7;

	(void)state;
	load_builtin(&m, "3x3");
	assert_int_equal(risk_level(&m, 4, 1, &level, &err), IMS2_INVALID);
	assert_int_equal(level, -1);
	assert_string_equal(err.message,
			    "likelihood 4 is not on the likelihood scale of method '3x3' (1 to 3)");
	assert_int_equal(risk_level(&m, 1, 0, &level, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "impact 0 is not on the impact scale of method '3x3' (1 to 3)");
	assert_int_equal(risk_level(&m, -1, 2, &level, &err), IMS2_INVALID);
	assert_int_equal(risk_level(&m, 3, 3, &level, &err), IMS2_OK);
	assert_string_equal(m.levels[level].id, "high");
	risk_method_release(&m);
	load_builtin(&m, "product");
	assert_int_equal(risk_level(&m, 6, 1, &level, &err), IMS2_INVALID);
	assert_int_equal(level, -1);
	risk_method_release(&m);
}

static void test_markdown(void **state)
{
	static const char *const want =
		"| Likelihood \\\\ Impact | Minor | Moderate | Major |\n"
		"|---|---|---|---|\n"
		"| Likely | Medium | High | High |\n"
		"| Possible | Low | Medium | High |\n"
		"| Unlikely | Low | Low | Medium |\n";
	static const char *const want_formula =
		"| Likelihood \\\\ Impact | I1 | I2 | I3 |\n"
		"|---|---|---|---|\n"
		"| L3 | Low | High | High |\n"
		"| L2 | Low | High | High |\n"
		"| L1 | Low | Low | Low |\n";
	struct strbuf sb = { 0 };
	struct risk_method m;
	struct ims2_error err;

	(void)state;
	load_builtin(&m, "3x3");
	risk_method_grid_markdown(&m, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
	risk_method_release(&m);
	/* Formula cells come from the bands: scores up to 3 low, above high (3x1 is low). */
	assert_int_equal(risk_method_load_text(&m, "p.yaml", formula_text, strlen(formula_text),
					       &err),
			 IMS2_OK);
	risk_method_grid_markdown(&m, &sb);
	assert_string_equal(sb.buf, want_formula);
	strbuf_release(&sb);
	risk_method_release(&m);
}

static void test_interface_helpers(void **state)
{
	struct risk_method m;

	(void)state;
	load_builtin(&m, "5x5");
	assert_int_equal(risk_level_count(&m), 4);
	assert_string_equal(risk_level_label(&m, 3), "Critical");
	assert_string_equal(risk_level_symbol(&m, 3), "C");
	assert_string_equal(risk_level_colour(&m, 3), "red");
	assert_string_equal(risk_level_colour(&m, 0), "green");
	assert_null(risk_level_label(&m, 4));
	assert_null(risk_level_symbol(&m, -1));
	assert_null(risk_level_colour(&m, 99));
	assert_int_equal(risk_level_by_id(&m, "high"), 2);
	assert_int_equal(risk_level_by_id(&m, "nope"), -1);
	assert_int_equal(risk_likelihood_count(&m), 5);
	assert_int_equal(risk_impact_count(&m), 5);
	assert_int_equal(risk_scale_index(&m.impact, 5), 4);
	assert_int_equal(risk_scale_index(&m.impact, 6), -1);
	risk_method_release(&m);
	/* Releasing twice, or a zeroed method, is harmless. */
	risk_method_release(&m);
}

/* --- on a workspace ----------------------------------------------------------------- */

/* Levels derived on save, and a change of method in one transaction. */
static void test_change_method(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	const struct reg *reg;
	const char *values[64] = { 0 };
	char dir[64], path[128], *still;
	struct record rec;
	long long id;
	struct riskswitch_summary sum;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	snprintf(dir, sizeof(dir), "/tmp/ims2-risk-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Risk Ltd", NULL, &err), IMS2_OK);
	reg = screen_set_find_register(&ws.screens, "risk");
	assert_non_null(reg);
	values[reg_field_index(reg, "title")] = "Backups fail";
	values[reg_field_index(reg, "kind")] = "event";
	values[reg_field_index(reg, "status")] = "open";
	values[reg_field_index(reg, "likelihood")] = "5";
	values[reg_field_index(reg, "impact")] = "1";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_OK);
	/* 5x5: almost certain x negligible is medium. */
	assert_int_equal(record_get(ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "inherent_level")], "Medium");
	record_release(&rec);
	/* C, I, A given: the impact is the highest of them; 5 x 4 is critical. */
	values[reg_field_index(reg, "impact_c")] = "2";
	values[reg_field_index(reg, "impact_a")] = "4";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_OK);
	assert_int_equal(record_get(ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "impact")], "4");
	assert_string_equal(rec.values[reg_field_index(reg, "inherent_level")], "Critical");
	record_release(&rec);
	/* Off the scale: refused with the method's message. */
	values[reg_field_index(reg, "likelihood")] = "9";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "Likelihood 9 is not on the likelihood scale of method '5x5' (1 to 5)");
	assert_string_equal(err.field, "likelihood"); /* the form shows it under that field */
	/* Nor below it, between two values or not a number at all. */
	values[reg_field_index(reg, "likelihood")] = "-2";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "Likelihood -2 is not on the likelihood scale of method '5x5' (1 to 5)");
	values[reg_field_index(reg, "likelihood")] = "4.5";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "Likelihood 4.5 is not on the likelihood scale of method '5x5' (1 to 5)");
	values[reg_field_index(reg, "likelihood")] = "  ";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "Likelihood '  ' is not on the likelihood scale of method '5x5' (1 to 5)");
	values[reg_field_index(reg, "likelihood")] = "three";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Likelihood must be a number");
	values[reg_field_index(reg, "likelihood")] = "4";
	values[reg_field_index(reg, "impact_c")] = "7";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "Impact C 7 is not on the impact scale of method '5x5' (1 to 5)");
	assert_string_equal(err.field, "impact_c");
	values[reg_field_index(reg, "impact_c")] = "2";
	/* (2, 4) is medium on 5x5. */
	values[reg_field_index(reg, "likelihood")] = "2";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_OK);
	/* A dry run counts and changes nothing. */
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "3x3", NULL, true, &sum, &err),
			 IMS2_OK);
	/*
	 * Mapped onto 1-3: (5,1) Medium -> (3,1) Medium, unchanged; (5,4) Critical -> (3,2)
	 * High; (2,4) Medium -> (1,2) Low. Two change.
	 */
	assert_int_equal(sum.level_changed, 2);
	still = riskreg_method_id(ws.store);
	assert_string_equal(still, "5x5");
	free(still);
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "3x3", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(sum.level_changed, 2);
	assert_int_equal(record_get(ws.store, reg, 1, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "likelihood")], "3");
	assert_string_equal(rec.values[reg_field_index(reg, "impact")], "1");
	assert_string_equal(rec.values[reg_field_index(reg, "inherent_level")], "Medium");
	record_release(&rec);
	assert_int_equal(sum.risks_rescaled, 3);
	/* The organisation's meaning of a 3x3 level, then back to 5x5 and again to 3x3. */
	assert_int_equal(sqlite3_exec(store_db(ws.store),
				      "UPDATE risk_scale SET description = 'Once in ten years here' "
				      "WHERE scale = 'likelihood' AND value = 1",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	/* Back to 5x5: the ratings come back as they were, not mapped twice. */
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "5x5", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(sum.texts_kept, 1);
	assert_int_equal(sum.risks_restored, 3);
	assert_int_equal(sum.risks_rescaled, 0);
	assert_int_equal(sum.level_changed, 2);
	assert_int_equal(record_get(ws.store, reg, 2, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "likelihood")], "5");
	assert_string_equal(rec.values[reg_field_index(reg, "impact_c")], "2");
	assert_string_equal(rec.values[reg_field_index(reg, "impact_a")], "4");
	assert_string_equal(rec.values[reg_field_index(reg, "inherent_level")], "Critical");
	record_release(&rec);
	/* A rating edited under 3x3 wins over the one kept for 5x5. */
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "3x3", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(record_set_field(ws.store, reg, 3, (size_t)reg_field_index(reg, "likelihood"),
					  "3", &err),
			 IMS2_OK);
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "5x5", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(sum.risks_restored, 2);
	assert_int_equal(sum.risks_rescaled, 1);
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "3x3", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(sum.texts_restored, 1);
	{
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(store_db(ws.store),
						    "SELECT description FROM risk_scale WHERE "
						    "scale = 'likelihood' AND value = 1",
						    -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal(sqlite3_column_text(st, 0), "Once in ten years here");
		sqlite3_finalize(st);
	}
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "5x5", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(record_get(ws.store, reg, 3, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "likelihood")], "5");
	record_release(&rec);
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "9x9", NULL, false, &sum, &err),
			 IMS2_USAGE);
	assert_string_equal(err.message, "unknown risk method '9x9'");
	workspace_close(&ws);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_ids),
		cmocka_unit_test(test_3x3),
		cmocka_unit_test(test_shared_load),
		cmocka_unit_test(test_4x4),
		cmocka_unit_test(test_5x5),
		cmocka_unit_test(test_nist),
		cmocka_unit_test(test_product),
		cmocka_unit_test(test_monarc_definition),
		cmocka_unit_test(test_monotone_bundled),
		cmocka_unit_test(test_monotone_count),
		cmocka_unit_test(test_not_monotone_refused),
		cmocka_unit_test(test_monarc_formula),
		cmocka_unit_test(test_monarc_residual),
		cmocka_unit_test(test_monarc_off_scale),
		cmocka_unit_test(test_valid_bases),
		cmocka_unit_test(test_grid_refusals),
		cmocka_unit_test(test_level_refusals),
		cmocka_unit_test(test_scale_refusals),
		cmocka_unit_test(test_band_refusals),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_data_dir),
		cmocka_unit_test(test_off_scale),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_interface_helpers),
		cmocka_unit_test(test_change_method),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
