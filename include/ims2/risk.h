/*
 * Risk methods as data (data/matrices/<id>.yaml) and the calculations of step 1.7: a level
 * from likelihood and impact by a lookup grid or a formula with bands, and MONARC's
 * impact x threat x vulnerability. Methods are checked on load: every cell, band and
 * acceptance names a known level, scales have no duplicates, bands cover every score, and
 * raising likelihood or impact never lowers the level (a method that is not monotone is
 * refused with the cells that break it).
 *
 * A loaded method owns its strings through its ydoc: every const char * below lives until
 * risk_method_release().
 */
#ifndef IMS2_RISK_H
#define IMS2_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/error.h"
#include "ims2/util.h"
#include "ims2/yamldoc.h"

enum risk_kind { RISK_LOOKUP, RISK_FORMULA, RISK_MONARC };

#define RISK_MAX_SCALE 10
#define RISK_MAX_LEVELS 8
/* Scale values lie within +-RISK_MAX_VALUE, so a product of three fits an int. */
#define RISK_MAX_VALUE 1000

struct risk_scale {
	int values[RISK_MAX_SCALE]; /* strictly ascending */
	const char *labels[RISK_MAX_SCALE], *descriptions[RISK_MAX_SCALE];
	int count;
};

struct risk_level {
	const char *id, *label;
	const char *colour; /* a role: green, yellow, orange, red or darkred */
	const char *symbol; /* a short word or sign that reads without colour */
};

struct risk_method {
	struct ydoc doc;
	const char *id, *title, *description;
	enum risk_kind kind;
	struct risk_scale likelihood, impact;      /* MONARC: likelihood is the threat scale */
	struct risk_scale vulnerability;           /* MONARC only */
	struct risk_level levels[RISK_MAX_LEVELS]; /* lowest first */
	int level_count;
	int grid[RISK_MAX_SCALE][RISK_MAX_SCALE]; /* lookup: [likelihood][impact] level index */
	int band_max[RISK_MAX_LEVELS];            /* formula, MONARC: band b up to this score */
	int band_level[RISK_MAX_LEVELS];
	int band_count;
	int owner_may_accept, must_treat; /* level indexes; must_treat > owner_may_accept */
	void *shared; /* the load this copy borrows (risk_method_load_shared), or NULL */
};

/*
 * Loads a method from text (len bytes); origin names it in messages. A missing or extra
 * cell, an unknown or duplicate level, a duplicate scale value, bands that do not ascend or
 * do not reach the top score, must_treat not above owner_may_accept, and a method that is
 * not monotone are IMS2_USAGE with `origin:line:col: ...` naming the cell, band or level.
 * The text is copied; release m with risk_method_release() whatever the result.
 */
int risk_method_load_text(struct risk_method *m, const char *origin, const char *text,
			  size_t len, struct ims2_error *err);
/*
 * Reads matrices/<id>.yaml from data_dir (may be NULL) or the built-in copies and loads it.
 * An unknown id is IMS2_USAGE "unknown risk method 'x'" with a hint that lists the ids.
 * Release m with risk_method_release() whatever the result.
 */
int risk_method_load(struct risk_method *m, const char *id, const char *data_dir,
		     struct ims2_error *err);
/*
 * As risk_method_load_text, but the same origin and text as the last call give a copy that
 * borrows that load instead of parsing again (a method switch derives every risk with the
 * workspace's method). The copy's own fields (acceptance indexes) may be changed; its
 * strings are shared. Release it with risk_method_release() as any other.
 */
int risk_method_load_shared(struct risk_method *m, const char *origin, const char *text,
			    size_t len, struct ims2_error *err);
/* Frees what m owns (all its strings) and zeroes it; safe on a zeroed or failed load. */
void risk_method_release(struct risk_method *m);

/*
 * The ids of the methods: the built-in ones and, when data_dir (may be NULL) has a
 * matrices/ directory, those of its .yaml files; sorted, each once. Returns how many;
 * *ids is allocated (NULL when none): free it with risk_method_ids_free().
 */
size_t risk_method_list_ids(const char *data_dir, char ***ids);
void risk_method_ids_free(char **ids, size_t count);

/* Counts the cells where raising likelihood or impact lowers the level; describes each. */
int risk_method_check_monotone(const struct risk_method *m, struct strbuf *report);

/*
 * The level index of likelihood and impact (lookup and formula methods). A value that is not
 * on its scale, or a MONARC method, is IMS2_INVALID with a message naming the scale; *level
 * is -1 then.
 */
int risk_level(const struct risk_method *m, int likelihood, int impact, int *level,
	       struct ims2_error *err);
/* Formula methods: likelihood x impact; -1 for another kind or a value off its scale. */
int risk_score(const struct risk_method *m, int likelihood, int impact);
/* The highest score of a formula or MONARC method. */
int risk_max_score(const struct risk_method *m);
/* The level index of a score by the bands, or -1 above the last band. */
int risk_band(const struct risk_method *m, int score);

/*
 * MONARC: for each criterion the threat affects (bit 0 C, 1 I, 2 A) the risk is
 * impact x threat x (vulnerability - reduction), the vulnerability never going below the
 * bottom of its scale; the result is the highest. A value of -1 is not evaluated: a
 * criterion without impact is skipped; without threat or vulnerability, or with every
 * affected criterion skipped, *score and *level are -1. Any other value must be on its
 * scale and reduction must not be negative (IMS2_INVALID otherwise). Pass reduction 0 for
 * the inherent risk (risk_monarc_residual() is the same call, named for the residual risk).
 */
int risk_monarc(const struct risk_method *m, const int impact_cia[3], int threat,
		int vulnerability, int reduction, unsigned affects, int *score, int *level,
		struct ims2_error *err);
int risk_monarc_residual(const struct risk_method *m, const int impact_cia[3], int threat,
			 int vulnerability, int reduction, unsigned affects, int *score,
			 int *level, struct ims2_error *err);

/*
 * Appends the method as a GFM table: likelihood rows from highest to lowest, impact columns
 * lowest to highest, each cell the level's label (formula cells computed from the bands).
 * MONARC methods get their bands instead: score range and level.
 */
void risk_method_grid_markdown(const struct risk_method *m, struct strbuf *out);

/*
 * The decision the criteria take for a level: up to owner_may_accept its owner may accept
 * the risk, from must_treat up it must be treated, and every level between needs management
 * approval to be accepted. Every level thus has exactly one decision. A static string.
 */
const char *risk_level_decision(const struct risk_method *m, int level);

/* Helpers for the interface. Strings belong to m; NULL for an index out of range. */
int risk_level_by_id(const struct risk_method *m, const char *id); /* index or -1 */
int risk_level_count(const struct risk_method *m);
const char *risk_level_label(const struct risk_method *m, int level);
const char *risk_level_symbol(const struct risk_method *m, int level);
const char *risk_level_colour(const struct risk_method *m, int level);
int risk_likelihood_count(const struct risk_method *m);
int risk_impact_count(const struct risk_method *m);
/* The index of value in a scale, or -1. */
int risk_scale_index(const struct risk_scale *s, int value);
/*
 * A value as typed (text, may be NULL or empty: fine) must be a whole number of scale s of m:
 * "4.5", "-2" or 7 on 1-5 are IMS2_INVALID "LABEL 7 is not on the SCALE_NAME scale of method
 * 'ID' (1 to 5)".
 */
int risk_check_value(const struct risk_method *m, const struct risk_scale *s,
		     const char *scale_name, const char *label, const char *text,
		     struct ims2_error *err);

#endif
