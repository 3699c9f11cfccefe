/*
 * The incident register in reports (step 2.7): a short table of the incidents, the
 * notification deadlines with where each stands (met, late, passed, pending, unknown), then
 * every other field of each incident. Registered as the report_md hook of `incident`.
 */
#include "ims2/incident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/markdown.h"
#include "ims2/record.h"
#include "ims2/report.h"
#include "ims2/util.h"
#include "ims2/workspace.h"

#define INCIDENT_WINDOW 128

/* The columns of the first table; the details list every other field. */
static const char *const summary[] = { "title",	  "kind",    "severity", "status",
				       "reported_at", "aware_at", "closed_at" };
#define SUMMARY_COUNT (sizeof(summary) / sizeof(summary[0]))

static const char *const notice_name[NOTICE_COUNT] = { "GDPR authority (72 h)",
						       "NIS2 early warning (24 h)",
						       "NIS2 notification (72 h)",
						       "NIS2 final report (1 month)" };
static const char *const notice_done[NOTICE_COUNT] = { "gdpr_notified_at", "nis2_warning_at",
						       "nis2_report_at", "nis2_final_at" };

static const char *value(const struct reg *reg, const struct record *rec, const char *name)
{
	int i = reg_field_index(reg, name);

	return i >= 0 && rec->values[i] ? rec->values[i] : "";
}

static const char *state_text(enum incident_state s)
{
	switch (s) {
	case DEADLINE_UNKNOWN:
		return "**UNKNOWN**: awareness time missing";
	case DEADLINE_PENDING:
		return "pending";
	case DEADLINE_PASSED:
		return "**PASSED**, not made";
	case DEADLINE_MET:
		return "met";
	case DEADLINE_LATE:
		return "**LATE**";
	default:
		return "";
	}
}

static bool in_summary(const char *name)
{
	size_t i;

	for (i = 0; i < SUMMARY_COUNT; i++)
		if (strcmp(summary[i], name) == 0)
			return true;
	return strstr(name, "_due") != NULL || strcmp(name, "gdpr_notified_at") == 0 ||
	       strncmp(name, "nis2_", 5) == 0;
}

/* Rows of the deadlines table for one incident (rec holds display values). */
static void write_deadlines(const struct incident_zone *zone, long long now, const struct reg *reg,
			    const struct record *rec, FILE *out, int *rows)
{
	static const char *const head[] = { "Incident", "Notification", "Due", "Made", "Result" };
	const char *aware = value(reg, rec, "aware_at"), *report = value(reg, rec, "nis2_report_at");
	int n;

	for (n = 0; n < NOTICE_COUNT; n++) {
		bool applies = strcmp(value(reg, rec, n == NOTICE_GDPR ? "personal_data" : "nis2"),
				      "yes") == 0;
		const char *done = value(reg, rec, notice_done[n]);
		char due[20];
		struct strbuf sb = { 0 };

		if (!applies)
			continue;
		incident_deadline(zone, (enum incident_notice)n, aware, report, due);
		if (!(*rows)++)
			md_table_head(out, head, 5);
		{
			const char *cells[] = { value(reg, rec, "title"), notice_name[n],
						*due ? due : "unknown", done };
			size_t c;
			strbuf_adds(&sb, "|");
			for (c = 0; c < 4; c++) {
				strbuf_adds(&sb, " ");
				md_cell(&sb, cells[c]);
				strbuf_adds(&sb, " |");
			}
			strbuf_addf(&sb, " %s |\n",
				    state_text(incident_deadline_state(true, due, *done ? done : NULL,
								       now)));
			fputs(sb.buf, out);
			strbuf_release(&sb);
		}
	}
}

/* The fields of one incident not shown in the tables, and the nonconformities it raised. */
static int write_details(struct workspace *ws, const struct reg *reg, const struct record *rec,
			 FILE *out, struct ims2_error *err)
{
	struct strbuf sb = { 0 };
	char *raised;
	size_t i;
	int rc = report_nc_raised_from(ws, "incident", rec->id, &raised, err);

	if (rc)
		return rc;

	strbuf_addf(&sb, "- **%lld. ", rec->id);
	md_text(&sb, value(reg, rec, "title"));
	strbuf_adds(&sb, "**\n");
	for (i = 0; i < reg->field_count; i++) {
		const struct field *f = &reg->fields[i];
		if (in_summary(f->name) || !rec->values[i] || !*rec->values[i])
			continue;
		strbuf_adds(&sb, "  - ");
		md_text(&sb, f->label);
		strbuf_adds(&sb, ": ");
		md_text(&sb, rec->values[i]);
		strbuf_adds(&sb, "\n");
	}
	if (raised) {
		strbuf_adds(&sb, "  - Nonconformity raised (4.1): ");
		md_text(&sb, raised);
		strbuf_adds(&sb, "\n");
	}
	fputs(sb.buf, out);
	strbuf_release(&sb);
	free(raised);
	return IMS2_OK;
}

int report_incident_md(struct workspace *ws, const char *heading, FILE *out,
		       struct ims2_error *err)
{
	const struct reg *reg = screen_set_find_register(&ws->screens, "incident");
	struct record_view view = { &ws->screens, reg, -1, false, NULL };
	struct record rows[INCIDENT_WINDOW];
	struct incident_zone zone;
	const char *cells[SUMMARY_COUNT];
	long long last_id, now;
	int got, r, pass, deadlines = 0, rc;
	char now_text[20];
	size_t i;

	if ((rc = incident_zone_read(ws->store, &zone, err)))
		return rc;
	now = incident_now(&zone);
	incident_time_format(now, now_text);
	/* Three passes over the register: the summary, the deadlines, the details. */
	for (pass = 0; pass < 3; pass++) {
		static const char *const titles[] = { "Events and incidents",
						      "Notification deadlines", "Incident details" };
		int seen = 0;
		fprintf(out, "%s %s\n\n", heading, titles[pass]);
		last_id = 0;
		do {
			if ((rc = record_scan(ws->store, &view, last_id, INCIDENT_WINDOW, rows, &got,
					      err)))
				return rc;
			for (r = 0; r < got; r++) {
				if (pass == 0) {
					if (!seen)
						for (i = 0; i < SUMMARY_COUNT; i++)
							cells[i] = reg->fields[reg_field_index(
										reg, summary[i])]
									   .label;
					if (!seen)
						md_table_head(out, cells, SUMMARY_COUNT);
					for (i = 0; i < SUMMARY_COUNT; i++)
						cells[i] = value(reg, &rows[r], summary[i]);
					md_row(out, cells, SUMMARY_COUNT);
				} else if (pass == 1) {
					write_deadlines(&zone, now, reg, &rows[r], out, &deadlines);
				} else if ((rc = write_details(ws, reg, &rows[r], out, err))) {
					for (; r < got; r++)
						record_release(&rows[r]);
					return rc;
				}
				seen++;
				last_id = rows[r].id;
				record_release(&rows[r]);
			}
		} while (got == INCIDENT_WINDOW);
		if (pass == 0 && !seen)
			fputs("*No records yet.*\n", out);
		if (pass == 1 && !deadlines)
			fputs("*No incident involves personal data or falls under NIS2.*\n", out);
		if (pass == 1 && deadlines)
			fprintf(out, "\nDeadlines run in elapsed hours from the time the organisation "
				     "became aware, on its clock (UTC%+d:%02d%s); results as of %s.\n",
				zone.offset_minutes / 60, abs(zone.offset_minutes % 60),
				zone.eu_summer ? ", EU summer time" : "", now_text);
		if (pass == 2 && !seen)
			fputs("*No records yet.*\n", out);
		fputs("\n", out);
	}
	return IMS2_OK;
}
