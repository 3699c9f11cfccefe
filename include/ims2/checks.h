/*
 * Consistency checks of a step's records that no single field can express, such as a
 * milestone due while its owner is away.
 *
 * Most checks are declared in the screen files (`checks:` in screens/<step>.yaml, see
 * screens/SCHEMA.md): a query returning the records at fault and a message. Checks that need
 * more than a query (the risk method's thresholds, the SoA's completeness) are rows of the
 * table in checks.c. Either way a check gives structured findings, and a check that cannot run
 * is an error the caller shows, never "no findings".
 */
#ifndef IMS2_CHECKS_H
#define IMS2_CHECKS_H

#include "ims2/util.h"
#include "ims2/workspace.h"

struct check_finding {
	const char *table; /* the register at fault (static or owned by the screens) */
	long long record;  /* its record, 0 when the finding is about the register */
	const char *field; /* the field at fault, NULL for the whole record */
	char *message;     /* one sentence; allocated */
};

struct check_report {
	struct check_finding *findings;
	size_t count, cap;
	int status;              /* IMS2_OK, or the status of the first check that failed to run */
	struct ims2_error error; /* why, when status is not IMS2_OK */
};

/*
 * Runs every check of the step into out (which the caller releases with
 * check_report_release(), whatever the result). Findings of the checks that ran are kept
 * when another fails. Returns out->status.
 */
int checks_run(struct workspace *ws, const char *step, struct check_report *out);
void check_report_release(struct check_report *report);

/* Adds a finding (message copied) to report. */
void check_report_add(struct check_report *report, const char *table, long long record,
		      const char *field, const char *message);

/* Records that the check named what could not run, and why (the first failure is kept). */
void check_report_fail(struct check_report *report, const char *what, const char *why);

/*
 * Prepares every declared check of the workspace's screens against its schema: a query that
 * does not prepare, returns columns other than id and message, or uses a parameter other than
 * :today and :meta_KEY is IMS2_USAGE with `file:line:column`.
 */
int checks_prepare_all(struct workspace *ws, struct ims2_error *err);

#endif
