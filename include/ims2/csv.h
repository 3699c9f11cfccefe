/* CSV as RFC 4180 describes it: fields with a comma, quote or line break are quoted. */
#ifndef IMS2_CSV_H
#define IMS2_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Writes one record; NULL fields are empty. Records end with a line feed. */
void csv_row(FILE *out, const char *const *fields, size_t count);

#endif
