#include "ims2/soa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/links.h"
#include "ims2/record.h"
#include "coreint.h"

int soa_control_index(const struct catalog *cat, const char *control)
{
	size_t i;

	if (strncmp(control, "A.", 2) != 0)
		return -1;
	for (i = 0; i < cat->control_count; i++)
		if (strcmp(cat->controls[i].id, control + 2) == 0)
			return (int)i;
	return -1;
}

/* One pass over the risks' links to controls: counts per control and, when ids is given, their ids. */
static int *scan_risk_controls(struct workspace *ws, struct strbuf *ids)
{
	int *counts = xcalloc(ws->catalog.control_count + 1, sizeof(*counts));
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT record, target_key FROM record_link WHERE source = 'risk' "
			       "AND field = 'controls' AND target = '" LINKS_CONTROL "' "
			       "ORDER BY record, position",
			       -1, &st, NULL) != SQLITE_OK)
		return counts;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = soa_control_index(&ws->catalog, (const char *)sqlite3_column_text(st, 1));
		if (i < 0)
			continue;
		if (ids && counts[i] < 20)
			strbuf_addf(&ids[i], "%s%lld", counts[i] ? ", " : "",
				    (long long)sqlite3_column_int64(st, 0));
		else if (ids && counts[i] == 20)
			strbuf_adds(&ids[i], ", ...");
		counts[i]++;
	}
	sqlite3_finalize(st);
	return counts;
}

int *soa_risk_counts(struct workspace *ws)
{
	return scan_risk_controls(ws, NULL);
}

char **soa_risk_ids(struct workspace *ws)
{
	struct strbuf *ids = xcalloc(ws->catalog.control_count + 1, sizeof(*ids));
	char **out = xcalloc(ws->catalog.control_count + 1, sizeof(*out));
	size_t i;

	free(scan_risk_controls(ws, ids));
	for (i = 0; i < ws->catalog.control_count; i++)
		out[i] = ids[i].len ? strbuf_detach(&ids[i]) : NULL;
	free(ids);
	return out;
}

void soa_risk_ids_free(struct workspace *ws, char **ids)
{
	size_t i;

	for (i = 0; i < ws->catalog.control_count; i++)
		free(ids[i]);
	free(ids);
}

/* The verdict on one control's row: NULL when it is complete. */
static const char *soa_problem(const char *applicable, bool no_status, bool has_reason,
			       bool chosen, bool has_justification)
{
	if (strcmp(applicable, "yes") == 0) {
		if (no_status)
			return "applicable, but no implementation status";
		if (!has_reason && !chosen && !has_justification)
			return "applicable, but no reason for including it";
		return NULL;
	}
	if (strcmp(applicable, "no") == 0) {
		if (chosen)
			return "excluded, but risk treatment chose it";
		return has_justification ? NULL : "excluded without a justification";
	}
	return "no decision on applicability";
}

static void add_finding(struct soa_finding **findings, size_t *count, size_t *alloc,
			const char *table, long long id, const char *control, const char *problem)
{
	if (*count == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 32;
		*findings = xrealloc(*findings, *alloc * sizeof(**findings));
	}
	(*findings)[*count].table = table;
	(*findings)[*count].id = id;
	snprintf((*findings)[*count].control, sizeof((*findings)[0].control), "%s", control);
	(*findings)[*count].problem = problem;
	(*count)++;
}

int soa_check(struct workspace *ws, struct soa_finding **findings, size_t *count,
	      struct ims2_error *err)
{
	static const char *const tables[] = { "soa_entry", "soa_other_control" };
	sqlite3_stmt *st;
	size_t alloc = 0, t;
	int rc = SQLITE_DONE, *chosen_by;

	*findings = NULL;
	*count = 0;
	chosen_by = soa_risk_counts(ws);
	for (t = 0; t < 2 && rc == SQLITE_DONE; t++) {
		char *sql = xasprintf("SELECT s.id, s.control, s.applicable, "
				      "coalesce(trim(s.justification), ''), "
				      "s.status IS NULL OR s.status = '', "
				      "s.reason_legal = 'yes' OR s.reason_contract = 'yes' OR "
				      "s.reason_business = 'yes' FROM %s AS s ORDER BY s.id",
				      tables[t]);
		int prep = sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL);
		free(sql);
		if (prep != SQLITE_OK) {
			free(chosen_by);
			free(*findings);
			*findings = NULL;
			*count = 0;
			return store_fail(ws->store, "Statement of Applicability", err);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *control = (const char *)sqlite3_column_text(st, 1);
			int index = t == 0 ? soa_control_index(&ws->catalog, control) : -1;
			const char *problem = soa_problem(
				(const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 4),
				sqlite3_column_int(st, 5), index >= 0 && chosen_by[index] > 0,
				*sqlite3_column_text(st, 3) != '\0');
			if (problem)
				add_finding(findings, count, &alloc, tables[t],
					    sqlite3_column_int64(st, 0), control, problem);
		}
		sqlite3_finalize(st);
	}
	free(chosen_by);
	if (rc != SQLITE_DONE)
		return store_fail(ws->store, "Statement of Applicability", err);
	return IMS2_OK;
}

/*
 * The Annex A number an id may be meant as: "A.5.1", "a.5.1", "A 5.1", "A5.1", "A-5.1" and
 * " 5.1 " all give "5.1" (into buf).
 */
static void annexa_part(const char *id, char *buf, size_t size)
{
	size_t n;

	while (*id == ' ' || *id == '\t')
		id++;
	if (*id == 'A' || *id == 'a') {
		id++;
		while (*id == '.' || *id == ' ' || *id == '-' || *id == '\t')
			id++;
	}
	snprintf(buf, size, "%s", id);
	for (n = strlen(buf); n && (buf[n - 1] == ' ' || buf[n - 1] == '\t'); n--)
		buf[n - 1] = '\0';
}

int soa_check_other_id(struct store *store, const char *id, struct ims2_error *err)
{
	sqlite3_stmt *st;
	bool annexa = false;
	char number[32];

	if (!id || !*id)
		return IMS2_OK;
	annexa_part(id, number, sizeof(number));
	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT 1 FROM soa_entry WHERE control = 'A.' || ?", -1, &st,
			       NULL) != SQLITE_OK)
		return store_fail(store, "Statement of Applicability", err);
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	annexa = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (annexa)
		return error_set(err, IMS2_INVALID,
				 "'%s' is Annex A control A.%s: give it its source's own id", id,
				 number);
	return IMS2_OK;
}

const char *soa_status_for_maturity(int maturity)
{
	if (maturity <= 0)
		return "not implemented";
	return maturity < 3 ? "partially implemented" : "implemented";
}

int soa_prefill(struct workspace *ws, int *filled, struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, "soa_entry");
	int f_app = reg ? reg_field_index(reg, "applicable") : -1;
	int f_status = reg ? reg_field_index(reg, "status") : -1;
	int f_just = reg ? reg_field_index(reg, "justification") : -1;
	int f_evidence = reg ? reg_field_index(reg, "evidence") : -1;
	sqlite3_stmt *st;
	int rc;

	*filled = 0;
	if (f_app < 0 || f_status < 0 || f_just < 0 || f_evidence < 0)
		return error_set(err, IMS2_USAGE, "the screen of step 1.8 lacks SoA fields");
	if ((rc = store_begin(ws->store, err)))
		return rc;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT s.id, g.applicable, g.maturity, coalesce(g.justification, "
			       "g.notes), g.evidence "
			       "FROM soa_entry AS s JOIN gap_item AS g ON g.item = s.control "
			       "WHERE s.applicable = 'undecided' "
			       "AND (g.applicable = 'no' OR g.maturity IS NOT NULL) ORDER BY s.id",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(ws->store, "prefill", err);
		store_rollback(ws->store);
		return rc;
	}
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		struct record rec;
		bool excluded = strcmp((const char *)sqlite3_column_text(st, 1), "no") == 0;
		const char *notes = (const char *)sqlite3_column_text(st, 3);
		const char *evidence = (const char *)sqlite3_column_text(st, 4);
		long long id = sqlite3_column_int64(st, 0);

		if ((rc = record_get(ws->store, reg, id, &rec, err)))
			break;
		free(rec.values[f_app]);
		rec.values[f_app] = xstrdup(excluded ? "no" : "yes");
		if (excluded && notes && !rec.values[f_just]) {
			rec.values[f_just] = xstrdup(notes);
		} else if (!excluded) {
			free(rec.values[f_status]);
			rec.values[f_status] =
				xstrdup(soa_status_for_maturity(sqlite3_column_int(st, 2)));
			if (evidence && !rec.values[f_evidence])
				rec.values[f_evidence] = xstrdup(evidence);
		}
		rc = record_put_update(ws->store, reg, id, rec.rev, (const char *const *)rec.values,
				       err);
		record_release(&rec);
		*filled += !rc;
	}
	sqlite3_finalize(st);
	if (rc) {
		store_rollback(ws->store);
		*filled = 0;
		return rc;
	}
	return store_commit(ws->store, err);
}

int soa_entry_id(struct workspace *ws, const char *control, long long *id, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (sqlite3_prepare_v2(store_db(ws->store), "SELECT id FROM soa_entry WHERE control = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "Statement of Applicability", err);
	sqlite3_bind_text(st, 1, control, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return IMS2_OK;
	if (rc == SQLITE_DONE)
		return error_set(err, IMS2_INVALID, "%s is not a control of the SoA", control);
	return store_fail(ws->store, "Statement of Applicability", err);
}

int soa_seed(struct workspace *ws, const char *data_dir, struct ims2_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = IMS2_OK;

	(void)data_dir;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "INSERT OR IGNORE INTO soa_entry (control, theme, title, edition) "
			       "VALUES (?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(ws->store, "seeding the SoA", err);
	for (i = 0; !rc && i < ws->catalog.control_count; i++) {
		const struct control *c = &ws->catalog.controls[i];
		char *id = xasprintf("A.%s", c->id);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, c->theme, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c->title, -1, SQLITE_STATIC);
		if (c->new_in_2022) /* the SoA shows what the 2022 edition added */
			sqlite3_bind_text(st, 4, "new", -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(ws->store, "seeding the SoA", err);
		sqlite3_reset(st);
		free(id);
	}
	sqlite3_finalize(st);
	return rc;
}

int soa_derive_other(struct store *store, const struct reg *reg, const char **values,
		     char **owned, struct ims2_error *err)
{
	(void)owned;
	return soa_check_other_id(store, values[reg_field_index(reg, "control")], err);
}
