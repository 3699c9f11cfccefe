/*
 * The risk register of a workspace: values inherited from primary assets, a risk's impact
 * taken from its asset, and the workspace's acceptance criteria.
 */
#include "testutil.h"

#include "ims2/record.h"
#include "ims2/checks.h"
#include "ims2/riskreg.h"
#include "ims2/riskswitch.h"
#include "ims2/workspace.h"

/* Try to add a record: the status and the message. */
static int try_add(struct workspace *ws, const char *table, const char *const *pairs,
		   long long *id, struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, table);
	const char **values = calloc(reg->field_count, sizeof(*values));
	size_t i;
	int rc;

	for (i = 0; i < reg->field_count; i++)
		values[i] = field_default(&reg->fields[i]);
	for (i = 0; pairs[i]; i += 2)
		values[reg_field_index(reg, pairs[i])] = pairs[i + 1];
	rc = record_insert(ws->store, reg, values, id, err);
	free(values);
	return rc;
}

static long long add(struct workspace *ws, const char *table, const char *const *pairs)
{
	struct ims2_error err;
	long long id;

	if (try_add(ws, table, pairs, &id, &err))
		fail_msg("%s: %s", table, err.message);
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

/* Values outside the scale, acceptance without owner or above the owner's limit. */
static void test_acceptance_rules(void **state)
{
	struct workspace ws;
	struct ims2_error err;
	struct record rec;
	const struct reg *settings;
	struct riskswitch_summary sum;
	struct strbuf text = { 0 };
	char dir[64], path[128];
	long long id;

	(void)state;
	test_fixed_clock();
	test_dir_make(dir);
	snprintf(path, sizeof(path), "%s/ws.ims2", dir);
	assert_int_equal(workspace_create(&ws, path, "Rules Ltd", NULL, &err), IMS2_OK);
	/* The criteria in force are written out, not left blank. */
	settings = screen_set_find_register(&ws.screens, "risk_settings");
	assert_int_equal(record_get(ws.store, settings, 1, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(settings, "owner_may_accept")], "Medium");
	assert_string_equal(rec.values[reg_field_index(settings, "must_treat")], "High");
	record_release(&rec);
	/* Owners and who accepted are people of 2.1. */
	assert_int_equal(try_add(&ws, "person", (const char *[]){ "name", "Ann", NULL }, &id, &err),
			 IMS2_OK);
	/* An asset's C, I, A lie on the impact scale. */
	assert_int_equal(try_add(&ws, "asset", (const char *[]){ "name", "Payroll", "confidentiality",
								"7", NULL },
				 &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "C 7 is not on the impact scale of method '5x5' (1 to 5)");
	assert_int_equal(try_add(&ws, "asset", (const char *[]){ "name", "Payroll", "availability",
								"4.5", NULL },
				 &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "A 4.5 is not on the impact scale of method '5x5' (1 to 5)");
	/* Accepted with no owner and no one who accepted it. */
	assert_int_equal(try_add(&ws, "risk", (const char *[]){ "title", "Laptop theft", "kind",
							       "event", "likelihood", "2", "impact",
							       "2", "status", "accepted", NULL },
				 &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message,
			    "a risk without an owner cannot be accepted: give its Owner first");
	assert_string_equal(err.field, "owner");
	/* High (4 x 3) is above what an owner may accept (Medium): a management decision. */
	assert_int_equal(try_add(&ws, "risk", (const char *[]){ "title", "Laptop theft", "kind",
							       "event", "likelihood", "4", "impact",
							       "3", "status", "accepted", "owner",
							       "Ann", "accepted_by", "Ann", NULL },
				 &id, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message,
			    "accepting High needs a Management decision (owners may accept up to "
			    "Medium)");
	assert_string_equal(err.field, "decision");
	assert_int_equal(try_add(&ws, "risk", (const char *[]){ "title", "Laptop theft", "kind",
							       "event", "likelihood", "4", "impact",
							       "3", "status", "accepted", "owner",
							       "Ann", "accepted_by", "Ann", "decision",
							       "Board, 2026-05-04: accepted for a year",
							       NULL },
				 &id, &err),
			 IMS2_OK);
	/*
	 * Medium (5 x 1) accepted by its owner; 3x3 lets owners accept only Low. The switch is
	 * not refused: it says so, and the step's checks list the risk.
	 */
	assert_int_equal(try_add(&ws, "risk", (const char *[]){ "title", "Printer jams", "kind",
							       "event", "likelihood", "5", "impact",
							       "1", "status", "accepted", "owner",
							       "Ann", NULL },
				 &id, &err),
			 IMS2_OK);
	assert_int_equal(riskswitch_apply(ws.store, &ws.screens, "3x3", NULL, false, &sum, &err),
			 IMS2_OK);
	assert_int_equal(sum.undecided, 1);
	riskswitch_describe(&sum, &text);
	assert_non_null(strstr(text.buf, "1 accepted risks come above what an owner may accept"));
	strbuf_release(&text);
	/* And the High one accepted by a management decision, to check. */
	{
		struct check_report report;
		size_t i;
		bool found = false;
		assert_int_equal(checks_run(&ws, "1.7", &report), IMS2_OK);
		assert_int_equal(report.count, 2);
		for (i = 0; i < report.count; i++)
			found |= strstr(report.findings[i].message,
					"'Printer jams': accepted above the level a risk owner may "
					"accept, with no management decision recorded") != NULL;
		assert_true(found);
		check_report_release(&report);
	}
	workspace_close(&ws);
	test_dir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_criteria),
		cmocka_unit_test(test_acceptance_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
