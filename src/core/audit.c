#include "ims2/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coreint.h"
#include "ims2/links.h"
#include "ims2/record.h"
#include "ims2/util.h"

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

int audit_checklist(struct workspace *ws, const char *which, int *added, struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, "audit_check");
	int f_audit = reg ? reg_field_index(reg, "audit") : -1;
	int f_item = reg ? reg_field_index(reg, "item") : -1;
	int f_result = reg ? reg_field_index(reg, "result") : -1;
	const char **values;
	sqlite3_stmt *st;
	int rc, step, audits = 0;
	long long last = 0;

	*added = 0;
	if (f_audit < 0 || f_item < 0 || f_result < 0)
		return error_set(err, IMS2_USAGE, "the screen of step 3.2 lacks checklist fields");
	if ((rc = store_begin(ws->store, err)))
		return rc;
	/* Each scope item of the audits named (all not cancelled when none is) without a line. */
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT a.id, CAST(l.target_key AS INTEGER) FROM audit AS a"
			       " LEFT JOIN record_link AS l ON l.source = 'audit' AND l.record = a.id"
			       " AND l.field = 'scope' AND l.target = 'gap_item'"
			       " WHERE (?1 = '' AND a.status <> 'cancelled'"
			       "  OR CAST(a.id AS TEXT) = ?1 OR a.title = ?1)"
			       " AND NOT EXISTS (SELECT 1 FROM audit_check AS c WHERE c.audit = a.id"
			       "  AND c.item = CAST(l.target_key AS INTEGER))"
			       " ORDER BY a.id, l.position",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(ws->store, "audit checklist", err);
		store_rollback(ws->store);
		return rc;
	}
	sqlite3_bind_text(st, 1, which ? which : "", -1, SQLITE_STATIC);
	values = xcalloc(reg->field_count, sizeof(*values));
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char audit[32], item[32];
		long long id;
		if (sqlite3_column_int64(st, 0) != last) {
			last = sqlite3_column_int64(st, 0);
			audits++;
		}
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue; /* an audit with no scope, or its lines all there */
		snprintf(audit, sizeof(audit), "%lld", last);
		snprintf(item, sizeof(item), "%lld", (long long)sqlite3_column_int64(st, 1));
		values[f_audit] = audit;
		values[f_item] = item;
		values[f_result] = "not checked";
		rc = record_put_insert(ws->store, reg, values, &id, err);
		*added += !rc;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_read_fail(ws->store, "audit checklist", err);
	sqlite3_finalize(st);
	free(values);
	if (!rc && which && *which && !audits) {
		/* Nothing selected: no such audit, or every line is there already. */
		sqlite3_stmt *q;
		bool exists = false;
		if (sqlite3_prepare_v2(store_db(ws->store),
				       "SELECT 1 FROM audit WHERE CAST(id AS TEXT) = ? OR title = ?", -1,
				       &q, NULL) == SQLITE_OK) {
			sqlite3_bind_text(q, 1, which, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 2, which, -1, SQLITE_STATIC);
			exists = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_finalize(q);
		}
		if (!exists)
			rc = error_set(err, IMS2_USAGE, "no audit '%s' (give its number or title)",
				       which);
	}
	if (rc) {
		store_rollback(ws->store);
		*added = 0;
		return rc;
	}
	return store_commit(ws->store, err);
}

int audit_checklist_lines(struct workspace *ws, long long audit, long long **ids, size_t *count,
			  size_t *at, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	bool found = false;
	int rc;

	*ids = NULL;
	*count = *at = 0;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT c.id, c.result = 'not checked' FROM audit_check AS c"
			       " JOIN audit AS a ON a.id = c.audit WHERE ?1 = 0 OR a.id = ?1"
			       " ORDER BY coalesce(a.held_on, a.planned_on, '9999'), a.id, c.item, c.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "the audit checklist", err);
	sqlite3_bind_int64(st, 1, audit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			*ids = xrealloc(*ids, alloc * sizeof(**ids));
		}
		if (!found && sqlite3_column_int(st, 1)) {
			*at = *count;
			found = true;
		}
		(*ids)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*count = 0;
		return store_read_fail(ws->store, "the audit checklist", err);
	}
	return IMS2_OK;
}

int audit_checklist_line(struct workspace *ws, long long id, struct audit_line *out,
			 struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT a.id, a.title, g.item, g.title, g.kind,"
			       " (SELECT count(*) FROM audit_check AS o WHERE o.audit = a.id),"
			       " (SELECT count(*) FROM audit_check AS o WHERE o.audit = a.id"
			       "  AND o.result <> 'not checked')"
			       " FROM audit_check AS c JOIN audit AS a ON a.id = c.audit"
			       " JOIN gap_item AS g ON g.id = c.item WHERE c.id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "the audit checklist", err);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->audit = sqlite3_column_int64(st, 0);
		snprintf(out->audit_title, sizeof(out->audit_title), "%s",
			 (const char *)sqlite3_column_text(st, 1));
		snprintf(out->item, sizeof(out->item), "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(out->title, sizeof(out->title), "%s",
			 (const char *)sqlite3_column_text(st, 3));
		out->control = strcmp((const char *)sqlite3_column_text(st, 4), "control") == 0;
		out->lines = sqlite3_column_int(st, 5);
		out->checked = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, IMS2_USAGE, "no checklist line %lld", id);
	return rc == SQLITE_ROW ? IMS2_OK : store_read_fail(ws->store, "the audit checklist", err);
}

int audit_checklist_progress(struct workspace *ws, struct audit_progress **rows, size_t *count,
			     struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*rows = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT a.title, count(c.id), count(c.id) FILTER (WHERE c.result <>"
			       " 'not checked'), count(c.id) FILTER (WHERE c.result = 'nonconforming')"
			       " FROM audit AS a LEFT JOIN audit_check AS c ON c.audit = a.id"
			       " WHERE a.status <> 'cancelled' GROUP BY a.id"
			       " ORDER BY coalesce(a.held_on, a.planned_on, '9999'), a.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "the audit checklist", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_progress *p;
		*rows = xrealloc(*rows, (*count + 1) * sizeof(**rows));
		p = &(*rows)[(*count)++];
		snprintf(p->title, sizeof(p->title), "%s", (const char *)sqlite3_column_text(st, 0));
		p->lines = sqlite3_column_int(st, 1);
		p->checked = sqlite3_column_int(st, 2);
		p->nonconforming = sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK : store_read_fail(ws->store, "the audit checklist", err);
}
