/*
 * Files the user names for output (exports). A target is never the open workspace, its -wal,
 * -shm or -journal, nor any other SQLite database; an ordinary file is replaced whole through
 * a temporary file next to it (created with O_CREAT|O_EXCL|O_NOFOLLOW under an unpredictable
 * name), written, flushed, synced and renamed over it: a symlink at the target is replaced, not
 * followed. Devices, FIFOs and the caller's descriptors (/dev/stdout, /dev/fd/N) are written
 * in place. Errors name the file and the system's reason.
 */
#ifndef IMS2_OUTPUT_H
#define IMS2_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/error.h"
#include "ims2/util.h"

struct output {
	FILE *fp;   /* write here: a filter (output_filter_open) in front of file */
	FILE *file; /* the temporary file, or the device */
	char *path; /* the target as the user named it */
	char *tmp;  /* the temporary file, NULL when writing straight to a device */
};

/*
 * The one convention for bytes that could drive a terminal (README.md, man/ims2.1): C0 control
 * characters but line feed and tab, DEL, C1 controls (U+0080-U+009F) and the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are shown as "<U+001B>";
 * a byte that is not part of valid UTF-8 as "<0xFF>"; CR LF becomes LF.
 *
 * A stream that writes what it is given to `under` in that convention. Close it with
 * output_filter_close(), which flushes both and leaves `under` open. NULL if out of streams.
 */
FILE *output_filter_open(FILE *under);
/* Flushes the filter and the stream under it, closes the filter. 0, or errno of the failure. */
int output_filter_close(FILE *filter);
/* Appends text in the convention above to sb (for messages built in memory). */
void output_safe_text(struct strbuf *sb, const char *text);

/*
 * Refuses (IMS2_USAGE, message naming path) a target that is the workspace at `workspace`
 * (may be NULL) or one of its companion files under any spelling (compared by device and
 * inode, or by directory and name when absent), a SQLite database, or a directory.
 */
int output_check(const char *path, const char *workspace, struct ims2_error *err);
/*
 * The same for an open descriptor called `name` in messages (standard output sent by the shell
 * with >> to the workspace): by device and inode.
 */
int output_check_fd(int fd, const char *name, const char *workspace, struct ims2_error *err);
/* True when path is a terminal (the workbench would write a report over its own screen). */
bool output_is_terminal(const char *path);
/* True when path names an existing regular file (one the interface asks before replacing). */
bool output_exists(const char *path);
/*
 * Checks path as output_check() does and opens the temporary file. On success the caller
 * writes to o->fp and ends with output_commit() or output_abort(). Nothing is created on error.
 */
int output_open(struct output *o, const char *path, const char *workspace,
		struct ims2_error *err);
/*
 * Flushes, syncs and closes, then renames the temporary file over the target (checked again
 * first). On error the temporary file is removed and the target left as it was. Releases o.
 */
int output_commit(struct output *o, const char *workspace, struct ims2_error *err);
/* Closes and removes the temporary file; the target is left as it was. Releases o. */
void output_abort(struct output *o);

/*
 * Writes with write(fp, ctx, err) to the file path, through output_open() and output_commit()
 * (never the workspace at `workspace`; the target replaced whole or left as it was), or to out
 * when path is NULL, flushed. A failed write is IMS2_IO with the file's name and the system's
 * reason.
 */
int output_write(const char *path, const char *workspace, FILE *out,
		 int (*write)(FILE *fp, void *ctx, struct ims2_error *err), void *ctx,
		 struct ims2_error *err);
#endif
