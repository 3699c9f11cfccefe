/*
 * The risk register of a workspace: its method, the values derived when a risk is saved
 * (levels, impact from C/I/A), and a change of method applied to every risk.
 */
#ifndef IMS2_RISKREG_H
#define IMS2_RISKREG_H

#include "ims2/risk.h"
#include "ims2/screen.h"
#include "ims2/store.h"

/*
 * SQL for the C, I or A value of asset `a` with inheritance: the highest of its own value and
 * those of the primary assets it serves (asset_dependency). Use with "confidentiality" etc.
 */
#define RISKREG_INHERITED(col)                                                                 \
	"max(coalesce(a." col ", -1), coalesce((SELECT max(p." col ") FROM asset_dependency AS d " \
	"JOIN asset AS p ON p.id = d.primary_asset WHERE d.supporting = a.id), -1))"

/*
 * SQL for where a risk sits on the residual heat map: its residual likelihood and impact once
 * both are assessed, else its inherent ones, so the residual map shows every risk (a retained
 * risk's residual is its inherent level; so is that of a risk not yet reassessed).
 */
#define RISKREG_REASSESSED "(residual_likelihood IS NOT NULL AND residual_impact IS NOT NULL)"
#define RISKREG_RESIDUAL_L                                                                     \
	"(CASE WHEN " RISKREG_REASSESSED " THEN residual_likelihood ELSE likelihood END)"
#define RISKREG_RESIDUAL_I "(CASE WHEN " RISKREG_REASSESSED " THEN residual_impact ELSE impact END)"
#define RISKREG_RESIDUAL_LEVEL                                                                 \
	"coalesce(CASE WHEN " RISKREG_REASSESSED " THEN residual_level ELSE inherent_level END, '')"

/* The asset's C, I, A values with inheritance (-1 where it has none). */
void riskreg_asset_values(struct store *store, long long asset, int cia[3]);

/* The scales of a method a rating may lie on. */
enum riskreg_scale { RISKREG_LIKELIHOOD, RISKREG_IMPACT, RISKREG_VULNERABILITY, RISKREG_UNSCALED };

struct riskreg_rated {
	const char *field;
	enum riskreg_scale scale;
};

/*
 * The fields of a register ("risk", "asset") that hold ratings on the method's scales, ended
 * by a NULL field; NULL for other registers. Checked on save, moved by a method switch.
 */
const struct riskreg_rated *riskreg_rated_fields(const char *table);
/* The scale of m for s: an empty one (count 0) for RISKREG_UNSCALED and, but in MONARC, for
 * the vulnerability. */
const struct risk_scale *riskreg_scale_of(const struct risk_method *m, enum riskreg_scale s);

/* True when the workspace has its risk settings (seeded). */
bool riskreg_has_settings(struct store *store);
/* The id of the workspace's risk method (caller frees). */
char *riskreg_method_id(struct store *store);
/*
 * Loads the workspace's method: its own copy (catalog "matrices/<id>.yaml") or the built-in
 * one. Release with risk_method_release().
 */
int riskreg_method(struct store *store, struct risk_method *m, struct ims2_error *err);

/*
 * Hooks of the registry (src/core/registry.c), called for every record written to their
 * register: values may be repointed to strings kept in owned (one slot per field; the caller
 * frees them).
 * riskreg_derive_risk fills a risk's derived fields (impact from C/I/A, levels and ranks),
 * checks the scale of each value and refuses an acceptance without owner;
 * riskreg_derive_criteria checks that the acceptance criteria name levels of the method, in
 * order, and stores their labels. (Annex A controls are a link field: src/core/links.c.)
 */
int riskreg_derive_risk(struct store *store, const struct reg *reg, const char **values,
			char **owned, struct ims2_error *err);
int riskreg_derive_criteria(struct store *store, const struct reg *reg, const char **values,
			    char **owned, struct ims2_error *err);
/* The C, I and A of an asset must be values of the method's impact scale. */
int riskreg_derive_asset(struct store *store, const struct reg *reg, const char **values,
			 char **owned, struct ims2_error *err);

/* Reads a method by id (data_dir may be NULL) with its text (caller frees *text). */
int riskreg_load_with_text(const char *id, const char *data_dir, struct risk_method *m,
			   char **text, struct ims2_error *err);
/*
 * Copies the method's text, its scales (with the method's own meanings) and its id into the
 * workspace, inside the caller's transaction.
 */
int riskreg_write_method(struct store *store, const struct risk_method *m, const char *text,
			 struct ims2_error *err);

/*
 * The heat map (src/ui/heatmap.c): counts[l][i] is the number of risks at likelihood index l
 * and impact index i of m, by their inherent or residual values.
 */
int riskreg_heat_counts(struct store *store, const struct risk_method *m, bool residual,
			int counts[RISK_MAX_SCALE][RISK_MAX_SCALE], struct ims2_error *err);

/* One risk of a heat map cell. */
struct riskreg_cell_risk {
	long long id;
	char *title, *owner, *level; /* never NULL ("" when empty) */
};
/*
 * The risks at likelihood and impact (values of the method's scales), inherent or residual,
 * in id order. *risks is allocated; free with riskreg_cell_risks_free().
 */
int riskreg_cell_risks(struct store *store, int likelihood, int impact, bool residual,
		       struct riskreg_cell_risk **risks, size_t *count, struct ims2_error *err);
void riskreg_cell_risks_free(struct riskreg_cell_risk *risks, size_t count);

struct workspace;
/* Registry hook (src/core/registry.c): the default method (5x5) when the workspace has none. */
int riskreg_seed_default(struct workspace *ws, const char *data_dir, struct ims2_error *err);

/* Fills the scales of the method into risk_scale and the method into risk_settings (seeding). */
int riskreg_seed(struct store *store, const char *id, const char *data_dir,
		 struct ims2_error *err);

/*
 * The workspace's acceptance criteria as the step's checks see them: a criterion naming a level
 * the method does not have (after a change of method, or an import) leaves levels undecided,
 * and criteria where a level would be both accepted by its owner and to be treated. Adds one
 * finding per problem to out (checks.h) and returns how many.
 */
struct check_report;
int riskreg_criteria_problems(struct store *store, struct check_report *out);

#endif
