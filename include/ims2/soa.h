/*
 * The Statement of Applicability of step 1.8: its completeness check and its prefill from
 * the gap analysis.
 */
#ifndef IMS2_SOA_H
#define IMS2_SOA_H

#include <stddef.h>

#include "ims2/util.h"
#include "ims2/workspace.h"

/*
 * How many risks chose each Annex A control, from one pass over the risk register:
 * counts[i] for catalog.controls[i]. Caller frees.
 */
int *soa_risk_counts(struct workspace *ws);
/*
 * The ids of the risks that chose each control, "3, 7, 12" (at most 20, then "..."):
 * ids[i] for catalog.controls[i], NULL where none did. Free with soa_risk_ids_free().
 */
char **soa_risk_ids(struct workspace *ws);
void soa_risk_ids_free(struct workspace *ws, char **ids);
/* The catalog index of an SoA control id ("A.5.1"), or -1. */
int soa_control_index(const struct catalog *cat, const char *control);

struct soa_finding {
	const char *table;   /* static: soa_entry, or soa_other_control (other sources) */
	long long id;        /* the record of that table */
	char control[16];    /* "A.5.1" */
	const char *problem; /* static text */
};

/*
 * Lists every control that lacks a decision, the justification of an exclusion, the status of
 * an applicable control, or a reason for including it: the 93 of Annex A in control order,
 * then the controls from other sources. *findings is allocated (caller frees); *count may be 0.
 */
/* Registry hook (src/core/registry.c): one SoA entry per Annex A control, rows kept. */
int soa_seed(struct workspace *ws, const char *data_dir, struct ims2_error *err);

/* The soa_entry record of control ("A.5.1") in *id; IMS2_INVALID when there is none. */
int soa_entry_id(struct workspace *ws, const char *control, long long *id, struct ims2_error *err);

int soa_check(struct workspace *ws, struct soa_finding **findings, size_t *count,
	      struct ims2_error *err);

/*
 * A control from another source may not take the id of an Annex A control ("5.1", "A.5.1"):
 * IMS2_INVALID with a message that says so.
 */
int soa_check_other_id(struct store *store, const char *id, struct ims2_error *err);
/* Registry hook (src/core/registry.c): a control from another source is checked so on save. */
int soa_derive_other(struct store *store, const struct reg *reg, const char **values,
		     char **owned, struct ims2_error *err);

/*
 * Fills the undecided controls from their gap answers, in one transaction: not applicable in
 * the gap analysis gives an exclusion (its notes as the justification); a maturity gives an
 * applicable control with a status (0 not implemented, 1-2 partially implemented, 3-5
 * implemented) and the gap evidence. *filled is the number of controls changed.
 */
int soa_prefill(struct workspace *ws, int *filled, struct ims2_error *err);

/* The status the gap maturity suggests. */
const char *soa_status_for_maturity(int maturity);

#endif
