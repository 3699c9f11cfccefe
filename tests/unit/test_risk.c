/*
 * Risk methods: every cell of every bundled method against a table written here from the
 * method definitions (and, for NIST, from SP 800-30 Rev. 1 Table I-2); monotonicity; MONARC on
 * hand-computed cases; methods that are refused; a change of method on a workspace.
 */
#include "testutil.h"

#include "ims2/record.h"
#include "ims2/risk.h"
#include "ims2/riskreg.h"
#include "ims2/workspace.h"

/* Expected level labels, likelihood rows from the highest, impact columns from the lowest. */
static void expect_grid(const char *id, int size, const char *const *want)
{
	struct risk_method m;
	struct ims2_error err;
	int l, i, level;

	if (risk_method_load(&m, id, NULL, &err))
		fail_msg("%s: %s", id, err.message);
	assert_int_equal(m.likelihood.count, size);
	assert_int_equal(m.impact.count, size);
	for (l = 0; l < size; l++) {
		for (i = 0; i < size; i++) {
			int lv = m.likelihood.values[size - 1 - l], iv = m.impact.values[i];
			assert_int_equal(risk_level(&m, lv, iv, &level, &err), IMS2_OK);
			if (strcmp(m.levels[level].label, want[l * size + i]) != 0)
				fail_msg("%s: likelihood %d, impact %d is %s, expected %s", id, lv, iv,
					 m.levels[level].label, want[l * size + i]);
		}
	}
	risk_method_release(&m);
}

static void test_3x3(void **state)
{
	static const char *const want[] = { "Medium", "High",   "High",	  /* 3 */
					    "Low",    "Medium", "High",	  /* 2 */
					    "Low",    "Low",    "Medium" }; /* 1 */
	(void)state;
	expect_grid("3x3", 3, want);
}

static void test_4x4(void **state)
{
	static const char *const want[] = {
		"Medium",   "High",	"Very high", "Very high", /* 4 */
		"Low",	    "Medium",	"High",	     "Very high", /* 3 */
		"Very low", "Low",	"Medium",    "High",	  /* 2 */
		"Very low", "Very low", "Low",	     "Medium",	  /* 1 */
	};
	(void)state;
	expect_grid("4x4", 4, want);
}

static void test_5x5(void **state)
{
	static const char *const want[] = {
		"Medium", "High",   "High",   "Critical", "Critical", /* 5 */
		"Medium", "Medium", "High",   "High",	  "Critical", /* 4 */
		"Low",	  "Medium", "Medium", "High",	  "High",     /* 3 */
		"Low",	  "Low",    "Medium", "Medium",	  "High",     /* 2 */
		"Low",	  "Low",    "Low",    "Medium",	  "Medium",   /* 1 */
	};
	(void)state;
	expect_grid("5x5", 5, want);
}

static void test_nist(void **state)
{
	/* NIST SP 800-30 Rev. 1, Table I-2. */
	static const char *const want[] = {
		"Very low", "Low",	"Moderate", "High",	"Very high", /* very high */
		"Very low", "Low",	"Moderate", "High",	"Very high", /* high */
		"Very low", "Low",	"Moderate", "Moderate", "High",	     /* moderate */
		"Very low", "Low",	"Low",	    "Low",	"Moderate",  /* low */
		"Very low", "Very low", "Very low", "Low",	"Low",	     /* very low */
	};
	(void)state;
	expect_grid("nist-800-30", 5, want);
}

static void test_product(void **state)
{
	/* Score = likelihood x impact; 1-4 low, 5-9 medium, 10-16 high, 17-25 critical. */
	static const char *const want[] = {
		"Medium", "High",   "High",   "Critical", "Critical", /* 5: 5 10 15 20 25 */
		"Low",	  "Medium", "High",   "High",	  "Critical", /* 4: 4 8 12 16 20 */
		"Low",	  "Medium", "Medium", "High",	  "High",     /* 3: 3 6 9 12 15 */
		"Low",	  "Low",    "Medium", "Medium",	  "High",     /* 2: 2 4 6 8 10 */
		"Low",	  "Low",    "Low",    "Low",	  "Medium",   /* 1: 1 2 3 4 5 */
	};
	(void)state;
	expect_grid("product", 5, want);
}

static void test_monotone_and_list(void **state)
{
	const char *ids[16];
	size_t n = risk_method_list(ids, 16), i;
	struct strbuf report = { 0 };

	(void)state;
	assert_int_equal(n, 6);
	for (i = 0; i < n; i++) {
		struct risk_method m;
		struct ims2_error err;
		char id[32];
		snprintf(id, sizeof(id), "%.*s", (int)(strlen(ids[i]) - 14), ids[i] + 9);
		assert_int_equal(risk_method_load(&m, id, NULL, &err), IMS2_OK);
		assert_int_equal(risk_method_check_monotone(&m, &report), 0);
		assert_true(m.must_treat > m.owner_may_accept);
		risk_method_release(&m);
	}
	strbuf_release(&report);
}

static void test_monarc(void **state)
{
	struct risk_method m;
	struct ims2_error err;
	int score, level;
	const int cia[3] = { 3, 2, 4 }, none[3] = { -1, -1, -1 }, c_only[3] = { 4, -1, -1 };

	(void)state;
	assert_int_equal(risk_method_load(&m, "monarc", NULL, &err), IMS2_OK);
	/* All of C, I, A: max(3, 2, 4) x 3 x 4 = 48, high (41-80). */
	assert_int_equal(risk_monarc(&m, cia, 3, 4, 0, 7, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, 48);
	assert_string_equal(m.levels[level].label, "High");
	/* A threat on C and A only: max(3, 4) x 2 x 3 = 24, medium (21-40). */
	assert_int_equal(risk_monarc(&m, cia, 2, 3, 0, 1 | 4, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, 24);
	assert_string_equal(m.levels[level].label, "Medium");
	/* A threat on I only: 2 x 2 x 3 = 12, low. */
	assert_int_equal(risk_monarc(&m, cia, 2, 3, 0, 2, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, 12);
	assert_string_equal(m.levels[level].label, "Low");
	/* Residual: vulnerability 4 reduced by 2 -> 2: 4 x 3 x 2 = 24. */
	assert_int_equal(risk_monarc(&m, cia, 3, 4, 2, 7, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, 24);
	/* A reduction below the scale stops at its bottom, 1: 4 x 3 x 1 = 12. */
	assert_int_equal(risk_monarc(&m, cia, 3, 4, 9, 7, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, 12);
	/* Unevaluated: no impact at all, or no threat. */
	assert_int_equal(risk_monarc(&m, none, 3, 4, 0, 7, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, -1);
	assert_int_equal(level, -1);
	assert_int_equal(risk_monarc(&m, cia, -1, 4, 0, 7, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, -1);
	/* The criterion with an impact counts; the threat affects only I: nothing evaluated. */
	assert_int_equal(risk_monarc(&m, c_only, 4, 5, 0, 1, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, 80);
	assert_int_equal(risk_monarc(&m, c_only, 4, 5, 0, 2, &score, &level, &err), IMS2_OK);
	assert_int_equal(score, -1);
	/* Out of scale. */
	assert_int_equal(risk_monarc(&m, cia, 5, 4, 0, 7, &score, &level, &err), IMS2_INVALID);
	assert_string_equal(err.message, "threat 5 is outside the scale 0 to 4");
	risk_method_release(&m);
}

static void test_out_of_scale(void **state)
{
	struct risk_method m;
	struct ims2_error err;
	int level;

	(void)state;
	assert_int_equal(risk_method_load(&m, "5x5", NULL, &err), IMS2_OK);
	assert_int_equal(risk_level(&m, 6, 3, &level, &err), IMS2_INVALID);
	assert_string_equal(err.message, "likelihood 6 is outside the scale 1 to 5");
	assert_int_equal(risk_level(&m, 3, 0, &level, &err), IMS2_INVALID);
	assert_string_equal(err.message, "impact 0 is outside the scale 1 to 5");
	risk_method_release(&m);
	assert_int_equal(risk_method_load(&m, "7x7", NULL, &err), IMS2_USAGE);
	assert_string_equal(err.message, "unknown risk method '7x7'");
	risk_method_release(&m);
}

#define HEAD                                                                                  \
	"method: t\ntitle: T\ndescription: D\nkind: lookup\n"                                  \
	"likelihood:\n  - {value: \"1\", label: L1, description: d}\n"                         \
	"  - {value: \"2\", label: L2, description: d}\n"                                      \
	"impact:\n  - {value: \"1\", label: I1, description: d}\n"                             \
	"  - {value: \"2\", label: I2, description: d}\n"                                      \
	"levels:\n  - {id: low, label: Low, colour: green, symbol: L}\n"                       \
	"  - {id: high, label: High, colour: red, symbol: H}\n"
#define ACCEPT "acceptance: {owner_may_accept: low, must_treat: high}\n"

static void refused(const char *text, const char *what)
{
	struct risk_method m;
	struct ims2_error err;

	assert_int_equal(risk_method_load_text(&m, "t.yaml", text, strlen(text), &err), IMS2_USAGE);
	if (strncmp(err.message, "t.yaml:", 7) != 0 || !strstr(err.message, what))
		fail_msg("got '%s', expected '%s'", err.message, what);
	risk_method_release(&m);
}

static void test_refused(void **state)
{
	struct risk_method m;
	struct ims2_error err;
	const char *good = HEAD "grid:\n  \"2\": [low, high]\n  \"1\": [low, low]\n" ACCEPT;

	(void)state;
	assert_int_equal(risk_method_load_text(&m, "t.yaml", good, strlen(good), &err), IMS2_OK);
	risk_method_release(&m);
	refused(HEAD "grid:\n  \"2\": [low, high]\n" ACCEPT, "no row for likelihood 1");
	refused(HEAD "grid:\n  \"2\": [low, high]\n  \"1\": [low]\n" ACCEPT,
		"the row for likelihood 1 must have 2 cells");
	refused(HEAD "grid:\n  \"2\": [low, top]\n  \"1\": [low, low]\n" ACCEPT,
		"the cell likelihood 2, impact 2 names an unknown level 'top'");
	refused(HEAD "  - {id: low, label: Again, colour: red, symbol: A}\n"
		     "grid:\n  \"2\": [low, high]\n  \"1\": [low, low]\n" ACCEPT,
		"level 'low' is listed twice");
	refused(HEAD "grid:\n  \"2\": [low, low]\n  \"1\": [high, low]\n" ACCEPT,
		"not monotone: the cell likelihood 1, impact 2 is lower");
	refused(HEAD "grid:\n  \"2\": [low, high]\n  \"1\": [low, low]\n"
		     "acceptance: {owner_may_accept: high, must_treat: low}\n",
		"must_treat must be a higher level");
	refused("method: t\ntitle: T\ndescription: D\nkind: formula\n"
		"likelihood:\n  - {value: \"1\", label: a, description: d}\n"
		"  - {value: \"2\", label: b, description: d}\n"
		"impact:\n  - {value: \"1\", label: a, description: d}\n"
		"  - {value: \"2\", label: b, description: d}\n"
		"levels:\n  - {id: low, label: Low, colour: green, symbol: L}\n"
		"  - {id: high, label: High, colour: red, symbol: H}\n"
		"bands:\n  - {max: \"2\", level: low}\n  - {max: \"3\", level: high}\n" ACCEPT,
		"the bands stop at 3 but scores reach 4");
	refused(HEAD "grid:\n  \"2\": [low, high]\n  \"1\": [low, low]\n" ACCEPT
		     "colour: blue\n",
		"unknown key 'colour'");
}

/* Changing the method of a workspace with risks, in one transaction. */
static void test_change_method(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	const struct reg *reg;
	const char *values[30] = { 0 };
	char dir[64], path[128];
	struct record rec;
	long long id;
	int changed, f;

	(void)state;
	test_fixed_clock();
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Risk Ltd", NULL, &err), IMS2_OK);
	reg = screen_set_find_register(&ws.screens, "risk");
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
	/* C/I/A given: the impact is the highest of them. */
	values[reg_field_index(reg, "impact_c")] = "2";
	values[reg_field_index(reg, "impact_a")] = "4";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_OK);
	assert_int_equal(record_get(ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "impact")], "4");
	assert_string_equal(rec.values[reg_field_index(reg, "inherent_level")], "Critical");
	record_release(&rec);
	/* Out of scale, and acceptance without owner: refused. */
	values[reg_field_index(reg, "likelihood")] = "9";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message, "likelihood 9 is outside the scale 1 to 5");
	values[reg_field_index(reg, "likelihood")] = "2";
	values[reg_field_index(reg, "accepted_by")] = "Someone";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "a risk without an owner cannot be accepted: give its Owner first");
	values[reg_field_index(reg, "accepted_by")] = NULL;
	values[reg_field_index(reg, "controls")] = "5.99";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_string_equal(err.message, "'5.99' is not an Annex A control");
	values[reg_field_index(reg, "controls")] = "8.13 a.5.30,8.13";
	assert_int_equal(record_insert(ws.store, reg, values, &id, &err), IMS2_OK);
	assert_int_equal(record_get(ws.store, reg, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "controls")], "A.8.13, A.5.30");
	record_release(&rec);
	/* A dry run counts and changes nothing; then the change. */
	assert_int_equal(riskreg_change_method(ws.store, &ws.screens, "3x3", NULL, true, &changed,
					       &err),
			 IMS2_OK);
	/*
	 * Mapped onto 1-3: (5,1) Medium -> (3,1) Medium, unchanged; (5,4) Critical -> (3,2) High;
	 * (2,4) Medium -> (1,2) Low. Two change.
	 */
	assert_int_equal(changed, 2);
	{
		char *still = riskreg_method_id(ws.store);
		assert_string_equal(still, "5x5");
		free(still);
	}
	assert_int_equal(riskreg_change_method(ws.store, &ws.screens, "3x3", NULL, false, &changed,
					       &err),
			 IMS2_OK);
	assert_int_equal(record_get(ws.store, reg, 1, &rec, &err), IMS2_OK);
	f = reg_field_index(reg, "likelihood");
	assert_string_equal(rec.values[f], "3"); /* 5 of 1-5 is 3 of 1-3 */
	assert_string_equal(rec.values[reg_field_index(reg, "impact")], "1");
	assert_string_equal(rec.values[reg_field_index(reg, "inherent_level")], "Medium");
	record_release(&rec);
	assert_int_equal(riskreg_change_method(ws.store, &ws.screens, "9x9", NULL, false, &changed,
					       &err),
			 IMS2_USAGE);
	workspace_close(&ws);
	test_dir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_3x3),	      cmocka_unit_test(test_4x4),
		cmocka_unit_test(test_5x5),	      cmocka_unit_test(test_nist),
		cmocka_unit_test(test_product),	      cmocka_unit_test(test_monotone_and_list),
		cmocka_unit_test(test_monarc),	      cmocka_unit_test(test_out_of_scale),
		cmocka_unit_test(test_refused),	      cmocka_unit_test(test_change_method),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
