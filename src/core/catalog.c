#include "ims2/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/source.h"
#include "ims2/util.h"

const char *const catalog_files[] = { "method.yaml", "clauses.yaml", "annexa.yaml", "maturity.yaml",
				       NULL };

static const char *const control_type_values[] = { "preventive", "detective", "corrective",
						     NULL };
static const char *const property_values[] = { "confidentiality", "integrity", "availability",
						 NULL };
static const char *const concept_values[] = { "identify", "protect", "detect", "respond",
						"recover", NULL };
static const char *const capability_values[] = {
	"governance", "asset_management", "information_protection", "human_resource_security",
	"physical_security", "system_and_network_security", "application_security",
	"secure_configuration", "identity_and_access_management",
	"threat_and_vulnerability_management", "continuity", "supplier_relationships_security",
	"legal_and_compliance", "information_security_event_management",
	"information_security_assurance", NULL
};
static const char *const domain_values[] = { "governance_and_ecosystem", "protection", "defence",
					       "resilience", NULL };

void catalog_init(struct catalog *cat)
{
	memset(cat, 0, sizeof(*cat));
}

void catalog_release(struct catalog *cat)
{
	size_t i;

	for (i = 0; i < cat->step_count; i++)
		free(cat->steps[i].clauses);
	for (i = 0; i < cat->control_count; i++) {
		free(cat->controls[i].control_type);
		free(cat->controls[i].properties);
		free(cat->controls[i].concepts);
		free(cat->controls[i].capabilities);
		free(cat->controls[i].domains);
	}
	for (i = 0; i < cat->clause_count; i++)
		free(cat->clauses[i].composed_title);
	free(cat->phases);
	free(cat->steps);
	free(cat->clauses);
	free(cat->themes);
	free(cat->controls);
	for (i = 0; i < sizeof(cat->docs) / sizeof(cat->docs[0]); i++)
		ydoc_release(&cat->docs[i]);
	catalog_init(cat);
}

static const struct ydoc_node *list_of_maps(const struct ydoc *doc, const char *key,
					    struct ims2_error *err)
{
	const struct ydoc_node *list = ydoc_get(doc->root, key);
	size_t i;

	if (!list || list->kind != YDOC_SEQ || list->count == 0) {
		ydoc_fail(err, doc, list ? list : doc->root, "'%s' must be a non-empty list", key);
		return NULL;
	}
	for (i = 0; i < list->count; i++) {
		if (list->items[i]->kind != YDOC_MAP) {
			ydoc_fail(err, doc, list->items[i], "each entry of '%s' must be a mapping",
				  key);
			return NULL;
		}
	}
	return list;
}

static int load_method(struct catalog *cat, const struct ydoc *doc, struct ims2_error *err)
{
	static const char *const phase_keys[] = { "id", "name", "steps", NULL };
	static const char *const step_keys[] = { "id", "name", "clauses", NULL };
	const struct ydoc_node *phases = list_of_maps(doc, "phases", err);
	size_t p, s, total = 0;
	int rc;

	if (!phases)
		return err->status;
	for (p = 0; p < phases->count; p++) {
		const struct ydoc_node *steps = ydoc_get(phases->items[p], "steps");
		if (!steps || steps->kind != YDOC_SEQ || !steps->count)
			return ydoc_fail(err, doc, phases->items[p],
					 "a phase needs a non-empty list of steps");
		total += steps->count;
	}
	cat->phases = xcalloc(phases->count, sizeof(*cat->phases));
	cat->steps = xcalloc(total, sizeof(*cat->steps));
	for (p = 0; p < phases->count; p++) {
		const struct ydoc_node *pn = phases->items[p];
		const struct ydoc_node *steps = ydoc_get(pn, "steps");
		struct phase *phase = &cat->phases[cat->phase_count++];

		if ((rc = ydoc_known_keys(doc, pn, phase_keys, err)) ||
		    (rc = ydoc_string(doc, pn, "id", true, &phase->id, err)) ||
		    (rc = ydoc_string(doc, pn, "name", true, &phase->name, err)))
			return rc;
		phase->first_step = cat->step_count;
		for (s = 0; s < steps->count; s++) {
			const struct ydoc_node *sn = steps->items[s];
			/* Counted first: a step that fails to load is released too. */
			struct step *step = &cat->steps[cat->step_count++];
			size_t k;

			if (sn->kind != YDOC_MAP)
				return ydoc_fail(err, doc, sn, "a step must be a mapping");
			if ((rc = ydoc_known_keys(doc, sn, step_keys, err)) ||
			    (rc = ydoc_string(doc, sn, "id", true, &step->id, err)) ||
			    (rc = ydoc_string(doc, sn, "name", true, &step->name, err)) ||
			    (rc = ydoc_strings(doc, sn, "clauses", &step->clauses,
					       &step->clause_count, err)))
				return rc;
			if (!step->clauses)
				step->clauses = xcalloc(1, sizeof(*step->clauses));
			for (k = 0; k + 1 < cat->step_count; k++)
				if (strcmp(cat->steps[k].id, step->id) == 0)
					return ydoc_fail(err, doc, sn, "step '%s' is listed twice",
							 step->id);
			step->phase = p;
		}
		phase->step_count = cat->step_count - phase->first_step;
	}
	return IMS2_OK;
}

/* An optional true/false key; anything else is an error naming the value. */
static int load_flag(const struct ydoc *doc, const struct ydoc_node *n, const char *key,
		     bool *out, struct ims2_error *err)
{
	const char *v;
	int rc = ydoc_string(doc, n, key, false, &v, err);

	*out = false;
	if (rc || !v)
		return rc;
	if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		return ydoc_fail(err, doc, ydoc_get(n, key), "%s must be true or false, not '%s'",
				 key, v);
	*out = strcmp(v, "true") == 0;
	return IMS2_OK;
}

static int load_clauses(struct catalog *cat, const struct ydoc *doc, struct ims2_error *err)
{
	static const char *const keys[] = { "id", "parent", "title", "requirement", "summary",
					    "prompt", "new_in_2022", NULL };
	const struct ydoc_node *list = list_of_maps(doc, "clauses", err);
	size_t i;
	int rc;

	if (!list)
		return err->status;
	cat->clauses = xcalloc(list->count, sizeof(*cat->clauses));
	for (i = 0; i < list->count; i++) {
		const struct ydoc_node *n = list->items[i];
		struct clause *c = &cat->clauses[cat->clause_count];
		const char *req;

		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "id", true, &c->id, err)) ||
		    (rc = ydoc_string(doc, n, "title", true, &c->title, err)) ||
		    (rc = ydoc_string(doc, n, "parent", false, &c->parent, err)) ||
		    (rc = ydoc_string(doc, n, "requirement", false, &req, err)) ||
		    (rc = load_flag(doc, n, "new_in_2022", &c->new_in_2022, err)))
			return rc;
		c->requirement = req && (strcmp(req, "true") == 0 || strcmp(req, "yes") == 0);
		if (c->requirement &&
		    ((rc = ydoc_string(doc, n, "summary", true, &c->summary, err)) ||
		     (rc = ydoc_string(doc, n, "prompt", true, &c->prompt, err))))
			return rc;
		if (catalog_find_clause(cat, c->id))
			return ydoc_fail(err, doc, n, "clause '%s' is listed twice", c->id);
		if (c->parent && !catalog_find_clause(cat, c->parent))
			return ydoc_fail(err, doc, n, "parent '%s' of clause '%s' is not listed before it",
					 c->parent, c->id);
		/* "General" alone says nothing in a table, a search or a report: name the parent. */
		if (c->parent && strcmp(c->title, "General") == 0) {
			c->composed_title = xasprintf("%s: General",
						      catalog_find_clause(cat, c->parent)->title);
			c->title = c->composed_title;
		}
		cat->clause_count++;
	}
	return IMS2_OK;
}

/* Reads an attribute list and checks each value against the allowed ones. */
static int load_attribute(const struct ydoc *doc, const struct ydoc_node *n, const char *key,
			  const char *const *allowed, const char ***out, struct ims2_error *err)
{
	size_t count, i;
	const char *const *a;
	int rc = ydoc_strings(doc, n, key, out, &count, err);

	if (rc)
		return rc;
	if (!count)
		return ydoc_fail(err, doc, n, "'%s' must list at least one value", key);
	for (i = 0; i < count; i++) {
		for (a = allowed; *a; a++)
			if (strcmp(*a, (*out)[i]) == 0)
				break;
		if (!*a)
			return ydoc_fail(err, doc, ydoc_get(n, key)->items[i],
					 "'%s' is not a known value of %s", (*out)[i], key);
	}
	return IMS2_OK;
}

static int load_annexa(struct catalog *cat, const struct ydoc *doc, struct ims2_error *err)
{
	static const char *const keys[] = { "id", "title", "theme", "control_type", "properties",
					    "concepts", "capabilities", "domains", "description",
					    "prompt", "new_in_2022", NULL };
	const struct ydoc_node *themes = list_of_maps(doc, "themes", err);
	const struct ydoc_node *list = themes ? list_of_maps(doc, "controls", err) : NULL;
	size_t i, t;
	int rc;

	if (!list)
		return err->status;
	cat->themes = xcalloc(themes->count, sizeof(*cat->themes));
	for (i = 0; i < themes->count; i++) {
		struct theme *th = &cat->themes[cat->theme_count++];
		if ((rc = ydoc_string(doc, themes->items[i], "id", true, &th->id, err)) ||
		    (rc = ydoc_string(doc, themes->items[i], "clause", true, &th->clause, err)) ||
		    (rc = ydoc_string(doc, themes->items[i], "name", true, &th->name, err)))
			return rc;
	}
	cat->controls = xcalloc(list->count, sizeof(*cat->controls));
	for (i = 0; i < list->count; i++) {
		const struct ydoc_node *n = list->items[i];
		struct control *c = &cat->controls[cat->control_count++];

		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "id", true, &c->id, err)) ||
		    (rc = ydoc_string(doc, n, "title", true, &c->title, err)) ||
		    (rc = ydoc_string(doc, n, "theme", true, &c->theme, err)) ||
		    (rc = ydoc_string(doc, n, "description", true, &c->description, err)) ||
		    (rc = ydoc_string(doc, n, "prompt", true, &c->prompt, err)) ||
		    (rc = load_flag(doc, n, "new_in_2022", &c->new_in_2022, err)) ||
		    (rc = load_attribute(doc, n, "control_type", control_type_values,
					 &c->control_type, err)) ||
		    (rc = load_attribute(doc, n, "properties", property_values, &c->properties,
					 err)) ||
		    (rc = load_attribute(doc, n, "concepts", concept_values, &c->concepts, err)) ||
		    (rc = load_attribute(doc, n, "capabilities", capability_values,
					 &c->capabilities, err)) ||
		    (rc = load_attribute(doc, n, "domains", domain_values, &c->domains, err)))
			return rc;
		for (t = 0; t < cat->theme_count; t++)
			if (strcmp(cat->themes[t].id, c->theme) == 0)
				break;
		if (t == cat->theme_count)
			return ydoc_fail(err, doc, ydoc_get(n, "theme"), "unknown theme '%s'",
					 c->theme);
		if (strncmp(c->id, cat->themes[t].clause, strlen(cat->themes[t].clause)) != 0 ||
		    c->id[strlen(cat->themes[t].clause)] != '.')
			return ydoc_fail(err, doc, n, "control %s does not belong to theme %s", c->id,
					 c->theme);
		if (i > 0 && catalog_find_control(cat, c->id) != c)
			return ydoc_fail(err, doc, n, "control '%s' is listed twice", c->id);
	}
	return IMS2_OK;
}

/* Reads a number written as text, within [min, max]. */
static int load_number(const struct ydoc *doc, const struct ydoc_node *map, const char *key,
		       double min, double max, double *out, struct ims2_error *err)
{
	const char *v;
	int rc = ydoc_string(doc, map, key, true, &v, err);

	if (rc)
		return rc;
	if (!util_valid_number(v) || strtod(v, NULL) < min || strtod(v, NULL) > max)
		return ydoc_fail(err, doc, ydoc_get(map, key), "'%s' must be a number from %g to %g",
				 key, min, max);
	*out = strtod(v, NULL);
	return IMS2_OK;
}

static int load_maturity(struct catalog *cat, const struct ydoc *doc, struct ims2_error *err)
{
	static const char *const keys[] = { "catalog", "levels", "default_target", "effort", NULL };
	const struct ydoc_node *levels = list_of_maps(doc, "levels", err);
	const struct ydoc_node *effort = ydoc_get(doc->root, "effort");
	struct maturity *m = &cat->maturity;
	double target;
	size_t i;
	int rc;

	if (!levels)
		return err->status;
	if ((rc = ydoc_known_keys(doc, doc->root, keys, err)))
		return rc;
	if (levels->count != 6)
		return ydoc_fail(err, doc, levels, "the maturity scale has the levels 0 to 5");
	for (i = 0; i < 6; i++) {
		const char *value;
		if ((rc = ydoc_string(doc, levels->items[i], "value", true, &value, err)) ||
		    (rc = ydoc_string(doc, levels->items[i], "name", true, &m->names[i], err)) ||
		    (rc = ydoc_string(doc, levels->items[i], "description", true,
				      &m->descriptions[i], err)) ||
		    (rc = ydoc_string(doc, levels->items[i], "next_step", false,
				      &m->next_steps[i], err)))
			return rc;
		if (strlen(value) != 1 || value[0] != (char)('0' + i))
			return ydoc_fail(err, doc, levels->items[i], "level %zu must have value \"%zu\"",
					 i, i);
	}
	if (!effort || effort->kind != YDOC_MAP)
		return ydoc_fail(err, doc, doc->root, "'effort' must give clause_days, control_days "
						      "and ceiling_days");
	if ((rc = load_number(doc, doc->root, "default_target", 0, 5, &target, err)) ||
	    (rc = load_number(doc, effort, "clause_days", 0, 100, &m->clause_days, err)) ||
	    (rc = load_number(doc, effort, "control_days", 0, 100, &m->control_days, err)) ||
	    (rc = load_number(doc, effort, "ceiling_days", 0, 10000, &m->ceiling_days, err)))
		return rc;
	m->default_target = (int)target;
	return IMS2_OK;
}

int catalog_load_text(struct catalog *cat, const char *name, const char *origin, const char *text,
		      size_t len, struct ims2_error *err)
{
	size_t slot;
	int rc;

	for (slot = 0; catalog_files[slot]; slot++)
		if (strcmp(catalog_files[slot], name) == 0)
			break;
	if (!catalog_files[slot])
		return error_set(err, IMS2_USAGE, "'%s' is not a catalog file", name);
	ydoc_release(&cat->docs[slot]);
	rc = ydoc_parse(&cat->docs[slot], origin, text, len, err);
	if (rc)
		return rc;
	switch (slot) {
	case 0:
		return load_method(cat, &cat->docs[slot], err);
	case 1:
		return load_clauses(cat, &cat->docs[slot], err);
	case 2:
		return load_annexa(cat, &cat->docs[slot], err);
	default:
		return load_maturity(cat, &cat->docs[slot], err);
	}
}

int catalog_load(struct catalog *cat, const char *data_dir, struct ims2_error *err)
{
	size_t i;
	int rc = IMS2_OK;

	for (i = 0; catalog_files[i] && !rc; i++) {
		char *text, *origin;
		size_t len;

		rc = source_read(data_dir, catalog_files[i], &text, &len, &origin, err);
		if (rc)
			break;
		rc = catalog_load_text(cat, catalog_files[i], origin, text, len, err);
		free(text);
		free(origin);
	}
	return rc ? rc : catalog_check(cat, err);
}

/* The node a reader meets last in the document: where a file cut short now ends. */
static const struct ydoc_node *last_node(const struct ydoc_node *n)
{
	while (n && n->kind != YDOC_SCALAR && n->count)
		n = n->items[n->count - 1];
	return n;
}

/*
 * Every step ims2 has a screen for is in the method: a method file cut short at a line
 * boundary still parses, and would silently drop the last steps.
 */
static int check_method_complete(const struct catalog *cat, struct ims2_error *err)
{
	const char *names[64];
	size_t n = source_list("screens/", names, 64), i;

	for (i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%.*s", (int)(strlen(names[i]) - strlen("screens/.yaml")),
			 names[i] + strlen("screens/"));
		if (catalog_step_index(cat, id) < 0)
			return ydoc_fail(err, &cat->docs[0], last_node(cat->docs[0].root),
					 "the method ends before step %s (is the file cut short?)",
					 id);
	}
	return IMS2_OK;
}

int catalog_check(const struct catalog *cat, struct ims2_error *err)
{
	size_t i, j;

	if (!cat->step_count || !cat->clause_count || !cat->control_count || !cat->maturity.names[0])
		return error_set(err, IMS2_USAGE, "the catalogs are incomplete");
	for (i = 0; i < cat->step_count; i++)
		for (j = 0; j < cat->steps[i].clause_count; j++)
			if (!catalog_find_clause(cat, cat->steps[i].clauses[j]))
				return error_set(err, IMS2_USAGE,
						 "step %s serves clause %s, which clauses.yaml lacks",
						 cat->steps[i].id, cat->steps[i].clauses[j]);
	return check_method_complete(cat, err);
}

const struct step *catalog_find_step(const struct catalog *cat, const char *id)
{
	int i = catalog_step_index(cat, id);

	return i < 0 ? NULL : &cat->steps[i];
}

int catalog_step_index(const struct catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->step_count; i++)
		if (cat->steps[i].id && strcmp(cat->steps[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct clause *catalog_find_clause(const struct catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->clause_count; i++)
		if (cat->clauses[i].id && strcmp(cat->clauses[i].id, id) == 0)
			return &cat->clauses[i];
	return NULL;
}

const struct control *catalog_find_control(const struct catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->control_count; i++)
		if (cat->controls[i].id && strcmp(cat->controls[i].id, id) == 0)
			return &cat->controls[i];
	return NULL;
}

/*
 * A workspace made before the catalogs marked the 2022 additions holds copies without the
 * marks: for such a copy (no control marked at all) the additions are these, as in the
 * standard's own list.
 */
static const char *const added_in_2022[] = { "6.3",   "A.5.7",  "A.5.23", "A.5.30",
					     "A.7.4", "A.8.9",  "A.8.10", "A.8.11",
					     "A.8.12", "A.8.16", "A.8.23", "A.8.28", NULL };

bool catalog_new_in_2022(const struct catalog *cat, const char *item)
{
	const struct control *control;
	const struct clause *clause;
	size_t i;

	for (i = 0; i < cat->control_count && !cat->controls[i].new_in_2022; i++)
		;
	if (i == cat->control_count) { /* an older copy without the marks */
		for (i = 0; added_in_2022[i]; i++)
			if (strcmp(added_in_2022[i], item) == 0)
				return true;
		return false;
	}
	if (strncmp(item, "A.", 2) == 0)
		return (control = catalog_find_control(cat, item + 2)) && control->new_in_2022;
	return (clause = catalog_find_clause(cat, item)) && clause->new_in_2022;
}
