/*
 * An export as the user asks for it, on the command line (ims2 export) or in the workbench
 * (:export): the same options, the same checks, and the file written through output.h.
 */
#ifndef IMS2_EXPORT_H
#define IMS2_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "ims2/util.h"
#include "ims2/workspace.h"

struct export_request {
	const char *report; /* a named report (report.h), or NULL */
	const char *step;   /* one step, or NULL; neither: the dossier */
	const char *format; /* "md" or "csv"; NULL until export_settle() */
	const char *output; /* the file, or NULL for the stream given to export_run() */
	bool csv_raw;       /* --csv-raw: formula-like cells as they are */
	char **words;       /* owned by the request when parsed from a line */
	size_t word_count;
	const char *id; /* with report: the record of a report of one (--id), or NULL */
};

/* The options, for usage messages. */
#define EXPORT_OPTIONS "[--report NAME [--id N] | --step ID] [--format md|csv] [--csv-raw]"

/*
 * Parses argv[0..argc): --report NAME, --id N, --step ID, --format F, --csv-raw, -o or --output FILE
 * (also --name=value). The one word that is not an option goes to *other (NULL when none);
 * a second one, an unknown option or a missing value is IMS2_USAGE naming `command`.
 * The request points into argv.
 */
int export_parse(struct export_request *req, const char *command, int argc, char **argv,
		 const char **other, struct ims2_error *err);
/*
 * The same for a command line typed in the workbench: words are split at spaces, "double" or
 * 'single' quotes keep spaces in a file name, and a word starting ~/ starts in $HOME. The
 * request owns the words.
 */
int export_parse_line(struct export_request *req, const char *command, const char *line,
		      const char **other, struct ims2_error *err);
void export_request_release(struct export_request *req);
/*
 * Checks the names and settles the format: --format, else CSV for an output named *.csv, else
 * Markdown. A .csv name with Markdown, or CSV of the dossier or of a step, is IMS2_USAGE.
 */
int export_settle(struct export_request *req, struct ims2_error *err);
/*
 * Writes the report to req->output (output.h: never over the workspace or a database, through
 * a temporary file), or to `out` when there is no output file.
 */
int export_run(struct workspace *ws, const struct export_request *req, FILE *out,
	       struct ims2_error *err);
/* What the request writes, for messages: "the gap analysis (CSV)", "step 1.5", ... */
void export_describe(const struct export_request *req, struct strbuf *sb);

#endif
