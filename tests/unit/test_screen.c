/*
 * Screen files: every built-in one loads, agrees with the catalogs and with the schema the
 * migrations create; bad files in a data directory are refused with file:line:column.
 */
#include "testutil.h"

#include "ims2/catalog.h"
#include "ims2/record.h"
#include "ims2/registry.h"
#include "ims2/screen.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

struct fixture {
	char *dir;
	struct catalog cat;
	struct screen_set set;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;

	test_fixed_clock();
	f->dir = test_dir_new();
	catalog_init(&f->cat);
	if (catalog_load(&f->cat, NULL, &err))
		fail_msg("%s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	screen_set_release(&f->set);
	catalog_release(&f->cat);
	test_tree_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void test_builtin(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	size_t s, r, i, j, registers = 0;

	assert_int_equal(screen_set_load(&f->set, &f->cat, NULL, &err), IMS2_OK);
	assert_int_equal(f->set.count, 21);
	for (s = 0; s < f->set.count; s++) {
		const struct screen *scr = &f->set.screens[s];
		assert_string_equal(scr->step, f->cat.steps[s].id);
		assert_ptr_equal(screen_set_find(&f->set, f->cat.steps[s].id), scr);
		assert_true(strlen(scr->guidance) > 100);
		assert_true(scr->activity_count > 0);
		/* A step either captures records or says what comes later. */
		assert_true(scr->reg_count > 0 || (scr->later && *scr->later));
		for (i = 0; i < scr->activity_count; i++)
			for (j = 0; j < i; j++)
				assert_string_not_equal(scr->activities[i].id,
							scr->activities[j].id);
		for (r = 0; r < scr->reg_count; r++) {
			const struct reg *reg = &scr->regs[r];
			registers++;
			assert_string_equal(reg->step, scr->step);
			assert_ptr_equal(screen_set_find_register(&f->set, reg->table), reg);
			assert_true(reg->field_count > 0);
			for (i = 0; i < reg->field_count; i++) {
				const struct field *fld = &reg->fields[i];
				assert_int_equal(reg_field_index(reg, fld->name), (int)i);
				assert_true(fld->max > 0);
				if (fld->type == FIELD_CHOICE) {
					assert_true(fld->choice_count > 0);
					assert_non_null(field_default(fld));
				}
				if (fld->type == FIELD_REF)
					assert_non_null(screen_set_find_register(&f->set, fld->ref));
				if (fld->required_if_field)
					assert_true(reg_field_index(reg, fld->required_if_field) >= 0);
			}
		}
	}
	assert_true(registers >= 20);
	/* Spot checks of the scope screen that the record tests rely on. */
	{
		const struct reg *reg = screen_set_find_register(&f->set, "scope_element");
		int j2 = reg_field_index(reg, "justification");
		assert_string_equal(reg->step, "1.5");
		assert_true(j2 >= 0);
		assert_string_equal(reg->fields[j2].required_if_field, "in_scope");
		assert_string_equal(reg->fields[j2].required_if_value, "out");
		assert_string_equal(field_default(&reg->fields[reg_field_index(reg, "in_scope")]),
				    "in");
		assert_null(field_default(&reg->fields[0]));
	}
	assert_null(screen_set_find(&f->set, "9.9"));
	assert_null(screen_set_find_register(&f->set, "sqlite_schema"));
	assert_string_equal(field_type_name(FIELD_REF), "ref");
}

/* Every register of every screen file against a freshly migrated workspace. */
static void test_schema(void **state)
{
	struct fixture *f = *state;
	struct workspace ws;
	struct ims2_error err;
	char *path = test_path(f->dir, "ws.ims2");
	size_t s, r, i;

	if (workspace_create(&ws, path, "Screen Test Ltd", NULL, &err))
		fail_msg("%s", err.message);
	assert_int_equal(workspace_check_screens(&ws, &err), IMS2_OK);
	/* And independently: every field is a column that SQLite can select. */
	for (s = 0; s < ws.screens.count; s++) {
		for (r = 0; r < ws.screens.screens[s].reg_count; r++) {
			const struct reg *reg = &ws.screens.screens[s].regs[r];
			struct strbuf sql = { 0 };
			sqlite3_stmt *st;
			strbuf_adds(&sql, "SELECT id, rev");
			for (i = 0; i < reg->field_count; i++)
				strbuf_addf(&sql, ", \"%s\"", reg->fields[i].name);
			strbuf_addf(&sql, " FROM \"%s\"", reg->table);
			if (sqlite3_prepare_v2(store_db(ws.store), sql.buf, -1, &st, NULL))
				fail_msg("%s: %s", sql.buf, sqlite3_errmsg(store_db(ws.store)));
			sqlite3_finalize(st);
			strbuf_release(&sql);
		}
	}
	workspace_close(&ws);
	free(path);
}

/* Every row of the registry names a register a screen file declares: a typo is no silent no-op. */
static void test_registry(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	size_t count, i;
	const struct register_hooks *hooks = registry_all(&count);

	assert_int_equal(screen_set_load(&f->set, &f->cat, NULL, &err), IMS2_OK);
	assert_true(count > 0);
	for (i = 0; i < count; i++) {
		if (!screen_set_find_register(&f->set, hooks[i].table))
			fail_msg("registry row %s: no screen file declares it", hooks[i].table);
		assert_ptr_equal(registry_find(hooks[i].table), &hooks[i]);
		assert_true(hooks[i].derive || hooks[i].report_md || hooks[i].seed);
	}
	assert_null(registry_find("scope_element"));
}

/* A declared seed (screens/1.7.yaml, threats) fills a new workspace once: deleted rows stay so. */
static void test_seed_once(void **state)
{
	struct fixture *f = *state;
	struct workspace ws;
	struct ims2_error err;
	char *path = test_path(f->dir, "seed.ims2");
	const struct reg *threats;
	long long count, id;

	if (workspace_create(&ws, path, "Seed Ltd", NULL, &err))
		fail_msg("%s", err.message);
	threats = screen_set_find_register(&ws.screens, "threat");
	assert_non_null(threats->seed_file);
	assert_int_equal(record_count(ws.store, threats, &count, &err), IMS2_OK);
	assert_true(count >= 50);
	for (id = 1; id <= count; id++)
		assert_int_equal(record_delete(ws.store, &ws.screens, threats, id, &err), IMS2_OK);
	workspace_close(&ws);
	if (workspace_open(&ws, path, 0, NULL, &err))
		fail_msg("%s", err.message);
	threats = screen_set_find_register(&ws.screens, "threat"); /* the screens are new */
	assert_int_equal(record_count(ws.store, threats, &count, &err), IMS2_OK);
	assert_int_equal(count, 0);
	workspace_close(&ws);
	free(path);
}

#define HEAD_15                                                                             \
	"step: \"1.5\"\nguidance: Scope.\nactivities:\n  - {id: elements, text: List them.}\n"

/* Writes DIR/screens/1.5.yaml and expects the load to fail at `where` with `what`. */
static void expect_refused(struct fixture *f, const char *text, const char *where,
			   const char *what)
{
	struct ims2_error err;
	char *screens = test_path(f->dir, "screens"), *path = test_path(screens, "1.5.yaml");
	char prefix[512];

	mkdir(screens, 0755);
	test_write(path, text);
	snprintf(prefix, sizeof(prefix), "%s:%s", path, where);
	screen_set_release(&f->set);
	assert_int_equal(screen_set_load(&f->set, &f->cat, f->dir, &err), IMS2_USAGE);
	if (*where)
		assert_prefix(err.message, prefix);
	assert_contains(err.message, what);
	screen_set_release(&f->set);
	free(path);
	free(screens);
}

static void test_refused(void **state)
{
	struct fixture *f = *state;

	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: name, label: N, type: blob}\n",
		       "9:38:", "unknown field type 'blob'");
	expect_refused(f, HEAD_15, "1:1:", "a step without registers must say what comes 'later'");
	expect_refused(f, HEAD_15 "registers: []\n", "1:1:", "'later'");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: name, label: N, type: text}\n"
				  "      - name: why\n        label: W\n        type: text\n"
				  "        required_if: {field: in_scope, value: out}\n",
		       "10:9:", "required_if names 'in_scope', which is not a field here");
	expect_refused(f, "step: \"1.6\"\nguidance: g\nactivities:\n  - {id: a, text: t}\nlater: x\n",
		       "1:7:", "the file is for step 1.5 but says '1.6'");
	expect_refused(f, HEAD_15 "later: x\ncolour: red\n", "6:1:", "unknown key 'colour'");
	expect_refused(f, "step: \"1.5\"\nguidance: g\nlater: x\n", "1:1:", "'activities'");
	expect_refused(f, HEAD_15 "  - {id: elements, text: Again.}\nlater: x\n", "5:5:",
		       "activity id 'elements' is used twice");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: kind, label: K, type: choice}\n",
		       "9:9:", "needs a list of choices");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: Name, label: N, type: text}\n",
		       "9:9:", "field name 'Name'");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: text}\n"
				  "      - {name: a, label: B, type: text}\n",
		       "10:9:", "field 'a' is listed twice");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: owner, label: O, type: ref, ref: nowhere}\n",
		       "", "refers to 'nowhere', which no step declares");
	expect_refused(f, HEAD_15 "registers:\n  - table: project_objective\n    title: S\n"
				  "    fields:\n      - {name: objective, label: O, type: text}\n",
		       "", "table project_objective is declared by two steps");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: refs}\n",
		       "9:9:", "needs 'ref: TABLE'");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: controls, ref: risk}\n",
		       "9:9:", "only ref and refs fields have 'ref'");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: text, backlink: B}\n",
		       "9:9:", "only ref and refs fields have 'backlink'");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: ref, ref: person,"
				  " single: true}\n",
		       "9:9:", "only refs fields are 'single'");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: refs, ref: nowhere}\n",
		       "", "refers to 'nowhere', which no step declares");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    fields:\n      - {name: a, label: A, type: text, max: lots}\n",
		       "9:9:", "whole numbers");
	/* ask: the form's order names fields of the register, each once, every required one. */
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    ask: [name, colour]\n"
				  "    fields:\n      - {name: name, label: N, type: text}\n",
		       "8:10:", "ask names 'colour', which is not a field of scope_element");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    ask: [name, name]\n"
				  "    fields:\n      - {name: name, label: N, type: text}\n",
		       "8:10:", "ask names 'name' twice");
	expect_refused(f, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n"
				  "    ask: [kind]\n    fields:\n"
				  "      - {name: name, label: N, type: text}\n"
				  "      - {name: kind, label: K, type: text}\n",
		       "8:10:", "ask leaves out 'name'; only read-only fields may be left out");
}

/* A screen file that loads but does not match the schema: the workspace is not created. */
static void test_schema_mismatch(void **state)
{
	struct fixture *f = *state;
	struct workspace ws;
	struct ims2_error err;
	char *screens = test_path(f->dir, "screens"), *yaml = test_path(screens, "1.5.yaml");
	char *path = test_path(f->dir, "ws.ims2");

	mkdir(screens, 0755);
	test_write(yaml, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n    fields:\n"
				 "      - {name: name, label: N, type: text, required: true}\n"
				 "      - {name: kind, label: K, type: text, required: true}\n"
				 "      - {name: in_scope, label: I, type: text}\n"
				 "      - {name: justification, label: J, type: text}\n"
				 "      - {name: description, label: D, type: text}\n"
				 "      - {name: colour, label: C, type: text}\n");
	assert_int_equal(workspace_create(&ws, path, "Mismatch Ltd", f->dir, &err), IMS2_USAGE);
	assert_contains(err.message, "colour");
	assert_contains(err.message, "scope_element");
	assert_false(test_exists(path));
	/* A NOT NULL column must be a required field. */
	test_write(yaml, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n    fields:\n"
				 "      - {name: name, label: N, type: text}\n"
				 "      - {name: kind, label: K, type: text, required: true}\n"
				 "      - {name: in_scope, label: I, type: text}\n"
				 "      - {name: justification, label: J, type: text}\n"
				 "      - {name: description, label: D, type: text}\n");
	assert_int_equal(workspace_create(&ws, path, "Mismatch Ltd", f->dir, &err), IMS2_USAGE);
	assert_contains(err.message, "scope_element.name must be required");
	assert_false(test_exists(path));
	/* A column the screen leaves out. */
	test_write(yaml, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n    fields:\n"
				 "      - {name: name, label: N, type: text, required: true}\n"
				 "      - {name: kind, label: K, type: text, required: true}\n");
	assert_int_equal(workspace_create(&ws, path, "Mismatch Ltd", f->dir, &err), IMS2_USAGE);
	assert_contains(err.message, "no field for column in_scope");
	assert_false(test_exists(path));
	/* A register table that no screen file declares any more. */
	test_write(yaml, HEAD_15 "later: Nothing here.\n");
	assert_int_equal(workspace_create(&ws, path, "Mismatch Ltd", f->dir, &err), IMS2_USAGE);
	assert_contains(err.message, "table scope_element of the workspace is declared by no screen");
	assert_false(test_exists(path));
	/* A field whose type the column cannot hold. */
	test_write(yaml, HEAD_15 "registers:\n  - table: scope_element\n    title: S\n    fields:\n"
				 "      - {name: name, label: N, type: text, required: true}\n"
				 "      - {name: kind, label: K, type: text, required: true}\n"
				 "      - {name: in_scope, label: I, type: text}\n"
				 "      - {name: justification, label: J, type: number}\n"
				 "      - {name: description, label: D, type: text}\n");
	assert_int_equal(workspace_create(&ws, path, "Mismatch Ltd", f->dir, &err), IMS2_USAGE);
	assert_contains(err.message, "scope_element.justification is a number field but a TEXT column");
	assert_false(test_exists(path));
	free(path);
	free(yaml);
	free(screens);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_mismatch, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
