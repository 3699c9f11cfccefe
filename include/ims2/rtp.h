/*
 * The risk treatment plan (steps 1.7 and 2.6): the actions of each risk, their progress and
 * the ones past their due date.
 */
#ifndef IMS2_RTP_H
#define IMS2_RTP_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/workspace.h"

/* The progress of one risk's actions. */
struct rtp_risk {
	long long risk;
	char *title, *level; /* the risk's title and inherent level (may be NULL) */
	int actions, done, cancelled, overdue;
	char next_due[11]; /* the earliest due date of an open action, or "" */
};

/*
 * Reads the progress of every risk that has actions or is to be modified (actions 0: a risk
 * to modify with no action yet, which the plan must show), in risk order. An action is overdue when
 * it is neither done nor cancelled and its due date is before today (today: YYYY-MM-DD).
 * *risks is allocated; free with rtp_release().
 */
int rtp_progress(struct workspace *ws, const char *today, struct rtp_risk **risks, size_t *count,
		 struct ims2_error *err);
void rtp_release(struct rtp_risk *risks, size_t count);
/* The first treatment action of risk (lowest id) in *id, 0 when it has none. */
int rtp_first_action(struct workspace *ws, long long risk, long long *id, struct ims2_error *err);
/*
 * Percent of the risk's actions done, cancelled ones left out (100 when all were cancelled,
 * 0 when it has none).
 */
int rtp_percent(const struct rtp_risk *r);
/* True when an action with this status and due date is overdue on today. */
bool rtp_overdue(const char *status, const char *due_date, const char *today);
/* Today's date (SOURCE_DATE_EPOCH when set) as YYYY-MM-DD. */
void rtp_today(char today[11]);

#endif
