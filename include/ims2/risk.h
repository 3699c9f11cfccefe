/*
 * Risk methods as data (data/matrices/<id>.yaml) and the calculations of step 1.7: a level
 * from likelihood and impact by a lookup grid or a formula with bands, and MONARC's
 * impact x threat x vulnerability. Methods are checked on load: every cell and band names a
 * known level, and raising likelihood or impact never lowers the level.
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

struct risk_scale {
	int values[RISK_MAX_SCALE]; /* ascending */
	const char *labels[RISK_MAX_SCALE], *descriptions[RISK_MAX_SCALE];
	int count;
};

struct risk_level {
	const char *id, *label, *colour, *symbol;
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
	int owner_may_accept, must_treat; /* level indexes */
};

/*
 * Loads a method from its text and checks it. A missing or extra cell, an unknown or duplicate
 * level, bands that are not ascending or do not cover the top score, and a method that is not
 * monotone are refused with `origin:line:col: ...` naming the cell or level.
 * Release with risk_method_release() whatever the result.
 */
int risk_method_load_text(struct risk_method *m, const char *origin, const char *text,
			  size_t len, struct ims2_error *err);
/* Reads matrices/<id>.yaml from data_dir or the built-in copies. */
int risk_method_load(struct risk_method *m, const char *id, const char *data_dir,
		     struct ims2_error *err);
void risk_method_release(struct risk_method *m);
/* The bundled method ids, in name order; returns how many (at most max). */
size_t risk_method_list(const char **ids, size_t max);

/* The highest score of a formula or MONARC method. */
int risk_max_score(const struct risk_method *m);
/* The level index of a score by the bands, or -1. */
int risk_band(const struct risk_method *m, int score);
/*
 * The level of likelihood and impact (lookup and formula methods). A value outside its scale
 * is IMS2_INVALID with a message that names the scale.
 */
int risk_level(const struct risk_method *m, int likelihood, int impact, int *level,
	       struct ims2_error *err);
/*
 * MONARC: for each criterion the threat affects (bit 0 C, 1 I, 2 A) the risk is
 * impact x threat x vulnerability; the result is the highest. A value of -1 is not evaluated:
 * a criterion without impact is skipped, and without threat or vulnerability nothing is
 * evaluated (*score and *level -1). The residual risk lowers the vulnerability by reduction,
 * never below the bottom of its scale.
 */
int risk_monarc(const struct risk_method *m, const int impact_cia[3], int threat,
		int vulnerability, int reduction, unsigned affects, int *score, int *level,
		struct ims2_error *err);
/* Counts the cells where raising likelihood or impact lowers the level; describes them. */
int risk_method_check_monotone(const struct risk_method *m, struct strbuf *report);
/* The grid (or the bands of MONARC) as a Markdown table. */
void risk_method_grid_markdown(const struct risk_method *m, struct strbuf *out);
/* A level index by id, or -1. */
int risk_level_by_id(const struct risk_method *m, const char *id);
/* The index of value in a scale, or -1. */
int risk_scale_index(const struct risk_scale *s, int value);

#endif
