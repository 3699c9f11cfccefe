/*
 * The fixture of tests that need a fresh workspace: a temporary directory with ws.ims2 made
 * for organisation TESTWS_ORG (define it before including; default "Store Test Ltd").
 * Include after testutil.h.
 */
#ifndef IMS2_TESTWS_H
#define IMS2_TESTWS_H

#include "ims2/record.h"
#include "ims2/source.h"
#include "ims2/workspace.h"

#ifndef TESTWS_ORG
#define TESTWS_ORG "Store Test Ltd"
#endif

struct fixture {
	char *dir, *path;
	struct workspace ws;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;

	test_fixed_clock();
	f->dir = test_dir_new();
	f->path = test_path(f->dir, "ws.ims2");
	if (workspace_create(&f->ws, f->path, TESTWS_ORG, NULL, &err))
		fail_msg("%s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	workspace_close(&f->ws); /* harmless when already closed */
	test_tree_remove(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

/*
 * The values of a record of table by field name: pairs "field", "value", ..., NULL; the other
 * fields take their defaults. free() the array (the strings stay the caller's).
 */
static inline const char **test_values_of(struct fixture *f, const char *table,
					  const char *const *pairs)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);
	const char **v;
	size_t i;

	assert_non_null(reg);
	v = xcalloc(reg->field_count, sizeof(*v));
	for (i = 0; i < reg->field_count; i++)
		v[i] = field_default(&reg->fields[i]);
	for (i = 0; pairs[i]; i += 2) {
		int k = reg_field_index(reg, pairs[i]);
		if (k < 0)
			fail_msg("%s has no field %s", table, pairs[i]);
		v[k] = pairs[i + 1];
	}
	return v;
}

/* record_insert() of the record given as pairs (test_values_of()). */
static inline int test_try_insert(struct fixture *f, const char *table, const char *const *pairs,
				  long long *id, struct ims2_error *err)
{
	const char **v = test_values_of(f, table, pairs);
	int rc = record_insert(f->ws.store, screen_set_find_register(&f->ws.screens, table), v, id,
			       err);

	free(v);
	return rc;
}

/* The same, failing the test when the insert is refused; the new record's id. */
static inline long long test_insert(struct fixture *f, const char *table,
				    const char *const *pairs)
{
	struct ims2_error err;
	long long id = 0;

	if (test_try_insert(f, table, pairs, &id, &err))
		fail_msg("insert into %s: %s", table, err.message);
	return id;
}

/*
 * The built-in screens/<step>.yaml from the line that starts with `from` to its end, allocated:
 * the registers a test keeps when it writes its own version of the step's other ones (every
 * register table must stay declared).
 */
static inline char *test_screen_tail(const char *step, const char *from)
{
	struct ims2_error err;
	char *name = xasprintf("screens/%s.yaml", step), *text, *origin, *at, *tail;
	size_t len;

	if (source_read(NULL, name, &text, &len, &origin, &err))
		fail_msg("%s", err.message);
	at = strstr(text, from);
	if (!at)
		fail_msg("%s has no '%s'", name, from);
	tail = xstrdup(at);
	free(text);
	free(origin);
	free(name);
	return tail;
}

#endif
