/*
 * The workspace: one SQLite file per engagement.
 *
 * A file is checked from its first 100 bytes (SQLite magic, application id, schema version,
 * size) and the files beside it before SQLite opens it, so a foreign, newer or truncated file
 * is refused without being touched. SQLite then opens it in a way that cannot write to it,
 * and its format version and exact schema are checked; only a file that passes is migrated:
 * in place in one transaction, or as an in-memory copy when it is opened read-only
 * (src/core/store_open.c). Every change is one transaction and is written to the change log.
 * Every read that fails is remembered by the store (store_read_failed()).
 */
#ifndef IMS2_STORE_H
#define IMS2_STORE_H

#include <stdbool.h>

#include "ims2/error.h"

#define STORE_APPLICATION_ID 0x494d5332 /* "IMS2" */

struct store;

enum store_open_flags {
	STORE_READONLY = 1, /* open read-only even when the file is writable */
	STORE_VERIFY = 2,   /* read every page first (PRAGMA quick_check): refuse a damaged file */
	STORE_MIGRATE_LATER = 4, /* an older file is migrated by store_migrate_pending() */
	STORE_CURRENT_ONLY = 8,  /* refuse a file of an older format instead of migrating it */
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
 * store_readonly() says so. A file of an older format opened read-only is read through an
 * in-memory copy brought up to date (store_is_copy()); the file is never changed. A refused
 * file is left byte for byte as it was, with no -wal or -shm left beside it by this call.
 * *out is NULL on error.
 */
int store_open(const char *path, int flags, struct store **out, struct ims2_error *err);
/*
 * With STORE_MIGRATE_LATER, brings an older file opened for writing up to date, once the
 * caller has checked what it reads before (the workspace's catalog copies): so that a file
 * refused for them was not migrated first. Does nothing when there is nothing to do.
 */
int store_migrate_pending(struct store *store, struct ims2_error *err);
/*
 * Reads every page (PRAGMA quick_check), then every text value (UTF-8, no run of NUL bytes:
 * a damaged last page of a long text): IMS2_WORKSPACE "damaged: ..." naming the page, or the
 * table, column and row. A single NUL is hostile text, not damage: the reports show it.
 */
int store_check_integrity(struct store *store, struct ims2_error *err);
/*
 * The first read that failed since the store was opened: its status (IMS2_OK when none) and,
 * when err is not NULL, its message. Readers that return a value rather than a status (the
 * catalog text, an activity's state, a draft) are checked this way.
 */
int store_read_failed(const struct store *store, struct ims2_error *err);
/*
 * Fills err for a failed read of `what` (a table) and remembers it, unless another process
 * only held the file too long (busy: said, not remembered). Returns the status.
 */
int store_read_fail(struct store *store, const char *what, struct ims2_error *err);
void store_close(struct store *store);
/* Closes a workspace this process just created and removes its files (a failed creation). */
void store_discard(struct store *store);

bool store_readonly(const struct store *store);
/*
 * Why nothing can be saved, as a phrase ("the file or its directory is not writable"), or
 * NULL when the store is writable. A store opened for writing turns read-only when a save
 * finds the file cannot be written any more (moved, deleted, its file system read-only).
 */
const char *store_readonly_reason(const struct store *store);
/*
 * Replaces a read-only store's file by an in-memory copy of its content, for what ims2 must
 * add before it can show a file (rows derived from the catalogs in one made by an earlier
 * build). The file is closed without being written. Returns IMS2_WORKSPACE when it cannot be
 * read whole.
 */
int store_copy_to_memory(struct store *store, struct ims2_error *err);
/* True when the store is an in-memory copy of an older workspace (read-only to the user). */
bool store_is_copy(const struct store *store);
/*
 * A number that changes when another connection (another process, another person on the
 * host) has committed to the workspace since the last call; -1 when it cannot be read.
 * The interface polls it to show others' records.
 */
long long store_data_version(struct store *store);
const char *store_path(const struct store *store);

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *store, struct ims2_error *err);
/*
 * Like store_begin(), and also on the in-memory copy of an older workspace: for the rows
 * derived from the catalogs that a migrated workspace lacks (workspace.c). The user's saves
 * never use it.
 */
int store_begin_seed(struct store *store, struct ims2_error *err);
int store_commit(struct store *store, struct ims2_error *err);
void store_rollback(struct store *store);

/* Turns the last SQLite error into err with a message that starts with `what`. */
int store_fail(struct store *store, const char *what, struct ims2_error *err);

/* Writes one change log row (inside a transaction). old/new may be NULL. */
int store_log(struct store *store, const char *table, long long record, const char *field,
	      const char *old_value, const char *new_value, struct ims2_error *err);
/* The current time as YYYY-MM-DDTHH:MM:SSZ (SOURCE_DATE_EPOCH when set, for tests). */
void store_now(char buf[32]);
/* The operating system user the change log names (owned by the store). */
const char *store_user(const struct store *store);

/*
 * Meta values (org, created, matrix...). *value is allocated, NULL when absent; returns
 * IMS2_USAGE when absent and IMS2_WORKSPACE when the read failed.
 */
int store_meta_get(struct store *store, const char *key, char **value);
int store_meta_set(struct store *store, const char *key, const char *value,
		   struct ims2_error *err);

/* A catalog text copied in at creation; NULL when the workspace has none. Caller frees. */
char *store_catalog_text(struct store *store, const char *name);

/*
 * Step state. status is one of "not started", "in progress", "done", "skipped".
 * store_step_status() returns IMS2_WORKSPACE when the read failed.
 */
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
/*
 * The most recent draft: its screen (the register's table; caller frees), record (0: a new
 * one) and when it was saved. False when there is none.
 */
bool store_draft_latest(struct store *store, char **screen, long long *record, char saved_at[32]);

#endif
