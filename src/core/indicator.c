#include "ims2/indicator.h"

#include <stdlib.h>
#include <string.h>

#include "coreint.h"
#include "ims2/record.h"
#include "ims2/util.h"

/* The number in values[name], false when the field is absent, empty or not a number. */
static bool number_of(const struct reg *reg, const char **values, const char *name, double *out)
{
	int f = reg_field_index(reg, name);
	char *end;

	if (f < 0 || !values[f] || !*values[f])
		return false;
	*out = strtod(values[f], &end);
	return end != values[f] && *end == '\0';
}

/* Refuses value when it lies outside [lo, hi] (either bound may be absent). */
static int on_scale(const char *what, const char *field, double value, bool has_lo, double lo,
		    bool has_hi, double hi, struct ims2_error *err)
{
	if ((has_lo && value < lo) || (has_hi && value > hi)) {
		if (has_lo && has_hi)
			error_set(err, IMS2_INVALID, "%g is outside the scale of %s (%g to %g)",
				  value, what, lo, hi);
		else if (has_lo)
			error_set(err, IMS2_INVALID, "%g is below the lowest value of %s (%g)",
				  value, what, lo);
		else
			error_set(err, IMS2_INVALID, "%g is above the highest value of %s (%g)",
				  value, what, hi);
		return error_field(err, field);
	}
	return IMS2_OK;
}

int indicator_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		     struct ims2_error *err)
{
	double lo = 0, hi = 0, v;
	bool has_lo = number_of(reg, values, "scale_min", &lo);
	bool has_hi = number_of(reg, values, "scale_max", &hi);
	int rc = IMS2_OK;

	(void)store;
	(void)owned;
	if (has_lo && has_hi && lo > hi) {
		error_set(err, IMS2_INVALID, "the lowest value (%g) is above the highest (%g)", lo,
			  hi);
		return error_field(err, "scale_max");
	}
	if (number_of(reg, values, "target", &v))
		rc = on_scale("the indicator", "target", v, has_lo, lo, has_hi, hi, err);
	if (!rc && number_of(reg, values, "alert", &v))
		rc = on_scale("the indicator", "alert", v, has_lo, lo, has_hi, hi, err);
	return rc;
}

int indicator_derive_measurement(struct store *store, const struct reg *reg, const char **values,
				 char **owned, struct ims2_error *err)
{
	int f = reg_field_index(reg, "indicator"), rc = IMS2_OK;
	sqlite3_stmt *st;
	double v;

	(void)owned;
	if (f < 0 || !values[f] || !*values[f] || !number_of(reg, values, "value", &v))
		return IMS2_OK; /* validation names what is missing or not a number */
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT name, scale_min, scale_max FROM indicator WHERE id = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return store_fail(store, "indicators", err);
	sqlite3_bind_int64(st, 1, atoll(values[f]));
	if (sqlite3_step(st) == SQLITE_ROW) {
		char *what = xasprintf("'%s'", (const char *)sqlite3_column_text(st, 0));
		rc = on_scale(what, "value", v, sqlite3_column_type(st, 1) != SQLITE_NULL,
			      sqlite3_column_double(st, 1),
			      sqlite3_column_type(st, 2) != SQLITE_NULL,
			      sqlite3_column_double(st, 2), err);
		free(what);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * What ims2 computes for each `computed` choice of screens/3.1.yaml, as of :date: a share in
 * per cent, or a count. Each query returns one number, NULL when there is nothing to count.
 */
static const struct {
	const char *name, *sql;
} computations[] = {
	{ "soa implemented",
	  "SELECT 100.0 * sum(status = 'implemented') / count(*) FROM soa_entry"
	  " WHERE applicable = 'yes'" },
	{ "treatment done",
	  "SELECT 100.0 * sum(status = 'done') / count(*) FROM treatment_action"
	  " WHERE status <> 'cancelled'" },
	{ "treatment overdue",
	  "SELECT count(*) FROM treatment_action WHERE status IN ('planned', 'in progress')"
	  " AND due_date < :date" },
	{ "audit coverage",
	  "WITH due (id) AS (SELECT id FROM gap_item WHERE kind = 'clause' UNION ALL"
	  " SELECT g.id FROM gap_item AS g JOIN soa_entry AS s ON s.control = g.item"
	  " WHERE g.kind = 'control' AND s.applicable = 'yes')"
	  " SELECT 100.0 * count(DISTINCT d.id) FILTER (WHERE EXISTS (SELECT 1 FROM audit AS a"
	  " JOIN record_link AS l ON l.source = 'audit' AND l.record = a.id AND l.field = 'scope'"
	  " AND l.target = 'gap_item' AND l.target_key = CAST(d.id AS TEXT)"
	  " WHERE a.status IN ('held', 'reported') AND a.held_on <= :date)) / count(*) FROM due AS d" },
};

int indicator_compute(struct workspace *ws, const char *computed, const char *date,
		      double *value, bool *known, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	*known = false;
	for (i = 0; i < sizeof(computations) / sizeof(computations[0]); i++)
		if (strcmp(computations[i].name, computed) == 0)
			break;
	if (i == sizeof(computations) / sizeof(computations[0]))
		return error_set(err, IMS2_USAGE, "ims2 does not compute '%s'", computed);
	if (sqlite3_prepare_v2(store_db(ws->store), computations[i].sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "a computed indicator", err);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":date"), date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		/* One decimal is what a dashboard shows; it keeps the values comparable. */
		*value = (double)(long long)(sqlite3_column_double(st, 0) * 10.0 + 0.5) / 10.0;
		*known = true;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_read_fail(ws->store, "a computed indicator", err);
}

int indicator_measure_computed(struct workspace *ws, const char *date, int *recorded,
			       struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, "measurement");
	int f_ind = reg ? reg_field_index(reg, "indicator") : -1;
	int f_date = reg ? reg_field_index(reg, "measured_on") : -1;
	int f_value = reg ? reg_field_index(reg, "value") : -1;
	int f_comment = reg ? reg_field_index(reg, "comment") : -1;
	const char **values;
	sqlite3_stmt *st;
	int rc, step;

	*recorded = 0;
	if (f_ind < 0 || f_date < 0 || f_value < 0 || f_comment < 0)
		return error_set(err, IMS2_USAGE, "the screen of step 3.1 lacks measurement fields");
	if ((rc = store_begin(ws->store, err)))
		return rc;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT id, computed FROM indicator WHERE coalesce(computed, '') <> ''"
			       " ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(ws->store, "indicators", err);
		store_rollback(ws->store);
		return rc;
	}
	values = xcalloc(reg->field_count, sizeof(*values));
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char id[32], number[32];
		double v;
		bool known;
		long long added;
		if ((rc = indicator_compute(ws, (const char *)sqlite3_column_text(st, 1), date, &v,
					    &known, err)) ||
		    !known)
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		snprintf(number, sizeof(number), "%g", v);
		values[f_ind] = id;
		values[f_date] = date;
		values[f_value] = number;
		values[f_comment] = "Computed by ims2";
		rc = record_put_insert(ws->store, reg, values, &added, err);
		*recorded += !rc;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(ws->store, "indicators", err);
	sqlite3_finalize(st);
	free(values);
	if (rc) {
		store_rollback(ws->store);
		*recorded = 0;
		return rc;
	}
	return store_commit(ws->store, err);
}
