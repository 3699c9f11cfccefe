/*
 * The built-in catalogs (the IMS2 method, clauses 4-10, Annex A) against lists written here
 * from the IMS2 method and ISO/IEC 27001:2022, and catalogs from a data directory that are refused
 * with `file:line:column:`.
 */
#include "testutil.h"

#include "ims2/catalog.h"

struct fixture {
	char *dir;
	struct catalog cat;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = test_dir_new();
	catalog_init(&f->cat);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	catalog_release(&f->cat);
	test_tree_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void load_builtin(struct catalog *cat)
{
	struct ims2_error err;

	if (catalog_load(cat, NULL, &err) != IMS2_OK)
		fail_msg("built-in catalogs refused: %s", err.message);
}

static void test_method(void **state)
{
	/* The 21 steps of the method, column by column. */
	static const char *const steps[][2] = {
		{ "1.1", "Initiating the ISMS" },
		{ "1.2", "Understanding the organization" },
		{ "1.3", "Analysis of the existing system (gap analysis)" },
		{ "1.4", "Leadership and project approval" },
		{ "1.5", "Scope" },
		{ "1.6", "Information security policy" },
		{ "1.7", "Risk assessment (and treatment)" },
		{ "1.8", "Statement of Applicability" },
		{ "2.1", "Organizational strategy" },
		{ "2.2", "Document management" },
		{ "2.3", "Design of controls and procedures" },
		{ "2.4", "Communication" },
		{ "2.5", "Awareness and training" },
		{ "2.6", "Implementation of controls" },
		{ "2.7", "Incident management" },
		{ "2.8", "Operations management" },
		{ "3.1", "Monitoring, measurement, analysis and evaluation" },
		{ "3.2", "Internal audit" },
		{ "3.3", "Management review" },
		{ "4.1", "Treatment of nonconformities" },
		{ "4.2", "Continual improvement" },
	};
	static const char *const phases[] = { "Plan", "Do", "Check", "Act" };
	static const size_t per_phase[] = { 8, 8, 3, 2 };
	struct fixture *f = *state;
	struct catalog *cat = &f->cat;
	size_t i, p, s = 0;

	load_builtin(cat);
	assert_int_equal(cat->phase_count, 4);
	assert_int_equal(cat->step_count, 21);
	for (p = 0; p < 4; p++) {
		assert_string_equal(cat->phases[p].name, phases[p]);
		assert_int_equal(cat->phases[p].first_step, s);
		assert_int_equal(cat->phases[p].step_count, per_phase[p]);
		for (i = 0; i < per_phase[p]; i++, s++) {
			assert_string_equal(cat->steps[s].id, steps[s][0]);
			assert_string_equal(cat->steps[s].name, steps[s][1]);
			assert_int_equal(cat->steps[s].phase, p);
			/* The step id starts with its phase number. */
			assert_int_equal(cat->steps[s].id[0], (char)('1' + p));
			assert_int_equal(catalog_step_index(cat, steps[s][0]), (int)s);
			assert_ptr_equal(catalog_find_step(cat, steps[s][0]), &cat->steps[s]);
		}
	}
	/* Every clause a step serves is a requirement of clauses 4-10. */
	for (s = 0; s < cat->step_count; s++) {
		assert_null(cat->steps[s].clauses[cat->steps[s].clause_count]);
		for (i = 0; i < cat->steps[s].clause_count; i++) {
			const struct clause *c = catalog_find_clause(cat, cat->steps[s].clauses[i]);
			assert_non_null(c);
			assert_true(c->requirement);
		}
	}
	assert_null(catalog_find_step(cat, "9.9"));
	assert_null(catalog_find_step(cat, "1"));
	assert_int_equal(catalog_step_index(cat, "5.1"), -1);
}

static void test_clauses(void **state)
{
	/* The requirements of ISO/IEC 27001:2022 clauses 4 to 10, at their deepest level. */
	static const char *const requirements[] = {
		"4.1",	 "4.2",	  "4.3",   "4.4",   "5.1",   "5.2",   "5.3",   "6.1.1",
		"6.1.2", "6.1.3", "6.2",   "6.3",   "7.1",   "7.2",   "7.3",   "7.4",
		"7.5.1", "7.5.2", "7.5.3", "8.1",   "8.2",   "8.3",   "9.1",   "9.2.1",
		"9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1",  "10.2",
	};
	struct fixture *f = *state;
	struct catalog *cat = &f->cat;
	size_t i, n = 0;

	load_builtin(cat);
	for (i = 0; i < 30; i++) {
		const struct clause *c = catalog_find_clause(cat, requirements[i]);
		if (!c || !c->requirement)
			fail_msg("clause %s is not a requirement", requirements[i]);
		assert_non_null(c->summary);
		assert_non_null(c->prompt);
		assert_true(strlen(c->title) > 3);
	}
	for (i = 0; i < cat->clause_count; i++) {
		const struct clause *c = &cat->clauses[i];
		if (c->requirement)
			n++;
		/* A parent is listed before its children and is a prefix of their ids. */
		if (c->parent) {
			const struct clause *parent = catalog_find_clause(cat, c->parent);
			assert_non_null(parent);
			assert_true(parent < c);
			assert_prefix(c->id, c->parent);
			assert_int_equal(c->id[strlen(c->parent)], '.');
		}
	}
	assert_int_equal(n, 30);
	/* Groupings are not requirements themselves. */
	assert_false(catalog_find_clause(cat, "6.1")->requirement);
	assert_false(catalog_find_clause(cat, "9.2")->requirement);
	assert_false(catalog_find_clause(cat, "4")->requirement);
	assert_string_equal(catalog_find_clause(cat, "4.3")->title,
			    "Determining the scope of the information security management system");
	assert_string_equal(catalog_find_clause(cat, "9.2.1")->parent, "9.2");
	assert_null(catalog_find_clause(cat, "11"));
	assert_null(catalog_find_clause(cat, "A.5.1"));
}

static void test_annex_a(void **state)
{
	/* Themes of ISO/IEC 27001:2022 Annex A: clause number and number of controls. */
	static const struct {
		const char *id, *clause;
		int count;
	} themes[] = {
		{ "organizational", "5", 37 },
		{ "people", "6", 8 },
		{ "physical", "7", 14 },
		{ "technological", "8", 34 },
	};
	static const char *const titles[][2] = {
		{ "5.1", "Policies for information security" },
		{ "5.7", "Threat intelligence" },
		{ "5.23", "Information security for use of cloud services" },
		{ "5.30", "ICT readiness for business continuity" },
		{ "6.3", "Information security awareness, education and training" },
		{ "7.4", "Physical security monitoring" },
		{ "8.12", "Data leakage prevention" },
		{ "8.28", "Secure coding" },
		{ "8.34", "Protection of information systems during audit testing" },
		/* as Annex A of the standard writes them, not the shorter ISO/IEC 27002 forms */
		{ "5.21", "Managing information security in the information and communication "
			  "technology (ICT) supply chain" },
		{ "5.34", "Privacy and protection of personal identifiable information (PII)" },
		{ "8.1", "User end point devices" },
	};
	/* The eleven controls the 2022 edition added. */
	static const char *const added[] = { "5.7",  "5.23", "5.30", "7.4",  "8.9", "8.10",
					     "8.11", "8.12", "8.16", "8.23", "8.28" };
	size_t n_new = 0;
	struct fixture *f = *state;
	struct catalog *cat = &f->cat;
	size_t i, t, next[4] = { 1, 1, 1, 1 };
	char want[16];

	load_builtin(cat);
	assert_int_equal(cat->control_count, 93);
	assert_int_equal(cat->theme_count, 4);
	for (t = 0; t < 4; t++) {
		assert_string_equal(cat->themes[t].id, themes[t].id);
		assert_string_equal(cat->themes[t].clause, themes[t].clause);
	}
	/* Controls in order, numbered 1..n within their theme's clause. */
	for (i = 0; i < cat->control_count; i++) {
		const struct control *c = &cat->controls[i];
		for (t = 0; t < 4 && strcmp(c->theme, themes[t].id) != 0; t++)
			;
		if (t == 4)
			fail_msg("control %s has theme '%s'", c->id, c->theme);
		snprintf(want, sizeof(want), "%s.%zu", themes[t].clause, next[t]++);
		assert_string_equal(c->id, want);
		assert_non_null(c->control_type[0]);
		assert_non_null(c->properties[0]);
		assert_non_null(c->concepts[0]);
		assert_non_null(c->capabilities[0]);
		assert_non_null(c->domains[0]);
		assert_true(strlen(c->description) > 10);
		assert_true(strlen(c->prompt) > 10);
	}
	for (t = 0; t < 4; t++)
		assert_int_equal(next[t] - 1, themes[t].count);
	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		const struct control *c = catalog_find_control(cat, titles[i][0]);
		assert_non_null(c);
		assert_string_equal(c->title, titles[i][1]);
	}
	for (i = 0; i < cat->control_count; i++)
		n_new += cat->controls[i].new_in_2022;
	assert_int_equal(n_new, 11);
	for (i = 0; i < 11; i++) {
		char item[16];
		snprintf(item, sizeof(item), "A.%s", added[i]);
		assert_true(catalog_new_in_2022(cat, item));
	}
	assert_false(catalog_new_in_2022(cat, "A.5.1"));
	assert_true(catalog_new_in_2022(cat, "6.3")); /* clause 6.3 Planning of changes */
	assert_false(catalog_new_in_2022(cat, "6.2"));
	assert_false(catalog_new_in_2022(cat, "A.9.9"));
	assert_null(catalog_find_control(cat, "5.38"));
	assert_null(catalog_find_control(cat, "6.9"));
	assert_null(catalog_find_control(cat, "A.5.1"));
}

/* Writes name into the fixture's data dir and expects catalog_load to refuse it. */
static void expect_refused(struct fixture *f, const char *name, const char *text,
			   const char *where, const char *what)
{
	struct ims2_error err;
	char *path = test_path(f->dir, name), *prefix;

	test_write(path, text);
	prefix = malloc(strlen(path) + strlen(where) + 2);
	sprintf(prefix, "%s:%s", path, where);
	catalog_release(&f->cat);
	assert_int_equal(catalog_load(&f->cat, f->dir, &err), IMS2_USAGE);
	assert_prefix(err.message, prefix);
	assert_contains(err.message, what);
	catalog_release(&f->cat);
	unlink(path);
	free(prefix);
	free(path);
}

/* One Annex A control of theme people with one attribute line given. */
#define ANNEXA_HEAD "themes:\n  - {id: people, clause: \"6\", name: People controls}\ncontrols:\n"
static const char one_control[] = ANNEXA_HEAD "  - id: \"6.1\"\n"
					      "    title: Screening\n"
					      "    theme: %s\n"
					      "    control_type: [preventive]\n"
					      "    properties: [%s]\n"
					      "    concepts: [identify]\n"
					      "    capabilities: [human_resource_security]\n"
					      "    domains: [governance_and_ecosystem]\n"
					      "    description: Candidates are checked.\n"
					      "    prompt: How?\n";

static void test_data_dir(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char text[1024];

	/* A valid annexa.yaml in the data dir replaces the built-in one; the rest stay. */
	snprintf(text, sizeof(text), one_control, "people", "confidentiality");
	{
		char *path = test_path(f->dir, "annexa.yaml");
		test_write(path, text);
		free(path);
	}
	assert_int_equal(catalog_load(&f->cat, f->dir, &err), IMS2_OK);
	assert_int_equal(f->cat.control_count, 1);
	assert_string_equal(f->cat.controls[0].title, "Screening");
	assert_int_equal(f->cat.step_count, 21);
	/* A copy without the 2022 marks (an older workspace's) still knows the additions. */
	assert_false(f->cat.controls[0].new_in_2022);
	assert_true(catalog_new_in_2022(&f->cat, "A.8.28"));
	assert_true(catalog_new_in_2022(&f->cat, "6.3"));
	assert_false(catalog_new_in_2022(&f->cat, "A.6.1"));
	catalog_release(&f->cat);

	expect_refused(f, "annexa.yaml", ANNEXA_HEAD "  - id: \"6.1\"\n    title: [Screening\n",
		       "6:1:", "did not find expected");
	expect_refused(f, "annexa.yaml", ANNEXA_HEAD "  - id: \"6.1\"\n    title: a: b\n", "5:13:",
		       "mapping values are not allowed");
	snprintf(text, sizeof(text), one_control, "people", "secrecy");
	expect_refused(f, "annexa.yaml", text, "8:18:",
		       "'secrecy' is not a known value of properties");
	snprintf(text, sizeof(text), one_control, "staff", "integrity");
	expect_refused(f, "annexa.yaml", text, "6:12:", "unknown theme 'staff'");
	/* A control numbered outside its theme's clause. */
	snprintf(text, sizeof(text), one_control, "people", "integrity");
	text[strlen(ANNEXA_HEAD) + 9] = '7';
	expect_refused(f, "annexa.yaml", text, "4:5:", "control 7.1 does not belong to theme people");
	expect_refused(f, "annexa.yaml", ANNEXA_HEAD "  - id: \"6.1\"\n    colour: red\n", "5:5:",
		       "unknown key 'colour'");
	/* The mark of the 2022 edition is true or false, nothing else. */
	snprintf(text, sizeof(text), one_control, "people", "integrity");
	strcat(text, "    new_in_2022: maybe\n");
	expect_refused(f, "annexa.yaml", text, "14:18:", "new_in_2022 must be true or false");
	expect_refused(f, "clauses.yaml", "clauses:\n  - {id: \"4\", title: A}\n"
					  "  - {id: \"4\", title: B}\n",
		       "3:5:", "clause '4' is listed twice");
	expect_refused(f, "clauses.yaml", "clauses:\n  - {id: \"4.1\", parent: \"4\", title: A}\n",
		       "2:5:", "parent '4'");
	expect_refused(f, "method.yaml", "phases: 3\n", "1:9:", "must be a non-empty list");
	expect_refused(f, "method.yaml",
		       "phases:\n  - id: p\n    name: P\n    steps:\n"
		       "      - {id: \"1.1\", name: A}\n      - {id: \"1.1\", name: B}\n",
		       "6:9:", "step '1.1' is listed twice");
	expect_refused(f, "method.yaml", "x: &a 1\nphases: *a\n", "1:4:",
		       "anchors are not supported");
}

static void test_cross_check(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	char *path = test_path(f->dir, "method.yaml");

	/* A step that serves a clause the clause catalog lacks. */
	test_write(path, "phases:\n  - id: plan\n    name: Plan\n    steps:\n"
			 "      - {id: \"1.1\", name: Start, clauses: [\"4.1\", \"11.2\"]}\n");
	assert_int_equal(catalog_load(&f->cat, f->dir, &err), IMS2_USAGE);
	assert_contains(err.message, "1.1");
	assert_contains(err.message, "11.2");
	catalog_release(&f->cat);
	/* A missing data dir file falls back to the built-in one; an empty one is refused. */
	test_write(path, "");
	assert_int_equal(catalog_load(&f->cat, f->dir, &err), IMS2_USAGE);
	assert_prefix(err.message, path);
	assert_contains(err.message, ":1:1: the file is empty");
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_method, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clauses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_annex_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cross_check, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
