#include "ims2/csv.h"

#include <string.h>

static void csv_field(FILE *out, const char *s)
{
	const char *p;

	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

void csv_row(FILE *out, const char *const *fields, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (i)
			fputc(',', out);
		csv_field(out, fields[i]);
	}
	fputc('\n', out);
}
