/* Allocation that never returns NULL, a growable string buffer, small string helpers. */
#ifndef IMS2_UTIL_H
#define IMS2_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Out of memory and impossible states end the program through die(), which first calls the
 * hook set here (the interface restores the terminal with it).
 */
void util_set_die_hook(void (*hook)(void));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated string. Zero-initialise ({0}); strbuf_release() frees. */
struct strbuf {
	char *buf;
	size_t len, alloc;
};
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
/* Hands the string over to the caller (who frees it); sb is empty afterwards. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* True when s is a valid calendar date written YYYY-MM-DD. */
bool util_valid_date(const char *s);
/* True when s is a valid time written YYYY-MM-DD HH:MM (or with a T between). */
bool util_valid_datetime(const char *s);
/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar, and back. */
long long util_days_from_date(int year, int month, int day);
void util_date_from_days(long long days, int *year, int *month, int *day);
/*
 * s, which starts with a date YYYY-MM-DD, with that date moved by days and the rest (a time,
 * a time zone offset) kept as it is. NULL when s does not start with a valid date or the
 * result is outside the years 1900-9999; otherwise a new string the caller frees.
 */
char *util_date_shift(const char *s, long long days);
/* True when s is a decimal number (optional sign, digits, optional fraction). */
bool util_valid_number(const char *s);
/* True when s is a plain identifier [a-z_][a-z0-9_]*, safe to quote into SQL. */
bool util_identifier(const char *s);
/* Number of Unicode characters in UTF-8 text (invalid bytes count one each). */
size_t util_utf8_length(const char *s);
/* True when every byte sequence of s is valid UTF-8. */
bool util_utf8_valid(const char *s);
/*
 * UTF-8 whatever the locale: workspaces always hold UTF-8, also when ims2 runs in the C locale.
 * decode: the byte length of the valid sequence at s (0 when invalid: *code_point is then its
 * first byte) and its code point. encode: the bytes of cp in out, 0 for a surrogate or a value
 * past U+10FFFF.
 */
size_t util_utf8_decode(const char *s, unsigned int *code_point);
size_t util_utf8_encode(unsigned int cp, char out[4]);
/*
 * The code point of the first control character in UTF-8 text s (C0, DEL or C1), or -1 when
 * there is none. multiline allows newline (also as CR LF) and tab, the only ones a
 * multi-line field keeps.
 */
long util_control_char(const char *s, bool multiline);

#endif
