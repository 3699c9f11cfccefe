#include "ims2/report.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/audit.h"
#include "ims2/checks.h"
#include "ims2/csv.h"
#include "ims2/indicator.h"
#include "ims2/markdown.h"
#include "ims2/readiness.h"
#include "ims2/record.h"
#include "ims2/registry.h"
#include "ims2/review.h"
#include "ims2/util.h"
#include "coreint.h"

#define REPORT_WINDOW 256

/* The date of the last change: reports of an unchanged workspace stay byte-identical. */
static char *report_date(struct workspace *ws)
{
	sqlite3_stmt *st;
	char *date = NULL;

	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT substr(max(at), 1, 10) FROM changelog", -1, &st,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			date = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return date ? date : xstrdup("");
}

void report_metadata(struct workspace *ws, const char *title, FILE *out)
{
	report_metadata_version(ws, title, NULL, out);
}

void report_metadata_version(struct workspace *ws, const char *title, const char *version,
			     FILE *out)
{
	struct strbuf sb = { 0 };
	char *date = report_date(ws), *cycle = NULL;

	store_meta_get(ws->store, "cycle", &cycle);
	strbuf_adds(&sb, "---\ntitle: ");
	md_yaml_string(&sb, title);
	strbuf_adds(&sb, "\norganisation: ");
	md_yaml_string(&sb, ws->organisation);
	strbuf_addf(&sb, "\ndate: \"%s\"\n", date);
	if (version) { /* the document's own version; the tool's under its own key */
		strbuf_adds(&sb, "version: ");
		md_yaml_string(&sb, version);
		strbuf_adds(&sb, "\ngenerator");
	} else {
		strbuf_adds(&sb, "version");
	}
	strbuf_addf(&sb, ": \"ims2 %s, PDCA cycle %s\"\n---\n\n", IMS2_VERSION, cycle ? cycle : "1");
	fputs(sb.buf, out);
	strbuf_release(&sb);
	free(date);
	free(cycle);
}

static void write_text(FILE *out, const char *fmt_prefix, const char *text, const char *suffix)
{
	struct strbuf sb = { 0 };

	strbuf_adds(&sb, fmt_prefix);
	md_text(&sb, text);
	strbuf_adds(&sb, suffix);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

/* A form: one record shown as a two-column table of field and value. */
static int write_form(struct workspace *ws, const struct reg *reg, FILE *out,
		      struct ims2_error *err)
{
	static const char *const head[] = { "Field", "Value" };
	struct record_view view = { &ws->screens, reg, -1, false, NULL };
	struct record rec;
	int got, rc;
	size_t i;

	rc = record_window(ws->store, &view, 0, 1, &rec, &got, err);
	if (rc)
		return rc;
	if (!got) {
		fputs("*Not filled in yet.*\n\n", out);
		return IMS2_OK;
	}
	md_table_head(out, head, 2);
	for (i = 0; i < reg->field_count; i++) {
		const char *cells[2] = { reg->fields[i].label,
					 rec.values[i] ? rec.values[i] : "" };
		md_row(out, cells, 2);
	}
	fputs("\n", out);
	record_release(&rec);
	return IMS2_OK;
}

/* A register: every record, in id order, read a window at a time. */
static int write_table(struct workspace *ws, const struct reg *reg, FILE *out,
		       struct ims2_error *err)
{
	struct record_view view = { &ws->screens, reg, -1, false, NULL };
	struct record rows[REPORT_WINDOW];
	const char **cells = xcalloc(reg->field_count, sizeof(*cells));
	long long offset = 0, last_id = 0;
	int got, r, rc;
	size_t i;

	for (i = 0; i < reg->field_count; i++)
		cells[i] = reg->fields[i].label;
	do {
		rc = record_scan(ws->store, &view, last_id, REPORT_WINDOW, rows, &got, err);
		if (rc)
			break;
		if (offset == 0 && got == 0)
			fputs("*No records yet.*\n", out);
		else if (offset == 0)
			md_table_head(out, cells, reg->field_count);
		for (r = 0; r < got; r++) {
			for (i = 0; i < reg->field_count; i++)
				cells[i] = rows[r].values[i] ? rows[r].values[i] : "";
			md_row(out, cells, reg->field_count);
			last_id = rows[r].id;
			record_release(&rows[r]);
		}
		offset += got;
	} while (got == REPORT_WINDOW);
	fputs("\n", out);
	free(cells);
	return rc;
}

/* Findings of the step's consistency checks, as a list; a check that cannot run fails. */
static int write_checks(struct workspace *ws, const char *step, const char *heading, FILE *out,
			struct ims2_error *err)
{
	struct check_report found;
	size_t i;
	int rc = checks_run(ws, step, &found);

	if (rc) {
		*err = found.error;
	} else if (found.count) {
		fprintf(out, "%s# Points to check\n\n", heading);
		for (i = 0; i < found.count; i++)
			write_text(out, "- ", found.findings[i].message, "\n");
		fputs("\n", out);
	}
	check_report_release(&found);
	return rc;
}

static int write_step(struct workspace *ws, size_t index, const char *heading, FILE *out,
		      struct ims2_error *err)
{
	const struct step *step = &ws->catalog.steps[index];
	const struct screen *scr = &ws->screens.screens[index];
	struct step_progress p;
	size_t i;
	int rc = IMS2_OK;

	workspace_step_progress(ws, index, &p);
	fprintf(out, "%s %s %s\n\n", heading, step->id, step->name);
	fprintf(out, "Status: **%s**, %d %% complete (%d of %d activities done, %d of %d "
		     "registers with records).",
		p.status, p.percent, p.activities_done, p.activity_count, p.registers_filled,
		p.register_count);
	if (step->clause_count) {
		fputs(" Clauses served:", out);
		for (i = 0; i < step->clause_count; i++)
			fprintf(out, "%s %s", i ? "," : "", step->clauses[i]);
		fputs(".", out);
	}
	fputs("\n\n", out);
	if (p.reason)
		write_text(out, "Skipped because: ", p.reason, "\n\n");
	step_progress_release(&p);
	fprintf(out, "%s# Activities\n\n", heading);
	for (i = 0; i < scr->activity_count; i++)
		write_text(out,
			   store_activity_done(ws->store, scr->step, scr->activities[i].id) ? "- [x] "
											  : "- [ ] ",
			   scr->activities[i].text, "\n");
	fputs("\n", out);
	rc = write_checks(ws, step->id, heading, out, err);
	for (i = 0; i < scr->reg_count && !rc; i++) {
		const struct reg *reg = &scr->regs[i];
		char *sub = xasprintf("%s#", heading);
		const struct register_hooks *hooks = registry_find(reg->table);
		if (hooks && hooks->report_md) {
			rc = hooks->report_md(ws, sub, out, err);
		} else if (!reg->fixed || !reg->form) {
			fprintf(out, "%s ", sub);
			write_text(out, "", reg->title, "\n\n");
			rc = reg->form ? write_form(ws, reg, out, err) : write_table(ws, reg, out, err);
		}
		free(sub);
	}
	if (!scr->reg_count)
		fputs("*This step has no registers in this version of ims2; its activities are "
		      "tracked above.*\n\n",
		      out);
	return rc;
}

static void write_summary(struct workspace *ws, FILE *out)
{
	static const char *const head[] = { "Step", "Name", "Status", "Complete" };
	size_t i;

	fputs("# Summary\n\n", out);
	md_table_head(out, head, 4);
	for (i = 0; i < ws->catalog.step_count; i++) {
		struct step_progress p;
		char percent[16];
		const char *cells[4];

		workspace_step_progress(ws, i, &p);
		snprintf(percent, sizeof(percent), "%d %%", p.percent);
		cells[0] = ws->catalog.steps[i].id;
		cells[1] = ws->catalog.steps[i].name;
		cells[2] = p.status;
		cells[3] = percent;
		md_row(out, cells, 4);
		step_progress_release(&p);
	}
	fputs("\n", out);
}

int report_dossier(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	size_t p, s;
	int rc = IMS2_OK;
	char *title = xasprintf("Information security management system: %s", ws->organisation);

	report_metadata(ws, title, out);
	free(title);
	write_summary(ws, out);
	for (p = 0; p < ws->catalog.phase_count && !rc; p++) {
		const struct phase *phase = &ws->catalog.phases[p];
		write_text(out, "# ", phase->name, "\n\n");
		for (s = phase->first_step; s < phase->first_step + phase->step_count && !rc; s++)
			rc = write_step(ws, s, "##", out, err);
	}
	if (!rc && ferror(out))
		rc = error_set(err, IMS2_IO, "cannot write the report");
	return rc;
}

/* The reports with a name; `table` is the register whose step exports it by default. */
static const struct named_report {
	const char *name, *title, *table;
	int (*md)(struct workspace *ws, const char *heading, FILE *out, struct ims2_error *err);
	int (*csv)(struct workspace *ws, FILE *out, struct ims2_error *err);
	char *(*version)(struct workspace *ws); /* the document's own version, or NULL */
	/* The report of one record (--id), a whole Markdown document; NULL when there is none. */
	int (*one)(struct workspace *ws, const char *id, FILE *out, struct ims2_error *err);
} reports[] = {
	{ "gap", "Gap analysis", "gap_item", report_gap_md, report_gap_csv, NULL, NULL },
	{ "soa", "Statement of Applicability", "soa_entry", report_soa_md, report_soa_csv,
	  report_soa_version, NULL },
	{ "risks", "Risk assessment", "risk", report_risks_md, report_risks_csv, NULL, NULL },
	{ "rtp", "Risk treatment plan", "treatment_action", report_rtp_md, report_rtp_csv, NULL, NULL },
	{ "evidence", "Evidence index", NULL, report_evidence_md, report_evidence_csv, NULL, NULL },
	{ "dashboard", "Indicator dashboard", "indicator", indicator_dashboard_md,
	  indicator_dashboard_csv, NULL, NULL },
	{ "audit", "Internal audit", "audit_programme", audit_report_md, audit_report_csv, NULL,
	  audit_report_one_md },
	{ "review", "Management review", "management_review", review_report_md, review_report_csv,
	  NULL, NULL },
	{ "nc", "Nonconformities", "nonconformity", report_nc_md, report_nc_csv, NULL, NULL },
	{ "readiness", "Certification readiness", "readiness_settings", report_readiness_md,
	  report_readiness_csv, NULL, NULL },
};
#define REPORT_COUNT (sizeof(reports) / sizeof(reports[0]))

static const struct named_report *find_report(const char *name)
{
	size_t i;

	for (i = 0; i < REPORT_COUNT; i++)
		if (strcmp(reports[i].name, name) == 0)
			return &reports[i];
	return NULL;
}

/* "gap, soa, risks and rtp": the names of the table, for hints. */
static void report_names(char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < REPORT_COUNT && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i == 0 ? "" : i + 1 == REPORT_COUNT ? " and " : ", ",
					 reports[i].name);
}

int report_check(const char *name, enum report_format format, struct ims2_error *err)
{
	char names[160];

	report_names(names, sizeof(names));
	if (strcmp(name, "dossier") != 0 && !find_report(name)) {
		error_set(err, IMS2_USAGE, "unknown report '%s'", name);
		return error_hint(err, "the reports are dossier, %s", names);
	}
	if (format == REPORT_CSV && strcmp(name, "dossier") == 0) {
		error_set(err, IMS2_USAGE, "the dossier is written as Markdown only");
		return error_hint(err, "CSV is written for the reports %s", names);
	}
	return IMS2_OK;
}

int report_check_one(const char *name, enum report_format format, struct ims2_error *err)
{
	const struct named_report *r = find_report(name);
	size_t i, used = 0;
	char names[80] = "";

	for (i = 0; i < REPORT_COUNT; i++)
		if (reports[i].one)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 used ? ", " : "", reports[i].name);
	if (!r || !r->one) {
		error_set(err, IMS2_USAGE, "--id is for the report of one record");
		return error_hint(err, "--id goes with --report %s", names);
	}
	if (format == REPORT_CSV) {
		error_set(err, IMS2_USAGE, "the report of one %s is written as Markdown only", name);
		return error_hint(err, "leave out --id for the CSV of every %s", name);
	}
	return IMS2_OK;
}

int report_named_one(struct workspace *ws, const char *name, const char *id, FILE *out,
		     struct ims2_error *err)
{
	int rc;

	if ((rc = report_check_one(name, REPORT_MD, err)))
		return rc;
	rc = find_report(name)->one(ws, id, out, err);
	if (!rc && ferror(out))
		rc = error_set(err, IMS2_IO, "cannot write the report");
	return rc;
}

const char *report_title(const char *name)
{
	const struct named_report *r = find_report(name);

	return r ? r->title : "the dossier";
}

const char *report_for_step(struct workspace *ws, const char *step)
{
	int index = catalog_step_index(&ws->catalog, step);
	const struct screen *scr;
	size_t i;

	if (index < 0)
		return NULL;
	scr = &ws->screens.screens[index];
	for (i = 0; i < scr->reg_count; i++) {
		size_t r;
		for (r = 0; r < REPORT_COUNT; r++)
			if (reports[r].table && strcmp(scr->regs[i].table, reports[r].table) == 0)
				return reports[r].name;
	}
	return NULL;
}

int report_named(struct workspace *ws, const char *name, enum report_format format, FILE *out,
		 struct ims2_error *err)
{
	const struct named_report *r;
	char *title;
	int rc;

	if ((rc = report_check(name, format, err)))
		return rc;
	if (strcmp(name, "dossier") == 0)
		return report_dossier(ws, out, err);
	r = find_report(name);
	if (format == REPORT_CSV) {
		rc = r->csv(ws, out, err);
	} else {
		char *version = r->version ? r->version(ws) : NULL;
		title = xasprintf("%s: %s", r->title, ws->organisation);
		report_metadata_version(ws, title, version, out);
		free(title);
		free(version);
		fprintf(out, "# %s\n\n", r->title);
		rc = r->md(ws, "##", out, err);
	}
	if (!rc && ferror(out))
		rc = error_set(err, IMS2_IO, "cannot write the report");
	return rc;
}

int report_step(struct workspace *ws, const char *step, FILE *out, struct ims2_error *err)
{
	int index = catalog_step_index(&ws->catalog, step);
	char *title;
	int rc;

	if (index < 0) {
		error_set(err, IMS2_USAGE, "unknown step '%s'", step);
		return error_hint(err, "steps are 1.1 to 1.8, 2.1 to 2.8, 3.1 to 3.3, 4.1 and 4.2");
	}
	title = xasprintf("%s %s: %s", ws->catalog.steps[index].id, ws->catalog.steps[index].name,
			  ws->organisation);
	report_metadata(ws, title, out);
	free(title);
	rc = write_step(ws, (size_t)index, "#", out, err);
	if (!rc && ferror(out))
		rc = error_set(err, IMS2_IO, "cannot write the report");
	return rc;
}

/* One register as CSV: a line with its title, its column names, its rows, a blank line. */
static int write_register_csv(struct workspace *ws, const struct reg *reg, FILE *out,
			      struct ims2_error *err)
{
	struct record_view view = { &ws->screens, reg, -1, false, NULL };
	struct record rows[REPORT_WINDOW];
	const char **cells = xcalloc(reg->field_count + 1, sizeof(*cells));
	long long last_id = 0;
	int got, r, rc;
	size_t i;

	cells[0] = reg->title;
	csv_row(out, cells, 1);
	cells[0] = "id";
	for (i = 0; i < reg->field_count; i++)
		cells[i + 1] = reg->fields[i].label;
	csv_row(out, cells, reg->field_count + 1);
	do {
		if ((rc = record_scan(ws->store, &view, last_id, REPORT_WINDOW, rows, &got, err)))
			break;
		for (r = 0; r < got; r++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", rows[r].id);
			cells[0] = id;
			for (i = 0; i < reg->field_count; i++)
				cells[i + 1] = rows[r].values[i];
			csv_row(out, cells, reg->field_count + 1);
			last_id = rows[r].id;
			record_release(&rows[r]);
		}
	} while (got == REPORT_WINDOW);
	fputs("\n", out);
	free(cells);
	return rc;
}

int report_step_csv(struct workspace *ws, const char *step, FILE *out, struct ims2_error *err)
{
	int index = catalog_step_index(&ws->catalog, step);
	const struct screen *scr;
	size_t i;
	int rc = IMS2_OK;

	if (index < 0) {
		error_set(err, IMS2_USAGE, "unknown step '%s'", step);
		return error_hint(err, "steps are 1.1 to 1.8, 2.1 to 2.8, 3.1 to 3.3, 4.1 and 4.2");
	}
	scr = &ws->screens.screens[index];
	if (!scr->reg_count) {
		error_set(err, IMS2_USAGE, "step %s has no registers to write as CSV", step);
		return error_hint(err, "export it as Markdown (--format md)");
	}
	for (i = 0; i < scr->reg_count && !rc; i++)
		rc = write_register_csv(ws, &scr->regs[i], out, err);
	if (!rc && ferror(out))
		rc = error_set(err, IMS2_IO, "cannot write the report");
	return rc;
}

int report_shown_elsewhere_md(struct workspace *ws, const char *heading, FILE *out,
			      struct ims2_error *err)
{
	(void)ws;
	(void)heading;
	(void)out;
	(void)err;
	return IMS2_OK;
}
