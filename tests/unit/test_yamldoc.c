/*
 * The YAML reader: the tree with line and column, the refusals (malformed text, duplicate
 * keys, anchors and aliases, deep nesting, empty files) as `name:line:col:`, and the typed
 * getters the catalog and screen loaders rely on.
 */
#include "testutil.h"

#include "ims2/yamldoc.h"

/* Parses text as "doc.yaml"; fails the test on error. */
static void parse_ok(struct ydoc *doc, const char *text)
{
	struct ims2_error err;

	if (ydoc_parse(doc, "doc.yaml", text, strlen(text), &err) != IMS2_OK)
		fail_msg("refused: %s", err.message);
}

/* Parses text, expects IMS2_USAGE with a message that starts with prefix and contains what. */
static void parse_fails(const char *text, const char *prefix, const char *what)
{
	struct ydoc doc;
	struct ims2_error err;
	int rc = ydoc_parse(&doc, "doc.yaml", text, strlen(text), &err);

	ydoc_release(&doc); /* first: nothing leaks when the checks below fail */
	assert_int_equal(rc, IMS2_USAGE);
	assert_int_equal(err.status, IMS2_USAGE);
	assert_prefix(err.message, prefix);
	assert_contains(err.message, what);
}

static void assert_at(const struct ydoc_node *n, enum ydoc_kind kind, int line, int column)
{
	assert_non_null(n);
	assert_int_equal(n->kind, kind);
	if (n->line != line || n->column != column)
		fail_msg("node at %d:%d, expected %d:%d", n->line, n->column, line, column);
}

static void test_tree(void **state)
{
	static const char text[] = "name: ims2\n"
				   "list:\n"
				   "  - one\n"
				   "  - {k: v, n: \"2\"}\n"
				   "nested:\n"
				   "  inner:\n"
				   "    flow: [x, 'y z']\n"
				   "  empty: \"\"\n"
				   "block: |\n"
				   "  line one\n"
				   "  line two\n";
	struct ydoc doc;
	const struct ydoc_node *list, *nested, *flow, *map;

	(void)state;
	parse_ok(&doc, text);
	assert_string_equal(doc.name, "doc.yaml");
	assert_at(doc.root, YDOC_MAP, 1, 1);
	assert_int_equal(doc.root->count, 4);
	assert_string_equal(doc.root->keys[0]->scalar, "name");
	assert_at(doc.root->keys[3], YDOC_SCALAR, 9, 1);
	assert_at(ydoc_get(doc.root, "name"), YDOC_SCALAR, 1, 7);
	assert_string_equal(ydoc_get(doc.root, "name")->scalar, "ims2");

	list = ydoc_get(doc.root, "list");
	assert_at(list, YDOC_SEQ, 3, 3);
	assert_int_equal(list->count, 2);
	assert_at(list->items[0], YDOC_SCALAR, 3, 5);
	assert_string_equal(list->items[0]->scalar, "one");
	map = list->items[1];
	assert_at(map, YDOC_MAP, 4, 5);
	assert_at(ydoc_get(map, "k"), YDOC_SCALAR, 4, 9);
	assert_at(ydoc_get(map, "n"), YDOC_SCALAR, 4, 15);
	assert_string_equal(ydoc_get(map, "n")->scalar, "2"); /* every scalar is a string */

	nested = ydoc_get(doc.root, "nested");
	assert_at(nested, YDOC_MAP, 6, 3);
	flow = ydoc_get(ydoc_get(nested, "inner"), "flow");
	assert_at(flow, YDOC_SEQ, 7, 11);
	assert_int_equal(flow->count, 2);
	assert_at(flow->items[1], YDOC_SCALAR, 7, 15);
	assert_string_equal(flow->items[1]->scalar, "y z");
	assert_string_equal(ydoc_get(nested, "empty")->scalar, "");
	assert_string_equal(ydoc_get(doc.root, "block")->scalar, "line one\nline two\n");

	assert_null(ydoc_get(doc.root, "missing"));
	assert_null(ydoc_get(list, "one"));	    /* not a map */
	assert_null(ydoc_get(NULL, "name"));
	ydoc_release(&doc);
	assert_null(doc.root);
	ydoc_release(&doc); /* twice is harmless */
}

static void test_malformed(void **state)
{
	(void)state;
	/* A second `: ` on one line: libyaml points at the colon. */
	parse_fails("a: 1\nb: c: d\n", "doc.yaml:2:5: ", "mapping values are not allowed");
	/* A flow sequence left open: libyaml stops at the next key's colon. */
	parse_fails("a: [1, 2\nb: 3\n", "doc.yaml:2:2: ", "did not find expected");
	/* A tab used for indentation. */
	parse_fails("a:\n\tb: 1\n", "doc.yaml:2:1: ", "cannot start any token");
	/* Bytes that are not UTF-8. */
	parse_fails("a: Z\xfcrich\n", "doc.yaml:", "invalid");
	/* The root must be a mapping. */
	parse_fails("- a\n- b\n", "doc.yaml:1:1: ", "must be a mapping");
	parse_fails("just text\n", "doc.yaml:1:1: ", "must be a mapping");
	/* Keys are plain text. */
	parse_fails("? [a, b]\n: c\n", "doc.yaml:1:3: ", "a key must be plain text");
}

static void test_empty(void **state)
{
	(void)state;
	parse_fails("", "doc.yaml:1:1: ", "the file is empty");
	parse_fails("# only a comment\n\n", "doc.yaml:1:1: ", "the file is empty");
	parse_fails("\n\n   \n", "doc.yaml:1:1: ", "the file is empty");
	/* A document marker alone is an empty scalar, not a mapping. */
	parse_fails("---\n", "doc.yaml:", "must be a mapping");
}

/*
 * One document per file: what follows a `---` or `...` would otherwise be dropped unread,
 * malformed or not.
 */
static void test_one_document(void **state)
{
	struct ydoc doc;

	(void)state;
	parse_ok(&doc, "a: 1\nb: 2\n...\n"); /* an explicit end alone is fine */
	assert_int_equal(doc.root->count, 2);
	ydoc_release(&doc);
	parse_ok(&doc, "---\na: 1\n");
	ydoc_release(&doc);
	parse_fails("a: 1\n---\nb: 2\n", "doc.yaml:2:", "");
	parse_fails("a: 1\n---\nb: [\n", "doc.yaml:", "");
	parse_fails("a: 1\n...\ngarbage: [\n", "doc.yaml:", "");
}

static void test_duplicates(void **state)
{
	(void)state;
	parse_fails("a: 1\nb: 2\na: 3\n", "doc.yaml:3:1: ", "duplicate key 'a'");
	parse_fails("outer:\n  x: 1\n  y: 2\n  x: 3\n", "doc.yaml:4:3: ",
		    "duplicate key 'x'");
	parse_fails("list:\n  - {id: 1, id: 2}\n", "doc.yaml:2:13: ", "duplicate key 'id'");
}

/* Many keys (the hashed check grows its table): all kept in order, a late duplicate found. */
static void test_many_keys(void **state)
{
	struct strbuf text = { 0 };
	struct ims2_error err;
	struct ydoc doc;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		strbuf_addf(&text, "k%d: %d\n", i, i);
	assert_int_equal(ydoc_parse(&doc, "doc.yaml", text.buf, text.len, &err), IMS2_OK);
	assert_int_equal(doc.root->count, 5000);
	assert_string_equal(doc.root->keys[4321]->scalar, "k4321");
	assert_string_equal(ydoc_get(doc.root, "k4999")->scalar, "4999");
	ydoc_release(&doc);
	strbuf_adds(&text, "k17: again\n");
	parse_fails(text.buf, "doc.yaml:5001:1: ", "duplicate key 'k17'");
	strbuf_release(&text);
}

/* A NUL inside a quoted scalar would cut "a\0b" to "a": refused, with where it is. */
static void test_nul(void **state)
{
	(void)state;
	parse_fails("a: \"x\\0y\"\n", "doc.yaml:1:4: ", "NUL character");
	parse_fails("\"k\\0\": v\n", "doc.yaml:1:1: ", "NUL character");
}

static void test_anchors_and_aliases(void **state)
{
	(void)state;
	parse_fails("a: &x 1\nb: *x\n", "doc.yaml:1:4: ", "anchors are not supported");
	parse_fails("a: &m {k: v}\n", "doc.yaml:1:4: ", "anchors are not supported");
	parse_fails("a: &s [1, 2]\n", "doc.yaml:1:4: ", "anchors are not supported");
	parse_fails("a: 1\nb: *nowhere\n", "doc.yaml:2:4: ", "aliases are not supported");
	/* The "billion laughs" shape never gets as far as expanding anything. */
	parse_fails("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "doc.yaml:1:4: ",
		    "anchors");
}

/* "a: " followed by depth nested flow sequences around one scalar. */
static char *nested_lists(int depth)
{
	size_t n = 3 + 2 * (size_t)depth + 2;
	char *s = malloc(n + 1), *p = s;
	int i;

	memcpy(p, "a: ", 3);
	p += 3;
	for (i = 0; i < depth; i++)
		*p++ = '[';
	*p++ = 'x';
	for (i = 0; i < depth; i++)
		*p++ = ']';
	*p++ = '\n';
	*p = '\0';
	return s;
}

static void test_depth(void **state)
{
	struct ydoc doc;
	const struct ydoc_node *n;
	char *text, where[64];
	int i;

	(void)state;
	/* The root mapping and 31 lists: 32 levels, the scalar inside them is fine. */
	text = nested_lists(31);
	parse_ok(&doc, text);
	for (n = ydoc_get(doc.root, "a"), i = 0; n->kind == YDOC_SEQ; n = n->items[0])
		i++;
	assert_int_equal(i, 31);
	assert_string_equal(n->scalar, "x");
	ydoc_release(&doc);
	free(text);
	/* Deeper is refused at the first node past the limit (column 4 + 32). */
	text = nested_lists(40);
	snprintf(where, sizeof(where), "doc.yaml:1:%d: ", 4 + 32);
	parse_fails(text, where, "nested deeper than 32");
	free(text);
	/* A hostile file is refused quickly, without exhausting the stack. */
	text = nested_lists(200000);
	parse_fails(text, "doc.yaml:1:", "nested deeper than 32");
	free(text);
	/* Block mappings count too. */
	{
		char buf[4096] = "";
		size_t len = 0;
		for (i = 0; i < 40; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%*sk%d:\n", i, "", i);
		snprintf(buf + len, sizeof(buf) - len, "%*sv\n", 40, "");
		parse_fails(buf, "doc.yaml:", "nested deeper than 32");
	}
}

static void test_string_getters(void **state)
{
	static const char text[] = "title: Scope\n"
				   "blank: \"\"\n"
				   "list: [a, b, c]\n"
				   "map: {k: v}\n"
				   "mixed: [a, [b]]\n"
				   "none: []\n";
	static const char *const allowed[] = { "title", "blank", "list", "map", "mixed", "none",
					       NULL };
	static const char *const fewer[] = { "title", "blank", "list", NULL };
	struct ydoc doc;
	struct ims2_error err;
	const char *s, **list;
	size_t count;

	(void)state;
	parse_ok(&doc, text);
	assert_int_equal(ydoc_string(&doc, doc.root, "title", true, &s, &err), IMS2_OK);
	assert_string_equal(s, "Scope");
	/* Optional and absent: NULL, no error. */
	s = "sentinel";
	assert_int_equal(ydoc_string(&doc, doc.root, "absent", false, &s, &err), IMS2_OK);
	assert_null(s);
	/* Required and absent: the error points at the map. */
	assert_int_equal(ydoc_string(&doc, doc.root, "absent", true, &s, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:1:1: 'absent' is missing");
	/* Empty text: fine when optional, an error when required. */
	assert_int_equal(ydoc_string(&doc, doc.root, "blank", false, &s, &err), IMS2_OK);
	assert_string_equal(s, "");
	assert_int_equal(ydoc_string(&doc, doc.root, "blank", true, &s, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:2:8: 'blank' is empty");
	/* Not text. */
	assert_int_equal(ydoc_string(&doc, doc.root, "list", false, &s, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:3:7: 'list' must be text, not a list");
	assert_int_equal(ydoc_string(&doc, doc.root, "map", false, &s, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:4:6: 'map' must be text, not a mapping");

	assert_int_equal(ydoc_strings(&doc, doc.root, "list", &list, &count, &err), IMS2_OK);
	assert_int_equal(count, 3);
	assert_string_equal(list[0], "a");
	assert_string_equal(list[2], "c");
	assert_null(list[3]); /* NULL-terminated */
	free(list);
	assert_int_equal(ydoc_strings(&doc, doc.root, "absent", &list, &count, &err), IMS2_OK);
	assert_int_equal(count, 0);
	free(list);
	assert_int_equal(ydoc_strings(&doc, doc.root, "none", &list, &count, &err), IMS2_OK);
	assert_int_equal(count, 0);
	free(list);
	assert_int_equal(ydoc_strings(&doc, doc.root, "title", &list, &count, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:1:8: 'title' must be a list");
	assert_null(list);
	assert_int_equal(ydoc_strings(&doc, doc.root, "mixed", &list, &count, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:5:12: 'mixed' must list plain values");
	assert_null(list);

	assert_int_equal(ydoc_known_keys(&doc, doc.root, allowed, &err), IMS2_OK);
	assert_int_equal(ydoc_known_keys(&doc, doc.root, fewer, &err), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:4:1: unknown key 'map'");

	/* ydoc_fail without a node names the start of the document. */
	assert_int_equal(ydoc_fail(&err, &doc, NULL, "%s %d", "bad", 7), IMS2_USAGE);
	assert_string_equal(err.message, "doc.yaml:1:1: bad 7");
	ydoc_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),	       cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_empty),	       cmocka_unit_test(test_one_document),
		cmocka_unit_test(test_duplicates), cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_anchors_and_aliases), cmocka_unit_test(test_depth),
		cmocka_unit_test(test_string_getters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
