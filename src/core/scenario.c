#include "ims2/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/cycle.h"
#include "ims2/source.h"
#include "ims2/util.h"
#include "ims2/yamldoc.h"

void scenario_release(struct scenario *sc)
{
	free(sc->text);
	free(sc->origin);
	free(sc->org);
	free(sc->continues);
	free(sc->as_of);
	free(sc->closed_on);
	memset(sc, 0, sizeof(*sc));
}

/* A top-level date of the scenario (as_of:), NULL when absent; refused when no date. */
static int read_date(const struct ydoc *doc, const char *key, char **out, struct ims2_error *err)
{
	const char *v;
	int rc = ydoc_string(doc, doc->root, key, false, &v, err);

	if (rc || !v)
		return rc;
	if (!util_valid_date(v))
		return ydoc_fail(err, doc, ydoc_get(doc->root, key),
				 "%s must be a date written YYYY-MM-DD, not '%s'", key, v);
	*out = xstrdup(v);
	return IMS2_OK;
}

static int unknown(const char *id, struct ims2_error *err)
{
	error_set(err, IMS2_USAGE, "demo: unknown scenario '%s'", id);
	return error_hint(err, "the bundled scenarios are 'demo' and 'cycle2'");
}

int scenario_read(const char *data_dir, const char *id, struct scenario *sc,
		  struct ims2_error *err)
{
	char *name;
	struct ydoc doc;
	const char *o, *c;
	int rc;

	memset(sc, 0, sizeof(*sc));
	if (!util_identifier(id))
		return unknown(id, err);
	name = xasprintf("scenarios/%s.yaml", id);
	rc = source_read(data_dir, name, &sc->text, &sc->len, &sc->origin, err);
	free(name);
	if (rc)
		return unknown(id, err);
	rc = ydoc_parse(&doc, sc->origin, sc->text, sc->len, err);
	if (!rc && !(rc = ydoc_string(&doc, doc.root, "organisation", true, &o, err)))
		sc->org = xstrdup(o);
	if (!rc && !(rc = ydoc_string(&doc, doc.root, "continues", false, &c, err)) && c)
		sc->continues = xstrdup(c);
	if (!rc)
		rc = read_date(&doc, "as_of", &sc->as_of, err);
	if (!rc)
		rc = read_date(&doc, "previous_cycle_closed_on", &sc->closed_on, err);
	ydoc_release(&doc);
	return rc;
}

static long long day_number(const char *date)
{
	return util_days_from_date(atoi(date), atoi(date + 5), atoi(date + 8));
}

long long scenario_shift(const struct scenario *sc, const char *day)
{
	char now[32];
	long long days;

	if (!sc->as_of)
		return 0;
	if (!day || !util_valid_date(day)) {
		store_now(now);
		now[10] = '\0';
		day = now;
	}
	days = day_number(day) - day_number(sc->as_of);
	/* Whole weeks, rounded down: the story's day is never after the day asked. */
	return (days >= 0 ? days / 7 : -((-days + 6) / 7)) * 7;
}

int scenario_build(struct workspace *ws, const char *data_dir, const struct scenario *sc,
		   long long shift_days, struct ims2_error *err)
{
	struct scenario base;
	char *closed_on = NULL;
	int rc = IMS2_OK, closed;

	if (sc->continues) {
		rc = scenario_read(data_dir, sc->continues, &base, err);
		if (!rc && base.continues)
			rc = error_set(err, IMS2_USAGE, "%s: continues '%s', which continues another",
				       sc->origin, sc->continues);
		if (!rc)
			rc = workspace_import_shifted(ws, base.origin, base.text, base.len,
						      shift_days, err);
		scenario_release(&base);
		if (!rc && sc->closed_on && !(closed_on = util_date_shift(sc->closed_on, shift_days)))
			rc = error_set(err, IMS2_USAGE, "%s: the previous cycle cannot close on %s "
				       "moved by %lld days", sc->origin, sc->closed_on, shift_days);
		if (!rc)
			rc = cycle_close_on(ws, closed_on, &closed, err);
		free(closed_on);
	}
	if (!rc)
		rc = workspace_import_shifted(ws, sc->origin, sc->text, sc->len, shift_days, err);
	return rc;
}
