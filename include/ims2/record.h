/*
 * Records of the registers that screen files declare: validation, reads a window at a time,
 * and changes that are each one transaction with their change log rows.
 */
#ifndef IMS2_RECORD_H
#define IMS2_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"
#include "ims2/util.h"

struct record {
	long long id, rev;
	char **values; /* one per field of the register; NULL when empty */
	size_t count;
};

/* Frees the values; the struct itself is the caller's. */
void record_release(struct record *rec);

/*
 * Checks values (one per field, NULL or "" for empty) against the register: required fields,
 * required_if, dates, numbers, choices, length, valid UTF-8. On failure *bad_field is the index
 * of the first bad field and err says why.
 */
int record_validate(const struct reg *reg, const char *const *values, int *bad_field,
		    struct ims2_error *err);
/*
 * The same checks on every field at once: errs (one per field) says for each what is wrong
 * (status IMS2_OK when nothing). Returns the number of bad fields. For forms that show every
 * error under its field.
 */
int record_validate_each(const struct reg *reg, const char *const *values,
			 struct ims2_error *errs);

/*
 * record_validate() and the rules that need the workspace (unique fields) for record id (0
 * for a new one), so that a form can put the cursor on the field at fault before saving.
 */
int record_check(struct store *store, const struct reg *reg, long long id,
		 const char *const *values, int *bad_field, struct ims2_error *err);

/* Reads one record with stored values (a reference as the referred record's id). */
int record_get(struct store *store, const struct reg *reg, long long id, struct record *out,
	       struct ims2_error *err);
/* Validates and inserts; a form register always writes record 1. */
int record_insert(struct store *store, const struct reg *reg, const char *const *values,
		  long long *id, struct ims2_error *err);
/* Validates and updates record id if its revision is still rev, else IMS2_CONFLICT. */
int record_update(struct store *store, const struct reg *reg, long long id, long long rev,
		  const char *const *values, struct ims2_error *err);
/*
 * The same two writes inside the caller's transaction (imports): validated, with their change
 * log rows. rev < 0 updates whatever the revision.
 */
int record_put_insert(struct store *store, const struct reg *reg, const char *const *values,
		      long long *id, struct ims2_error *err);
int record_put_update(struct store *store, const struct reg *reg, long long id, long long rev,
		      const char *const *values, struct ims2_error *err);
/* Sets one field of record id (value NULL or "" empties it): validated, one transaction. */
int record_set_field(struct store *store, const struct reg *reg, long long id, size_t field,
		     const char *value, struct ims2_error *err);
/* Deletes record id; refused with the referring registers named when others still use it. */
int record_delete(struct store *store, const struct screen_set *set, const struct reg *reg,
		  long long id, struct ims2_error *err);
/* The same inside the caller's transaction (an import replacing a seeded register). */
int record_put_delete(struct store *store, const struct screen_set *set, const struct reg *reg,
		      long long id, struct ims2_error *err);
int record_count(struct store *store, const struct reg *reg, long long *count,
		 struct ims2_error *err);

/*
 * How a table view orders its rows: by a field (or by id when sort < 0), naturally (numbers as
 * numbers, case ignored: collate.h).
 */
struct record_view {
	const struct screen_set *set;
	const struct reg *reg;
	int sort;
	bool descending;
	const char *filter; /* only rows whose shown columns contain it (NULL or "": all) */
};

/* The number of rows of the view (after its filter). */
int record_view_count(struct store *store, const struct record_view *view, long long *count,
		      struct ims2_error *err);

/*
 * Reads up to limit rows from offset in view order into rows (which the caller releases),
 * with display values: references as the referred record's label. *got is the number read.
 */
int record_window(struct store *store, const struct record_view *view, long long offset,
		  int limit, struct record *rows, int *got, struct ims2_error *err);
/*
 * Reads up to limit rows whose id is above after_id, in id order (the view's sort is ignored):
 * a whole register read window by window in time proportional to its size.
 */
int record_scan(struct store *store, const struct record_view *view, long long after_id,
		int limit, struct record *rows, int *got, struct ims2_error *err);
/*
 * Finds the first row after record from_id (dir 1) or before it (dir -1) in view order whose
 * shown columns (fields with a width; all fields when none has one) contain text, case ignored
 * in every script (collate.h); from_id 0 searches from the start (or the end).
 * *found_id is the row's id; IMS2_INVALID when there is none.
 */
int record_find(struct store *store, const struct record_view *view, const char *text,
		long long from_id, int dir, long long *found_id, struct ims2_error *err);
/* The position of record id in view order, or -1. */
long long record_position(struct store *store, const struct record_view *view, long long id);
/*
 * Names in out the records that still use record id of reg, through a link field or a single
 * reference, grouped by register, each with its number and what names it: "Attendance 2
 * 'Security awareness', 5 'Incident drill'; Documents 4 'POL-01' and 3 more". Nothing when no
 * record uses it. Used by record_delete() to refuse with the list.
 */
int record_users(struct store *store, const struct screen_set *set, const struct reg *reg,
		 long long id, struct strbuf *out, struct ims2_error *err);
/* A line of what refers to a record: the referring field's `backlink:` label and records. */
struct backlink {
	const char *label; /* owned by the screens */
	char *records;     /* "2 'Ransomware on a picking PC', 5 '...' and 2 more"; allocated */
};
/*
 * The records that refer to record id of reg through the fields declaring `backlink:`
 * (screens/SCHEMA.md), one line per field that has any, in screen order (src/core/backlink.c).
 * The caller frees *links with record_backlinks_release(); none on failure.
 */
int record_backlinks(struct store *store, const struct screen_set *set, const struct reg *reg,
		     long long id, struct backlink **links, size_t *count, struct ims2_error *err);
void record_backlinks_release(struct backlink *links, size_t count);
/* The label (first field) of record id of table; NULL when there is none. Caller frees. */
char *record_label(struct store *store, const struct screen_set *set, const char *table,
		   long long id);

#endif
