/*
 * 3.3 management review (screens/3.3.yaml): the rule on save that a review is not dated before
 * an audit it reviews (a hook of src/core/registry.c), and the review pack with the inputs
 * of clause 9.3.2 as of the review's date (src/core/report_review.c).
 */
#ifndef IMS2_REVIEW_H
#define IMS2_REVIEW_H

#include <stdio.h>

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"
#include "ims2/workspace.h"

/* A review: dated on or after the day each audit it reviews was held (or is planned). */
int review_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		  struct ims2_error *err);

/*
 * The inputs of clause 9.3.2 as of date (YYYY-MM-DD), one section per input under heading,
 * collected from the workspace (report_review.c), records dated after date left out: a) the
 * decisions of earlier reviews with their status on that date; b) each record of the context
 * (1.2) added or changed since prev (the previous review's date, "" for none: then the context
 * counted per register), from the change log; c) the trend of nonconformities since prev, the
 * nonconformities of 4.1 with their status and corrective actions on that date, and those
 * found by audits held by then; d) the last measurement of each indicator on or before it;
 * e) the audits held by then with their findings counted by grade; f) each objective with
 * the last value of its indicators; g) complaints and proposals of interested parties
 * received since prev; h) the risks assessed by then by level, and the registers of risks
 * and treatment actions; i) the improvements of 4.2 raised by then and the observations and
 * opportunities of audits held by then.
 */
int review_inputs_md(struct workspace *ws, const char *date, const char *prev, const char *heading,
		     FILE *out, struct ims2_error *err);
/* The reviews in date order, each with its inputs and, once held, minutes and decisions. */
int review_report_md(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
/* One CSV row per decision of each review (a review without decisions: one row). */
int review_report_csv(struct workspace *ws, FILE *out, struct ims2_error *err);

#endif
