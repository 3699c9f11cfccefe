/*
 * Documents of step 2.2: the next review follows from the approval date and the review
 * interval when the user leaves it empty (a date typed there is kept as typed).
 */
#include "ims2/document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"

bool document_add_months(const char *date, int months, char out[16])
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, last;

	if (!date || !util_valid_date(date) || months < 1 || months > 1200 ||
	    sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (y > 9999)
		return false;
	if (d > last)
		d = last; /* 31 January + 1 month: the last day of February */
	{
		char buf[48]; /* room for any int, so that the compiler sees no truncation */
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
		memcpy(out, buf, 11);
	}
	return true;
}

int document_derive(struct store *store, const struct reg *reg, const char **values,
		    char **owned, struct ims2_error *err)
{
	int next = reg_field_index(reg, "next_review"), on = reg_field_index(reg, "approved_on");
	int every = reg_field_index(reg, "review_months");
	char date[16];

	(void)store;
	(void)err;
	if (next < 0 || on < 0 || every < 0 || (values[next] && *values[next]) || !values[every] ||
	    !util_valid_number(values[every]) || strchr(values[every], '.'))
		return IMS2_OK; /* validation says what is wrong with a bad interval */
	if (!document_add_months(values[on], atoi(values[every]), date))
		return IMS2_OK;
	free(owned[next]);
	owned[next] = xstrdup(date);
	values[next] = owned[next];
	return IMS2_OK;
}
