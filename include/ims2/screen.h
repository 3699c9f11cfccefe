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

enum field_type {
	FIELD_TEXT,
	FIELD_MULTILINE,
	FIELD_CHOICE,
	FIELD_DATE,
	FIELD_NUMBER,
	FIELD_REF,
	FIELD_CONTROLS, /* a list of Annex A controls (links.h) */
	FIELD_REFS,     /* a list of records of the register `ref` (links.h) */
	FIELD_DATETIME, /* a time YYYY-MM-DD HH:MM */
};

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
	const char *ref; /* FIELD_REF, FIELD_REFS: the register referred to */
	const struct reg *ref_reg; /* that register, resolved by screen_set_load() */
	/*
	 * FIELD_REF, FIELD_REFS: the referred record's form shows, read-only under this label,
	 * the records that refer to it through this field ("Raised nonconformity"); NULL: not.
	 */
	const char *backlink;
	bool single; /* FIELD_REFS: names one record at most (a project member's person) */
	const char *required_if_field, *required_if_value;
	const char *not_before; /* FIELD_DATE: another date field this one may not precede */
	bool unique;            /* no two records share a value (checked before SQLite's UNIQUE) */
	bool has_range;         /* FIELD_NUMBER: the value lies in [range_low, range_high] */
	double range_low, range_high;
};

struct reg {
	const char *table, *title, *help;
	const char *step; /* the step that declares it */
	bool form;        /* a single-record form */
	bool fixed;       /* rows come from the catalogs: never added or deleted by hand */
	bool counts;      /* counted in the step's completion (default true) */
	/* Rows seeded once from a catalog file (`seed: {file, list}`), NULL when none. */
	const char *seed_file, *seed_list;
	struct field *fields;
	size_t field_count;
	/*
	 * The fields the form asks, in its order (indexes into fields): from `ask:`, or every
	 * field in the order listed. Fields left out of `ask:` are kept but not shown.
	 */
	int *ask;
	size_t ask_count;
};

/*
 * A check declared in a screen file: a query that returns the records at fault of a register
 * (columns id and message), with :today and the workspace's meta values (:meta_KEY) bound.
 * doc and node say where it is declared, for messages at file:line:column.
 */
struct check_decl {
	const char *id, *table, *field, *query;
	const struct ydoc *doc;
	const struct ydoc_node *node;
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
	struct check_decl *checks; /* declared checks, in file order */
	size_t check_count;
	const struct ydoc *doc; /* the screen file, for messages at file:line:column */
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
/*
 * Refuses view v of scr (a pane the interface does not have): IMS2_USAGE with
 * `file:line:column: unknown view 'NAME' (known: LIST)`.
 */
int screen_refuse_view(const struct screen *scr, size_t v, const char *known,
		       struct ims2_error *err);

/* The index of a field in a register, or -1. */
int reg_field_index(const struct reg *reg, const char *name);

/*
 * The SQL expression of the label of a record of reg read as alias: its first field; when that
 * is a reference, the referred record's label and the second field ("MFA coverage 2027-02-28"
 * for a measurement); when it is a list of records, their labels ("Ada Byron" for a project
 * member). Allocated; the caller frees it.
 */
char *reg_label_sql(const struct reg *reg, const char *alias);

#endif
