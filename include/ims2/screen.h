/*
 * Screen files: one per step (screens/<step>.yaml), declaring its guidance, activities and
 * registers (tables and single-record forms) with their fields. See screens/SCHEMA.md.
 * Everything is owned by the screen set and lives until screen_set_release().
 */
#ifndef IMS2_SCREEN_H
#define IMS2_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/catalog.h"
#include "ims2/error.h"
#include "ims2/yamldoc.h"

enum field_type { FIELD_TEXT, FIELD_MULTILINE, FIELD_CHOICE, FIELD_DATE, FIELD_NUMBER, FIELD_REF };

struct field {
	const char *name, *label, *help;
	enum field_type type;
	bool required;
	bool readonly; /* shown, not edited (catalog columns of fixed registers) */
	const char *default_value; /* for new records; choices default to the first */
	int width; /* column width in the table view; 0: form only */
	int max;   /* longest value in characters */
	const char **choices; /* FIELD_CHOICE, NULL-terminated; the first is the default */
	size_t choice_count;
	const char *ref;                     /* FIELD_REF: the register referred to */
	const char *required_if_field, *required_if_value;
	const char *not_before; /* FIELD_DATE: another date field this one may not precede */
	bool has_range;         /* FIELD_NUMBER: the value lies in [range_low, range_high] */
	double range_low, range_high;
};

struct reg {
	const char *table, *title, *help;
	const char *step; /* the step that declares it */
	bool form;        /* a single-record form */
	bool fixed;       /* rows come from the catalogs: never added or deleted by hand */
	bool counts;      /* counted in the step's completion (default true) */
	struct field *fields;
	size_t field_count;
	/*
	 * The fields the form asks, in its order (indexes into fields): from `ask:`, or every
	 * field in the order listed. Fields left out of `ask:` are kept but not shown.
	 */
	int *ask;
	size_t ask_count;
};

struct activity {
	const char *id, *text;
};

struct screen {
	const char *step;
	const char *guidance, *later;
	struct activity *activities;
	size_t activity_count;
	struct reg *regs;
	size_t reg_count;
	const char **views; /* special panes by name, NULL-terminated */
	size_t view_count;
};

struct screen_set {
	struct ydoc *docs;
	struct screen *screens; /* one per step, in method order */
	size_t count;
};

const char *field_type_name(enum field_type type);
/* The value a new record starts with: the declared default, the first choice, or NULL. */
const char *field_default(const struct field *f);

/*
 * Loads screens/<id>.yaml for every step of the catalog from data_dir or the built-in copies.
 * A missing or malformed file is IMS2_USAGE with `file:line:col: ...`.
 */
int screen_set_load(struct screen_set *set, const struct catalog *cat, const char *data_dir,
		    struct ims2_error *err);
void screen_set_release(struct screen_set *set);

const struct screen *screen_set_find(const struct screen_set *set, const char *step);
const struct reg *screen_set_find_register(const struct screen_set *set, const char *table);
/* The index of a field in a register, or -1. */
int reg_field_index(const struct reg *reg, const char *name);

#endif
