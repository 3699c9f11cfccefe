#include "ims2/cycle.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/markdown.h"
#include "ims2/migrate.h"
#include "ims2/util.h"
#include "coreint.h"
#include "store_int.h"

int cycle_current(struct workspace *ws)
{
	char *value = NULL;
	int n = 1;

	if (store_meta_get(ws->store, "cycle", &value) == IMS2_OK && value)
		n = atoi(value) > 0 ? atoi(value) : 1;
	free(value);
	return n;
}

/* "json_object('a', "a", 'b', "b")" for the columns of table; NULL when it has none. */
static char *json_of_columns(struct store *store, const char *table)
{
	struct strbuf sb = { 0 };
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &st,
			       NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	strbuf_adds(&sb, "json_object(");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		/* Column names come from our own migrations: plain identifiers. */
		if (!util_identifier(col))
			continue;
		strbuf_addf(&sb, "%s'%s', \"%s\"", n++ ? ", " : "", col, col);
	}
	sqlite3_finalize(st);
	strbuf_adds(&sb, ")");
	if (!n) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* Copies every row of table into cycle_record for cycle n; key is the column of its id. */
static int keep_table(struct store *store, int n, const char *table, const char *key,
		      struct ims2_error *err)
{
	char *json = json_of_columns(store, table), *sql;
	int rc;

	if (!json)
		return store_fail(store, "cycle: reading the registers", err);
	sql = xasprintf("INSERT INTO cycle_record (cycle, tbl, record, body) SELECT %d, '%s', %s, "
			"%s FROM \"%s\"",
			n, table, key, json, table);
	rc = store_exec(store, sql, err);
	free(sql);
	free(json);
	return rc;
}

/* Every register of the schema (the tables that are not the engine's), and the step states. */
static int keep_all(struct store *store, int n, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc = IMS2_OK, step;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
			       "LIKE 'sqlite_%' ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "cycle: reading the registers", err);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(st, 0);
		if (!migrate_engine_table(table) && util_identifier(table))
			rc = keep_table(store, n, table, "id", err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_fail(store, "cycle: reading the registers", err);
	sqlite3_finalize(st);
	if (!rc)
		rc = keep_table(store, n, "step_state", "rowid", err);
	if (!rc)
		rc = keep_table(store, n, "activity_state", "rowid", err);
	return rc;
}

/* Every step and activity back to not started, each change in the change log. */
static int restart_steps(struct workspace *ws, struct ims2_error *err)
{
	size_t s, a;
	int rc = IMS2_OK;

	for (s = 0; s < ws->screens.count && !rc; s++) {
		const struct screen *scr = &ws->screens.screens[s];
		char status[16];
		char *reason = NULL;
		if (store_step_status(ws->store, scr->step, status, &reason)) {
			rc = store_read_failed(ws->store, err);
			if (!rc)
				rc = error_set(err, IMS2_WORKSPACE, "cannot read the state of step %s",
					       scr->step);
			break;
		}
		free(reason);
		if (strcmp(status, "not started") != 0)
			rc = store_put_step_status(ws->store, scr->step, "not started", NULL, err);
		for (a = 0; a < scr->activity_count && !rc; a++)
			if (store_activity_done(ws->store, scr->step, scr->activities[a].id))
				rc = store_put_activity(ws->store, scr->step,
							scr->activities[a].id, false, err);
	}
	/* An activity whose state could not be read must not stay ticked unnoticed. */
	return rc ? rc : store_read_failed(ws->store, err);
}

/* The row of the closed cycle: its number, the day and the operating system user. */
static int add_cycle(struct store *store, int n, const char *now, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc = IMS2_OK;

	if (sqlite3_prepare_v2(store_db(store),
			       "INSERT INTO cycle (number, closed_on, closed_by) "
			       "VALUES (?1, substr(?2, 1, 10), ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "cycle", err);
	sqlite3_bind_int(st, 1, n);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, store_user(store), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(store, "cycle", err);
	sqlite3_finalize(st);
	return rc;
}

int cycle_close(struct workspace *ws, int *closed, struct ims2_error *err)
{
	return cycle_close_on(ws, NULL, closed, err);
}

int cycle_close_on(struct workspace *ws, const char *day, int *closed, struct ims2_error *err)
{
	char now[32], next[16];
	int n = cycle_current(ws), rc;

	*closed = 0;
	if (store_readonly(ws->store)) {
		error_set(err, IMS2_READONLY, "%s is read-only (%s): the cycle was not closed",
			  store_path(ws->store), store_readonly_reason(ws->store));
		return error_hint(err, "close the cycle as a user who may write the file");
	}
	if (day)
		snprintf(now, sizeof(now), "%s", day);
	else
		store_now(now);
	if ((rc = store_begin(ws->store, err)))
		return rc;
	rc = add_cycle(ws->store, n, now, err);
	if (!rc)
		rc = keep_all(ws->store, n, err);
	if (!rc)
		rc = restart_steps(ws, err);
	snprintf(next, sizeof(next), "%d", n + 1);
	if (!rc)
		rc = store_log(ws->store, "cycle", n, "cycle", NULL, "closed", err);
	if (!rc)
		rc = store_meta_set(ws->store, "cycle", next, err);
	if (!rc)
		rc = store_commit(ws->store, err);
	if (rc) {
		store_rollback(ws->store);
		return rc;
	}
	*closed = n;
	return IMS2_OK;
}

int cycle_value(struct workspace *ws, int cycle, const char *table, long long record,
		const char *field, char **value, struct ims2_error *err)
{
	sqlite3_stmt *st;
	char *path = xasprintf("$.\"%s\"", field);
	int rc;

	*value = NULL;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT json_extract(body, ?4) FROM cycle_record WHERE cycle = ?1 "
			       "AND tbl = ?2 AND record = ?3",
			       -1, &st, NULL) != SQLITE_OK) {
		free(path);
		return store_read_fail(ws->store, "cycle_record", err);
	}
	sqlite3_bind_int(st, 1, cycle);
	sqlite3_bind_text(st, 2, table, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, record);
	sqlite3_bind_text(st, 4, path, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	free(path);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_read_fail(ws->store, "cycle_record", err);
	return IMS2_OK;
}

int cycle_changes_md(struct workspace *ws, const char *heading, const struct cycle_compare *cmp,
		     FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "Record", "Field", "Previous cycle", "This cycle" };
	int prev = cycle_current(ws) - 1, rc, n = 0;
	struct strbuf sql = { 0 };
	sqlite3_stmt *st;
	size_t f;

	if (prev < 1)
		return IMS2_OK;
	/* Names come from the callers' constant tables (report_gap.c, report_risk.c). */
	for (f = 0; f < cmp->field_count; f++)
		strbuf_addf(&sql,
			    "%sSELECT t.id, t.\"%s\", %zu, json_extract(c.body, '$.%s'), t.\"%s\" "
			    "FROM \"%s\" AS t JOIN cycle_record AS c ON c.cycle = ?1 AND c.tbl = "
			    "'%s' AND c.record = t.id WHERE json_extract(c.body, '$.%s') IS NOT "
			    "t.\"%s\"",
			    f ? " UNION ALL " : "", cmp->label, f, cmp->fields[f], cmp->fields[f],
			    cmp->table, cmp->table, cmp->fields[f], cmp->fields[f]);
	strbuf_adds(&sql, " ORDER BY 1, 3");
	if (sqlite3_prepare_v2(store_db(ws->store), sql.buf, -1, &st, NULL) != SQLITE_OK) {
		strbuf_release(&sql);
		return store_read_fail(ws->store, "cycle_record", err);
	}
	strbuf_release(&sql);
	sqlite3_bind_int(st, 1, prev);
	fprintf(out, "%s Changes since cycle %d\n\n", heading, prev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cells[4];
		size_t field = (size_t)sqlite3_column_int(st, 2);
		assert(field < cmp->field_count);
		cells[0] = (const char *)sqlite3_column_text(st, 1);
		cells[1] = cmp->labels[field];
		cells[2] = sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3)
						       : "-";
		cells[3] = sqlite3_column_text(st, 4) ? (const char *)sqlite3_column_text(st, 4)
						       : "-";
		if (!cells[0])
			cells[0] = "";
		if (n++ == 0)
			md_table_head(out, head, 4);
		md_row(out, cells, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_read_fail(ws->store, "cycle_record", err);
	fprintf(out, n ? "\n" : "*Nothing changed since cycle %d was closed.*\n\n", prev);
	return IMS2_OK;
}
