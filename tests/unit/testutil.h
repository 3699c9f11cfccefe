/* Helpers shared by the unit tests: each test binary includes this once. */
#ifndef IMS2_TESTUTIL_H
#define IMS2_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory under /tmp; remove it with test_dir_remove(). */
static inline void test_dir_make(char dir[64])
{
	snprintf(dir, 64, "/tmp/ims2-test-XXXXXX");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp failed");
}

static inline void test_dir_remove(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fail_msg("cannot remove %s", dir);
}

static inline void test_write(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
		fail_msg("cannot write %s", path);
}

/* The whole file, NUL-terminated; *len its size. Caller frees. */
static inline char *test_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		fail_msg("cannot read %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		fail_msg("short read of %s", path);
	buf[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}

static inline void test_copy(const char *from, const char *to)
{
	size_t len;
	char *data = test_read(from, &len);
	FILE *fp = fopen(to, "wb");

	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		fail_msg("cannot copy to %s", to);
	free(data);
}

static inline void test_same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *da = test_read(a, &la), *db = test_read(b, &lb);

	if (la != lb || memcmp(da, db, la) != 0)
		fail_msg("%s differs from %s", a, b);
	free(da);
	free(db);
}

/* Fixed time for every change log and report. */
static inline void test_fixed_clock(void)
{
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
}

#endif
