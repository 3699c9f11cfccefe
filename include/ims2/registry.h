/*
 * The registry of register behaviour: what a register does beyond its declared fields.
 *
 * A plain register needs nothing here: a migration (src/core/migrate.c) and a screen file
 * (screens/<step>.yaml) are enough, and generic code (record.c, report.c, the table and form
 * of src/ui) handles it. A register with behaviour of its own gets one row in the table of
 * src/core/registry.c, keyed by its table name, pointing at hooks that live in a file named
 * after the register or feature (riskreg.c, report_gap.c, ...). Generic modules ask the
 * registry; they never compare a table or step name themselves.
 *
 * What the interface adds for a register lives in src/ui, which the core cannot see: special
 * panes in pane_registry (src/ui/panes.c, named by `views:` in the screen file) and `:`
 * commands in command_table (src/ui/commands.c, limited to the step that declares a given
 * register). ARCHITECTURE.md has the whole map.
 */
#ifndef IMS2_REGISTRY_H
#define IMS2_REGISTRY_H

#include <stdio.h>

#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

struct workspace;

struct register_hooks {
	const char *table; /* the register's table (screens/<step>.yaml `table:`) */
	/*
	 * Derives values on save and adds the register's own validation, inside the save's
	 * transaction, before the values are validated and written. values (one per field) may
	 * be repointed to strings kept in owned (one slot per field, NULL or allocated; the
	 * caller frees them). Returns IMS2_INVALID with a message to refuse the save.
	 */
	int (*derive)(struct store *store, const struct reg *reg, const char **values,
		      char **owned, struct ims2_error *err);
	/*
	 * Writes the register's section of a Markdown report in place of the plain table;
	 * heading is the Markdown heading prefix for its title ("###").
	 */
	int (*report_md)(struct workspace *ws, const char *heading, FILE *out,
			 struct ims2_error *err);
	/*
	 * Gives the register the rows it must have (one per catalog entry, a settings singleton)
	 * inside the caller's transaction, keeping the rows already there. Runs when a workspace
	 * is created and when an opened one lacks some (after a migration). Rows that are only a
	 * starting point the user may delete are declared instead (`seed:` in the screen file).
	 */
	int (*seed)(struct workspace *ws, const char *data_dir, struct ims2_error *err);
	/*
	 * Why record id is not edited by hand (its values are ims2's own, computed from the
	 * workspace), as a sentence for the form; NULL when it may be edited. The form shows
	 * such a record read-only; the derive hook keeps a save from changing it anyway.
	 */
	const char *(*locked)(struct store *store, long long id);
	/*
	 * The field the derive hook computes from the other values, which the form shows rather
	 * than asks (a computed indicator's measurement: its value as of its date): *field is its
	 * index, or -1 when every field is typed; *value the value it gets (allocated), NULL while
	 * the values it depends on are incomplete. An error names the field at fault (no record
	 * to compute from on that date).
	 */
	int (*computes)(struct store *store, const struct reg *reg, const char *const *values,
			int *field, char **value, struct ims2_error *err);
	/*
	 * After an import, inside its transaction: recomputes what the register derives from
	 * other registers, now that every record of the file is in (an import's records come
	 * in the file's order, so a record may be saved before those it counts).
	 */
	int (*settle)(struct workspace *ws, struct ims2_error *err);
};

/* The hooks of a register, or NULL when it is a plain one. */
const struct register_hooks *registry_find(const char *table);

/* The rows of the table, for tests and documentation; *count is set. */
const struct register_hooks *registry_all(size_t *count);

#endif
