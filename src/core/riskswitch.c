#include "ims2/riskswitch.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ims2/record.h"
#include "ims2/riskreg.h"
#include "coreint.h"

#define MAX_RATED 16

/* value on scale from, moved in proportion onto scale to (the nearest value). */
static int map_value(const struct risk_scale *from, const struct risk_scale *to, int value)
{
	double lo, hi, best_d = 1e9, want;
	int i, best;

	if (value < 0 || !from->count || !to->count)
		return value;
	lo = from->values[0];
	hi = from->values[from->count - 1];
	best = to->values[0];
	want = to->values[0] + (hi > lo ? (value - lo) / (hi - lo) : 0) *
				       (to->values[to->count - 1] - to->values[0]);
	for (i = 0; i < to->count; i++) {
		double d = to->values[i] > want ? to->values[i] - want : want - to->values[i];
		if (d < best_d - 1e-9) {
			best_d = d;
			best = to->values[i];
		}
	}
	return best;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int exec_bound(struct store *store, const char *sql, const char *tbl, long long record,
		      const char *method, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "kept ratings", err);
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, record);
	sqlite3_bind_text(st, 3, method, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, "kept ratings", err);
	sqlite3_finalize(st);
	return rc;
}

/* Runs sql with ?1 bound to method. */
static int exec_method(struct store *store, const char *sql, const char *method,
		       struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "risk scales", err);
	sqlite3_bind_text(st, 1, method, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, "risk scales", err);
	sqlite3_finalize(st);
	return rc;
}

/* The ratings kept for the record under method (kept[i] per field, caller frees); false: none. */
static bool read_kept(struct store *store, const char *tbl, long long record, const char *method,
		      const struct riskreg_rated *fields, char **kept)
{
	sqlite3_stmt *st;
	bool found = false;
	int i;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT field, value FROM rating_kept WHERE tbl = ?1 AND record = ?2 "
			       "AND method = ?3",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, record);
	sqlite3_bind_text(st, 3, method, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *value = (const char *)sqlite3_column_text(st, 1);
		found = true;
		for (i = 0; fields[i].field; i++)
			if (name && strcmp(name, fields[i].field) == 0 && value && !kept[i])
				kept[i] = xstrdup(value);
	}
	sqlite3_finalize(st);
	return found;
}

/* Keeps the record's ratings under method, replacing what was kept before. */
static int write_kept(struct store *store, const struct reg *reg, const struct record *rec,
		      const struct riskreg_rated *fields, const char *method, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int i, rc;

	if ((rc = exec_bound(store,
			     "DELETE FROM rating_kept WHERE tbl = ?1 AND record = ?2 AND method = ?3",
			     reg->table, rec->id, method, err)))
		return rc;
	if (sqlite3_prepare_v2(store_db(store),
			       "INSERT INTO rating_kept (tbl, record, method, field, value) "
			       "VALUES (?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "kept ratings", err);
	for (i = 0; fields[i].field && !rc; i++) {
		int f = reg_field_index(reg, fields[i].field);
		if (f < 0)
			continue;
		sqlite3_bind_text(st, 1, reg->table, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rec->id);
		sqlite3_bind_text(st, 3, method, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, fields[i].field, -1, SQLITE_STATIC);
		if (rec->values[f])
			sqlite3_bind_text(st, 5, rec->values[f], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(store, "kept ratings", err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static char *level_of(const struct reg *reg, const struct record *rec, const char *name)
{
	int f = reg_field_index(reg, name);

	return xstrdup(f >= 0 && rec->values[f] ? rec->values[f] : "");
}

/*
 * Moves one record onto the new method: the ratings kept for it under that method, or its
 * own mapped in proportion; its current ratings are kept under the old method. Risks are
 * always written again (their levels come from the method).
 */
static int switch_record(struct store *store, const struct reg *reg,
			 const struct riskreg_rated *fields, long long id,
			 const struct risk_method *from, const struct risk_method *to,
			 struct riskswitch_summary *s, struct ims2_error *err)
{
	bool is_risk = strcmp(reg->table, "risk") == 0, changed = false, restored;
	char *kept[MAX_RATED] = { 0 }, *before_i = NULL, *before_r = NULL, *title;
	struct record rec;
	int i, rc;

	if ((rc = record_get(store, reg, id, &rec, err)))
		return rc;
	title = xstrdup(rec.values[0] ? rec.values[0] : "");
	restored = read_kept(store, reg->table, id, to->id, fields, kept);
	rc = write_kept(store, reg, &rec, fields, from->id, err);
	for (i = 0; fields[i].field && !rc; i++) {
		int f = reg_field_index(reg, fields[i].field);
		char *v;
		assert(i < MAX_RATED);
		if (f < 0)
			continue;
		if (restored)
			v = kept[i] ? xstrdup(kept[i]) : NULL;
		else if (rec.values[f] && fields[i].scale != RISKREG_UNSCALED)
			v = xasprintf("%d", map_value(riskreg_scale_of(from, fields[i].scale),
						      riskreg_scale_of(to, fields[i].scale),
						      atoi(rec.values[f])));
		else
			v = rec.values[f] ? xstrdup(rec.values[f]) : NULL;
		changed |= !same(v, rec.values[f]);
		free(rec.values[f]);
		rec.values[f] = v;
	}
	if (is_risk) {
		before_i = level_of(reg, &rec, "inherent_level");
		before_r = level_of(reg, &rec, "residual_level");
	}
	if (!rc && (is_risk || changed))
		rc = record_put_update(store, reg, id, rec.rev, (const char *const *)rec.values, err);
	record_release(&rec);
	if (!rc && changed) {
		if (is_risk)
			restored ? s->risks_restored++ : s->risks_rescaled++;
		else
			restored ? s->assets_restored++ : s->assets_rescaled++;
	}
	if (!rc && is_risk && !(rc = record_get(store, reg, id, &rec, err))) {
		char *after_i = level_of(reg, &rec, "inherent_level");
		char *after_r = level_of(reg, &rec, "residual_level");
		s->level_changed += !same(before_i, after_i) || !same(before_r, after_r);
		s->level_lost += *before_i && !*after_i;
		free(after_i);
		free(after_r);
		record_release(&rec);
	}
	if (rc) { /* name the record that could not move */
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", err->message);
		error_set(err, rc, "%s %lld '%.80s': %.400s", reg->title, id, title, msg);
	}
	free(title);
	for (i = 0; i < MAX_RATED; i++)
		free(kept[i]);
	free(before_i);
	free(before_r);
	return rc;
}

static int switch_register(struct store *store, const struct screen_set *set, const char *table,
			   const struct risk_method *from, const struct risk_method *to,
			   struct riskswitch_summary *s, int *count, struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(set, table);
	const struct riskreg_rated *fields = riskreg_rated_fields(table);
	sqlite3_stmt *st;
	char *sql;
	int rc = IMS2_OK;

	if (!reg)
		return IMS2_OK;
	sql = xasprintf("SELECT id FROM \"%s\" ORDER BY id", table);
	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
		rc = store_fail(store, reg->title, err);
	free(sql);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		(*count)++;
		rc = switch_record(store, reg, fields, sqlite3_column_int64(st, 0), from, to, s, err);
	}
	if (st)
		sqlite3_finalize(st);
	return rc;
}

static const char *default_text(const struct risk_method *m, const char *scale, int value)
{
	const struct risk_scale *sc = strcmp(scale, "likelihood") == 0 ? &m->likelihood
				      : strcmp(scale, "impact") == 0	 ? &m->impact
									 : &m->vulnerability;
	int i;

	for (i = 0; i < sc->count; i++)
		if (sc->values[i] == value)
			return sc->descriptions[i];
	return NULL;
}

/* Keeps the meanings of the old method's levels; counts those the organisation wrote. */
static int keep_scale_texts(struct store *store, const struct risk_method *from,
			    struct riskswitch_summary *s, struct ims2_error *err)
{
	sqlite3 *db = store_db(store);
	sqlite3_stmt *st;
	int rc;

	if ((rc = exec_method(store, "DELETE FROM scale_text_kept WHERE method = ?1", from->id,
			      err)) ||
	    (rc = exec_method(store,
			      "INSERT INTO scale_text_kept (method, scale, value, description) "
			      "SELECT ?1, scale, value, description FROM risk_scale",
			      from->id, err)))
		return rc;
	if (sqlite3_prepare_v2(db, "SELECT scale, value, description FROM risk_scale", -1, &st,
			       NULL) != SQLITE_OK)
		return store_fail(store, "risk scales", err);
	while (sqlite3_step(st) == SQLITE_ROW)
		s->texts_kept += !same((const char *)sqlite3_column_text(st, 2),
				       default_text(from, (const char *)sqlite3_column_text(st, 0),
						    sqlite3_column_int(st, 1)));
	sqlite3_finalize(st);
	return IMS2_OK;
}

/* Gives the new method's levels the meanings written for them before, if any. */
static int restore_scale_texts(struct store *store, const struct risk_method *to,
			       struct riskswitch_summary *s, struct ims2_error *err)
{
	int rc = exec_method(store,
			     "UPDATE risk_scale SET description = (SELECT k.description FROM "
			     "scale_text_kept AS k WHERE k.method = ?1 AND k.scale = risk_scale.scale "
			     "AND k.value = risk_scale.value) WHERE EXISTS (SELECT 1 FROM "
			     "scale_text_kept AS k WHERE k.method = ?1 AND k.scale = risk_scale.scale "
			     "AND k.value = risk_scale.value AND "
			     "k.description IS NOT risk_scale.description)",
			     to->id, err);

	if (!rc)
		s->texts_restored = sqlite3_changes(store_db(store));
	return rc;
}

/* A case-insensitive search for a whole word or phrase. */
static bool mentions(const char *text, const char *term)
{
	size_t n = strlen(term);
	const char *p;

	if (n < 3)
		return false;
	for (p = text; *p; p++)
		if (strncasecmp(p, term, n) == 0 && (p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]))
			return true;
	return false;
}

static bool scale_has_label(const struct risk_scale *sc, const char *label)
{
	int i;

	for (i = 0; i < sc->count; i++)
		if (strcasecmp(sc->labels[i], label) == 0)
			return true;
	return false;
}

static bool is_level(const struct risk_method *m, const char *name)
{
	int i;

	for (i = 0; i < m->level_count; i++)
		if (strcasecmp(m->levels[i].id, name) == 0 || strcasecmp(m->levels[i].label, name) == 0)
			return true;
	return false;
}

/* The first term of the old method (its id, title or a scale label the new one lacks) used. */
static void find_methodology_term(const char *text, const struct risk_method *from,
				  const struct risk_method *to, char *out, size_t size)
{
	const struct risk_scale *scales[] = { &from->likelihood, &from->impact };
	int s, i;

	out[0] = '\0';
	if (!text)
		return;
	if (mentions(text, from->id) || (from->title && mentions(text, from->title))) {
		snprintf(out, size, "%s", mentions(text, from->id) ? from->id : from->title);
		return;
	}
	for (s = 0; s < 2; s++)
		for (i = 0; i < scales[s]->count; i++)
			if (!scale_has_label(&to->likelihood, scales[s]->labels[i]) &&
			    !scale_has_label(&to->impact, scales[s]->labels[i]) &&
			    !is_level(to, scales[s]->labels[i]) &&
			    mentions(text, scales[s]->labels[i])) {
				snprintf(out, size, "%s", scales[s]->labels[i]);
				return;
			}
}

/* The methodology text and the acceptance criteria, read before the switch. */
static void inspect_settings(struct store *store, const struct risk_method *from,
			     const struct risk_method *to, struct riskswitch_summary *s)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT methodology, owner_may_accept, must_treat FROM risk_settings "
			       "WHERE id = 1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *may = (const char *)sqlite3_column_text(st, 1);
		const char *must = (const char *)sqlite3_column_text(st, 2);
		find_methodology_term((const char *)sqlite3_column_text(st, 0), from, to,
				      s->methodology, sizeof(s->methodology));
		/* The old method's own criteria follow the method (default_criteria()). */
		if (may && strcasecmp(may, from->levels[from->owner_may_accept].label) == 0)
			may = NULL;
		if (must && strcasecmp(must, from->levels[from->must_treat].label) == 0)
			must = NULL;
		if (may && *may && !is_level(to, may))
			snprintf(s->criteria, sizeof(s->criteria), "Owner may accept '%.24s'", may);
		else if (must && *must && !is_level(to, must))
			snprintf(s->criteria, sizeof(s->criteria), "Must treat '%.24s'", must);
	}
	sqlite3_finalize(st);
}

/* Criteria left empty or at the old method's own values become the new method's own. */
static int default_criteria(struct store *store, const struct risk_method *from,
			    const struct risk_method *to, struct ims2_error *err)
{
	char *sql = sqlite3_mprintf(
		"UPDATE risk_settings SET owner_may_accept = CASE WHEN coalesce(owner_may_accept, "
		"'') IN ('', %Q COLLATE NOCASE) THEN %Q ELSE owner_may_accept END, must_treat = "
		"CASE WHEN coalesce(must_treat, '') IN ('', %Q COLLATE NOCASE) THEN %Q ELSE "
		"must_treat END WHERE id = 1",
		from->levels[from->owner_may_accept].label, to->levels[to->owner_may_accept].label,
		from->levels[from->must_treat].label, to->levels[to->must_treat].label);
	int rc = sqlite3_exec(store_db(store), sql, NULL, NULL, NULL) == SQLITE_OK
			 ? IMS2_OK
			 : store_fail(store, "risk criteria", err);

	sqlite3_free(sql);
	return rc;
}

/* Accepted risks now above what an owner may accept, with no management decision. */
static void count_undecided(struct store *store, struct riskswitch_summary *s)
{
	struct risk_method m;
	struct ims2_error err;
	sqlite3_stmt *st;

	if (riskreg_method(store, &m, &err))
		return;
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT count(*) FROM risk WHERE status = 'accepted' AND "
			       "coalesce(residual_rank, inherent_rank) > ?1 AND "
			       "coalesce(decision, '') = ''",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, m.owner_may_accept);
		if (sqlite3_step(st) == SQLITE_ROW)
			s->undecided = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	risk_method_release(&m);
}

static int mark_switching(struct store *store, bool on, struct ims2_error *err)
{
	const char *sql = on ? "INSERT OR REPLACE INTO meta (key, value) VALUES ('method_switch', '1')"
			     : "DELETE FROM meta WHERE key = 'method_switch'";

	if (sqlite3_exec(store_db(store), sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(store, "risk method", err);
	return IMS2_OK;
}

int riskswitch_apply(struct store *store, const struct screen_set *set, const char *id,
		     const char *data_dir, bool dry_run, struct riskswitch_summary *out,
		     struct ims2_error *err)
{
	struct risk_method from, to;
	char *text = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!screen_set_find_register(set, "risk"))
		return error_set(err, IMS2_USAGE, "no risk register in the screens");
	if (store_readonly(store))
		return error_set(err, IMS2_READONLY,
				 "the workspace is open read-only: the risk method stays as it is");
	if ((rc = riskreg_load_with_text(id, data_dir, &to, &text, err))) {
		risk_method_release(&to);
		free(text);
		return rc;
	}
	if ((rc = riskreg_method(store, &from, err)))
		goto out;
	snprintf(out->from, sizeof(out->from), "%s", from.id);
	snprintf(out->to, sizeof(out->to), "%s", to.id);
	inspect_settings(store, &from, &to, out);
	/* A dry run does the work in a transaction and rolls it back. */
	if ((rc = store_begin(store, err)))
		goto out;
	rc = mark_switching(store, true, err);
	if (!rc)
		rc = keep_scale_texts(store, &from, out, err);
	if (!rc)
		rc = riskreg_write_method(store, &to, text, err);
	if (!rc)
		rc = restore_scale_texts(store, &to, out, err);
	if (!rc)
		rc = default_criteria(store, &from, &to, err);
	if (!rc)
		rc = store_log(store, "risk_settings", 1, "method", from.id, to.id, err);
	/* Assets first: a risk without its own impact takes its asset's values. */
	if (!rc)
		rc = switch_register(store, set, "asset", &from, &to, out, &out->assets, err);
	if (!rc)
		rc = switch_register(store, set, "risk", &from, &to, out, &out->risks, err);
	if (!rc)
		count_undecided(store, out);
	if (!rc)
		rc = mark_switching(store, false, err);
	if (rc || dry_run)
		store_rollback(store);
	else
		rc = store_commit(store, err);
out:
	risk_method_release(&from);
	risk_method_release(&to);
	free(text);
	return rc;
}

void riskswitch_describe(const struct riskswitch_summary *s, struct strbuf *out)
{
	strbuf_addf(out, "%d of %d risks change level.\n", s->level_changed, s->risks);
	if (s->risks_restored || s->assets_restored)
		strbuf_addf(out, "Given back as they were under %s: the ratings of %d risks and %d "
				 "assets.\n",
			    s->to, s->risks_restored, s->assets_restored);
	if (s->risks_rescaled || s->assets_rescaled)
		strbuf_addf(out, "Moved onto the scales of %s in proportion: the ratings of %d risks "
				 "and %d assets.\n",
			    s->to, s->risks_rescaled, s->assets_rescaled);
	if (s->undecided)
		strbuf_addf(out, "%d accepted risks come above what an owner may accept: each needs "
				 "a management decision (listed in the step's points to check).\n",
			    s->undecided);
	if (s->level_lost)
		strbuf_addf(out, "%d risks have no level under %s until they get the values it asks "
				 "for (MONARC: a vulnerability level).\n",
			    s->level_lost, s->to);
	strbuf_addf(out, "Kept for %s: every rating%s; switching back gives them back (a rating "
			 "edited meanwhile wins).\n",
		    s->from, s->texts_kept ? " and the meanings of its scale levels written here" : "");
	if (s->texts_restored)
		strbuf_addf(out, "%d meanings written before for %s's levels come back.\n",
			    s->texts_restored, s->to);
	if (s->methodology[0])
		strbuf_addf(out, "The methodology text still speaks of %s ('%s'): rewrite it in Risk "
				 "criteria.\n",
			    s->from, s->methodology);
	if (s->criteria[0])
		strbuf_addf(out, "%s is not a level of %s: its own acceptance criteria apply until "
				 "you set them.\n",
			    s->criteria, s->to);
}
