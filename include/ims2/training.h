/*
 * Training coverage (step 2.5): per required competence, how many of the people who need it
 * (the holders and deputies of the ISMS roles it names, and the people named on it) have it
 * (evidence of competence, or a session giving it passed) and who is missing it; per role,
 * how many of its holders and deputies have every competence it needs, and who lacks which;
 * the share of attendees with an awareness session in the last 12 months. The Coverage pane
 * shows it; the step's declared checks (screens/2.5.yaml) list the same people.
 */
#ifndef IMS2_TRAINING_H
#define IMS2_TRAINING_H

#include <stddef.h>

#include "ims2/error.h"
#include "ims2/store.h"
#include "ims2/workspace.h"

struct training_row {
	char *competence, *roles; /* roles: the role names, ", "-separated; may be "" */
	int required, covered;
	char *missing; /* names of those lacking it, ", "-separated, "" when none */
};

/* Per ISMS role that a competence names: its holders and deputies, and those with them all. */
struct training_role {
	char *role;
	int people, ready;
	char *missing; /* "Ada (Incident handling, First aid); Bo (First aid)", "" when none */
};

struct training_coverage {
	struct training_row *rows; /* one per competence, by name */
	size_t count;
	struct training_role *by_role; /* one per role a competence names, by role */
	size_t role_count;
	int people, complete; /* people needing a competence; those having all theirs */
	int attendees, aware; /* people with attendance; those at an awareness session */
	char *unaware;        /* names of attendees without one, ", "-separated */
};

/*
 * Reads the coverage on today (YYYY-MM-DD): competences from evidence obtained and sessions
 * passed by then, awareness from sessions in the 12 months up to it.
 * out is filled even on error; release it with training_coverage_release().
 */
int training_coverage_read(struct workspace *ws, const char *today, struct training_coverage *out,
			   struct ims2_error *err);
void training_coverage_release(struct training_coverage *c);
/*
 * The people needing a competence and those having every one they need on today (evidence
 * obtained by then, a session giving it passed by then): the figure of the computed indicator
 * "training coverage" (indicator_computed.c), which runs inside a save and so has a store.
 */
int training_people_complete(struct store *store, const char *today, int *people, int *complete,
			     struct ims2_error *err);
/* Percent of part in whole, 100 when whole is 0. */
int training_percent(int part, int whole);

#endif
