#include "ims2/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/record.h"
#include "ims2/checks.h"
#include "ims2/migrate.h"
#include "ims2/registry.h"
#include "ims2/source.h"
#include "ims2/util.h"
#include "coreint.h"

/*
 * Seeds a register declared with `seed: {file, list}` (data/threats.yaml, for one): the list
 * under that key, mappings whose keys are the register's fields. Files the build does not have
 * are skipped.
 */
static int seed_register_catalog(struct workspace *ws, const char *data_dir, const struct reg *reg,
				 struct ims2_error *err)
{
	const struct ydoc_node *list;
	struct ydoc doc;
	char *text, *origin;
	size_t len, i, f;
	int rc;

	if (source_read(data_dir, reg->seed_file, &text, &len, &origin, err))
		return IMS2_OK;
	rc = ydoc_parse(&doc, origin, text, len, err);
	list = rc ? NULL : ydoc_get(doc.root, reg->seed_list);
	for (i = 0; list && list->kind == YDOC_SEQ && i < list->count && !rc; i++) {
		const char **values = xcalloc(reg->field_count, sizeof(*values));
		long long id;
		for (f = 0; f < reg->field_count; f++) {
			const struct ydoc_node *v = ydoc_get(list->items[i], reg->fields[f].name);
			values[f] = v && v->kind == YDOC_SCALAR ? v->scalar
								: field_default(&reg->fields[f]);
		}
		rc = record_put_insert(ws->store, reg, values, &id, err);
		free(values);
	}
	ydoc_release(&doc);
	free(text);
	free(origin);
	return rc;
}

/*
 * A declared seed is done once: the meta value "seeded.TABLE" records it, so rows the user
 * deletes stay deleted (migration 6 records the seeds of older workspaces).
 */
static char *seed_mark(const struct reg *reg)
{
	return xasprintf("seeded.%s", reg->table);
}

static bool seed_pending(struct workspace *ws, const struct reg *reg)
{
	char *key = seed_mark(reg), *done = NULL;
	bool pending;

	store_meta_get(ws->store, key, &done);
	pending = reg->seed_file && !done;
	free(done);
	free(key);
	return pending;
}

/* Seeds a declared register if it is still empty, and records that its seed is done. */
static int seed_declared(struct workspace *ws, const char *data_dir, const struct reg *reg,
			 struct ims2_error *err)
{
	long long count;
	char *key;
	int rc = record_count(ws->store, reg, &count, err);

	if (!rc && count == 0)
		rc = seed_register_catalog(ws, data_dir, reg, err);
	if (rc)
		return rc;
	key = seed_mark(reg);
	rc = store_meta_set(ws->store, key, reg->seed_file, err);
	free(key);
	return rc;
}

/*
 * Seeds what a new or just migrated workspace lacks: the rows of the registry's seed hooks
 * (catalog rows, settings) and the registers declared with `seed:`, in one transaction.
 */
static int seed_if_needed(struct workspace *ws, const char *data_dir, struct ims2_error *err)
{
	const struct register_hooks *hooks;
	sqlite3_stmt *st;
	long long have = 0;
	size_t want = ws->catalog.control_count * 2 + 1, i, r, s, count;
	bool pending = false;
	int rc = IMS2_OK;

	for (i = 0; i < ws->catalog.clause_count; i++)
		want += ws->catalog.clauses[i].requirement;
	want++; /* the risk settings */
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT (SELECT count(*) FROM gap_item) + (SELECT count(*) FROM soa_entry)"
			       " + (SELECT count(*) FROM gap_settings) + (SELECT count(*) FROM "
			       "risk_settings)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "the catalog rows", err);
	rc = sqlite3_step(st);
	have = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_read_fail(ws->store, "the catalog rows", err);
	rc = IMS2_OK;
	for (s = 0; s < ws->screens.count && !pending; s++)
		for (r = 0; r < ws->screens.screens[s].reg_count && !pending; r++)
			pending = seed_pending(ws, &ws->screens.screens[s].regs[r]);
	if ((size_t)have >= want && !pending)
		return IMS2_OK;
	/*
	 * A new workspace, or one from an earlier build: read-only, it is seeded as an in-memory
	 * copy, so that it shows what it will show once opened for writing.
	 */
	if (store_readonly(ws->store) && (rc = store_copy_to_memory(ws->store, err)))
		return rc;
	if ((rc = store_begin_seed(ws->store, err)))
		return rc;
	hooks = registry_all(&count);
	for (i = 0; i < count && !rc; i++)
		if (hooks[i].seed)
			rc = hooks[i].seed(ws, data_dir, err);
	for (s = 0; s < ws->screens.count && !rc; s++)
		for (r = 0; r < ws->screens.screens[s].reg_count && !rc; r++)
			if (seed_pending(ws, &ws->screens.screens[s].regs[r]))
				rc = seed_declared(ws, data_dir, &ws->screens.screens[s].regs[r], err);
	if (rc) {
		store_rollback(ws->store);
		return rc;
	}
	return store_commit(ws->store, err);
}

static int load_screens(struct workspace *ws, const char *data_dir, struct ims2_error *err)
{
	int rc = screen_set_load(&ws->screens, &ws->catalog, data_dir, err);

	if (!rc)
		rc = workspace_check_screens(ws, err);
	if (!rc && store_meta_get(ws->store, "organisation", &ws->organisation) == IMS2_WORKSPACE)
		rc = store_read_failed(ws->store, err);
	if (!ws->organisation)
		ws->organisation = xstrdup("");
	return rc;
}

int workspace_create(struct workspace *ws, const char *path, const char *org,
		     const char *data_dir, struct ims2_error *err)
{
	char *texts[8] = { 0 };
	size_t i, len;
	int rc = IMS2_OK;

	memset(ws, 0, sizeof(*ws));
	catalog_init(&ws->catalog);
	if (!org || !*org || !util_utf8_valid(org) || util_control_char(org, false) >= 0)
		return error_set(err, IMS2_USAGE, "the organisation name (--org) must be one line "
						  "of text without control characters");
	for (i = 0; catalog_files[i] && !rc; i++) {
		char *origin;
		rc = source_read(data_dir, catalog_files[i], &texts[i], &len, &origin, err);
		if (!rc)
			rc = catalog_load_text(&ws->catalog, catalog_files[i], origin, texts[i], len,
					       err);
		free(origin);
	}
	if (!rc)
		rc = catalog_check(&ws->catalog, err);
	/* Screens are checked before the file exists, so a bad one leaves nothing behind. */
	if (!rc)
		rc = screen_set_load(&ws->screens, &ws->catalog, data_dir, err);
	if (!rc)
		rc = store_create(path, org, catalog_files, (const char *const *)texts, &ws->store,
				  err);
	if (!rc)
		rc = workspace_check_screens(ws, err);
	if (!rc)
		rc = seed_if_needed(ws, data_dir, err);
	if (!rc)
		ws->organisation = xstrdup(org);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		free(texts[i]);
	if (rc && ws->store) {
		store_discard(ws->store);
		ws->store = NULL;
	}
	if (rc)
		workspace_close(ws);
	return rc;
}

/* A catalog copy ims2 wrote that no longer loads: the workspace was damaged since. */
static int catalog_damaged(const char *path, struct ims2_error *err)
{
	struct ims2_error why = *err;

	error_set(err, IMS2_WORKSPACE, "%s: damaged: %s (reading catalog)", path, why.message);
	return error_hint(err, "restore it from a backup; it was left unchanged");
}

int workspace_open(struct workspace *ws, const char *path, int store_flags, const char *data_dir,
		   struct ims2_error *err)
{
	size_t i, stored = 0;
	int rc;

	memset(ws, 0, sizeof(*ws));
	catalog_init(&ws->catalog);
	/* Migrated once the catalog copies are read: a file refused for them is left as it was. */
	rc = store_open(path, store_flags | STORE_MIGRATE_LATER, &ws->store, err);
	for (i = 0; !rc && catalog_files[i]; i++) {
		char *text = store_catalog_text(ws->store, catalog_files[i]);
		char *origin = xasprintf("%s:%s", path, catalog_files[i]);
		if (!text && (rc = store_read_failed(ws->store, err))) {
			free(origin);
			break;
		}
		if (text) {
			stored++;
			/* ims2 wrote this copy: one it cannot load was damaged since. */
			rc = catalog_load_text(&ws->catalog, catalog_files[i], origin, text,
					       strlen(text), err);
			if (rc)
				rc = catalog_damaged(path, err);
		} else {
			size_t len;
			free(origin);
			rc = source_read(data_dir, catalog_files[i], &text, &len, &origin, err);
			if (!rc)
				rc = catalog_load_text(&ws->catalog, catalog_files[i], origin, text,
						       len, err);
		}
		free(text);
		free(origin);
	}
	/* Copies that load but do not agree: damaged too, unless a file of --data took part. */
	if (!rc && (rc = catalog_check(&ws->catalog, err)) && stored == i)
		rc = catalog_damaged(path, err);
	if (!rc)
		rc = store_migrate_pending(ws->store, err);
	if (!rc)
		rc = load_screens(ws, data_dir, err);
	if (!rc)
		rc = seed_if_needed(ws, data_dir, err);
	if (!rc)
		rc = store_read_failed(ws->store, err);
	if (rc)
		workspace_close(ws);
	return rc;
}

void workspace_close(struct workspace *ws)
{
	screen_set_release(&ws->screens);
	catalog_release(&ws->catalog);
	store_close(ws->store);
	free(ws->organisation);
	memset(ws, 0, sizeof(*ws));
}

struct column_info {
	char name[64], type[16];
	bool notnull, has_default;
};

/* The columns of table (at most max), or -1 when the schema cannot be read. */
static int table_columns(struct store *store, const char *table, struct column_info *cols,
			 int max)
{
	sqlite3_stmt *st;
	int n = 0, rc = SQLITE_ROW;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT name, \"notnull\", dflt_value IS NOT NULL, upper(type) "
			       "FROM pragma_table_info(?)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(cols[n].name, sizeof(cols[n].name), "%s", sqlite3_column_text(st, 0));
		cols[n].notnull = sqlite3_column_int(st, 1);
		cols[n].has_default = sqlite3_column_int(st, 2);
		snprintf(cols[n].type, sizeof(cols[n].type), "%s", sqlite3_column_text(st, 3));
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

static bool references(struct store *store, const char *table, const char *column,
		       const char *target)
{
	sqlite3_stmt *st;
	bool found = false;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT 1 FROM pragma_foreign_key_list(?) WHERE \"from\" = ? AND "
			       "\"table\" = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, target, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* The column types a field type may be stored in: numbers as numbers, the rest as text. */
static bool type_fits(enum field_type type, const char *column)
{
	switch (type) {
	case FIELD_NUMBER:
		return strcmp(column, "INTEGER") == 0 || strcmp(column, "REAL") == 0;
	case FIELD_REF:
		return strcmp(column, "INTEGER") == 0;
	case FIELD_CHOICE: /* a scale of numbers (maturity 0-5) or words */
		return strcmp(column, "INTEGER") == 0 || strcmp(column, "TEXT") == 0;
	case FIELD_TEXT:
	case FIELD_MULTILINE:
	case FIELD_DATE:
	case FIELD_DATETIME:
	case FIELD_CONTROLS:
	case FIELD_REFS:
		break;
	}
	return strcmp(column, "TEXT") == 0;
}

/*
 * A register against its table, both ways: every column but the engine's own (id, rev) is a
 * field of a fitting type (a choice may be a scale of numbers), required when NOT NULL, referencing what the field refers to; and
 * every field is a column.
 */
/* True when column has a UNIQUE constraint of its own (not as part of several columns). */
static bool unique_column(struct store *store, const char *table, const char *column)
{
	sqlite3_stmt *st;
	bool found = false;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT 1 FROM pragma_index_list(?1) AS l WHERE l.\"unique\" AND "
			       "(SELECT count(*) FROM pragma_index_info(l.name)) = 1 AND "
			       "(SELECT name FROM pragma_index_info(l.name)) = ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int check_register(struct workspace *ws, const struct reg *reg, struct ims2_error *err)
{
	struct column_info cols[64];
	int n = table_columns(ws->store, reg->table, cols, 64), i, f;

	if (n < 0)
		return store_read_fail(ws->store, reg->table, err);
	if (n == 0)
		return error_set(err, IMS2_USAGE, "screens/%s.yaml: no table '%s' in the workspace",
				 reg->step, reg->table);
	for (i = 0; i < n; i++) {
		if (strcmp(cols[i].name, "id") == 0 || strcmp(cols[i].name, "rev") == 0)
			continue;
		f = reg_field_index(reg, cols[i].name);
		if (f < 0)
			return error_set(err, IMS2_USAGE,
					 "screens/%s.yaml: register %s has no field for column %s",
					 reg->step, reg->table, cols[i].name);
		if (!type_fits(reg->fields[f].type, cols[i].type))
			return error_set(err, IMS2_USAGE,
					 "screens/%s.yaml: %s.%s is a %s field but a %s column",
					 reg->step, reg->table, cols[i].name,
					 field_type_name(reg->fields[f].type), cols[i].type);
		if (!reg->fields[f].unique && unique_column(ws->store, reg->table, cols[i].name))
			return error_set(err, IMS2_USAGE,
					 "screens/%s.yaml: %s.%s must be declared unique (UNIQUE)",
					 reg->step, reg->table, cols[i].name);
		if (cols[i].notnull && !cols[i].has_default && !reg->fields[f].required)
			return error_set(err, IMS2_USAGE,
					 "screens/%s.yaml: %s.%s must be required (NOT NULL)",
					 reg->step, reg->table, cols[i].name);
		if (reg->fields[f].type == FIELD_REF &&
		    !references(ws->store, reg->table, cols[i].name, reg->fields[f].ref))
			return error_set(err, IMS2_USAGE,
					 "screens/%s.yaml: %s.%s does not reference %s in the schema",
					 reg->step, reg->table, cols[i].name, reg->fields[f].ref);
	}
	for (f = 0; f < (int)reg->field_count; f++) {
		for (i = 0; i < n; i++)
			if (strcmp(cols[i].name, reg->fields[f].name) == 0)
				break;
		if (i == n)
			return error_set(err, IMS2_USAGE,
					 "screens/%s.yaml: field %s is not a column of %s", reg->step,
					 reg->fields[f].name, reg->table);
	}
	return IMS2_OK;
}

/* Every table of the schema is the engine's own or a register of a screen file. */
static int check_tables_declared(struct workspace *ws, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
			       "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "workspace schema", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!migrate_engine_table(t) && !screen_set_find_register(&ws->screens, t)) {
			rc = error_set(err, IMS2_USAGE,
				       "table %s of the workspace is declared by no screen file", t);
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "workspace schema", err);
}

int workspace_check_screens(struct workspace *ws, struct ims2_error *err)
{
	size_t s, r;
	int rc;

	for (s = 0; s < ws->screens.count; s++)
		for (r = 0; r < ws->screens.screens[s].reg_count; r++)
			if ((rc = check_register(ws, &ws->screens.screens[s].regs[r], err)))
				return rc;
	if ((rc = check_tables_declared(ws, err)))
		return rc;
	return checks_prepare_all(ws, err);
}

/*
 * How far a register is filled in, 0 to 1: an ordinary register counts once it has a record;
 * a fixed one (rows from the catalogs) by the share of rows where an editable field differs
 * from its default. A read that fails is remembered by the store.
 */
double workspace_register_fill(struct workspace *ws, const struct reg *reg)
{
	struct strbuf sql = { 0 };
	struct ims2_error err;
	sqlite3_stmt *st;
	long long n = 0, answered = 0;
	size_t i;

	if (!reg->fixed) {
		if (record_count(ws->store, reg, &n, &err))
			store_read_fail(ws->store, reg->table, &err);
		return n > 0;
	}
	strbuf_addf(&sql, "SELECT count(*), coalesce(sum(0");
	for (i = 0; i < reg->field_count; i++) {
		const struct field *f = &reg->fields[i];
		const char *def = field_default(f);
		if (f->readonly)
			continue;
		char *quoted = sqlite3_mprintf("%Q", def ? def : "");
		strbuf_addf(&sql, " OR coalesce(CAST(\"%s\" AS TEXT), '') <> %s", f->name, quoted);
		sqlite3_free(quoted);
	}
	strbuf_addf(&sql, "), 0) FROM \"%s\"", reg->table);
	if (sqlite3_prepare_v2(store_db(ws->store), sql.buf, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			n = sqlite3_column_int64(st, 0);
			answered = sqlite3_column_int64(st, 1);
		} else {
			store_read_fail(ws->store, reg->table, &err);
		}
		sqlite3_finalize(st);
	} else {
		store_read_fail(ws->store, reg->table, &err);
	}
	strbuf_release(&sql);
	return n ? (double)answered / n : 0;
}

int workspace_step_progress(struct workspace *ws, size_t step, struct step_progress *out)
{
	const struct screen *scr = &ws->screens.screens[step];
	double filled = 0;
	size_t i;
	int total;

	memset(out, 0, sizeof(*out));
	out->activity_count = (int)scr->activity_count;
	for (i = 0; i < scr->reg_count; i++)
		out->register_count += scr->regs[i].counts;
	for (i = 0; i < scr->activity_count; i++)
		out->activities_done += store_activity_done(ws->store, scr->step,
							    scr->activities[i].id);
	for (i = 0; i < scr->reg_count; i++) {
		double f;
		if (!scr->regs[i].counts)
			continue;
		f = workspace_register_fill(ws, &scr->regs[i]);
		filled += f;
		out->registers_filled += f >= 1;
	}
	out->register_fill = filled;
	total = out->activity_count + out->register_count;
	out->percent = total ? (int)((out->activities_done + filled) * 100 / total) : 0;
	store_step_status(ws->store, scr->step, out->status, &out->reason);
	/* Done and skipped are the user's word; otherwise the work done says it. */
	if (strcmp(out->status, "done") != 0 && strcmp(out->status, "skipped") != 0)
		snprintf(out->status, sizeof(out->status), "%s",
			 out->activities_done + filled > 0 ? "in progress" : "not started");
	/* A step marked done keeps the figure its work gives: the two are shown side by side. */
	/* What a damaged file gave is not progress: the caller shows the error instead. */
	return store_read_failed(ws->store, NULL);
}

void step_progress_release(struct step_progress *p)
{
	free(p->reason);
	p->reason = NULL;
}

static int import_steps(struct workspace *ws, const struct ydoc *doc, struct ims2_error *err)
{
	const struct ydoc_node *steps = ydoc_get(doc->root, "steps");
	size_t i, j, count;
	int rc = IMS2_OK;

	if (!steps)
		return IMS2_OK;
	if (steps->kind != YDOC_SEQ)
		return ydoc_fail(err, doc, steps, "'steps' must be a list");
	for (i = 0; i < steps->count && !rc; i++) {
		const struct ydoc_node *n = steps->items[i];
		const char *id, *status, *reason, **done;
		const struct screen *scr;

		if ((rc = ydoc_string(doc, n, "step", true, &id, err)) ||
		    (rc = ydoc_string(doc, n, "status", false, &status, err)) ||
		    (rc = ydoc_string(doc, n, "reason", false, &reason, err)) ||
		    (rc = ydoc_strings(doc, n, "done", &done, &count, err)))
			return rc;
		if (!(scr = screen_set_find(&ws->screens, id)))
			rc = ydoc_fail(err, doc, n, "unknown step '%s'", id);
		else if (status && store_put_step_status(ws->store, id, status, reason, err))
			rc = ydoc_fail(err, doc, n, "%s", err->message);
		for (j = 0; j < count && !rc; j++) {
			size_t a;
			for (a = 0; a < scr->activity_count; a++)
				if (strcmp(scr->activities[a].id, done[j]) == 0)
					break;
			if (a == scr->activity_count)
				rc = ydoc_fail(err, doc, ydoc_get(n, "done")->items[j],
					       "step %s has no activity '%s'", id, done[j]);
			else
				rc = store_put_activity(ws->store, id, done[j], true, err);
		}
		free(done);
	}
	return rc;
}

/* The id of the record of table whose label is label, or 0. */
static long long find_by_label(struct workspace *ws, const char *table, const char *label)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, table);
	sqlite3_stmt *st;
	long long id = 0;
	char *label_sql = reg_label_sql(reg, "t");
	char *sql = xasprintf("SELECT id FROM \"%s\" AS t WHERE %s = ? ORDER BY id LIMIT 1",
			      reg->table, label_sql);

	free(label_sql);
	if (sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, label, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	free(sql);
	return id;
}

/*
 * The row of a fixed register that a record names: its label is values[0] and every other
 * read-only field given (the catalog's columns: a scale and a value) has the value given, so
 * that rows sharing a first field (the levels of one risk scale) are told apart. 0 if none.
 */
static long long find_fixed_row(struct workspace *ws, const struct reg *reg,
				const char *const *values)
{
	struct strbuf sql = { 0 };
	sqlite3_stmt *st;
	long long id = 0;
	char *label_sql = reg_label_sql(reg, "t");
	size_t f;
	int n = 1;

	strbuf_addf(&sql, "SELECT id FROM \"%s\" AS t WHERE %s = ?1", reg->table, label_sql);
	free(label_sql);
	for (f = 1; f < reg->field_count; f++)
		if (reg->fields[f].readonly && reg->fields[f].type != FIELD_REF && values[f])
			strbuf_addf(&sql, " AND coalesce(CAST(t.\"%s\" AS TEXT), '') = ?%d",
				    reg->fields[f].name, ++n);
	strbuf_adds(&sql, " ORDER BY id LIMIT 1");
	if (sqlite3_prepare_v2(store_db(ws->store), sql.buf, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, values[0], -1, SQLITE_STATIC);
		for (f = 1, n = 1; f < reg->field_count; f++)
			if (reg->fields[f].readonly && reg->fields[f].type != FIELD_REF && values[f])
				sqlite3_bind_text(st, ++n, values[f], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	strbuf_release(&sql);
	return id;
}

/* The id of the one record of a form, 0 when it has none yet. */
static int form_record(struct workspace *ws, const struct reg *reg, long long *id,
		       struct ims2_error *err)
{
	char *sql = xasprintf("SELECT id FROM \"%s\" ORDER BY id LIMIT 1", reg->table);
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	rc = sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return store_read_fail(ws->store, reg->table, err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? IMS2_OK
						     : store_read_fail(ws->store, reg->table, err);
}

/*
 * Adds one record given as a YAML mapping, inside the caller's transaction. In a fixed
 * register (rows from the catalogs) the first field names the row to update; a form that has
 * its record already (settings seeded at creation, or an earlier import) has it updated; in
 * both, the fields not given keep their values. A YAML null (~) is an empty value.
 */
static int import_record(struct workspace *ws, const struct ydoc *doc, const struct reg *reg,
			 const struct ydoc_node *n, long long shift_days, struct ims2_error *err)
{
	const char **values = xcalloc(reg->field_count, sizeof(*values));
	char **owned = xcalloc(reg->field_count, sizeof(*owned));
	struct record old = { 0 };
	size_t i;
	int rc = IMS2_OK;
	long long id = 0;

	if (n->kind != YDOC_MAP)
		rc = ydoc_fail(err, doc, n, "a record must be a mapping of field to value");
	for (i = 0; !rc && i < n->count; i++) {
		int f = reg_field_index(reg, n->keys[i]->scalar);
		if (f < 0)
			rc = ydoc_fail(err, doc, n->keys[i], "%s has no field '%s'", reg->table,
				       n->keys[i]->scalar);
		else if (n->items[i]->kind != YDOC_SCALAR)
			rc = ydoc_fail(err, doc, n->items[i], "'%s' must be a plain value",
				       n->keys[i]->scalar);
		else
			values[f] = n->items[i]->scalar;
	}
	if (!rc && reg->fixed) {
		id = values[0] ? find_fixed_row(ws, reg, values) : 0;
		if (!id)
			rc = ydoc_fail(err, doc, n, "%s has no row '%s'", reg->table,
				       values[0] ? values[0] : "");
		else
			rc = record_get(ws->store, reg, id, &old, err);
	} else if (!rc && reg->form && !(rc = form_record(ws, reg, &id, err)) && id) {
		rc = record_get(ws->store, reg, id, &old, err);
	}
	for (i = 0; !rc && i < reg->field_count; i++) {
		const struct field *f = &reg->fields[i];
		if (f->type == FIELD_REF && values[i] && *values[i]) {
			long long ref = find_by_label(ws, f->ref, values[i]);
			if (!ref)
				rc = ydoc_fail(err, doc, ydoc_get(n, f->name),
					       "no record '%s' in %s to refer to", values[i], f->ref);
			owned[i] = xasprintf("%lld", ref);
			values[i] = owned[i];
		} else if (!values[i]) {
			values[i] = id ? old.values[i] : field_default(f);
		} else if (shift_days && (f->type == FIELD_DATE || f->type == FIELD_DATETIME)) {
			/* A scenario told at another day; what is no date is refused below. */
			char *same = util_date_shift(values[i], 0);
			if ((owned[i] = util_date_shift(values[i], shift_days)))
				values[i] = owned[i];
			else if (same)
				rc = ydoc_fail(err, doc, ydoc_get(n, f->name),
					       "%s moved by %lld days leaves the years 1900 to 9999",
					       values[i], shift_days);
			free(same);
		}
	}
	if (!rc) {
		rc = id ? record_put_update(ws->store, reg, id, -1, values, err)
			: record_put_insert(ws->store, reg, values, &id, err);
		if (!rc)
			++*(old.values ? &ws->imported_updated : &ws->imported_added);
		if (rc)
			rc = ydoc_fail(err, doc, n, "%s", err->message);
	}
	record_release(&old);
	for (i = 0; i < reg->field_count; i++)
		free(owned[i]);
	free(owned);
	free(values);
	return rc;
}

static int import_records(struct workspace *ws, const struct ydoc *doc, long long shift_days,
			  struct ims2_error *err)
{
	const struct ydoc_node *records = ydoc_get(doc->root, "records");
	size_t i, j;
	int rc;

	if (!records)
		return IMS2_OK;
	if (records->kind != YDOC_MAP)
		return ydoc_fail(err, doc, records, "'records' must map table names to lists");
	for (i = 0; i < records->count; i++) {
		const struct reg *reg = screen_set_find_register(&ws->screens,
								 records->keys[i]->scalar);
		const struct ydoc_node *list = records->items[i];

		if (!reg)
			return ydoc_fail(err, doc, records->keys[i], "no register '%s'",
					 records->keys[i]->scalar);
		if (list->kind != YDOC_SEQ)
			return ydoc_fail(err, doc, list, "'%s' must be a list of records", reg->table);
		if (reg->form && list->count > 1)
			return ydoc_fail(err, doc, list, "'%s' is a form: one record at most",
					 reg->table);
		for (j = 0; j < list->count; j++)
			if ((rc = import_record(ws, doc, reg, list->items[j], shift_days, err)))
				return rc;
	}
	return IMS2_OK;
}

/*
 * `replace: [TABLE, ...]`: registers seeded from the catalogs whose records the file gives
 * whole (ims2 dump writes it, as a new workspace has its seeded rows already). Their records
 * are deleted first, in the import's transaction; one that another record uses refuses it.
 */
static int import_replace(struct workspace *ws, const struct ydoc *doc, struct ims2_error *err)
{
	const char **tables;
	size_t i, count;
	int rc = ydoc_strings(doc, doc->root, "replace", &tables, &count, err);

	for (i = 0; !rc && i < count; i++) {
		const struct reg *reg = screen_set_find_register(&ws->screens, tables[i]);
		const struct ydoc_node *at = ydoc_get(doc->root, "replace")->items[i];
		long long id = 0;

		if (!reg)
			rc = ydoc_fail(err, doc, at, "no register '%s'", tables[i]);
		else if (!reg->seed_file || reg->form || reg->fixed)
			rc = ydoc_fail(err, doc, at, "'%s' is not a register seeded from a catalog: "
						     "only those can be replaced", tables[i]);
		/* form_record(): the first record, whatever the register. */
		while (!rc && !(rc = form_record(ws, reg, &id, err)) && id)
			if ((rc = record_put_delete(ws->store, &ws->screens, reg, id, err)))
				rc = ydoc_fail(err, doc, at, "%s", err->message);
	}
	free(tables);
	return rc;
}

/* The registers' settle hooks, once every record of an import is in. */
static int settle_imported(struct workspace *ws, struct ims2_error *err)
{
	const struct register_hooks *hooks;
	size_t i, count;
	int rc = IMS2_OK;

	hooks = registry_all(&count);
	for (i = 0; i < count && !rc; i++)
		if (hooks[i].settle)
			rc = hooks[i].settle(ws, err);
	return rc;
}

int workspace_import_text(struct workspace *ws, const char *name, const char *text, size_t len,
			  struct ims2_error *err)
{
	return workspace_import_shifted(ws, name, text, len, 0, err);
}

int workspace_import_shifted(struct workspace *ws, const char *name, const char *text,
			     size_t len, long long shift_days, struct ims2_error *err)
{
	/*
	 * continues, as_of, previous_cycle_closed_on, recorded_on: how a scenario is built and the day its
	 * story is told (src/core/scenario.c); an import file may carry them, they add nothing.
	 */
	static const char *const keys[] = { "scenario",	    "continues", "as_of",
					    "previous_cycle_closed_on", "recorded_on", "title",
					    "organisation", "description", "steps",
					    "replace", "records", NULL };
	struct ydoc doc;
	int rc = ydoc_parse(&doc, name, text, len, err);

	ws->imported_added = ws->imported_updated = 0;
	if (!rc)
		rc = ydoc_known_keys(&doc, doc.root, keys, err);
	if (!rc && !(rc = store_begin(ws->store, err))) {
		rc = import_steps(ws, &doc, err);
		if (!rc)
			rc = import_replace(ws, &doc, err);
		if (!rc)
			rc = import_records(ws, &doc, shift_days, err);
		if (!rc)
			rc = settle_imported(ws, err);
		if (rc)
			store_rollback(ws->store);
		else
			rc = store_commit(ws->store, err);
	}
	ydoc_release(&doc);
	return rc;
}
