#include "ims2/review.h"

#include <stdlib.h>
#include <string.h>

#include "coreint.h"
#include "ims2/links.h"

int review_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		  struct ims2_error *err)
{
	int fd = reg_field_index(reg, "review_date"), fa = reg_field_index(reg, "audits");
	char *audits = NULL;
	const char *p;
	sqlite3_stmt *st;
	int rc;

	(void)owned;
	if (fd < 0 || fa < 0 || !values[fd] || !*values[fd])
		return IMS2_OK; /* validation names the missing date */
	rc = links_normalise(store, &reg->fields[fa], values[fa], &audits, err);
	if (rc || !audits)
		return rc;
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT title, coalesce(held_on, planned_on), held_on IS NOT NULL "
			       "FROM audit WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK) {
		free(audits);
		return store_fail(store, "audits", err);
	}
	for (p = audits; !rc && *p;) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 1), values[fd]) > 0) {
			error_set(
			    err, IMS2_INVALID,
			    "the review is dated %s, before the audit '%s' it reviews (%s %s)",
			    values[fd], (const char *)sqlite3_column_text(st, 0),
			    sqlite3_column_int(st, 2) ? "held on" : "planned for",
			    (const char *)sqlite3_column_text(st, 1));
			rc = error_field(err, "review_date");
		}
		p = end + strspn(end, ", ");
	}
	sqlite3_finalize(st);
	free(audits);
	return rc;
}
