/*
 * A YAML document read whole into a small tree, each node with its line and column,
 * so that catalog and screen loaders can say `file:line:column: what is wrong`.
 * Every scalar is a string: the loaders decide what a value means.
 */
#ifndef IMS2_YAMLDOC_H
#define IMS2_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "ims2/error.h"

enum ydoc_kind { YDOC_SCALAR, YDOC_MAP, YDOC_SEQ };

struct ydoc_node {
	enum ydoc_kind kind;
	int line, column;         /* 1-based */
	char *scalar;             /* YDOC_SCALAR: the text, NUL-terminated */
	bool null;                /* YDOC_SCALAR: a YAML null (plain ~, null, Null, NULL or
				     nothing); its text is "", so that it reads as empty */
	size_t count;             /* YDOC_MAP: pairs; YDOC_SEQ: items */
	struct ydoc_node **keys;  /* YDOC_MAP: scalar keys */
	struct ydoc_node **items; /* YDOC_MAP: values; YDOC_SEQ: items */
};

struct ydoc {
	char name[256]; /* the file name used in messages */
	struct ydoc_node *root;
};

/*
 * Parses text (len bytes) named `name`. Anchors, aliases and nesting deeper than 32 are
 * refused: catalogs may come from others. On error the message is `name:line:col: ...`.
 * Release with ydoc_release() whatever the result.
 */
int ydoc_parse(struct ydoc *doc, const char *name, const char *text, size_t len,
	       struct ims2_error *err);
void ydoc_release(struct ydoc *doc);

/* The value under key in a map, or NULL (also when node is not a map). */
const struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key);

/* Sets err to `docname:line:col: message` at node (or the document start) and returns status. */
int ydoc_fail(struct ims2_error *err, const struct ydoc *doc, const struct ydoc_node *node,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Reads map[key] as a string. `required`: missing is an error. Returns the string (owned by
 * the document) in *out, NULL when absent and optional. Non-scalars are an error.
 */
int ydoc_string(const struct ydoc *doc, const struct ydoc_node *map, const char *key, bool required,
		const char **out, struct ims2_error *err);
/* Reads map[key] as a sequence of scalars, pointers owned by the document; absent is empty. */
int ydoc_strings(const struct ydoc *doc, const struct ydoc_node *map, const char *key,
		 const char ***out, size_t *count, struct ims2_error *err);
/* Checks that every key of map is one of allowed (a NULL-terminated list). */
int ydoc_known_keys(const struct ydoc *doc, const struct ydoc_node *map,
		    const char *const *allowed, struct ims2_error *err);

#endif
