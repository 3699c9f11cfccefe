/*
 * 3.1 computed indicators: what ims2 measures from the workspace rather than from a typed
 * value (the `computed` choice of an indicator in screens/3.1.yaml), as of a date, and the
 * measurements it records at the end of each of the indicator's periods.
 *
 * Most figures are computed from the records' own dates (an incident reported and closed, a
 * nonconformity raised and closed, a session held, a document's next review, an audit held),
 * so the value as of an earlier period end is what the workspace says of that day. The SoA
 * and the treatment plan keep no date of their status: they are measured as they stand, only
 * for the last period that ended, and a measurement of them stays as recorded (by :measure,
 * or typed for the time before ims2): ims2 invents no history for them.
 */
#include "ims2/indicator.h"

#include <stdlib.h>
#include <string.h>

#include "coreint.h"
#include "ims2/record.h"
#include "ims2/rtp.h"
#include "ims2/training.h"
#include "ims2/util.h"

/* Incidents (2.7, kind incident) reported by :date and not closed by then. */
#define INCIDENT_OPEN                                                                          \
	" FROM incident AS i WHERE i.kind = 'incident' AND substr(i.reported_at, 1, 10) <= :date" \
	" AND (coalesce(i.closed_at, '') = '' OR substr(i.closed_at, 1, 10) > :date)"
/* A notification deadline passed by :date and nothing sent by then. */
#define DEADLINE(due, sent)                                                                   \
	"(coalesce(i." due ", '') <> '' AND substr(i." due ", 1, 10) <= :date"                  \
	" AND (coalesce(i." sent ", '') = '' OR substr(i." sent ", 1, 10) > :date))"

/*
 * Each kind: one number as of :date, NULL when there is nothing to count (a share of none).
 * dated: computed from the records' dates, so any earlier period end can be measured.
 */
static const struct computation {
	const char *name, *sql;
	bool dated;
} computations[] = {
	{ "soa implemented",
	  "SELECT 100.0 * sum(status = 'implemented') / count(*) FROM soa_entry"
	  " WHERE applicable = 'yes'",
	  false },
	{ "treatment done",
	  "SELECT 100.0 * sum(status = 'done') / count(*) FROM treatment_action"
	  " WHERE status <> 'cancelled'",
	  false },
	{ "treatment overdue",
	  "SELECT count(*) FROM treatment_action WHERE status IN ('planned', 'in progress')"
	  " AND due_date < :date",
	  false },
	{ "audit coverage",
	  "WITH due (id) AS (SELECT id FROM gap_item WHERE kind = 'clause' UNION ALL"
	  " SELECT g.id FROM gap_item AS g JOIN soa_entry AS s ON s.control = g.item"
	  " WHERE g.kind = 'control' AND s.applicable = 'yes')"
	  " SELECT 100.0 * count(DISTINCT d.id) FILTER (WHERE EXISTS (SELECT 1 FROM audit AS a"
	  " JOIN record_link AS l ON l.source = 'audit' AND l.record = a.id AND l.field = 'scope'"
	  " AND l.target = 'gap_item' AND l.target_key = CAST(d.id AS TEXT)"
	  " WHERE a.status IN ('held', 'reported') AND a.held_on <= :date)) / count(*) FROM due AS d",
	  true },
	{ "incidents open", "SELECT count(*)" INCIDENT_OPEN, true },
	{ "incidents overdue",
	  "SELECT count(*)" INCIDENT_OPEN " AND (" DEADLINE("gdpr_due", "gdpr_notified_at")
	  " OR " DEADLINE("nis2_warning_due", "nis2_warning_at") " OR " DEADLINE(
		  "nis2_report_due", "nis2_report_at") " OR " DEADLINE("nis2_final_due",
								       "nis2_final_at") ")",
	  true },
	{ "nonconformities open",
	  "SELECT count(*) FROM nonconformity WHERE raised_on <= :date"
	  " AND (coalesce(closed_on, '') = '' OR closed_on > :date)",
	  true },
	/* In C: the coverage of step 2.5 (training.c). */
	{ "training coverage", NULL, true },
	{ "documents overdue",
	  "SELECT count(*) FROM document WHERE status <> 'obsolete'"
	  " AND coalesce(next_review, '') <> '' AND next_review < :date"
	  " AND coalesce(approved_on, '') <= :date",
	  true },
};
#define COMPUTATION_COUNT (sizeof(computations) / sizeof(computations[0]))

static const struct computation *find(const char *name)
{
	size_t i;

	for (i = 0; name && i < COMPUTATION_COUNT; i++)
		if (strcmp(computations[i].name, name) == 0)
			return &computations[i];
	return NULL;
}

/* One decimal is what a dashboard shows; it keeps the values comparable. */
static double one_decimal(double v)
{
	return (double)(long long)(v * 10.0 + (v < 0 ? -0.5 : 0.5)) / 10.0;
}

static int compute(struct store *store, const struct computation *c, const char *date,
		   double *value, bool *known, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*known = false;
	if (!c->sql) {
		int people, complete;
		if ((rc = training_people_complete(store, date, &people, &complete, err)))
			return rc;
		*known = people > 0;
		*value = people ? one_decimal(100.0 * complete / people) : 0;
		return IMS2_OK;
	}
	if (sqlite3_prepare_v2(store_db(store), c->sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "a computed indicator", err);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":date"), date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*value = one_decimal(sqlite3_column_double(st, 0));
		*known = true;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_read_fail(store, "a computed indicator", err);
}

int indicator_compute(struct workspace *ws, const char *computed, const char *date,
		      double *value, bool *known, struct ims2_error *err)
{
	const struct computation *c = find(computed);

	*known = false;
	if (!c)
		return error_set(err, IMS2_USAGE, "ims2 does not compute '%s'", computed);
	return compute(ws->store, c, date, value, known, err);
}

int indicator_computed_kind(struct store *store, long long indicator, char **kind,
			    struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*kind = NULL;
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT computed FROM indicator WHERE id = ?"
			       " AND coalesce(computed, '') <> ''",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "indicators", err);
	sqlite3_bind_int64(st, 1, indicator);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*kind = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? IMS2_OK
						     : store_read_fail(store, "indicators", err);
}

int indicator_derive_computed(struct store *store, long long indicator, const char *date,
			      char **value, struct ims2_error *err)
{
	const struct computation *c;
	char *kind, today[11];
	double v = 0;
	bool known;
	int rc;

	*value = NULL;
	if ((rc = indicator_computed_kind(store, indicator, &kind, err)) || !kind)
		return rc;
	c = find(kind);
	if (!c) {
		error_set(err, IMS2_INVALID, "ims2 does not compute '%s'", kind);
		free(kind);
		return error_field(err, "indicator");
	}
	free(kind);
	/*
	 * Its records keep no dates: a value is what :measure or the user recorded that day,
	 * except today's, which is what the records say now.
	 */
	rtp_today(today);
	if (!c->dated && strcmp(date, today) != 0)
		return IMS2_OK;
	if ((rc = compute(store, c, date, &v, &known, err)))
		return rc;
	if (!known) {
		error_set(err, IMS2_INVALID,
			  "nothing to compute this indicator from on %s (no record it counts)", date);
		return error_field(err, "measured_on");
	}
	*value = xasprintf("%g", v);
	return IMS2_OK;
}

/*
 * The end of every period of each computed indicator from `from` to `to`: the last day of the
 * month, quarter, half-year or year, or Sunday for a weekly one. last: the latest of them.
 */
static const char periods_sql[] =
	"WITH RECURSIVE k (id, computed, n) AS ("
	" SELECT id, computed, CASE frequency WHEN 'weekly' THEN 0 WHEN 'monthly' THEN 1"
	" WHEN 'quarterly' THEN 3 WHEN 'half-yearly' THEN 6 ELSE 12 END"
	" FROM indicator WHERE coalesce(computed, '') <> ''),"
	" ends (id, computed, n, d) AS ("
	" SELECT id, computed, n, CASE n WHEN 0 THEN date(:from, 'weekday 0')"
	" ELSE date(:from, 'start of year', printf('+%d months',"
	" (CAST(strftime('%m', :from) AS INTEGER) + n - 1) / n * n), '-1 day') END FROM k"
	" UNION ALL"
	" SELECT id, computed, n, CASE n WHEN 0 THEN date(d, '+7 days')"
	" ELSE date(d, '+1 day', printf('+%d months', n), '-1 day') END FROM ends"
	" WHERE CASE n WHEN 0 THEN date(d, '+7 days')"
	" ELSE date(d, '+1 day', printf('+%d months', n), '-1 day') END <= :to)"
	" SELECT e.id, e.computed, e.d, e.d = max(e.d) OVER (PARTITION BY e.id),"
	" m.id, m.rev, m.value"
	" FROM ends AS e LEFT JOIN measurement AS m ON m.indicator = e.id AND m.measured_on = e.d"
	" WHERE e.d <= :to ORDER BY e.id, e.d, m.id";

/* Where the periods start: the launch date of the ISMS (4.2), else a year before today. */
static int first_day(struct store *store, const char *today, char from[11],
		     struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT coalesce((SELECT launch_date FROM readiness_settings"
			       " WHERE coalesce(launch_date, '') <> '' AND launch_date <= ?1),"
			       " date(?1, '-12 months'))",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "the readiness settings", err);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(from, 11, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_read_fail(store, "the readiness settings", err);
}

struct measure_fields {
	const struct reg *reg;
	int indicator, date, value, comment;
};

/* Records (or corrects) the value of one indicator at one period end; *changed when written. */
static int measure_one(struct store *store, const struct measure_fields *mf, sqlite3_stmt *row,
		       const struct computation *c, bool *changed, struct ims2_error *err)
{
	const char *date = (const char *)sqlite3_column_text(row, 2);
	bool exists = sqlite3_column_type(row, 4) != SQLITE_NULL;
	const char **values;
	char id[32], number[32];
	double v;
	bool known;
	long long added;
	int rc;

	*changed = false;
	/* Undated kinds: the last period only, and never rewritten. */
	if (!c->dated && (exists || !sqlite3_column_int(row, 3)))
		return IMS2_OK;
	if ((rc = compute(store, c, date, &v, &known, err)) || !known)
		return rc;
	if (exists && sqlite3_column_double(row, 6) == v)
		return IMS2_OK;
	values = xcalloc(mf->reg->field_count, sizeof(*values));
	snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(row, 0));
	snprintf(number, sizeof(number), "%g", v);
	values[mf->indicator] = id;
	values[mf->date] = date;
	values[mf->value] = number;
	values[mf->comment] = "Computed by ims2";
	if (exists)
		rc = record_put_update(store, mf->reg, sqlite3_column_int64(row, 4),
				       sqlite3_column_int64(row, 5), values, err);
	else
		rc = record_put_insert(store, mf->reg, values, &added, err);
	free(values);
	*changed = !rc;
	return rc;
}

int indicator_measure_computed(struct workspace *ws, const char *today, int *recorded,
			       struct ims2_error *err)
{
	struct measure_fields mf = { .reg = screen_set_find_register(&ws->screens, "measurement") };
	struct store *store = ws->store;
	sqlite3_stmt *st;
	char from[11];
	long long last = -1;
	int rc, step = SQLITE_DONE;

	*recorded = 0;
	mf.indicator = mf.reg ? reg_field_index(mf.reg, "indicator") : -1;
	mf.date = mf.reg ? reg_field_index(mf.reg, "measured_on") : -1;
	mf.value = mf.reg ? reg_field_index(mf.reg, "value") : -1;
	mf.comment = mf.reg ? reg_field_index(mf.reg, "comment") : -1;
	if (mf.indicator < 0 || mf.date < 0 || mf.value < 0 || mf.comment < 0)
		return error_set(err, IMS2_USAGE, "the screen of step 3.1 lacks measurement fields");
	if ((rc = store_begin(store, err)))
		return rc;
	if ((rc = first_day(store, today, from, err))) {
		store_rollback(store);
		return rc;
	}
	if (sqlite3_prepare_v2(store_db(store), periods_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(store, "indicators", err);
		store_rollback(store);
		return rc;
	}
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":from"), from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":to"), today, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const struct computation *c = find((const char *)sqlite3_column_text(st, 1));
		bool changed;
		if (!c) {
			if (sqlite3_column_int64(st, 0) != last)
				rc = error_set(err, IMS2_INVALID, "ims2 does not compute '%s'",
					       (const char *)sqlite3_column_text(st, 1));
			continue;
		}
		last = sqlite3_column_int64(st, 0);
		rc = measure_one(store, &mf, st, c, &changed, err);
		*recorded += changed;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(store, "indicators", err);
	sqlite3_finalize(st);
	if (rc) {
		store_rollback(store);
		*recorded = 0;
		return rc;
	}
	return store_commit(store, err);
}

int indicator_measurement_computes(struct store *store, const struct reg *reg,
				   const char *const *values, int *field, char **value,
				   struct ims2_error *err)
{
	int fi = reg_field_index(reg, "indicator"), fd = reg_field_index(reg, "measured_on");
	const struct computation *c;
	const char *date;
	char *kind, today[11];
	int rc;

	*field = -1;
	*value = NULL;
	if (fi < 0 || fd < 0 || !values[fi] || !*values[fi] ||
	    (rc = indicator_computed_kind(store, atoll(values[fi]), &kind, err)) || !kind)
		return IMS2_OK; /* typed; or the save says what is wrong */
	c = find(kind);
	free(kind);
	date = values[fd] ? values[fd] : "";
	rtp_today(today);
	/* A kind without dates is computed for today only: an earlier value is typed. */
	if (!c || (!c->dated && *date && strcmp(date, today) != 0))
		return IMS2_OK;
	*field = reg_field_index(reg, "value");
	if (!util_valid_date(date))
		return IMS2_OK;
	return indicator_derive_computed(store, atoll(values[fi]), date, value, err);
}

const char *indicator_measurement_locked(struct store *store, long long id)
{
	const struct computation *c = NULL;
	struct ims2_error err;
	sqlite3_stmt *st;
	char *kind = NULL;

	if (sqlite3_prepare_v2(store_db(store), "SELECT indicator FROM measurement WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    indicator_computed_kind(store, sqlite3_column_int64(st, 0), &kind, &err) == IMS2_OK)
		c = find(kind);
	sqlite3_finalize(st);
	free(kind);
	return c && c->dated ? "Computed by ims2 as of its date; :measure corrects it. Esc back."
			     : NULL;
}

int indicator_settle_measurements(struct workspace *ws, struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, "measurement");
	sqlite3_stmt *st;
	int rc = IMS2_OK, step;

	if (!reg)
		return IMS2_OK;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT m.id, m.measured_on, m.value, i.computed FROM measurement AS m"
			       " JOIN indicator AS i ON i.id = m.indicator"
			       " WHERE coalesce(i.computed, '') <> '' ORDER BY m.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "measurements", err);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const struct computation *c = find((const char *)sqlite3_column_text(st, 3));
		struct record rec;
		double v;
		bool known;
		if (!c || !c->dated)
			continue;
		if ((rc = compute(ws->store, c, (const char *)sqlite3_column_text(st, 1), &v, &known,
				  err)) ||
		    !known || v == sqlite3_column_double(st, 2))
			continue;
		/* The derive hook puts the value as of the date in place of the stored one. */
		if (!(rc = record_get(ws->store, reg, sqlite3_column_int64(st, 0), &rec, err))) {
			rc = record_put_update(ws->store, reg, rec.id, rec.rev,
					       (const char *const *)rec.values, err);
			record_release(&rec);
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(ws->store, "measurements", err);
	sqlite3_finalize(st);
	return rc;
}
