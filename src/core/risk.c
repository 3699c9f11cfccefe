#include "ims2/risk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/markdown.h"
#include "ims2/source.h"

void risk_method_release(struct risk_method *m)
{
	ydoc_release(&m->doc);
	memset(m, 0, sizeof(*m));
}

int risk_level_by_id(const struct risk_method *m, const char *id)
{
	int i;

	for (i = 0; i < m->level_count; i++)
		if (strcmp(m->levels[i].id, id) == 0)
			return i;
	return -1;
}

int risk_scale_index(const struct risk_scale *s, int value)
{
	int i;

	for (i = 0; i < s->count; i++)
		if (s->values[i] == value)
			return i;
	return -1;
}

static int whole_number(const char *s)
{
	return util_valid_number(s) && !strchr(s, '.');
}

static int load_scale(const struct ydoc *doc, const char *key, struct risk_scale *s,
		      struct ims2_error *err)
{
	const struct ydoc_node *list = ydoc_get(doc->root, key);
	size_t i;
	int rc;

	if (!list || list->kind != YDOC_SEQ || list->count < 2 || list->count > RISK_MAX_SCALE)
		return ydoc_fail(err, doc, list ? list : doc->root,
				 "'%s' must list 2 to %d levels", key, RISK_MAX_SCALE);
	for (i = 0; i < list->count; i++) {
		static const char *const keys[] = { "value", "label", "description", NULL };
		const struct ydoc_node *n = list->items[i];
		const char *value;
		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "value", true, &value, err)) ||
		    (rc = ydoc_string(doc, n, "label", true, &s->labels[i], err)) ||
		    (rc = ydoc_string(doc, n, "description", true, &s->descriptions[i], err)))
			return rc;
		if (!whole_number(value))
			return ydoc_fail(err, doc, n, "%s value '%s' is not a whole number", key,
					 value);
		s->values[i] = atoi(value);
		if (i > 0 && s->values[i] <= s->values[i - 1])
			return ydoc_fail(err, doc, n, "%s value %d is a duplicate or out of order",
					 key, s->values[i]);
		s->count++;
	}
	return IMS2_OK;
}

static int load_levels(struct risk_method *m, struct ims2_error *err)
{
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *list = ydoc_get(doc->root, "levels");
	size_t i;
	int rc;

	if (!list || list->kind != YDOC_SEQ || list->count < 2 || list->count > RISK_MAX_LEVELS)
		return ydoc_fail(err, doc, list ? list : doc->root, "'levels' must list 2 to %d levels",
				 RISK_MAX_LEVELS);
	for (i = 0; i < list->count; i++) {
		static const char *const keys[] = { "id", "label", "colour", "symbol", NULL };
		struct risk_level *l = &m->levels[i];
		const struct ydoc_node *n = list->items[i];
		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "id", true, &l->id, err)) ||
		    (rc = ydoc_string(doc, n, "label", true, &l->label, err)) ||
		    (rc = ydoc_string(doc, n, "colour", true, &l->colour, err)) ||
		    (rc = ydoc_string(doc, n, "symbol", true, &l->symbol, err)))
			return rc;
		if (risk_level_by_id(m, l->id) >= 0)
			return ydoc_fail(err, doc, n, "level '%s' is listed twice", l->id);
		m->level_count++;
	}
	return IMS2_OK;
}

/* A level named in a cell, band or criterion. */
static int level_ref(struct risk_method *m, const struct ydoc_node *n, const char *where,
		     int *level, struct ims2_error *err)
{
	if (!n || n->kind != YDOC_SCALAR)
		return ydoc_fail(err, &m->doc, n, "%s must name a level", where);
	*level = risk_level_by_id(m, n->scalar);
	if (*level < 0)
		return ydoc_fail(err, &m->doc, n, "%s names an unknown level '%s'", where, n->scalar);
	return IMS2_OK;
}

static int load_grid(struct risk_method *m, struct ims2_error *err)
{
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *grid = ydoc_get(doc->root, "grid");
	int l, i, rc;

	if (!grid || grid->kind != YDOC_MAP)
		return ydoc_fail(err, doc, grid ? grid : doc->root,
				 "a lookup method needs a 'grid' of likelihood rows");
	for (l = 0; l < m->likelihood.count; l++) {
		char key[16], where[64];
		const struct ydoc_node *row;
		snprintf(key, sizeof(key), "%d", m->likelihood.values[l]);
		row = ydoc_get(grid, key);
		if (!row)
			return ydoc_fail(err, doc, grid, "the grid has no row for likelihood %s", key);
		if (row->kind != YDOC_SEQ || row->count != (size_t)m->impact.count)
			return ydoc_fail(err, doc, row,
					 "the row for likelihood %s must have %d cells, one per impact",
					 key, m->impact.count);
		for (i = 0; i < m->impact.count; i++) {
			snprintf(where, sizeof(where), "the cell likelihood %s, impact %d", key,
				 m->impact.values[i]);
			if ((rc = level_ref(m, row->items[i], where, &m->grid[l][i], err)))
				return rc;
		}
	}
	for (i = 0; i < (int)grid->count; i++)
		if (!whole_number(grid->keys[i]->scalar) ||
		    risk_scale_index(&m->likelihood, atoi(grid->keys[i]->scalar)) < 0)
			return ydoc_fail(err, doc, grid->keys[i],
					 "the grid row '%s' is not a likelihood value",
					 grid->keys[i]->scalar);
	return IMS2_OK;
}

int risk_max_score(const struct risk_method *m)
{
	int top = m->likelihood.values[m->likelihood.count - 1] *
		  m->impact.values[m->impact.count - 1];

	if (m->kind == RISK_MONARC)
		top *= m->vulnerability.values[m->vulnerability.count - 1];
	return top;
}

static int load_bands(struct risk_method *m, struct ims2_error *err)
{
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *bands = ydoc_get(doc->root, "bands");
	size_t i;
	int rc;

	if (!bands || bands->kind != YDOC_SEQ || !bands->count || bands->count > RISK_MAX_LEVELS)
		return ydoc_fail(err, doc, bands ? bands : doc->root,
				 "a formula method needs 'bands': {max: N, level: ID}, ascending");
	for (i = 0; i < bands->count; i++) {
		const struct ydoc_node *n = bands->items[i];
		const char *max;
		char where[48];
		if ((rc = ydoc_string(doc, n, "max", true, &max, err)))
			return rc;
		if (!whole_number(max))
			return ydoc_fail(err, doc, n, "band max '%s' is not a whole number", max);
		m->band_max[i] = atoi(max);
		if (i > 0 && m->band_max[i] <= m->band_max[i - 1])
			return ydoc_fail(err, doc, n, "band %zu does not go above the band before it",
					 i + 1);
		snprintf(where, sizeof(where), "band %zu", i + 1);
		if ((rc = level_ref(m, ydoc_get(n, "level"), where, &m->band_level[i], err)))
			return rc;
		m->band_count++;
	}
	if (m->band_max[m->band_count - 1] < risk_max_score(m))
		return ydoc_fail(err, doc, bands, "the bands stop at %d but scores reach %d",
				 m->band_max[m->band_count - 1], risk_max_score(m));
	return IMS2_OK;
}

int risk_band(const struct risk_method *m, int score)
{
	int b;

	for (b = 0; b < m->band_count; b++)
		if (score <= m->band_max[b])
			return m->band_level[b];
	return -1;
}

/* The level of the cell at scale indexes l, i. */
static int cell(const struct risk_method *m, int l, int i)
{
	if (m->kind == RISK_LOOKUP)
		return m->grid[l][i];
	return risk_band(m, m->likelihood.values[l] * m->impact.values[i]);
}

int risk_method_check_monotone(const struct risk_method *m, struct strbuf *report)
{
	int l, i, bad = 0;

	if (m->kind == RISK_MONARC) {
		for (i = 1; i < m->band_count; i++)
			if (m->band_level[i] < m->band_level[i - 1]) {
				strbuf_addf(report, "band %d has a lower level than band %d; ", i + 1, i);
				bad++;
			}
		return bad;
	}
	for (l = 0; l < m->likelihood.count; l++) {
		for (i = 0; i < m->impact.count; i++) {
			if ((l > 0 && cell(m, l, i) < cell(m, l - 1, i)) ||
			    (i > 0 && cell(m, l, i) < cell(m, l, i - 1))) {
				strbuf_addf(report, "%sthe cell likelihood %d, impact %d is lower than "
						    "a cell below or left of it",
					    bad ? "; " : "", m->likelihood.values[l],
					    m->impact.values[i]);
				bad++;
			}
		}
	}
	return bad;
}

int risk_method_load_text(struct risk_method *m, const char *origin, const char *text,
			  size_t len, struct ims2_error *err)
{
	static const char *const keys[] = { "method", "title", "description", "kind", "likelihood",
					    "impact", "vulnerability", "levels", "grid", "bands",
					    "acceptance", NULL };
	const struct ydoc_node *acc;
	struct strbuf report = { 0 };
	const char *kind;
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = ydoc_parse(&m->doc, origin, text, len, err)) ||
	    (rc = ydoc_known_keys(&m->doc, m->doc.root, keys, err)) ||
	    (rc = ydoc_string(&m->doc, m->doc.root, "method", true, &m->id, err)) ||
	    (rc = ydoc_string(&m->doc, m->doc.root, "title", true, &m->title, err)) ||
	    (rc = ydoc_string(&m->doc, m->doc.root, "description", true, &m->description, err)) ||
	    (rc = ydoc_string(&m->doc, m->doc.root, "kind", true, &kind, err)))
		return rc;
	if (strcmp(kind, "lookup") == 0)
		m->kind = RISK_LOOKUP;
	else if (strcmp(kind, "formula") == 0)
		m->kind = RISK_FORMULA;
	else if (strcmp(kind, "monarc") == 0)
		m->kind = RISK_MONARC;
	else
		return ydoc_fail(err, &m->doc, ydoc_get(m->doc.root, "kind"),
				 "kind must be lookup, formula or monarc, not '%s'", kind);
	if ((rc = load_scale(&m->doc, "likelihood", &m->likelihood, err)) ||
	    (rc = load_scale(&m->doc, "impact", &m->impact, err)) ||
	    (m->kind == RISK_MONARC &&
	     (rc = load_scale(&m->doc, "vulnerability", &m->vulnerability, err))) ||
	    (rc = load_levels(m, err)) ||
	    (rc = m->kind == RISK_LOOKUP ? load_grid(m, err) : load_bands(m, err)))
		return rc;
	acc = ydoc_get(m->doc.root, "acceptance");
	if (!acc || acc->kind != YDOC_MAP)
		return ydoc_fail(err, &m->doc, m->doc.root,
				 "'acceptance' must give owner_may_accept and must_treat");
	if ((rc = level_ref(m, ydoc_get(acc, "owner_may_accept"), "owner_may_accept",
			    &m->owner_may_accept, err)) ||
	    (rc = level_ref(m, ydoc_get(acc, "must_treat"), "must_treat", &m->must_treat, err)))
		return rc;
	if (m->must_treat <= m->owner_may_accept)
		return ydoc_fail(err, &m->doc, acc,
				 "must_treat must be a higher level than owner_may_accept");
	if (risk_method_check_monotone(m, &report)) {
		rc = ydoc_fail(err, &m->doc, m->doc.root, "not monotone: %s", report.buf);
		strbuf_release(&report);
		return rc;
	}
	return IMS2_OK;
}

int risk_method_load(struct risk_method *m, const char *id, const char *data_dir,
		     struct ims2_error *err)
{
	char *name, *text, *origin;
	size_t len;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!*id || id[strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-")]) {
		error_set(err, IMS2_USAGE, "unknown risk method '%s'", id);
		return error_hint(err, "'ims2 matrix list' shows the methods");
	}
	name = xasprintf("matrices/%s.yaml", id);
	rc = source_read(data_dir, name, &text, &len, &origin, err);
	free(name);
	if (rc) {
		error_set(err, IMS2_USAGE, "unknown risk method '%s'", id);
		return error_hint(err, "'ims2 matrix list' shows the methods");
	}
	rc = risk_method_load_text(m, origin, text, len, err);
	free(text);
	free(origin);
	return rc;
}

size_t risk_method_list(const char **ids, size_t max)
{
	const char *names[64];
	size_t n = source_list("matrices/", names, 64), i;

	for (i = 0; i < n && i < max; i++)
		ids[i] = names[i];
	return i;
}

int risk_level(const struct risk_method *m, int likelihood, int impact, int *level,
	       struct ims2_error *err)
{
	int l = risk_scale_index(&m->likelihood, likelihood);
	int i = risk_scale_index(&m->impact, impact);

	*level = -1;
	if (l < 0)
		return error_set(err, IMS2_INVALID, "likelihood %d is outside the scale %d to %d",
				 likelihood, m->likelihood.values[0],
				 m->likelihood.values[m->likelihood.count - 1]);
	if (i < 0)
		return error_set(err, IMS2_INVALID, "impact %d is outside the scale %d to %d", impact,
				 m->impact.values[0], m->impact.values[m->impact.count - 1]);
	if (m->kind == RISK_MONARC)
		return error_set(err, IMS2_INVALID, "the MONARC method rates a risk from impact, "
						    "threat and vulnerability");
	*level = cell(m, l, i);
	return IMS2_OK;
}

int risk_monarc(const struct risk_method *m, const int impact_cia[3], int threat,
		int vulnerability, int reduction, unsigned affects, int *score, int *level,
		struct ims2_error *err)
{
	int c, v, floor;

	*score = -1;
	*level = -1;
	if (m->kind != RISK_MONARC)
		return error_set(err, IMS2_INVALID, "not a MONARC method");
	if (threat < 0 || vulnerability < 0)
		return IMS2_OK;
	if (risk_scale_index(&m->likelihood, threat) < 0)
		return error_set(err, IMS2_INVALID, "threat %d is outside the scale %d to %d", threat,
				 m->likelihood.values[0],
				 m->likelihood.values[m->likelihood.count - 1]);
	if (risk_scale_index(&m->vulnerability, vulnerability) < 0)
		return error_set(err, IMS2_INVALID, "vulnerability %d is outside the scale %d to %d",
				 vulnerability, m->vulnerability.values[0],
				 m->vulnerability.values[m->vulnerability.count - 1]);
	floor = m->vulnerability.values[0];
	v = vulnerability - (reduction > 0 ? reduction : 0);
	if (v < floor)
		v = floor;
	for (c = 0; c < 3; c++) {
		if (!(affects & (1u << c)) || impact_cia[c] < 0)
			continue;
		if (risk_scale_index(&m->impact, impact_cia[c]) < 0)
			return error_set(err, IMS2_INVALID, "impact %d is outside the scale %d to %d",
					 impact_cia[c], m->impact.values[0],
					 m->impact.values[m->impact.count - 1]);
		if (impact_cia[c] * threat * v > *score)
			*score = impact_cia[c] * threat * v;
	}
	if (*score >= 0)
		*level = risk_band(m, *score);
	return IMS2_OK;
}

void risk_method_grid_markdown(const struct risk_method *m, struct strbuf *out)
{
	int l, i, b;

	if (m->kind == RISK_MONARC) {
		strbuf_adds(out, "| Score | Level |\n|---|---|\n");
		for (b = 0; b < m->band_count; b++) {
			strbuf_addf(out, "| %d to %d | ", b ? m->band_max[b - 1] + 1 : 0, m->band_max[b]);
			md_cell(out, m->levels[m->band_level[b]].label);
			strbuf_adds(out, " |\n");
		}
		return;
	}
	strbuf_adds(out, "| ");
	md_cell(out, "Likelihood \\ Impact");
	for (i = 0; i < m->impact.count; i++) {
		strbuf_adds(out, " | ");
		md_cell(out, m->impact.labels[i]);
	}
	strbuf_adds(out, " |\n|---|");
	for (i = 0; i < m->impact.count; i++)
		strbuf_adds(out, "---|");
	strbuf_adds(out, "\n");
	for (l = m->likelihood.count - 1; l >= 0; l--) {
		strbuf_adds(out, "| ");
		md_cell(out, m->likelihood.labels[l]);
		for (i = 0; i < m->impact.count; i++) {
			strbuf_adds(out, " | ");
			md_cell(out, m->levels[cell(m, l, i)].label);
		}
		strbuf_adds(out, " |\n");
	}
}
