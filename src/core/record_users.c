/*
 * The records that still use a record (links of list fields, single references), named so
 * that a refused delete says which records to change: "Attendance 2 'Security awareness';
 * Documents 4 'POL-01' and 3 more". Generic: it reads the screen files, never names a register.
 */
#include "ims2/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "coreint.h"

/* How many users a message names before "and N more", and how long each label may be. */
#define USERS_NAMED 4
#define LABEL_CHARS 32

/* The records of one register that use the record: how many, and the first few by number. */
struct user_table {
	const struct reg *reg; /* NULL: a table no screen declares (named by its table) */
	char *table;
	long long count, first[USERS_NAMED];
};

struct users {
	struct user_table *tables;
	size_t count;
};

static void users_add_table(struct users *u, const struct screen_set *set, const char *table)
{
	size_t i;

	for (i = 0; i < u->count; i++)
		if (strcmp(u->tables[i].table, table) == 0)
			return;
	u->tables = xrealloc(u->tables, (u->count + 1) * sizeof(*u->tables));
	memset(&u->tables[u->count], 0, sizeof(*u->tables));
	u->tables[u->count].reg = screen_set_find_register(set, table);
	u->tables[u->count++].table = xstrdup(table);
}

static void users_release(struct users *u)
{
	size_t i;

	for (i = 0; i < u->count; i++)
		free(u->tables[i].table);
	free(u->tables);
}

static const char *table_title(const struct user_table *t)
{
	return t->reg ? t->reg->title : t->table;
}

static int table_order(const void *a, const void *b)
{
	const struct user_table *x = a, *y = b;
	int c = strcmp(table_title(x), table_title(y));

	return c ? c : strcmp(x->table, y->table);
}

/*
 * The registers that may use record id of table: those whose link fields cite it
 * (record_link), and those with a single reference field to table. A handful: the records
 * themselves are counted per register by count_table().
 */
static int find_tables(struct store *store, const struct screen_set *set, const char *table,
		       long long id, struct users *u, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t s, r, f;
	char key[32];
	int rc;

	for (s = 0; s < set->count; s++)
		for (r = 0; r < set->screens[s].reg_count; r++)
			for (f = 0; f < set->screens[s].regs[r].field_count; f++)
				if (set->screens[s].regs[r].fields[f].type == FIELD_REF &&
				    strcmp(set->screens[s].regs[r].fields[f].ref, table) == 0)
					users_add_table(u, set, set->screens[s].regs[r].table);
	snprintf(key, sizeof(key), "%lld", id);
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT DISTINCT source FROM record_link WHERE target = ?1 AND "
			       "target_key = ?2 AND NOT (source = ?1 AND record = ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, table, err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id); /* a record's links to itself go with it */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		users_add_table(u, set, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(store, table, err);
}

/*
 * Counts the records of t that use record id of table, through a link or a reference (a
 * record using it twice counts once: UNION), keeping the first USERS_NAMED by number.
 */
static int count_table(struct store *store, const char *table, long long id,
		       struct user_table *t, struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	sqlite3_stmt *st;
	char key[32];
	size_t f;
	int rc;

	strbuf_adds(&sql, "SELECT DISTINCT record FROM record_link WHERE target = ?1 AND "
			  "target_key = ?2 AND source = ?4 AND NOT (source = ?1 AND record = ?3)");
	for (f = 0; t->reg && f < t->reg->field_count; f++)
		if (t->reg->fields[f].type == FIELD_REF && strcmp(t->reg->fields[f].ref, table) == 0)
			strbuf_addf(&sql, " UNION SELECT id FROM \"%s\" WHERE \"%s\" = ?3",
				    t->reg->table, t->reg->fields[f].name);
	strbuf_adds(&sql, " ORDER BY 1");
	rc = sqlite3_prepare_v2(store_db(store), sql.buf, -1, &st, NULL);
	strbuf_release(&sql);
	if (rc != SQLITE_OK)
		return store_fail(store, table_title(t), err);
	snprintf(key, sizeof(key), "%lld", id);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_text(st, 4, t->table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->count < USERS_NAMED)
			t->first[t->count] = sqlite3_column_int64(st, 0);
		t->count++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(store, table_title(t), err);
}

/*
 * What names record id of t: its first field that is not the reference to the record being
 * deleted (an attendance names its session when a person is deleted, its person when a
 * session is), a reference shown as the label of the record it refers to. NULL when empty.
 * Caller frees.
 */
static char *user_label(struct store *store, const struct screen_set *set,
			const struct user_table *t, long long id, const char *deleted)
{
	const struct field *f = NULL;
	sqlite3_stmt *st;
	char *sql, *value = NULL;
	size_t i;

	for (i = 0; t->reg && i < t->reg->field_count && !f; i++) {
		const struct field *c = &t->reg->fields[i];
		bool to_deleted = (c->type == FIELD_REF || c->type == FIELD_REFS) &&
				  strcmp(c->ref, deleted) == 0;
		if (!to_deleted && c->type != FIELD_MULTILINE)
			f = c;
	}
	if (!f)
		return NULL;
	sql = xasprintf("SELECT \"%s\" FROM \"%s\" WHERE id = ?", f->name, t->reg->table);
	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			value = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	free(sql);
	if (value && (f->type == FIELD_REF || f->type == FIELD_REFS)) {
		/* A list of references: the first one's label names it. */
		char *label = record_label(store, set, f->ref, atoll(value));
		free(value);
		value = label;
	}
	if (value && !*value) {
		free(value);
		value = NULL;
	}
	return value;
}

/* Appends label in quotes, cut to LABEL_CHARS characters (whole UTF-8 sequences) with "...". */
static void add_label(struct strbuf *out, const char *label)
{
	size_t bytes = 0, chars = 0;

	while (label[bytes] && chars < LABEL_CHARS) {
		bytes++;
		while ((label[bytes] & 0xC0) == 0x80)
			bytes++;
		chars++;
	}
	strbuf_addf(out, " '%.*s%s'", (int)bytes, label, label[bytes] ? "..." : "");
}

int record_users(struct store *store, const struct screen_set *set, const struct reg *reg,
		 long long id, struct strbuf *out, struct ims2_error *err)
{
	struct users u = { 0 };
	long long total = 0, named = 0, i;
	size_t t;
	int rc;

	rc = find_tables(store, set, reg->table, id, &u, err);
	for (t = 0; t < u.count && !rc; t++)
		rc = count_table(store, reg->table, id, &u.tables[t], err);
	if (rc) {
		users_release(&u);
		return rc;
	}
	if (u.count)
		qsort(u.tables, u.count, sizeof(*u.tables), table_order);
	for (t = 0; t < u.count; t++) {
		const struct user_table *ut = &u.tables[t];
		total += ut->count;
		for (i = 0; i < ut->count && i < USERS_NAMED && named < USERS_NAMED; i++, named++) {
			char *label = user_label(store, set, ut, ut->first[i], reg->table);
			if (i)
				strbuf_addf(out, ", %lld", ut->first[i]);
			else
				strbuf_addf(out, "%s%s %lld", named ? "; " : "", table_title(ut),
					    ut->first[i]);
			if (label)
				add_label(out, label);
			free(label);
		}
	}
	if (total > named)
		strbuf_addf(out, " and %lld more", total - named);
	users_release(&u);
	return IMS2_OK;
}
