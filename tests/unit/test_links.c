/*
 * Link fields (links.c): lists of Annex A controls and of records, normalised and checked on
 * save, kept in record_link so that the SoA finds who cites a control, refused deletes of
 * linked records, and the migration of older control lists that keeps every item.
 */
#include "testutil.h"

#include "ims2/checks.h"
#include "ims2/links.h"
#include "ims2/migrate.h"
#include "ims2/record.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

#define TESTWS_ORG "Links Ltd"
#include "testws.h"

/* Saves a risk titled title with controls; returns its id (0 and err on refusal). */
static long long save_risk(struct fixture *f, const char *title, const char *controls,
			   struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "risk");
	const char **values = xcalloc(reg->field_count, sizeof(*values));
	long long id = 0;

	values[reg_field_index(reg, "title")] = title;
	values[reg_field_index(reg, "kind")] = "event";
	values[reg_field_index(reg, "status")] = "open";
	values[reg_field_index(reg, "controls")] = controls;
	if (record_insert(f->ws.store, reg, values, &id, err))
		id = 0;
	free(values);
	return id;
}

static void expect_stored_ws(struct workspace *ws, const char *sql, const char *want)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
}

static void expect_stored(struct fixture *f, const char *sql, const char *want)
{
	expect_stored_ws(&f->ws, sql, want);
}

static void test_controls(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "risk");
	struct ims2_error err;
	long long id;

	/* Prefixes of one another are different controls (A.5.1 after A.5.15, A.8.1 after A.8.10). */
	id = save_risk(f, "Leak", "5.15, 5.1 8.10;a.8.1,A.5.1", &err);
	assert_true(id > 0);
	expect_stored(f, "SELECT controls FROM risk", "A.5.15, A.5.1, A.8.10, A.8.1");
	expect_stored(f, "SELECT group_concat(target_key, ' ') FROM (SELECT target_key FROM "
			 "record_link WHERE source = 'risk' AND field = 'controls' ORDER BY position)",
		      "A.5.15 A.5.1 A.8.10 A.8.1");
	/* Unknown controls are refused with the field named; nothing is written. */
	assert_int_equal(save_risk(f, "Bad", "5.15, 9.1", &err), 0);
	assert_contains(err.message, "Annex A controls: '9.1' is not an Annex A control");
	expect_stored(f, "SELECT count(*) FROM risk", "1");
	/* An edit replaces the links; emptying the field removes them. */
	assert_int_equal(record_set_field(f->ws.store, reg, id, (size_t)reg_field_index(reg, "controls"),
					  "8.13", &err),
			 IMS2_OK);
	expect_stored(f, "SELECT group_concat(target_key) FROM record_link", "A.8.13");
	assert_int_equal(record_set_field(f->ws.store, reg, id, (size_t)reg_field_index(reg, "controls"),
					  NULL, &err),
			 IMS2_OK);
	expect_stored(f, "SELECT count(*) FROM record_link", "0");
	/* Deleting the record removes its links. */
	assert_int_equal(record_set_field(f->ws.store, reg, id, (size_t)reg_field_index(reg, "controls"),
					  "5.1", &err),
			 IMS2_OK);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, reg, id, &err), IMS2_OK);
	expect_stored(f, "SELECT count(*) FROM record_link", "0");
}

static void collect(const char *control, const char *cited_by, void *ctx)
{
	strbuf_addf(ctx, "%s: %s\n", control, cited_by);
}

/* Every record that cites a control, whatever its register, in catalog order. */
static void test_citations(void **state)
{
	struct fixture *f = *state;
	const struct reg *actions = screen_set_find_register(&f->ws.screens, "treatment_action");
	const char **values = xcalloc(actions->field_count, sizeof(*values));
	struct strbuf out = { 0 };
	struct ims2_error err;
	char risk[16];
	long long id, a;

	id = save_risk(f, "One", "8.13, 5.1", &err);
	save_risk(f, "Two", "5.1", &err);
	snprintf(risk, sizeof(risk), "%lld", id);
	values[reg_field_index(actions, "action")] = "Back up";
	values[reg_field_index(actions, "risk")] = risk;
	values[reg_field_index(actions, "status")] = "planned";
	values[reg_field_index(actions, "control")] = "8.13";
	assert_int_equal(record_insert(f->ws.store, actions, values, &a, &err), IMS2_OK);
	free(values);
	assert_int_equal(links_each_control(f->ws.store, &f->ws.screens, 20, collect, &out, &err),
			 IMS2_OK);
	assert_string_equal(out.buf, "A.5.1: Risk register 1, 2\n"
				     "A.8.13: Risk register 1; Treatment plan 1\n");
	strbuf_release(&out);
}

/* Writes a 1.5 screen file whose scope elements end with the field `last` (YAML flow map). */
static void write_scope(const char *yaml, const char *last)
{
	char *tail = test_screen_tail("1.5", "  - table: scope_interface");
	char *text = xasprintf("step: \"1.5\"\nguidance: Scope.\nactivities:\n  - {id: a, text: T}\n"
			       "registers:\n  - table: scope_element\n    title: Scope\n    fields:\n"
			       "      - {name: name, label: N, type: text, required: true}\n"
			       "      - {name: kind, label: K, type: text, required: true}\n"
			       "      - {name: in_scope, label: I, type: text, required: true}\n"
			       "      - {name: justification, label: J, type: text}\n"
			       "      - %s\n%s",
			       last, tail);

	test_write(yaml, text);
	free(text);
	free(tail);
}

/* The people Ada and Bo (2.1), whom project members name. */
static void add_people(struct workspace *ws)
{
	const struct reg *person = screen_set_find_register(&ws->screens, "person");
	static const char *const names[] = { "Ada", "Bo" };
	struct ims2_error err;
	long long id;
	size_t i;

	for (i = 0; i < 2; i++)
		assert_int_equal(record_insert(ws->store, person,
					       (const char *[]){ names[i], NULL, NULL, NULL, NULL },
					       &id, &err),
				 IMS2_OK);
}

/* A refs field: records of another register, refused when missing, and protecting them. */
static void test_refs(void **state)
{
	struct fixture *f = *state;
	char *screens = test_path(f->dir, "screens"), *yaml = test_path(screens, "1.5.yaml");
	char *path = test_path(f->dir, "refs.ims2");
	const struct reg *scope, *members;
	struct workspace ws;
	struct ims2_error err;
	long long m1, m2, s;

	mkdir(screens, 0755);
	write_scope(yaml, "{name: description, label: People, type: refs, ref: project_member}");
	assert_int_equal(workspace_create(&ws, path, "Refs Ltd", f->dir, &err), IMS2_OK);
	scope = screen_set_find_register(&ws.screens, "scope_element");
	members = screen_set_find_register(&ws.screens, "project_member");
	add_people(&ws); /* members are people of 2.1 */
	assert_int_equal(record_insert(ws.store, members,
				       (const char *[]){ "Ada", "member", NULL, NULL, NULL }, &m1,
				       &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, members,
				       (const char *[]){ "Bo", "member", NULL, NULL, NULL }, &m2,
				       &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "HQ", "site", "in", NULL, "2, 1,2" }, &s,
				       &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "DC", "site", "in", NULL, "3" }, &s, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "People: there is no record 3 to link");
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "DC", "site", "in", NULL, "x" }, &s, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "People: no record of Project team is 'x'");
	/* Records may be named by their label; an ambiguous label is refused. */
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "DC", "site", "in", NULL, " Bo ; Ada,2" },
				       &s, &err),
			 IMS2_OK);
	expect_stored_ws(&ws, "SELECT description FROM scope_element WHERE name = 'DC'", "2, 1");
	assert_int_equal(record_insert(ws.store, members,
				       (const char *[]){ "Bo", "member", NULL, NULL, NULL }, &m2,
				       &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "Lab", "site", "in", NULL, "Bo" }, &s, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "People: several records of Project team are called 'Bo'");
	{
		/* Shown as the linked records' labels, in the order given. */
		struct record_view view = { &ws.screens, scope, -1, false, NULL };
		struct record row;
		int got;
		assert_int_equal(record_window(ws.store, &view, 0, 1, &row, &got, &err), IMS2_OK);
		assert_int_equal(got, 1);
		assert_string_equal(row.values[4], "Bo, Ada");
		record_release(&row);
	}
	assert_int_equal(record_delete(ws.store, &ws.screens, members, m1, &err), IMS2_INVALID);
	workspace_close(&ws);
	/* refs to records labelled with a control id (gap items) cite that control in the SoA. */
	write_scope(yaml, "{name: description, label: Items, type: refs, ref: gap_item}");
	unlink(path);
	assert_int_equal(workspace_create(&ws, path, "Refs Ltd", f->dir, &err), IMS2_OK);
	scope = screen_set_find_register(&ws.screens, "scope_element");
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "HQ", "site", "in", NULL, "9.2.1, A.5.15" },
				       &s, &err),
			 IMS2_OK);
	{
		struct strbuf out = { 0 };
		assert_int_equal(links_each_control(ws.store, &ws.screens, 20, collect, &out, &err),
				 IMS2_OK);
		assert_string_equal(out.buf, "A.5.15: Scope 1\n");
		strbuf_release(&out);
	}
	assert_string_equal(err.message, "Cannot delete: used by Scope 1 'HQ', 2 'DC'");
	workspace_close(&ws);
	free(path);
	free(yaml);
	free(screens);
}

/* A record that links to itself can still be deleted; others' links still protect it. */
static void test_self_links(void **state)
{
	struct fixture *f = *state;
	char *screens = test_path(f->dir, "screens"), *yaml = test_path(screens, "1.5.yaml");
	char *path = test_path(f->dir, "self.ims2");
	const struct reg *scope;
	struct workspace ws;
	struct ims2_error err;
	long long hq, dc;

	mkdir(screens, 0755);
	write_scope(yaml, "{name: description, label: Related, type: refs, ref: scope_element}");
	assert_int_equal(workspace_create(&ws, path, "Self Ltd", f->dir, &err), IMS2_OK);
	scope = screen_set_find_register(&ws.screens, "scope_element");
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "HQ", "site", "in", NULL, NULL }, &hq, &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "DC", "site", "in", NULL, "HQ" }, &dc, &err),
			 IMS2_OK);
	assert_int_equal(record_set_field(ws.store, scope, hq, 4, "HQ, DC", &err), IMS2_OK);
	assert_int_equal(record_delete(ws.store, &ws.screens, scope, hq, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Cannot delete: used by Scope 2 'DC'");
	assert_int_equal(record_set_field(ws.store, scope, dc, 4, NULL, &err), IMS2_OK);
	assert_int_equal(record_delete(ws.store, &ws.screens, scope, hq, &err), IMS2_OK);
	workspace_close(&ws);
	free(path);
	free(yaml);
	free(screens);
}

/*
 * A refused delete names the records that use it, register by register in order of title,
 * each with its number and label (cut at 32 characters): the first four, then how many more.
 */
static void test_users_listed(void **state)
{
	struct fixture *f = *state;
	char *screens = test_path(f->dir, "screens"), *yaml = test_path(screens, "1.5.yaml");
	char *path = test_path(f->dir, "users.ims2");
	const struct reg *scope, *members, *absence;
	static const char *const names[] = { "HQ", "Dépôt Nord, the long-named logistics hub",
					     "DC", "Lab", "Yard" };
	struct workspace ws;
	struct ims2_error err;
	long long ada, bo, id;
	size_t i;

	mkdir(screens, 0755);
	write_scope(yaml, "{name: description, label: People, type: refs, ref: project_member}");
	assert_int_equal(workspace_create(&ws, path, "Users Ltd", f->dir, &err), IMS2_OK);
	scope = screen_set_find_register(&ws.screens, "scope_element");
	members = screen_set_find_register(&ws.screens, "project_member");
	absence = screen_set_find_register(&ws.screens, "member_absence");
	add_people(&ws); /* members are people of 2.1 */
	assert_int_equal(record_insert(ws.store, members,
				       (const char *[]){ "Ada", "member", NULL, NULL, NULL }, &ada,
				       &err),
			 IMS2_OK);
	assert_int_equal(record_insert(ws.store, members,
				       (const char *[]){ "Bo", "member", NULL, NULL, NULL }, &bo,
				       &err),
			 IMS2_OK);
	/* One scope element cites Bo only: it is not among Ada's users. */
	assert_int_equal(record_insert(ws.store, scope,
				       (const char *[]){ "Annex", "site", "in", NULL, "Bo" }, &id,
				       &err),
			 IMS2_OK);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(record_insert(ws.store, scope,
					       (const char *[]){ names[i], "site", "in", NULL,
								 "Ada, Bo" },
					       &id, &err),
				 IMS2_OK);
	/* A single reference (an absence's member) counts too; it is named by its next field. */
	assert_int_equal(record_insert(ws.store, absence,
				       (const char *[]){ "1", "2026-03-02", "2026-03-06", "Leave" },
				       &id, &err),
			 IMS2_OK);
	assert_int_equal(record_delete(ws.store, &ws.screens, members, ada, &err), IMS2_INVALID);
	assert_string_equal(err.message, "Cannot delete: used by Absences 1 '2026-03-02'; Scope 2 "
					 "'HQ', 3 'Dépôt Nord, the long-named logis...', "
					 "4 'DC' and 2 more");
	assert_string_equal(err.hint, "change those first");
	/* Nothing was deleted. */
	expect_stored_ws(&ws, "SELECT count(*) FROM project_member", "2");
	workspace_close(&ws);
	free(path);
	free(yaml);
	free(screens);
}

/* Adds to drops the columns a later migration added to table (ALTER TABLE ADD COLUMN). */
static char *drop_added_columns(sqlite3 *db, sqlite3 *old, const char *table, char *drops)
{
	char *q = sqlite3_mprintf("SELECT group_concat(quote(name)) FROM pragma_table_info(%Q)",
				  table);
	char *kept;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(old, q, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	kept = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_free(q);
	q = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q) WHERE name NOT IN (%s)", table,
			    kept);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *more = sqlite3_mprintf("%sALTER TABLE \"%w\" DROP COLUMN \"%w\";", drops,
					     table, (const char *)sqlite3_column_text(st, 0));
		sqlite3_free(drops);
		drops = more;
	}
	sqlite3_finalize(st);
	sqlite3_free(q);
	sqlite3_free(kept);
	return drops;
}

/*
 * Takes the workspace back to format version: drops what later migrations created (the schema of
 * a scratch database migrated to version is what stays) and sets user_version.
 */
static void downgrade_schema(sqlite3 *db, int version)
{
	sqlite3 *old;
	sqlite3_stmt *st;
	char *drops = sqlite3_mprintf("");
	int v;

	assert_int_equal(sqlite3_open(":memory:", &old), SQLITE_OK);
	for (v = 1; v <= version; v++)
		assert_int_equal(sqlite3_exec(old, migrate_sql(v), NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT type, name FROM sqlite_master WHERE type IN "
					    "('table', 'trigger') AND name NOT LIKE 'sqlite!_%' "
					    "ESCAPE '!' ORDER BY type = 'table'",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		char *q = sqlite3_mprintf("SELECT 1 FROM sqlite_master WHERE name = %Q", name);
		sqlite3_stmt *probe;
		assert_int_equal(sqlite3_prepare_v2(old, q, -1, &probe, NULL), SQLITE_OK);
		if (sqlite3_step(probe) != SQLITE_ROW) {
			char *more = sqlite3_mprintf("%sDROP %s \"%w\";", drops, type, name);
			sqlite3_free(drops);
			drops = more;
		} else if (strcmp(type, "table") == 0) {
			drops = drop_added_columns(db, old, name, drops);
		}
		sqlite3_finalize(probe);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	sqlite3_close(old);
	/* Dropped once the scan is over: a table cannot go while a statement reads the schema. */
	assert_int_equal(sqlite3_exec(db, drops, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(drops);
	drops = sqlite3_mprintf("PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(db, drops, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(drops);
}

/* A workspace of format 5: its control lists move into record_link, every item kept. */
static void test_migration(void **state)
{
	struct fixture *f = *state;
	struct check_report report;
	struct ims2_error err;
	long long id = save_risk(f, "Old", "5.1", &err);
	char latest[16];

	assert_true(id > 0);
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE risk SET controls = "
				      "'A.5.15, A.5.1;8.10  a.8.1, A.9.99, A.5.1'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	downgrade_schema(store_db(f->ws.store), 5);
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	snprintf(latest, sizeof(latest), "%d", migrate_count());
	expect_stored(f, "PRAGMA user_version", latest);
	expect_stored(f, "SELECT controls FROM risk", "A.5.15, A.5.1;8.10  a.8.1, A.9.99, A.5.1");
	expect_stored(f, "SELECT group_concat(target_key, ' ') FROM (SELECT target_key FROM "
			 "record_link ORDER BY position)",
		      "A.5.15 A.5.1 A.8.10 A.8.1 A.9.99");
	/* The item that names no control is listed in the step's checks. */
	assert_int_equal(checks_run(&f->ws, "1.7", &report), IMS2_OK);
	assert_true(report.count >= 1);
	assert_string_equal(report.findings[0].message,
			    "Risk 1 cites A.9.99, which is not an Annex A control: correct its "
			    "controls.");
	assert_string_equal(report.findings[0].field, "controls");
	check_report_release(&report);
}

/*
 * A workspace of format 7: its free-text owners become people (migration 8), one per distinct
 * trimmed name, unless a person of that name exists; every value is kept, blanks are none.
 */
static void test_owner_migration(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	long long id = save_risk(f, "Old", NULL, &err);

	assert_true(id > 0);
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "INSERT INTO person (name) VALUES ('Ada Byron');"
				      "UPDATE risk SET owner = 'Ada Byron', accepted_by = ' Bob, Jr ',"
				      " assessed_by = '   ';"
				      "INSERT INTO asset (name, category, type, owner)"
				      " VALUES ('Laptop', 'supporting', 'hardware', 'Bob, Jr');"
				      "UPDATE soa_entry SET owner = 'Cleo' WHERE control = 'A.5.1';"
				      "INSERT INTO legal_requirement (kind, title, owner)"
				      " VALUES ('law', 'GDPR', 'Ada Byron');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	downgrade_schema(store_db(f->ws.store), 7);
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	expect_stored(f, "SELECT group_concat(id || '=' || name, '; ') FROM person",
		      "1=Ada Byron; 2=Bob, Jr; 3=Cleo");
	expect_stored(f, "SELECT owner || '/' || accepted_by || '/' || coalesce(assessed_by, 'none')"
			 " FROM risk",
		      "1/2/none");
	expect_stored(f, "SELECT owner FROM asset", "2");
	expect_stored(f, "SELECT owner FROM soa_entry WHERE control = 'A.5.1'", "3");
	expect_stored(f, "SELECT owner FROM legal_requirement", "1");
	expect_stored(f, "SELECT group_concat(source || '.' || field || '=' || target_key, ' ')"
			 " FROM (SELECT * FROM record_link WHERE target = 'person'"
			 " ORDER BY source, field)",
		      "asset.owner=2 legal_requirement.owner=1 risk.accepted_by=2 risk.owner=1 "
		      "soa_entry.owner=3");
	/* A person the migration made is protected like any other. */
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens,
				       screen_set_find_register(&f->ws.screens, "person"), 2, &err),
			 IMS2_INVALID);
	assert_true(strstr(err.message, "Assets") && strstr(err.message, "Risk register"));
}

/*
 * A workspace of format 11 (the lead's number: 13): competences name roles as text, and four
 * person fields are free text. Each competence's roles become links to isms_role (the whole
 * text when it names a role, else each part), a part naming no role becomes a role; each
 * distinct name becomes a person; nothing is lost.
 */
static void test_role_migration(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;

	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "INSERT INTO person (name) VALUES ('Ada Byron');"
				      "INSERT INTO isms_role (role) VALUES ('ISMS manager'),"
				      " ('Auditor, lead');"
				      "INSERT INTO competence (name, roles) VALUES"
				      " ('C1', 'ISMS manager'), ('C2', ' Auditor, lead '),"
				      " ('C3', 'ISMS manager; Night rota,Auditor, ISMS manager'),"
				      " ('C4', '  ');"
				      "INSERT INTO project_approval (decision, approver, decided_on)"
				      " VALUES ('approved', 'Board, chair', '2026-01-05'),"
				      " ('deferred', ' ', '2025-12-01');"
				      "INSERT INTO assessment_round (held_on, trigger, led_by)"
				      " VALUES ('2026-02-01', 'planned interval', 'Ada Byron');"
				      "INSERT INTO soa_other_control (control, source, title, owner)"
				      " VALUES ('GDP 9.2', 'GDP', 'Cold chain', 'Cleo');"
				      "INSERT INTO soa_approval (id, version, approver) VALUES (1, '1', '');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	downgrade_schema(store_db(f->ws.store), 11);
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	expect_stored(f, "SELECT group_concat(id || '=' || role, '; ') FROM (SELECT * FROM isms_role"
			 " ORDER BY id)",
		      "1=ISMS manager; 2=Auditor, lead; 3=Auditor; 4=Night rota");
	expect_stored(f, "SELECT duties FROM isms_role WHERE role = 'Night rota'",
		      "Added when competences were linked to roles: the competence 'C3' named it. "
		      "Give the role its duties, a holder and a deputy.");
	expect_stored(f, "SELECT group_concat(name || '=' || coalesce(roles, 'none'), '; ')"
			 " FROM (SELECT * FROM competence ORDER BY id)",
		      "C1=1; C2=2; C3=1, 4, 3; C4=none");
	expect_stored(f, "SELECT group_concat(record || ':' || target_key, ' ') FROM (SELECT *"
			 " FROM record_link WHERE source = 'competence' AND field = 'roles'"
			 " ORDER BY record, position)",
		      "1:1 2:2 3:1 3:4 3:3");
	expect_stored(f, "SELECT group_concat(id || '=' || name, '; ') FROM person",
		      "1=Ada Byron; 2=Board, chair; 3=Cleo");
	expect_stored(f, "SELECT count(*) FROM person WHERE notes IS NOT NULL", "2");
	expect_stored(f, "SELECT group_concat(quote(approver), ' ') FROM project_approval", "'2' ''");
	expect_stored(f, "SELECT led_by FROM assessment_round", "1");
	expect_stored(f, "SELECT owner FROM soa_other_control", "3");
	expect_stored(f, "SELECT quote(approver) FROM soa_approval", "NULL");
	expect_stored(f, "SELECT group_concat(source || '.' || field || '=' || target_key, ' ')"
			 " FROM (SELECT * FROM record_link WHERE target = 'person'"
			 " ORDER BY source, field)",
		      "assessment_round.led_by=1 project_approval.approver=2 "
		      "soa_other_control.owner=3");
	/* A role the migration made is protected, the message naming the competence. */
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens,
				       screen_set_find_register(&f->ws.screens, "isms_role"), 4, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Cannot delete: used by Competences required 3 'C3'");
}

/* Format 14: gap items titled only "General" by an earlier version name their parent. */
static void test_general_titles_migration(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;

	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "UPDATE gap_item SET title = 'General' WHERE item IN"
				      " ('6.1.1', '7.5.1', '9.2.1', '9.3.1');"
				      "UPDATE gap_item SET title = 'General' WHERE item = 'A.5.1';",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	downgrade_schema(store_db(f->ws.store), 13);
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	expect_stored(f, "SELECT group_concat(item || '=' || title, '; ') FROM (SELECT * FROM"
			 " gap_item WHERE item IN ('6.1.1', '7.5.1', '9.2.1', '9.3.1', 'A.5.1')"
			 " ORDER BY id)",
		      "6.1.1=Actions to address risks and opportunities: General; "
		      "7.5.1=Documented information: General; 9.2.1=Internal audit: General; "
		      "9.3.1=Management review: General; A.5.1=General");
}

/*
 * Format 14: the project team, the interviewer, the interviewees and each item's interviewee
 * are free text. Each distinct trimmed name becomes a person (one of that name is kept); a
 * session's interviewees, a person whose name they are or else one per part, in their order;
 * an item excluded without a justification by an older ims2 keeps its interviewee too.
 */
static void test_interview_people_migration(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = store_db(f->ws.store);
	struct ims2_error err;
	struct record rec;
	sqlite3_stmt *st;
	char *trigger;

	/* The trigger refuses to exclude a clause: as an older ims2 did, without it. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name ="
						" 'gap_exclusion'", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	trigger = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO person (name) VALUES ('Ada Byron');"
				      "INSERT INTO project_member (name, project_role) VALUES"
				      " (' Ada Byron ', 'sponsor'), ('Cleo', 'member'),"
				      " ('Board, chair', 'advisor'), ('   ', 'member');"
				      "INSERT INTO member_absence (member, start_date, end_date)"
				      " VALUES (2, '2026-03-02', '2026-03-06');"
				      "INSERT INTO gap_session (held_on, interviewer, interviewees) VALUES"
				      " ('2026-05-12', 'Cleo ', 'Ada Byron, Dev; Cleo ,  , Dev'),"
				      " ('2026-05-19', '  ', 'Board, chair'),"
				      " ('2026-05-26', 'Jonas', NULL);"
				      "UPDATE gap_item SET interviewee = 'Eve' WHERE item = '4.1';"
				      "UPDATE gap_item SET interviewee = ' Dev' WHERE item = 'A.5.1';"
				      "UPDATE gap_item SET interviewee = '' WHERE item = '4.2';"
				      "DROP TRIGGER gap_exclusion;"
				      "UPDATE gap_item SET applicable = 'no', interviewee = 'Fay'"
				      " WHERE item = '5.1';",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, trigger, NULL, NULL, NULL), SQLITE_OK);
	free(trigger);
	downgrade_schema(db, 14);
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	/* One person a name, merged by trimmed name, Ada kept; the parts of a list after. */
	expect_stored(f, "SELECT group_concat(id || '=' || name, '; ') FROM person",
		      "1=Ada Byron; 2=Board, chair; 3=Cleo; 4=Dev; 5=Eve; 6=Fay; 7=Jonas");
	expect_stored(f, "SELECT count(*) FROM person WHERE notes LIKE 'Added when this name%'",
		      "6");
	expect_stored(f, "SELECT group_concat(quote(name), ' ') FROM project_member",
		      "'1' '3' '2' ''");
	expect_stored(f, "SELECT group_concat(quote(interviewer) || ':' || quote(interviewees),"
			 " ' ') FROM gap_session",
		      "'3':'1, 4, 3' '':'2' '7':NULL");
	expect_stored(f, "SELECT group_concat(item || '=' || quote(interviewee), ' ') FROM gap_item"
			 " WHERE item IN ('4.1', '4.2', '5.1', 'A.5.1')",
		      "4.1='5' 4.2=NULL 5.1='6' A.5.1='4'");
	expect_stored(f, "SELECT group_concat(source || '.' || field || '#' || record || '='"
			 " || target_key, ' ') FROM (SELECT * FROM record_link WHERE target ="
			 " 'person' ORDER BY source, record, field, position)",
		      /* items 4.1, 5.1 and A.5.1 */
		      "gap_item.interviewee#1=5 gap_item.interviewee#5=6 "
		      "gap_item.interviewee#31=4 gap_session.interviewees#1=1 "
		      "gap_session.interviewees#1=4 gap_session.interviewees#1=3 "
		      "gap_session.interviewer#1=3 gap_session.interviewees#2=2 "
		      "gap_session.interviewer#3=7 project_member.name#1=1 "
		      "project_member.name#2=3 project_member.name#3=2");
	/* The excluded clause is still guarded by the trigger, made again as it was. */
	expect_stored(f, "SELECT count(*) FROM sqlite_schema WHERE name = 'gap_exclusion'", "1");
	assert_int_not_equal(sqlite3_exec(db, "UPDATE gap_item SET notes = 'x' WHERE item = '5.1'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	/* Reports and labels name people: a member by the person, an absence by its member. */
	{
		char *label = record_label(f->ws.store, &f->ws.screens, "project_member", 2);
		assert_string_equal(label, "Cleo");
		free(label);
	}
	assert_int_equal(record_get(f->ws.store,
				    screen_set_find_register(&f->ws.screens, "member_absence"), 1,
				    &rec, &err),
			 IMS2_OK);
	assert_string_equal(rec.values[0], "2");
	record_release(&rec);
	/* A person the migration made is protected: the message names the session and items. */
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens,
				       screen_set_find_register(&f->ws.screens, "person"), 4, &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Cannot delete: used by Interview sessions 1 '2026-05-12';"
					 " Requirements and controls 31 'A.5.1'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_controls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_citations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_owner_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_general_titles_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interview_people_migration, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
