/*
 * Link fields: a record's list of Annex A controls (type `controls`) or of records of another
 * register (type `refs`). Each link is a row of the engine table record_link (migration 6 of
 * src/core/migrate.c), so that "who cites A.5.15" is a query; the field's column keeps the
 * normalised list as it is shown ("A.5.15, A.8.5" or "3, 7"), written in the same transaction.
 * record.c calls these for every link field; nothing else writes record_link.
 */
#ifndef IMS2_LINKS_H
#define IMS2_LINKS_H

#include "ims2/screen.h"
#include "ims2/store.h"
#include "ims2/util.h"

/* The target of a controls field in record_link.target. */
#define LINKS_CONTROL "control"

/*
 * Normalises the value of link field f: "5.15 8.5,a.8.13" -> "A.5.15, A.8.5, A.8.13"; each
 * control must be in the workspace's catalog and each record must exist. Duplicates are
 * dropped, order kept. *out is allocated (NULL for an empty list); IMS2_INVALID names the field.
 */
int links_normalise(struct store *store, const struct field *f, const char *in, char **out,
		    struct ims2_error *err);

/* Replaces the links of record id of reg by those of its values (inside a transaction). */
int links_write(struct store *store, const struct reg *reg, long long id,
		const char *const *values, struct ims2_error *err);

/* Removes the links from record id of reg (inside a transaction; it is being deleted). */
int links_forget(struct store *store, const struct reg *reg, long long id, struct ims2_error *err);

/*
 * Calls fn once per control cited by any record, in control order, with the citations as
 * text: "Risk register 3, 7; Treatment plan 2" (at most `limit` ids per register, then "...").
 */
int links_each_control(struct store *store, const struct screen_set *set, int limit,
		       void (*fn)(const char *control, const char *cited_by, void *ctx), void *ctx,
		       struct ims2_error *err);

#endif
