/*
 * Training scenarios (data/scenarios/ID.yaml): read one, and build a workspace from it with
 * its story told at a given day. A scenario declares the day its story is told at
 * (`as_of: 2027-04-09`); when a workspace is made from it, every date and time of its
 * records (fields of type date and datetime) moves by the same whole number of weeks, so
 * that this day falls in the week up to today (or the day asked) and the meetings keep their
 * weekdays. What is dated in a title is written without the date in the scenario.
 */
#ifndef IMS2_SCENARIO_H
#define IMS2_SCENARIO_H

#include "ims2/error.h"
#include "ims2/workspace.h"

struct scenario {
	char *text, *origin; /* the file as read, and where it came from */
	size_t len;
	char *org;       /* organisation: */
	char *continues; /* continues: the scenario built first, NULL when none */
	char *as_of;     /* as_of: the day the story is told at, NULL when undated */
	char *closed_on; /* previous_cycle_closed_on: when the continued cycle closed, or NULL */
	/* recorded_on: when the records without dates of their own were recorded, or NULL */
	char *recorded_on;
};

/*
 * Reads scenarios/<id>.yaml from data_dir or the built-in copies. An unknown id, or an as_of
 * or previous_cycle_closed_on that is no date, is IMS2_USAGE. scenario_release() frees it.
 */
int scenario_read(const char *data_dir, const char *id, struct scenario *sc,
		  struct ims2_error *err);
void scenario_release(struct scenario *sc);

/*
 * The days (a multiple of 7, maybe negative) by which the story moves so that its as_of
 * falls within the 7 days up to day (YYYY-MM-DD; NULL: today, store_now()): from day - 6 to
 * day itself. 0 for a scenario without as_of.
 */
long long scenario_shift(const struct scenario *sc, const char *day);

/*
 * Adds the scenario's records to a new workspace, moved by shift_days. A scenario that
 * continues another (`continues: demo`) is built on it: the other's records, moved alike,
 * its cycle closed (kept read-only) on previous_cycle_closed_on moved alike (today when not
 * given), then this one's records, as the next cycle. The change log dates each record in
 * the story, moved alike: at its earliest date, a record without dates at recorded_on (else
 * as_of), never after as_of or today.
 */
int scenario_build(struct workspace *ws, const char *data_dir, const struct scenario *sc,
		   long long shift_days, struct ims2_error *err);

#endif
