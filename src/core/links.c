#include "ims2/links.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coreint.h"

/* True when the workspace's SoA has control id (one row per control of the catalog). */
static int control_exists(struct store *store, const char *id, bool *found,
			  struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(store), "SELECT 1 FROM soa_entry WHERE control = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return store_fail(store, "Annex A controls", err);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? IMS2_OK
						      : store_fail(store, "Annex A controls", err);
}

static int record_exists(struct store *store, const char *table, long long id, bool *found,
			 struct ims2_error *err)
{
	char *sql = xasprintf("SELECT 1 FROM \"%s\" WHERE id = ?", table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL);

	free(sql);
	if (rc != SQLITE_OK)
		return store_fail(store, table, err);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? IMS2_OK : store_fail(store, table, err);
}

/* True when the ", "-separated list already holds item (whole items, not substrings). */
static bool listed(const char *list, const char *item)
{
	size_t n = strlen(item);

	while (list && *list) {
		const char *end = strstr(list, ", ");
		size_t len = end ? (size_t)(end - list) : strlen(list);
		if (len == n && strncmp(list, item, n) == 0)
			return true;
		list = end ? end + 2 : NULL;
	}
	return false;
}

/* True for a record number: digits only, above zero. */
static bool record_number(const char *tok)
{
	return util_valid_number(tok) && !strchr(tok, '.') && tok[0] != '-' && tok[0] != '+' &&
	       atoll(tok) > 0;
}

/*
 * The record of f's register whose label (its first field) is tok: *id 0 when none;
 * IMS2_INVALID when several have it.
 */
static int record_by_label(struct store *store, const struct field *f, const char *tok,
			   long long *id, struct ims2_error *err)
{
	char *label = reg_label_sql(f->ref_reg, "t");
	char *sql = xasprintf("SELECT id FROM \"%s\" AS t WHERE %s = ? ORDER BY id LIMIT 2",
			      f->ref_reg->table, label);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL), rows = 0;

	free(sql);
	free(label);
	*id = 0;
	if (rc != SQLITE_OK)
		return store_fail(store, f->ref_reg->title, err);
	sqlite3_bind_text(st, 1, tok, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (rows++ == 0)
			*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(store, f->ref_reg->title, err);
	if (rows > 1)
		return error_set(err, IMS2_INVALID, "%s: several records of %s are called '%s'",
				 f->label, f->ref_reg->title, tok);
	return IMS2_OK;
}

/*
 * One item of a list as stored, in *key (allocated): "A.5.15" for a control; for a record,
 * its number, typed as such or as the record's label ("Ada Byron", "9.2.1").
 */
static int item_key(struct store *store, const struct field *f, const char *tok, char **key,
		    struct ims2_error *err)
{
	long long id = 0;
	int rc;

	*key = NULL;
	if (f->type == FIELD_CONTROLS) {
		*key = xasprintf("A.%s", (tok[0] == 'A' || tok[0] == 'a') && tok[1] == '.' ? tok + 2
											  : tok);
		return IMS2_OK;
	}
	if (record_number(tok)) {
		*key = xasprintf("%lld", atoll(tok));
		return IMS2_OK;
	}
	if (f->ref_reg && (rc = record_by_label(store, f, tok, &id, err)))
		return rc;
	if (!id)
		return error_set(err, IMS2_INVALID, "%s: no record of %s is '%s'", f->label,
				 f->ref_reg ? f->ref_reg->title : f->ref, tok);
	*key = xasprintf("%lld", id);
	return IMS2_OK;
}

/* Skips white space at both ends of tok, in place. */
static char *trim(char *tok)
{
	char *end;

	while (*tok == ' ' || *tok == '\t')
		tok++;
	end = tok + strlen(tok);
	while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return tok;
}

int links_normalise(struct store *store, const struct field *f, const char *in, char **out,
		    struct ims2_error *err)
{
	/* Controls split on commas, semicolons and white space; records on commas and
	 * semicolons only, as their labels may hold spaces. */
	const char *seps = f->type == FIELD_CONTROLS ? ", ;\t\n" : ",;\n";
	struct strbuf sb = { 0 };
	char *copy = xstrdup(in ? in : ""), *tok, *save = NULL;
	int rc = IMS2_OK;

	*out = NULL;
	for (tok = strtok_r(copy, seps, &save); tok && !rc; tok = strtok_r(NULL, seps, &save)) {
		char *key;
		bool found = false;
		tok = trim(tok);
		if (!*tok)
			continue;
		if ((rc = item_key(store, f, tok, &key, err)))
			break;
		if (f->type == FIELD_CONTROLS)
			rc = control_exists(store, key, &found, err);
		else
			rc = record_exists(store, f->ref, atoll(key), &found, err);
		if (!rc && !found)
			rc = f->type == FIELD_CONTROLS
				     ? error_set(err, IMS2_INVALID,
						 "%s: '%s' is not an Annex A control", f->label, tok)
				     : error_set(err, IMS2_INVALID, "%s: there is no record %s to link",
						 f->label, key);
		if (!rc && !listed(sb.buf, key)) {
			if (f->single && sb.len)
				rc = error_set(err, IMS2_INVALID, "%s names one record of %s, not "
								  "several", f->label,
					       f->ref_reg ? f->ref_reg->title : f->ref);
			else
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", key);
		}
		free(key);
	}
	free(copy);
	if (rc)
		strbuf_release(&sb);
	else if (sb.len)
		*out = strbuf_detach(&sb);
	return rc;
}

static bool is_link(const struct field *f)
{
	return f->type == FIELD_CONTROLS || f->type == FIELD_REFS;
}

int links_forget(struct store *store, const struct reg *reg, long long id, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(store),
			       "DELETE FROM record_link WHERE source = ? AND record = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return store_fail(store, reg->title, err);
	sqlite3_bind_text(st, 1, reg->table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, reg->title, err);
	sqlite3_finalize(st);
	return rc;
}

int links_write(struct store *store, const struct reg *reg, long long id,
		const char *const *values, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = IMS2_OK;

	for (i = 0; i < reg->field_count && !is_link(&reg->fields[i]); i++)
		;
	if (i == reg->field_count)
		return IMS2_OK;
	if ((rc = links_forget(store, reg, id, err)))
		return rc;
	if (sqlite3_prepare_v2(store_db(store),
			       "INSERT OR IGNORE INTO record_link (source, record, field, target, "
			       "target_key, position) VALUES (?, ?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, reg->title, err);
	for (i = 0; i < reg->field_count && !rc; i++) {
		const struct field *f = &reg->fields[i];
		const char *v = values[i];
		int position = 0;
		while (is_link(f) && v && *v && !rc) {
			const char *end = strstr(v, ", ");
			size_t len = end ? (size_t)(end - v) : strlen(v);
			sqlite3_bind_text(st, 1, reg->table, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, id);
			sqlite3_bind_text(st, 3, f->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, f->type == FIELD_CONTROLS ? LINKS_CONTROL : f->ref, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 5, v, (int)len, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 6, position++);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(store, reg->title, err);
			sqlite3_reset(st);
			v = end ? end + 2 : NULL;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The title of a register for messages, its table name when no screen declares it. */
static const char *title_of(const struct screen_set *set, const char *table)
{
	const struct reg *reg = screen_set_find_register(set, table);

	return reg ? reg->title : table;
}

/* " UNION ALL SELECT label, source, record ..." once for each register refs fields name. */
static void add_labelled_refs(const struct screen_set *set, struct strbuf *sql)
{
	const struct reg **done = NULL;
	size_t s, r, f, n = 0, i;
	char *label;

	for (s = 0; s < set->count; s++)
		for (r = 0; r < set->screens[s].reg_count; r++)
			for (f = 0; f < set->screens[s].regs[r].field_count; f++) {
				const struct reg *to = set->screens[s].regs[r].fields[f].ref_reg;
				if (set->screens[s].regs[r].fields[f].type != FIELD_REFS || !to)
					continue;
				for (i = 0; i < n && done[i] != to; i++)
					;
				if (i < n)
					continue;
				done = xrealloc(done, (n + 1) * sizeof(*done));
				done[n++] = to;
				label = reg_label_sql(to, "t");
				strbuf_addf(sql,
					    " UNION ALL SELECT %s, l.source, l.record FROM "
					    "record_link AS l JOIN \"%s\" AS t ON t.id = "
					    "CAST(l.target_key AS INTEGER) WHERE l.target = '%s'",
					    label, to->table, to->table);
				free(label);
			}
	free(done);
}

int links_each_control(struct store *store, const struct screen_set *set, int limit,
		       void (*fn)(const char *control, const char *cited_by, void *ctx), void *ctx,
		       struct ims2_error *err)
{
	struct strbuf cited = { 0 }, sql = { 0 };
	char control[32] = "", source[64] = "";
	sqlite3_stmt *st;
	int rc, shown = 0;

	/*
	 * Links to controls, and links of refs fields to records labelled with a control id
	 * (a finding on the gap item "A.5.15"); in catalog order (the SoA's), then register,
	 * then record.
	 */
	strbuf_adds(&sql, "SELECT c.control, c.source, c.record FROM (SELECT l.target_key AS "
			  "control, l.source, l.record FROM record_link AS l WHERE l.target = '"
			  LINKS_CONTROL "'");
	add_labelled_refs(set, &sql);
	strbuf_adds(&sql, ") AS c JOIN soa_entry AS s ON s.control = c.control "
			  "GROUP BY s.id, c.source, c.record ORDER BY s.id, c.source, c.record");
	rc = sqlite3_prepare_v2(store_db(store), sql.buf, -1, &st, NULL);
	strbuf_release(&sql);
	if (rc != SQLITE_OK)
		return store_fail(store, "links to controls", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		const char *s = (const char *)sqlite3_column_text(st, 1);
		if (strcmp(c, control) != 0) {
			if (cited.len)
				fn(control, cited.buf, ctx);
			strbuf_release(&cited);
			snprintf(control, sizeof(control), "%s", c);
			source[0] = '\0';
		}
		if (strcmp(s, source) != 0) {
			strbuf_addf(&cited, "%s%s ", cited.len ? "; " : "", title_of(set, s));
			snprintf(source, sizeof(source), "%s", s);
			shown = 0;
		}
		if (shown < limit)
			strbuf_addf(&cited, "%s%lld", shown ? ", " : "",
				    (long long)sqlite3_column_int64(st, 2));
		else if (shown == limit)
			strbuf_adds(&cited, ", ...");
		shown++;
	}
	if (cited.len && rc == SQLITE_DONE)
		fn(control, cited.buf, ctx);
	strbuf_release(&cited);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(store, "links to controls", err);
}
