/*
 * The dump's YAML scalars: each text written by dump_yaml_scalar() reads back through the
 * YAML reader as exactly that text, in the style a reader expects (plain, literal block,
 * double-quoted), and the file holds no control character but tab and line feed, and no
 * bidi control.
 */
#include "testutil.h"

#include "ims2/dump.h"
#include "ims2/yamldoc.h"

/* "key: " + the scalar (its lines at indent 6) under a list item, read back: the same text. */
static void assert_round_trip(const char *text, const char *style)
{
	struct strbuf sb = {0};
	struct ims2_error err;
	struct ydoc doc;
	const struct ydoc_node *v;
	const unsigned char *p;

	strbuf_adds(&sb, "list:\n  - key: ");
	dump_yaml_scalar(&sb, text, 6);
	strbuf_adds(&sb, "    next: after\n");
	for (p = (const unsigned char *)sb.buf; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			fail_msg("control byte 0x%02x written for '%s':\n%s", *p, text, sb.buf);
	if (strstr(sb.buf, "\xe2\x80\xae") || strstr(sb.buf, "\xe2\x81\xa6"))
		fail_msg("bidi control written as it is:\n%s", sb.buf);
	if (ydoc_parse(&doc, "dump.yaml", sb.buf, sb.len, &err))
		fail_msg("'%s' written as\n%s\nis refused: %s", text, sb.buf, err.message);
	v = ydoc_get(ydoc_get(doc.root, "list")->items[0], "key");
	assert_non_null(v);
	if (strcmp(v->scalar, text) != 0 || v->null)
		fail_msg("'%s' written as\n%s\nreads back as '%s'", text, sb.buf, v->scalar);
	assert_string_equal(ydoc_get(ydoc_get(doc.root, "list")->items[0], "next")->scalar,
			    "after");
	if (strncmp(sb.buf + strlen("list:\n  - key: "), style, strlen(style)) != 0)
		fail_msg("'%s' written as\n%s\nnot in the style '%s'", text, sb.buf, style);
	ydoc_release(&doc);
	strbuf_release(&sb);
}

static void test_plain(void **state)
{
	(void)state;
	assert_round_trip("Valecrest Health Logistics Ltd", "Valecrest");
	assert_round_trip("Zoë 日本語 🙂", "Zoë");
	assert_round_trip("a, b; [c] {d}", "a, b");
	assert_round_trip("under_score-and.dot", "under");
	assert_round_trip("back\\slash \"quoted\"", "back");
}

static void test_quoted(void **state)
{
	static const char *const texts[] = {
	    "",
	    "yes",
	    "No",
	    "TRUE",
	    "off",
	    "null",
	    "~",
	    "y",
	    "1.0",
	    "2027-04-09",
	    "-1",
	    "5x5",
	    "#",
	    "# comment",
	    "a #b",
	    "key: value",
	    "ends:",
	    " lead",
	    "trail ",
	    "---",
	    "...",
	    "- item",
	    "? q",
	    "[x]",
	    "{y}",
	    "'single'",
	    "\"double\"",
	    "&anchor",
	    "*alias",
	    "!tag",
	    "%dir",
	    "@at",
	    "`tick",
	    "|pipe",
	    ">fold",
	    "tab\there",
	    "\xe2\x80\xae"
	    "evil",
	    "a\xc2\x85"
	    "b",
	    "a\xe2\x80\xa8"
	    "b",
	    "\xef\xbb\xbf"
	    "bom",
	    "cr\r\nlf",
	    "bell\x07",
	    "del\x7f",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		assert_round_trip(texts[i], "\"");
}

static void test_block(void **state)
{
	(void)state;
	assert_round_trip("one\ntwo", "|-\n");
	assert_round_trip("one\ntwo\n", "|\n");
	assert_round_trip("one\n\ntwo\n\n\n", "|+\n");
	assert_round_trip("\n\nafter two breaks", "|-\n");
	assert_round_trip("---\n...\n# not a comment\nkey: value\n  indented\n\ttab", "|-\n");
	assert_round_trip("yes\nno", "|-\n");
	/* What a literal block cannot hold is quoted. */
	assert_round_trip("  leading\nspaces", "\"");
	assert_round_trip("\tleading tab\nx", "\"");
	assert_round_trip("cr\r\nlf\r\n", "\"");
	assert_round_trip("bidi \xe2\x81\xa6x\xe2\x81\xa9\nline", "\"");
	assert_round_trip("\n\n", "\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_quoted),
	    cmocka_unit_test(test_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
