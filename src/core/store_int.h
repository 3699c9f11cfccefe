/*
 * What store.c and store_open.c share: the store itself. Nothing outside these two files
 * includes this header; everyone else goes through include/ims2/store.h.
 */
#ifndef IMS2_STORE_INT_H
#define IMS2_STORE_INT_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>
#include <sqlite3.h>

#include "ims2/error.h"

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;  /* nothing the user does can be saved (store_begin refuses) */
	const char *readonly_why; /* a static phrase for store_readonly_reason() */
	bool copy;      /* db is an in-memory copy of an older file, brought up to date */
	bool seeding;   /* a store_begin_seed() transaction is open on a read-only copy */
	bool keep_wal;  /* a -wal existed before this open: closing never checkpoints it */
	int pending;    /* the format of a file still to migrate (STORE_MIGRATE_LATER), or 0 */
	int read_status; /* the first read that failed since the open (IMS2_OK: none) */
	dev_t dev;       /* the file opened, to notice it moved or was deleted before a save */
	ino_t ino;
	bool immutable;  /* read without locks (no -wal to read): others' saves are not seen */
	struct timespec mtime; /* the file's, when opened: changed under an immutable read */
	off_t size;
	struct ims2_error read_error;
	char os_user[64];
	/* Statements kept prepared for the next same SQL (store_prepare, store_finish). */
	struct store_stmt {
		char *sql;
		sqlite3_stmt *st;
		bool busy; /* handed out and not finished yet */
	} stmts[32];
	unsigned stmt_next; /* the slot the next new statement may take */
};

/* Settings for files that may come from others (sqlite.org: Defense Against The Dark Arts). */
void store_harden(sqlite3 *db);
/* Finalizes the kept statements: before the connection closes or is replaced. */
void store_stmts_clear(struct store *store);
/* Runs sql without results; on failure fills err through store_fail(). */
int store_exec(struct store *store, const char *sql, struct ims2_error *err);
/* Brings the schema from version `from` to migrate_count() in one transaction. */
int store_migrate(struct store *store, int from, struct ims2_error *err);
/* Remembers which file path names now (store_begin() checks it has not moved). */
void store_remember_file(struct store *store);
/* Sets the user's name for the change log from the process's user id. */
void store_set_user(struct store *store);

#endif
