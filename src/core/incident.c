#include "ims2/incident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "ims2/workspace.h"
#include "coreint.h"

static int month_days(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

bool incident_time_parse(const char *text, long long *minutes)
{
	if (!text || !util_valid_datetime(text))
		return false;
	*minutes = (util_days_from_date(atoi(text), atoi(text + 5), atoi(text + 8)) * 24 +
		    atoi(text + 11)) * 60 + atoi(text + 14);
	return true;
}

void incident_time_format(long long minutes, char buf[20])
{
	long long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
	long long rest = minutes - days * 1440;
	int year, month, day;

	util_date_from_days(days, &year, &month, &day);
	snprintf(buf, 20, "%04d-%02d-%02d %02d:%02d", year, month, day, (int)(rest / 60),
		 (int)(rest % 60));
}

/* Minutes since 1970 (UTC) of 01:00 UTC on the last Sunday of a month. */
static long long last_sunday_0100(int year, int month)
{
	long long last = util_days_from_date(year, month, month_days(year, month));
	/* 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays. */
	long long weekday = ((last + 4) % 7 + 7) % 7;

	return ((last - weekday) * 24 + 1) * 60;
}

/* Whether EU summer time is in force at a UTC instant. */
static bool summer_at(long long utc)
{
	long long days = utc >= 0 ? utc / 1440 : -((-utc + 1439) / 1440);
	int year, month, day;

	util_date_from_days(days, &year, &month, &day);
	return utc >= last_sunday_0100(year, 3) && utc < last_sunday_0100(year, 10);
}

long long incident_to_local(const struct incident_zone *zone, long long utc)
{
	return utc + zone->offset_minutes + (zone->eu_summer && summer_at(utc) ? 60 : 0);
}

long long incident_to_utc(const struct incident_zone *zone, long long local)
{
	long long standard = local - zone->offset_minutes;

	if (zone->eu_summer && summer_at(standard - 60))
		return standard - 60;
	return standard;
}

static const struct {
	int hours;  /* the deadline in elapsed hours, 0 for a month */
	const char *what;
} notices[NOTICE_COUNT] = {
	[NOTICE_GDPR] = { 72, "the GDPR notification to the supervisory authority" },
	[NOTICE_NIS2_WARNING] = { 24, "the NIS2 early warning" },
	[NOTICE_NIS2_REPORT] = { 72, "the NIS2 incident notification" },
	[NOTICE_NIS2_FINAL] = { 0, "the NIS2 final report" },
};

bool incident_deadline(const struct incident_zone *zone, enum incident_notice notice,
		       const char *aware, const char *report_sent, char due[20])
{
	long long at, from;
	int year, month, day;

	due[0] = '\0';
	if (!aware || !*aware || !incident_time_parse(aware, &at))
		return false;
	if (notices[notice].hours) {
		at = incident_to_local(zone, incident_to_utc(zone, at) +
						      notices[notice].hours * 60LL);
		incident_time_format(at, due);
		return true;
	}
	/* The final report: a calendar month after the notification, made or due. */
	if (!report_sent || !*report_sent || !incident_time_parse(report_sent, &from)) {
		char report_due[20];
		incident_deadline(zone, NOTICE_NIS2_REPORT, aware, NULL, report_due);
		incident_time_parse(report_due, &from);
	}
	{
		long long days = from / 1440, rest = from % 1440;
		util_date_from_days(days, &year, &month, &day);
		month = month == 12 ? 1 : month + 1;
		year += month == 1;
		if (day > month_days(year, month))
			day = month_days(year, month);
		incident_time_format(util_days_from_date(year, month, day) * 1440 + rest, due);
	}
	return true;
}

enum incident_state incident_deadline_state(bool applies, const char *due, const char *done,
					    long long now)
{
	long long due_at, done_at;

	if (!applies)
		return DEADLINE_NONE;
	if (!due || !incident_time_parse(due, &due_at))
		return DEADLINE_UNKNOWN;
	if (done && incident_time_parse(done, &done_at))
		return done_at <= due_at ? DEADLINE_MET : DEADLINE_LATE;
	return now > due_at ? DEADLINE_PASSED : DEADLINE_PENDING;
}

int incident_zone_read(struct store *store, struct incident_zone *zone, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	zone->offset_minutes = 0;
	zone->eu_summer = true;
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT utc_offset, summer_time FROM incident_settings WHERE id = 1",
			       -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(store, "the incident settings", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *summer = sqlite3_column_text(st, 1);
		zone->offset_minutes = (int)(sqlite3_column_double(st, 0) * 60.0);
		zone->eu_summer = !summer || strcmp((const char *)summer, "none") != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_read_fail(store, "the incident settings", err);
	return IMS2_OK;
}

/* The incident's fields that hold times: the timeline first, in its order. */
static const char *const timeline[] = { "reported_at", "assessed_at", "contained_at",
					"resolved_at", "closed_at" };
static const char *const status_of[] = { "reported", "assessed", "contained", "resolved",
					 "closed" };
static const char *const other_times[] = { "detected_at", "aware_at", "gdpr_notified_at",
					   "nis2_warning_at", "nis2_report_at", "nis2_final_at" };

/* For each notice: the field saying it applies, its due field and its done field. */
static const struct {
	const char *applies, *due, *done;
} notice_fields[NOTICE_COUNT] = {
	[NOTICE_GDPR] = { "personal_data", "gdpr_due", "gdpr_notified_at" },
	[NOTICE_NIS2_WARNING] = { "nis2", "nis2_warning_due", "nis2_warning_at" },
	[NOTICE_NIS2_REPORT] = { "nis2", "nis2_report_due", "nis2_report_at" },
	[NOTICE_NIS2_FINAL] = { "nis2", "nis2_final_due", "nis2_final_at" },
};

static const char *value_of(const struct reg *reg, const char **values, const char *name)
{
	int i = reg_field_index(reg, name);

	return i >= 0 && values[i] && *values[i] ? values[i] : NULL;
}

static void set_value(const struct reg *reg, const char **values, char **owned,
		      const char *name, const char *text)
{
	int i = reg_field_index(reg, name);

	if (i < 0)
		return;
	free(owned[i]);
	owned[i] = xstrdup(text);
	values[i] = owned[i];
}

/* Checks and normalises one time field; *minutes is -1 when empty. */
static int read_time(const struct reg *reg, const char **values, char **owned,
		     const char *name, long long *minutes, struct ims2_error *err)
{
	const char *v = value_of(reg, values, name);
	char norm[20];
	int i = reg_field_index(reg, name);

	*minutes = -1;
	if (!v)
		return IMS2_OK;
	if (!incident_time_parse(v, minutes)) {
		error_set(err, IMS2_INVALID, "%s: '%s' is not a time: write YYYY-MM-DD HH:MM "
			  "(a real day, 00:00 to 23:59)", reg->fields[i].label, v);
		return error_field(err, name);
	}
	incident_time_format(*minutes, norm);
	if (strcmp(norm, v) != 0)
		set_value(reg, values, owned, name, norm);
	return IMS2_OK;
}

static bool yes(const char *v)
{
	return v && strcmp(v, "yes") == 0;
}

int incident_derive(struct store *store, const struct reg *reg, const char **values,
		    char **owned, struct ims2_error *err)
{
	struct incident_zone zone;
	long long at[5], other;
	size_t i, last = 0;
	int rc;

	if ((rc = incident_zone_read(store, &zone, err)))
		return rc;
	for (i = 0; i < sizeof(other_times) / sizeof(other_times[0]); i++)
		if ((rc = read_time(reg, values, owned, other_times[i], &other, err)))
			return rc;
	for (i = 0; i < 5; i++)
		if ((rc = read_time(reg, values, owned, timeline[i], &at[i], err)))
			return rc;
	/* The timeline runs forwards: each step not before the ones it follows. */
	for (i = 1; i < 5; i++) {
		size_t j;
		if (at[i] < 0)
			continue;
		for (j = i; j-- > 0;)
			if (at[j] >= 0 && at[i] < at[j]) {
				error_set(err, IMS2_INVALID, "%s (%s) is before %s (%s)",
					  reg->fields[reg_field_index(reg, timeline[i])].label,
					  values[reg_field_index(reg, timeline[i])],
					  reg->fields[reg_field_index(reg, timeline[j])].label,
					  values[reg_field_index(reg, timeline[j])]);
				return error_field(err, timeline[i]);
			}
		last = i;
	}
	set_value(reg, values, owned, "status", status_of[last]);
	for (i = 0; i < NOTICE_COUNT; i++) {
		char due[20];
		if (!yes(value_of(reg, values, notice_fields[i].applies)))
			set_value(reg, values, owned, notice_fields[i].due, "");
		else if (incident_deadline(&zone, (enum incident_notice)i,
					   value_of(reg, values, "aware_at"),
					   value_of(reg, values, "nis2_report_at"), due))
			set_value(reg, values, owned, notice_fields[i].due, due);
		else
			set_value(reg, values, owned, notice_fields[i].due, "unknown");
	}
	return IMS2_OK;
}

long long incident_now(const struct incident_zone *zone)
{
	char now[32];
	long long utc;

	store_now(now); /* YYYY-MM-DDTHH:MM:SSZ */
	now[16] = '\0';
	if (!incident_time_parse(now, &utc))
		utc = 0;
	return incident_to_local(zone, utc);
}

void incident_check_deadlines(struct workspace *ws, struct check_report *out)
{
	struct incident_zone zone;
	struct ims2_error err;
	sqlite3_stmt *st;
	long long now;
	int rc;

	if (incident_zone_read(ws->store, &zone, &err)) {
		check_report_fail(out, "incident_deadlines", err.message);
		return;
	}
	now = incident_now(&zone);
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT id, title, personal_data, nis2, aware_at, gdpr_notified_at, "
			       "nis2_warning_at, nis2_report_at, nis2_final_at FROM incident "
			       "WHERE personal_data = 'yes' OR nis2 = 'yes' ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		check_report_fail(out, "incident_deadlines", sqlite3_errmsg(store_db(ws->store)));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *title = (const char *)sqlite3_column_text(st, 1);
		const char *aware = (const char *)sqlite3_column_text(st, 4);
		const char *report = (const char *)sqlite3_column_text(st, 7);
		bool gdpr = yes((const char *)sqlite3_column_text(st, 2));
		bool nis2 = yes((const char *)sqlite3_column_text(st, 3)), unknown_said = false;
		int n;

		for (n = 0; n < NOTICE_COUNT; n++) {
			const char *done = (const char *)sqlite3_column_text(st, 5 + n);
			bool applies = n == NOTICE_GDPR ? gdpr : nis2;
			char due[20], *msg = NULL;
			const char *field = notice_fields[n].done;

			if (!applies)
				continue;
			incident_deadline(&zone, (enum incident_notice)n, aware, report, due);
			switch (incident_deadline_state(applies, due, done, now)) {
			case DEADLINE_UNKNOWN:
				/* One finding per incident: the same time is missing for all. */
				if (!unknown_said)
					msg = xasprintf("Incident %lld '%s': the deadline of %s is "
							"unknown: record when the organisation "
							"became aware of it.",
							id, title, notices[n].what);
				unknown_said = true;
				field = "aware_at";
				break;
			case DEADLINE_PASSED:
				msg = xasprintf("Incident %lld '%s': %s was due by %s and has not "
						"been made.",
						id, title, notices[n].what, due);
				break;
			case DEADLINE_LATE:
				msg = xasprintf("Incident %lld '%s': %s was made on %s, after its "
						"deadline of %s.",
						id, title, notices[n].what, done, due);
				break;
			default:
				break;
			}
			if (msg)
				check_report_add(out, "incident", id, field, msg);
			free(msg);
		}
	}
	if (rc != SQLITE_DONE)
		check_report_fail(out, "incident_deadlines", sqlite3_errmsg(store_db(ws->store)));
	sqlite3_finalize(st);
}
