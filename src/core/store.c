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

#include "ims2/migrate.h"
#include "ims2/util.h"

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	char os_user[64];
};

sqlite3 *store_db(struct store *store)
{
	return store->db;
}

bool store_readonly(const struct store *store)
{
	return store->readonly;
}

const char *store_path(const struct store *store)
{
	return store->path;
}

int store_fail(struct store *store, const char *what, struct ims2_error *err)
{
	int code = sqlite3_errcode(store->db);
	int status = IMS2_IO;

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		status = IMS2_WORKSPACE;
	else if (code == SQLITE_READONLY)
		status = IMS2_READONLY;
	else if (code == SQLITE_CONSTRAINT)
		status = IMS2_INVALID;
	else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		status = IMS2_WORKSPACE;
	error_set(err, status, "%s: %s", what, sqlite3_errmsg(store->db));
	if (status == IMS2_WORKSPACE && (code == SQLITE_BUSY || code == SQLITE_LOCKED))
		error_hint(err, "another ims2 is saving to this workspace; try again");
	return status;
}

static void store_set_user(struct store *store)
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

static int exec(struct store *store, const char *sql, struct ims2_error *err)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return IMS2_OK;
	return store_fail(store, "workspace", err);
}

int store_begin(struct store *store, struct ims2_error *err)
{
	if (store->readonly)
		return error_set(err, IMS2_READONLY, "the workspace is open read-only; nothing can be saved");
	return exec(store, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *store, struct ims2_error *err)
{
	int rc = exec(store, "COMMIT", err);

	if (rc)
		store_rollback(store);
	return rc;
}

void store_rollback(struct store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Settings for files that may come from others (sqlite.org: Defense Against The Dark Arts). */
static void store_harden(sqlite3 *db)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 16 << 20);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
	sqlite3_busy_timeout(db, 3000);
	/* Sorting a large register in memory beats spilling to temporary files. */
	sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}

static int migrate(struct store *store, int from, struct ims2_error *err)
{
	int v, rc;
	char sql[64];

	if (from >= migrate_count())
		return IMS2_OK;
	rc = store_begin(store, err);
	for (v = from + 1; !rc && v <= migrate_count(); v++)
		rc = exec(store, migrate_sql(v), err);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", migrate_count());
	if (!rc)
		rc = exec(store, sql, err);
	if (rc) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, err);
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
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", STORE_APPLICATION_ID);
	if ((rc = exec(store, sql, err)) || (rc = exec(store, "PRAGMA journal_mode = WAL", err)) ||
	    (rc = exec(store, "PRAGMA foreign_keys = ON", err)) || (rc = migrate(store, 0, err)))
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

static unsigned long read_be(const unsigned char *p, int n)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/* Checks the file from its header alone; SQLite has not touched it yet. */
static int check_header(const char *path, struct ims2_error *err)
{
	unsigned char h[100];
	struct stat st;
	unsigned long page_size, pages, version;
	size_t got;
	FILE *fp;

	if (stat(path, &st) != 0) {
		error_set(err, IMS2_WORKSPACE, "%s: %s", path, strerror(errno));
		if (errno == ENOENT)
			error_hint(err, "create one with 'ims2 init %s --org NAME'", path);
		return IMS2_WORKSPACE;
	}
	if (S_ISDIR(st.st_mode))
		return error_set(err, IMS2_WORKSPACE, "%s: is a directory, not a workspace", path);
	if (!S_ISREG(st.st_mode))
		return error_set(err, IMS2_WORKSPACE, "%s: not a regular file", path);
	fp = fopen(path, "rb");
	if (!fp)
		return error_set(err, IMS2_WORKSPACE, "%s: %s", path, strerror(errno));
	got = fread(h, 1, sizeof(h), fp);
	fclose(fp);
	if (got < sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0) {
		error_set(err, IMS2_WORKSPACE, "%s: not an ims2 workspace", path);
		return error_hint(err, "a workspace is made by 'ims2 init' or 'ims2 demo'");
	}
	if (read_be(h + 68, 4) != STORE_APPLICATION_ID) {
		error_set(err, IMS2_WORKSPACE,
			  "%s: an SQLite database, but not an ims2 workspace", path);
		return error_hint(err, "a workspace is made by 'ims2 init' or 'ims2 demo'");
	}
	version = read_be(h + 60, 4);
	if (version > (unsigned long)migrate_count()) {
		error_set(err, IMS2_WORKSPACE,
			  "%s: made by a newer ims2 (workspace format %lu; this one reads up to %d)",
			  path, version, migrate_count());
		return error_hint(err, "open it with a newer ims2; it was left unchanged");
	}
	page_size = read_be(h + 16, 2);
	if (page_size == 1)
		page_size = 65536;
	pages = read_be(h + 28, 4);
	if (read_be(h + 24, 4) == read_be(h + 92, 4) && pages &&
	    (unsigned long long)st.st_size < (unsigned long long)pages * page_size) {
		error_set(err, IMS2_WORKSPACE,
			  "%s: damaged: the file is shorter than its header says (%lld of %llu bytes)",
			  path, (long long)st.st_size, (unsigned long long)pages * page_size);
		return error_hint(err, "restore it from a backup; it was left unchanged");
	}
	return IMS2_OK;
}

/* The schema text of every table, index, view and trigger, one per line. */
static char *schema_text(sqlite3 *db)
{
	struct strbuf sb = { 0 };
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db,
			       "SELECT type, name, coalesce(sql, '') FROM sqlite_schema "
			       "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&sb, "%s %s %s\n", sqlite3_column_text(st, 0),
			    sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return strbuf_detach(&sb);
}

/* Compares the schema with the one the migrations create in a scratch database. */
static int check_schema(struct store *store, struct ims2_error *err)
{
	sqlite3 *ref;
	char *want = NULL, *have;
	int v, rc = IMS2_OK;

	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open an in-memory database");
	for (v = 1; v <= migrate_count(); v++)
		if (sqlite3_exec(ref, migrate_sql(v), NULL, NULL, NULL) != SQLITE_OK)
			die("migration %d fails: %s", v, sqlite3_errmsg(ref));
	want = schema_text(ref);
	sqlite3_close(ref);
	have = schema_text(store->db);
	if (!have) {
		rc = error_set(err, IMS2_WORKSPACE, "%s: damaged: %s", store->path,
			       sqlite3_errmsg(store->db));
	} else if (strcmp(want, have) != 0) {
		rc = error_set(err, IMS2_WORKSPACE,
			       "%s: the workspace schema was changed outside ims2", store->path);
		error_hint(err, "it was left unchanged; open a copy made by ims2");
	}
	free(want);
	free(have);
	return rc;
}

/* A file: URI for path, with the characters URIs reserve escaped. */
static char *path_uri(const char *path, const char *query)
{
	struct strbuf sb = { 0 };
	const char *p;

	strbuf_adds(&sb, "file:");
	for (p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
		else
			strbuf_add(&sb, p, 1);
	}
	strbuf_addf(&sb, "?%s", query);
	return strbuf_detach(&sb);
}

static bool can_write(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	ok = access(path, W_OK) == 0 && access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	return ok;
}

static int open_db(struct store *store, const char *query, int flags, struct ims2_error *err)
{
	char *uri = path_uri(store->path, query);
	int rc;

	rc = sqlite3_open_v2(uri, &store->db, flags | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		error_set(err, IMS2_WORKSPACE, "%s: cannot open: %s", store->path,
			  store->db ? sqlite3_errmsg(store->db) : "out of memory");
		sqlite3_close(store->db);
		store->db = NULL;
		return IMS2_WORKSPACE;
	}
	store_harden(store->db);
	/* The first read: fails here when the file cannot be read as a database. */
	if (sqlite3_exec(store->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		error_set(err, IMS2_WORKSPACE, "%s: cannot read: %s", store->path,
			  sqlite3_errmsg(store->db));
		sqlite3_close(store->db);
		store->db = NULL;
		return IMS2_WORKSPACE;
	}
	return IMS2_OK;
}

int store_open(const char *path, int flags, struct store **out, struct ims2_error *err)
{
	struct store *store;
	sqlite3_stmt *st;
	int rc, version = 0;

	*out = NULL;
	rc = check_header(path, err);
	if (rc)
		return rc;
	store = xcalloc(1, sizeof(*store));
	store->path = xstrdup(path);
	store_set_user(store);
	store->readonly = (flags & STORE_READONLY) || !can_write(path);
	if (!can_write(path)) {
		/* Without write access SQLite cannot make the WAL index: read the file as is. */
		rc = open_db(store, "mode=ro", SQLITE_OPEN_READONLY, err);
		if (rc)
			rc = open_db(store, "mode=ro&immutable=1", SQLITE_OPEN_READONLY, err);
	} else {
		/*
		 * Writable: a read-write connection even when asked for read-only (store_begin()
		 * then refuses every write), so that closing it removes the -wal and -shm files.
		 */
		rc = open_db(store, "mode=rw", SQLITE_OPEN_READWRITE, err);
	}
	if (rc)
		goto fail;
	if ((rc = exec(store, "PRAGMA foreign_keys = ON", err)))
		goto fail;
	if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (version < migrate_count()) {
		if (store->readonly) {
			rc = error_set(err, IMS2_WORKSPACE,
				       "%s: made by an older ims2 and read-only, so it cannot be "
				       "brought up to date",
				       path);
			goto fail;
		}
		if (version < 1) {
			rc = error_set(err, IMS2_WORKSPACE, "%s: damaged: it has no schema", path);
			goto fail;
		}
		if ((rc = migrate(store, version, err)))
			goto fail;
	}
	if ((rc = check_schema(store, err)))
		goto fail;
	*out = store;
	return IMS2_OK;
fail:
	store_close(store);
	return rc;
}

void store_discard(struct store *store)
{
	char *path = xstrdup(store->path);

	store_close(store);
	remove_with_journals(path);
	free(path);
}

void store_close(struct store *store)
{
	if (!store)
		return;
	if (store->db)
		sqlite3_close(store->db);
	free(store->path);
	free(store);
}

int store_log(struct store *store, const char *table, long long record, const char *field,
	      const char *old_value, const char *new_value, struct ims2_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	store_now(now);
	if (sqlite3_prepare_v2(store->db,
			       "INSERT INTO changelog (at, os_user, tbl, record, field, old, new) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(store, "change log", err);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, store->os_user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, record);
	sqlite3_bind_text(st, 5, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, old_value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, new_value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? IMS2_OK : store_fail(store, "change log", err);
	sqlite3_finalize(st);
	return rc;
}

/* Runs a one-row query with text parameters; returns the first column or NULL. */
static char *query_text(struct store *store, const char *sql, const char *a, const char *b)
{
	sqlite3_stmt *st;
	char *value = NULL;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		value = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return value;
}

/* Runs a statement with up to four text parameters (NULL binds NULL). */
static int run(struct store *store, const char *sql, const char *const params[4],
	       struct ims2_error *err)
{
	sqlite3_stmt *st;
	int i, rc;

	/* Every write goes through here: a read-only workspace refuses them all. */
	if (store->readonly)
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
	*value = query_text(store, "SELECT value FROM meta WHERE key = ?", key, NULL);
	return *value ? IMS2_OK : IMS2_USAGE;
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
	return query_text(store, "SELECT body FROM catalog WHERE name = ?", name, NULL);
}

int store_step_status(struct store *store, const char *step, char status[16], char **reason)
{
	char *s = query_text(store, "SELECT status FROM step_state WHERE step = ?", step, NULL);

	snprintf(status, 16, "%s", s ? s : "not started");
	free(s);
	if (reason)
		*reason = query_text(store, "SELECT reason FROM step_state WHERE step = ?", step,
				     NULL);
	return IMS2_OK;
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
		params[2] = reason;
	}
	store_step_status(store, step, old, NULL);
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
	char *v = query_text(store, "SELECT done FROM activity_state WHERE step = ? AND activity = ?",
			     step, activity);
	bool done = v && strcmp(v, "1") == 0;

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
	body = query_text(store, "SELECT body FROM draft WHERE screen = ? AND record = ?", screen,
			  id);
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
