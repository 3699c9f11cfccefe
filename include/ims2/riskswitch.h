/*
 * A change of the workspace's risk method (`:method ID`, `ims2 init --matrix`) that loses
 * nothing the user wrote. The ratings of every risk and asset under the method left are kept
 * (table rating_kept), and so are the organisation's meanings of its scale levels
 * (scale_text_kept): switching back gives them back exactly, unless a rating was edited
 * meanwhile (then the edited value is moved onto the scale in proportion, like a first visit).
 */
#ifndef IMS2_RISKSWITCH_H
#define IMS2_RISKSWITCH_H

#include <stdbool.h>

#include "ims2/screen.h"
#include "ims2/store.h"
#include "ims2/util.h"

/* What a switch changes: the figures the prompt shows before it is applied. */
struct riskswitch_summary {
	char from[64], to[64];   /* method ids */
	int risks, assets;       /* records in the registers */
	int level_changed;       /* risks whose inherent or residual level changes */
	int level_lost;          /* risks with a level before and none after */
	int undecided;           /* accepted risks above the owner's limit, no decision */
	int risks_rescaled;      /* risks whose ratings are moved onto the new scales */
	int risks_restored;      /* risks given back the ratings they had under the new method */
	int assets_rescaled;     /* assets whose C, I, A values are moved onto the impact scale */
	int assets_restored;     /* assets given back their values under the new method */
	int texts_kept;          /* the organisation's own meanings of the old scale levels */
	int texts_restored;      /* own meanings of the new method's levels written before */
	char methodology[80];    /* a term of the old method the methodology text uses, or "" */
	char criteria[80];       /* acceptance criteria naming no level of the new method, or "" */
};

/*
 * Switches the workspace to method id (read from data_dir, may be NULL, or the built-in copy)
 * in one transaction: scales and method copied in, ratings kept or mapped, levels derived
 * again. With dry_run the same work is done and rolled back, so *out says exactly what would
 * change. A read-only workspace is IMS2_READONLY and nothing is touched.
 */
int riskswitch_apply(struct store *store, const struct screen_set *set, const char *id,
		     const char *data_dir, bool dry_run, struct riskswitch_summary *out,
		     struct ims2_error *err);

/* Appends the summary as lines (one finding a line, no trailing blank line) to out. */
void riskswitch_describe(const struct riskswitch_summary *s, struct strbuf *out);

#endif
