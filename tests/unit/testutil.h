/*
 * Helpers shared by the unit tests. Each test binary includes this once, so everything here
 * is static inline. Failures go through cmocka (fail_msg), which ends the current test; temp
 * directories made in a setup function are removed by its teardown even then.
 */
#ifndef IMS2_TESTUTIL_H
#define IMS2_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ims2/util.h"

/* 2026-01-01T00:00:00Z: every change log row and report date of the tests. */
#define TEST_EPOCH "1767225600"

/* Fixed time for every change log and report (SOURCE_DATE_EPOCH). */
static inline void test_fixed_clock(void)
{
	setenv("SOURCE_DATE_EPOCH", TEST_EPOCH, 1);
}

/* a/b, allocated (caller frees). */
static inline char *test_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* A fresh directory under $TMPDIR (or /tmp), allocated; remove with test_tree_remove(). */
static inline char *test_dir_new(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = test_path(tmp && *tmp ? tmp : "/tmp", "ims2-unit-XXXXXX");

	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s: %s", dir, strerror(errno));
	return dir;
}

/* The same into a caller's buffer (older tests use this form). */
static inline void test_dir_make(char dir[64])
{
	char *d = test_dir_new();

	if (strlen(d) >= 64)
		fail_msg("temp dir name too long: %s", d);
	snprintf(dir, 64, "%s", d);
	free(d);
}

static inline int test_tree_remove_one(const char *path, const struct stat *st, int flag,
				       struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

/* Removes a directory tree (files made read-only included); a missing one is fine. */
static inline void test_tree_remove(const char *dir)
{
	struct stat st;

	if (!dir || lstat(dir, &st) != 0)
		return;
	chmod(dir, 0700);
	if (nftw(dir, test_tree_remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fail_msg("cannot remove %s: %s", dir, strerror(errno));
}

static inline void test_dir_remove(const char *dir)
{
	test_tree_remove(dir);
}

static inline bool test_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static inline void test_write_bytes(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (!fp)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	if (fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		fail_msg("cannot write %s", path);
}

static inline void test_write(const char *path, const char *text)
{
	test_write_bytes(path, text, strlen(text));
}

/* The whole file, NUL-terminated; *len (optional) its size. Caller frees. */
static inline char *test_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, alloc = 0, got;

	if (!fp)
		fail_msg("cannot read %s: %s", path, strerror(errno));
	do {
		if (alloc - n < 4096) {
			alloc = alloc * 2 + 8192;
			buf = realloc(buf, alloc + 1);
			if (!buf)
				fail_msg("out of memory");
		}
		got = fread(buf + n, 1, alloc - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static inline void test_copy(const char *from, const char *to)
{
	size_t len;
	char *data = test_read(from, &len);

	test_write_bytes(to, data, len);
	free(data);
}

/* True when both files exist and hold the same bytes. */
static inline bool test_files_equal(const char *a, const char *b)
{
	size_t la, lb;
	char *da, *db;
	bool same;

	if (!test_exists(a) || !test_exists(b))
		return false;
	da = test_read(a, &la);
	db = test_read(b, &lb);
	same = la == lb && memcmp(da, db, la) == 0;
	free(da);
	free(db);
	return same;
}

static inline void test_same_file(const char *a, const char *b)
{
	if (!test_files_equal(a, b))
		fail_msg("%s differs from %s", a, b);
}

/* The names in dir, sorted and joined by spaces (allocated). */
static inline char *test_listing(const char *dir)
{
	struct dirent **names;
	struct strbuf sb = { 0 };
	int n = scandir(dir, &names, NULL, alphasort), i;

	for (i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s ", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return strbuf_detach(&sb);
}

/* Fails unless s starts with prefix, showing both. */
#define assert_prefix(s, prefix)                                                            \
	do {                                                                                \
		const char *s_ = (s), *p_ = (prefix);                                       \
		if (strncmp(s_, p_, strlen(p_)) != 0)                                       \
			fail_msg("'%s' does not start with '%s'", s_, p_);                  \
	} while (0)

/* Fails unless s contains part, showing both. */
#define assert_contains(s, part)                                                            \
	do {                                                                                \
		const char *s_ = (s), *p_ = (part);                                         \
		if (!strstr(s_, p_))                                                        \
			fail_msg("'%s' does not contain '%s'", s_, p_);                     \
	} while (0)

#endif
