/* Natural, case-folded comparison (collate.c): numbers as numbers, case in every script. */
#include "testutil.h"

#include <string.h>

#include "ims2/collate.h"

static int cmp(const char *a, const char *b)
{
	return collate_natural(a, strlen(a), b, strlen(b));
}

static void test_natural_order(void **state)
{
	/* Each before the next, and never the other way round. */
	static const char *const order[] = {
		"4.1", "5.3", "6.1.1", "6.1.2", "9.1", "9.2", "10.1", "10.2",
		"A.5.1", "a.5.2", "A.5.10", "A.8.2", "A.8.9", "A.8.10", "A.8.34", "Risk 9",
		"Risk 010", "risk 11", "Zürich",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		for (j = 0; j < sizeof(order) / sizeof(order[0]); j++) {
			int c = cmp(order[i], order[j]);
			if ((i < j && c >= 0) || (i > j && c <= 0) || (i == j && c != 0))
				fail_msg("'%s' against '%s' gave %d", order[i], order[j], c);
		}
	assert_int_equal(cmp("A.8.2", "a.8.2"), 0);
	assert_int_equal(cmp("007", "7"), 0);
	assert_true(cmp("", "a") < 0);
	assert_true(cmp("a", "") > 0);
	/* Very long digit runs are compared by length, not converted (no overflow). */
	assert_true(cmp("99999999999999999999999", "100000000000000000000000") < 0);
	/* Invalid UTF-8 compares as its bytes, consistently. */
	assert_true(cmp("a\xff", "a\xfe") > 0);
	assert_int_equal(cmp("a\xff", "a\xff"), 0);
	assert_true(cmp("\xc3", "\xc3\xa9") != 0);
}

static void test_fold(void **state)
{
	static const char *const pairs[][2] = {
		{ "DONNÉES RH", "données rh" },
		{ "ÀÉÎÕÜ ÇÑ ÆØÅ Þ", "àéîõü çñ æøå þ" },
		{ "ŁÓDŹ ŠKODA ČEŠTINA ŐRÜLT İ", "łódź škoda čeština őrült i" },
		{ "ΑΘΗΝΑ ΣΟΦΟΣ Ά", "αθηνα σοφοσ ά" },
		{ "σοφός", "σοφόσ" }, /* final sigma folds to sigma */
		{ "МОСКВА ЁЛКА ЄВРОПА", "москва ёлка європа" },
		{ "ՀԱՅԱՍՏԱՆ", "հայաստան" },
		{ "ＡＢＣ", "ａｂｃ" },
		{ "TIẾNG VIỆT", "tiếng việt" },
		{ "日本語 123", "日本語 123" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *upper = collate_fold(pairs[i][0], strlen(pairs[i][0]));
		char *lower = collate_fold(pairs[i][1], strlen(pairs[i][1]));
		assert_string_equal(upper, lower);
		free(upper);
		free(lower);
		assert_int_equal(cmp(pairs[i][0], pairs[i][1]), 0);
	}
	/* An accented letter is its letter and a combining mark, however it was typed. */
	{
		char *folded = collate_fold("DONNÉES", strlen("DONNÉES"));
		assert_string_equal(folded, "donne\xcc\x81" "es");
		free(folded);
	}
	assert_int_equal(cmp("Données", "DONNE\xcc\x81" "ES"), 0);
	assert_int_equal(cmp("Zu\xcc\x88rich", "ZÜRICH"), 0);
	assert_int_equal(cmp("Ế", "e\xcc\x82\xcc\x81"), 0); /* two marks */
	assert_true(cmp("Zurich", "Zürich") < 0);
	assert_true(cmp("Zürich", "Zv") < 0);
	assert_true(cmp("é", "f") < 0);
	/* A cut sequence stays as its bytes. */
	{
		char *folded = collate_fold("A\xc3", 2);
		assert_string_equal(folded, "a\xc3");
		free(folded);
	}
	assert_int_equal(collate_fold_char(0x0131), 0x0131); /* dotless i stays */
	assert_int_equal(collate_fold_char(0x0178), 0x00ff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_natural_order),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
