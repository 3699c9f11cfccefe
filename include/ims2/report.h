/*
 * Markdown reports: the whole-ISMS dossier and the export of one step. Output is
 * deterministic: the same workspace gives the same bytes (records in id order, the date of
 * the last change rather than today's).
 */
#ifndef IMS2_REPORT_H
#define IMS2_REPORT_H

#include <stdio.h>

#include "ims2/workspace.h"

int report_dossier(struct workspace *ws, FILE *out, struct ims2_error *err);

enum report_format { REPORT_MD, REPORT_CSV };
/*
 * A named report ("gap", "soa", "dossier") in a format. IMS2_USAGE for an unknown name, or a
 * format the report does not have (the dossier is Markdown only).
 */
int report_named(struct workspace *ws, const char *name, enum report_format format, FILE *out,
		 struct ims2_error *err);

/*
 * The report of one record of a named report (`--report audit --id N`): a whole Markdown
 * document. IMS2_USAGE when the report has no such form, and (from the report) for an id
 * naming no record, before anything is written.
 */
int report_named_one(struct workspace *ws, const char *name, const char *id, FILE *out,
		     struct ims2_error *err);
/* IMS2_USAGE when report name has no report of one record, or not in format. */
int report_check_one(const char *name, enum report_format format, struct ims2_error *err);
/* IMS2_USAGE, with the reports listed, for an unknown name or a format the report lacks. */
int report_check(const char *name, enum report_format format, struct ims2_error *err);
/* The title of a named report ("Gap analysis"); "the dossier" for the dossier. */
const char *report_title(const char *name);
/*
 * The named report a step exports by default: the one whose register the step holds ("gap" in
 * 1.3, "soa" in 1.8), or NULL (the step's own report).
 */
const char *report_for_step(struct workspace *ws, const char *step);

/* The report bodies the dossier embeds in its steps (report_gap.c, report_soa.c). */
int report_gap_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
/*
 * A register hook (src/core/registry.c) for registers whose records another register's section
 * shows (gap sessions in the gap report, scales and rounds in the risks report): no section.
 */
int report_shown_elsewhere_md(struct workspace *ws, const char *heading, FILE *out,
			      struct ims2_error *err);
int report_gap_csv(struct workspace *ws, FILE *out, struct ims2_error *err);
int report_soa_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
int report_soa_csv(struct workspace *ws, FILE *out, struct ims2_error *err);
/* The bodies of risk assessment (1.7) and the treatment plan (2.6) (report_risk.c). */
int report_risks_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
int report_risks_csv(struct workspace *ws, FILE *out, struct ims2_error *err);
int report_rtp_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
int report_rtp_csv(struct workspace *ws, FILE *out, struct ims2_error *err);
/* The YAML metadata block every Markdown report starts with. */
/* The auditor's evidence index of clauses 4-10 and the applicable controls (report_evidence.c). */
int report_evidence_md(struct workspace *ws, const char *heading, FILE *out,
		       struct ims2_error *err);
int report_evidence_csv(struct workspace *ws, FILE *out, struct ims2_error *err);
/* The required documented information of 2.2 with the approved documents meeting each. */
int report_required_documents_md(struct workspace *ws, const char *heading, FILE *out,
				 struct ims2_error *err);
/* 4.1: every nonconformity with its actions and effectiveness review (report_nc.c). */
int report_nc_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
int report_nc_csv(struct workspace *ws, FILE *out, struct ims2_error *err);
void report_metadata(struct workspace *ws, const char *title, FILE *out);
/*
 * The same for a document with its own version (the SoA): `version` is that version
 * (may be NULL: then as report_metadata()), and ims2's version goes under `generator`.
 */
void report_metadata_version(struct workspace *ws, const char *title, const char *version,
			     FILE *out);
/* The SoA's approved version, or "draft, not approved" (report_soa.c). Caller frees. */
char *report_soa_version(struct workspace *ws);
/*
 * Writes the rows of sql (read-only; :date and :prev bound to date and prev when it uses
 * them) as a Markdown table under head (count columns, at most 16), or `empty` in italics
 * when it returns none (nothing when empty is NULL) (report_query.c).
 */
int report_query_md(struct workspace *ws, const char *sql, const char *date, const char *prev,
		    const char *const *head, int count, const char *empty, FILE *out,
		    struct ims2_error *err);
/* The rows of sql as CSV under the header row head (count columns, at most 16). */
int report_query_csv(struct workspace *ws, const char *sql, const char *const *head, int count,
		     FILE *out, struct ims2_error *err);
/* One step; IMS2_USAGE for an unknown step id. */
int report_step(struct workspace *ws, const char *step, FILE *out, struct ims2_error *err);
/*
 * A step's registers as CSV, one after another: a line with the register's title, a line of
 * column names (id first), its records (references as labels), then a blank line.
 */
int report_step_csv(struct workspace *ws, const char *step, FILE *out, struct ims2_error *err);

/*
 * The nonconformities raised from record id of table (an audit finding, incident, review
 * decision or measurement: their source_* links, step 4.1) as "'title' (grade, status); ...";
 * *text is NULL when there are none, else the caller frees it.
 */
int report_nc_raised_from(struct workspace *ws, const char *table, long long id, char **text,
			  struct ims2_error *err);

#endif
