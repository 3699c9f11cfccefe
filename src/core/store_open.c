/*
 * Opening a workspace that may come from someone else (DESIGN.md section 3 in the README's
 * words: refused with a message, byte for byte as it was, nothing left beside it).
 *
 * The order matters. First the file's header and what lies beside it (-wal, -shm, -journal)
 * are checked without SQLite. Then SQLite opens it in a way that cannot write: read-write only
 * when the file and its directory are writable (SQLite then removes the -wal and -shm it made
 * when it closes), read-only on the files already there, or `immutable` when there is no
 * write-ahead log to read. Then, still only reading, the format version (the one in the WAL
 * when there is one), the exact schema of that version and, when asked, every page. Only a
 * file that passed all of that is migrated: in place when it may be written, otherwise as an
 * in-memory copy, so that an older workspace can be read without being changed.
 */
#include "ims2/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ims2/migrate.h"
#include "ims2/util.h"
#include "store_int.h"

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
	ssize_t n;
	int fd;

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
	/* Non-blocking, checked again: a FIFO put in its place meanwhile must not hang us. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, IMS2_WORKSPACE, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(err, IMS2_WORKSPACE, "%s: not a regular file", path);
	}
	n = read(fd, h, sizeof(h));
	if (n < 0) {
		error_set(err, IMS2_WORKSPACE, "%s: %s", path, strerror(errno));
		close(fd);
		return IMS2_WORKSPACE;
	}
	close(fd);
	got = (size_t)n;
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

/* The files SQLite keeps beside a database, as they are before it opens it. */
struct beside {
	long long wal; /* size of the write-ahead log, -1 when there is none */
	bool shm;      /* its index exists */
};

/* -1 when real+suffix does not exist; refuses anything but a regular file. */
static int beside_size(const char *path, const char *real, const char *suffix, long long *size,
		       struct ims2_error *err)
{
	char *p = xasprintf("%s%s", real, suffix);
	struct stat st;
	int rc = IMS2_OK;

	*size = -1;
	if (lstat(p, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			rc = error_set(err, IMS2_WORKSPACE,
				       "%s: %s%s beside it is not a regular file", path, path,
				       suffix);
		*size = (long long)st.st_size;
	} else if (errno != ENOENT) {
		rc = error_set(err, IMS2_WORKSPACE, "%s%s: %s", path, suffix, strerror(errno));
	}
	free(p);
	return rc;
}

static int check_beside(const char *path, const char *real, struct beside *b,
			struct ims2_error *err)
{
	long long journal, shm;
	int rc;

	if ((rc = beside_size(path, real, "-wal", &b->wal, err)) ||
	    (rc = beside_size(path, real, "-shm", &shm, err)) ||
	    (rc = beside_size(path, real, "-journal", &journal, err)))
		return rc;
	b->shm = shm >= 0;
	/* ims2 never writes a rollback journal; SQLite would play this one back into the file. */
	if (journal > 0) {
		error_set(err, IMS2_WORKSPACE,
			  "%s: a rollback journal (%s-journal) is beside it: not left by ims2", path,
			  path);
		return error_hint(err, "both were left unchanged; restore the workspace from a backup");
	}
	return IMS2_OK;
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

/* Turns the last error of db, reading what, into "PATH: damaged: ... (reading what)". */
static int read_failed(struct store *store, sqlite3 *db, const char *what,
		       struct ims2_error *err)
{
	int code = sqlite3_errcode(db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
		error_set(err, IMS2_WORKSPACE, "%s: busy: %s", store->path, sqlite3_errmsg(db));
		return error_hint(err, "another ims2 is saving to this workspace; try again");
	}
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT ||
	    code == SQLITE_ERROR) {
		error_set(err, IMS2_WORKSPACE, "%s: damaged: %s (reading %s)", store->path,
			  sqlite3_errmsg(db), what);
		return error_hint(err, "restore it from a backup; it was left unchanged");
	}
	return error_set(err, IMS2_WORKSPACE, "%s: cannot read %s: %s", store->path, what,
			 sqlite3_errmsg(db));
}

static int open_db(struct store *store, const char *real, const char *query, int flags,
		   struct ims2_error *err)
{
	char *uri = path_uri(real, query);
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
	    SQLITE_OK)
		return read_failed(store, store->db, "the schema", err);
	return IMS2_OK;
}

/*
 * Closes db without writing to the workspace: a write-ahead log that was there before is left
 * as it was (no checkpoint into the file). One SQLite made for this connection is empty and is
 * removed by SQLite itself, which knows whether another process still uses it.
 */
static void close_untouched(sqlite3 *db, bool keep_wal)
{
	if (!db)
		return;
	if (keep_wal)
		sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_close(db);
}

void store_close(struct store *store)
{
	if (!store)
		return;
	store_stmts_clear(store);
	/* A read-only store never checkpoints a log it did not make. */
	close_untouched(store->db, store->keep_wal && store->readonly && !store->copy);
	free(store->path);
	free(store);
}

/* The schema as text, one object a line: every row of sqlite_schema, names compared whole. */
static int schema_text(sqlite3 *db, char **out)
{
	struct strbuf sb = { 0 };
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
			       "ORDER BY type, name",
			       -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strbuf_addf(&sb, "%s %s %s %s\n", sqlite3_column_text(st, 0),
			    sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
			    sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		strbuf_release(&sb);
		return rc;
	}
	*out = sb.buf ? strbuf_detach(&sb) : xstrdup("");
	return SQLITE_OK;
}

/* The schema the migrations 1 to version create, as schema_text() writes it. */
static char *schema_of_version(int version)
{
	sqlite3 *ref;
	char *text;
	int v;

	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open an in-memory database");
	for (v = 1; v <= version; v++)
		if (sqlite3_exec(ref, migrate_sql(v), NULL, NULL, NULL) != SQLITE_OK)
			die("migration %d fails: %s", v, sqlite3_errmsg(ref));
	if (schema_text(ref, &text) != SQLITE_OK)
		die("cannot read the schema of migration %d", version);
	sqlite3_close(ref);
	return text;
}

/*
 * Compares the schema with the one migrations 1 to version create, exactly: an object whose
 * name merely looks like SQLite's own (sqliteXevil) is as foreign as any other.
 */
static int check_schema(struct store *store, int version, struct ims2_error *err)
{
	char *want, *have;
	int v, rc = IMS2_OK;

	if (schema_text(store->db, &have) != SQLITE_OK)
		return read_failed(store, store->db, "the schema", err);
	want = schema_of_version(version);
	if (strcmp(want, have) != 0) {
		/*
		 * The latest format with that schema: a migration that only moves data (12)
		 * leaves the schema of the one before it.
		 */
		for (v = migrate_count(); v >= 1; v--) {
			char *other = v == version ? NULL : schema_of_version(v);
			bool same = other && strcmp(other, have) == 0;
			free(other);
			if (same)
				break;
		}
		if (v >= 1)
			rc = error_set(err, IMS2_WORKSPACE,
				       "%s: damaged: its format number (%d) does not match the schema "
				       "it holds (format %d)",
				       store->path, version, v);
		else
			rc = error_set(err, IMS2_WORKSPACE,
				       "%s: the workspace schema was changed outside ims2",
				       store->path);
		error_hint(err, "it was left unchanged; open a copy made by ims2");
	}
	free(want);
	free(have);
	return rc;
}

/*
 * Whether one text value could have been written: UTF-8 throughout, and no run of NUL bytes
 * such as a zeroed page leaves (a single NUL is hostile text, shown escaped by the reports).
 */
static bool text_sound(sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col), *end, *nul;
	size_t n = (size_t)sqlite3_column_bytes(st, col), run;

	if (!v)
		return false;
	for (end = v + n; v < end; v = nul + run) {
		if (!util_utf8_valid(v))
			return false;
		nul = v + strlen(v);
		for (run = 0; nul + run < end && nul[run] == '\0'; run++)
			;
		if (run >= 8)
			return false;
	}
	return true;
}

/*
 * Every text value of every table is sound (text_sound()). A zeroed or overwritten last
 * overflow page passes the structural check (the chain still ends there) and would change a
 * long text silently; ims2 only ever stores valid UTF-8 (libyaml and the forms check it).
 */
static int check_texts(struct store *store, struct ims2_error *err)
{
	sqlite3_stmt *tables, *st;
	int rc = IMS2_OK, step, c;

	if (sqlite3_prepare_v2(store->db, "SELECT name FROM sqlite_schema WHERE type = 'table'",
			       -1, &tables, NULL) != SQLITE_OK)
		return read_failed(store, store->db, "the schema", err);
	while (!rc && sqlite3_step(tables) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(tables, 0);
		char *sql = sqlite3_mprintf("SELECT rowid, * FROM \"%w\"", table);

		if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			rc = read_failed(store, store->db, table, err);
			break;
		}
		sqlite3_free(sql);
		while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
			for (c = 1; !rc && c < sqlite3_column_count(st); c++)
				if (sqlite3_column_type(st, c) == SQLITE_TEXT && !text_sound(st, c)) {
					error_set(err, IMS2_WORKSPACE,
						  "%s: damaged: %s.%s of row %lld is not text",
						  store->path, table, sqlite3_column_name(st, c),
						  sqlite3_column_int64(st, 0));
					rc = error_hint(err, "restore it from a backup; it was left "
							     "unchanged");
				}
		if (!rc && step != SQLITE_DONE)
			rc = read_failed(store, store->db, table, err);
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tables);
	return rc;
}

int store_check_integrity(struct store *store, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store->db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK)
		return read_failed(store, store->db, "every page", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		const char *what = (const char *)sqlite3_column_text(st, 0);
		const char *main_db = "*** in database main ***\n";
		/* One line: the page or tree SQLite names, without its heading. */
		if (strncmp(what, main_db, strlen(main_db)) == 0)
			what += strlen(main_db);
		error_set(err, IMS2_WORKSPACE, "%s: damaged: %.*s", store->path,
			  (int)strcspn(what, "\n"), what);
		rc = error_hint(err, "restore it from a backup; it was left unchanged");
	} else if (rc != SQLITE_ROW) {
		rc = read_failed(store, store->db, "every page", err);
	} else {
		rc = IMS2_OK;
	}
	sqlite3_finalize(st);
	return rc ? rc : check_texts(store, err);
}

/* The format version, read through SQLite: the one in the write-ahead log when it has one. */
static int read_version(struct store *store, int *version, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return read_failed(store, store->db, "the format version", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return read_failed(store, store->db, "the format version", err);
	if (*version > migrate_count()) {
		error_set(err, IMS2_WORKSPACE,
			  "%s: made by a newer ims2 (workspace format %d; this one reads up to %d)",
			  store->path, *version, migrate_count());
		return error_hint(err, "open it with a newer ims2; it was left unchanged");
	}
	if (*version < 1)
		return error_set(err, IMS2_WORKSPACE, "%s: damaged: it has no schema", store->path);
	return IMS2_OK;
}

int store_copy_to_memory(struct store *store, struct ims2_error *err)
{
	sqlite3 *mem = NULL;
	sqlite3_backup *backup;
	int rc;

	if (store->copy)
		return IMS2_OK;
	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open an in-memory database");
	store_harden(mem);
	backup = sqlite3_backup_init(mem, "main", store->db, "main");
	rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_NOMEM;
	sqlite3_backup_finish(backup);
	if (rc != SQLITE_DONE) {
		rc = read_failed(store, backup ? store->db : mem, "every page", err);
		sqlite3_close(mem);
		return rc;
	}
	store_stmts_clear(store);
	close_untouched(store->db, store->keep_wal);
	store->db = mem;
	store->copy = true;
	return store_exec(store, "PRAGMA foreign_keys = ON", err);
}

int store_migrate(struct store *store, int from, struct ims2_error *err)
{
	int v, rc;
	char sql[64];

	if (from >= migrate_count())
		return IMS2_OK;
	rc = store_exec(store, "BEGIN IMMEDIATE", err);
	for (v = from + 1; !rc && v <= migrate_count(); v++)
		rc = store_exec(store, migrate_sql(v), err);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", migrate_count());
	if (!rc)
		rc = store_exec(store, sql, err);
	if (!rc)
		rc = store_exec(store, "COMMIT", err);
	if (rc && !sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int store_migrate_pending(struct store *store, struct ims2_error *err)
{
	int from = store->pending;

	store->pending = 0;
	return from ? store_migrate(store, from, err) : IMS2_OK;
}

/* Opens the file the way that cannot write to it, given what lies beside it. */
static int open_file(struct store *store, const char *real, bool writable,
		     const struct beside *b, struct ims2_error *err)
{
	if (writable)
		return open_db(store, real, "mode=rw", SQLITE_OPEN_READWRITE, err);
	/* Read-only: SQLite would create a missing -wal or -shm, owned by this user. */
	if (b->wal >= 0 && b->shm)
		return open_db(store, real, "mode=ro", SQLITE_OPEN_READONLY, err);
	if (b->wal <= 0) {
		store->immutable = true;
		return open_db(store, real, "mode=ro&immutable=1", SQLITE_OPEN_READONLY, err);
	}
	error_set(err, IMS2_WORKSPACE,
		  "%s: its write-ahead log (%s-wal) has records but no index beside it, and "
		  "reading it read-only would create one",
		  store->path, store->path);
	return error_hint(err, "open it once as a user who may write it; it was left unchanged");
}

int store_open(const char *path, int flags, struct store **out, struct ims2_error *err)
{
	struct store *store;
	struct beside b;
	char *real;
	bool writable;
	int rc, version = 0;

	*out = NULL;
	if ((rc = check_header(path, err)))
		return rc;
	/* SQLite keeps -wal and -shm beside the file a symbolic link points to. */
	real = realpath(path, NULL);
	if (!real)
		return error_set(err, IMS2_WORKSPACE, "%s: %s", path, strerror(errno));
	if ((rc = check_beside(path, real, &b, err))) {
		free(real);
		return rc;
	}
	store = xcalloc(1, sizeof(*store));
	store->path = xstrdup(path);
	store_set_user(store);
	writable = can_write(real);
	store->readonly = (flags & STORE_READONLY) || !writable;
	if (!writable)
		store->readonly_why = "the file or its directory is not writable";
	store->keep_wal = b.wal >= 0;
	rc = open_file(store, real, writable, &b, err);
	free(real);
	store_remember_file(store);
	if (!rc)
		rc = read_version(store, &version, err);
	if (!rc)
		rc = check_schema(store, version, err);
	if (!rc && (flags & STORE_VERIFY))
		rc = store_check_integrity(store, err);
	if (!rc && version < migrate_count() && (flags & STORE_CURRENT_ONLY)) {
		error_set(err, IMS2_WORKSPACE,
			  "%s was made by an older ims2 (workspace format %d, this one writes %d)",
			  path, version, migrate_count());
		rc = error_hint(err, "open it once with 'ims2 %s' to bring it up to date; it was "
				     "left unchanged",
				path);
	}
	if (!rc && version < migrate_count() && store->readonly) {
		rc = store_copy_to_memory(store, err);
		store->readonly_why = "older format: read through an updated copy";
	}
	if (!rc)
		rc = store_exec(store, "PRAGMA foreign_keys = ON", err);
	if (!rc && version < migrate_count() && (flags & STORE_MIGRATE_LATER))
		store->pending = version;
	else if (!rc && version < migrate_count())
		rc = store_migrate(store, version, err);
	if (rc) {
		/* Refused: nothing of the file is checkpointed, rolled back or brought up to date. */
		store->readonly = true;
		store_close(store);
		return rc;
	}
	*out = store;
	return IMS2_OK;
}
