#include "ims2/csv.h"

#include <string.h>

/*
 * Spreadsheets read a cell starting with = + - @ (or a tab or CR before one) as a formula
 * (CSV injection). As OWASP recommends, such a cell is written quoted with a ' in front, which
 * spreadsheets show as text. One flag for the process: exports run one at a time.
 */
static bool formulas_raw;

void csv_set_raw(bool raw)
{
	formulas_raw = raw;
}

bool csv_formula_like(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]);
}

static void csv_field(FILE *out, const char *s)
{
	const char *p;
	bool formula;

	if (!s)
		return;
	formula = !formulas_raw && csv_formula_like(s);
	if (!formula && !s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	fputs(formula ? "\"'" : "\"", out);
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
