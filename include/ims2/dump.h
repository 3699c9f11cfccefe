/*
 * The whole workspace as one YAML file that `ims2 import` restores into a new workspace
 * (ims2 dump, README.md "Backup and move"): the step states and checklists, then every
 * register's records in an order import can read (a register after those it refers to),
 * every field given, references by the referred record's label.
 */
#ifndef IMS2_DUMP_H
#define IMS2_DUMP_H
#include "ims2/error.h"
#include "ims2/util.h"
#include "ims2/workspace.h"
#include <stdio.h>

/*
 * Appends text to sb as a YAML scalar that reads back as exactly text: plain where nothing
 * could be misread, a literal block (at indent spaces) for lines of printable text, else
 * double-quoted with every control character, line or paragraph separator and bidi control
 * escaped (so that the file holds none of them).
 */
void dump_yaml_scalar(struct strbuf *sb, const char *text, int indent);

/*
 * Writes the dump of ws to the file path (output.h: never the workspace, replaced whole) or to
 * out when path is NULL. A value that is not valid UTF-8 is IMS2_WORKSPACE (damaged): no
 * partial file is left. warnings (may be NULL) gets a line for each thing the file holds that
 * import will not read back as it was: a label no record can be found by (shared, holding a
 * comma, digits alone), records that name each other in a circle.
 */
int dump_run(struct workspace *ws, const char *path, FILE *out, struct strbuf *warnings,
	     struct ims2_error *err);
#endif
