#include "ims2/training.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "coreint.h"

/*
 * Who needs which competence: the holders and deputies of the roles it names (2.1), and the
 * people named on it (required_of). HAS(p, c): person p has competence c on ?1 (evidence
 * obtained by then or undated, or a session giving it held by then and passed).
 */
#define NEED_CTE                                                                               \
	"WITH need (competence, person) AS ("                                                  \
	" SELECT r.record, CAST(h.target_key AS INTEGER) FROM record_link AS r"                \
	" JOIN record_link AS h ON h.source = 'isms_role'"                                     \
	"  AND h.record = CAST(r.target_key AS INTEGER) AND h.field IN ('holder', 'deputy')"  \
	"  AND h.target = 'person'"                                                            \
	" WHERE r.source = 'competence' AND r.field = 'roles' AND r.target = 'isms_role'"      \
	" UNION SELECT r.record, CAST(r.target_key AS INTEGER) FROM record_link AS r"          \
	" WHERE r.source = 'competence' AND r.field = 'required_of' AND r.target = 'person')"
#define HAS(p, c)                                                                              \
	"(EXISTS (SELECT 1 FROM competence_evidence AS e WHERE e.person = " p                  \
	"  AND e.competence = " c " AND coalesce(e.obtained_on, '') <= ?1)"                    \
	" OR EXISTS (SELECT 1 FROM attendance AS a JOIN record_link AS g"                      \
	"  ON g.source = 'training_session' AND g.record = a.session"                          \
	"  AND g.field = 'competences' AND g.target_key = CAST(" c " AS TEXT)"                 \
	"  JOIN training_session AS s ON s.id = a.session"                                     \
	"  WHERE a.person = " p " AND a.result = 'passed' AND s.held_on <= ?1))"

/* The people who need each competence, and whether each has it (1) or not (0) on ?1. */
static const char need_sql[] =
	NEED_CTE
	" SELECT c.id, c.name, coalesce((SELECT group_concat(role, ', ') FROM (SELECT o.role"
	"  FROM record_link AS l JOIN isms_role AS o ON o.id = CAST(l.target_key AS INTEGER)"
	"  WHERE l.source = 'competence' AND l.record = c.id AND l.field = 'roles'"
	"  ORDER BY l.position)), ''), p.id, p.name, " HAS("p.id", "c.id")
	" FROM competence AS c"
	" LEFT JOIN need AS n ON n.competence = c.id"
	" LEFT JOIN person AS p ON p.id = n.person"
	" ORDER BY c.name COLLATE ims2_natural, c.id, p.name COLLATE ims2_natural, p.id";

/*
 * Per role that some competence names: each holder and deputy (none: NULL) with each
 * competence the role needs and whether they have it.
 */
static const char role_sql[] =
	"SELECT o.id, o.role, p.id, p.name, c.name, " HAS("p.id", "c.id")
	" FROM isms_role AS o"
	" JOIN record_link AS l ON l.source = 'competence' AND l.field = 'roles'"
	"  AND l.target = 'isms_role' AND l.target_key = CAST(o.id AS TEXT)"
	" JOIN competence AS c ON c.id = l.record"
	" LEFT JOIN (SELECT DISTINCT h.record AS role, CAST(h.target_key AS INTEGER) AS person"
	"  FROM record_link AS h WHERE h.source = 'isms_role' AND h.field IN ('holder', 'deputy')"
	"  AND h.target = 'person') AS rp ON rp.role = o.id"
	" LEFT JOIN person AS p ON p.id = rp.person"
	" ORDER BY o.role COLLATE ims2_natural, o.id, p.name COLLATE ims2_natural, p.id,"
	" c.name COLLATE ims2_natural, c.id";

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

/* Appends competence to the person's part of role->missing: "Ada (A, B); Bo (C)". */
static void add_missing(struct training_role *role, const char *person, const char *competence,
			bool same_person)
{
	char *old = role->missing;

	if (same_person) {
		/* Reopens "Ada (A)" to "Ada (A, B)". */
		old[strlen(old) - 1] = '\0';
		role->missing = xasprintf("%s, %s)", old, competence);
	} else {
		role->missing = xasprintf("%s%s%s (%s)", old, *old ? "; " : "", person, competence);
	}
	free(old);
}

/* Reads, per role that a competence names, how many of its holders and deputies have all. */
static int read_roles(struct store *store, const char *today, struct training_coverage *out,
		      struct ims2_error *err)
{
	sqlite3_stmt *st;
	long long role = 0, person = 0;
	bool person_lacks = false, person_listed = false;
	int rc;

	if (sqlite3_prepare_v2(store_db(store), role_sql, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(store, "the training coverage by role", err);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct training_role *r;
		if (!out->role_count || sqlite3_column_int64(st, 0) != role) {
			out->by_role = xrealloc(out->by_role,
						(out->role_count + 1) * sizeof(*out->by_role));
			r = &out->by_role[out->role_count++];
			r->role = xstrdup((const char *)sqlite3_column_text(st, 1));
			r->missing = xstrdup("");
			r->people = r->ready = 0;
			role = sqlite3_column_int64(st, 0);
			person = 0;
		}
		r = &out->by_role[out->role_count - 1];
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		if (sqlite3_column_int64(st, 2) != person) {
			/* A new holder or deputy: ready until a competence is found missing. */
			person = sqlite3_column_int64(st, 2);
			person_lacks = person_listed = false;
			r->people++;
			r->ready++;
		}
		if (!sqlite3_column_int(st, 5)) {
			if (!person_lacks)
				r->ready--;
			person_lacks = true;
			add_missing(r, (const char *)sqlite3_column_text(st, 3),
				    (const char *)sqlite3_column_text(st, 4), person_listed);
			person_listed = true;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? IMS2_OK
				 : store_read_fail(store, "the training coverage by role", err);
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
	if ((rc = read_needs(ws->store, today, out, err)) ||
	    (rc = read_roles(ws->store, today, out, err)))
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
	for (i = 0; i < c->role_count; i++) {
		free(c->by_role[i].role);
		free(c->by_role[i].missing);
	}
	free(c->by_role);
	free(c->unaware);
	memset(c, 0, sizeof(*c));
}
