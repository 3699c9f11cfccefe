/*
 * Control designs (step 2.3): the SoA's implementation status follows from a control's
 * design. Saving a design sets the status of its SoA entry (step 1.8) in the same
 * transaction, with a change log row, so that the SoA never says less or more than 2.3.
 */
#include "ims2/controldesign.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/links.h"
#include "coreint.h"

const char *control_design_soa_status(const char *design_status)
{
	static const char *const map[][2] = { { "designed", "planned" },
					      { "implementing", "partially implemented" },
					      { "implemented", "implemented" },
					      { "operating", "implemented" } };
	size_t i;

	for (i = 0; design_status && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], design_status) == 0)
			return map[i][1];
	return NULL;
}

/* Sets the SoA status of control to status when it differs, logging the change. */
static int set_soa_status(struct store *store, const char *control, const char *status,
			  struct ims2_error *err)
{
	sqlite3_stmt *st;
	long long id = 0;
	char *old = NULL;
	int rc = IMS2_OK;

	if (sqlite3_prepare_v2(store_db(store),
			       "SELECT id, status FROM soa_entry WHERE control = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return store_fail(store, "Statement of Applicability", err);
	sqlite3_bind_text(st, 1, control, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_text(st, 1))
			old = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (!id || (old && strcmp(old, status) == 0)) {
		free(old);
		return IMS2_OK;
	}
	if (sqlite3_prepare_v2(store_db(store),
			       "UPDATE soa_entry SET status = ?, rev = rev + 1 WHERE id = ?", -1, &st,
			       NULL) != SQLITE_OK) {
		free(old);
		return store_fail(store, "Statement of Applicability", err);
	}
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(store, "Statement of Applicability", err);
	sqlite3_finalize(st);
	if (!rc)
		rc = store_log(store, "soa_entry", id, "status", old, status, err);
	free(old);
	return rc;
}

int control_design_derive(struct store *store, const struct reg *reg, const char **values,
			  char **owned, struct ims2_error *err)
{
	int c = reg_field_index(reg, "control"), s = reg_field_index(reg, "status");
	const char *status;
	char *control = NULL;
	int rc;

	if (c < 0 || s < 0 || !values[c] || !*values[c])
		return IMS2_OK; /* the required field's own message says what is missing */
	if ((rc = links_normalise(store, &reg->fields[c], values[c], &control, err)))
		return rc;
	if (!control)
		return IMS2_OK;
	if (strchr(control, ',')) {
		free(control);
		error_set(err, IMS2_INVALID, "a design is for one control: give one id, e.g. 8.13");
		return error_field(err, reg->fields[c].name);
	}
	free(owned[c]);
	owned[c] = control;
	values[c] = control;
	status = control_design_soa_status(values[s]);
	return status ? set_soa_status(store, control, status, err) : IMS2_OK;
}

int control_design_derive_soa(struct store *store, const struct reg *reg, const char **values,
			      char **owned, struct ims2_error *err)
{
	int c = reg_field_index(reg, "control"), s = reg_field_index(reg, "status");
	const char *status = NULL;
	sqlite3_stmt *st;

	if (c < 0 || s < 0 || !values[c])
		return IMS2_OK;
	if (sqlite3_prepare_v2(store_db(store), "SELECT status FROM control_design WHERE control = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "control designs", err);
	sqlite3_bind_text(st, 1, values[c], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		status = control_design_soa_status((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (status && (!values[s] || strcmp(values[s], status) != 0)) {
		free(owned[s]);
		owned[s] = xstrdup(status);
		values[s] = owned[s];
	}
	return IMS2_OK;
}
