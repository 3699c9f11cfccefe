/*
 * 3.1 indicators and measurements (screens/3.1.yaml): the rules on save that need the
 * workspace, hooks of src/core/registry.c. The declared checks (an indicator not measured in
 * its period, a value past its alert threshold) are queries in the screen file.
 */
#ifndef IMS2_INDICATOR_H
#define IMS2_INDICATOR_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"
#include "ims2/workspace.h"

/* An indicator: its lowest value not above its highest; target and alert on that scale. */
int indicator_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		     struct ims2_error *err);
/* A measurement: its value on its indicator's scale (IMS2_INVALID on the field value). */
int indicator_derive_measurement(struct store *store, const struct reg *reg, const char **values,
				 char **owned, struct ims2_error *err);
#include "ims2/util.h"

/* The measurements a trend line shows. */
#define INDICATOR_TREND 6

/* One indicator of the dashboard with its last measurements. */
struct indicator_row {
	char name[128], level[16], unit[24], better[8], frequency[16];
	double lo, hi, target, alert, values[INDICATOR_TREND];
	bool has_lo, has_hi, has_target, has_alert;
	int count;	    /* measurements in values, oldest first */
	char last_date[11]; /* of the last one */
};

/* Every indicator, strategic first, then functional and operational; free(*rows). */
int indicator_dashboard(struct workspace *ws, struct indicator_row **rows, size_t *count,
			struct ims2_error *err);
/* "ALERT", "on target", "below target", "no target" or "not measured". */
const char *indicator_status(const struct indicator_row *row);
/*
 * The trend line: one character per measurement, block characters (or ASCII "_.-~=+*#")
 * scaled between the lowest and highest of the values, the target and the alert threshold.
 */
void indicator_trend(const struct indicator_row *row, bool ascii, struct strbuf *sb);

/*
 * Computed indicators (indicator_computed.c). The value ims2 computes for an indicator's
 * `computed` choice ("soa implemented", "treatment done", "treatment overdue", "audit
 * coverage", "incidents open", "incidents overdue", "nonconformities open", "training
 * coverage", "documents overdue") as of date: *known is false when there is nothing to
 * compute from (a share of nothing: no applicable control, no action, nobody needing a
 * competence). IMS2_USAGE for another name.
 */
int indicator_compute(struct workspace *ws, const char *computed, const char *date,
		      double *value, bool *known, struct ims2_error *err);
/* The `computed` choice of indicator (allocated), NULL when its values are typed. */
int indicator_computed_kind(struct store *store, long long indicator, char **kind,
			    struct ims2_error *err);
/*
 * The value of a measurement of indicator on date, as text (allocated), when the indicator
 * is computed from dated records, or when its kind keeps no dates (SoA, treatment plan) and
 * date is today: they stand as they are. NULL when it is typed, or for a kind without dates
 * on another day (the value recorded on the day stands). IMS2_INVALID on measured_on when
 * there is nothing to compute from on that date.
 */
int indicator_derive_computed(struct store *store, long long indicator, const char *date,
			      char **value, struct ims2_error *err);
/*
 * Records the value of every computed indicator at the end of each of its periods (the last
 * day of the month, quarter, half-year or year; Sunday for a weekly one) from the ISMS's launch
 * date (step 4.2; without one, a year back) up to today, in one transaction: a period end
 * already measured is corrected when the records changed since. The SoA and treatment plan
 * kinds, which keep no dates, get the last period end only, once. *recorded says how many
 * measurements were added or corrected.
 */
int indicator_measure_computed(struct workspace *ws, const char *today, int *recorded,
			       struct ims2_error *err);
/*
 * The registry's `settle` hook of measurements: after an import, each measurement of a
 * computed indicator from dated records gets its value as of its date again, now that the
 * records it counts are in.
 */
int indicator_settle_measurements(struct workspace *ws, struct ims2_error *err);
/*
 * The registry's `computes` hook of measurements: the value field, for a computed indicator
 * whose value indicator_derive_computed() sets on that date (or, kinds without dates, on an
 * empty date: today's is the one it computes), with its value once the date is valid.
 */
int indicator_measurement_computes(struct store *store, const struct reg *reg,
				   const char *const *values, int *field, char **value,
				   struct ims2_error *err);
/* The registry's `locked` hook of measurements: those indicator_derive_computed() sets. */
const char *indicator_measurement_locked(struct store *store, long long id);

/*
 * The dashboard (report_dashboard.c): the indicators by level, strategic first, each with its
 * last value, target, alert threshold, status and a trend line of its last six measurements
 * in block characters; then every measurement.
 */
int indicator_dashboard_md(struct workspace *ws, const char *heading, FILE *out,
			   struct ims2_error *err);
/* One CSV row per measurement (an indicator not measured: one row without a value). */
int indicator_dashboard_csv(struct workspace *ws, FILE *out, struct ims2_error *err);

#endif
