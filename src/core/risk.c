#include "ims2/risk.h"

#include <assert.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/markdown.h"
#include "ims2/source.h"

static const char *const colour_roles[] = { "green", "yellow", "orange", "red", "darkred", NULL };

/* The last method loaded by risk_method_load_shared, and the ones still borrowed. */
struct shared_method {
	char *origin, *text;
	size_t len;
	struct risk_method m;
	int users;    /* copies not yet released */
	bool current; /* the one a new call may borrow */
};

static struct shared_method *shared_current;

static void shared_free(struct shared_method *s)
{
	ydoc_release(&s->m.doc);
	free(s->origin);
	free(s->text);
	free(s);
}

void risk_method_release(struct risk_method *m)
{
	struct shared_method *s = m->shared;

	if (s) {
		if (--s->users == 0 && !s->current)
			shared_free(s);
	} else {
		ydoc_release(&m->doc);
	}
	memset(m, 0, sizeof(*m));
}

int risk_method_load_shared(struct risk_method *m, const char *origin, const char *text,
			    size_t len, struct ims2_error *err)
{
	struct shared_method *s = shared_current;
	int rc;

	if (!s || s->len != len || strcmp(s->origin, origin) != 0 || memcmp(s->text, text, len)) {
		s = xcalloc(1, sizeof(*s));
		if ((rc = risk_method_load_text(&s->m, origin, text, len, err))) {
			free(s);
			memset(m, 0, sizeof(*m));
			return rc;
		}
		s->origin = xstrdup(origin);
		s->len = len;
		s->text = xmalloc(len + 1);
		memcpy(s->text, text, len);
		s->text[len] = '\0';
		if (shared_current) {
			shared_current->current = false;
			if (shared_current->users == 0)
				shared_free(shared_current);
		}
		s->current = true;
		shared_current = s;
	}
	*m = s->m;
	m->shared = s;
	s->users++;
	return IMS2_OK;
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

int risk_level_count(const struct risk_method *m)
{
	return m->level_count;
}

static const struct risk_level *level_at(const struct risk_method *m, int level)
{
	return level >= 0 && level < m->level_count ? &m->levels[level] : NULL;
}

const char *risk_level_label(const struct risk_method *m, int level)
{
	return level_at(m, level) ? level_at(m, level)->label : NULL;
}

const char *risk_level_symbol(const struct risk_method *m, int level)
{
	return level_at(m, level) ? level_at(m, level)->symbol : NULL;
}

const char *risk_level_colour(const struct risk_method *m, int level)
{
	return level_at(m, level) ? level_at(m, level)->colour : NULL;
}

int risk_likelihood_count(const struct risk_method *m)
{
	return m->likelihood.count;
}

int risk_impact_count(const struct risk_method *m)
{
	return m->impact.count;
}

/* A whole number written plainly ("3", "-2", no sign +, no fraction) within +-limit. */
static bool parse_whole(const char *s, long limit, int *out)
{
	const char *p = s + (*s == '-');
	long v = 0;

	if (!*p || strlen(p) > 10)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > limit)
			return false;
	}
	*out = (int)(*s == '-' ? -v : v);
	return true;
}

/* "1 to 5" when the values are consecutive, otherwise "1, 2, 4". */
static void describe_scale(const struct risk_scale *s, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	if (s->values[s->count - 1] - s->values[0] == s->count - 1) {
		snprintf(buf, size, "%d to %d", s->values[0], s->values[s->count - 1]);
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < s->count && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%d", i ? ", " : "", s->values[i]);
}

static int off_scale(const struct risk_method *m, const char *what, const struct risk_scale *s,
		     int value, struct ims2_error *err)
{
	char range[96];

	describe_scale(s, range, sizeof(range));
	return error_set(err, IMS2_INVALID, "%s %d is not on the %s scale of method '%s' (%s)",
			 what, value, what, m->id, range);
}

int risk_check_value(const struct risk_method *m, const struct risk_scale *s,
		     const char *scale_name, const char *label, const char *text,
		     struct ims2_error *err)
{
	char range[96], *end;
	const char *q;
	double d;
	int i;

	if (!text || !*text || !s->count)
		return IMS2_OK;
	d = strtod(text, &end);
	for (i = 0; i < s->count && *end == '\0'; i++)
		if (d == s->values[i])
			return IMS2_OK;
	describe_scale(s, range, sizeof(range));
	/* Quoted when it has spaces: "Impact   is not on" hid a value of blanks. */
	q = strpbrk(text, " \t") ? "'" : "";
	return error_set(err, IMS2_INVALID, "%s %s%.40s%s is not on the %s scale of method '%s' (%s)",
			 label, q, text, q, scale_name, m->id, range);
}

static int load_scale(struct risk_method *m, const char *key, struct risk_scale *s,
		      struct ims2_error *err)
{
	static const char *const keys[] = { "value", "label", "description", NULL };
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *list = ydoc_get(doc->root, key);
	size_t i;
	int j, rc;

	if (!list || list->kind != YDOC_SEQ || list->count < 2 || list->count > RISK_MAX_SCALE)
		return ydoc_fail(err, doc, list ? list : doc->root,
				 "'%s' must list 2 to %d values", key, RISK_MAX_SCALE);
	for (i = 0; i < list->count; i++) {
		const struct ydoc_node *n = list->items[i];
		const char *value;
		int v;

		if (n->kind != YDOC_MAP)
			return ydoc_fail(err, doc, n, "each %s value must be {value, label, "
						      "description}", key);
		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "value", true, &value, err)) ||
		    (rc = ydoc_string(doc, n, "label", true, &s->labels[i], err)) ||
		    (rc = ydoc_string(doc, n, "description", true, &s->descriptions[i], err)))
			return rc;
		if (!parse_whole(value, RISK_MAX_VALUE, &v))
			return ydoc_fail(err, doc, ydoc_get(n, "value"),
					 "%s value '%s' is not a whole number from %d to %d", key,
					 value, -RISK_MAX_VALUE, RISK_MAX_VALUE);
		for (j = 0; j < s->count; j++)
			if (s->values[j] == v)
				return ydoc_fail(err, doc, ydoc_get(n, "value"),
						 "%s value %d is listed twice", key, v);
		if (s->count && v < s->values[s->count - 1])
			return ydoc_fail(err, doc, ydoc_get(n, "value"),
					 "%s values must go up: %d comes after %d", key, v,
					 s->values[s->count - 1]);
		/* Products of negative values would turn the order of scores around. */
		if (m->kind != RISK_LOOKUP && v < 0)
			return ydoc_fail(err, doc, ydoc_get(n, "value"),
					 "%s value %d is negative; a method that multiplies values "
					 "needs 0 or more",
					 key, v);
		s->values[s->count++] = v;
	}
	return IMS2_OK;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static int load_levels(struct risk_method *m, struct ims2_error *err)
{
	static const char *const keys[] = { "id", "label", "colour", "symbol", NULL };
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *list = ydoc_get(doc->root, "levels");
	size_t i;
	int rc;

	if (!list || list->kind != YDOC_SEQ || list->count < 2 || list->count > RISK_MAX_LEVELS)
		return ydoc_fail(err, doc, list ? list : doc->root,
				 "'levels' must list 2 to %d levels, lowest first", RISK_MAX_LEVELS);
	for (i = 0; i < list->count; i++) {
		struct risk_level *l = &m->levels[i];
		const struct ydoc_node *n = list->items[i];

		if (n->kind != YDOC_MAP)
			return ydoc_fail(err, doc, n, "each level must be {id, label, colour, symbol}");
		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "id", true, &l->id, err)) ||
		    (rc = ydoc_string(doc, n, "label", true, &l->label, err)) ||
		    (rc = ydoc_string(doc, n, "colour", true, &l->colour, err)) ||
		    (rc = ydoc_string(doc, n, "symbol", true, &l->symbol, err)))
			return rc;
		if (risk_level_by_id(m, l->id) >= 0)
			return ydoc_fail(err, doc, ydoc_get(n, "id"), "level '%s' is listed twice",
					 l->id);
		if (!one_of(l->colour, colour_roles))
			return ydoc_fail(err, doc, ydoc_get(n, "colour"),
					 "level '%s': colour '%s' is not one of green, yellow, orange, "
					 "red, darkred",
					 l->id, l->colour);
		if (util_utf8_length(l->symbol) > 8)
			return ydoc_fail(err, doc, ydoc_get(n, "symbol"),
					 "level '%s': the symbol '%s' is longer than 8 characters",
					 l->id, l->symbol);
		m->level_count++;
	}
	return IMS2_OK;
}

/* The ids of the levels, for messages: "low, medium, high". */
static void level_ids(const struct risk_method *m, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < m->level_count && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					m->levels[i].id);
}

/* A level named in a cell, band or acceptance; where says which, for the message. */
static int level_ref(struct risk_method *m, const struct ydoc_node *at,
		     const struct ydoc_node *n, const char *where, int *level,
		     struct ims2_error *err)
{
	char known[160];

	if (!n)
		return ydoc_fail(err, &m->doc, at, "%s: the level is missing", where);
	if (n->kind != YDOC_SCALAR)
		return ydoc_fail(err, &m->doc, n, "%s must name a level", where);
	if (!n->scalar[0] || strcmp(n->scalar, "~") == 0 || strcmp(n->scalar, "null") == 0)
		return ydoc_fail(err, &m->doc, n, "%s is empty", where);
	*level = risk_level_by_id(m, n->scalar);
	if (*level < 0) {
		level_ids(m, known, sizeof(known));
		return ydoc_fail(err, &m->doc, n, "%s names an unknown level '%s' (levels: %s)",
				 where, n->scalar, known);
	}
	return IMS2_OK;
}

static int load_grid(struct risk_method *m, struct ims2_error *err)
{
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *grid = ydoc_get(doc->root, "grid");
	char key[16], where[80];
	size_t k;
	int l, i, rc;

	if (!grid || grid->kind != YDOC_MAP)
		return ydoc_fail(err, doc, grid ? grid : doc->root,
				 "a lookup method needs a 'grid': a row of levels for each "
				 "likelihood value");
	/* Rows are looked up by their plain spelling, so "03" cannot stand in for "3". */
	for (k = 0; k < grid->count; k++) {
		const char *name = grid->keys[k]->scalar;
		int v = 0;
		bool row_ok = parse_whole(name, RISK_MAX_VALUE, &v) &&
			      risk_scale_index(&m->likelihood, v) >= 0;

		snprintf(key, sizeof(key), "%d", v);
		if (!row_ok || strcmp(key, name) != 0)
			return ydoc_fail(err, doc, grid->keys[k],
					 "the grid row '%s' is not a likelihood value", name);
	}
	for (l = 0; l < m->likelihood.count; l++) {
		const struct ydoc_node *row;
		snprintf(key, sizeof(key), "%d", m->likelihood.values[l]);
		row = ydoc_get(grid, key);
		if (!row)
			return ydoc_fail(err, doc, grid, "the grid has no row for likelihood %s", key);
		if (row->kind != YDOC_SEQ)
			return ydoc_fail(err, doc, row,
					 "the row for likelihood %s must list one level per impact",
					 key);
		if (row->count < (size_t)m->impact.count)
			return ydoc_fail(err, doc, row,
					 "the row for likelihood %s has %zu cells for %d impact values: "
					 "the cell likelihood %s, impact %d is missing",
					 key, row->count, m->impact.count, key,
					 m->impact.values[row->count]);
		if (row->count > (size_t)m->impact.count)
			return ydoc_fail(err, doc, row->items[m->impact.count],
					 "the row for likelihood %s has %zu cells but there are only "
					 "%d impact values",
					 key, row->count, m->impact.count);
		for (i = 0; i < m->impact.count; i++) {
			snprintf(where, sizeof(where), "the cell likelihood %s, impact %d", key,
				 m->impact.values[i]);
			if ((rc = level_ref(m, row, row->items[i], where, &m->grid[l][i], err)))
				return rc;
		}
	}
	return IMS2_OK;
}

static int min_score(const struct risk_method *m)
{
	int low = m->likelihood.values[0] * m->impact.values[0];

	if (m->kind == RISK_MONARC)
		low *= m->vulnerability.values[0];
	return low;
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
	static const char *const keys[] = { "max", "level", NULL };
	const struct ydoc *doc = &m->doc;
	const struct ydoc_node *bands = ydoc_get(doc->root, "bands");
	size_t i;
	int rc;

	if (!bands || bands->kind != YDOC_SEQ || !bands->count || bands->count > RISK_MAX_LEVELS)
		return ydoc_fail(err, doc, bands ? bands : doc->root,
				 "a %s method needs 'bands': 1 to %d of {max: N, level: ID}, "
				 "ascending",
				 m->kind == RISK_MONARC ? "MONARC" : "formula", RISK_MAX_LEVELS);
	for (i = 0; i < bands->count; i++) {
		const struct ydoc_node *n = bands->items[i];
		const char *max;
		char where[32];
		int v;

		if (n->kind != YDOC_MAP)
			return ydoc_fail(err, doc, n, "band %zu must be {max: N, level: ID}", i + 1);
		if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
		    (rc = ydoc_string(doc, n, "max", true, &max, err)))
			return rc;
		if (!parse_whole(max, 1000000000L, &v))
			return ydoc_fail(err, doc, ydoc_get(n, "max"),
					 "band %zu: max '%s' is not a whole number", i + 1, max);
		if (i > 0 && v <= m->band_max[i - 1])
			return ydoc_fail(err, doc, ydoc_get(n, "max"),
					 "band %zu (max %d) does not go above band %zu (max %d): "
					 "bands must ascend",
					 i + 1, v, i, m->band_max[i - 1]);
		m->band_max[i] = v;
		snprintf(where, sizeof(where), "band %zu", i + 1);
		if ((rc = level_ref(m, n, ydoc_get(n, "level"), where, &m->band_level[i], err)))
			return rc;
		m->band_count++;
	}
	if (m->band_max[m->band_count - 1] < risk_max_score(m))
		return ydoc_fail(err, doc, bands->items[bands->count - 1],
				 "the bands stop at %d but scores reach %d: the last band must "
				 "cover the top score",
				 m->band_max[m->band_count - 1], risk_max_score(m));
	return IMS2_OK;
}

static int load_acceptance(struct risk_method *m, struct ims2_error *err)
{
	static const char *const keys[] = { "owner_may_accept", "must_treat", NULL };
	const struct ydoc_node *acc = ydoc_get(m->doc.root, "acceptance");
	int rc;

	if (!acc || acc->kind != YDOC_MAP)
		return ydoc_fail(err, &m->doc, acc ? acc : m->doc.root,
				 "'acceptance' must give owner_may_accept and must_treat");
	if ((rc = ydoc_known_keys(&m->doc, acc, keys, err)) ||
	    (rc = level_ref(m, acc, ydoc_get(acc, "owner_may_accept"), "owner_may_accept",
			    &m->owner_may_accept, err)) ||
	    (rc = level_ref(m, acc, ydoc_get(acc, "must_treat"), "must_treat", &m->must_treat,
			    err)))
		return rc;
	if (m->must_treat <= m->owner_may_accept)
		return ydoc_fail(err, &m->doc, ydoc_get(acc, "must_treat"),
				 "must_treat '%s' must be a higher level than owner_may_accept '%s'",
				 m->levels[m->must_treat].id, m->levels[m->owner_may_accept].id);
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

/* The level of the cell at scale indexes l, i (lookup and formula). */
static int cell(const struct risk_method *m, int l, int i)
{
	if (m->kind == RISK_LOOKUP)
		return m->grid[l][i];
	return risk_band(m, m->likelihood.values[l] * m->impact.values[i]);
}

/* The id of a cell's level, for messages; the loader has checked that it exists. */
static const char *cell_id(const struct risk_method *m, int l, int i)
{
	const struct risk_level *level = level_at(m, cell(m, l, i));

	return level ? level->id : "?";
}

/* Cell (l, i) has a lower level than its neighbour (nl, ni) one step lower on one scale. */
static void describe_drop(const struct risk_method *m, struct strbuf *report, bool first, int l,
			  int i, int nl, int ni)
{
	bool by_likelihood = nl != l;

	strbuf_addf(report, "%sraising %s from %d to %d at %s %d lowers the level from '%s' to '%s'",
		    first ? "" : "; ", by_likelihood ? "likelihood" : "impact",
		    by_likelihood ? m->likelihood.values[nl] : m->impact.values[ni],
		    by_likelihood ? m->likelihood.values[l] : m->impact.values[i],
		    by_likelihood ? "impact" : "likelihood",
		    by_likelihood ? m->impact.values[i] : m->likelihood.values[l],
		    cell_id(m, nl, ni), cell_id(m, l, i));
}

int risk_method_check_monotone(const struct risk_method *m, struct strbuf *report)
{
	int l, i, b, bad = 0;

	if (m->kind == RISK_MONARC) {
		/* Scores rise with each factor (all values are 0 or more): bands must not fall. */
		for (b = 1; b < m->band_count; b++) {
			if (m->band_level[b] < m->band_level[b - 1]) {
				strbuf_addf(report,
					    "%sband %d (scores up to %d) has level '%s', lower than "
					    "'%s' of band %d below it",
					    bad ? "; " : "", b + 1, m->band_max[b],
					    m->levels[m->band_level[b]].id,
					    m->levels[m->band_level[b - 1]].id, b);
				bad++;
			}
		}
		return bad;
	}
	/* Neighbours suffice: a drop anywhere shows as a drop between two adjacent cells. */
	for (l = 0; l < m->likelihood.count; l++) {
		for (i = 0; i < m->impact.count; i++) {
			bool below = l > 0 && cell(m, l, i) < cell(m, l - 1, i);
			bool left = i > 0 && cell(m, l, i) < cell(m, l, i - 1);

			if (below)
				describe_drop(m, report, !bad, l, i, l - 1, i);
			if (left)
				describe_drop(m, report, !bad && !below, l, i, l, i - 1);
			bad += below || left;
		}
	}
	return bad;
}

static int load_kind(struct risk_method *m, struct ims2_error *err)
{
	const char *kind;
	const struct ydoc_node *n;
	int rc;

	if ((rc = ydoc_string(&m->doc, m->doc.root, "kind", true, &kind, err)))
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
	if (m->kind == RISK_LOOKUP && (n = ydoc_get(m->doc.root, "bands")))
		return ydoc_fail(err, &m->doc, n, "a lookup method takes a 'grid', not 'bands'");
	if (m->kind != RISK_LOOKUP && (n = ydoc_get(m->doc.root, "grid")))
		return ydoc_fail(err, &m->doc, n, "a %s method takes 'bands', not a 'grid'", kind);
	if (m->kind != RISK_MONARC && (n = ydoc_get(m->doc.root, "vulnerability")))
		return ydoc_fail(err, &m->doc, n, "only a MONARC method has a vulnerability scale");
	return IMS2_OK;
}

/* The id: `id`, or `method` as written by ims2 before 0.1 and kept in older workspaces. */
static int load_id(struct risk_method *m, struct ims2_error *err)
{
	const struct ydoc_node *id = ydoc_get(m->doc.root, "id");
	const struct ydoc_node *old = ydoc_get(m->doc.root, "method");

	if (id && old)
		return ydoc_fail(err, &m->doc, old, "give the method's 'id' once, not also 'method'");
	return ydoc_string(&m->doc, m->doc.root, old ? "method" : "id", true, &m->id, err);
}

static int load_text(struct risk_method *m, const char *origin, const char *text, size_t len,
		     struct ims2_error *err);

/* A failed load frees what it allocated: callers need not release a method that failed. */
int risk_method_load_text(struct risk_method *m, const char *origin, const char *text,
			  size_t len, struct ims2_error *err)
{
	int rc = load_text(m, origin, text, len, err);

	if (rc)
		risk_method_release(m);
	return rc;
}

static int load_text(struct risk_method *m, const char *origin, const char *text, size_t len,
		     struct ims2_error *err)
{
	static const char *const keys[] = { "id", "method", "title", "description", "kind",
					    "likelihood", "impact", "vulnerability", "levels",
					    "grid", "bands", "acceptance", NULL };
	const struct ydoc_node *shape;
	struct strbuf report = { 0 };
	int rc, bad;

	memset(m, 0, sizeof(*m));
	if ((rc = ydoc_parse(&m->doc, origin, text, len, err)) ||
	    (rc = ydoc_known_keys(&m->doc, m->doc.root, keys, err)) || (rc = load_id(m, err)) ||
	    (rc = ydoc_string(&m->doc, m->doc.root, "title", true, &m->title, err)) ||
	    (rc = ydoc_string(&m->doc, m->doc.root, "description", true, &m->description, err)) ||
	    (rc = load_kind(m, err)) || (rc = load_scale(m, "likelihood", &m->likelihood, err)) ||
	    (rc = load_scale(m, "impact", &m->impact, err)) ||
	    (m->kind == RISK_MONARC &&
	     (rc = load_scale(m, "vulnerability", &m->vulnerability, err))) ||
	    (rc = load_levels(m, err)) ||
	    (rc = m->kind == RISK_LOOKUP ? load_grid(m, err) : load_bands(m, err)) ||
	    (rc = load_acceptance(m, err)))
		return rc;
	bad = risk_method_check_monotone(m, &report);
	if (bad) {
		shape = ydoc_get(m->doc.root, m->kind == RISK_LOOKUP ? "grid" : "bands");
		rc = ydoc_fail(err, &m->doc, shape, "the method is not monotone (%d %s%s): %s", bad,
			       m->kind == RISK_MONARC ? "band" : "cell", bad == 1 ? "" : "s",
			       report.buf);
	}
	strbuf_release(&report);
	return rc;
}

static bool valid_id(const char *id)
{
	size_t n = strlen(id);

	return n > 0 && n <= 64 && id[0] != '-' && id[0] != '_' &&
	       id[strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")] ==
		       '\0';
}

static int compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the id of a file name "<id>.yaml" when it is a valid id. */
static void add_id(char ***ids, size_t *count, const char *file)
{
	size_t n = strlen(file);
	char *id;

	if (n <= 5 || strcmp(file + n - 5, ".yaml") != 0)
		return;
	id = xstrndup(file, n - 5);
	if (!valid_id(id)) {
		free(id);
		return;
	}
	*ids = xrealloc(*ids, (*count + 1) * sizeof(**ids));
	(*ids)[(*count)++] = id;
}

size_t risk_method_list_ids(const char *data_dir, char ***ids)
{
	const char *names[64];
	size_t n = source_list("matrices/", names, 64), count = 0, i, out;

	*ids = NULL;
	for (i = 0; i < n; i++)
		add_id(ids, &count, names[i] + strlen("matrices/"));
	if (data_dir && *data_dir) {
		char *path = xasprintf("%s/matrices", data_dir);
		DIR *dir = opendir(path);
		struct dirent *e;

		while (dir && (e = readdir(dir)))
			add_id(ids, &count, e->d_name);
		if (dir)
			closedir(dir);
		free(path);
	}
	if (!count)
		return 0;
	qsort(*ids, count, sizeof(**ids), compare_ids);
	for (i = 1, out = 1; i < count; i++) {
		if (strcmp((*ids)[i], (*ids)[out - 1]) == 0)
			free((*ids)[i]);
		else
			(*ids)[out++] = (*ids)[i];
	}
	return out;
}

void risk_method_ids_free(char **ids, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(ids[i]);
	free(ids);
}

static int unknown_method(const char *id, const char *data_dir, struct ims2_error *err)
{
	struct strbuf list = { 0 };
	char **ids;
	size_t n = risk_method_list_ids(data_dir, &ids), i;

	for (i = 0; i < n; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", ids[i]);
	error_set(err, IMS2_USAGE, "unknown risk method '%.100s'", id);
	error_hint(err, "the methods are: %s", list.buf ? list.buf : "(none)");
	strbuf_release(&list);
	risk_method_ids_free(ids, n);
	return err->status;
}

int risk_method_load(struct risk_method *m, const char *id, const char *data_dir,
		     struct ims2_error *err)
{
	char *name, *text, *origin, **ids;
	size_t len, n, i;
	bool known = false;
	int rc;

	memset(m, 0, sizeof(*m));
	/* Checked against the list first, so that an id can never name a path. */
	n = valid_id(id) ? risk_method_list_ids(data_dir, &ids) : 0;
	for (i = 0; i < n; i++)
		known = known || strcmp(ids[i], id) == 0;
	if (n)
		risk_method_ids_free(ids, n);
	if (!known)
		return unknown_method(id, data_dir, err);
	name = xasprintf("matrices/%s.yaml", id);
	rc = source_read(data_dir, name, &text, &len, &origin, err);
	free(name);
	if (rc)
		return rc;
	rc = risk_method_load_text(m, origin, text, len, err);
	if (!rc && strcmp(m->id, id) != 0) {
		const struct ydoc_node *at = ydoc_get(m->doc.root, "id");
		rc = ydoc_fail(err, &m->doc, at ? at : ydoc_get(m->doc.root, "method"),
			       "the file of method '%s' gives the id '%s'", id, m->id);
	}
	free(text);
	free(origin);
	return rc;
}

int risk_level(const struct risk_method *m, int likelihood, int impact, int *level,
	       struct ims2_error *err)
{
	int l = risk_scale_index(&m->likelihood, likelihood);
	int i = risk_scale_index(&m->impact, impact);

	*level = -1;
	if (m->kind == RISK_MONARC)
		return error_set(err, IMS2_INVALID, "the MONARC method rates a risk from impact, "
						    "threat and vulnerability, not from a grid");
	if (l < 0)
		return off_scale(m, "likelihood", &m->likelihood, likelihood, err);
	if (i < 0)
		return off_scale(m, "impact", &m->impact, impact, err);
	*level = cell(m, l, i);
	return IMS2_OK;
}

int risk_score(const struct risk_method *m, int likelihood, int impact)
{
	if (m->kind != RISK_FORMULA || risk_scale_index(&m->likelihood, likelihood) < 0 ||
	    risk_scale_index(&m->impact, impact) < 0)
		return -1;
	return likelihood * impact;
}

int risk_monarc(const struct risk_method *m, const int impact_cia[3], int threat,
		int vulnerability, int reduction, unsigned affects, int *score, int *level,
		struct ims2_error *err)
{
	static const char *const criteria[] = { "confidentiality", "integrity", "availability" };
	int c, v;

	*score = -1;
	*level = -1;
	if (m->kind != RISK_MONARC)
		return error_set(err, IMS2_INVALID, "method '%s' is not a MONARC method", m->id);
	if (threat != -1 && risk_scale_index(&m->likelihood, threat) < 0)
		return off_scale(m, "threat", &m->likelihood, threat, err);
	if (vulnerability != -1 && risk_scale_index(&m->vulnerability, vulnerability) < 0)
		return off_scale(m, "vulnerability", &m->vulnerability, vulnerability, err);
	for (c = 0; c < 3; c++)
		if (impact_cia[c] != -1 && risk_scale_index(&m->impact, impact_cia[c]) < 0)
			return error_set(err, IMS2_INVALID,
					 "impact %d on %s is not on the impact scale of method "
					 "'%s' (%d to %d)",
					 impact_cia[c], criteria[c], m->id, m->impact.values[0],
					 m->impact.values[m->impact.count - 1]);
	if (reduction < 0)
		return error_set(err, IMS2_INVALID,
				 "the reduction %d is negative: measures can only lower the "
				 "vulnerability",
				 reduction);
	if (threat == -1 || vulnerability == -1)
		return IMS2_OK;
	v = vulnerability - reduction;
	if (v < m->vulnerability.values[0])
		v = m->vulnerability.values[0];
	for (c = 0; c < 3; c++)
		if ((affects & (1u << c)) && impact_cia[c] != -1 &&
		    impact_cia[c] * threat * v > *score)
			*score = impact_cia[c] * threat * v;
	if (*score >= 0)
		*level = risk_band(m, *score);
	return IMS2_OK;
}

int risk_monarc_residual(const struct risk_method *m, const int impact_cia[3], int threat,
			 int vulnerability, int reduction, unsigned affects, int *score,
			 int *level, struct ims2_error *err)
{
	return risk_monarc(m, impact_cia, threat, vulnerability, reduction, affects, score, level,
			   err);
}

static void grid_bands_markdown(const struct risk_method *m, struct strbuf *out)
{
	int b, from, to;

	strbuf_adds(out, "| Score | Level |\n|---|---|\n");
	for (b = 0; b < m->band_count; b++) {
		from = b ? m->band_max[b - 1] + 1 : min_score(m);
		to = m->band_max[b] < risk_max_score(m) ? m->band_max[b] : risk_max_score(m);
		if (from < min_score(m))
			from = min_score(m);
		if (from > to)
			continue; /* no score falls in this band */
		if (from == to)
			strbuf_addf(out, "| %d | ", from);
		else
			strbuf_addf(out, "| %d to %d | ", from, to);
		md_cell(out, risk_level_label(m, m->band_level[b]));
		strbuf_adds(out, " |\n");
	}
}

void risk_method_grid_markdown(const struct risk_method *m, struct strbuf *out)
{
	int l, i;

	if (m->kind == RISK_MONARC) {
		grid_bands_markdown(m, out);
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
			md_cell(out, risk_level_label(m, cell(m, l, i)));
		}
		strbuf_adds(out, " |\n");
	}
}

const char *risk_level_decision(const struct risk_method *m, int level)
{
	assert(level >= 0 && level < m->level_count);
	if (level <= m->owner_may_accept)
		return "may be accepted by its owner";
	if (level >= m->must_treat)
		return "must be treated";
	return "needs management approval to be accepted";
}
