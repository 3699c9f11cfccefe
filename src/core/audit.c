#include "ims2/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coreint.h"
#include "ims2/links.h"

int audit_derive_programme(struct store *store, const struct reg *reg, const char **values,
			   char **owned, struct ims2_error *err)
{
	int from = reg_field_index(reg, "starts_on"), to = reg_field_index(reg, "ends_on");
	char limit[16];

	(void)store;
	(void)owned;
	if (from < 0 || to < 0 || !values[from] || !values[to] || strlen(values[from]) != 10)
		return IMS2_OK; /* validation names a missing or bad date */
	/* Dates are YYYY-MM-DD, so three years later is the year plus three, compared as text. */
	snprintf(limit, sizeof(limit), "%04d%s", atoi(values[from]) + 3, values[from] + 4);
	if (strcmp(values[to], limit) > 0) {
		error_set(err, IMS2_INVALID,
			  "a programme covers a cycle of at most three years: it ends by %s",
			  limit);
		return error_field(err, "ends_on");
	}
	return IMS2_OK;
}

/* The name of person id, allocated. */
static char *person_name(struct store *store, long long id)
{
	sqlite3_stmt *st;
	char *name = NULL;

	if (sqlite3_prepare_v2(store_db(store), "SELECT name FROM person WHERE id = ?", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			name = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return name ? name : xasprintf("person %lld", id);
}

/* Whether the normalised list "3, 7" holds id. */
static bool list_has(const char *list, long long id)
{
	const char *p = list;

	while (p && *p) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p)
			return false;
		if (v == id)
			return true;
		p = end + strspn(end, ", ");
	}
	return false;
}

int audit_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		 struct ims2_error *err)
{
	int fa = reg_field_index(reg, "auditors"), fe = reg_field_index(reg, "auditees");
	char *auditors = NULL, *auditees = NULL;
	const char *p;
	int rc;

	(void)owned;
	if (fa < 0 || fe < 0)
		return IMS2_OK;
	rc = links_normalise(store, &reg->fields[fa], values[fa], &auditors, err);
	if (!rc)
		rc = links_normalise(store, &reg->fields[fe], values[fe], &auditees, err);
	for (p = auditors; !rc && p && *p;) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		if (list_has(auditees, id)) {
			char *name = person_name(store, id);
			error_set(err, IMS2_INVALID,
				  "%s is both auditor and auditee: an auditor does not audit their "
				  "own work",
				  name);
			free(name);
			rc = error_field(err, "auditees");
		}
		p = end + strspn(end, ", ");
	}
	free(auditors);
	free(auditees);
	return rc;
}
