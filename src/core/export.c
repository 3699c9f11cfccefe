#include "ims2/export.h"

#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ims2/csv.h"
#include "ims2/output.h"
#include "ims2/report.h"
#include "ims2/util.h"

/* The options of an export, as a table: value options set a string, --csv-raw a flag. */
static const struct export_option {
	const char *name, *alias;
	size_t offset; /* of the const char * it sets; (size_t)-1 for the flag */
} options[] = {
	{ "--report", NULL, offsetof(struct export_request, report) },
	{ "--step", NULL, offsetof(struct export_request, step) },
	{ "--id", NULL, offsetof(struct export_request, id) },
	{ "--format", NULL, offsetof(struct export_request, format) },
	{ "--output", "-o", offsetof(struct export_request, output) },
	{ "--csv-raw", NULL, (size_t)-1 },
};
#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

/* The length of the option name at the start of arg ("--step" or "--step=1.5"), 0 if none. */
static size_t option_match(const char *arg, const char *name)
{
	size_t n;

	if (!name)
		return 0;
	n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=') ? n : 0;
}

int export_parse(struct export_request *req, const char *command, int argc, char **argv,
		 const char **other, struct ims2_error *err)
{
	int i;

	*other = NULL;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		size_t o, n = 0;

		for (o = 0; o < OPTION_COUNT; o++)
			if ((n = option_match(a, options[o].name)) ||
			    (n = option_match(a, options[o].alias)))
				break;
		if (o < OPTION_COUNT && options[o].offset == (size_t)-1) {
			if (a[n] == '=')
				return error_set(err, IMS2_USAGE, "%s: %s takes no value", command,
						 options[o].name);
			req->csv_raw = true;
		} else if (o < OPTION_COUNT) {
			const char **value = (const char **)((char *)req + options[o].offset);
			if (a[n] == '=') {
				*value = a + n + 1;
			} else if (i + 1 < argc) {
				*value = argv[++i];
			} else {
				return error_set(err, IMS2_USAGE, "%s: %s needs a value", command,
						 options[o].name);
			}
		} else if (a[0] == '-' && a[1]) {
			error_set(err, IMS2_USAGE, "%s: unknown option '%s'", command, a);
			return error_hint(err, "the options are %s [-o FILE]", EXPORT_OPTIONS);
		} else if (!*other) {
			*other = a;
		} else {
			error_set(err, IMS2_USAGE, "%s: one file at a time ('%s' and '%s')", command,
				  *other, a);
			return error_hint(err, "put quotes around a name with spaces");
		}
	}
	return IMS2_OK;
}

int export_parse_line(struct export_request *req, const char *command, const char *line,
		      const char **other, struct ims2_error *err)
{
	size_t alloc = 0;

	while (*line) {
		char quote = 0;
		struct strbuf word = { 0 };
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			break;
		strbuf_add(&word, "", 0);
		/* ~/ is the home directory, as a shell would have it (there is no shell here). */
		if (line[0] == '~' && line[1] == '/' && getenv("HOME")) {
			strbuf_adds(&word, getenv("HOME"));
			line++;
		}
		for (; *line && (quote || (*line != ' ' && *line != '\t')); line++) {
			if (!quote && (*line == '"' || *line == '\''))
				quote = *line;
			else if (quote && *line == quote)
				quote = 0;
			else
				strbuf_add(&word, line, 1);
		}
		if (req->word_count == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			req->words = xrealloc(req->words, alloc * sizeof(*req->words));
		}
		req->words[req->word_count++] = strbuf_detach(&word);
		if (quote) {
			*other = NULL;
			return error_set(err, IMS2_USAGE, "%s: a quote is not closed", command);
		}
	}
	return export_parse(req, command, (int)req->word_count, req->words, other, err);
}

void export_request_release(struct export_request *req)
{
	size_t i;

	for (i = 0; i < req->word_count; i++)
		free(req->words[i]);
	free(req->words);
	req->words = NULL;
	req->word_count = 0;
}

static bool csv_name(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

/*
 * The extension of a name that promises a format ims2 does not write (HTML, Word, PDF,
 * spreadsheets), or NULL: Markdown written under such a name opens as a broken document.
 */
static const char *foreign_name(const char *path)
{
	static const char *const foreign[] = { ".html", ".htm", ".docx", ".doc", ".odt",
					       ".rtf", ".pdf", ".xlsx", ".xls", ".ods" };
	const char *dot = path ? strrchr(path, '.') : NULL;
	size_t i;

	if (!dot || strchr(dot, '/'))
		return NULL;
	for (i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++)
		if (strcasecmp(dot, foreign[i]) == 0)
			return dot;
	return NULL;
}

int export_settle(struct export_request *req, struct ims2_error *err)
{
	const char *foreign = foreign_name(req->output);
	int rc;

	if (foreign) {
		error_set(err, IMS2_USAGE, "%s: ims2 writes Markdown or CSV, not a %s file",
			  req->output, foreign);
		return error_hint(err, "name it .md or .csv; pandoc converts the Markdown: "
				       "pandoc report.md -s -o report%s",
				  foreign);
	}

	if (req->report && req->step)
		return error_set(err, IMS2_USAGE, "--report and --step exclude each other");
	if (req->format && strcmp(req->format, "md") != 0 && strcmp(req->format, "csv") != 0) {
		error_set(err, IMS2_USAGE, "unknown format '%s'", req->format);
		return error_hint(err, "the formats are md and csv");
	}
	if (!req->format)
		req->format = csv_name(req->output) ? "csv" : "md";
	if (req->report &&
	    (rc = report_check(req->report, strcmp(req->format, "csv") == 0 ? REPORT_CSV : REPORT_MD,
			       err)))
		return rc;
	if (strcmp(req->format, "csv") == 0 && !req->step && !req->report) {
		error_set(err, IMS2_USAGE, "%s: the dossier is Markdown only (CSV: a step, or the "
			  "reports gap, soa, risks, rtp)", req->output ? req->output : "export");
		return error_hint(err, "add --step ID or --report gap (or soa, risks, rtp), or name "
				  "the file .md");
	}
	if (req->id && !req->report)
		return error_set(err, IMS2_USAGE, "--id needs --report (--report audit --id N)");
	if (req->id &&
	    (rc = report_check_one(req->report,
				   strcmp(req->format, "csv") == 0 ? REPORT_CSV : REPORT_MD, err)))
		return rc;
	if (req->csv_raw && strcmp(req->format, "csv") != 0)
		return error_set(err, IMS2_USAGE, "--csv-raw is for CSV; Markdown has no formulas");
	if (strcmp(req->format, "md") == 0 && csv_name(req->output)) {
		error_set(err, IMS2_USAGE, "%s: a .csv name for a Markdown report", req->output);
		return error_hint(err, "name the file .md, or ask for --format csv");
	}
	return IMS2_OK;
}

static int export_report(struct workspace *ws, const struct export_request *req, FILE *out,
			 struct ims2_error *err)
{
	int rc;

	if (req->step && strcmp(req->format, "csv") == 0) {
		csv_set_raw(req->csv_raw);
		rc = report_step_csv(ws, req->step, out, err);
		csv_set_raw(false);
		return rc;
	}
	if (req->step)
		return report_step(ws, req->step, out, err);
	if (!req->report)
		return report_dossier(ws, out, err);
	if (req->id)
		return report_named_one(ws, req->report, req->id, out, err);
	csv_set_raw(req->csv_raw);
	rc = report_named(ws, req->report,
			  strcmp(req->format, "csv") == 0 ? REPORT_CSV : REPORT_MD, out, err);
	csv_set_raw(false);
	return rc;
}

/* A report that met a read the workspace could not give is not a report (store.h). */
struct export_context {
	struct workspace *ws;
	const struct export_request *req;
};

static int export_write(struct workspace *ws, const struct export_request *req, FILE *out,
			struct ims2_error *err)
{
	int rc = export_report(ws, req, out, err);

	return rc ? rc : store_read_failed(ws->store, err);
}

static int export_write_to(FILE *out, void *ctx, struct ims2_error *err)
{
	const struct export_context *c = ctx;

	return export_write(c->ws, c->req, out, err);
}

int export_run(struct workspace *ws, const struct export_request *req, FILE *out,
	       struct ims2_error *err)
{
	struct export_context c = { ws, req };

	assert(req->format);
	if (req->step && catalog_step_index(&ws->catalog, req->step) < 0) {
		/* Before the output file is created. */
		error_set(err, IMS2_USAGE, "unknown step '%s'", req->step);
		return error_hint(err, "steps are 1.1 to 1.8, 2.1 to 2.8, 3.1 to 3.3, 4.1 and 4.2");
	}
	return output_write(req->output, store_path(ws->store), out, export_write_to, &c, err);
}

void export_describe(const struct export_request *req, struct strbuf *sb)
{
	if (req->step)
		strbuf_addf(sb, "step %s", req->step);
	else if (req->report && req->id)
		strbuf_addf(sb, "the report of %s %s", req->report, req->id);
	else if (req->report)
		strbuf_addf(sb, "%s%s", report_title(req->report),
			    req->format && strcmp(req->format, "csv") == 0 ? " (CSV)" : "");
	else
		strbuf_adds(sb, "the dossier");
}
