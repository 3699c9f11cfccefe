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

	int fd = reg_field_index(reg, "measured_on"), fv = reg_field_index(reg, "value");
	int fc = reg_field_index(reg, "comment");
	char *computed;

	if (f < 0 || !values[f] || !*values[f] || fd < 0 || fv < 0 || fc < 0)
		return IMS2_OK; /* validation names what is missing */
	/* A computed indicator's value is ims2's, as of the measurement's date, never typed. */
	if (values[fd] && util_valid_date(values[fd])) {
		if ((rc = indicator_derive_computed(store, atoll(values[f]), values[fd], &computed,
						    err)))
			return rc;
		if (computed) {
			free(owned[fv]);
			owned[fv] = computed;
			values[fv] = computed;
			if (!values[fc] || !*values[fc])
				values[fc] = "Computed by ims2";
		}
	}
	if (!number_of(reg, values, "value", &v))
		return IMS2_OK; /* validation names a value missing or not a number */
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
