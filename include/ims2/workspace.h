/*
 * An open engagement: the store with the catalogs and screens it is read with. This is what
 * the command line and the interface hold; core modules take its parts.
 */
#ifndef IMS2_WORKSPACE_H
#define IMS2_WORKSPACE_H

#include <stdbool.h>

#include "ims2/catalog.h"
#include "ims2/error.h"
#include "ims2/screen.h"
#include "ims2/store.h"

struct workspace {
	struct store *store;
	struct catalog catalog;
	struct screen_set screens;
	char *organisation;
	/* What the last workspace_import_text() did: records added, and records updated (a form
	 * that had its record, a catalog row), whose fields given replaced their values. */
	long long imported_added, imported_updated;
};

/* The progress of one step: activities ticked, registers with records, effective status. */
struct step_progress {
	int activities_done, activity_count;
	int registers_filled, register_count;
	double register_fill; /* the registers' shares filled, summed: what the percent counts */
	int percent;
	char status[16]; /* "not started", "in progress", "done", "skipped" */
	char *reason;    /* for skipped; owned, freed by step_progress_release() */
};

/*
 * Creates a workspace at path (never overwriting) with catalogs and screens from data_dir or
 * the built-in copies; copies the catalogs into it. On failure no file is left behind.
 */
int workspace_create(struct workspace *ws, const char *path, const char *org,
		     const char *data_dir, struct ims2_error *err);
/* Opens path: catalogs from the workspace's own copies, screens from data_dir or built in. */
int workspace_open(struct workspace *ws, const char *path, int store_flags, const char *data_dir,
		   struct ims2_error *err);
void workspace_close(struct workspace *ws);

/* Checks every register of the screens against the workspace schema. */
int workspace_check_screens(struct workspace *ws, struct ims2_error *err);

/*
 * The progress of a step. Returns IMS2_WORKSPACE when a read failed (a damaged file; the
 * message is store_read_failed()'s), and then *out is not to be shown.
 */
int workspace_step_progress(struct workspace *ws, size_t step, struct step_progress *out);
/*
 * How far a register is filled in, 0 to 1: an ordinary register counts once it has a record;
 * a fixed one (rows from the catalogs) by the share of rows where an editable field differs
 * from its default.
 */
double workspace_register_fill(struct workspace *ws, const struct reg *reg);
void step_progress_release(struct step_progress *p);

/*
 * Adds records and step states from a scenario or import file (see data/scenarios/demo.yaml)
 * in one transaction: all or nothing. References are given by the referred record's label.
 */
int workspace_import_text(struct workspace *ws, const char *name, const char *text, size_t len,
			  struct ims2_error *err);
/*
 * The same with every date and time of the records (fields of type date and datetime) moved
 * by shift_days, keeping what follows the date: a scenario told at another day
 * (src/core/scenario.c). Values that are not dates are left to validation.
 */
int workspace_import_shifted(struct workspace *ws, const char *name, const char *text,
			     size_t len, long long shift_days, struct ims2_error *err);

#endif
