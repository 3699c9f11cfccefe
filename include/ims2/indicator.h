/*
 * 3.1 indicators and measurements (screens/3.1.yaml): the rules on save that need the
 * workspace, hooks of src/core/registry.c. The declared checks (an indicator not measured in
 * its period, a value past its alert threshold) are queries in the screen file.
 */
#ifndef IMS2_INDICATOR_H
#define IMS2_INDICATOR_H

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

/* An indicator: its lowest value not above its highest; target and alert on that scale. */
int indicator_derive(struct store *store, const struct reg *reg, const char **values, char **owned,
		     struct ims2_error *err);
/* A measurement: its value on its indicator's scale (IMS2_INVALID on the field value). */
int indicator_derive_measurement(struct store *store, const struct reg *reg, const char **values,
				 char **owned, struct ims2_error *err);

#endif
