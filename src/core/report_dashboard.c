/*
 * 3.1 the indicator dashboard: the three levels (strategic, functional, operational), each
 * indicator with its last value, target, status and a trend line of its last measurements in
 * block characters (`export --report dashboard`, and the 3.1 section of the dossier).
 */
#include "ims2/indicator.h"

#include <stdlib.h>
#include <string.h>

#include "coreint.h"
#include "ims2/csv.h"
#include "ims2/markdown.h"
#include "ims2/report.h"

static const char indicators_sql[] =
	"SELECT i.id, i.name, i.level, coalesce(i.unit, ''), i.scale_min, i.scale_max, i.target,"
	" i.alert, i.better, i.frequency FROM indicator AS i"
	" ORDER BY CASE i.level WHEN 'strategic' THEN 0 WHEN 'functional' THEN 1 ELSE 2 END, i.id";

static void read_row(sqlite3_stmt *st, struct indicator_row *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", sqlite3_column_text(st, 1));
	snprintf(r->level, sizeof(r->level), "%s", sqlite3_column_text(st, 2));
	snprintf(r->unit, sizeof(r->unit), "%s", sqlite3_column_text(st, 3));
	snprintf(r->better, sizeof(r->better), "%s", sqlite3_column_text(st, 8));
	snprintf(r->frequency, sizeof(r->frequency), "%s", sqlite3_column_text(st, 9));
	r->has_lo = sqlite3_column_type(st, 4) != SQLITE_NULL;
	r->lo = sqlite3_column_double(st, 4);
	r->has_hi = sqlite3_column_type(st, 5) != SQLITE_NULL;
	r->hi = sqlite3_column_double(st, 5);
	r->has_target = sqlite3_column_type(st, 6) != SQLITE_NULL;
	r->target = sqlite3_column_double(st, 6);
	r->has_alert = sqlite3_column_type(st, 7) != SQLITE_NULL;
	r->alert = sqlite3_column_double(st, 7);
}

/* The last INDICATOR_TREND measurements of indicator id, oldest first. */
static int read_values(struct workspace *ws, long long id, struct indicator_row *r,
		       struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT value, measured_on FROM (SELECT value, measured_on, id FROM "
			       "measurement WHERE indicator = ? ORDER BY measured_on DESC, id DESC "
			       "LIMIT ?) ORDER BY measured_on, id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "measurements", err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, INDICATOR_TREND);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->values[r->count++] = sqlite3_column_double(st, 0);
		snprintf(r->last_date, sizeof(r->last_date), "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_read_fail(ws->store, "measurements", err);
}

const char *indicator_status(const struct indicator_row *r)
{
	double v;

	if (!r->count)
		return "not measured";
	v = r->values[r->count - 1];
	if (r->has_alert && (strcmp(r->better, "lower") == 0 ? v > r->alert : v < r->alert))
		return "ALERT";
	if (!r->has_target)
		return "no target";
	return (strcmp(r->better, "lower") == 0 ? v <= r->target : v >= r->target) ? "on target"
										   : "below target";
}

/*
 * The trend as one block character per measurement ("▂▄▅▇"), scaled between the lowest and
 * the highest of the values shown, the target and the alert threshold.
 */
void indicator_trend(const struct indicator_row *r, bool ascii, struct strbuf *sb)
{
	static const char *const unicode[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char *const plain[] = { "_", ".", "-", "~", "=", "+", "*", "#" };
	const char *const *blocks = ascii ? plain : unicode;
	double lo = r->values[0], hi = r->values[0];
	int i;

	for (i = 0; i < r->count; i++) {
		lo = r->values[i] < lo ? r->values[i] : lo;
		hi = r->values[i] > hi ? r->values[i] : hi;
	}
	if (r->has_target) {
		lo = r->target < lo ? r->target : lo;
		hi = r->target > hi ? r->target : hi;
	}
	if (r->has_alert) {
		lo = r->alert < lo ? r->alert : lo;
		hi = r->alert > hi ? r->alert : hi;
	}
	for (i = 0; i < r->count; i++) {
		int level = hi > lo ? (int)((r->values[i] - lo) / (hi - lo) * 7.0 + 0.5) : 3;
		strbuf_adds(sb, blocks[level]);
	}
}

int indicator_dashboard(struct workspace *ws, struct indicator_row **rows, size_t *count,
			struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = IMS2_OK, step;

	*rows = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store_db(ws->store), indicators_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "indicators", err);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xrealloc(*rows, cap * sizeof(**rows));
		}
		read_row(st, &(*rows)[*count]);
		rc = read_values(ws, sqlite3_column_int64(st, 0), &(*rows)[(*count)++], err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(ws->store, "indicators", err);
	sqlite3_finalize(st);
	if (rc) {
		free(*rows);
		*rows = NULL;
		*count = 0;
	}
	return rc;
}

static void number(char *buf, size_t size, bool has, double v, const char *unit)
{
	if (!has)
		snprintf(buf, size, "none");
	else
		snprintf(buf, size, "%g%s%s", v, *unit ? " " : "", unit);
}

int indicator_dashboard_md(struct workspace *ws, const char *heading, FILE *out,
			   struct ims2_error *err)
{
	static const char *const head[] = { "Indicator", "Last value", "Measured", "Target",
					   "Alert at",	"Status",     "Trend" };
	static const char *const mhead[] = { "Indicator", "Date", "Value", "Comment" };
	struct indicator_row *rows;
	size_t count, i;
	int rc;

	if ((rc = indicator_dashboard(ws, &rows, &count, err)))
		return rc;
	fprintf(out, "%s Dashboard\n\n", heading);
	for (i = 0; i < count; i++) {
		const struct indicator_row *r = &rows[i];
		struct strbuf line = { 0 };
		char last[48], target[48], alert[48];
		if (!i || strcmp(r->level, rows[i - 1].level) != 0) {
			fprintf(out, "%s%s# %c%s level\n\n", i ? "\n" : "", heading,
				r->level[0] - 32, r->level + 1);
			md_table_head(out, head, 7);
		}
		number(last, sizeof(last), r->count > 0, r->count ? r->values[r->count - 1] : 0,
		       r->unit);
		number(target, sizeof(target), r->has_target, r->target, r->unit);
		number(alert, sizeof(alert), r->has_alert, r->alert, r->unit);
		indicator_trend(r, false, &line);
		{
			const char *cells[] = { r->name,
					       last,
					       r->count ? r->last_date : "",
					       target,
					       alert,
					       indicator_status(r),
					       line.buf ? line.buf : "" };
			md_row(out, cells, 7);
		}
		strbuf_release(&line);
	}
	free(rows);
	if (!count)
		fputs("*No indicator yet.*\n\n", out);
	else
		fprintf(out,
			"\nThe trend shows the last %d measurements, oldest first, from the lowest "
			"to the highest of them, the target and the alert threshold.\n\n",
			INDICATOR_TREND);
	fprintf(out, "%s Measurements\n\n", heading);
	return report_query_md(ws,
			       "SELECT i.name, m.measured_on, printf('%g', m.value), "
			       "coalesce(m.comment, '') FROM measurement AS m JOIN indicator AS "
			       "i ON i.id = m.indicator ORDER BY i.id, m.measured_on, m.id",
			       "", "", mhead, 4, "No measurement yet.", out, err);
}

int indicator_dashboard_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "indicator", "level", "measured_on", "value",  "unit",
					   "target",	"alert", "better",	"comment" };

	return report_query_csv(
	    ws,
	    "SELECT i.name, i.level, coalesce(m.measured_on, ''), CASE WHEN m.value IS "
	    "NULL THEN '' ELSE printf('%g', m.value) END, "
	    "coalesce(i.unit, ''), CASE WHEN i.target IS NULL THEN '' ELSE printf('%g', "
	    "i.target) END, CASE WHEN i.alert IS NULL THEN '' ELSE printf('%g', "
	    "i.alert) END, i.better, coalesce(m.comment, '') "
	    "FROM indicator AS i LEFT JOIN measurement AS m ON m.indicator = i.id "
	    "ORDER BY i.id, m.measured_on, m.id",
	    head, 9, out, err);
}
