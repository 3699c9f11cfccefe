/*
 * How text is compared where people look for it: sorting that reads numbers as numbers
 * (A.8.2 before A.8.10, 9.1 before 10.1) and matching that ignores case in every script that
 * has one (Latin, Greek, Cyrillic, Armenian, full-width Latin), not only in ASCII.
 */
#ifndef IMS2_COLLATE_H
#define IMS2_COLLATE_H

#include <sqlite3.h>
#include <stddef.h>

/* The simple case folding of one code point (É -> é, Σ -> σ, Д -> д); others unchanged. */
unsigned collate_fold_char(unsigned cp);
/*
 * Compares a and b (UTF-8, lengths in bytes) case-folded and with accented letters as their
 * letter and combining marks (é is e and U+0301, so it sorts after e and before f), runs of
 * ASCII digits compared as numbers. Returns <0, 0 or >0. Invalid UTF-8 bytes compare as
 * themselves.
 */
int collate_natural(const char *a, size_t alen, const char *b, size_t blen);
/* A folded copy of s (len bytes), as collate_natural() sees it; the caller frees it. */
char *collate_fold(const char *s, size_t len);
/*
 * Adds to a connection the collation ims2_natural (collate_natural) and the function
 * ims2_fold(text) (collate_fold; NULL stays NULL). Returns an SQLite result code.
 */
int collate_register(sqlite3 *db);

#endif
