#include "ims2/rtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "coreint.h"

void rtp_today(char today[11])
{
	char now[32];

	store_now(now);
	snprintf(today, 11, "%.10s", now);
}

bool rtp_overdue(const char *status, const char *due_date, const char *today)
{
	if (!due_date || !*due_date || !status)
		return false;
	if (strcmp(status, "done") == 0 || strcmp(status, "cancelled") == 0)
		return false;
	return strcmp(due_date, today) < 0;
}

int rtp_percent(const struct rtp_risk *r)
{
	int live = r->actions - r->cancelled;

	if (!r->actions)
		return 0;
	return live > 0 ? r->done * 100 / live : 100;
}

int rtp_progress(struct workspace *ws, const char *today, struct rtp_risk **risks, size_t *count,
		 struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*risks = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(
		    store_db(ws->store),
		    "SELECT r.id, r.title, r.inherent_level, count(a.id),"
		    " coalesce(sum(a.status = 'done'), 0), coalesce(sum(a.status = 'cancelled'), 0),"
		    " coalesce(sum(a.status NOT IN ('done', 'cancelled') AND a.due_date IS NOT NULL"
		    "     AND a.due_date < ?1), 0),"
		    " min(CASE WHEN a.status NOT IN ('done', 'cancelled') THEN a.due_date END)"
		    " FROM risk AS r LEFT JOIN treatment_action AS a ON a.risk = r.id"
		    " WHERE a.id IS NOT NULL OR r.treatment = 'modify'"
		    " GROUP BY r.id ORDER BY r.id",
		    -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "treatment plan", err);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rtp_risk *r;
		if (*count == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			*risks = xrealloc(*risks, alloc * sizeof(**risks));
		}
		r = &(*risks)[(*count)++];
		memset(r, 0, sizeof(*r));
		r->risk = sqlite3_column_int64(st, 0);
		r->title = xstrdup((const char *)sqlite3_column_text(st, 1));
		r->level = sqlite3_column_text(st, 2)
				   ? xstrdup((const char *)sqlite3_column_text(st, 2))
				   : NULL;
		r->actions = sqlite3_column_int(st, 3);
		r->done = sqlite3_column_int(st, 4);
		r->cancelled = sqlite3_column_int(st, 5);
		r->overdue = sqlite3_column_int(st, 6);
		if (sqlite3_column_text(st, 7))
			snprintf(r->next_due, sizeof(r->next_due), "%s", sqlite3_column_text(st, 7));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rtp_release(*risks, *count);
		*risks = NULL;
		*count = 0;
		return store_fail(ws->store, "treatment plan", err);
	}
	return IMS2_OK;
}

void rtp_release(struct rtp_risk *risks, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(risks[i].title);
		free(risks[i].level);
	}
	free(risks);
}

int rtp_first_action(struct workspace *ws, long long risk, long long *id, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT min(id) FROM treatment_action WHERE risk = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return store_fail(ws->store, "treatment plan", err);
	sqlite3_bind_int64(st, 1, risk);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_fail(ws->store, "treatment plan", err);
}
