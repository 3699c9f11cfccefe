/*
 * Where catalogs and screen files come from: compiled into the binary (from data/ and
 * screens/ at build time) unless a data directory overrides a file.
 *
 * Names are relative: "method.yaml", "clauses.yaml", "annexa.yaml", "scenarios/demo.yaml",
 * "screens/1.5.yaml". With a data directory DIR, DIR/<name> is read when it exists.
 */
#ifndef IMS2_SOURCE_H
#define IMS2_SOURCE_H

#include <stddef.h>

#include "ims2/error.h"

struct embedded_file {
	const char *name;
	const char *data;
	size_t size;
};
/* Generated at build time (build/embedded.c); the list ends with a NULL name. */
extern const struct embedded_file embedded_files[];

/*
 * Reads `name` from data_dir (may be NULL) or the built-in copy. *text is allocated and
 * NUL-terminated (caller frees); *origin (optional) receives the path or "built-in:name" and
 * is owned by the caller too. A missing file is IMS2_USAGE with the name in the message.
 */
int source_read(const char *data_dir, const char *name, char **text, size_t *len, char **origin,
		struct ims2_error *err);

/* The largest file source_read_file() reads (an import, a dump to restore). */
#define SOURCE_MAX_BYTES (16u << 20)

/*
 * Reads exactly the file at path (a user's file: never a built-in one), a regular file of at
 * most 16 MiB. *text is allocated and NUL-terminated. IMS2_IO with the system's reason
 * ("PATH: Permission denied") when it cannot be read.
 */
int source_read_file(const char *path, char **text, size_t *len, struct ims2_error *err);

/* Lists the names under a prefix ("screens/", "scenarios/") among built-in files, in order. */
size_t source_list(const char *prefix, const char **names, size_t max);

#endif
