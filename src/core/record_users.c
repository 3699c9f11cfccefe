/*
 * The records that still use a record (links of list fields, single references), named so
 * that a refused delete says which records to change: "Attendance 2 'Security awareness',
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

struct user {
	const struct reg *reg; /* NULL: a table no screen declares (named by its table) */
	const char *table;     /* owned by the user list */
	long long id;
};

struct users {
	struct user *items;
	size_t count;
};

/* Adds a user; one that uses the record twice is dropped once sorted (users_sort_unique). */
static void users_add(struct users *u, const struct screen_set *set, const char *table,
		      long long id)
{
	if ((u->count & (u->count - 1)) == 0) /* grows by doubling: 0, 1, 2, 4, ... */
		u->items = xrealloc(u->items, (u->count ? u->count * 2 : 1) * sizeof(*u->items));
	u->items[u->count].reg = screen_set_find_register(set, table);
	u->items[u->count].table = xstrdup(table);
	u->items[u->count++].id = id;
}

static void users_release(struct users *u)
{
	size_t i;

	for (i = 0; i < u->count; i++)
		free((char *)u->items[i].table);
	free(u->items);
}

static const char *user_title(const struct user *u)
{
	return u->reg ? u->reg->title : u->table;
}

static int user_order(const void *a, const void *b)
{
	const struct user *x = a, *y = b;
	int c = strcmp(user_title(x), user_title(y));

	if (!c)
		c = strcmp(x->table, y->table);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/*
 * Sorts by register title and record, and drops a record met twice (linked in a list and
 * referred to, or by two fields): n log n, as a person may own a hundred thousand risks.
 */
static void users_sort_unique(struct users *u)
{
	size_t i, kept = 0;

	if (!u->count)
		return;
	qsort(u->items, u->count, sizeof(*u->items), user_order);
	for (i = 0; i < u->count; i++) {
		if (kept && user_order(&u->items[kept - 1], &u->items[i]) == 0) {
			free((char *)u->items[i].table);
			continue;
		}
		u->items[kept++] = u->items[i];
	}
	u->count = kept;
}

/* Records of other registers whose link fields (record_link) cite record id of table. */
static int collect_links(struct store *store, const struct screen_set *set, const char *table,
			 long long id, struct users *u, struct ims2_error *err)
{
	sqlite3_stmt *st;
	char key[32];
	int rc;

	snprintf(key, sizeof(key), "%lld", id);
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT DISTINCT source, record FROM record_link WHERE target = ?1 AND "
			       "target_key = ?2 AND NOT (source = ?1 AND record = ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, table, err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id); /* a record's links to itself go with it */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		users_add(u, set, (const char *)sqlite3_column_text(st, 0),
			  sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(store, table, err);
}

/* Records whose single reference fields (type ref) point at record id of table. */
static int collect_refs(struct store *store, const struct screen_set *set, const char *table,
			long long id, struct users *u, struct ims2_error *err)
{
	size_t s, r, f;
	int rc = IMS2_OK;

	for (s = 0; s < set->count && !rc; s++)
		for (r = 0; r < set->screens[s].reg_count && !rc; r++) {
			const struct reg *other = &set->screens[s].regs[r];
			for (f = 0; f < other->field_count && !rc; f++) {
				const struct field *fld = &other->fields[f];
				sqlite3_stmt *st;
				char *sql;

				if (fld->type != FIELD_REF || strcmp(fld->ref, table) != 0)
					continue;
				sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?",
						other->table, fld->name);
				rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL);
				free(sql);
				if (rc != SQLITE_OK)
					return store_fail(store, other->title, err);
				sqlite3_bind_int64(st, 1, id);
				while ((rc = sqlite3_step(st)) == SQLITE_ROW)
					users_add(u, set, other->table, sqlite3_column_int64(st, 0));
				sqlite3_finalize(st);
				rc = rc == SQLITE_DONE ? IMS2_OK : store_fail(store, other->title, err);
			}
		}
	return rc;
}

/*
 * What names user u: its first field that is not the reference to the record being deleted
 * (an attendance names its session when a person is deleted, its person when a session is),
 * a reference shown as the label of the record it refers to. NULL when empty. Caller frees.
 */
static char *user_label(struct store *store, const struct screen_set *set, const struct user *u,
			const char *deleted)
{
	const struct field *f = NULL;
	sqlite3_stmt *st;
	char *sql, *value = NULL;
	size_t i;

	for (i = 0; u->reg && i < u->reg->field_count && !f; i++) {
		const struct field *c = &u->reg->fields[i];
		bool to_deleted = (c->type == FIELD_REF || c->type == FIELD_REFS) &&
				  strcmp(c->ref, deleted) == 0;
		if (!to_deleted && c->type != FIELD_MULTILINE)
			f = c;
	}
	if (!f)
		return NULL;
	sql = xasprintf("SELECT \"%s\" FROM \"%s\" WHERE id = ?", f->name, u->reg->table);
	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, u->id);
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
	size_t i;
	int rc;

	if ((rc = collect_links(store, set, reg->table, id, &u, err)) ||
	    (rc = collect_refs(store, set, reg->table, id, &u, err))) {
		users_release(&u);
		return rc;
	}
	users_sort_unique(&u);
	for (i = 0; i < u.count && i < USERS_NAMED; i++) {
		char *label = user_label(store, set, &u.items[i], reg->table);
		bool same = i > 0 && strcmp(user_title(&u.items[i - 1]), user_title(&u.items[i])) == 0;

		if (same)
			strbuf_addf(out, ", %lld", u.items[i].id);
		else
			strbuf_addf(out, "%s%s %lld", i ? "; " : "", user_title(&u.items[i]),
				    u.items[i].id);
		if (label)
			add_label(out, label);
		free(label);
	}
	if (u.count > USERS_NAMED)
		strbuf_addf(out, " and %zu more", u.count - USERS_NAMED);
	users_release(&u);
	return IMS2_OK;
}
