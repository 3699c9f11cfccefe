/*
 * Natural, case-folded comparison and the SQL collation and function built on it. The folding
 * table covers the scripts with case that our users write in; characters outside it compare
 * as they are.
 */
#include "ims2/collate.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"

/* Code points from lo to hi where each capital is followed by its small letter. */
static const struct {
	unsigned lo, hi;
} pairs[] = {
	{ 0x0100, 0x012f }, { 0x0132, 0x0137 }, { 0x014a, 0x0177 }, { 0x01de, 0x01ef },
	{ 0x01f8, 0x021f }, { 0x0222, 0x0233 }, { 0x0246, 0x024f }, { 0x03d8, 0x03ef },
	{ 0x0460, 0x0481 }, { 0x048a, 0x04bf }, { 0x04d0, 0x052f }, { 0x1e00, 0x1e95 },
	{ 0x1ea0, 0x1eff }, { 0x2c80, 0x2ce3 }, { 0xa640, 0xa66d }, { 0xa680, 0xa69b },
	{ 0xa722, 0xa72f }, { 0xa732, 0xa76f }, { 0xa77e, 0xa787 }, { 0xa790, 0xa793 },
};
/* Where each capital is followed by its small letter starting on an odd code point. */
static const struct {
	unsigned lo, hi;
} odd_pairs[] = {
	{ 0x0139, 0x0148 }, { 0x0179, 0x017e }, { 0x01cd, 0x01dc }, { 0x04c1, 0x04ce },
};
/* Blocks of capitals whose small letters are a fixed distance away. */
static const struct {
	unsigned lo, hi;
	int shift;
} blocks[] = {
	{ 'A', 'Z', 32 },	    { 0x00c0, 0x00d6, 32 },  { 0x00d8, 0x00de, 32 },
	{ 0x0388, 0x038a, 37 },	    { 0x038e, 0x038f, 63 },  { 0x0391, 0x03a1, 32 },
	{ 0x03a3, 0x03ab, 32 },	    { 0x0400, 0x040f, 80 },  { 0x0410, 0x042f, 32 },
	{ 0x0531, 0x0556, 48 },	    { 0x10a0, 0x10c5, 7264 }, { 0x13f8, 0x13fd, -8 },
	{ 0x1f08, 0x1f0f, -8 },	    { 0x1f18, 0x1f1d, -8 },  { 0x1f28, 0x1f2f, -8 },
	{ 0x1f38, 0x1f3f, -8 },	    { 0x1f48, 0x1f4d, -8 },  { 0x1f68, 0x1f6f, -8 },
	{ 0x2160, 0x216f, 16 },	    { 0x24b6, 0x24cf, 26 },  { 0x2c00, 0x2c2f, 48 },
	{ 0xff21, 0xff3a, 32 },	    { 0x10400, 0x10427, 40 },
};

unsigned collate_fold_char(unsigned cp)
{
	size_t i;

	if (cp < 'A')
		return cp;
	if (cp <= 'Z')
		return cp + 32;
	if (cp < 0xc0)
		return cp;
	switch (cp) {
	case 0x0130: /* I with dot above: i, as most people expect outside Turkish */
		return 'i';
	case 0x0178:
		return 0x00ff;
	case 0x0386:
		return 0x03ac;
	case 0x038c:
		return 0x03cc;
	case 0x03c2: /* final sigma matches sigma */
		return 0x03c3;
	case 0x1e9e: /* capital sharp s */
		return 0x00df;
	}
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (cp >= blocks[i].lo && cp <= blocks[i].hi)
			return (unsigned)((int)cp + blocks[i].shift);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (cp >= pairs[i].lo && cp <= pairs[i].hi)
			return cp % 2 == 0 ? cp + 1 : cp;
	for (i = 0; i < sizeof(odd_pairs) / sizeof(odd_pairs[0]); i++)
		if (cp >= odd_pairs[i].lo && cp <= odd_pairs[i].hi)
			return cp % 2 == 1 ? cp + 1 : cp;
	return cp;
}

/*
 * The code point at s[*pos] (one of len bytes), moving *pos past it. A byte that does not
 * start a valid sequence is returned as 0x110000 + its value, so it compares as itself.
 */
static unsigned next_code_point(const unsigned char *s, size_t len, size_t *pos)
{
	unsigned cp, min;
	size_t n, i, at = *pos;

	if (s[at] < 0x80) {
		*pos = at + 1;
		return s[at];
	}
	if ((s[at] & 0xe0) == 0xc0)
		n = 2, cp = s[at] & 0x1fu, min = 0x80;
	else if ((s[at] & 0xf0) == 0xe0)
		n = 3, cp = s[at] & 0x0fu, min = 0x800;
	else if ((s[at] & 0xf8) == 0xf0)
		n = 4, cp = s[at] & 0x07u, min = 0x10000;
	else
		goto invalid;
	if (at + n > len)
		goto invalid;
	for (i = 1; i < n; i++) {
		if ((s[at + i] & 0xc0) != 0x80)
			goto invalid;
		cp = (cp << 6) | (s[at + i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto invalid;
	*pos = at + n;
	return cp;
invalid:
	*pos = at + 1;
	return 0x110000u + s[at];
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Compares the digit runs at a[*i] and b[*j] as numbers and moves past them. */
static int compare_numbers(const unsigned char *a, size_t alen, size_t *i, const unsigned char *b,
			   size_t blen, size_t *j)
{
	size_t as, ae, bs, be;
	int cmp = 0;

	for (as = *i; as < alen && a[as] == '0'; as++)
		;
	for (bs = *j; bs < blen && b[bs] == '0'; bs++)
		;
	for (ae = as; ae < alen && is_digit(a[ae]); ae++)
		;
	for (be = bs; be < blen && is_digit(b[be]); be++)
		;
	*i = ae;
	*j = be;
	if (ae - as != be - bs)
		return ae - as < be - bs ? -1 : 1;
	if (ae > as)
		cmp = memcmp(a + as, b + bs, ae - as);
	return cmp < 0 ? -1 : cmp > 0;
}

int collate_natural(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		unsigned ca, cb;

		if (is_digit(x[i]) && is_digit(y[j])) {
			int cmp = compare_numbers(x, alen, &i, y, blen, &j);
			if (cmp)
				return cmp;
			continue;
		}
		ca = collate_fold_char(next_code_point(x, alen, &i));
		cb = collate_fold_char(next_code_point(y, blen, &j));
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return (i < alen) - (j < blen);
}

/* Appends code point cp to sb as UTF-8 (an invalid byte as that byte). */
static void add_code_point(struct strbuf *sb, unsigned cp)
{
	char out[4];
	size_t n;

	if (cp >= 0x110000u) {
		out[0] = (char)(cp - 0x110000u);
		n = 1;
	} else if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_add(sb, out, n);
}

char *collate_fold(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb = { 0 };
	size_t i = 0;

	strbuf_adds(&sb, "");
	while (i < len) {
		if (p[i] < 0x80) { /* the common case, without decoding */
			strbuf_add(&sb, (const char *)p + i, 1);
			if (p[i] >= 'A' && p[i] <= 'Z')
				sb.buf[sb.len - 1] = (char)(p[i] + 32);
			i++;
			continue;
		}
		add_code_point(&sb, collate_fold_char(next_code_point(p, len, &i)));
	}
	return strbuf_detach(&sb);
}

static int natural_sql(void *unused, int alen, const void *a, int blen, const void *b)
{
	(void)unused;
	return collate_natural(a, (size_t)alen, b, (size_t)blen);
}

static void fold_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *text;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	text = sqlite3_value_text(argv[0]);
	if (!text) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, collate_fold((const char *)text, (size_t)sqlite3_value_bytes(argv[0])),
			    -1, free);
}

int collate_register(sqlite3 *db)
{
	int rc = sqlite3_create_collation_v2(db, "ims2_natural", SQLITE_UTF8, NULL, natural_sql, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db, "ims2_fold", 1,
						SQLITE_UTF8 | SQLITE_DETERMINISTIC |
							SQLITE_INNOCUOUS,
						NULL, fold_sql, NULL, NULL, NULL);
	return rc;
}
