/*
 * The catalogs: the IMS2 method (phases and steps), ISO/IEC 27001:2022 clauses 4-10 and the
 * Annex A controls. Strings are owned by the catalog and live until catalog_release().
 */
#ifndef IMS2_CATALOG_H
#define IMS2_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/error.h"
#include "ims2/yamldoc.h"

/* The catalog files a workspace copies in at creation, in load order. */
extern const char *const catalog_files[];

struct phase {
	const char *id, *name;
	size_t first_step, step_count; /* indexes into catalog.steps */
};

struct step {
	const char *id, *name;
	size_t phase;         /* index into catalog.phases */
	const char **clauses; /* NULL-terminated */
	size_t clause_count;
};

struct clause {
	/* A sub-clause titled only "General" (6.1.1) is titled "Parent title: General". */
	const char *id, *parent, *title, *summary, *prompt;
	bool requirement;
	char *composed_title; /* owned: the title above when it was composed */
	bool new_in_2022; /* added by the 2022 edition (6.3): auditors of transitions look */
};

struct theme {
	const char *id, *clause, *name;
};

struct control {
	const char *id, *title, *theme, *description, *prompt;
	/* ISO/IEC 27002 attributes, each NULL-terminated */
	const char **control_type, **properties, **concepts, **capabilities, **domains;
	bool new_in_2022; /* one of the eleven controls the 2022 edition added */
};

/* The maturity scale of the gap analysis and the weights of the effort estimate. */
struct maturity {
	const char *names[6], *descriptions[6];
	const char *next_steps[6]; /* how an item moves up from this level; NULL when not given */
	int default_target;
	double clause_days, control_days, ceiling_days;
};

struct catalog {
	struct ydoc docs[4];
	struct phase *phases;
	size_t phase_count;
	struct step *steps;
	size_t step_count;
	struct clause *clauses;
	size_t clause_count;
	struct theme *themes;
	size_t theme_count;
	struct control *controls;
	size_t control_count;
	struct maturity maturity;
};

void catalog_init(struct catalog *cat);
/*
 * Loads one catalog file from its text (name is one of catalog_files, origin names it in
 * messages). method.yaml must come before the others are cross-checked by catalog_check().
 */
int catalog_load_text(struct catalog *cat, const char *name, const char *origin, const char *text,
		      size_t len, struct ims2_error *err);
/* Reads and loads every catalog file from data_dir or the built-in copies, then checks. */
int catalog_load(struct catalog *cat, const char *data_dir, struct ims2_error *err);
/* Cross-checks: every clause a step names exists, counts of steps and controls. */
int catalog_check(const struct catalog *cat, struct ims2_error *err);
void catalog_release(struct catalog *cat);

const struct step *catalog_find_step(const struct catalog *cat, const char *id);
const struct clause *catalog_find_clause(const struct catalog *cat, const char *id);
const struct control *catalog_find_control(const struct catalog *cat, const char *id);
/*
 * Whether a gap or SoA item ("6.3", "A.5.7") is new in the 2022 edition; false for an
 * unknown item.
 */
bool catalog_new_in_2022(const struct catalog *cat, const char *item);
/* The mark the reports and the interview put after the title of such an item. */
#define CATALOG_NEW_MARK " (new in 2022)"

/* The index of a step in method order, or -1. */
int catalog_step_index(const struct catalog *cat, const char *id);

#endif
