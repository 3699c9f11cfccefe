#include "ims2/gap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coreint.h"

static const char *const status_names[] = { "not assessed", "meets target", "partial", "missing",
					    "not applicable" };

const char *gap_status_name(enum gap_status status)
{
	return status_names[status];
}

enum gap_status gap_status_of(int maturity, int target, bool applicable)
{
	if (!applicable)
		return GAP_NOT_APPLICABLE;
	if (maturity < 0)
		return GAP_NOT_ASSESSED;
	if (maturity >= target)
		return GAP_MEETS;
	return maturity == 0 ? GAP_MISSING : GAP_PARTIAL;
}

double gap_group_maturity(const struct gap_group *g)
{
	return g->assessed ? (double)g->maturity_sum / g->assessed : 0;
}

double gap_group_target(const struct gap_group *g)
{
	return g->assessed ? (double)g->target_sum / g->assessed : 0;
}

double gap_group_share(const struct gap_group *g)
{
	return g->applicable ? (double)g->at_target / g->applicable : 0;
}

double gap_effort(const struct maturity *m, int clause_gap, int control_gap, bool *capped)
{
	double days = clause_gap * m->clause_days + control_gap * m->control_days;

	*capped = days > m->ceiling_days;
	return *capped ? m->ceiling_days : days;
}

static void add_item(struct gap_group *g, int maturity, int target, bool applicable)
{
	g->items++;
	if (!applicable)
		return;
	g->applicable++;
	if (maturity < 0)
		return;
	g->assessed++;
	g->maturity_sum += maturity;
	g->target_sum += target;
	g->gap_sum += target > maturity ? target - maturity : 0;
	g->at_target += maturity >= target;
}

/* The group of an item, created in catalog order on first use. */
static struct gap_group *group_for(struct gap_summary *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->group_count; i++)
		if (strcmp(s->groups[i].id, id) == 0)
			return &s->groups[i];
	return NULL;
}

static void init_groups(struct workspace *ws, struct gap_summary *s)
{
	const struct catalog *cat = &ws->catalog;
	size_t i;

	for (i = 0; i < cat->clause_count && s->group_count < GAP_MAX_GROUPS; i++) {
		if (cat->clauses[i].parent)
			continue;
		snprintf(s->groups[s->group_count].id, sizeof(s->groups[0].id), "%s",
			 cat->clauses[i].id);
		s->groups[s->group_count++].title = cat->clauses[i].title;
	}
	for (i = 0; i < cat->theme_count && s->group_count < GAP_MAX_GROUPS; i++) {
		snprintf(s->groups[s->group_count].id, sizeof(s->groups[0].id), "%s",
			 cat->themes[i].id);
		s->groups[s->group_count++].title = cat->themes[i].name;
	}
	snprintf(s->clauses.id, sizeof(s->clauses.id), "clauses");
	s->clauses.title = "Clauses 4 to 10";
	snprintf(s->controls.id, sizeof(s->controls.id), "annex-a");
	s->controls.title = "Annex A controls";
	snprintf(s->overall.id, sizeof(s->overall.id), "overall");
	s->overall.title = "Overall";
}

int gap_summarise(struct workspace *ws, struct gap_summary *out, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	init_groups(ws, out);
	out->default_target = ws->catalog.maturity.default_target;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT default_target FROM gap_settings WHERE id = 1", -1, &st,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			out->default_target = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT kind, grp, coalesce(maturity, -1), coalesce(target, ?), "
			       "applicable <> 'no' FROM gap_item ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "gap analysis", err);
	sqlite3_bind_int(st, 1, out->default_target);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool control = strcmp((const char *)sqlite3_column_text(st, 0), "control") == 0;
		struct gap_group *g = group_for(out, (const char *)sqlite3_column_text(st, 1));
		int maturity = sqlite3_column_int(st, 2), target = sqlite3_column_int(st, 3);
		bool applicable = sqlite3_column_int(st, 4);

		if (g)
			add_item(g, maturity, target, applicable);
		add_item(control ? &out->controls : &out->clauses, maturity, target, applicable);
		add_item(&out->overall, maturity, target, applicable);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(ws->store, "gap analysis", err);
	out->effort_uncapped = out->clauses.gap_sum * ws->catalog.maturity.clause_days +
			       out->controls.gap_sum * ws->catalog.maturity.control_days;
	out->effort_days = gap_effort(&ws->catalog.maturity, out->clauses.gap_sum,
				      out->controls.gap_sum, &out->effort_capped);
	return IMS2_OK;
}

void gap_bar(struct strbuf *sb, double value, double max, int width, bool ascii)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int cells = max > 0 ? (int)(value / max * width * 8 + 0.5) : 0, i;

	if (cells < 0)
		cells = 0;
	if (cells > width * 8)
		cells = width * 8;
	for (i = 0; i < cells / 8; i++)
		strbuf_adds(sb, ascii ? "#" : "█");
	if (cells % 8)
		strbuf_adds(sb, ascii ? (cells % 8 >= 4 ? "#" : "") : eighths[cells % 8]);
	for (i = cells / 8 + (cells % 8 && (!ascii || cells % 8 >= 4)); i < width; i++)
		strbuf_adds(sb, " ");
}

int gap_interview_items(struct workspace *ws, long long **ids, size_t *count, size_t *at,
			struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*ids = NULL;
	*count = *at = 0;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT g.id, g.item = s.interview_at FROM gap_item AS g "
			       "LEFT JOIN gap_settings AS s ON s.id = 1 ORDER BY g.id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "gap analysis", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*count + 1) * sizeof(**ids));
		if (sqlite3_column_int(st, 1))
			*at = *count;
		(*ids)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return IMS2_OK;
	free(*ids);
	*ids = NULL;
	*count = *at = 0;
	return store_fail(ws->store, "gap analysis", err);
}

int gap_interview_set_position(struct workspace *ws, const char *item, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (store_readonly(ws->store))
		return IMS2_OK; /* a cursor: nothing is lost when it cannot be kept */
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "UPDATE gap_settings SET interview_at = ? WHERE id = 1", -1, &st,
			       NULL) != SQLITE_OK)
		return store_fail(ws->store, "gap analysis", err);
	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(ws->store, "gap analysis", err);
	sqlite3_finalize(st);
	return rc;
}

int gap_next_unanswered(struct workspace *ws, long long from, int dir, long long *found,
			struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       dir > 0 ? "SELECT id FROM gap_item WHERE maturity IS NULL AND "
					 "applicable <> 'no' ORDER BY id > ?1 DESC, id ASC LIMIT 1"
				       : "SELECT id FROM gap_item WHERE maturity IS NULL AND "
					 "applicable <> 'no' ORDER BY id < ?1 DESC, id DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "gap analysis", err);
	sqlite3_bind_int64(st, 1, from);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*found = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? IMS2_OK
						      : store_fail(ws->store, "gap analysis", err);
}

/* One gap item (inside the caller's transaction). */
static int seed_item(struct workspace *ws, sqlite3_stmt *st, const char *item, const char *kind,
		     const char *grp, const char *title, struct ims2_error *err)
{
	int rc;

	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK
					     : store_fail(ws->store, "seeding the gap analysis", err);
	sqlite3_reset(st);
	return rc;
}

int gap_seed(struct workspace *ws, const char *data_dir, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = IMS2_OK;

	(void)data_dir;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "INSERT OR IGNORE INTO gap_item (item, kind, grp, title) "
			       "VALUES (?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "seeding the gap analysis", err);
	for (i = 0; !rc && i < ws->catalog.clause_count; i++) {
		const struct clause *c = &ws->catalog.clauses[i];
		char top[8];
		if (!c->requirement)
			continue;
		snprintf(top, sizeof(top), "%.*s", (int)strcspn(c->id, "."), c->id);
		rc = seed_item(ws, st, c->id, "clause", top, c->title, err);
	}
	for (i = 0; !rc && i < ws->catalog.control_count; i++) {
		const struct control *c = &ws->catalog.controls[i];
		char *id = xasprintf("A.%s", c->id);
		rc = seed_item(ws, st, id, "control", c->theme, c->title, err);
		free(id);
	}
	sqlite3_finalize(st);
	if (!rc && sqlite3_exec(store_db(ws->store),
				"INSERT OR IGNORE INTO gap_settings (id) VALUES (1)", NULL, NULL,
				NULL) != SQLITE_OK)
		rc = store_fail(ws->store, "seeding the gap analysis", err);
	return rc;
}
