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
/* One step; IMS2_USAGE for an unknown step id. */
int report_step(struct workspace *ws, const char *step, FILE *out, struct ims2_error *err);

#endif
