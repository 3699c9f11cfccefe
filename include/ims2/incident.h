/*
 * Incidents (step 2.7): timestamps with time of day, the organisation's time zone, and the
 * notification deadlines computed from the time the organisation became aware of an incident.
 *
 * Times are written "YYYY-MM-DD HH:MM" in the organisation's local time, the zone of the
 * incident settings (a standard offset from UTC and the European summer-time rule, or none).
 * Deadlines in hours are elapsed hours: they are added in UTC and shown again in local time,
 * so 72 hours across a change to summer time end at 73 hours on the clock, and weekends and
 * holidays count like any other day (as the GDPR and NIS2 deadlines do). One month is a
 * calendar month of local time (31 January + 1 month = 28 or 29 February).
 */
#ifndef IMS2_INCIDENT_H
#define IMS2_INCIDENT_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/checks.h"
#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

/* The organisation's clock: standard offset from UTC and whether EU summer time applies. */
struct incident_zone {
	int offset_minutes; /* standard time minus UTC: 0 for London, 60 for Paris */
	bool eu_summer;     /* +1 hour from the last Sunday of March to the last of October,
			       01:00 UTC both times */
};

/* The notifications whose deadlines ims2 computes. */
enum incident_notice {
	NOTICE_GDPR,         /* GDPR art. 33: the supervisory authority, 72 hours */
	NOTICE_NIS2_WARNING, /* NIS2 art. 23: early warning, 24 hours */
	NOTICE_NIS2_REPORT,  /* NIS2 art. 23: incident notification, 72 hours */
	NOTICE_NIS2_FINAL,   /* NIS2 art. 23: final report, one month after the notification */
	NOTICE_COUNT
};

/* Where a deadline stands at a given time. */
enum incident_state {
	DEADLINE_NONE,    /* the notification does not apply */
	DEADLINE_UNKNOWN, /* applies, but the awareness time is missing: never "met" */
	DEADLINE_PENDING, /* not made, deadline still ahead */
	DEADLINE_PASSED,  /* not made, deadline passed */
	DEADLINE_MET,     /* made on or before the deadline */
	DEADLINE_LATE,    /* made after the deadline */
};

/* Parses "YYYY-MM-DD HH:MM" (or with T) into minutes of the wall clock since 1970; false if
 * the text is not such a time or names a day or hour that does not exist. */
bool incident_time_parse(const char *text, long long *minutes);
/* Writes minutes of the wall clock as "YYYY-MM-DD HH:MM" into buf. */
void incident_time_format(long long minutes, char buf[20]);

/* Local wall-clock minutes to UTC minutes and back. A local time skipped by the change to
 * summer time is read as standard time; one repeated at the change back as summer time. */
long long incident_to_utc(const struct incident_zone *zone, long long local);
long long incident_to_local(const struct incident_zone *zone, long long utc);

/*
 * The deadline of notice for an incident the organisation became aware of at aware (local,
 * "YYYY-MM-DD HH:MM", NULL or "" when unknown); report_sent is the NIS2 notification's time
 * when made (the final report's month runs from it, else from the notification's deadline).
 * Writes the local deadline into due and returns true, or false when aware is missing or bad.
 */
bool incident_deadline(const struct incident_zone *zone, enum incident_notice notice,
		       const char *aware, const char *report_sent, char due[20]);

/* Where a deadline due (local text, "" when unknown) stands for a notification done (local
 * text or NULL) at now (local minutes). applies says whether the notification is required. */
enum incident_state incident_deadline_state(bool applies, const char *due, const char *done,
					    long long now);

/* Now on the organisation's clock, in local minutes (SOURCE_DATE_EPOCH when set). */
long long incident_now(const struct incident_zone *zone);

/* The workspace's zone (the incident settings, or London's when none is saved). */
int incident_zone_read(struct store *store, struct incident_zone *zone, struct ims2_error *err);

/* Registry hook of the incident register: times checked and normalised, the timeline in
 * order, the status and the deadlines derived. */
int incident_derive(struct store *store, const struct reg *reg, const char **values,
		    char **owned, struct ims2_error *err);

/* Check of step 2.7: deadlines passed without notification, notifications made late, and
 * deadlines unknown for want of the awareness time. */
void incident_check_deadlines(struct workspace *ws, struct check_report *out);

/* The incident register's section of the reports (report_incident.c). */
struct workspace;
int report_incident_md(struct workspace *ws, const char *heading, FILE *out,
		       struct ims2_error *err);

#endif
