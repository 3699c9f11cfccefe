/*
 * Control designs of step 2.3 (src/core/controldesign.c): the SoA implementation status
 * follows from a control's design.
 */
#ifndef IMS2_CONTROLDESIGN_H
#define IMS2_CONTROLDESIGN_H

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

/* The SoA status a design status gives ("operating" -> "implemented"), NULL for none. */
const char *control_design_soa_status(const char *design_status);

/*
 * The derive hook of control_design (src/core/registry.c): the control normalised to one
 * Annex A id, and its SoA entry's status set from the design's status.
 */
int control_design_derive(struct store *store, const struct reg *reg, const char **values,
			  char **owned, struct ims2_error *err);

/*
 * The derive hook of soa_entry (src/core/registry.c): a control with a design in 2.3 has the
 * status its design gives, whatever the SoA form or :prefill wrote (as a risk's level follows
 * from its method); one without keeps the status entered in 1.8.
 */
int control_design_derive_soa(struct store *store, const struct reg *reg, const char **values,
			      char **owned, struct ims2_error *err);

#endif
