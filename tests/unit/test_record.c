/*
 * Records of the registers the screen files declare: changes, validation, text kept byte for
 * byte, concurrent edits, references, and reading a window at a time in view order.
 */
#include "testutil.h"

#include "ims2/person.h"
#include "ims2/record.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

struct fixture {
	char *dir, *path;
	struct workspace ws;
	const struct reg *scope; /* scope_element: name, kind, in_scope, justification, description */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;

	test_fixed_clock();
	f->dir = test_dir_new();
	f->path = test_path(f->dir, "ws.ims2");
	if (workspace_create(&f->ws, f->path, "Record Test Ltd", NULL, &err))
		fail_msg("%s", err.message);
	f->scope = screen_set_find_register(&f->ws.screens, "scope_element");
	if (!f->scope || f->scope->field_count != 5)
		fail_msg("scope_element is not the register these tests expect");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	workspace_close(&f->ws);
	test_tree_remove(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

static const struct reg *reg_of(struct fixture *f, const char *table)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);

	assert_non_null(reg);
	return reg;
}

static long long insert(struct fixture *f, const struct reg *reg, const char *const *values)
{
	struct ims2_error err;
	long long id = 0;

	if (record_insert(f->ws.store, reg, values, &id, &err) != IMS2_OK)
		fail_msg("insert into %s: %s", reg->table, err.message);
	return id;
}

static long long count(struct fixture *f, const struct reg *reg)
{
	struct ims2_error err;
	long long n = -1;

	assert_int_equal(record_count(f->ws.store, reg, &n, &err), IMS2_OK);
	return n;
}

static void test_crud(void **state)
{
	struct fixture *f = *state;
	const char *v[] = { "Head office", "site", "in", NULL, "Main building" };
	const char *w[] = { "Head office", "site", "out", "Sold", NULL };
	struct ims2_error err;
	struct record rec;
	long long id = insert(f, f->scope, v);

	assert_true(id > 0);
	assert_int_equal(count(f, f->scope), 1);
	assert_int_equal(record_get(f->ws.store, f->scope, id, &rec, &err), IMS2_OK);
	assert_int_equal(rec.id, id);
	assert_int_equal(rec.rev, 1);
	assert_int_equal(rec.count, 5);
	assert_string_equal(rec.values[0], "Head office");
	assert_string_equal(rec.values[2], "in");
	assert_null(rec.values[3]);
	assert_string_equal(rec.values[4], "Main building");
	record_release(&rec);

	assert_int_equal(record_update(f->ws.store, f->scope, id, 1, w, &err), IMS2_OK);
	assert_int_equal(record_get(f->ws.store, f->scope, id, &rec, &err), IMS2_OK);
	assert_int_equal(rec.rev, 2);
	assert_string_equal(rec.values[2], "out");
	assert_string_equal(rec.values[3], "Sold");
	assert_null(rec.values[4]); /* emptied */
	record_release(&rec);

	/* One field at a time, validated like the rest. */
	assert_int_equal(record_set_field(f->ws.store, f->scope, id, 1, "planet", &err),
			 IMS2_INVALID);
	assert_int_equal(record_set_field(f->ws.store, f->scope, id, 3, "", &err), IMS2_INVALID);
	assert_contains(err.message, "Justification");
	assert_int_equal(record_set_field(f->ws.store, f->scope, id, 1, "unit", &err), IMS2_OK);
	assert_int_equal(record_get(f->ws.store, f->scope, id, &rec, &err), IMS2_OK);
	assert_int_equal(rec.rev, 3);
	assert_string_equal(rec.values[1], "unit");
	assert_string_equal(rec.values[3], "Sold");
	record_release(&rec);

	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, f->scope, id, &err), IMS2_OK);
	assert_int_equal(count(f, f->scope), 0);
	assert_int_equal(record_get(f->ws.store, f->scope, id, &rec, &err), IMS2_INVALID);
	assert_contains(err.message, "does not exist");
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, f->scope, id, &err),
			 IMS2_INVALID);
	assert_int_equal(record_update(f->ws.store, f->scope, id, 3, w, &err), IMS2_INVALID);
}

/* values fail validation at field bad with a message containing what; nothing is saved. */
static void refused(struct fixture *f, const struct reg *reg, const char *const *values,
		    int bad, const char *what)
{
	struct ims2_error err;
	long long before = count(f, reg), id;
	int bad_field = -2;

	assert_int_equal(record_validate(reg, values, &bad_field, &err), IMS2_INVALID);
	if (bad_field != bad)
		fail_msg("bad field %d, expected %d (%s)", bad_field, bad, err.message);
	assert_contains(err.message, what);
	/* Checking every field at once finds the same error on the same field. */
	{
		struct ims2_error *each = calloc(reg->field_count, sizeof(*each));
		assert_true(record_validate_each(reg, values, each) >= 1);
		assert_int_equal(each[bad].status, IMS2_INVALID);
		assert_contains(each[bad].message, what);
		free(each);
	}
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_contains(err.message, what);
	assert_int_equal(count(f, reg), before);
}

/* Every bad field at once: an empty name, an unknown kind and a missing justification. */
static void test_validate_each(void **state)
{
	struct fixture *f = *state;
	const char *v[] = { "", "blob", "out", NULL, "fine" };
	struct ims2_error each[5];

	assert_int_equal(f->scope->field_count, 5);
	assert_int_equal(record_validate_each(f->scope, v, each), 3);
	assert_contains(each[0].message, "Element is required");
	assert_contains(each[1].message, "cannot be 'blob'");
	assert_int_equal(each[2].status, IMS2_OK);
	assert_contains(each[3].message, "required when");
	assert_int_equal(each[4].status, IMS2_OK);
	v[0] = "Depot";
	v[1] = "site";
	v[3] = "Sold";
	assert_int_equal(record_validate_each(f->scope, v, each), 0);
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	const struct reg *objective = reg_of(f, "project_objective");
	const struct reg *member = reg_of(f, "project_member");
	const struct reg *absence = reg_of(f, "member_absence");
	char chars200[2 * 201 + 1] = "", ascii[202];
	const char *v[] = { "Lab", "site", "out", NULL, NULL };
	const char *o[] = { "Certify", NULL, "2026-02-30" };
	const char *m[] = { "Anna", "member", NULL, "half", NULL };
	const char *a[] = { "1", "2026-03-10", "2026-03-01", NULL };
	struct ims2_error err;
	long long id;
	int i, bad;

	/* Out of scope without a justification, which the message names. */
	refused(f, f->scope, v, 3, "Justification");
	v[2] = "in";
	v[3] = NULL;
	assert_int_equal(record_validate(f->scope, v, &bad, &err), IMS2_OK);
	assert_int_equal(bad, -1);
	v[0] = NULL;
	refused(f, f->scope, v, 0, "Element is required");
	v[0] = "";
	refused(f, f->scope, v, 0, "Element is required");
	v[0] = "Lab";
	v[1] = "planet";
	refused(f, f->scope, v, 1, "Kind cannot be 'planet'");
	v[1] = "Site"; /* choices are exact */
	refused(f, f->scope, v, 1, "Kind");
	v[1] = "site";
	v[0] = "two\nlines";
	refused(f, f->scope, v, 0, "Element is one line of text");
	/* Control characters: none in one line, only newline and tab in several. */
	v[0] = "red\x1b[31m";
	refused(f, f->scope, v, 0, "Element contains a control character (U+001B)");
	v[0] = "tab\there";
	refused(f, f->scope, v, 0, "Element contains a control character (U+0009)");
	v[0] = "next\xc2\x85line"; /* U+0085, a C1 control */
	refused(f, f->scope, v, 0, "Element contains a control character (U+0085)");
	v[0] = "del\x7f";
	refused(f, f->scope, v, 0, "U+007F");
	v[0] = "Lab";
	v[4] = "bell\a";
	refused(f, f->scope, v, 4, "Description contains a control character (U+0007)");
	v[4] = "bare\rreturn";
	refused(f, f->scope, v, 4, "Description contains a control character (U+000D)");
	v[4] = "two\nlines\tare fine\r\nhere";
	assert_int_equal(record_validate(f->scope, v, &bad, &err), IMS2_OK);
	v[0] = "Z\xfcrich";
	refused(f, f->scope, v, 0, "not valid UTF-8");
	v[0] = "Lab";
	v[4] = "ok\xe2\x9c";
	refused(f, f->scope, v, 4, "not valid UTF-8");
	v[4] = NULL;
	/* The element name is limited to 200 characters, not bytes. */
	for (i = 0; i < 200; i++)
		strcat(chars200, "ü");
	v[0] = chars200;
	assert_int_equal(record_validate(f->scope, v, &bad, &err), IMS2_OK);
	strcat(chars200, "ü");
	refused(f, f->scope, v, 0, "longer than 200 characters");
	memset(ascii, 'x', 201);
	ascii[201] = '\0';
	v[0] = ascii;
	refused(f, f->scope, v, 0, "longer than 200 characters");

	refused(f, objective, o, 2, "Due: '2026-02-30' is not a date: write YYYY-MM-DD (a real day)");
	o[2] = "2028-02-29";
	assert_int_equal(record_validate(objective, o, &bad, &err), IMS2_OK);
	o[2] = "29.02.2028";
	refused(f, objective, o, 2, "Due");
	/* Written YYYY-MM-DD but no day of the calendar: the message must not say the form is wrong. */
	o[2] = "2027-02-29";
	refused(f, objective, o, 2, "Due: '2027-02-29' is not a date: write YYYY-MM-DD (a real day)");
	o[2] = "2026-04-31";
	refused(f, objective, o, 2, "'2026-04-31' is not a date");

	refused(f, member, m, 3, "Avail % must be a number");
	m[3] = "1e3";
	refused(f, member, m, 3, "must be a number");
	m[3] = "12.5";
	/* A member is a person of 2.1 (a name that is not one is refused on save). */
	assert_int_equal(record_insert(f->ws.store, member, m, &id, &err), IMS2_INVALID);
	assert_contains(err.message, "no record of People is 'Anna'");
	insert(f, reg_of(f, "person"), (const char *[]){ "Anna", NULL, NULL, NULL, NULL });
	insert(f, member, m);

	refused(f, absence, a, 2, "Until cannot be before From");
	a[2] = "2026-03-10"; /* the same day is fine */
	a[0] = "abc";
	refused(f, absence, a, 0, "Member must name a record");
	a[0] = "0";
	refused(f, absence, a, 0, "Member must name a record");
	/* A reference to a record that does not exist is refused by the schema. */
	a[0] = "999";
	assert_int_not_equal(record_insert(f->ws.store, absence, a, &id, &err), IMS2_OK);
	assert_int_equal(count(f, absence), 0);
}

/*
 * The schema refuses an exclusion whose justification is only blanks (CHECK ... trim ...);
 * validation must say so first, naming the field, or the form shows SQLite's message.
 */
static void test_blank_justification(void **state)
{
	struct fixture *f = *state;
	const char *v[] = { "Lab", "site", "out", "   ", NULL };

	refused(f, f->scope, v, 3, "Justification");
	v[3] = "\t\n ";
	refused(f, f->scope, v, 3, "Justification");
}

static void test_exact_text(void **state)
{
	struct fixture *f = *state;
	static const char name[] = "Zürich 東京 ✓ | pipe \\ back two  spaces ";
	struct strbuf desc = { 0 };
	const char *v[] = { name, "site", "out", NULL, NULL };
	struct ims2_error err;
	struct record rec;
	long long id;
	int i;

	strbuf_adds(&desc, "  leading spaces\n| a | table? |\n\\\\ two backslashes \\n not a "
			   "newline\n\ttab\n*stars* _under_ `tick` <b>html</b> [x](y) $x$ ~ ^ @ # -\n");
	for (i = 0; i < 3000; i++)
		strbuf_add(&desc, &"abcdefghij"[i % 10], 1);
	strbuf_adds(&desc, "\nZürich 東京 ✓\n\n\ntrailing newlines\n\n");
	v[3] = "Run by a partner\r\nin Basel";
	v[4] = desc.buf;
	id = insert(f, f->scope, v);
	/* Read back through another connection: what is in the file. */
	workspace_close(&f->ws);
	assert_int_equal(workspace_open(&f->ws, f->path, 0, NULL, &err), IMS2_OK);
	f->scope = screen_set_find_register(&f->ws.screens, "scope_element");
	assert_int_equal(record_get(f->ws.store, f->scope, id, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[0], name);
	assert_string_equal(rec.values[3], "Run by a partner\r\nin Basel");
	assert_int_equal(strlen(rec.values[4]), desc.len);
	assert_memory_equal(rec.values[4], desc.buf, desc.len);
	record_release(&rec);
	strbuf_release(&desc);
}

/* Another connection's commit changes the data version; one's own does not. */
static void test_data_version(void **state)
{
	struct fixture *f = *state;
	const char *v[] = { "Lab", "site", "in", NULL, NULL };
	struct workspace other;
	struct ims2_error err;
	long long mine, now, id;

	mine = store_data_version(f->ws.store);
	assert_true(mine >= 0);
	insert(f, f->scope, v);
	assert_int_equal(store_data_version(f->ws.store), mine);
	assert_int_equal(workspace_open(&other, f->path, 0, NULL, &err), IMS2_OK);
	v[0] = "Their lab";
	assert_int_equal(record_insert(other.store, f->scope, v, &id, &err), IMS2_OK);
	now = store_data_version(f->ws.store);
	assert_true(now != mine);
	assert_int_equal(store_data_version(f->ws.store), now);
	workspace_close(&other);
}

/* Two sessions on one file: the second save of a stale form is refused, nothing is lost. */
static void test_conflict(void **state)
{
	struct fixture *f = *state;
	const char *v[] = { "Lab", "site", "in", NULL, NULL };
	const char *theirs[] = { "Lab (theirs)", "site", "in", NULL, NULL };
	const char *mine[] = { "Lab (mine)", "unit", "in", NULL, NULL };
	struct workspace other;
	struct ims2_error err;
	struct record seen, now;
	long long id = insert(f, f->scope, v), logged, after;
	sqlite3_stmt *st;

	assert_int_equal(workspace_open(&other, f->path, 0, NULL, &err), IMS2_OK);
	assert_int_equal(record_get(f->ws.store, f->scope, id, &seen, &err), IMS2_OK);
	assert_int_equal(record_update(other.store,
				       screen_set_find_register(&other.screens, "scope_element"),
				       id, seen.rev, theirs, &err),
			 IMS2_OK);
	workspace_close(&other);
	sqlite3_prepare_v2(store_db(f->ws.store), "SELECT count(*) FROM changelog", -1, &st, NULL);
	sqlite3_step(st);
	logged = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	assert_int_equal(record_update(f->ws.store, f->scope, id, seen.rev, mine, &err),
			 IMS2_CONFLICT);
	assert_contains(err.message, "changed by someone else");
	assert_int_equal(record_get(f->ws.store, f->scope, id, &now, &err), IMS2_OK);
	assert_string_equal(now.values[0], "Lab (theirs)");
	assert_string_equal(now.values[1], "site");
	assert_int_equal(now.rev, seen.rev + 1);
	sqlite3_step(st);
	after = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(after, logged);
	/* With the current revision the same save goes through. */
	assert_int_equal(record_update(f->ws.store, f->scope, id, now.rev, mine, &err), IMS2_OK);
	record_release(&seen);
	record_release(&now);
}

static void test_references(void **state)
{
	struct fixture *f = *state;
	const struct reg *member = reg_of(f, "project_member");
	const struct reg *milestone = reg_of(f, "milestone");
	const struct reg *absence = reg_of(f, "member_absence");
	const char *anna[] = { "Anna", "sponsor", NULL, NULL, NULL };
	const char *bob[] = { "Bob", "member", NULL, NULL, NULL };
	const char *ms[] = { "Kick-off", "2026-02-01", NULL, "planned", NULL };
	const char *ab[] = { NULL, "2026-03-01", "2026-03-05", NULL };
	struct record_view view = { .set = &f->ws.screens, .reg = milestone, .sort = -1 };
	struct ims2_error err;
	struct record rows[2], rec;
	const struct reg *person = reg_of(f, "person");
	long long m, x, a, b;
	char ida[32], idb[32];
	int got;

	/* Members are people of 2.1, labelled by the person's name. */
	insert(f, person, (const char *[]){ "Anna", NULL, NULL, NULL, NULL });
	insert(f, person, (const char *[]){ "Bob", NULL, NULL, NULL, NULL });
	a = insert(f, member, anna);
	b = insert(f, member, bob);

	snprintf(ida, sizeof(ida), "%lld", a);
	snprintf(idb, sizeof(idb), "%lld", b);
	ms[2] = ida;
	m = insert(f, milestone, ms);
	ab[0] = idb;
	x = insert(f, absence, ab);
	/* Stored as the id, shown as the label. */
	assert_int_equal(record_get(f->ws.store, milestone, m, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[2], ida);
	record_release(&rec);
	assert_int_equal(record_window(f->ws.store, &view, 0, 2, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 1);
	assert_string_equal(rows[0].values[2], "Anna");
	record_release(&rows[0]);
	{
		char *label = record_label(f->ws.store, &f->ws.screens, "project_member", a);
		assert_string_equal(label, "Anna");
		free(label);
	}
	/* Still referred to: refused, naming the register that refers to it. */
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, member, a, &err), IMS2_INVALID);
	assert_contains(err.message, "Milestones");
	assert_null(strstr(err.message, "Absences"));
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, member, b, &err), IMS2_INVALID);
	assert_contains(err.message, "Absences");
	assert_int_equal(count(f, member), 2);
	assert_int_equal(record_get(f->ws.store, member, a, &rec, &err), IMS2_OK);
	record_release(&rec);
	/* Once the milestone lets go, Anna can go. */
	ms[2] = NULL;
	assert_int_equal(record_update(f->ws.store, milestone, m, 1, ms, &err), IMS2_OK);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, member, a, &err), IMS2_OK);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, absence, x, &err), IMS2_OK);
	assert_int_equal(record_delete(f->ws.store, &f->ws.screens, member, b, &err), IMS2_OK);
}

/*
 * A person added while another record is saved (the gap interview): both in one transaction.
 * A conflict or a bad value leaves no person behind; the new person follows those listed.
 */
static void test_person_save_new(void **state)
{
	struct fixture *f = *state;
	const struct reg *items = reg_of(f, "gap_item"), *people = reg_of(f, "person");
	const struct reg *sessions = reg_of(f, "gap_session");
	int who = reg_field_index(items, "interviewee"), title = reg_field_index(items, "title");
	const char *session[] = { "2026-05-12", NULL, "1", NULL };
	struct ims2_error err;
	struct record rec, now;
	long long person = 0, id = 0;

	insert(f, people, (const char *[]){ "Ada", NULL, NULL, NULL, NULL });
	assert_int_equal(record_get(f->ws.store, items, 1, &rec, &err), IMS2_OK);
	/* Someone else saved the item meanwhile: refused, nobody added. */
	assert_int_equal(record_set_field(f->ws.store, items, 1, (size_t)reg_field_index(items,
								   "notes"), "seen", &err),
			 IMS2_OK);
	assert_int_equal(person_save_new(f->ws.store, &f->ws.screens, items, 1, rec.rev,
					 (const char *const *)rec.values, who, "Bo", "Fleet", &person,
					 NULL, &err),
			 IMS2_CONFLICT);
	assert_int_equal(count(f, people), 1);
	record_release(&rec);
	/* With the current revision: Bo is a person with a function, and the item's interviewee. */
	assert_int_equal(record_get(f->ws.store, items, 1, &rec, &err), IMS2_OK);
	assert_int_equal(person_save_new(f->ws.store, &f->ws.screens, items, 1, rec.rev,
					 (const char *const *)rec.values, who, "Bo", "Fleet", &person,
					 NULL, &err),
			 IMS2_OK);
	assert_int_equal(count(f, people), 2);
	assert_int_equal(record_get(f->ws.store, items, 1, &now, &err), IMS2_OK);
	assert_int_equal(atoll(now.values[who]), person);
	assert_string_equal(now.values[reg_field_index(items, "notes")], "seen");
	assert_string_equal(now.values[title], rec.values[title]);
	record_release(&now);
	record_release(&rec);
	assert_int_equal(record_get(f->ws.store, people, person, &now, &err), IMS2_OK);
	assert_string_equal(now.values[0], "Bo");
	assert_string_equal(now.values[1], "Fleet");
	record_release(&now);
	/* A new session whose interviewees list Ada: Cy follows her; both saved at once. */
	assert_int_equal(person_save_new(f->ws.store, &f->ws.screens, sessions, 0, 0, session,
					 reg_field_index(sessions, "interviewees"), "Cy", NULL, &person,
					 &id, &err),
			 IMS2_INVALID); /* the session lacks its interviewer */
	assert_int_equal(count(f, people), 2);
	assert_int_equal(count(f, sessions), 0);
	session[1] = "1";
	assert_int_equal(person_save_new(f->ws.store, &f->ws.screens, sessions, 0, 0, session,
					 reg_field_index(sessions, "interviewees"), "Cy", NULL, &person,
					 &id, &err),
			 IMS2_OK);
	assert_int_equal(record_get(f->ws.store, sessions, id, &now, &err), IMS2_OK);
	assert_string_equal(now.values[2], "1, 3");
	assert_int_equal(person, 3); /* the number the refused attempt took is free again */
	record_release(&now);
	/* A name too long for People: nothing saved, the message says why. */
	assert_int_equal(record_get(f->ws.store, items, 2, &rec, &err), IMS2_OK);
	{
		char name[202];
		memset(name, 'x', 201);
		name[201] = '\0';
		assert_int_equal(person_save_new(f->ws.store, &f->ws.screens, items, 2, rec.rev,
						 (const char *const *)rec.values, who, name, NULL, NULL,
						 NULL, &err),
				 IMS2_INVALID);
		assert_contains(err.message, "longer than");
	}
	/* Only a field that names people takes a new person. */
	assert_int_equal(person_save_new(f->ws.store, &f->ws.screens, items, 2, rec.rev,
					 (const char *const *)rec.values, title, "Dee", NULL, NULL,
					 NULL, &err),
			 IMS2_INVALID);
	record_release(&rec);
	assert_int_equal(count(f, people), 3);
	/* An item has one interviewee (single: true), a session several interviewees. */
	assert_int_equal(record_set_field(f->ws.store, items, 2, (size_t)who, "1, 2", &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Interviewee names one record of People, not several");
	assert_int_equal(record_set_field(f->ws.store, items, 2, (size_t)who, "Ada; Ada", &err),
			 IMS2_OK); /* the same person twice is one */
	assert_int_equal(record_set_field(f->ws.store, sessions, id,
					  (size_t)reg_field_index(sessions, "interviewees"),
					  "1, 2, 3", &err),
			 IMS2_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_justification, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exact_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_save_new, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
