#include "ims2/training.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "coreint.h"

/*
 * The people who need each competence, and whether each has it (1) or not (0) on ?1: evidence
 * obtained by then (or undated), or a session giving it held by then and passed.
 */
static const char need_sql[] =
	"SELECT c.id, c.name, coalesce(c.roles, ''), p.id, p.name,"
	" EXISTS (SELECT 1 FROM competence_evidence AS e WHERE e.person = p.id"
	"         AND e.competence = c.id AND coalesce(e.obtained_on, '') <= ?1)"
	" OR EXISTS (SELECT 1 FROM attendance AS a JOIN record_link AS g"
	"         ON g.source = 'training_session' AND g.record = a.session"
	"         AND g.field = 'competences' AND g.target_key = CAST(c.id AS TEXT)"
	"         JOIN training_session AS s ON s.id = a.session"
	"         WHERE a.person = p.id AND a.result = 'passed' AND s.held_on <= ?1)"
	" FROM competence AS c"
	" LEFT JOIN record_link AS r ON r.source = 'competence' AND r.record = c.id"
	"  AND r.field = 'required_of' AND r.target = 'person'"
	" LEFT JOIN person AS p ON p.id = CAST(r.target_key AS INTEGER)"
	" ORDER BY c.name COLLATE ims2_natural, c.id, p.name COLLATE ims2_natural";

/* Every attendee, and whether they attended an awareness session in the 12 months to ?1. */
static const char aware_sql[] =
	"SELECT p.name, EXISTS (SELECT 1 FROM attendance AS b"
	"  JOIN training_session AS s ON s.id = b.session"
	"  WHERE b.person = p.id AND s.kind = 'awareness' AND b.result IN ('attended', 'passed')"
	"  AND s.held_on > date(?1, '-12 months') AND s.held_on <= ?1)"
	" FROM person AS p WHERE p.id IN (SELECT person FROM attendance)"
	" ORDER BY p.name COLLATE ims2_natural";

static void add_name(char **list, const char *name)
{
	char *old = *list;

	*list = xasprintf("%s%s%s", old ? old : "", old && *old ? ", " : "", name);
	free(old);
}

int training_percent(int part, int whole)
{
	return whole ? (int)((part * 100LL + whole / 2) / whole) : 100;
}

/* Reads who needs what on today; people and complete count each person once. */
static int read_needs(struct store *store, const char *today, struct training_coverage *out,
		      struct ims2_error *err)
{
	sqlite3 *db = store_db(store);
	sqlite3_stmt *st;
	/* Per person: needs anything (bit 1), lacks something (bit 2); indexed by id below. */
	struct {
		long long id;
		int lacks;
	} *seen = NULL;
	size_t nseen = 0, i;
	long long last = 0;
	int rc;

	if (sqlite3_prepare_v2(db, need_sql, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(store, "the training coverage", err);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long c = sqlite3_column_int64(st, 0);
		struct training_row *row;
		if (c != last || !out->count) {
			out->rows = xrealloc(out->rows, (out->count + 1) * sizeof(*out->rows));
			row = &out->rows[out->count++];
			row->competence = xstrdup((const char *)sqlite3_column_text(st, 1));
			row->roles = xstrdup((const char *)sqlite3_column_text(st, 2));
			row->required = row->covered = 0;
			row->missing = xstrdup("");
			last = c;
		}
		row = &out->rows[out->count - 1];
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue;
		row->required++;
		for (i = 0; i < nseen && seen[i].id != sqlite3_column_int64(st, 3); i++)
			;
		if (i == nseen) {
			seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
			seen[nseen].id = sqlite3_column_int64(st, 3);
			seen[nseen++].lacks = 0;
		}
		if (sqlite3_column_int(st, 5)) {
			row->covered++;
		} else {
			seen[i].lacks = 1;
			add_name(&row->missing, (const char *)sqlite3_column_text(st, 4));
		}
	}
	sqlite3_finalize(st);
	out->people = (int)nseen;
	for (i = 0; i < nseen; i++)
		out->complete += !seen[i].lacks;
	free(seen);
	if (rc != SQLITE_DONE)
		return store_read_fail(store, "the training coverage", err);
	return IMS2_OK;
}

int training_people_complete(struct store *store, const char *today, int *people, int *complete,
			     struct ims2_error *err)
{
	struct training_coverage c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = read_needs(store, today, &c, err);
	*people = c.people;
	*complete = c.complete;
	training_coverage_release(&c);
	return rc;
}

int training_coverage_read(struct workspace *ws, const char *today, struct training_coverage *out,
			   struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	out->unaware = xstrdup("");
	if ((rc = read_needs(ws->store, today, out, err)))
		return rc;
	if (sqlite3_prepare_v2(store_db(ws->store), aware_sql, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "the awareness coverage", err);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->attendees++;
		if (sqlite3_column_int(st, 1))
			out->aware++;
		else
			add_name(&out->unaware, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_read_fail(ws->store, "the awareness coverage", err);
	return IMS2_OK;
}

void training_coverage_release(struct training_coverage *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		free(c->rows[i].competence);
		free(c->rows[i].roles);
		free(c->rows[i].missing);
	}
	free(c->rows);
	free(c->unaware);
	memset(c, 0, sizeof(*c));
}
