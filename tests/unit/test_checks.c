/*
 * Checks: declared ones give structured findings (register, record, field, message), a check
 * that fails to run is a status and a message, never "no findings", and a screen file whose
 * check does not fit the schema is refused at load with file:line:column.
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/record.h"
#include "ims2/workspace.h"

#include "testws.h"

static long long insert(struct fixture *f, const char *table, const char *const *values)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);
	struct ims2_error err;
	long long id = 0;

	assert_non_null(reg);
	if (record_insert(f->ws.store, reg, values, &id, &err) != IMS2_OK)
		fail_msg("insert into %s: %s", table, err.message);
	return id;
}

/* 1.1: a milestone due in its owner's absence, declared in screens/1.1.yaml. */
static void test_declared_findings(void **state)
{
	struct fixture *f = *state;
	struct check_report report;
	char member[32];
	long long m, due;

	assert_int_equal(checks_run(&f->ws, "1.1", &report), IMS2_OK);
	assert_int_equal(report.count, 0);
	check_report_release(&report);
	/* A project member is a person of 2.1, named by the check. */
	insert(f, "person", (const char *[]){ "Ada", NULL, NULL, NULL, NULL });
	m = insert(f, "project_member",
		   (const char *[]){ "Ada", "project manager", NULL, "50", NULL });
	snprintf(member, sizeof(member), "%lld", m);
	insert(f, "member_absence",
	       (const char *[]){ member, "2026-07-01", "2026-07-20", "Holiday" });
	due = insert(f, "milestone",
		     (const char *[]){ "Risk workshop", "2026-07-10", member, "planned", NULL });
	insert(f, "milestone", (const char *[]){ "Kick-off", "2026-06-01", member, "planned", NULL });
	assert_int_equal(checks_run(&f->ws, "1.1", &report), IMS2_OK);
	assert_int_equal(report.count, 1);
	assert_string_equal(report.findings[0].table, "milestone");
	assert_int_equal(report.findings[0].record, due);
	assert_string_equal(report.findings[0].field, "due_date");
	assert_string_equal(report.findings[0].message,
			    "Milestone 'Risk workshop' (due 2026-07-10) falls in Ada's absence, "
			    "2026-07-01 to 2026-07-20.");
	check_report_release(&report);
	/* Other steps' checks do not run here. */
	assert_int_equal(checks_run(&f->ws, "1.5", &report), IMS2_OK);
	assert_int_equal(report.count, 0);
	check_report_release(&report);
}

#define HEAD_15                                                                             \
	"step: \"1.5\"\nguidance: Scope.\nactivities:\n  - {id: elements, text: List them.}\n"
#define REGS_15                                                                             \
	"registers:\n  - table: scope_element\n    title: S\n    fields:\n"                     \
	"      - {name: name, label: N, type: text, required: true}\n"                          \
	"      - {name: kind, label: K, type: text, required: true}\n"                          \
	"      - {name: in_scope, label: I, type: text, required: true}\n"                      \
	"      - {name: justification, label: J, type: text}\n"                                 \
	"      - {name: description, label: D, type: text}\n"

/*
 * Creates a workspace with DIR/screens/1.5.yaml = HEAD_15, checks (from line 5), REGS_15 and
 * the step's other registers; returns the status.
 */
static int create_with(struct fixture *f, const char *checks, struct workspace *ws,
		       struct ims2_error *err)
{
	char *screens = test_path(f->dir, "screens"), *yaml = test_path(screens, "1.5.yaml");
	char *tail = test_screen_tail("1.5", "  - table: scope_interface");
	char *text = xasprintf("%s%s%s%s", HEAD_15, checks, REGS_15, tail);
	char *path = test_path(f->dir, "other.ims2");
	int rc;

	mkdir(screens, 0755);
	test_write(yaml, text);
	unlink(path);
	rc = workspace_create(ws, path, "Checks Ltd", f->dir, err);
	if (!rc)
		assert_true(test_exists(path));
	else
		assert_false(test_exists(path));
	free(text);
	free(tail);
	free(path);
	free(yaml);
	free(screens);
	return rc;
}

static void expect_refused(struct fixture *f, const char *checks, const char *where,
			   const char *what)
{
	struct workspace ws;
	struct ims2_error err;

	assert_int_equal(create_with(f, checks, &ws, &err), IMS2_USAGE);
	assert_contains(err.message, where);
	assert_contains(err.message, what);
}

static void test_refused(void **state)
{
	struct fixture *f = *state;

	expect_refused(f, "checks:\n  - {id: a, register: scope_element, query: SELECT nonsense}\n",
		       "1.5.yaml:6:", "check a: the query does not prepare");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, "
			  "query: 'SELECT id, name FROM scope_element'}\n",
		       "1.5.yaml:6:", "must return the columns id and message");
	expect_refused(f, "checks:\n  - {id: a, register: nowhere, "
			  "query: 'SELECT id, name AS message FROM scope_element'}\n",
		       "1.5.yaml:6:", "check a names register 'nowhere'");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, field: colour, "
			  "query: 'SELECT id, name AS message FROM scope_element'}\n",
		       "1.5.yaml:6:", "check a names field 'colour'");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, "
			  "query: 'SELECT id, name AS message FROM scope_element WHERE name = :x'}\n",
		       "1.5.yaml:6:", "unknown parameter :x");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, "
			  "query: 'DELETE FROM scope_element RETURNING id, name AS message'}\n",
		       "1.5.yaml:6:", "must only read");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, "
			  "query: 'SELECT id, name AS message FROM scope_element; "
			  "DELETE FROM scope_element'}\n",
		       "1.5.yaml:6:", "must be one SQL statement");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, query: ' -- nothing'}\n",
		       "1.5.yaml:6:", "must be one SQL statement");
	expect_refused(f, "checks:\n  - {id: a, register: scope_element, colour: red, "
			  "query: 'SELECT id, name AS message FROM scope_element'}\n",
		       "1.5.yaml:6:", "unknown key 'colour'");
}

/* A check that prepares but fails as it runs is an error, and the others still report. */
static void test_failure_is_not_silence(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg;
	struct check_report report;
	struct workspace ws;
	struct ims2_error err;
	long long id;

	assert_int_equal(create_with(f,
				     "checks:\n"
				     "  - id: broken\n    register: scope_element\n"
				     "    query: SELECT id, json_extract(name, '$') AS message "
				     "FROM scope_element WHERE :today > '2000'\n"
				     "  - id: named\n    register: scope_element\n    field: name\n"
				     "    query: SELECT id, 'Named ' || name AS message FROM scope_element\n",
				     &ws, &err),
			 IMS2_OK);
	reg = screen_set_find_register(&ws.screens, "scope_element");
	assert_int_equal(checks_run(&ws, "1.5", &report), IMS2_OK);
	assert_int_equal(report.count, 0);
	check_report_release(&report);
	assert_int_equal(record_insert(ws.store, reg,
				       (const char *[]){ "not json", "site", "in", NULL, NULL }, &id,
				       &err),
			 IMS2_OK);
	assert_int_equal(checks_run(&ws, "1.5", &report), IMS2_WORKSPACE);
	assert_contains(report.error.message, "the check 'broken' could not run");
	assert_int_equal(report.count, 1);
	assert_string_equal(report.findings[0].message, "Named not json");
	assert_string_equal(report.findings[0].field, "name");
	assert_int_equal(report.findings[0].record, id);
	check_report_release(&report);
	workspace_close(&ws);
}

/* Field rules declared in the screen file, reported on the field in our words. */
static void test_field_rules(void **state)
{
	struct fixture *f = *state;
	const struct reg *members = screen_set_find_register(&f->ws.screens, "project_member");
	const struct reg *scope;
	struct workspace ws;
	struct ims2_error err;
	long long id;
	int bad;

	/* range: [0, 100] on availability. */
	assert_int_equal(record_validate(members,
					 (const char *[]){ "Ada", "member", NULL, "-5", NULL }, &bad,
					 &err),
			 IMS2_INVALID);
	assert_int_equal(bad, 3);
	assert_string_equal(err.message, "Avail % must be between 0 and 100");
	assert_int_equal(record_validate(members,
					 (const char *[]){ "Ada", "member", NULL, "100.5", NULL },
					 &bad, &err),
			 IMS2_INVALID);
	assert_int_equal(record_validate(members,
					 (const char *[]){ "Ada", "member", NULL, "100", NULL }, &bad,
					 &err),
			 IMS2_OK);
	/* unique: true, and a CHECK of the schema that the screen does not mirror. */
	assert_int_equal(create_with(f, "", &ws, &err), IMS2_OK);
	workspace_close(&ws);
	{
		char *screens = test_path(f->dir, "screens"), *yaml = test_path(screens, "1.5.yaml");
		char *tail = test_screen_tail("1.5", "  - table: scope_interface");
		char *text = xasprintf(
			"step: \"1.5\"\nguidance: g\nactivities:\n  - {id: a, text: t}\n"
			"registers:\n  - table: scope_element\n    title: Scope\n    fields:\n"
			"      - {name: name, label: Element, type: text, required: true, unique: true}\n"
			"      - {name: kind, label: K, type: text, required: true}\n"
			"      - {name: in_scope, label: I, type: text, required: true}\n"
			"      - {name: justification, label: J, type: text}\n"
			"      - {name: description, label: D, type: text}\n%s",
			tail);
		test_write(yaml, text);
		free(text);
		free(tail);
		free(yaml);
		free(screens);
	}
	{
		char *path = test_path(f->dir, "rules.ims2");
		assert_int_equal(workspace_create(&ws, path, "Rules Ltd", f->dir, &err), IMS2_OK);
		free(path);
	}
	scope = screen_set_find_register(&ws.screens, "scope_element");
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "HQ", "site", "in", NULL, NULL }, &id, &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "HQ", "site", "in", NULL, NULL }, &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Element 'HQ' is already used by record 1");
	/* The form asks first, and puts the cursor on the field. */
	bad = -1;
	assert_int_equal(record_check(ws.store, scope,
				      0, (const char *[]){ "HQ", "site", "in", NULL, NULL }, &bad,
				      &err),
			 IMS2_INVALID);
	assert_int_equal(bad, 0);
	assert_int_equal(record_check(ws.store, scope,
				      1, (const char *[]){ "HQ", "site", "in", NULL, NULL }, &bad,
				      &err),
			 IMS2_OK);
	/* Saving the same record again is not a clash with itself. */
	assert_int_equal(record_update(ws.store, scope, 1, 1,
				       (const char *[]){ "HQ", "site", "in", NULL, "Head office" },
				       &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "Lab", "site", "out", NULL, NULL }, &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Scope: a value breaks a rule of this register");
	workspace_close(&ws);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_declared_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_is_not_silence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_rules, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
