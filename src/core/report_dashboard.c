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

#define TREND_POINTS 6

static const char indicators_sql[] =
    "SELECT i.id, i.name, i.level, coalesce(i.unit, ''), i.scale_min, i.scale_max, i.target,"
    " i.alert, i.better, i.frequency FROM indicator AS i"
    " ORDER BY CASE i.level WHEN 'strategic' THEN 0 WHEN 'functional' THEN 1 ELSE 2 END, i.id";

struct dash_row {
	char name[128], level[16], unit[24], better[8], frequency[16];
	double lo, hi, target, alert, values[TREND_POINTS];
	bool has_lo, has_hi, has_target, has_alert;
	int count;	    /* measurements in values, oldest first */
	char last_date[11]; /* of the last one */
};

static void read_row(sqlite3_stmt *st, struct dash_row *r)
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

/* The last TREND_POINTS measurements of indicator id, oldest first. */
static int read_values(struct workspace *ws, long long id, struct dash_row *r,
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
	sqlite3_bind_int(st, 2, TREND_POINTS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->values[r->count++] = sqlite3_column_double(st, 0);
		snprintf(r->last_date, sizeof(r->last_date), "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_read_fail(ws->store, "measurements", err);
}

static const char *indicator_status(const struct dash_row *r)
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
static void trend(const struct dash_row *r, struct strbuf *sb)
{
	static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
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
	static const char *const head[] = {"Indicator", "Last value", "Measured", "Target",
					   "Alert at",	"Status",     "Trend"};
	static const char *const levels[] = {"strategic", "functional", "operational"};
	sqlite3_stmt *st;
	int rc = IMS2_OK, rows = 0;
	size_t level;

	fprintf(out, "%s Dashboard\n\n", heading);
	for (level = 0; level < 3 && !rc; level++) {
		int in_level = 0;
		if (sqlite3_prepare_v2(store_db(ws->store), indicators_sql, -1, &st, NULL) !=
		    SQLITE_OK)
			return store_fail(ws->store, "indicators", err);
		while (!rc && sqlite3_step(st) == SQLITE_ROW) {
			struct dash_row r;
			struct strbuf line = {0};
			char last[48], target[48], alert[48];
			read_row(st, &r);
			if (strcmp(r.level, levels[level]) != 0)
				continue;
			if ((rc = read_values(ws, sqlite3_column_int64(st, 0), &r, err)))
				break;
			if (!in_level++) {
				fprintf(out, "%s# %c%s level\n\n", heading, levels[level][0] - 32,
					levels[level] + 1);
				md_table_head(out, head, 7);
			}
			rows++;
			number(last, sizeof(last), r.count > 0, r.count ? r.values[r.count - 1] : 0,
			       r.unit);
			number(target, sizeof(target), r.has_target, r.target, r.unit);
			number(alert, sizeof(alert), r.has_alert, r.alert, r.unit);
			trend(&r, &line);
			{
				const char *cells[] = {r.name,
						       last,
						       r.count ? r.last_date : "",
						       target,
						       alert,
						       indicator_status(&r),
						       line.buf ? line.buf : ""};
				md_row(out, cells, 7);
			}
			strbuf_release(&line);
		}
		sqlite3_finalize(st);
		if (in_level)
			fputs("\n", out);
	}
	if (!rc && !rows)
		fputs("*No indicator yet.*\n\n", out);
	else if (!rc)
		fprintf(out,
			"The trend shows the last %d measurements, oldest first, from the lowest "
			"to the highest of them, the target and the alert threshold.\n\n",
			TREND_POINTS);
	if (!rc) {
		static const char *const mhead[] = {"Indicator", "Date", "Value", "Comment"};
		fprintf(out, "%s Measurements\n\n", heading);
		rc = report_query_md(
		    ws,
		    "SELECT i.name, m.measured_on, printf('%g', m.value), "
		    "coalesce(m.comment, '') FROM measurement AS m JOIN indicator AS "
		    "i ON i.id = m.indicator ORDER BY i.id, m.measured_on, m.id",
		    "", "", mhead, 4, "No measurement yet.", out, err);
	}
	return rc;
}

int indicator_dashboard_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = {"indicator", "level", "measured_on", "value",  "unit",
					   "target",	"alert", "better",	"comment"};

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
