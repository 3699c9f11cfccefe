#include "ims2/riskreg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ims2/checks.h"
#include "ims2/record.h"
#include "ims2/source.h"
#include "ims2/workspace.h"
#include "coreint.h"

static char *query_text(struct store *store, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

bool riskreg_has_settings(struct store *store)
{
	char *m = query_text(store, "SELECT method FROM risk_settings WHERE id = 1", NULL);
	bool has = m != NULL;

	free(m);
	return has;
}

char *riskreg_method_id(struct store *store)
{
	char *id = query_text(store, "SELECT method FROM risk_settings WHERE id = 1", NULL);

	return id ? id : xstrdup("5x5");
}

/* A level of m named by its id or label (case ignored), or -1. */
static int level_named(const struct risk_method *m, const char *name)
{
	int i;

	for (i = 0; i < m->level_count; i++)
		if (strcasecmp(m->levels[i].id, name) == 0 || strcasecmp(m->levels[i].label, name) == 0)
			return i;
	return -1;
}

/* The workspace's own acceptance criteria, when set, replace the method's. */
static void apply_criteria(struct store *store, struct risk_method *m)
{
	char *may = query_text(store, "SELECT owner_may_accept FROM risk_settings WHERE id = 1", NULL);
	char *must = query_text(store, "SELECT must_treat FROM risk_settings WHERE id = 1", NULL);
	int a = may ? level_named(m, may) : -1, b = must ? level_named(m, must) : -1;

	if (a >= 0 && (b >= 0 ? b : m->must_treat) > a)
		m->owner_may_accept = a;
	if (b >= 0 && b > m->owner_may_accept)
		m->must_treat = b;
	free(may);
	free(must);
}

/* One finding about the criteria form (risk_settings, record 1). */
static void criteria_finding(struct check_report *out, const char *field, char *msg)
{
	check_report_add(out, "risk_settings", 1, field, msg);
	free(msg);
}

int riskreg_criteria_problems(struct store *store, struct check_report *out)
{
	char *may = query_text(store, "SELECT owner_may_accept FROM risk_settings WHERE id = 1", NULL);
	char *must = query_text(store, "SELECT must_treat FROM risk_settings WHERE id = 1", NULL);
	struct risk_method m;
	struct ims2_error err;
	int a, b, count = 0;

	if (riskreg_method(store, &m, &err)) {
		criteria_finding(out, NULL,
				 xasprintf("Risk criteria: the risk method cannot be read: %s.",
					   err.message));
		free(may);
		free(must);
		return 1;
	}
	a = may && *may ? level_named(&m, may) : m.owner_may_accept;
	b = must && *must ? level_named(&m, must) : m.must_treat;
	if (a < 0 && ++count)
		criteria_finding(out, "owner_may_accept",
				 xasprintf("Risk criteria: Owner may accept names '%s', not a level "
					   "of the method %s: no level is decided by it.",
					   may, m.id));
	if (b < 0 && ++count)
		criteria_finding(out, "must_treat",
				 xasprintf("Risk criteria: Must treat names '%s', not a level of the "
					   "method %s: no level is decided by it.",
					   must, m.id));
	if (a >= 0 && b >= 0 && b <= a && ++count)
		criteria_finding(out, "must_treat",
				 xasprintf("Risk criteria: an owner may accept %s, but %s must be "
					   "treated: a level cannot be both.",
					   m.levels[a].label, m.levels[b].label));
	risk_method_release(&m);
	free(may);
	free(must);
	return count;
}

int riskreg_method(struct store *store, struct risk_method *m, struct ims2_error *err)
{
	char *id = riskreg_method_id(store), *name = xasprintf("matrices/%s.yaml", id);
	char *text = store_catalog_text(store, name);
	int rc;

	if (text) {
		char *origin = xasprintf("%s:%s", store_path(store), name);
		rc = risk_method_load_shared(m, origin, text, strlen(text), err);
		free(origin);
	} else {
		rc = risk_method_load(m, id, NULL, err);
	}
	free(text);
	free(name);
	free(id);
	if (!rc)
		apply_criteria(store, m);
	return rc;
}

void riskreg_asset_values(struct store *store, long long asset, int cia[3])
{
	sqlite3_stmt *st;

	cia[0] = cia[1] = cia[2] = -1;
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT " RISKREG_INHERITED("confidentiality") ", "
			       RISKREG_INHERITED("integrity") ", " RISKREG_INHERITED("availability")
			       " FROM asset AS a WHERE a.id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, asset);
	if (sqlite3_step(st) == SQLITE_ROW) {
		cia[0] = sqlite3_column_int(st, 0);
		cia[1] = sqlite3_column_int(st, 1);
		cia[2] = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
}

static int field(const struct reg *reg, const char *name)
{
	int i = reg_field_index(reg, name);

	if (i < 0)
		die("the risk register lacks the field %s", name);
	return i;
}

static int number(const char *v)
{
	return v && *v ? atoi(v) : -1;
}

static void set_owned(const char **values, char **owned, int f, char *text)
{
	free(owned[f]);
	owned[f] = text;
	values[f] = text;
}

/* Which of C, I, A the risk's threat affects (bits 0-2); all when none is named. */
static unsigned threat_affects(struct store *store, const char *threat)
{
	char *a = threat && *threat ? query_text(store, "SELECT affects FROM threat WHERE id = ?",
						 threat)
				    : NULL;
	unsigned bits = 0;

	if (!a)
		return 7;
	bits = (strchr(a, 'C') ? 1u : 0) | (strchr(a, 'I') ? 2u : 0) | (strchr(a, 'A') ? 4u : 0);
	free(a);
	return bits ? bits : 7;
}

/* Writes a level (label and rank) into two fields, or empties them. */
static void set_level(const struct risk_method *m, const char **values, char **owned, int f_label,
		      int f_rank, int level)
{
	set_owned(values, owned, f_label, level >= 0 ? xstrdup(m->levels[level].label) : NULL);
	set_owned(values, owned, f_rank, level >= 0 ? xasprintf("%d", level) : NULL);
}

static bool given(const char *v)
{
	return v && *v;
}

static const struct riskreg_rated risk_rated[] = {
	{ "likelihood", RISKREG_LIKELIHOOD },	    { "residual_likelihood", RISKREG_LIKELIHOOD },
	{ "impact", RISKREG_IMPACT },		    { "residual_impact", RISKREG_IMPACT },
	{ "impact_c", RISKREG_IMPACT },		    { "impact_i", RISKREG_IMPACT },
	{ "impact_a", RISKREG_IMPACT },		    { "vulnerability_level", RISKREG_VULNERABILITY },
	{ "reduction", RISKREG_UNSCALED },	    { NULL, RISKREG_UNSCALED },
};
static const struct riskreg_rated asset_rated[] = {
	{ "confidentiality", RISKREG_IMPACT },
	{ "integrity", RISKREG_IMPACT },
	{ "availability", RISKREG_IMPACT },
	{ NULL, RISKREG_UNSCALED },
};

const struct riskreg_rated *riskreg_rated_fields(const char *table)
{
	if (strcmp(table, "risk") == 0)
		return risk_rated;
	if (strcmp(table, "asset") == 0)
		return asset_rated;
	return NULL;
}

const struct risk_scale *riskreg_scale_of(const struct risk_method *m, enum riskreg_scale s)
{
	static const struct risk_scale none = { .count = 0 };

	switch (s) {
	case RISKREG_LIKELIHOOD:
		return &m->likelihood;
	case RISKREG_IMPACT:
		return &m->impact;
	case RISKREG_VULNERABILITY:
		/* Only MONARC has one; other methods leave the value alone. */
		return m->kind == RISK_MONARC ? &m->vulnerability : &none;
	case RISKREG_UNSCALED:
		break;
	}
	return &none;
}

/* Every rating of the record (the fields of rated[], ended by NULL) on its scale. */
static int check_ratings(const struct risk_method *m, const struct reg *reg, const char **values,
			 const struct riskreg_rated *rated, struct ims2_error *err)
{
	static const char *const names[] = { "likelihood", "impact", "vulnerability", "" };
	int i, rc = IMS2_OK;

	for (i = 0; rated[i].field && !rc; i++) {
		int f = reg_field_index(reg, rated[i].field);
		if (f >= 0 && (rc = risk_check_value(m, riskreg_scale_of(m, rated[i].scale),
						     names[rated[i].scale], reg->fields[f].label,
						     values[f], err)))
			error_field(err, rated[i].field);
	}
	return rc;
}

/*
 * Acceptance: an accepted risk has an owner; one above what an owner may accept (its residual
 * level, or its inherent one when not reassessed) needs a recorded management decision.
 */
static int check_acceptance(const struct risk_method *m, const struct reg *reg,
			    const char **values, int level, int residual, bool switching,
			    struct ims2_error *err)
{
	const char *status = values[field(reg, "status")];
	bool accepted = status && strcmp(status, "accepted") == 0;
	int at = residual >= 0 ? residual : level;

	if ((accepted || given(values[field(reg, "accepted_by")])) &&
	    !given(values[field(reg, "owner")])) {
		error_set(err, IMS2_INVALID,
			  "a risk without an owner cannot be accepted: give its Owner first");
		error_field(err, "owner");
		return IMS2_INVALID;
	}
	/* A method switch re-derives every risk: it reports these, it is not refused (riskswitch.c). */
	if (accepted && at > m->owner_may_accept && !given(values[field(reg, "decision")]) &&
	    !switching) {
		error_set(err, IMS2_INVALID,
			  "accepting %s needs a Management decision (owners may accept up to %s)",
			  m->levels[at].label, m->levels[m->owner_may_accept].label);
		error_field(err, "decision");
		return IMS2_INVALID;
	}
	return IMS2_OK;
}

int riskreg_derive_risk(struct store *store, const struct reg *reg, const char **values,
			char **owned, struct ims2_error *err)
{
	struct risk_method m;
	int f_l = field(reg, "likelihood"), f_i = field(reg, "impact");
	int f_c = field(reg, "impact_c"), f_ii = field(reg, "impact_i"), f_a = field(reg, "impact_a");
	int f_v = field(reg, "vulnerability_level"), f_rl = field(reg, "residual_likelihood");
	int f_ri = field(reg, "residual_impact"), f_red = field(reg, "reduction");
	int cia[3] = { number(values[f_c]), number(values[f_ii]), number(values[f_a]) };
	int level = -1, residual = -1, score, rc = IMS2_OK, c, top = -1;

	if ((rc = riskreg_method(store, &m, err)))
		return rc;
	if ((rc = check_ratings(&m, reg, values, risk_rated, err))) {
		risk_method_release(&m);
		return rc;
	}
	/* No impact given: the asset's values, inherited from the primary assets it serves. */
	if (number(values[f_i]) < 0 && cia[0] < 0 && cia[1] < 0 && cia[2] < 0 &&
	    number(values[field(reg, "asset")]) > 0) {
		riskreg_asset_values(store, atoll(values[field(reg, "asset")]), cia);
		for (c = 0; c < 3; c++)
			if (cia[c] >= 0)
				set_owned(values, owned, (int[]){ f_c, f_ii, f_a }[c],
					  xasprintf("%d", cia[c]));
	}
	for (c = 0; c < 3; c++)
		if (cia[c] > top)
			top = cia[c];
	if (top >= 0) /* C, I, A given: the impact is the highest */
		set_owned(values, owned, f_i, xasprintf("%d", top));
	if (m.kind == RISK_MONARC) {
		int impacts[3], i = number(values[f_i]);
		unsigned affects = threat_affects(store, values[field(reg, "threat")]);
		for (c = 0; c < 3; c++)
			impacts[c] = top >= 0 ? cia[c] : i;
		rc = risk_monarc(&m, impacts, number(values[f_l]), number(values[f_v]), 0, affects,
				 &score, &level, err);
		if (!rc && values[f_red] && *values[f_red])
			rc = risk_monarc(&m, impacts, number(values[f_l]), number(values[f_v]),
					 number(values[f_red]), affects, &score, &residual, err);
	} else {
		if (number(values[f_l]) >= 0 && number(values[f_i]) >= 0)
			rc = risk_level(&m, number(values[f_l]), number(values[f_i]), &level, err);
		if (!rc && number(values[f_rl]) >= 0 && number(values[f_ri]) >= 0) {
			rc = risk_level(&m, number(values[f_rl]), number(values[f_ri]), &residual, err);
			if (rc) {
				char msg[512];
				snprintf(msg, sizeof(msg), "%s", err->message);
				error_set(err, rc, "residual %.400s", msg);
			}
		}
	}
	if (!rc) {
		char *marker = query_text(store, "SELECT value FROM meta WHERE key = 'method_switch'",
					  NULL);
		rc = check_acceptance(&m, reg, values, level, residual, marker != NULL, err);
		free(marker);
	}
	if (!rc) {
		set_level(&m, values, owned, field(reg, "inherent_level"), field(reg, "inherent_rank"),
			  level);
		set_level(&m, values, owned, field(reg, "residual_level"), field(reg, "residual_rank"),
			  residual);
	}
	risk_method_release(&m);
	return rc;
}

/* The acceptance criteria must name levels of the method, in order; stored as labels. */
int riskreg_derive_criteria(struct store *store, const struct reg *reg, const char **values,
			    char **owned, struct ims2_error *err)
{
	int f_may = reg_field_index(reg, "owner_may_accept"), f_must = reg_field_index(reg, "must_treat");
	int may = -1, must = -1, rc, i;
	struct risk_method m;
	struct strbuf names = { 0 };

	if (f_may < 0 || f_must < 0)
		return IMS2_OK;
	if ((rc = riskreg_method(store, &m, err)))
		return rc;
	for (i = 0; i < m.level_count; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "", m.levels[i].label);
	if (values[f_may] && *values[f_may] && (may = level_named(&m, values[f_may])) < 0)
		rc = error_set(err, IMS2_INVALID, "'%s' is not a level of the method (%s)",
			       values[f_may], names.buf);
	else if (values[f_must] && *values[f_must] && (must = level_named(&m, values[f_must])) < 0)
		rc = error_set(err, IMS2_INVALID, "'%s' is not a level of the method (%s)",
			       values[f_must], names.buf);
	else if ((must >= 0 ? must : m.must_treat) <= (may >= 0 ? may : m.owner_may_accept) &&
		 (may >= 0 || must >= 0))
		rc = error_set(err, IMS2_INVALID, "Must treat must be a higher level than Owner "
						  "may accept");
	/* Empty: the method's own, written out so that the form shows the values in force. */
	if (!rc)
		set_owned(values, owned, f_may,
			  xstrdup(m.levels[may >= 0 ? may : m.owner_may_accept].label));
	if (!rc)
		set_owned(values, owned, f_must,
			  xstrdup(m.levels[must >= 0 ? must : m.must_treat].label));
	strbuf_release(&names);
	risk_method_release(&m);
	return rc;
}

int riskreg_derive_asset(struct store *store, const struct reg *reg, const char **values,
			 char **owned, struct ims2_error *err)
{
	struct risk_method m;
	int rc = riskreg_method(store, &m, err);

	(void)owned;
	if (!rc)
		rc = check_ratings(&m, reg, values, asset_rated, err);
	risk_method_release(&m);
	return rc;
}

int riskreg_write_method(struct store *store, const struct risk_method *m, const char *text,
			struct ims2_error *err)
{
	const struct risk_scale *scales[] = { &m->likelihood, &m->impact, &m->vulnerability };
	static const char *const names[] = { "likelihood", "impact", "vulnerability" };
	sqlite3 *db = store_db(store);
	sqlite3_stmt *st;
	char *name = xasprintf("matrices/%s.yaml", m->id);
	int s, i, rc = IMS2_OK;

	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO catalog (name, body) VALUES (?, ?)", -1,
			       &st, NULL) != SQLITE_OK) {
		free(name);
		return store_fail(store, "risk method", err);
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(store, "risk method", err);
	sqlite3_finalize(st);
	free(name);
	if (!rc && sqlite3_exec(db, "DELETE FROM risk_scale", NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(store, "risk scales", err);
	if (!rc && sqlite3_prepare_v2(db,
				      "INSERT INTO risk_scale (scale, value, label, description) "
				      "VALUES (?, ?, ?, ?)",
				      -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "risk scales", err);
	for (s = 0; s < 3 && !rc; s++) {
		for (i = 0; i < scales[s]->count && !rc; i++) {
			sqlite3_bind_text(st, 1, names[s], -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, scales[s]->values[i]);
			sqlite3_bind_text(st, 3, scales[s]->labels[i], -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, scales[s]->descriptions[i], -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(store, "risk scales", err);
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	if (!rc) {
		char *sql = sqlite3_mprintf("INSERT INTO risk_settings (id, method, owner_may_accept, "
					    "must_treat) VALUES (1, %Q, %Q, %Q) "
					    "ON CONFLICT (id) DO UPDATE SET method = excluded.method, "
					    "rev = rev + 1",
					    m->id, m->levels[m->owner_may_accept].label,
					    m->levels[m->must_treat].label);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = store_fail(store, "risk settings", err);
		sqlite3_free(sql);
	}
	return rc;
}

int riskreg_load_with_text(const char *id, const char *data_dir, struct risk_method *m,
			  char **text, struct ims2_error *err)
{
	char *name = xasprintf("matrices/%s.yaml", id), *origin;
	size_t len;
	int rc;

	*text = NULL;
	memset(m, 0, sizeof(*m));
	rc = risk_method_load(m, id, data_dir, err);
	if (!rc && (rc = source_read(data_dir, name, text, &len, &origin, err)) == IMS2_OK)
		free(origin);
	free(name);
	return rc;
}

int riskreg_seed(struct store *store, const char *id, const char *data_dir,
		 struct ims2_error *err)
{
	struct risk_method m;
	char *text;
	int rc = riskreg_load_with_text(id, data_dir, &m, &text, err);

	if (!rc)
		rc = riskreg_write_method(store, &m, text, err);
	if (!rc)
		rc = store_log(store, "risk_settings", 1, "method", NULL, id, err);
	free(text);
	risk_method_release(&m);
	return rc;
}

int riskreg_seed_default(struct workspace *ws, const char *data_dir, struct ims2_error *err)
{
	if (riskreg_has_settings(ws->store))
		return IMS2_OK;
	return riskreg_seed(ws->store, "5x5", data_dir, err);
}

int riskreg_heat_counts(struct store *store, const struct risk_method *m, bool residual,
			int counts[RISK_MAX_SCALE][RISK_MAX_SCALE], struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(counts, 0, sizeof(int) * RISK_MAX_SCALE * RISK_MAX_SCALE);
	if (sqlite3_prepare_v2(store_db(store),
			       residual ? "SELECT " RISKREG_RESIDUAL_L ", " RISKREG_RESIDUAL_I ", count(*) "
					  "FROM risk WHERE " RISKREG_RESIDUAL_L " IS NOT NULL AND "
					  RISKREG_RESIDUAL_I " IS NOT NULL GROUP BY 1, 2"
					: "SELECT likelihood, impact, count(*) FROM risk WHERE "
					  "likelihood IS NOT NULL AND impact IS NOT NULL GROUP BY 1, 2",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "risk register", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int l = risk_scale_index(&m->likelihood, sqlite3_column_int(st, 0));
		int i = risk_scale_index(&m->impact, sqlite3_column_int(st, 1));
		if (l >= 0 && i >= 0)
			counts[l][i] = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_fail(store, "risk register", err);
}

static char *text_or_empty(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return xstrdup(t ? (const char *)t : "");
}

/* The names of a risk's owners (a refs field to person). */
#define RISK_OWNERS PERSON_NAMES("risk", "r", "owner")

int riskreg_cell_risks(struct store *store, int likelihood, int impact, bool residual,
		       struct riskreg_cell_risk **risks, size_t *count, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*risks = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store_db(store),
			       residual ? "SELECT id, title, " RISK_OWNERS ", " RISKREG_RESIDUAL_LEVEL
					  " FROM risk AS r WHERE " RISKREG_RESIDUAL_L " = ?1 AND "
					  RISKREG_RESIDUAL_I " = ?2 ORDER BY id"
					: "SELECT id, title, " RISK_OWNERS ", inherent_level FROM risk AS r "
					  "WHERE likelihood = ?1 AND impact = ?2 ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "risk register", err);
	sqlite3_bind_int(st, 1, likelihood);
	sqlite3_bind_int(st, 2, impact);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct riskreg_cell_risk *r;
		*risks = xrealloc(*risks, (*count + 1) * sizeof(**risks));
		r = &(*risks)[(*count)++];
		r->id = sqlite3_column_int64(st, 0);
		r->title = text_or_empty(st, 1);
		r->owner = text_or_empty(st, 2);
		r->level = text_or_empty(st, 3);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return IMS2_OK;
	riskreg_cell_risks_free(*risks, *count);
	*risks = NULL;
	*count = 0;
	return store_fail(store, "risk register", err);
}

void riskreg_cell_risks_free(struct riskreg_cell_risk *risks, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(risks[i].title);
		free(risks[i].owner);
		free(risks[i].level);
	}
	free(risks);
}
