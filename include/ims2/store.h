/*
 * The workspace: one SQLite file per engagement.
 *
 * A file is checked from its first 100 bytes (SQLite magic, application id, schema version,
 * size) before SQLite opens it, so a foreign, newer or truncated file is refused without being
 * touched. Opened files are migrated in one transaction, then their schema is compared with the
 * one this build creates. Every change is one transaction and is written to the change log.
 */
#ifndef IMS2_STORE_H
#define IMS2_STORE_H

#include <stdbool.h>
#include <sqlite3.h>

#include "ims2/error.h"

#define STORE_APPLICATION_ID 0x494d5332 /* "IMS2" */

struct store;

enum store_open_flags {
	STORE_READONLY = 1, /* open read-only even when the file is writable */
};

/*
 * Creates a new workspace at path for organisation org. Never overwrites: an existing path is
 * an error. The catalog texts (name/text pairs, NULL-terminated names) are copied in so the
 * workspace gives the same results elsewhere. On failure nothing is left at path.
 */
int store_create(const char *path, const char *org, const char *const *catalog_names,
		 const char *const *catalog_texts, struct store **out, struct ims2_error *err);
/*
 * Opens an existing workspace. A file that is not writable opens read-only and
 * store_readonly() says so. *out is NULL on error.
 */
int store_open(const char *path, int flags, struct store **out, struct ims2_error *err);
void store_close(struct store *store);
/* Closes a workspace this process just created and removes its files (a failed creation). */
void store_discard(struct store *store);

bool store_readonly(const struct store *store);
const char *store_path(const struct store *store);
sqlite3 *store_db(struct store *store);

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *store, struct ims2_error *err);
int store_commit(struct store *store, struct ims2_error *err);
void store_rollback(struct store *store);

/* Turns the last SQLite error into err with a message that starts with `what`. */
int store_fail(struct store *store, const char *what, struct ims2_error *err);

/* Writes one change log row (inside a transaction). old/new may be NULL. */
int store_log(struct store *store, const char *table, long long record, const char *field,
	      const char *old_value, const char *new_value, struct ims2_error *err);
/* The current time as YYYY-MM-DDTHH:MM:SSZ (SOURCE_DATE_EPOCH when set, for tests). */
void store_now(char buf[32]);

/* Meta values (org, created, matrix...). *value is allocated, NULL when absent. */
int store_meta_get(struct store *store, const char *key, char **value);
int store_meta_set(struct store *store, const char *key, const char *value,
		   struct ims2_error *err);

/* A catalog text copied in at creation; NULL when the workspace has none. Caller frees. */
char *store_catalog_text(struct store *store, const char *name);

/* Step state. status is one of "not started", "in progress", "done", "skipped". */
int store_step_status(struct store *store, const char *step, char status[16], char **reason);
int store_set_step_status(struct store *store, const char *step, const char *status,
			  const char *reason, struct ims2_error *err);
/* The same two writes inside the caller's transaction (imports), with their change log rows. */
int store_put_step_status(struct store *store, const char *step, const char *status,
			  const char *reason, struct ims2_error *err);
int store_put_activity(struct store *store, const char *step, const char *activity, bool done,
		       struct ims2_error *err);
bool store_activity_done(struct store *store, const char *step, const char *activity);
int store_set_activity(struct store *store, const char *step, const char *activity, bool done,
		       struct ims2_error *err);

/* Drafts of forms interrupted by a lost terminal. body is allocated; NULL when none. */
int store_draft_save(struct store *store, const char *screen, long long record, const char *body,
		     struct ims2_error *err);
char *store_draft_take(struct store *store, const char *screen, long long record, bool remove);

#endif
