#include "ims2/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/cycle.h"
#include "ims2/source.h"
#include "ims2/util.h"
#include "ims2/yamldoc.h"
#include "coreint.h"

void scenario_release(struct scenario *sc)
{
	free(sc->text);
	free(sc->origin);
	free(sc->org);
	free(sc->continues);
	free(sc->as_of);
	free(sc->closed_on);
	free(sc->recorded_on);
	memset(sc, 0, sizeof(*sc));
}

/* A top-level date of the scenario (as_of:), NULL when absent; refused when no date. */
static int read_date(const struct ydoc *doc, const char *key, char **out, struct ims2_error *err)
{
	const char *v;
	int rc = ydoc_string(doc, doc->root, key, false, &v, err);

	if (rc || !v)
		return rc;
	if (!util_valid_date(v))
		return ydoc_fail(err, doc, ydoc_get(doc->root, key),
				 "%s must be a date written YYYY-MM-DD, not '%s'", key, v);
	*out = xstrdup(v);
	return IMS2_OK;
}

static int unknown(const char *id, struct ims2_error *err)
{
	error_set(err, IMS2_USAGE, "demo: unknown scenario '%s'", id);
	return error_hint(err, "the bundled scenarios are 'demo' and 'cycle2'");
}

int scenario_read(const char *data_dir, const char *id, struct scenario *sc,
		  struct ims2_error *err)
{
	char *name;
	struct ydoc doc;
	const char *o, *c;
	int rc;

	memset(sc, 0, sizeof(*sc));
	if (!util_identifier(id))
		return unknown(id, err);
	name = xasprintf("scenarios/%s.yaml", id);
	rc = source_read(data_dir, name, &sc->text, &sc->len, &sc->origin, err);
	free(name);
	if (rc)
		return unknown(id, err);
	rc = ydoc_parse(&doc, sc->origin, sc->text, sc->len, err);
	if (!rc && !(rc = ydoc_string(&doc, doc.root, "organisation", true, &o, err)))
		sc->org = xstrdup(o);
	if (!rc && !(rc = ydoc_string(&doc, doc.root, "continues", false, &c, err)) && c)
		sc->continues = xstrdup(c);
	if (!rc)
		rc = read_date(&doc, "as_of", &sc->as_of, err);
	if (!rc)
		rc = read_date(&doc, "previous_cycle_closed_on", &sc->closed_on, err);
	if (!rc)
		rc = read_date(&doc, "recorded_on", &sc->recorded_on, err);
	ydoc_release(&doc);
	return rc;
}

static long long day_number(const char *date)
{
	return util_days_from_date(atoi(date), atoi(date + 5), atoi(date + 8));
}

long long scenario_shift(const struct scenario *sc, const char *day)
{
	char now[32];
	long long days;

	if (!sc->as_of)
		return 0;
	if (!day || !util_valid_date(day)) {
		store_now(now);
		now[10] = '\0';
		day = now;
	}
	days = day_number(day) - day_number(sc->as_of);
	/* Whole weeks, rounded down: the story's day is never after the day asked. */
	return (days >= 0 ? days / 7 : -((-days + 6) / 7)) * 7;
}

/* The last row of the change log: what an import writes comes after it. */
static long long changelog_end(struct workspace *ws)
{
	sqlite3_stmt *st;
	long long id = 0;

	if (sqlite3_prepare_v2(store_db(ws->store), "SELECT coalesce(max(id), 0) FROM changelog",
			       -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return id;
}

/*
 * The earliest date of a record of reg (its date and time fields), as SQL over the change
 * log row being updated; NULL when it has no such field. Caller frees.
 */
static char *earliest_date_sql(const struct reg *reg)
{
	struct strbuf sb = { 0 };
	size_t i, n = 0;
	char *sql;

	/* min() of several arguments is NULL if one is: an empty date counts as the latest. */
	for (i = 0; i < reg->field_count; i++)
		if (reg->fields[i].type == FIELD_DATE || reg->fields[i].type == FIELD_DATETIME)
			strbuf_addf(&sb, "%scoalesce(substr(nullif(t.\"%s\", ''), 1, 10), '~')",
				    n++ ? ", " : "", reg->fields[i].name);
	if (!n)
		return NULL;
	sql = xasprintf("(SELECT nullif(%s%s%s, '~') FROM \"%s\" AS t WHERE t.id = changelog.record)",
			n > 1 ? "min(" : "", sb.buf, n > 1 ? ")" : "", reg->table);
	strbuf_release(&sb);
	return sql;
}

/* Runs one dating UPDATE: ?1 the last row before the import, ?2 a table, ?3 and ?4 days. */
static int run_dating(struct workspace *ws, const char *sql, long long after, const char *table,
		      const char *last, const char *undated, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "change log", err);
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_text(st, 2, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, undated, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "change log", err);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Dates the change log rows a scenario's import wrote (after row `after`) in its story, not on
 * the day the workspace was made: each record at its earliest date (a risk when assessed, an
 * incident when reported, a document when approved), a record without dates at the story's
 * recorded_on (moved; its day when not given), the steps' states at its day; never after that
 * day nor after today. A management review then finds the context as recorded by its date
 * (input b of 9.3.2).
 */
static int date_changelog(struct workspace *ws, const struct scenario *sc, long long shift_days,
			  long long after, struct ims2_error *err)
{
	char now[32], *last, *first = NULL;
	size_t s, r;
	int rc;

	if (!sc->as_of)
		return IMS2_OK; /* an undated story is told today */
	store_now(now);
	now[10] = '\0';
	last = util_date_shift(sc->as_of, shift_days);
	if (!last)
		return error_set(err, IMS2_USAGE, "%s: as_of cannot move by %lld days", sc->origin,
				 shift_days);
	if (strcmp(last, now) > 0)
		memcpy(last, now, 11);
	if (sc->recorded_on)
		first = util_date_shift(sc->recorded_on, shift_days);
	if ((rc = store_begin(ws->store, err))) {
		free(last);
		free(first);
		return rc;
	}
	rc = run_dating(ws, "UPDATE changelog SET at = ?3 || 'T00:00:00Z' WHERE id > ?1", after,
			"", last, "", err);
	for (s = 0; s < ws->screens.count && !rc; s++)
		for (r = 0; r < ws->screens.screens[s].reg_count && !rc; r++) {
			const struct reg *reg = &ws->screens.screens[s].regs[r];
			char *earliest = earliest_date_sql(reg), *sql;
			sql = xasprintf("UPDATE changelog SET at = min(coalesce(%s, ?4), ?3)"
					" || 'T00:00:00Z' WHERE id > ?1 AND tbl = ?2",
					earliest ? earliest : "NULL");
			rc = run_dating(ws, sql, after, reg->table, last, first ? first : last, err);
			free(sql);
			free(earliest);
		}
	free(last);
	free(first);
	if (rc) {
		store_rollback(ws->store);
		return rc;
	}
	return store_commit(ws->store, err);
}

int scenario_build(struct workspace *ws, const char *data_dir, const struct scenario *sc,
		   long long shift_days, struct ims2_error *err)
{
	struct scenario base;
	char *closed_on = NULL;
	long long after = changelog_end(ws);
	int rc = IMS2_OK, closed;

	if (sc->continues) {
		rc = scenario_read(data_dir, sc->continues, &base, err);
		if (!rc && base.continues)
			rc = error_set(err, IMS2_USAGE, "%s: continues '%s', which continues another",
				       sc->origin, sc->continues);
		if (!rc)
			rc = workspace_import_shifted(ws, base.origin, base.text, base.len,
						      shift_days, err);
		if (!rc)
			rc = date_changelog(ws, &base, shift_days, after, err);
		scenario_release(&base);
		if (!rc && sc->closed_on && !(closed_on = util_date_shift(sc->closed_on, shift_days)))
			rc = error_set(err, IMS2_USAGE, "%s: the previous cycle cannot close on %s "
				       "moved by %lld days", sc->origin, sc->closed_on, shift_days);
		if (!rc)
			rc = cycle_close_on(ws, closed_on, &closed, err);
		free(closed_on);
	}
	after = changelog_end(ws);
	if (!rc)
		rc = workspace_import_shifted(ws, sc->origin, sc->text, sc->len, shift_days, err);
	if (!rc)
		rc = date_changelog(ws, sc, shift_days, after, err);
	return rc;
}
