/*
 * The risk register of a workspace: values inherited from primary assets, a risk's impact
 * taken from its asset, and the workspace's acceptance criteria.
 */
#include "testutil.h"

#include "ims2/record.h"
#include "ims2/riskreg.h"
#include "ims2/workspace.h"

static long long add(struct workspace *ws, const char *table, const char *const *pairs)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, table);
	const char **values = calloc(reg->field_count, sizeof(*values));
	struct ims2_error err;
	long long id;
	size_t i;

	for (i = 0; i < reg->field_count; i++)
		values[i] = field_default(&reg->fields[i]);
	for (i = 0; pairs[i]; i += 2)
		values[reg_field_index(reg, pairs[i])] = pairs[i + 1];
	if (record_insert(ws->store, reg, values, &id, &err))
		fail_msg("%s: %s", table, err.message);
	free(values);
	return id;
}

static void test_inheritance(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	struct record rec;
	const struct reg *risk;
	char dir[64], path[128], ids[3][32];
	long long orders, patients, server, r;
	int cia[3];

	(void)state;
	test_fixed_clock();
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Assets Ltd", NULL, &err), IMS2_OK);
	orders = add(&ws, "asset", (const char *[]){ "name", "Orders", "category", "primary",
						    "confidentiality", "2", "integrity", "4",
						    "availability", "3", NULL });
	patients = add(&ws, "asset", (const char *[]){ "name", "Patients", "category", "primary",
						      "confidentiality", "5", "integrity", "3", NULL });
	server = add(&ws, "asset", (const char *[]){ "name", "Server", "category", "supporting",
						    "type", "hardware", "availability", "5", NULL });
	/* Not yet serving anything: its own values only. */
	riskreg_asset_values(ws.store, server, cia);
	assert_int_equal(cia[0], -1);
	assert_int_equal(cia[2], 5);
	snprintf(ids[0], sizeof(ids[0]), "%lld", server);
	snprintf(ids[1], sizeof(ids[1]), "%lld", orders);
	snprintf(ids[2], sizeof(ids[2]), "%lld", patients);
	add(&ws, "asset_dependency", (const char *[]){ "supporting", ids[0], "primary_asset", ids[1],
						       NULL });
	add(&ws, "asset_dependency", (const char *[]){ "supporting", ids[0], "primary_asset", ids[2],
						       NULL });
	/* The highest of its own and those it serves: C max(2, 5), I max(4, 3), A max(5, 3). */
	riskreg_asset_values(ws.store, server, cia);
	assert_int_equal(cia[0], 5);
	assert_int_equal(cia[1], 4);
	assert_int_equal(cia[2], 5);
	/* A risk on the server without impact takes these values: impact 5, critical at 4. */
	r = add(&ws, "risk", (const char *[]){ "title", "Server lost", "asset", ids[0], "likelihood",
					       "4", NULL });
	risk = screen_set_find_register(&ws.screens, "risk");
	assert_int_equal(record_get(ws.store, risk, r, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(risk, "impact_c")], "5");
	assert_string_equal(rec.values[reg_field_index(risk, "impact")], "5");
	assert_string_equal(rec.values[reg_field_index(risk, "inherent_level")], "Critical");
	record_release(&rec);
	workspace_close(&ws);
	test_dir_remove(dir);
}

static void test_criteria(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	struct risk_method m;
	const struct reg *reg;
	const char *values[4] = { "5x5", "low", "critical", NULL };
	char dir[64], path[128];

	(void)state;
	test_fixed_clock();
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Criteria Ltd", NULL, &err), IMS2_OK);
	reg = screen_set_find_register(&ws.screens, "risk_settings");
	assert_int_equal(reg_field_index(reg, "method"), 0);
	/* The method's own criteria first: medium may be accepted, high must be treated. */
	assert_int_equal(riskreg_method(ws.store, &m, &err), IMS2_OK);
	assert_string_equal(m.levels[m.owner_may_accept].label, "Medium");
	assert_string_equal(m.levels[m.must_treat].label, "High");
	risk_method_release(&m);
	assert_int_equal(record_update(ws.store, reg, 1, -1, values, &err), IMS2_OK);
	assert_int_equal(riskreg_method(ws.store, &m, &err), IMS2_OK);
	assert_string_equal(m.levels[m.owner_may_accept].label, "Low");
	assert_string_equal(m.levels[m.must_treat].label, "Critical");
	risk_method_release(&m);
	values[1] = "huge";
	assert_int_equal(record_update(ws.store, reg, 1, -1, values, &err), IMS2_INVALID);
	assert_string_equal(err.message,
			    "'huge' is not a level of the method (Low, Medium, High, Critical)");
	values[1] = "high";
	values[2] = "medium";
	assert_int_equal(record_update(ws.store, reg, 1, -1, values, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Must treat must be a higher level than Owner may accept");
	workspace_close(&ws);
	test_dir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_criteria),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
