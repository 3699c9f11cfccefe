/* The catalogs: the method, clauses 4-10, Annex A, and errors with file:line:column. */
#include "testutil.h"

#include "ims2/catalog.h"
#include "ims2/screen.h"

static void test_method(void **state)
{
	static const char *const ids[] = { "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7",
					   "1.8", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
					   "2.7", "2.8", "3.1", "3.2", "3.3", "4.1", "4.2" };
	struct catalog cat;
	struct ims2_error err;
	size_t i;

	(void)state;
	catalog_init(&cat);
	assert_int_equal(catalog_load(&cat, NULL, &err), IMS2_OK);
	assert_int_equal(cat.phase_count, 4);
	assert_string_equal(cat.phases[0].name, "Plan");
	assert_string_equal(cat.phases[3].name, "Act");
	assert_int_equal(cat.phases[0].step_count, 8);
	assert_int_equal(cat.phases[1].step_count, 8);
	assert_int_equal(cat.phases[2].step_count, 3);
	assert_int_equal(cat.phases[3].step_count, 2);
	assert_int_equal(cat.step_count, 21);
	for (i = 0; i < 21; i++)
		assert_string_equal(cat.steps[i].id, ids[i]);
	assert_string_equal(cat.steps[0].name, "Initiating the ISMS");
	assert_string_equal(cat.steps[2].name, "Analysis of the existing system (gap analysis)");
	assert_string_equal(cat.steps[16].name, "Monitoring, measurement, analysis and evaluation");
	assert_string_equal(cat.steps[20].name, "Continual improvement");
	assert_non_null(catalog_find_step(&cat, "1.5"));
	assert_null(catalog_find_step(&cat, "9.9"));
	catalog_release(&cat);
}

static void test_clauses(void **state)
{
	static const char *const requirements[] = {
		"4.1",	 "4.2",	  "4.3",   "4.4",   "5.1",   "5.2",   "5.3", "6.1.1",
		"6.1.2", "6.1.3", "6.2",   "6.3",   "7.1",   "7.2",   "7.3", "7.4",
		"7.5.1", "7.5.2", "7.5.3", "8.1",   "8.2",   "8.3",   "9.1", "9.2.1",
		"9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1",  "10.2",
	};
	struct catalog cat;
	struct ims2_error err;
	size_t i, n = 0;

	(void)state;
	catalog_init(&cat);
	assert_int_equal(catalog_load(&cat, NULL, &err), IMS2_OK);
	for (i = 0; i < cat.clause_count; i++) {
		if (!cat.clauses[i].requirement)
			continue;
		assert_true(n < 30);
		assert_string_equal(cat.clauses[i].id, requirements[n]);
		assert_non_null(cat.clauses[i].summary);
		assert_non_null(cat.clauses[i].prompt);
		n++;
	}
	assert_int_equal(n, 30);
	assert_string_equal(catalog_find_clause(&cat, "4.3")->title,
			    "Determining the scope of the information security management system");
	assert_string_equal(catalog_find_clause(&cat, "6.1.2")->parent, "6.1");
	assert_false(catalog_find_clause(&cat, "9.2")->requirement);
	catalog_release(&cat);
}

static void test_annex_a(void **state)
{
	struct catalog cat;
	struct ims2_error err;
	size_t i;
	int per_theme[4] = { 0 };

	(void)state;
	catalog_init(&cat);
	assert_int_equal(catalog_load(&cat, NULL, &err), IMS2_OK);
	assert_int_equal(cat.control_count, 93);
	for (i = 0; i < cat.control_count; i++) {
		const char *t = cat.controls[i].theme;
		per_theme[strcmp(t, "organizational") == 0 ? 0 : strcmp(t, "people") == 0 ? 1
							  : strcmp(t, "physical") == 0 ? 2
											 : 3]++;
		assert_non_null(cat.controls[i].control_type[0]);
		assert_non_null(cat.controls[i].domains[0]);
	}
	assert_int_equal(per_theme[0], 37);
	assert_int_equal(per_theme[1], 8);
	assert_int_equal(per_theme[2], 14);
	assert_int_equal(per_theme[3], 34);
	assert_string_equal(catalog_find_control(&cat, "5.7")->title, "Threat intelligence");
	assert_string_equal(catalog_find_control(&cat, "5.23")->title,
			    "Information security for use of cloud services");
	assert_string_equal(catalog_find_control(&cat, "7.4")->title,
			    "Physical security monitoring");
	assert_string_equal(catalog_find_control(&cat, "8.28")->title, "Secure coding");
	assert_string_equal(catalog_find_control(&cat, "8.34")->title,
			    "Protection of information systems during audit testing");
	assert_string_equal(catalog_find_control(&cat, "5.7")->control_type[0], "preventive");
	assert_null(catalog_find_control(&cat, "5.38"));
	catalog_release(&cat);
}

/* A data directory with one file replaced; the error names file, line and column. */
static void expect_error(const char *file, const char *text, const char *where,
			 const char *what)
{
	char dir[64], path[128];
	struct catalog cat;
	struct ims2_error err;

	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	test_write(path, text);
	catalog_init(&cat);
	assert_int_equal(catalog_load(&cat, dir, &err), IMS2_USAGE);
	snprintf(path, sizeof(path), "%s/%s:%s", dir, file, where);
	if (strncmp(err.message, path, strlen(path)) != 0 || !strstr(err.message, what))
		fail_msg("got '%s', expected '%s' ... '%s'", err.message, path, what);
	catalog_release(&cat);
	test_dir_remove(dir);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("method.yaml", "method: IMS2\nphases:\n  - id: plan\n    name: [x\n", "5:1:",
		     "did not find expected");
	expect_error("method.yaml", "method: IMS2\nphases: 3\n", "2:9:", "must be a non-empty list");
	expect_error("method.yaml",
		     "phases:\n  - id: p\n    name: P\n    steps:\n"
		     "      - {id: \"1.1\", name: A, clauses: [\"4.1\"]}\n"
		     "      - {id: \"1.1\", name: B, clauses: [\"4.1\"]}\n",
		     "6:9:", "step '1.1' is listed twice");
	expect_error("annexa.yaml",
		     "themes:\n  - {id: people, clause: \"6\", name: People}\n"
		     "controls:\n  - id: \"6.1\"\n    title: Screening\n    theme: people\n"
		     "    control_type: [preventive]\n    properties: [secrecy]\n"
		     "    concepts: [protect]\n    capabilities: [governance]\n"
		     "    domains: [protection]\n    description: d\n    prompt: p\n",
		     "8:18:", "'secrecy' is not a known value of properties");
	expect_error("annexa.yaml",
		     "themes:\n  - {id: people, clause: \"6\", name: People}\n"
		     "controls:\n  - id: \"6.1\"\n    title: Screening\n    theme: staff\n"
		     "    control_type: [preventive]\n    properties: [integrity]\n"
		     "    concepts: [protect]\n    capabilities: [governance]\n"
		     "    domains: [protection]\n    description: d\n    prompt: p\n",
		     "6:12:", "unknown theme 'staff'");
	expect_error("clauses.yaml", "clauses:\n  - {id: \"4\", title: A}\n  - {id: \"4\", title: B}\n",
		     "3:5:", "clause '4' is listed twice");
	expect_error("clauses.yaml", "clauses:\n  - {id: \"4\", title: A, colour: red}\n", "2:25:",
		     "unknown key 'colour'");
	expect_error("clauses.yaml", "x: &a 1\nclauses: *a\n", "1:4:", "anchors are not supported");
}

static void test_screens(void **state)
{
	struct catalog cat;
	struct screen_set set;
	struct ims2_error err;
	char dir[64], path[128];

	(void)state;
	catalog_init(&cat);
	assert_int_equal(catalog_load(&cat, NULL, &err), IMS2_OK);
	assert_int_equal(screen_set_load(&set, &cat, NULL, &err), IMS2_OK);
	assert_int_equal(set.count, 21);
	assert_non_null(screen_set_find_register(&set, "scope_element"));
	assert_true(screen_set_find_register(&set, "soa_entry")->fixed);
	screen_set_release(&set);
	/* A bad screen file in a data directory. */
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/screens", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/screens/1.1.yaml", dir);
	test_write(path, "step: \"1.1\"\nguidance: g\nactivities:\n  - {id: a, text: t}\n"
			 "registers: []\n");
	assert_int_equal(screen_set_load(&set, &cat, dir, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "1.1.yaml:1:1: a step without registers must say"));
	screen_set_release(&set);
	test_write(path, "step: \"1.1\"\nguidance: g\nactivities:\n  - {id: a, text: t}\n"
			 "registers:\n  - table: milestone\n    title: M\n    fields:\n"
			 "      - {name: name, label: N, type: text, required_if: {field: x, value: y}}\n");
	assert_int_equal(screen_set_load(&set, &cat, dir, &err), IMS2_USAGE);
	assert_non_null(strstr(err.message, "1.1.yaml:9:9: required_if names 'x'"));
	screen_set_release(&set);
	test_dir_remove(dir);
	catalog_release(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_method), cmocka_unit_test(test_clauses),
		cmocka_unit_test(test_annex_a), cmocka_unit_test(test_errors),
		cmocka_unit_test(test_screens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
