/*
 * CSV as RFC 4180 describes it: fields with a comma, quote or line break are quoted. A field a
 * spreadsheet would take for a formula (csv_formula_like) is written as text: quoted, with a '
 * in front (OWASP's advice against CSV injection), unless csv_set_raw(true).
 */
#ifndef IMS2_CSV_H
#define IMS2_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes one record; NULL fields are empty. Records end with a line feed. */
void csv_row(FILE *out, const char *const *fields, size_t count);
/* True when s starts with = + - @, a tab or a carriage return. */
bool csv_formula_like(const char *s);
/* Writes formula-like fields as they are from now on (the --csv-raw option), or not. */
void csv_set_raw(bool raw);

#endif
