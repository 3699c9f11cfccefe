/*
 * The documented information ISO/IEC 27001:2022 requires (step 2.2, the required_document
 * register; src/core/required_document.c): for each item, the approved documents that meet it
 * and how many records ims2 itself keeps for it. The one judgement that the 2.2 report of the
 * list, its check and certification readiness (src/core/readiness.c) all read.
 */
#ifndef IMS2_REQUIRED_DOCUMENT_H
#define IMS2_REQUIRED_DOCUMENT_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/error.h"
#include "ims2/workspace.h"

struct required_document {
	long long id; /* the record of the required_document register */
	const char *ref, *requirement, *clause;
	const char *approved;    /* "POL-01 v1.0, ..." citing the clause; "" when none */
	const char *provided_by; /* the ims2 step and export that keep it; "" when none */
	const char *notes;
	long long kept;          /* records in the counted registers of that step */
	bool met;                /* an approved document, or ims2 keeps records of it */
};

/*
 * Calls fn for each item in list order; the strings live until fn returns. Stops at the first
 * non-zero return of fn and returns it; a read that fails is IMS2_WORKSPACE.
 */
int required_document_each(struct workspace *ws,
			   int (*fn)(const struct required_document *item, void *arg), void *arg,
			   struct ims2_error *err);

/*
 * The 2.2 check (a row of check_table in src/core/checks.c): each item not met, judged by
 * required_document_each() as readiness judges it, so that the step and `ims2 check` agree.
 */
struct check_report;
void required_document_check(struct workspace *ws, struct check_report *out);

#endif
