/*
 * Certification readiness (step 4.2, clause 9 and 10 evidence): the prerequisites a
 * certification body looks for at stage 1, each passed or failed with the evidence found or
 * what is missing. The thresholds (months in operation, which nonconformity grades block)
 * are the workspace's readiness settings, seeded from data/readiness.yaml, never constants.
 */
#ifndef IMS2_READINESS_H
#define IMS2_READINESS_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/error.h"
#include "ims2/workspace.h"

struct readiness_item {
	const char *id;    /* static: "operation", "soa", ... */
	const char *title; /* static: what must hold */
	const char *label; /* static: a few words for narrow places (the board) */
	bool pass;
	char *detail; /* the evidence found, or what is missing; allocated */
};

struct readiness {
	char today[11];   /* the date judged at (YYYY-MM-DD) */
	char *thresholds; /* the settings in force, as a phrase; NULL without settings */
	struct readiness_item *items;
	size_t count;
	size_t failed;
};

/*
 * Judges every prerequisite as of today (SOURCE_DATE_EPOCH in tests). The caller releases out
 * with readiness_release() whatever the result. A read that fails is IMS2_WORKSPACE: then no
 * answer is given, never a "pass".
 */
int readiness_assess(struct workspace *ws, struct readiness *out, struct ims2_error *err);
/* The same as of date (YYYY-MM-DD; IMS2_USAGE otherwise): "ready by the stage 1 audit?" */
int readiness_assess_at(struct workspace *ws, const char *date, struct readiness *out,
			struct ims2_error *err);
void readiness_release(struct readiness *r);

/* The stage 1 preparation report (`export --report readiness`): Markdown and CSV. */
int report_readiness_md(struct workspace *ws, const char *heading, FILE *out,
			struct ims2_error *err);
int report_readiness_csv(struct workspace *ws, FILE *out, struct ims2_error *err);

#endif
