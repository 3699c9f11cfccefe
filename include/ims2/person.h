/*
 * The people register of step 2.1, to which every owner, auditor, trainer, attendee, project
 * member and interview field refers: a person added on the spot while another record is saved
 * (the gap interview names an interviewee who is not in the register yet).
 */
#ifndef IMS2_PERSON_H
#define IMS2_PERSON_H

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

/*
 * Adds the person name (function may be NULL) and saves record id of reg (0: a new record)
 * with values, field (a refs field to person) naming the new person after what values[field]
 * already lists: both in one transaction, so that neither is kept without the other (a
 * conflict or a bad value leaves no person behind). rev is the record's revision (as
 * record_update()). *person_id and *record_id (either may be NULL) get the new numbers.
 * values is not changed. IMS2_INVALID when the name is empty or the field does not refer to
 * people.
 */
int person_save_new(struct store *store, const struct screen_set *set, const struct reg *reg,
		    long long id, long long rev, const char *const *values, int field,
		    const char *name, const char *function, long long *person_id,
		    long long *record_id, struct ims2_error *err);

#endif
