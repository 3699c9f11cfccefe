/*
 * Documents of step 2.2 (src/core/document.c): the next review date derived from the approval
 * and the review interval.
 */
#ifndef IMS2_DOCUMENT_H
#define IMS2_DOCUMENT_H

#include <stdbool.h>

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

/* date (YYYY-MM-DD) plus months (1 to 1200), clamped to the month's last day; false if bad. */
bool document_add_months(const char *date, int months, char out[16]);

/*
 * The derive hook of document (src/core/registry.c): an empty next review becomes the
 * approval date plus the review interval, when both are given.
 */
int document_derive(struct store *store, const struct reg *reg, const char **values,
		    char **owned, struct ims2_error *err);

#endif
