#include "ims2/record.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/links.h"
#include "ims2/registry.h"
#include "ims2/util.h"
#include "coreint.h"

void record_release(struct record *rec)
{
	size_t i;

	for (i = 0; i < rec->count; i++)
		free(rec->values[i]);
	free(rec->values);
	rec->values = NULL;
	rec->count = 0;
}

/* Nothing, or only white space: a required field needs more than that. */
static bool empty(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return !*s;
}

/* Checks field i of values; IMS2_OK or IMS2_INVALID with the reason in err. */
static int validate_field(const struct reg *reg, const char *const *values, size_t i,
			  struct ims2_error *err)
{
	const struct field *f = &reg->fields[i];
	const char *v = values[i];
	bool required = f->required;
	size_t c;
	long control;

	if (f->required_if_field) {
		const char *other = values[reg_field_index(reg, f->required_if_field)];
		if (other && strcmp(other, f->required_if_value) == 0)
			required = true;
	}
	if (empty(v)) {
		if (required && f->required_if_field && !f->required)
			return error_set(err, IMS2_INVALID, "%s is required when %s is %s", f->label,
					 reg->fields[reg_field_index(reg, f->required_if_field)].label,
					 f->required_if_value);
		if (required)
			return error_set(err, IMS2_INVALID, "%s is required", f->label);
		return IMS2_OK;
	}
	if (!util_utf8_valid(v))
		return error_set(err, IMS2_INVALID, "%s is not valid UTF-8 text", f->label);
	control = util_control_char(v, f->type == FIELD_MULTILINE);
	if (control == '\n')
		return error_set(err, IMS2_INVALID, "%s is one line of text", f->label);
	if (control >= 0)
		return error_set(err, IMS2_INVALID, "%s contains a control character (U+%04lX)%s",
				 f->label, control,
				 f->type == FIELD_MULTILINE ? ": only newline and tab are allowed"
							    : ": one line of plain text is expected");
	if (util_utf8_length(v) > (size_t)f->max)
		return error_set(err, IMS2_INVALID, "%s is longer than %d characters", f->label,
				 f->max);
	switch (f->type) {
	case FIELD_DATE:
		if (!util_valid_date(v))
			return error_set(err, IMS2_INVALID,
					 "%s: '%.40s' is not a date: write YYYY-MM-DD (a real day)",
					 f->label, v);
		if (f->not_before) {
			int o = reg_field_index(reg, f->not_before);
			const char *first = values[o];
			if (!empty(first) && util_valid_date(first) && strcmp(v, first) < 0)
				return error_set(err, IMS2_INVALID, "%s cannot be before %s (%s)",
						 f->label, reg->fields[o].label, first);
		}
		break;
	case FIELD_DATETIME:
		if (!util_valid_datetime(v))
			return error_set(err, IMS2_INVALID,
					 "%s: '%s' is not a time: write YYYY-MM-DD HH:MM (a real day, "
					 "00:00 to 23:59)",
					 f->label, v);
		break;
	case FIELD_NUMBER:
		if (!util_valid_number(v))
			return error_set(err, IMS2_INVALID, "%s must be a number", f->label);
		if (f->has_range &&
		    (strtod(v, NULL) < f->range_low || strtod(v, NULL) > f->range_high))
			return error_set(err, IMS2_INVALID, "%s must be between %g and %g",
					 f->label, f->range_low, f->range_high);
		break;
	case FIELD_REF:
		if (!util_valid_number(v) || strchr(v, '.') || atoll(v) < 1)
			return error_set(err, IMS2_INVALID, "%s must name a record", f->label);
		break;
	case FIELD_CHOICE:
		for (c = 0; c < f->choice_count; c++)
			if (strcmp(f->choices[c], v) == 0)
				break;
		if (c == f->choice_count)
			return error_set(err, IMS2_INVALID, "%s cannot be '%s'", f->label, v);
		break;
	case FIELD_TEXT:
	case FIELD_CONTROLS:
	case FIELD_REFS:
	case FIELD_MULTILINE:
		break;
	}
	return IMS2_OK;
}

int record_validate(const struct reg *reg, const char *const *values, int *bad_field,
		    struct ims2_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < reg->field_count; i++) {
		*bad_field = (int)i;
		if ((rc = validate_field(reg, values, i, err))) {
			error_field(err, reg->fields[i].name);
			return rc;
		}
	}
	*bad_field = -1;
	return IMS2_OK;
}

int record_validate_each(const struct reg *reg, const char *const *values,
			 struct ims2_error *errs)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < reg->field_count; i++) {
		error_clear(&errs[i]);
		bad += validate_field(reg, values, i, &errs[i]) != IMS2_OK;
	}
	return bad;
}

static char *column_text(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	return xstrdup((const char *)sqlite3_column_text(st, col));
}

static void bind_value(sqlite3_stmt *st, int index, const struct field *f, const char *v)
{
	if (empty(v))
		sqlite3_bind_null(st, index);
	else if (f->type == FIELD_REF)
		sqlite3_bind_int64(st, index, atoll(v));
	else if (f->type == FIELD_NUMBER)
		sqlite3_bind_double(st, index, strtod(v, NULL));
	else
		sqlite3_bind_text(st, index, v, -1, SQLITE_TRANSIENT);
}

/* The stored value of a number as the user typed it, without a trailing ".0". */
static char *number_text(sqlite3_stmt *st, int col)
{
	char *s = column_text(st, col);
	size_t n;

	if (s && sqlite3_column_type(st, col) == SQLITE_FLOAT) {
		n = strlen(s);
		if (n > 2 && strcmp(s + n - 2, ".0") == 0)
			s[n - 2] = '\0';
	}
	return s;
}

static void read_row(sqlite3_stmt *st, const struct reg *reg, struct record *rec)
{
	size_t i;

	rec->id = sqlite3_column_int64(st, 0);
	rec->rev = sqlite3_column_int64(st, 1);
	rec->count = reg->field_count;
	rec->values = xcalloc(reg->field_count, sizeof(*rec->values));
	for (i = 0; i < reg->field_count; i++)
		rec->values[i] = reg->fields[i].type == FIELD_NUMBER ? number_text(st, (int)i + 2)
								     : column_text(st, (int)i + 2);
}

static void add_columns(struct strbuf *sb, const struct reg *reg)
{
	size_t i;

	strbuf_adds(sb, "t.id, t.rev");
	for (i = 0; i < reg->field_count; i++)
		strbuf_addf(sb, ", t.\"%s\"", reg->fields[i].name);
}

int record_get(struct store *store, const struct reg *reg, long long id, struct record *out,
	       struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_adds(&sql, "SELECT ");
	add_columns(&sql, reg);
	strbuf_addf(&sql, " FROM \"%s\" AS t WHERE t.id = ?", reg->table);
	rc = store_prepare(store, sql.buf, &st);
	strbuf_release(&sql);
	if (rc != SQLITE_OK)
		return store_fail(store, reg->title, err);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(st, reg, out);
		rc = IMS2_OK;
	} else if (rc == SQLITE_DONE) {
		rc = error_set(err, IMS2_INVALID, "%s: record %lld does not exist", reg->title, id);
	} else {
		rc = store_fail(store, reg->title, err);
	}
	store_finish(store, st);
	return rc;
}

/* Logs each field whose value changes from old (NULL: none) to new (NULL: deleted). */
static int log_changes(struct store *store, const struct reg *reg, long long id,
		       const struct record *old, const char *const *values, struct ims2_error *err)
{
	size_t i;
	int rc = IMS2_OK;

	for (i = 0; i < reg->field_count && !rc; i++) {
		const char *before = old ? old->values[i] : NULL;
		const char *after = values && !empty(values[i]) ? values[i] : NULL;
		if ((!before && !after) || (before && after && strcmp(before, after) == 0))
			continue;
		rc = store_log(store, reg->table, id, reg->fields[i].name, before, after, err);
	}
	return rc;
}

static int finish(struct store *store, int rc, struct ims2_error *err)
{
	if (rc) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, err);
}

/*
 * Fields declared unique: a value another record (not id) already has is refused by name,
 * *bad_field its index.
 */
static int check_unique(struct store *store, const struct reg *reg, long long id,
			const char *const *values, int *bad_field, struct ims2_error *err)
{
	size_t i;
	int rc = IMS2_OK;

	for (i = 0; i < reg->field_count && !rc; i++) {
		const struct field *f = &reg->fields[i];
		sqlite3_stmt *st;
		char *sql;
		if (!f->unique || empty(values[i]))
			continue;
		sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ? AND id <> ? LIMIT 1",
				reg->table, f->name);
		rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL);
		free(sql);
		if (rc != SQLITE_OK)
			return store_fail(store, reg->title, err);
		bind_value(st, 1, f, values[i]);
		sqlite3_bind_int64(st, 2, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*bad_field = (int)i;
			error_set(err, IMS2_INVALID, "%s '%s' is already used by record %lld",
				  f->label, values[i], (long long)sqlite3_column_int64(st, 0));
			rc = error_field(err, f->name);
		}
		else
			rc = rc == SQLITE_DONE ? IMS2_OK : store_fail(store, reg->title, err);
		sqlite3_finalize(st);
	}
	return rc;
}

int record_check(struct store *store, const struct reg *reg, long long id,
		 const char *const *values, int *bad_field, struct ims2_error *err)
{
	int rc = record_validate(reg, values, bad_field, err);

	if (!rc)
		rc = check_unique(store, reg, id ? id : reg->form ? 1 : 0, values, bad_field, err);
	return rc;
}

static int put_insert(struct store *store, const struct reg *reg, const char *const *values,
		      long long *id, struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	sqlite3_stmt *st;
	size_t i;
	int bad, rc;

	if ((rc = record_validate(reg, values, &bad, err)) ||
	    (rc = check_unique(store, reg, reg->form ? 1 : 0, values, &bad, err)))
		return rc;
	strbuf_addf(&sql, "INSERT INTO \"%s\" (%s", reg->table, reg->form ? "id, " : "");
	for (i = 0; i < reg->field_count; i++)
		strbuf_addf(&sql, "%s\"%s\"", i ? ", " : "", reg->fields[i].name);
	strbuf_addf(&sql, ") VALUES (%s", reg->form ? "1, " : "");
	for (i = 0; i < reg->field_count; i++)
		strbuf_adds(&sql, i ? ", ?" : "?");
	strbuf_adds(&sql, ")");
	rc = sqlite3_prepare_v2(store_db(store), sql.buf, -1, &st, NULL);
	strbuf_release(&sql);
	if (rc != SQLITE_OK)
		return store_fail(store, reg->title, err);
	for (i = 0; i < reg->field_count; i++)
		bind_value(st, (int)i + 1, &reg->fields[i], values[i]);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, reg->title, err);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(store_db(store));
	if ((rc = links_write(store, reg, *id, values, err)))
		return rc;
	return log_changes(store, reg, *id, NULL, values, err);
}

static int put_update(struct store *store, const struct reg *reg, long long id, long long rev,
		      const char *const *values, struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	struct record old;
	sqlite3_stmt *st;
	size_t i;
	int bad, rc;

	if ((rc = record_validate(reg, values, &bad, err)) ||
	    (rc = check_unique(store, reg, id, values, &bad, err)) ||
	    (rc = record_get(store, reg, id, &old, err)))
		return rc;
	if (rev >= 0 && old.rev != rev) {
		record_release(&old);
		error_set(err, IMS2_CONFLICT, "%s: this record was changed by someone else meanwhile",
			  reg->title);
		return error_hint(err, "your version is kept in the form; reopen the record to see theirs");
	}
	strbuf_addf(&sql, "UPDATE \"%s\" SET rev = rev + 1", reg->table);
	for (i = 0; i < reg->field_count; i++)
		strbuf_addf(&sql, ", \"%s\" = ?", reg->fields[i].name);
	strbuf_adds(&sql, " WHERE id = ?");
	rc = store_prepare(store, sql.buf, &st);
	strbuf_release(&sql);
	if (rc == SQLITE_OK) {
		for (i = 0; i < reg->field_count; i++)
			bind_value(st, (int)i + 1, &reg->fields[i], values[i]);
		sqlite3_bind_int64(st, (int)reg->field_count + 1, id);
		rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, reg->title, err);
		store_finish(store, st);
	} else {
		rc = store_fail(store, reg->title, err);
	}
	if (!rc)
		rc = links_write(store, reg, id, values, err);
	if (!rc)
		rc = log_changes(store, reg, id, &old, values, err);
	record_release(&old);
	return rc;
}

/*
 * The values as they are written: a copy the derivation of the table may change (a risk's
 * levels, for one). *owned holds the strings it made; free with free_derived().
 */
static const char **derived(struct store *store, const struct reg *reg, const char *const *values,
			    char ***owned, struct ims2_error *err, int *rc)
{
	const char **copy = xcalloc(reg->field_count, sizeof(*copy));
	const struct register_hooks *hooks = registry_find(reg->table);
	size_t i;

	memcpy(copy, values, reg->field_count * sizeof(*copy));
	*owned = xcalloc(reg->field_count, sizeof(**owned));
	*rc = hooks && hooks->derive ? hooks->derive(store, reg, copy, *owned, err) : IMS2_OK;
	/* Link fields: normalised and checked against what they link to. */
	for (i = 0; i < reg->field_count && !*rc; i++) {
		const struct field *f = &reg->fields[i];
		char *list;
		if ((f->type != FIELD_CONTROLS && f->type != FIELD_REFS) || empty(copy[i]))
			continue;
		if ((*rc = links_normalise(store, f, copy[i], &list, err))) {
			error_field(err, f->name);
		} else {
			free((*owned)[i]);
			(*owned)[i] = list;
			copy[i] = list;
		}
	}
	return copy;
}

static void free_derived(const struct reg *reg, const char **copy, char **owned)
{
	size_t i;

	for (i = 0; i < reg->field_count; i++)
		free(owned[i]);
	free(owned);
	free(copy);
}

int record_put_insert(struct store *store, const struct reg *reg, const char *const *values,
		      long long *id, struct ims2_error *err)
{
	char **owned;
	int rc;
	const char **v = derived(store, reg, values, &owned, err, &rc);

	if (!rc)
		rc = put_insert(store, reg, v, id, err);
	free_derived(reg, v, owned);
	return rc;
}

int record_put_update(struct store *store, const struct reg *reg, long long id, long long rev,
		      const char *const *values, struct ims2_error *err)
{
	char **owned;
	int rc;
	const char **v = derived(store, reg, values, &owned, err, &rc);

	if (!rc)
		rc = put_update(store, reg, id, rev, v, err);
	free_derived(reg, v, owned);
	return rc;
}

int record_set_field(struct store *store, const struct reg *reg, long long id, size_t field,
		     const char *value, struct ims2_error *err)
{
	struct record rec;
	int rc;

	if ((rc = store_begin(store, err)))
		return rc;
	if ((rc = record_get(store, reg, id, &rec, err)))
		return finish(store, rc, err);
	free(rec.values[field]);
	rec.values[field] = value && *value ? xstrdup(value) : NULL;
	rc = record_put_update(store, reg, id, rec.rev, (const char *const *)rec.values, err);
	record_release(&rec);
	return finish(store, rc, err);
}

int record_insert(struct store *store, const struct reg *reg, const char *const *values,
		  long long *id, struct ims2_error *err)
{
	int bad, rc;

	if ((rc = record_validate(reg, values, &bad, err)) || (rc = store_begin(store, err)))
		return rc;
	return finish(store, record_put_insert(store, reg, values, id, err), err);
}

int record_update(struct store *store, const struct reg *reg, long long id, long long rev,
		  const char *const *values, struct ims2_error *err)
{
	int bad, rc;

	if ((rc = record_validate(reg, values, &bad, err)) || (rc = store_begin(store, err)))
		return rc;
	return finish(store, record_put_update(store, reg, id, rev, values, err), err);
}

int record_put_delete(struct store *store, const struct screen_set *set, const struct reg *reg,
		      long long id, struct ims2_error *err)
{
	struct strbuf users = { 0 };
	struct record old;
	sqlite3_stmt *st;
	char *sql;
	int rc;

	if ((rc = record_get(store, reg, id, &old, err)))
		return rc;
	/*
	 * Records that link to it in a list field: refused with them named, and with the records
	 * that refer to it in a single reference, so that the message lists every user at once.
	 */
	if ((rc = record_users(store, set, reg, id, &users, err)) || users.len) {
		if (!rc) {
			error_set(err, IMS2_INVALID, "Cannot delete: used by %s", users.buf);
			rc = error_hint(err, "change those first");
		}
		strbuf_release(&users);
		record_release(&old);
		return rc;
	}
	sql = xasprintf("DELETE FROM \"%s\" WHERE id = ?", reg->table);
	rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL);
	free(sql);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_CONSTRAINT) {
			/* A reference no screen declares (checked above): nothing to name. */
			error_set(err, IMS2_INVALID, "Cannot delete: used by other records");
			error_hint(err, "change those first");
			rc = IMS2_INVALID;
		} else {
			rc = rc == SQLITE_DONE ? IMS2_OK : store_fail(store, reg->title, err);
		}
	} else {
		rc = store_fail(store, reg->title, err);
	}
	if (!rc)
		rc = links_forget(store, reg, id, err);
	if (!rc)
		rc = log_changes(store, reg, id, &old, NULL, err);
	record_release(&old);
	return rc;
}

int record_delete(struct store *store, const struct screen_set *set, const struct reg *reg,
		  long long id, struct ims2_error *err)
{
	int rc;

	if ((rc = store_begin(store, err)))
		return rc;
	return finish(store, record_put_delete(store, set, reg, id, err), err);
}

int record_count(struct store *store, const struct reg *reg, long long *count,
		 struct ims2_error *err)
{
	char *sql = xasprintf("SELECT count(*) FROM \"%s\"", reg->table);
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return store_fail(store, reg->title, err);
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return IMS2_OK;
}

/* The SQL expression that shows field i of the view's register as text. */
static void add_display_expr(struct strbuf *sb, const struct record_view *view, size_t i)
{
	const struct field *f = &view->reg->fields[i];
	const struct reg *ref = NULL;
	char *label;

	if ((f->type == FIELD_REF || f->type == FIELD_REFS) && f->ref)
		ref = screen_set_find_register(view->set, f->ref);
	if (!ref) {
		strbuf_addf(sb, "t.\"%s\"", f->name);
		return;
	}
	label = reg_label_sql(ref, "r");
	if (f->type == FIELD_REF)
		strbuf_addf(sb, "(SELECT %s FROM \"%s\" AS r WHERE r.id = t.\"%s\")", label,
			    ref->table, f->name);
	else
		/* The labels of the linked records, in the order given (links.c). */
		strbuf_addf(sb,
			    "(SELECT group_concat(x.label, ', ') FROM (SELECT %s AS label "
			    "FROM record_link AS l JOIN \"%s\" AS r ON r.id = CAST(l.target_key AS "
			    "INTEGER) WHERE l.source = '%s' AND l.record = t.id AND l.field = '%s' "
			    "ORDER BY l.position) AS x)",
			    label, ref->table, view->reg->table, f->name);
	free(label);
}

static void add_order(struct strbuf *sb, const struct record_view *view)
{
	const char *dir = view->descending ? "DESC" : "ASC";

	if (view->sort < 0 || (size_t)view->sort >= view->reg->field_count) {
		strbuf_addf(sb, "t.id %s", dir);
		return;
	}
	add_display_expr(sb, view, (size_t)view->sort);
	if (view->reg->fields[view->sort].type != FIELD_NUMBER)
		strbuf_adds(sb, " COLLATE ims2_natural");
	strbuf_addf(sb, " %s, t.id %s", dir, dir);
}

static void add_display_columns(struct strbuf *sb, const struct record_view *view)
{
	size_t i;

	strbuf_adds(sb, "t.id, t.rev");
	for (i = 0; i < view->reg->field_count; i++) {
		strbuf_adds(sb, ", ");
		add_display_expr(sb, view, i);
	}
}

/*
 * SQL for "row t comes before the key row k in view order" where the query has
 *   WITH k AS (SELECT <sort expression> AS v, t.id AS kid FROM ... WHERE t.id = ?1).
 * NULLs sort first ascending (last descending) and ties are broken by id, as in add_order().
 */
static void add_key_cte(struct strbuf *sql, const struct record_view *view, struct strbuf *e)
{
	bool sorted = view->sort >= 0 && (size_t)view->sort < view->reg->field_count;

	if (sorted) {
		add_display_expr(e, view, (size_t)view->sort);
		if (view->reg->fields[view->sort].type != FIELD_NUMBER)
			strbuf_adds(e, " COLLATE ims2_natural");
	}
	strbuf_addf(sql, "WITH k AS (SELECT %s AS v, t.id AS kid FROM \"%s\" AS t WHERE t.id = ?1) ",
		    sorted ? e->buf : "NULL", view->reg->table);
}

static void add_before_key(struct strbuf *sql, const struct record_view *view, const char *e)
{
	if (!*e)
		strbuf_addf(sql, "t.id %s k.kid", view->descending ? ">" : "<");
	else if (!view->descending)
		strbuf_addf(sql,
			    "CASE WHEN k.v IS NULL THEN (%s) IS NULL AND t.id < k.kid "
			    "ELSE (%s) IS NULL OR %s < k.v OR (%s = k.v AND t.id < k.kid) END",
			    e, e, e, e);
	else
		strbuf_addf(sql,
			    "CASE WHEN k.v IS NULL THEN (%s) IS NOT NULL OR t.id > k.kid "
			    "ELSE (%s) IS NOT NULL AND ((%s) > k.v OR (%s = k.v AND t.id > k.kid)) END",
			    e, e, e, e);
}

/*
 * "(0 OR instr(ims2_fold(column), ims2_fold(param)) > 0 ...)" over the columns the table shows (all
 * when none has a width): what search and filter look in.
 */
static void add_match(struct strbuf *sb, const struct record_view *view, const char *param)
{
	size_t i, shown = 0;

	for (i = 0; i < view->reg->field_count; i++)
		shown += view->reg->fields[i].width > 0;
	strbuf_adds(sb, "(0");
	for (i = 0; i < view->reg->field_count; i++) {
		if (!view->reg->fields[i].width && shown > 0)
			continue;
		strbuf_adds(sb, " OR instr(ims2_fold(coalesce(");
		add_display_expr(sb, view, i);
		strbuf_addf(sb, ", '')), ims2_fold(%s)) > 0", param);
	}
	strbuf_adds(sb, ")");
}

static bool filtered(const struct record_view *view)
{
	return view->filter && *view->filter;
}

/* The view's filter as a condition on ?3 after prefix (" WHERE " or " AND "), if any. */
static void add_filter(struct strbuf *sb, const struct record_view *view, const char *prefix)
{
	if (!filtered(view))
		return;
	strbuf_adds(sb, prefix);
	add_match(sb, view, "?3");
}

static void bind_filter(sqlite3_stmt *st, const struct record_view *view)
{
	if (filtered(view))
		sqlite3_bind_text(st, 3, view->filter, -1, SQLITE_TRANSIENT);
}

int record_view_count(struct store *store, const struct record_view *view, long long *count,
		      struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	strbuf_addf(&sql, "SELECT count(*) FROM \"%s\" AS t", view->reg->table);
	add_filter(&sql, view, " WHERE ");
	rc = sqlite3_prepare_v2(store_db(store), sql.buf, -1, &st, NULL);
	strbuf_release(&sql);
	if (rc != SQLITE_OK)
		return store_fail(store, view->reg->title, err);
	bind_filter(st, view);
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return IMS2_OK;
}

/* Runs sql (?1 the limit, ?2 the offset or key) and reads its rows into rows. */
static int read_rows(struct store *store, const struct record_view *view, const struct strbuf *sql,
		     int limit, long long from, struct record *rows, int *got,
		     struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE; /* also when limit is 0 */

	*got = 0;
	if (sqlite3_prepare_v2(store_db(store), sql->buf, -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, view->reg->title, err);
	sqlite3_bind_int(st, 1, limit);
	sqlite3_bind_int64(st, 2, from);
	bind_filter(st, view);
	while (*got < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, view->reg, &rows[(*got)++]);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(store, view->reg->title, err);
	return IMS2_OK;
}

int record_window(struct store *store, const struct record_view *view, long long offset,
		  int limit, struct record *rows, int *got, struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	int rc;

	*got = 0;
	strbuf_adds(&sql, "SELECT ");
	add_display_columns(&sql, view);
	if (view->sort < 0) {
		strbuf_addf(&sql, " FROM \"%s\" AS t", view->reg->table);
		add_filter(&sql, view, " WHERE ");
		strbuf_adds(&sql, " ORDER BY ");
	} else {
		/* Sort the keys alone, then read the few rows of the window. */
		strbuf_addf(&sql, " FROM (SELECT t.id AS wid FROM \"%s\" AS t", view->reg->table);
		add_filter(&sql, view, " WHERE ");
		strbuf_adds(&sql, " ORDER BY ");
		add_order(&sql, view);
		strbuf_addf(&sql, " LIMIT ?1 OFFSET ?2) AS w JOIN \"%s\" AS t ON t.id = w.wid ORDER BY ",
			    view->reg->table);
	}
	add_order(&sql, view);
	if (view->sort < 0)
		strbuf_adds(&sql, " LIMIT ?1 OFFSET ?2");
	rc = read_rows(store, view, &sql, limit, offset, rows, got, err);
	strbuf_release(&sql);
	return rc;
}

int record_scan(struct store *store, const struct record_view *view, long long after_id,
		int limit, struct record *rows, int *got, struct ims2_error *err)
{
	struct strbuf sql = { 0 };
	int rc;

	strbuf_adds(&sql, "SELECT ");
	add_display_columns(&sql, view);
	strbuf_addf(&sql, " FROM \"%s\" AS t WHERE t.id > ?2 ORDER BY t.id LIMIT ?1",
		    view->reg->table);
	rc = read_rows(store, view, &sql, limit, after_id, rows, got, err);
	strbuf_release(&sql);
	return rc;
}

int record_find(struct store *store, const struct record_view *view, const char *text,
		long long from_id, int dir, long long *found_id, struct ims2_error *err)
{
	struct record_view reversed = *view;
	struct strbuf sql = { 0 }, e = { 0 };
	sqlite3_stmt *st;
	int rc;

	strbuf_adds(&e, "");
	add_key_cte(&sql, view, &e);
	strbuf_addf(&sql, "SELECT t.id FROM \"%s\" AS t%s WHERE ", view->reg->table,
		    from_id > 0 ? ", k" : "");
	add_match(&sql, view, "?2");
	add_filter(&sql, view, " AND ");
	/* After the key row: not before it and not it; before it: reverse the order. */
	if (from_id > 0) {
		strbuf_adds(&sql, dir > 0 ? " AND NOT (" : " AND (");
		add_before_key(&sql, view, e.buf);
		strbuf_adds(&sql, dir > 0 ? ") AND t.id <> k.kid" : ")");
	}
	reversed.descending = dir > 0 ? view->descending : !view->descending;
	strbuf_adds(&sql, " ORDER BY ");
	add_order(&sql, &reversed);
	strbuf_adds(&sql, " LIMIT 1");
	rc = sqlite3_prepare_v2(store_db(store), sql.buf, -1, &st, NULL);
	strbuf_release(&sql);
	strbuf_release(&e);
	if (rc != SQLITE_OK)
		return store_fail(store, view->reg->title, err);
	sqlite3_bind_int64(st, 1, from_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	bind_filter(st, view);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found_id = sqlite3_column_int64(st, 0);
		rc = IMS2_OK;
	} else {
		rc = error_set(err, IMS2_INVALID, "not found: %s", text);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The number of rows before record id in view order: one pass, no sorting. */
long long record_position(struct store *store, const struct record_view *view, long long id)
{
	struct strbuf sql = { 0 }, e = { 0 };
	sqlite3_stmt *st;
	long long pos = -1;

	strbuf_adds(&e, "");
	add_key_cte(&sql, view, &e);
	strbuf_addf(&sql, "SELECT (SELECT count(*) FROM \"%s\" AS t WHERE ", view->reg->table);
	add_before_key(&sql, view, e.buf);
	add_filter(&sql, view, " AND ");
	strbuf_adds(&sql, ") FROM k");
	if (sqlite3_prepare_v2(store_db(store), sql.buf, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		bind_filter(st, view);
		if (sqlite3_step(st) == SQLITE_ROW)
			pos = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	strbuf_release(&sql);
	strbuf_release(&e);
	return pos;
}

char *record_label(struct store *store, const struct screen_set *set, const char *table,
		   long long id)
{
	const struct reg *reg = screen_set_find_register(set, table);
	sqlite3_stmt *st;
	char *sql, *label = NULL, *label_sql;

	if (!reg)
		return NULL;
	label_sql = reg_label_sql(reg, "t");
	sql = xasprintf("SELECT %s FROM \"%s\" AS t WHERE id = ?", label_sql, reg->table);
	free(label_sql);
	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			label = column_text(st, 0);
		sqlite3_finalize(st);
	}
	free(sql);
	return label;
}
