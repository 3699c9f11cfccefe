#include "ims2/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ims2/collate.h"
#include "ims2/migrate.h"
#include "ims2/util.h"
#include "coreint.h"
#include "store_int.h"


sqlite3 *store_db(struct store *store)
{
	return store->db;
}

bool store_readonly(const struct store *store)
{
	return store->readonly;
}

long long store_data_version(struct store *store)
{
	sqlite3_stmt *st = NULL;
	long long version = -1;

	if (sqlite3_prepare_v2(store->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return version;
}

const char *store_path(const struct store *store)
{
	return store->path;
}

int store_fail(struct store *store, const char *what, struct ims2_error *err)
{
	int code = sqlite3_errcode(store->db);
	int status = IMS2_IO;

	if (code == SQLITE_READONLY) {
		/*
		 * The file could be written when it was opened and cannot now (moved or deleted,
		 * its file system remounted read-only): from here on the store is read-only, so
		 * that the workbench says so instead of failing save after save.
		 */
		store->readonly = true;
		store->readonly_why =
			sqlite3_extended_errcode(store->db) == SQLITE_READONLY_DBMOVED
				? "the file was moved or deleted while it was open"
				: "the file can no longer be written";
		error_set(err, IMS2_READONLY, "%s: not saved: %s; it is open read-only now",
			  store->path, store->readonly_why);
		return error_hint(err, "export what you need, then reopen the workspace");
	}
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		status = IMS2_WORKSPACE;
	else if (code == SQLITE_CONSTRAINT)
		status = IMS2_INVALID;
	else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		status = IMS2_WORKSPACE;
	if (code == SQLITE_CONSTRAINT &&
	    sqlite3_extended_errcode(store->db) != SQLITE_CONSTRAINT_TRIGGER) {
		/*
		 * In our words: SQLite's constraint text names tables and columns, not fields.
		 * A trigger's RAISE message is ours already (src/core/migrate.c) and is kept.
		 */
		int ext = sqlite3_extended_errcode(store->db);
		return error_set(err, status, "%s: %s", what,
				 ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY
					 ? "another record already has this value"
				 : ext == SQLITE_CONSTRAINT_NOTNULL ? "a required value is missing"
				 : ext == SQLITE_CONSTRAINT_FOREIGNKEY
					 ? "it refers to a record that does not exist"
					 : "a value breaks a rule of this register");
	}
	error_set(err, status, "%s: %s", what, sqlite3_errmsg(store->db));
	if (status == IMS2_WORKSPACE && (code == SQLITE_BUSY || code == SQLITE_LOCKED))
		error_hint(err, "another ims2 is saving to this workspace; try again");
	return status;
}

void store_set_user(struct store *store)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name)
		snprintf(store->os_user, sizeof(store->os_user), "%s", pw->pw_name);
	else
		snprintf(store->os_user, sizeof(store->os_user), "uid %ld", (long)getuid());
}

void store_now(char buf[32])
{
	const char *fixed = getenv("SOURCE_DATE_EPOCH");
	time_t now = fixed && *fixed ? (time_t)strtoll(fixed, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_prepare(struct store *store, const char *sql, sqlite3_stmt **st)
{
	size_t n = sizeof(store->stmts) / sizeof(store->stmts[0]), i, tries;
	struct store_stmt *slot = NULL;
	int rc;

	for (i = 0; i < n; i++)
		if (store->stmts[i].sql && !store->stmts[i].busy &&
		    strcmp(store->stmts[i].sql, sql) == 0) {
			store->stmts[i].busy = true;
			*st = store->stmts[i].st;
			return SQLITE_OK;
		}
	if ((rc = sqlite3_prepare_v2(store->db, sql, -1, st, NULL)) != SQLITE_OK)
		return rc;
	/* The next slot not in use, in turn; none free: the statement is not kept. */
	for (tries = 0; tries < n && !slot; tries++) {
		struct store_stmt *s = &store->stmts[store->stmt_next++ % n];
		if (!s->busy)
			slot = s;
	}
	if (slot) {
		sqlite3_finalize(slot->st);
		free(slot->sql);
		*slot = (struct store_stmt){ xstrdup(sql), *st, true };
	}
	return SQLITE_OK;
}

void store_finish(struct store *store, sqlite3_stmt *st)
{
	size_t n = sizeof(store->stmts) / sizeof(store->stmts[0]), i;

	for (i = 0; i < n; i++)
		if (store->stmts[i].st == st && store->stmts[i].busy) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			store->stmts[i].busy = false;
			return;
		}
	sqlite3_finalize(st);
}

void store_stmts_clear(struct store *store)
{
	size_t n = sizeof(store->stmts) / sizeof(store->stmts[0]), i;

	for (i = 0; i < n; i++) {
		sqlite3_finalize(store->stmts[i].st);
		free(store->stmts[i].sql);
		store->stmts[i] = (struct store_stmt){ NULL, NULL, false };
	}
}

int store_exec(struct store *store, const char *sql, struct ims2_error *err)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return IMS2_OK;
	return store_fail(store, "workspace", err);
}

void store_remember_file(struct store *store)
{
	struct stat st;

	if (stat(store->path, &st) == 0) {
		store->dev = st.st_dev;
		store->ino = st.st_ino;
		store->mtime = st.st_mtim;
		store->size = st.st_size;
	}
}

/* An immutable read (no locks) of a file its owner has saved to since: not damage. */
static bool changed_under_us(const struct store *store)
{
	struct stat st;

	return store->immutable && !store->copy && stat(store->path, &st) == 0 &&
	       (st.st_size != store->size || st.st_mtim.tv_sec != store->mtime.tv_sec ||
		st.st_mtim.tv_nsec != store->mtime.tv_nsec);
}

/*
 * Whether the path still names the file that was opened. In WAL mode SQLite would go on
 * saving into a log beside a file that was moved or deleted meanwhile: saves then lost.
 */
static bool file_moved(const struct store *store)
{
	struct stat st;

	if (store->copy)
		return false;
	return stat(store->path, &st) != 0 || st.st_dev != store->dev || st.st_ino != store->ino;
}

int store_begin(struct store *store, struct ims2_error *err)
{
	if (!store->readonly && file_moved(store)) {
		store->readonly = true;
		store->readonly_why = "the file was moved or deleted while it was open";
		error_set(err, IMS2_READONLY, "%s: not saved: %s; it is open read-only now",
			  store->path, store->readonly_why);
		return error_hint(err, "export what you need, then reopen the workspace");
	}
	if (store->readonly && !store->seeding)
		return error_set(err, IMS2_READONLY, "the workspace is open read-only; nothing can be saved");
	return store_exec(store, "BEGIN IMMEDIATE", err);
}

int store_begin_seed(struct store *store, struct ims2_error *err)
{
	int rc;

	if (!store->copy)
		return store_begin(store, err);
	store->seeding = true;
	if ((rc = store_exec(store, "BEGIN IMMEDIATE", err)))
		store->seeding = false;
	return rc;
}

const char *store_readonly_reason(const struct store *store)
{
	if (!store->readonly)
		return NULL;
	return store->readonly_why ? store->readonly_why : "opened with --read-only";
}

bool store_is_copy(const struct store *store)
{
	return store->copy;
}

int store_commit(struct store *store, struct ims2_error *err)
{
	int rc = store_exec(store, "COMMIT", err);

	if (rc)
		store_rollback(store);
	store->seeding = false;
	return rc;
}

void store_rollback(struct store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	store->seeding = false;
}

void store_harden(sqlite3 *db)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 16 << 20);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
	sqlite3_busy_timeout(db, 3000);
	/* Sorting a large register in memory beats spilling to temporary files. */
	sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	/* Tables sort naturally and search without regard to case (record.c). */
	if (collate_register(db) != SQLITE_OK)
		die("cannot add the ims2_natural collation: %s", sqlite3_errmsg(db));
}

static void remove_with_journals(const char *path)
{
	char *extra;

	unlink(path);
	extra = xasprintf("%s-wal", path);
	unlink(extra);
	free(extra);
	extra = xasprintf("%s-shm", path);
	unlink(extra);
	free(extra);
	extra = xasprintf("%s-journal", path);
	unlink(extra);
	free(extra);
}

int store_create(const char *path, const char *org, const char *const *catalog_names,
		 const char *const *catalog_texts, struct store **out, struct ims2_error *err)
{
	struct store *store;
	char now[32], sql[96];
	int fd, rc, i;

	*out = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		if (errno == EEXIST) {
			error_set(err, IMS2_USAGE, "%s: a file with that name exists already", path);
			return error_hint(err, "ims2 never overwrites a file; choose another name");
		}
		return error_set(err, IMS2_IO, "%s: cannot create: %s", path, strerror(errno));
	}
	close(fd);
	store = xcalloc(1, sizeof(*store));
	store->path = xstrdup(path);
	store_set_user(store);
	if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = error_set(err, IMS2_IO, "%s: cannot create: %s", path,
			       store->db ? sqlite3_errmsg(store->db) : "out of memory");
		goto fail;
	}
	store_harden(store->db);
	store_remember_file(store);
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", STORE_APPLICATION_ID);
	if ((rc = store_exec(store, sql, err)) || (rc = store_exec(store, "PRAGMA journal_mode = WAL", err)) ||
	    (rc = store_exec(store, "PRAGMA foreign_keys = ON", err)) || (rc = store_migrate(store, 0, err)))
		goto fail;
	store_now(now);
	if ((rc = store_begin(store, err)) || (rc = store_meta_set(store, "organisation", org, err)) ||
	    (rc = store_meta_set(store, "created", now, err)) ||
	    (rc = store_meta_set(store, "cycle", "1", err)))
		goto fail;
	for (i = 0; catalog_names && catalog_names[i]; i++) {
		sqlite3_stmt *st;
		sqlite3_prepare_v2(store->db, "INSERT INTO catalog (name, body) VALUES (?, ?)", -1,
				   &st, NULL);
		sqlite3_bind_text(st, 1, catalog_names[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, catalog_texts[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, "catalog", err);
		sqlite3_finalize(st);
		if (rc)
			goto fail;
	}
	if ((rc = store_log(store, "meta", 0, "organisation", NULL, org, err)) ||
	    (rc = store_commit(store, err)))
		goto fail;
	*out = store;
	return IMS2_OK;
fail:
	store_rollback(store);
	store_close(store);
	remove_with_journals(path);
	return rc;
}

void store_discard(struct store *store)
{
	char *path = xstrdup(store->path);

	store_close(store);
	remove_with_journals(path);
	free(path);
}

int store_log(struct store *store, const char *table, long long record, const char *field,
	      const char *old_value, const char *new_value, struct ims2_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	store_now(now);
	if (store_prepare(store,
			  "INSERT INTO changelog (at, os_user, tbl, record, field, old, new) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?)",
			  &st) != SQLITE_OK)
		return store_fail(store, "change log", err);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, store->os_user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, record);
	sqlite3_bind_text(st, 5, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, old_value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, new_value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, "change log", err);
	store_finish(store, st);
	return rc;
}

/* Keeps the first failed read for store_read_failed(). Returns its status. */
static int remember(struct store *store, const struct ims2_error *err)
{
	if (!store->read_status) {
		store->read_status = err->status;
		store->read_error = *err;
	}
	return err->status;
}

int store_read_fail(struct store *store, const char *what, struct ims2_error *err)
{
	int code = sqlite3_errcode(store->db);

	/* Another process holds the file a moment: said, not remembered as damage. */
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return store_fail(store, what, err);
	if (changed_under_us(store)) {
		error_set(err, IMS2_WORKSPACE,
			  "%s: changed by someone else while it was open read-only (reading %s)",
			  store->path, what);
		error_hint(err, "open it again to see their changes");
	} else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT) {
		error_set(err, IMS2_WORKSPACE, "%s: damaged: %s (reading %s)", store->path,
			  sqlite3_errmsg(store->db), what);
		error_hint(err, "restore it from a backup");
	} else {
		error_set(err, IMS2_WORKSPACE, "%s: cannot read %s: %s", store->path, what,
			  sqlite3_errmsg(store->db));
	}
	return remember(store, err);
}

int store_read_failed(const struct store *store, struct ims2_error *err)
{
	if (store->read_status && err)
		*err = store->read_error;
	return store->read_status;
}

/*
 * Runs a one-row query with text parameters: *value is the first column (allocated), NULL
 * when there is no row or it is NULL. A failure is remembered by the store (store_read_fail).
 */
static int query_text(struct store *store, const char *what, const char *sql, const char *a,
		      const char *b, char **value)
{
	struct ims2_error err;
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(store, what, &err);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? IMS2_OK : store_read_fail(store, what, &err);
	sqlite3_finalize(st);
	return rc;
}

/* Runs a statement with up to four text parameters (NULL binds NULL). */
static int run(struct store *store, const char *sql, const char *const params[4],
	       struct ims2_error *err)
{
	sqlite3_stmt *st;
	int i, rc;

	/* Every write goes through here: a read-only workspace refuses them all. */
	if (store->readonly && !store->seeding)
		return error_set(err, IMS2_READONLY,
				 "the workspace is open read-only; nothing can be saved");
	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "workspace", err);
	for (i = 0; i < 4 && params[i]; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, "workspace", err);
	sqlite3_finalize(st);
	return rc;
}

int store_meta_get(struct store *store, const char *key, char **value)
{
	int rc = query_text(store, "meta", "SELECT value FROM meta WHERE key = ?", key, NULL,
			    value);

	return rc ? rc : *value ? IMS2_OK : IMS2_USAGE;
}

int store_meta_set(struct store *store, const char *key, const char *value,
		   struct ims2_error *err)
{
	const char *params[4] = { key, value, NULL, NULL };

	return run(store, "INSERT INTO meta (key, value) VALUES (?, ?) "
			  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		   params, err);
}

char *store_catalog_text(struct store *store, const char *name)
{
	struct ims2_error err;
	sqlite3_stmt *st;
	char *text = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, "SELECT body FROM catalog WHERE name = ?", -1, &st,
			       NULL) != SQLITE_OK) {
		store_read_fail(store, "catalog", &err);
		return NULL;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		const char *body = (const char *)sqlite3_column_text(st, 0);
		size_t bytes = (size_t)sqlite3_column_bytes(st, 0);
		/* A zeroed page cuts the text at a NUL; random bytes are not UTF-8. */
		if (memchr(body, '\0', bytes) || !util_utf8_valid(body)) {
			error_set(&err, IMS2_WORKSPACE,
				  "%s: damaged: its copy of %s is not text (reading catalog)",
				  store->path, name);
			remember(store, &err);
		} else {
			text = xstrndup(body, bytes);
		}
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_read_fail(store, "catalog", &err);
	}
	sqlite3_finalize(st);
	return text;
}

int store_step_status(struct store *store, const char *step, char status[16], char **reason)
{
	char *s;
	int rc = query_text(store, "step_state", "SELECT status FROM step_state WHERE step = ?",
			    step, NULL, &s);

	snprintf(status, 16, "%s", s ? s : "not started");
	free(s);
	if (reason)
		*reason = NULL;
	if (!rc && reason)
		rc = query_text(store, "step_state", "SELECT reason FROM step_state WHERE step = ?",
				step, NULL, reason);
	return rc;
}

static const char *const step_statuses[] = { "not started", "in progress", "done", "skipped",
					     NULL };

int store_put_step_status(struct store *store, const char *step, const char *status,
			  const char *reason, struct ims2_error *err)
{
	const char *params[4] = { step, status, NULL, NULL };
	const char *const *s;
	char old[16];
	int rc;

	for (s = step_statuses; *s && strcmp(*s, status) != 0; s++)
		;
	if (!*s)
		return error_set(err, IMS2_INVALID, "unknown step status '%s'", status);
	if (strcmp(status, "skipped") == 0) {
		if (!reason || !*reason)
			return error_set(err, IMS2_INVALID, "a skipped step needs a reason");
		if (!util_utf8_valid(reason) || util_control_char(reason, false) >= 0)
			return error_set(err, IMS2_INVALID, "the reason for skipping a step must be "
							    "one line of text without control characters");
		params[2] = reason;
	}
	if ((rc = store_step_status(store, step, old, NULL)))
		return error_set(err, store->read_error.status, "%s", store->read_error.message);
	rc = run(store,
		 params[2] ? "INSERT INTO step_state (step, status, reason) VALUES (?, ?, ?) "
			     "ON CONFLICT (step) DO UPDATE SET status = excluded.status, "
			     "reason = excluded.reason, rev = rev + 1"
			   : "INSERT INTO step_state (step, status) VALUES (?, ?) "
			     "ON CONFLICT (step) DO UPDATE SET status = excluded.status, "
			     "reason = NULL, rev = rev + 1",
		 params, err);
	return rc ? rc : store_log(store, "step_state", 0, step, old, status, err);
}

int store_put_activity(struct store *store, const char *step, const char *activity, bool done,
		       struct ims2_error *err)
{
	const char *params[4] = { step, activity, done ? "1" : "0", NULL };
	char *field = xasprintf("%s %s", step, activity);
	int rc;

	rc = run(store,
		 "INSERT INTO activity_state (step, activity, done) VALUES (?, ?, ?) "
		 "ON CONFLICT (step, activity) DO UPDATE SET done = excluded.done",
		 params, err);
	if (!rc)
		rc = store_log(store, "activity_state", 0, field, done ? "0" : "1", done ? "1" : "0",
			       err);
	free(field);
	return rc;
}

/* Runs one in-transaction writer as a transaction of its own. */
static int in_transaction(struct store *store, int rc, struct ims2_error *err)
{
	if (rc) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, err);
}

int store_set_step_status(struct store *store, const char *step, const char *status,
			  const char *reason, struct ims2_error *err)
{
	int rc = store_begin(store, err);

	return rc ? rc
		  : in_transaction(store, store_put_step_status(store, step, status, reason, err),
				   err);
}

int store_set_activity(struct store *store, const char *step, const char *activity, bool done,
		       struct ims2_error *err)
{
	int rc = store_begin(store, err);

	return rc ? rc
		  : in_transaction(store, store_put_activity(store, step, activity, done, err), err);
}

bool store_activity_done(struct store *store, const char *step, const char *activity)
{
	char *v;
	bool done;

	query_text(store, "activity_state",
		   "SELECT done FROM activity_state WHERE step = ? AND activity = ?", step, activity,
		   &v);
	done = v && strcmp(v, "1") == 0;

	free(v);
	return done;
}

int store_draft_save(struct store *store, const char *screen, long long record, const char *body,
		     struct ims2_error *err)
{
	char now[32], id[32];
	const char *params[4] = { screen, id, now, body };
	int rc;

	store_now(now);
	snprintf(id, sizeof(id), "%lld", record);
	if ((rc = store_begin(store, err)))
		return rc;
	rc = run(store,
		 "INSERT INTO draft (screen, record, saved_at, body) VALUES (?, ?, ?, ?) "
		 "ON CONFLICT (screen, record) DO UPDATE SET saved_at = excluded.saved_at, "
		 "body = excluded.body",
		 params, err);
	if (rc) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, err);
}

char *store_draft_take(struct store *store, const char *screen, long long record, bool remove)
{
	char id[32];
	char *body;
	const char *params[4] = { screen, id, NULL, NULL };
	struct ims2_error err;

	snprintf(id, sizeof(id), "%lld", record);
	query_text(store, "draft", "SELECT body FROM draft WHERE screen = ? AND record = ?", screen,
		   id, &body);
	if (body && remove && !store->readonly) {
		if (!store_begin(store, &err)) {
			if (run(store, "DELETE FROM draft WHERE screen = ? AND record = ?", params,
				&err))
				store_rollback(store);
			else
				store_commit(store, &err);
		}
	}
	return body;
}

bool store_draft_latest(struct store *store, char **screen, long long *record, char saved_at[32])
{
	sqlite3_stmt *st;
	bool found = false;

	*screen = NULL;
	*record = 0;
	saved_at[0] = '\0';
	if (sqlite3_prepare_v2(store->db,
			       "SELECT screen, record, saved_at FROM draft ORDER BY saved_at DESC, "
			       "screen, record LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
		*screen = xstrdup((const char *)sqlite3_column_text(st, 0));
		*record = sqlite3_column_int64(st, 1);
		snprintf(saved_at, 32, "%s",
			 sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
		found = true;
	}
	sqlite3_finalize(st);
	return found;
}

const char *store_user(const struct store *store)
{
	return store->os_user;
}
