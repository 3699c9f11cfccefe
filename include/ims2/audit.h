/*
 * 3.2 internal audit (screens/3.2.yaml): the rules on save that need more than a field, hooks
 * of src/core/registry.c. The declared checks (an auditor auditing their own work, a
 * requirement or applicable control not audited within the programme, a programme with no
 * audit held) are queries in the screen file.
 */
#ifndef IMS2_AUDIT_H
#define IMS2_AUDIT_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"
#include "ims2/workspace.h"

/* An audit programme: a cycle of at most three years. */
int audit_derive_programme(struct store *store, const struct reg *reg, const char **values,
			   char **owned, struct ims2_error *err);
/* An audit: none of its auditors among its auditees (IMS2_INVALID on the field auditees). */
int audit_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		 struct ims2_error *err);
/*
 * Adds to the checklist of an audit (which: its number or title; NULL or "" for every audit
 * not cancelled) one line "not checked" per clause or control of its scope that has none, in
 * one transaction; *added says how many. IMS2_USAGE when no audit has that number or title.
 */
int audit_checklist(struct workspace *ws, const char *which, int *added, struct ims2_error *err);

/*
 * The checklist lines (ids) of audit (0: of every audit) in the order the fast checklist view
 * shows them: audits by date, lines by clause and control; *at is the first line not checked
 * (0 when all are). free(*ids).
 */
int audit_checklist_lines(struct workspace *ws, long long audit, long long **ids, size_t *count,
			  size_t *at, struct ims2_error *err);

/* What the fast checklist view shows of line id besides its own fields. */
struct audit_line {
	long long audit;
	char audit_title[128], item[16], title[160];
	bool control;      /* an Annex A control, else a clause requirement */
	int lines, checked; /* of its audit: lines, and those with a result */
};
int audit_checklist_line(struct workspace *ws, long long id, struct audit_line *out,
			 struct ims2_error *err);

/* Each audit not cancelled, by date, with its checklist lines checked; free(*rows). */
struct audit_progress {
	char title[128];
	int lines, checked, nonconforming;
};
int audit_checklist_progress(struct workspace *ws, struct audit_progress **rows, size_t *count,
			     struct ims2_error *err);

/*
 * The audit report (report_audit.c): each programme with its coverage of the clauses 4-10 and
 * the applicable controls by audits held, then each audit with its scope, criteria, people,
 * checklist, findings by grade and conclusion.
 */
int audit_report_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
/*
 * One audit's report as a whole document (`export --report audit --id N`): the same section
 * as in the audit report, after the metadata block. IMS2_USAGE, nothing written, for an id
 * that is not a number or names no audit.
 */
int audit_report_one_md(struct workspace *ws, const char *id, FILE *out, struct ims2_error *err);
/* One CSV row per finding, with its audit. */
int audit_report_csv(struct workspace *ws, FILE *out, struct ims2_error *err);

#endif
