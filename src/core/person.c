/*
 * People of step 2.1 added while another record is saved (include/ims2/person.h).
 */
#include "ims2/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/record.h"
#include "ims2/util.h"

/* Inserts the person inside the caller's transaction. */
static int insert_person(struct store *store, const struct reg *people, const char *name,
			 const char *function, long long *id, struct ims2_error *err)
{
	const char **values = xcalloc(people->field_count, sizeof(*values));
	int f_name = reg_field_index(people, "name"),
	    f_function = reg_field_index(people, "function");
	int rc;

	if (f_name < 0)
		return error_set(err, IMS2_INVALID, "%s has no name field", people->title);
	values[f_name] = name;
	if (f_function >= 0 && function && *function)
		values[f_function] = function;
	rc = record_put_insert(store, people, values, id, err);
	free(values);
	return rc;
}

int person_save_new(struct store *store, const struct screen_set *set, const struct reg *reg,
		    long long id, long long rev, const char *const *values, int field,
		    const char *name, const char *function, long long *person_id,
		    long long *record_id, struct ims2_error *err)
{
	const struct reg *people = screen_set_find_register(set, "person");
	const struct field *f =
	    field >= 0 && (size_t)field < reg->field_count ? &reg->fields[field] : NULL;
	const char **copy;
	char *list = NULL;
	long long who = 0, saved = id;
	int rc;

	if (!people || !f || f->type != FIELD_REFS || !f->ref || strcmp(f->ref, "person") != 0)
		return error_set(err, IMS2_INVALID, "this field does not name people");
	if (!name || !*name)
		return error_set(err, IMS2_INVALID, "a person needs a name");
	if ((rc = store_begin(store, err)))
		return rc;
	if ((rc = insert_person(store, people, name, function, &who, err))) {
		store_rollback(store);
		return rc;
	}
	copy = xcalloc(reg->field_count, sizeof(*copy));
	memcpy(copy, values, reg->field_count * sizeof(*copy));
	list = values[field] && *values[field] ? xasprintf("%s, %lld", values[field], who)
					       : xasprintf("%lld", who);
	copy[field] = list;
	rc = id ? record_put_update(store, reg, id, rev, copy, err)
		: record_put_insert(store, reg, copy, &saved, err);
	free(list);
	free(copy);
	if (rc) {
		store_rollback(store);
		return rc;
	}
	if ((rc = store_commit(store, err)))
		return rc;
	if (person_id)
		*person_id = who;
	if (record_id)
		*record_id = saved;
	return IMS2_OK;
}
