/*
 * Output files and bytes (output.h, csv.h): the safe convention for control characters and
 * bidi overrides, the filter across write boundaries, targets refused (the workspace by any
 * name, a database, a directory), files replaced whole without following symlinks, and CSV
 * cells a spreadsheet would run as formulas.
 */
#include "testutil.h"

#include <fcntl.h>

#include "ims2/csv.h"
#include "ims2/output.h"

static char *safe(const char *text)
{
	struct strbuf sb = { 0 };

	output_safe_text(&sb, text);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

#define assert_safe(text, want)                                                             \
	do {                                                                                \
		char *got_ = safe(text);                                                    \
		assert_string_equal(got_, want);                                            \
		free(got_);                                                                 \
	} while (0)

static void test_convention(void **state)
{
	(void)state;
	assert_safe("plain text, é € 🙂", "plain text, é € 🙂");
	assert_safe("line\nand\ttab", "line\nand\ttab");
	assert_safe("\x1b]0;pwned\x07", "<U+001B>]0;pwned<U+0007>");
	assert_safe("a\x7f" "b", "a<U+007F>b");
	assert_safe("csi \xc2\x9b" "2J", "csi <U+009B>2J");
	assert_safe("\xe2\x80\xae" "evil\xe2\x80\xac", "<U+202E>evil<U+202C>");
	assert_safe("\xe2\x81\xa6" "x\xe2\x81\xa9", "<U+2066>x<U+2069>");
	assert_safe("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xad", "<U+202A><U+202B><U+202D>");
	assert_safe("bad \xff\xc0\x80", "bad <0xFF><0xC0><0x80>");
	assert_safe("cut \xe2\x80", "cut <0xE2><0x80>");
	assert_safe("crlf\r\nlone\rcr", "crlf\nlone<U+000D>cr");
	/* Not overrides: the left-to-right mark and a zero-width joiner stay. */
	assert_safe("\xe2\x80\x8e\xe2\x80\x8d", "\xe2\x80\x8e\xe2\x80\x8d");
}

/* Bytes written one at a time reach the filter in separate writes. */
static char *through_filter(const char *text, bool unbuffered)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *mem = open_memstream(&buf, &len), *f = output_filter_open(mem);

	assert_non_null(f);
	if (unbuffered)
		setvbuf(f, NULL, _IONBF, 0);
	for (i = 0; text[i]; i++)
		fputc(text[i], f);
	assert_int_equal(output_filter_close(f), 0);
	fclose(mem);
	return buf;
}

static void test_filter_boundaries(void **state)
{
	static const char text[] = "é\xe2\x80\xae\r\nx\r\x1b\xc2\x9b\xf0\x9f\x99\x82\xe2";
	static const char want[] = "é<U+202E>\nx<U+000D><U+001B><U+009B>🙂<0xE2>";
	char *a = through_filter(text, true), *b = through_filter(text, false);

	(void)state;
	assert_string_equal(a, want);
	assert_string_equal(b, want);
	free(a);
	free(b);
}

/*
 * Random bytes (weighted towards UTF-8 leads, controls, CR and LF) written in random pieces
 * give what the whole text gives at once, and nothing a terminal acts on.
 */
static void test_filter_any_split(void **state)
{
	static const unsigned char pick[] = { '\r', '\n', 0x1b, 0x7f, 0xc2, 0x9b, 0xe2, 0x80,
					      0xae, 0x81, 0xa6, 0xf0, 0x9f, 'a', 0xff, 0xed };
	unsigned long seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 300; round++) {
		char text[64], *whole, *buf = NULL;
		size_t n = 1 + round % 63, i = 0, len = 0;
		FILE *mem = open_memstream(&buf, &len), *f = output_filter_open(mem);

		setvbuf(f, NULL, _IONBF, 0);
		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			text[i] = (char)((seed >> 40) % 3 ? pick[(seed >> 20) % sizeof(pick)]
							  : 1 + (seed >> 48) % 255);
		}
		text[n] = '\0';
		for (i = 0; i < n;) {
			size_t piece;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			piece = 1 + (seed >> 33) % 5;
			piece = piece > n - i ? n - i : piece;
			assert_int_equal(fwrite(text + i, 1, piece, f), piece);
			i += piece;
		}
		assert_int_equal(output_filter_close(f), 0);
		fclose(mem);
		whole = safe(text);
		assert_string_equal(buf, whole);
		for (i = 0; buf[i]; i++)
			if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\t') ||
			    buf[i] == 0x7f)
				fail_msg("round %d: control 0x%02x left", round, (unsigned char)buf[i]);
		free(whole);
		free(buf);
	}
}

static void test_filter_write_error(void **state)
{
	FILE *full = fopen("/dev/full", "w"), *f;

	(void)state;
	if (!full) {
		skip();
		return;
	}
	f = output_filter_open(full);
	fputs("report\n", f);
	assert_int_equal(output_filter_close(f), ENOSPC);
	fclose(full);
}

struct fixture {
	char *dir, *ws;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The 16 bytes that start every SQLite database. */
static void write_database(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fwrite("SQLite format 3", 1, 16, f);
	fclose(f);
}

static char *read_file(const char *path)
{
	char *buf = xcalloc(1, 4096);
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	buf[fread(buf, 1, 4095, f)] = '\0';
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->dir = test_dir_new();
	f->ws = test_path(f->dir, "ws.ims2");
	/* The workspace only needs to exist: the checks compare files, not content. */
	write_database(f->ws);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_tree_remove(f->dir);
	free(f->dir);
	free(f->ws);
	free(f);
	return 0;
}

static void assert_refused(const char *path, const char *ws, const char *words)
{
	struct ims2_error err;

	error_clear(&err);
	assert_int_equal(output_check(path, ws, &err), IMS2_USAGE);
	if (!strstr(err.message, words))
		fail_msg("'%s' lacks '%s'", err.message, words);
}

static void test_workspace_any_name(void **state)
{
	struct fixture *f = *state;
	char *p, *cwd = getcwd(NULL, 0);
	size_t i;
	static const char *const names[] = { "ws.ims2", "./ws.ims2", "sub/../ws.ims2",
					     "hard.ims2", "link.md", "ws.ims2-wal", "ws.ims2-shm",
					     "ws.ims2-journal", "sublink/ws.ims2-wal" };

	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(mkdir("sub", 0755), 0);
	assert_int_equal(link("ws.ims2", "hard.ims2"), 0);
	assert_int_equal(symlink("ws.ims2", "link.md"), 0);
	assert_int_equal(symlink(".", "sublink"), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_refused(names[i], f->ws, "is the workspace");
	/* An existing -shm is caught by its inode too, under another name. */
	write_file("ws.ims2-shm", "");
	assert_int_equal(symlink("ws.ims2-shm", "shm-link"), 0);
	assert_refused("shm-link", f->ws, "is the workspace");
	p = test_path(f->dir, "ws.ims2");
	assert_refused(p, "ws.ims2", "is the workspace");
	free(p);
	/* A workspace opened through a symlink in another directory: its -wal is by the file. */
	assert_int_equal(mkdir("elsewhere", 0755), 0);
	assert_int_equal(symlink("../ws.ims2", "elsewhere/alias.ims2"), 0);
	assert_refused("ws.ims2-wal", "elsewhere/alias.ims2", "is the workspace");
	assert_refused("ws.ims2-journal", "elsewhere/alias.ims2", "is the workspace");
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
}

static void test_other_targets(void **state)
{
	struct fixture *f = *state;
	char *db = test_path(f->dir, "other.ims2"), *txt = test_path(f->dir, "notes.md");
	struct ims2_error err;

	write_database(db);
	assert_refused(db, f->ws, "SQLite database");
	assert_refused(f->dir, f->ws, "Is a directory");
	assert_refused("", f->ws, "empty");
	write_file(txt, "old notes");
	assert_int_equal(output_check(txt, f->ws, &err), IMS2_OK);
	assert_int_equal(output_check(txt, NULL, &err), IMS2_OK);
	free(db);
	free(txt);
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.');
	closedir(d);
	return n;
}

static void test_replace_whole(void **state)
{
	struct fixture *f = *state;
	char *target = test_path(f->dir, "report.md"), *victim = test_path(f->dir, "victim");
	char *text;
	struct output o;
	struct ims2_error err;
	struct stat st;

	/* A symlink at the target is replaced, not followed; the mode of a replaced file kept. */
	write_file(victim, "keep me");
	assert_refused(f->ws, f->ws, "is the workspace");
	assert_int_equal(symlink(victim, target), 0);
	assert_int_equal(output_open(&o, target, f->ws, &err), IMS2_OK);
	fputs("# Report \x1b[2J\n", o.fp);
	assert_int_equal(output_commit(&o, f->ws, &err), IMS2_OK);
	text = read_file(victim);
	assert_string_equal(text, "keep me");
	free(text);
	text = read_file(target);
	assert_string_equal(text, "# Report <U+001B>[2J\n");
	free(text);
	assert_int_equal(lstat(target, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(chmod(target, 0640), 0);
	assert_int_equal(output_open(&o, target, f->ws, &err), IMS2_OK);
	fputs("second", o.fp);
	assert_int_equal(output_commit(&o, f->ws, &err), IMS2_OK);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* Aborted: the target as it was and no temporary file left (ws, victim, target). */
	assert_int_equal(output_open(&o, target, f->ws, &err), IMS2_OK);
	fputs("half a report", o.fp);
	output_abort(&o);
	text = read_file(target);
	assert_string_equal(text, "second");
	free(text);
	assert_int_equal(count_files(f->dir), 3);
	free(target);
	free(victim);
}

static void test_write_error_named(void **state)
{
	struct output o;
	struct ims2_error err;

	(void)state;
	if (access("/dev/full", W_OK) != 0) {
		skip();
		return;
	}
	assert_int_equal(output_open(&o, "/dev/full", NULL, &err), IMS2_OK);
	fputs("report", o.fp);
	assert_int_equal(output_commit(&o, NULL, &err), IMS2_IO);
	assert_string_equal(err.message, "/dev/full: No space left on device");
}

static char *csv(const char *const *cells, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	csv_row(mem, cells, n);
	fclose(mem);
	return buf;
}

static void test_csv_injection(void **state)
{
	static const char *const cells[] = { "=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)",
					     "\tx", "\r=1", "plain", "a=b", "" };
	char *got;

	(void)state;
	got = csv(cells, 9);
	assert_string_equal(got, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1\",\"'-2\","
				 "\"'@SUM(A1)\",\"'\tx\",\"'\r=1\",plain,a=b,\n");
	free(got);
	csv_set_raw(true);
	got = csv(cells, 7);
	csv_set_raw(false);
	assert_string_equal(got, "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1,-2,@SUM(A1),\tx,"
				 "\"\r=1\",plain\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_convention),
		cmocka_unit_test(test_filter_boundaries),
		cmocka_unit_test(test_filter_any_split),
		cmocka_unit_test(test_filter_write_error),
		cmocka_unit_test_setup_teardown(test_workspace_any_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_whole, setup, teardown),
		cmocka_unit_test(test_write_error_named),
		cmocka_unit_test(test_csv_injection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
