/*
 * Consistency checks of a step's records that no single field can express, such as a
 * milestone due while its owner is away. Each check is a row of check_table (checks.c).
 */
#ifndef IMS2_CHECKS_H
#define IMS2_CHECKS_H

#include "ims2/util.h"
#include "ims2/workspace.h"

/*
 * Appends one line per finding of the step's checks to out (nothing when all is well).
 * Returns the number of findings.
 */
int checks_run(struct workspace *ws, const char *step, struct strbuf *out);

#endif
