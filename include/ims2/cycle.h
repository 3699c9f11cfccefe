/*
 * PDCA cycles (step 4.2, clause 10.1): closing the current cycle keeps a frozen copy of every
 * register of it inside the workspace (tables `cycle` and `cycle_record`, which triggers keep
 * read-only), carries the registers forward as they are, sets every step and activity back to
 * not started and numbers the next cycle (meta `cycle`, shown in every report).
 */
#ifndef IMS2_CYCLE_H
#define IMS2_CYCLE_H

#include <stdio.h>

#include "ims2/error.h"
#include "ims2/workspace.h"

/*
 * Closes the current cycle in one transaction: all or nothing. *closed is the number of the
 * cycle closed. A read-only workspace is IMS2_READONLY, nothing written.
 */
int cycle_close(struct workspace *ws, int *closed, struct ims2_error *err);
/* The same, recorded as closed on day (YYYY-MM-DD; NULL: today): a scenario's story. */
int cycle_close_on(struct workspace *ws, const char *day, int *closed, struct ims2_error *err);

/* The number of the current cycle (1 in a new workspace). */
int cycle_current(struct workspace *ws);

/*
 * A field of a record as it was when cycle `cycle` closed: *value allocated, NULL when the
 * record or field was not there. For reports that show the previous cycle beside this one.
 */
int cycle_value(struct workspace *ws, int cycle, const char *table, long long record,
		const char *field, char **value, struct ims2_error *err);

/* What a report compares with the previous cycle: fields of one register, by label. */
struct cycle_compare {
	const char *table, *label;  /* the register and the column naming its records */
	const char *const *fields;  /* columns compared */
	const char *const *labels;  /* their names in the report */
	size_t field_count;
};

/*
 * A section "Changes since cycle N" (heading is its Markdown prefix): every record of the
 * register whose compared fields differ from the copy kept when the previous cycle closed.
 * Writes nothing in the first cycle.
 */
int cycle_changes_md(struct workspace *ws, const char *heading, const struct cycle_compare *cmp,
		     FILE *out, struct ims2_error *err);

#endif
