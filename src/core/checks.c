#include "ims2/checks.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/soa.h"

/* 1.1: the plan must allow for the team's absences. */
static int milestones_in_absences(struct workspace *ws, struct strbuf *out)
{
	sqlite3_stmt *st;
	int count = 0;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT m.name, m.due_date, p.name, a.start_date, a.end_date "
			       "FROM milestone AS m JOIN member_absence AS a ON a.member = m.owner "
			       "JOIN project_member AS p ON p.id = m.owner "
			       "WHERE m.due_date BETWEEN a.start_date AND a.end_date "
			       "AND m.status <> 'done' ORDER BY m.due_date, m.id, a.start_date",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		strbuf_addf(out, "Milestone '%s' (due %s) falls in %s's absence, %s to %s.\n",
			    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			    sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
			    sqlite3_column_text(st, 4));
		count++;
	}
	sqlite3_finalize(st);
	return count;
}

/* 1.8: the completeness check of the Statement of Applicability. */
static int soa_incomplete(struct workspace *ws, struct strbuf *out)
{
	struct soa_finding *found;
	struct ims2_error err;
	size_t count, i;

	if (soa_check(ws, &found, &count, &err))
		return 0;
	for (i = 0; i < count; i++)
		strbuf_addf(out, "%s: %s.\n", found[i].control, found[i].problem);
	free(found);
	return (int)count;
}

static const struct {
	const char *step;
	int (*run)(struct workspace *ws, struct strbuf *out);
} check_table[] = {
	{ "1.1", milestones_in_absences },
	{ "1.8", soa_incomplete },
};

int checks_run(struct workspace *ws, const char *step, struct strbuf *out)
{
	size_t i;
	int count = 0;

	for (i = 0; i < sizeof(check_table) / sizeof(check_table[0]); i++)
		if (strcmp(check_table[i].step, step) == 0)
			count += check_table[i].run(ws, out);
	return count;
}
