#include "ims2/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/source.h"
#include "ims2/util.h"

#define FIELD_DEFAULT_MAX 4000
#define MULTILINE_DEFAULT_MAX 65536

static const char *const type_names[] = { "text", "multiline", "choice", "date",	"number",
					  "ref",  "controls",  "refs",   "datetime" };

const char *field_type_name(enum field_type type)
{
	return type_names[type];
}

const char *field_default(const struct field *f)
{
	if (f->default_value)
		return f->default_value;
	return f->type == FIELD_CHOICE ? f->choices[0] : NULL;
}

static int load_field(const struct ydoc *doc, const struct ydoc_node *n, struct field *f,
		      struct ims2_error *err)
{
	static const char *const keys[] = { "name", "label", "type", "required", "width", "max",
					    "choices", "ref", "required_if", "not_before", "help",
					    "readonly", "default", "range", "unique", "backlink",
					    "single", NULL };
	const char *type, *required, *width, *max, *readonly, *unique, *single, **range = NULL;
	size_t range_count = 0;
	const struct ydoc_node *rif;
	size_t t;
	int rc;

	if (n->kind != YDOC_MAP)
		return ydoc_fail(err, doc, n, "a field must be a mapping");
	if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
	    (rc = ydoc_string(doc, n, "name", true, &f->name, err)) ||
	    (rc = ydoc_string(doc, n, "label", true, &f->label, err)) ||
	    (rc = ydoc_string(doc, n, "type", true, &type, err)) ||
	    (rc = ydoc_string(doc, n, "required", false, &required, err)) ||
	    (rc = ydoc_string(doc, n, "width", false, &width, err)) ||
	    (rc = ydoc_string(doc, n, "max", false, &max, err)) ||
	    (rc = ydoc_string(doc, n, "help", false, &f->help, err)) ||
	    (rc = ydoc_string(doc, n, "ref", false, &f->ref, err)) ||
	    (rc = ydoc_string(doc, n, "backlink", false, &f->backlink, err)) ||
	    (rc = ydoc_string(doc, n, "not_before", false, &f->not_before, err)) ||
	    (rc = ydoc_string(doc, n, "readonly", false, &readonly, err)) ||
	    (rc = ydoc_string(doc, n, "default", false, &f->default_value, err)) ||
	    (rc = ydoc_string(doc, n, "unique", false, &unique, err)) ||
	    (rc = ydoc_string(doc, n, "single", false, &single, err)) ||
	    (rc = ydoc_strings(doc, n, "choices", &f->choices, &f->choice_count, err)) ||
	    (rc = ydoc_strings(doc, n, "range", &range, &range_count, err))) {
		free(range);
		return rc;
	}
	if (ydoc_get(n, "range")) {
		bool ok = range_count == 2 && util_valid_number(range[0]) &&
			  util_valid_number(range[1]);
		f->has_range = true;
		f->range_low = ok ? strtod(range[0], NULL) : 0;
		f->range_high = ok ? strtod(range[1], NULL) : 0;
		free(range);
		range = NULL;
		if (!ok || f->range_low > f->range_high)
			return ydoc_fail(err, doc, ydoc_get(n, "range"),
					 "range must be two numbers, the lower first: [0, 100]");
	}
	free(range);
	if (!util_identifier(f->name))
		return ydoc_fail(err, doc, n, "field name '%s' must be lower case letters, digits, _",
				 f->name);
	for (t = 0; t < sizeof(type_names) / sizeof(type_names[0]); t++)
		if (strcmp(type, type_names[t]) == 0)
			break;
	if (t == sizeof(type_names) / sizeof(type_names[0]))
		return ydoc_fail(err, doc, ydoc_get(n, "type"),
				 "unknown field type '%s' (text, multiline, choice, date, number, ref, "
				 "controls, refs, datetime)",
				 type);
	f->type = (enum field_type)t;
	f->max = max ? atoi(max) : f->type == FIELD_MULTILINE ? MULTILINE_DEFAULT_MAX : FIELD_DEFAULT_MAX;
	f->required = required && strcmp(required, "true") == 0;
	f->readonly = readonly && strcmp(readonly, "true") == 0;
	f->unique = unique && strcmp(unique, "true") == 0;
	f->single = single && strcmp(single, "true") == 0;
	f->width = width ? atoi(width) : 0;
	if ((width && (!util_valid_number(width) || f->width < 0 || f->width > 200)) ||
	    (max && (!util_valid_number(max) || f->max < 1)))
		return ydoc_fail(err, doc, n, "width and max must be whole numbers");
	if (f->type == FIELD_CHOICE && f->choice_count == 0)
		return ydoc_fail(err, doc, n, "choice field '%s' needs a list of choices", f->name);
	if (f->type != FIELD_CHOICE && f->choice_count)
		return ydoc_fail(err, doc, n, "only choice fields have choices");
	if (f->default_value && f->type == FIELD_CHOICE) {
		size_t c;
		for (c = 0; c < f->choice_count && strcmp(f->choices[c], f->default_value); c++)
			;
		if (c == f->choice_count)
			return ydoc_fail(err, doc, n, "default '%s' is not one of the choices",
					 f->default_value);
	}
	if ((f->type == FIELD_REF || f->type == FIELD_REFS) && !f->ref)
		return ydoc_fail(err, doc, n, "ref field '%s' needs 'ref: TABLE'", f->name);
	if (f->ref && f->type != FIELD_REF && f->type != FIELD_REFS)
		return ydoc_fail(err, doc, n, "only ref and refs fields have 'ref'");
	if (f->backlink && !f->ref)
		return ydoc_fail(err, doc, n, "only ref and refs fields have 'backlink'");
	if (f->single && f->type != FIELD_REFS)
		return ydoc_fail(err, doc, n, "only refs fields are 'single'");
	rif = ydoc_get(n, "required_if");
	if (rif && ((rc = ydoc_string(doc, rif, "field", true, &f->required_if_field, err)) ||
		    (rc = ydoc_string(doc, rif, "value", true, &f->required_if_value, err))))
		return rc;
	return IMS2_OK;
}

/*
 * The order the form asks the fields in: `ask:` names them (each once); without it, every
 * field in the order of `fields:`. Only read-only fields may be left out (never shown).
 */
static int load_ask(const struct ydoc *doc, const struct ydoc_node *n, struct reg *reg,
		    struct ims2_error *err)
{
	const char **names = NULL;
	size_t count = 0, i, j;
	int rc;

	if ((rc = ydoc_strings(doc, n, "ask", &names, &count, err)))
		return rc;
	reg->ask = xcalloc(reg->field_count + 1, sizeof(*reg->ask));
	if (!names) {
		for (i = 0; i < reg->field_count; i++)
			reg->ask[reg->ask_count++] = (int)i;
		return IMS2_OK;
	}
	for (i = 0; i < count && !rc; i++) {
		int f = reg_field_index(reg, names[i]);
		if (f < 0)
			rc = ydoc_fail(err, doc, ydoc_get(n, "ask"), "ask names '%s', which is not a "
				       "field of %s", names[i], reg->table);
		for (j = 0; j < reg->ask_count && !rc; j++)
			if (reg->ask[j] == f)
				rc = ydoc_fail(err, doc, ydoc_get(n, "ask"),
					       "ask names '%s' twice", names[i]);
		if (!rc)
			reg->ask[reg->ask_count++] = f;
	}
	for (i = 0; i < reg->field_count && !rc; i++) {
		for (j = 0; j < reg->ask_count && reg->ask[j] != (int)i; j++)
			;
		/* Only computed fields may be kept out of sight: a new field must be placed. */
		if (j == reg->ask_count && !reg->fields[i].readonly)
			rc = ydoc_fail(err, doc, ydoc_get(n, "ask"),
				       "ask leaves out '%s'; only read-only fields may be left out",
				       reg->fields[i].name);
	}
	free(names);
	return rc;
}

static int load_register(const struct ydoc *doc, const struct ydoc_node *n, const char *step,
			 struct reg *reg, struct ims2_error *err)
{
	static const char *const keys[] = { "table", "title", "form", "fixed", "counts", "help",
					    "fields", "ask", "seed", NULL };
	static const char *const seed_keys[] = { "file", "list", NULL };
	const struct ydoc_node *fields, *seed;
	const char *form, *fixed, *counts;
	size_t i;
	int rc;

	if (n->kind != YDOC_MAP)
		return ydoc_fail(err, doc, n, "a register must be a mapping");
	if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
	    (rc = ydoc_string(doc, n, "table", true, &reg->table, err)) ||
	    (rc = ydoc_string(doc, n, "title", true, &reg->title, err)) ||
	    (rc = ydoc_string(doc, n, "help", false, &reg->help, err)) ||
	    (rc = ydoc_string(doc, n, "form", false, &form, err)) ||
	    (rc = ydoc_string(doc, n, "fixed", false, &fixed, err)) ||
	    (rc = ydoc_string(doc, n, "counts", false, &counts, err)))
		return rc;
	seed = ydoc_get(n, "seed");
	if (seed && (seed->kind != YDOC_MAP || (rc = ydoc_known_keys(doc, seed, seed_keys, err)) ||
		     (rc = ydoc_string(doc, seed, "file", true, &reg->seed_file, err)) ||
		     (rc = ydoc_string(doc, seed, "list", true, &reg->seed_list, err))))
		return rc ? rc : ydoc_fail(err, doc, seed, "seed is {file: FILE, list: KEY}");
	reg->counts = !counts || strcmp(counts, "false") != 0;
	reg->step = step;
	reg->form = form && strcmp(form, "true") == 0;
	reg->fixed = fixed && strcmp(fixed, "true") == 0;
	if (!util_identifier(reg->table))
		return ydoc_fail(err, doc, n, "table name '%s' must be lower case letters, digits, _",
				 reg->table);
	fields = ydoc_get(n, "fields");
	if (!fields || fields->kind != YDOC_SEQ || !fields->count)
		return ydoc_fail(err, doc, n, "register '%s' needs a list of fields", reg->table);
	reg->fields = xcalloc(fields->count, sizeof(*reg->fields));
	for (i = 0; i < fields->count; i++) {
		reg->field_count++; /* counted first: a failed field is released too */
		rc = load_field(doc, fields->items[i], &reg->fields[i], err);
		if (rc)
			return rc;
		if (reg_field_index(reg, reg->fields[i].name) != (int)i)
			return ydoc_fail(err, doc, fields->items[i], "field '%s' is listed twice",
					 reg->fields[i].name);
	}
	if ((rc = load_ask(doc, n, reg, err)))
		return rc;
	for (i = 0; i < reg->field_count; i++) {
		const struct field *f = &reg->fields[i];
		int other = f->not_before ? reg_field_index(reg, f->not_before) : -1;
		if (f->not_before && (f->type != FIELD_DATE || other < 0 ||
				      reg->fields[other].type != FIELD_DATE))
			return ydoc_fail(err, doc, fields->items[i],
					 "not_before must name another date field");
		if (f->required_if_field && reg_field_index(reg, f->required_if_field) < 0)
			return ydoc_fail(err, doc, fields->items[i],
					 "required_if names '%s', which is not a field here",
					 f->required_if_field);
	}
	return IMS2_OK;
}

static int load_check(const struct ydoc *doc, const struct ydoc_node *n, struct check_decl *c,
		      struct ims2_error *err)
{
	static const char *const keys[] = { "id", "register", "field", "query", NULL };
	int rc;

	if (n->kind != YDOC_MAP)
		return ydoc_fail(err, doc, n, "a check must be a mapping");
	if ((rc = ydoc_known_keys(doc, n, keys, err)) ||
	    (rc = ydoc_string(doc, n, "id", true, &c->id, err)) ||
	    (rc = ydoc_string(doc, n, "register", true, &c->table, err)) ||
	    (rc = ydoc_string(doc, n, "field", false, &c->field, err)) ||
	    (rc = ydoc_string(doc, n, "query", true, &c->query, err)))
		return rc;
	if (!util_identifier(c->id))
		return ydoc_fail(err, doc, n, "check id '%s' must be lower case letters, digits, _",
				 c->id);
	c->doc = doc;
	c->node = n;
	return IMS2_OK;
}

static int load_checks(const struct ydoc *doc, struct screen *scr, struct ims2_error *err)
{
	const struct ydoc_node *list = ydoc_get(doc->root, "checks");
	size_t i, j;
	int rc;

	if (!list)
		return IMS2_OK;
	if (list->kind != YDOC_SEQ)
		return ydoc_fail(err, doc, list, "'checks' must be a list");
	scr->checks = xcalloc(list->count ? list->count : 1, sizeof(*scr->checks));
	for (i = 0; i < list->count; i++) {
		if ((rc = load_check(doc, list->items[i], &scr->checks[i], err)))
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(scr->checks[j].id, scr->checks[i].id) == 0)
				return ydoc_fail(err, doc, list->items[i],
						 "check id '%s' is used twice", scr->checks[i].id);
		scr->check_count++;
	}
	return IMS2_OK;
}

static int load_screen(const struct ydoc *doc, const char *step_id, struct screen *scr,
		       struct ims2_error *err)
{
	static const char *const keys[] = { "step", "guidance", "activities", "registers", "later",
					    "views", "checks", NULL };
	const struct ydoc_node *acts, *regs;
	size_t i, j;
	int rc;

	if ((rc = ydoc_known_keys(doc, doc->root, keys, err)) ||
	    (rc = ydoc_string(doc, doc->root, "step", true, &scr->step, err)) ||
	    (rc = ydoc_string(doc, doc->root, "guidance", true, &scr->guidance, err)) ||
	    (rc = ydoc_string(doc, doc->root, "later", false, &scr->later, err)) ||
	    (rc = ydoc_strings(doc, doc->root, "views", &scr->views, &scr->view_count, err)))
		return rc;
	if (strcmp(scr->step, step_id) != 0)
		return ydoc_fail(err, doc, ydoc_get(doc->root, "step"),
				 "the file is for step %s but says '%s'", step_id, scr->step);
	acts = ydoc_get(doc->root, "activities");
	if (!acts || acts->kind != YDOC_SEQ || !acts->count)
		return ydoc_fail(err, doc, acts ? acts : doc->root,
				 "'activities' must be a non-empty list");
	scr->activities = xcalloc(acts->count, sizeof(*scr->activities));
	for (i = 0; i < acts->count; i++) {
		struct activity *a = &scr->activities[i];
		if ((rc = ydoc_string(doc, acts->items[i], "id", true, &a->id, err)) ||
		    (rc = ydoc_string(doc, acts->items[i], "text", true, &a->text, err)))
			return rc;
		if (acts->items[i]->kind != YDOC_MAP || !util_identifier(a->id))
			return ydoc_fail(err, doc, acts->items[i],
					 "an activity needs an id of lower case letters, digits, _");
		for (j = 0; j < i; j++)
			if (strcmp(scr->activities[j].id, a->id) == 0)
				return ydoc_fail(err, doc, acts->items[i],
						 "activity id '%s' is used twice", a->id);
		scr->activity_count++;
	}
	scr->doc = doc;
	if ((rc = load_checks(doc, scr, err)))
		return rc;
	regs = ydoc_get(doc->root, "registers");
	if (regs && regs->kind != YDOC_SEQ)
		return ydoc_fail(err, doc, regs, "'registers' must be a list");
	if (!regs || !regs->count) {
		if (!scr->later)
			return ydoc_fail(err, doc, doc->root,
					 "a step without registers must say what comes 'later'");
		return IMS2_OK;
	}
	scr->regs = xcalloc(regs->count, sizeof(*scr->regs));
	for (i = 0; i < regs->count; i++) {
		scr->reg_count++; /* counted first: a failed register is released too */
		rc = load_register(doc, regs->items[i], scr->step, &scr->regs[i], err);
		if (rc)
			return rc;
	}
	return IMS2_OK;
}

int screen_set_load(struct screen_set *set, const struct catalog *cat, const char *data_dir,
		    struct ims2_error *err)
{
	size_t i, j, k;
	int rc = IMS2_OK;

	memset(set, 0, sizeof(*set));
	set->docs = xcalloc(cat->step_count, sizeof(*set->docs));
	set->screens = xcalloc(cat->step_count, sizeof(*set->screens));
	for (i = 0; i < cat->step_count && !rc; i++) {
		char *name = xasprintf("screens/%s.yaml", cat->steps[i].id);
		char *text, *origin;
		size_t len;

		rc = source_read(data_dir, name, &text, &len, &origin, err);
		free(name);
		if (rc)
			break;
		rc = ydoc_parse(&set->docs[i], origin, text, len, err);
		free(text);
		free(origin);
		set->count++;
		if (!rc)
			rc = load_screen(&set->docs[i], cat->steps[i].id, &set->screens[i], err);
	}
	/* References must name a register, and each table belongs to one register. */
	for (i = 0; i < set->count && !rc; i++) {
		for (j = 0; j < set->screens[i].check_count && !rc; j++) {
			const struct check_decl *c = &set->screens[i].checks[j];
			const struct reg *reg = screen_set_find_register(set, c->table);
			if (!reg)
				rc = ydoc_fail(err, c->doc, ydoc_get(c->node, "register"),
					       "check %s names register '%s', which no step declares",
					       c->id, c->table);
			else if (c->field && reg_field_index(reg, c->field) < 0)
				rc = ydoc_fail(err, c->doc, ydoc_get(c->node, "field"),
					       "check %s names field '%s', which %s does not have",
					       c->id, c->field, c->table);
		}
		for (j = 0; j < set->screens[i].reg_count && !rc; j++) {
			const struct reg *reg = &set->screens[i].regs[j];
			if (screen_set_find_register(set, reg->table) != reg)
				rc = error_set(err, IMS2_USAGE,
					       "screens/%s.yaml: table %s is declared by two steps",
					       set->screens[i].step, reg->table);
			for (k = 0; k < reg->field_count && !rc; k++) {
				const struct field *f = &reg->fields[k];
				if (f->type == FIELD_REF || f->type == FIELD_REFS)
					((struct field *)f)->ref_reg =
						screen_set_find_register(set, f->ref);
				if ((f->type == FIELD_REF || f->type == FIELD_REFS) && !f->ref_reg)
					rc = error_set(err, IMS2_USAGE,
						       "screens/%s.yaml: field %s refers to '%s', "
						       "which no step declares",
						       set->screens[i].step, f->name, f->ref);
			}
		}
	}
	return rc;
}

void screen_set_release(struct screen_set *set)
{
	size_t i, j, k;

	for (i = 0; i < set->count; i++) {
		struct screen *scr = &set->screens[i];
		for (j = 0; j < scr->reg_count; j++) {
			for (k = 0; k < scr->regs[j].field_count; k++)
				free(scr->regs[j].fields[k].choices);
			free(scr->regs[j].fields);
			free(scr->regs[j].ask);
		}
		free(scr->regs);
		free(scr->activities);
		free(scr->views);
		free(scr->checks);
		ydoc_release(&set->docs[i]);
	}
	free(set->docs);
	free(set->screens);
	memset(set, 0, sizeof(*set));
}

const struct screen *screen_set_find(const struct screen_set *set, const char *step)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (set->screens[i].step && strcmp(set->screens[i].step, step) == 0)
			return &set->screens[i];
	return NULL;
}

const struct reg *screen_set_find_register(const struct screen_set *set, const char *table)
{
	size_t i, j;

	for (i = 0; i < set->count; i++)
		for (j = 0; j < set->screens[i].reg_count; j++)
			if (strcmp(set->screens[i].regs[j].table, table) == 0)
				return &set->screens[i].regs[j];
	return NULL;
}

int screen_refuse_view(const struct screen *scr, size_t v, const char *known,
		       struct ims2_error *err)
{
	const struct ydoc_node *views = ydoc_get(scr->doc->root, "views");

	return ydoc_fail(err, scr->doc, views && v < views->count ? views->items[v] : views,
			 "unknown view '%s' (known: %s)", scr->views[v], known);
}

int reg_field_index(const struct reg *reg, const char *name)
{
	size_t i;

	for (i = 0; i < reg->field_count; i++)
		if (strcmp(reg->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

static char *label_sql(const struct reg *reg, const char *alias, int depth)
{
	const struct field *first = &reg->fields[0];
	char inner[16], *ref, *out;

	if (first->type == FIELD_REFS && first->ref_reg && depth <= 2) {
		/* The labels of the records it links (a project member: the person's name). */
		snprintf(inner, sizeof(inner), "lbl%d", depth);
		ref = label_sql(first->ref_reg, inner, depth + 1);
		out = xasprintf("coalesce((SELECT group_concat(x.label, ', ') FROM (SELECT %s AS label"
				" FROM record_link AS lnk%d JOIN \"%s\" AS %s ON %s.id = CAST("
				"lnk%d.target_key AS INTEGER) WHERE lnk%d.source = '%s' AND lnk%d.record"
				" = %s.id AND lnk%d.field = '%s' ORDER BY lnk%d.position) AS x), %s.\"%s\")",
				ref, depth, first->ref_reg->table, inner, inner, depth, depth,
				reg->table, depth, alias, depth, first->name, depth, alias, first->name);
		free(ref);
		return out;
	}
	if (first->type != FIELD_REF || !first->ref_reg || reg->field_count < 2 || depth > 2)
		return xasprintf("%s.\"%s\"", alias, first->name);
	snprintf(inner, sizeof(inner), "lbl%d", depth);
	ref = label_sql(first->ref_reg, inner, depth + 1);
	out = xasprintf("(coalesce((SELECT %s FROM \"%s\" AS %s WHERE %s.id = %s.\"%s\"), "
			"%s.\"%s\") || coalesce(' ' || %s.\"%s\", ''))",
			ref, first->ref_reg->table, inner, inner, alias, first->name, alias,
			first->name, alias, reg->fields[1].name);
	free(ref);
	return out;
}

char *reg_label_sql(const struct reg *reg, const char *alias)
{
	return label_sql(reg, alias, 1);
}
