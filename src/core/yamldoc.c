#include "ims2/yamldoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ims2/util.h"

#define YDOC_MAX_DEPTH 32

static void node_free(struct ydoc_node *node)
{
	size_t i;

	if (!node)
		return;
	for (i = 0; i < node->count; i++) {
		if (node->keys)
			node_free(node->keys[i]);
		node_free(node->items[i]);
	}
	free(node->keys);
	free(node->items);
	free(node->scalar);
	free(node);
}

void ydoc_release(struct ydoc *doc)
{
	node_free(doc->root);
	doc->root = NULL;
}

static struct ydoc_node *node_new(enum ydoc_kind kind, const yaml_mark_t *mark)
{
	struct ydoc_node *node = xcalloc(1, sizeof(*node));

	node->kind = kind;
	node->line = (int)mark->line + 1;
	node->column = (int)mark->column + 1;
	return node;
}

/* Appends to parent's arrays, doubling them when full (*cap is their capacity). */
static void node_append(struct ydoc_node *parent, size_t *cap, struct ydoc_node *key,
			struct ydoc_node *item)
{
	if (parent->count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		parent->items = xrealloc(parent->items, *cap * sizeof(*parent->items));
		if (parent->kind == YDOC_MAP)
			parent->keys = xrealloc(parent->keys, *cap * sizeof(*parent->keys));
	}
	if (parent->kind == YDOC_MAP)
		parent->keys[parent->count] = key;
	parent->items[parent->count++] = item;
}

/*
 * The keys of one mapping while it is read, hashed, so that finding a duplicate costs the
 * same for the 100,000th key as for the first. Slots hold a key's index + 1 (0: empty).
 */
struct key_set {
	size_t *slots, size; /* size: a power of two, at least twice the keys */
};

static size_t key_hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Adds map->keys[index] unless an equal key is there; returns false for a duplicate. */
static bool key_set_add(struct key_set *set, const struct ydoc_node *map, size_t index)
{
	size_t i;

	if ((index + 1) * 2 > set->size) {
		size_t old = set->size, j;
		size_t *slots = set->slots;
		set->size = old ? old * 2 : 16;
		set->slots = xcalloc(set->size, sizeof(*set->slots));
		for (j = 0; j < old; j++) {
			if (!slots[j])
				continue;
			i = key_hash(map->keys[slots[j] - 1]->scalar) & (set->size - 1);
			while (set->slots[i])
				i = (i + 1) & (set->size - 1);
			set->slots[i] = slots[j];
		}
		free(slots);
	}
	i = key_hash(map->keys[index]->scalar) & (set->size - 1);
	for (; set->slots[i]; i = (i + 1) & (set->size - 1))
		if (strcmp(map->keys[set->slots[i] - 1]->scalar, map->keys[index]->scalar) == 0)
			return false;
	set->slots[i] = index + 1;
	return true;
}

struct parse_state {
	yaml_parser_t parser;
	const struct ydoc *doc;
	struct ims2_error *err;
};

static int parse_node(struct parse_state *st, yaml_event_t *event, int depth,
		      struct ydoc_node **out);

static int next_event(struct parse_state *st, yaml_event_t *event)
{
	if (yaml_parser_parse(&st->parser, event))
		return IMS2_OK;
	return error_set(st->err, IMS2_USAGE, "%s:%zu:%zu: %s%s%s", st->doc->name,
			 st->parser.problem_mark.line + 1, st->parser.problem_mark.column + 1,
			 st->parser.problem ? st->parser.problem : "malformed YAML",
			 st->parser.context ? " " : "",
			 st->parser.context ? st->parser.context : "");
}

static int parse_children(struct parse_state *st, struct ydoc_node *node, yaml_event_type_t end,
			  int depth)
{
	struct key_set keys = { 0 };
	size_t cap = 0;
	int rc;

	for (;;) {
		yaml_event_t event;
		struct ydoc_node *key = NULL, *value = NULL;

		rc = next_event(st, &event);
		if (rc)
			break;
		if (event.type == end) {
			yaml_event_delete(&event);
			break;
		}
		rc = parse_node(st, &event, depth + 1, node->kind == YDOC_MAP ? &key : &value);
		if (rc)
			break;
		if (node->kind == YDOC_MAP) {
			if (key->kind != YDOC_SCALAR) {
				rc = ydoc_fail(st->err, st->doc, key, "a key must be plain text");
				node_free(key);
				break;
			}
			rc = next_event(st, &event);
			if (!rc)
				rc = parse_node(st, &event, depth + 1, &value);
			if (rc) {
				node_free(key);
				break;
			}
		}
		node_append(node, &cap, key, value);
		if (node->kind == YDOC_MAP && !key_set_add(&keys, node, node->count - 1)) {
			rc = ydoc_fail(st->err, st->doc, key, "duplicate key '%s'", key->scalar);
			break;
		}
	}
	free(keys.slots);
	return rc;
}

/* Builds the node that starts with event (consumed). */
static int parse_node(struct parse_state *st, yaml_event_t *event, int depth,
		      struct ydoc_node **out)
{
	struct ydoc_node *node;
	int rc = IMS2_OK;

	*out = NULL;
	if (depth > YDOC_MAX_DEPTH) {
		struct ydoc_node at = { .line = (int)event->start_mark.line + 1,
					.column = (int)event->start_mark.column + 1 };
		yaml_event_delete(event);
		return ydoc_fail(st->err, st->doc, &at, "nested deeper than %d levels",
				 YDOC_MAX_DEPTH);
	}
	switch (event->type) {
	case YAML_SCALAR_EVENT:
		node = node_new(YDOC_SCALAR, &event->start_mark);
		if (event->data.scalar.anchor)
			rc = ydoc_fail(st->err, st->doc, node, "anchors are not supported");
		node->scalar = xstrndup((const char *)event->data.scalar.value,
					event->data.scalar.length);
		/* "a\0b" would be read as "a": refuse it rather than cut it. */
		if (!rc && memchr(event->data.scalar.value, '\0', event->data.scalar.length))
			rc = ydoc_fail(st->err, st->doc, node,
				       "a NUL character (\\0) is not allowed in text");
		/* Nulls on purpose: empty, never the text "~" or "null" (quote those). */
		node->null = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			     (!node->scalar[0] || strcmp(node->scalar, "~") == 0 ||
			      strcmp(node->scalar, "null") == 0 || strcmp(node->scalar, "Null") == 0 ||
			      strcmp(node->scalar, "NULL") == 0);
		if (node->null)
			node->scalar[0] = '\0';
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = event->type == YAML_SEQUENCE_START_EVENT;
		node = node_new(seq ? YDOC_SEQ : YDOC_MAP, &event->start_mark);
		if (seq ? event->data.sequence_start.anchor : event->data.mapping_start.anchor)
			rc = ydoc_fail(st->err, st->doc, node, "anchors are not supported");
		yaml_event_delete(event);
		if (!rc)
			rc = parse_children(st, node, seq ? YAML_SEQUENCE_END_EVENT
							   : YAML_MAPPING_END_EVENT, depth);
		if (rc) {
			node_free(node);
			return rc;
		}
		*out = node;
		return IMS2_OK;
	}
	case YAML_ALIAS_EVENT:
		node = node_new(YDOC_SCALAR, &event->start_mark);
		rc = ydoc_fail(st->err, st->doc, node, "aliases are not supported");
		break;
	default:
		node = node_new(YDOC_SCALAR, &event->start_mark);
		rc = ydoc_fail(st->err, st->doc, node, "unexpected YAML event");
		break;
	}
	yaml_event_delete(event);
	if (rc) {
		node_free(node);
		return rc;
	}
	*out = node;
	return IMS2_OK;
}

int ydoc_parse(struct ydoc *doc, const char *name, const char *text, size_t len,
	       struct ims2_error *err)
{
	struct parse_state st = { .doc = doc, .err = err };
	yaml_event_t event;
	int rc;

	memset(doc, 0, sizeof(*doc));
	snprintf(doc->name, sizeof(doc->name), "%s", name);
	if (!yaml_parser_initialize(&st.parser))
		return error_set(err, IMS2_IO, "%s: out of memory", name);
	yaml_parser_set_input_string(&st.parser, (const unsigned char *)text, len);
	/* Skip the stream and document start; an empty file is an empty map. */
	for (;;) {
		rc = next_event(&st, &event);
		if (rc)
			goto out;
		if (event.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&event);
			rc = error_set(err, IMS2_USAGE, "%s:1:1: the file is empty", name);
			goto out;
		}
		if (event.type == YAML_STREAM_START_EVENT ||
		    event.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&event);
			continue;
		}
		break;
	}
	rc = parse_node(&st, &event, 0, &doc->root);
	if (!rc && doc->root->kind != YDOC_MAP)
		rc = ydoc_fail(err, doc, doc->root, "the file must be a mapping of keys to values");
	/* One document only: what follows it would otherwise go unread. */
	while (!rc && !(rc = next_event(&st, &event))) {
		yaml_event_type_t type = event.type;
		struct ydoc_node at = { .line = (int)event.start_mark.line + 1,
					.column = (int)event.start_mark.column + 1 };
		yaml_event_delete(&event);
		if (type == YAML_STREAM_END_EVENT)
			break;
		if (type != YAML_DOCUMENT_END_EVENT)
			rc = ydoc_fail(err, doc, &at, "a second document; a file holds one");
	}
out:
	yaml_parser_delete(&st.parser);
	return rc;
}

const struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != YDOC_MAP)
		return NULL;
	for (i = 0; i < map->count; i++)
		if (strcmp(map->keys[i]->scalar, key) == 0)
			return map->items[i];
	return NULL;
}

int ydoc_fail(struct ims2_error *err, const struct ydoc *doc, const struct ydoc_node *node,
	      const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return error_set(err, IMS2_USAGE, "%s:%d:%d: %s", doc->name, node ? node->line : 1,
			 node ? node->column : 1, what);
}

int ydoc_string(const struct ydoc *doc, const struct ydoc_node *map, const char *key, bool required,
		const char **out, struct ims2_error *err)
{
	const struct ydoc_node *node = ydoc_get(map, key);

	*out = NULL;
	if (!node) {
		if (required)
			return ydoc_fail(err, doc, map, "'%s' is missing", key);
		return IMS2_OK;
	}
	if (node->kind != YDOC_SCALAR)
		return ydoc_fail(err, doc, node, "'%s' must be text, not a %s", key,
				 node->kind == YDOC_MAP ? "mapping" : "list");
	if (required && !node->scalar[0])
		return ydoc_fail(err, doc, node, "'%s' is empty", key);
	*out = node->scalar;
	return IMS2_OK;
}

int ydoc_strings(const struct ydoc *doc, const struct ydoc_node *map, const char *key,
		 const char ***out, size_t *count, struct ims2_error *err)
{
	const struct ydoc_node *node = ydoc_get(map, key);
	size_t i;

	*out = NULL;
	*count = 0;
	if (!node)
		return IMS2_OK;
	if (node->kind != YDOC_SEQ)
		return ydoc_fail(err, doc, node, "'%s' must be a list", key);
	*out = xcalloc(node->count + 1, sizeof(**out));
	for (i = 0; i < node->count; i++) {
		if (node->items[i]->kind != YDOC_SCALAR) {
			free(*out);
			*out = NULL;
			return ydoc_fail(err, doc, node->items[i], "'%s' must list plain values",
					 key);
		}
		(*out)[i] = node->items[i]->scalar;
	}
	*count = node->count;
	return IMS2_OK;
}

int ydoc_known_keys(const struct ydoc *doc, const struct ydoc_node *map,
		    const char *const *allowed, struct ims2_error *err)
{
	size_t i;
	const char *const *a;

	for (i = 0; i < map->count; i++) {
		for (a = allowed; *a; a++)
			if (strcmp(*a, map->keys[i]->scalar) == 0)
				break;
		if (!*a)
			return ydoc_fail(err, doc, map->keys[i], "unknown key '%s'",
					 map->keys[i]->scalar);
	}
	return IMS2_OK;
}
