/*
 * The gap analysis of step 1.3: the status of each item from its maturity and target, scores
 * per clause, per Annex A theme and overall, and the coaching effort the gaps call for.
 */
#ifndef IMS2_GAP_H
#define IMS2_GAP_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/util.h"
#include "ims2/workspace.h"

enum gap_status {
	GAP_NOT_ASSESSED,
	GAP_MEETS,
	GAP_PARTIAL,
	GAP_MISSING,
	GAP_NOT_APPLICABLE,
};

/* "meets target", "partial", "missing", "not applicable", "not assessed". */
const char *gap_status_name(enum gap_status status);
/*
 * The status of an item: not applicable when it does not apply; not assessed without a
 * maturity (maturity < 0); meets target at or above it; missing at 0; partial between.
 */
enum gap_status gap_status_of(int maturity, int target, bool applicable);

/* Scores of a group of items (a clause, a theme, all clauses, all controls, everything). */
struct gap_group {
	char id[16];
	const char *title;
	int items;       /* every item of the group */
	int applicable;  /* items that apply */
	int assessed;    /* applicable items with a maturity */
	int at_target;   /* assessed items that meet their target */
	int maturity_sum, target_sum, gap_sum; /* over assessed items; gap = target - maturity >= 0 */
};

/* Average maturity of the assessed items (0 when none). */
double gap_group_maturity(const struct gap_group *g);
/* Average target of the assessed items. */
double gap_group_target(const struct gap_group *g);
/* Share of applicable items at their target, 0 to 1 (unassessed items count as not at target). */
double gap_group_share(const struct gap_group *g);

#define GAP_MAX_GROUPS 16

struct gap_summary {
	struct gap_group groups[GAP_MAX_GROUPS]; /* clauses 4-10, then the Annex A themes */
	size_t group_count;
	struct gap_group clauses, controls, overall;
	int default_target;
	double effort_days;    /* the estimate, at most the ceiling */
	double effort_uncapped;
	bool effort_capped;
};

/* Scores the whole assessment in one pass over the items. */
int gap_summarise(struct workspace *ws, struct gap_summary *out, struct ims2_error *err);
/*
 * The effort in days for gap points of clause and control items: weighted sum, capped at the
 * ceiling. *capped tells whether the ceiling applied.
 */
double gap_effort(const struct maturity *m, int clause_gap, int control_gap, bool *capped);

/*
 * A bar of width cells for value out of max, with eighth blocks (or '#' when ascii), into sb.
 */
void gap_bar(struct strbuf *sb, double value, double max, int width, bool ascii);

/*
 * Registry hook (src/core/registry.c): one gap item per clause requirement and Annex A
 * control, and the singleton of the assessment settings; rows already there are kept.
 */
int gap_seed(struct workspace *ws, const char *data_dir, struct ims2_error *err);

/*
 * The gap interview (src/ui/interview.c). gap_interview_items gives the ids of every gap item
 * in order (*ids allocated, caller frees) and *at the index where the last interview stopped
 * (0 when none). gap_interview_set_position remembers that place by item id ("A.5.1"): a
 * cursor kept with the gap settings, not a finding, so it is not in the change log and does
 * not date the reports. gap_next_unanswered finds the next (dir 1) or previous (dir -1)
 * applicable item without maturity after record from, wrapping once; *found is 0 when every
 * applicable item has an answer.
 */
int gap_interview_items(struct workspace *ws, long long **ids, size_t *count, size_t *at,
			struct ims2_error *err);
int gap_interview_set_position(struct workspace *ws, const char *item, struct ims2_error *err);
int gap_next_unanswered(struct workspace *ws, long long from, int dir, long long *found,
			struct ims2_error *err);

#endif
