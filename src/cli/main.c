/*
 * The command line (README.md, man/ims2.1 COMMANDS). Each command is one row of cmd_table; to add one, write
 * its cmd_* function, add its row with synopsis and help, and list it in man/ims2.1.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ims2/cycle.h"
#include "ims2/dump.h"
#include "ims2/error.h"
#include "ims2/export.h"
#include "ims2/migrate.h"
#include "ims2/output.h"
#include "ims2/readiness.h"
#include "ims2/report.h"
#include "ims2/risk.h"
#include "ims2/riskswitch.h"
#include "ims2/scenario.h"
#include "ims2/source.h"
#include "ims2/ui.h"
#include "ims2/util.h"
#include "ims2/workspace.h"

struct args {
	int argc;
	char **argv;
	const char *data_dir;
};

struct command {
	const char *name;
	const char *synopsis;
	const char *help;
	int (*run)(struct args *args, struct ims2_error *err);
};

static int cmd_init(struct args *args, struct ims2_error *err);
static int cmd_demo(struct args *args, struct ims2_error *err);
static int cmd_open(struct args *args, struct ims2_error *err);
static int cmd_export(struct args *args, struct ims2_error *err);
static int cmd_import(struct args *args, struct ims2_error *err);
static int cmd_dump(struct args *args, struct ims2_error *err);
static int cmd_matrix(struct args *args, struct ims2_error *err);
static int cmd_check(struct args *args, struct ims2_error *err);
static int cmd_cycle(struct args *args, struct ims2_error *err);
static int cmd_help(struct args *args, struct ims2_error *err);

static const struct command cmd_table[] = {
	{ "init", "ims2 init WORKSPACE --org NAME [--matrix ID]",
	  "Creates a new workspace file for one organisation, with the risk method ID\n"
	  "(default 5x5; 'ims2 matrix list' shows them). An existing file is never\n"
	  "overwritten, and an unknown method creates nothing.",
	  cmd_init },
	{ "demo", "ims2 demo WORKSPACE [--scenario ID] [--as-of DATE]",
	  "Creates a workspace from a bundled training scenario (default: demo), with the\n"
	  "example organisation's records filled in; cycle2 is the same organisation in\n"
	  "its second PDCA cycle, the first kept read-only. The story's dates move by whole\n"
	  "weeks so that it is told in the week up to today; --as-of DATE tells it in the\n"
	  "week up to DATE instead (--as-of 2027-04-09: the dates as written).",
	  cmd_demo },
	{ "open", "ims2 open WORKSPACE [--read-only]   (or: ims2 WORKSPACE)",
	  "Opens the workbench on a workspace. A file you cannot write opens read-only.",
	  cmd_open },
	{ "export",
	  "ims2 export WORKSPACE " EXPORT_OPTIONS " [-o FILE]",
	  "Writes a report: the whole ISMS (dossier, the default), the gap analysis (gap),\n"
	  "the Statement of Applicability (soa), the risk assessment (risks), the risk\n"
	  "treatment plan (rtp), or one step of the method, as Markdown; all but the\n"
	  "dossier also as CSV (the default for a -o name ending in .csv). --report audit\n"
	  "--id N writes the report of audit number N alone (Markdown). Without -o it\n"
	  "goes to standard output. -o replaces an ordinary file, never a workspace or\n"
	  "other SQLite database. CSV cells that a spreadsheet would run as a formula\n"
	  "(= + - @) start with a ' unless --csv-raw. Control characters and bidi\n"
	  "overrides are shown as <U+001B>. The same workspace always gives the same bytes.",
	  cmd_export },
	{ "import", "ims2 import WORKSPACE FILE.yaml",
	  "Adds records and step states from a YAML file laid out like the training\n"
	  "scenario (records: TABLE: [ {field: value} ]; references by the label of the\n"
	  "record referred to). All or nothing: one bad record and nothing is added.",
	  cmd_import },
	{ "dump", "ims2 dump WORKSPACE [-o FILE]",
	  "Writes the whole workspace as one YAML file that 'ims2 import' restores into a\n"
	  "new workspace: the step states and checklists, then every register's records\n"
	  "with every field, each register after those it refers to (references by the\n"
	  "label of the record referred to). Its header names the organisation and the\n"
	  "risk method: give them to 'ims2 init NEW --org NAME --matrix ID' before\n"
	  "importing. Closed PDCA cycles are left out: the file holds the registers as\n"
	  "they are now. What would not read back as it was (a label two records share)\n"
	  "is named on stderr. Without -o it goes to standard output. -o replaces an\n"
	  "ordinary file, never a workspace or other SQLite database. Control characters\n"
	  "and bidi controls are written as YAML escapes (\"\\u202E\"), so the file shows\n"
	  "none and reads back exactly.",
	  cmd_dump },
	{ "check", "ims2 check WORKSPACE [--as-of DATE]",
	  "Certification readiness: prints every prerequisite of the stage 1 audit with\n"
	  "pass or FAIL and the evidence found or what is missing. Exit 0 only when all\n"
	  "pass, 1 otherwise. Reads the workspace only; the thresholds (months of\n"
	  "operation, which nonconformities block) are its readiness settings (step 4.2).\n"
	  "--as-of DATE judges as of another day (the planned stage 1 audit) than today.",
	  cmd_check },
	{ "cycle", "ims2 cycle WORKSPACE",
	  "Closes the current PDCA cycle: keeps a read-only copy of every register of it in\n"
	  "the workspace, carries the registers forward, sets every step back to not\n"
	  "started and numbers the next cycle in every report. A workspace of an older\n"
	  "format must be opened once first; a read-only one is refused.",
	  cmd_cycle },
	{ "matrix", "ims2 matrix list | ims2 matrix show ID",
	  "Lists the bundled risk methods, or prints one method's grid as a Markdown table\n"
	  "(likelihood rows from highest to lowest, impact columns from lowest to highest).",
	  cmd_matrix },
	{ "help", "ims2 help [COMMAND]", "Shows the commands, or one command's usage.", cmd_help },
};

#define COMMAND_COUNT (sizeof(cmd_table) / sizeof(cmd_table[0]))

static void print_usage(FILE *out)
{
	size_t i;

	fputs("ims2: a workbench for establishing an ISO/IEC 27001:2022 ISMS along the IMS2 "
	      "method\n\nUsage:\n  ims2                 start screen: workspaces here, new, "
	      "training demo\n",
	      out);
	for (i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %s\n", cmd_table[i].synopsis);
	fputs("  ims2 --help | --version\n\n"
	      "Options for every command:\n"
	      "  --data DIR           read catalogs and screens from DIR first (also IMS2_DATA)\n\n"
	      "Exit codes: 0 success, 1 check found gaps, 2 usage error, 3 workspace error,\n"
	      "4 other I/O error.\n"
	      "See 'ims2 help COMMAND' and man ims2.\n",
	      out);
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

/* Takes the value of option `name` at argv[*i] ("--org X" or "--org=X"). */
static int option_value(struct args *args, int *i, const char *name, const char **value,
			struct ims2_error *err)
{
	const char *arg = args->argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n) == 0 && arg[n] == '=') {
		*value = arg + n + 1;
		return IMS2_OK;
	}
	if (*i + 1 >= args->argc)
		return error_set(err, IMS2_USAGE, "%s needs a value", name);
	*value = args->argv[++*i];
	return IMS2_OK;
}

static bool is_option(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int unknown_option(const char *command, const char *arg, struct ims2_error *err)
{
	error_set(err, IMS2_USAGE, "%s: unknown option '%s'", command, arg);
	return error_hint(err, "see 'ims2 help %s'", command);
}

static int need_workspace(const char *command, const char *path, struct ims2_error *err)
{
	if (path)
		return IMS2_OK;
	error_set(err, IMS2_USAGE, "%s: which workspace?", command);
	return error_hint(err, "usage: %s", find_command(command)->synopsis);
}

/* An option of a command: a value option sets *value, a flag sets *flag. */
struct option {
	const char *name, *alias;
	const char **value;
	bool *flag;
};

/*
 * Parses the command's arguments: the options it knows and one workspace path (required).
 * Unknown options and extra paths are usage errors that name the command.
 */
static int parse_args(struct args *args, const char *command, const struct option *opts,
		      const char **path, struct ims2_error *err)
{
	int i, rc;

	*path = NULL;
	for (i = 1; i < args->argc; i++) {
		const char *a = args->argv[i];
		const struct option *o;

		for (o = opts; o->name; o++)
			if (is_option(a, o->name) || (o->alias && is_option(a, o->alias)))
				break;
		if (o->name && o->flag) {
			*o->flag = true;
		} else if (o->name) {
			rc = option_value(args, &i, is_option(a, o->name) ? o->name : o->alias,
					  o->value, err);
			if (rc)
				return rc;
		} else if (a[0] == '-' && a[1]) {
			return unknown_option(command, a, err);
		} else if (!*path) {
			*path = a;
		} else {
			return error_set(err, IMS2_USAGE, "%s: one workspace at a time ('%s')",
					 command, a);
		}
	}
	return need_workspace(command, *path, err);
}

static int cmd_init(struct args *args, struct ims2_error *err)
{
	const char *path, *org = NULL, *matrix = NULL;
	const struct option opts[] = { { "--org", NULL, &org, NULL },
				       { "--matrix", NULL, &matrix, NULL },
				       { 0 } };
	struct workspace ws;
	struct risk_method method;
	struct riskswitch_summary summary;
	int rc;

	if ((rc = parse_args(args, "init", opts, &path, err)))
		return rc;
	if (matrix) {
		/* Checked before anything is created: an unknown method leaves no file. */
		rc = risk_method_load(&method, matrix, args->data_dir, err);
		risk_method_release(&method);
		if (rc)
			return rc;
	}
	if (!org) {
		error_set(err, IMS2_USAGE, "init: the organisation's name is missing");
		return error_hint(err, "ims2 init %s --org \"Example Ltd\"", path);
	}
	rc = workspace_create(&ws, path, org, args->data_dir, err);
	if (rc)
		return rc;
	if (matrix && (rc = riskswitch_apply(ws.store, &ws.screens, matrix, args->data_dir, false,
					     &summary, err))) {
		store_discard(ws.store);
		ws.store = NULL;
		workspace_close(&ws);
		return rc;
	}
	printf("Created %s for %s.\nOpen it with: ims2 %s\n", path, org, path);
	workspace_close(&ws);
	return IMS2_OK;
}

static int cmd_demo(struct args *args, struct ims2_error *err)
{
	const char *path, *id = "demo", *as_of = NULL;
	const struct option opts[] = { { "--scenario", NULL, &id, NULL },
				       { "--as-of", NULL, &as_of, NULL },
				       { 0 } };
	struct scenario sc;
	struct workspace ws;
	long long shift;
	char *told = NULL;
	int rc;

	if ((rc = parse_args(args, "demo", opts, &path, err)))
		return rc;
	if (as_of && !util_valid_date(as_of)) {
		error_set(err, IMS2_USAGE, "demo: --as-of takes a date (YYYY-MM-DD), not '%s'", as_of);
		return error_hint(err, "ims2 demo demo.ims2 --as-of 2027-04-09");
	}
	if ((rc = scenario_read(args->data_dir, id, &sc, err)) ||
	    (rc = workspace_create(&ws, path, sc.org, args->data_dir, err))) {
		scenario_release(&sc);
		return rc;
	}
	shift = scenario_shift(&sc, as_of);
	rc = scenario_build(&ws, args->data_dir, &sc, shift, err);
	if (!rc && sc.as_of)
		told = util_date_shift(sc.as_of, shift);
	if (rc) {
		store_discard(ws.store);
		ws.store = NULL;
	} else if (sc.continues) {
		printf("Created %s: the training organisation %s in its second cycle (cycle %d;\n"
		       "the first is kept read-only).\n",
		       path, sc.org, cycle_current(&ws));
	} else {
		printf("Created %s: the training organisation %s.\n", path, sc.org);
	}
	if (!rc && told && shift)
		printf("Its story is told as of %s (its dates moved %lld weeks %s).\n", told,
		       shift < 0 ? -shift / 7 : shift / 7, shift < 0 ? "earlier" : "later");
	else if (!rc && told)
		printf("Its story is told as of %s.\n", told);
	if (!rc)
		printf("Open it with: ims2 %s\n", path);
	free(told);
	workspace_close(&ws);
	scenario_release(&sc);
	return rc;
}

/* ims2 check: read-only (the file is never written), the damaged refused (STORE_VERIFY). */
static int cmd_check(struct args *args, struct ims2_error *err)
{
	const char *path, *as_of = NULL;
	const struct option opts[] = { { "--as-of", NULL, &as_of, NULL }, { 0 } };
	struct workspace ws;
	struct readiness r;
	size_t i;
	int rc;

	if ((rc = parse_args(args, "check", opts, &path, err)))
		return rc;
	if (as_of && !util_valid_date(as_of)) {
		error_set(err, IMS2_USAGE, "check: --as-of takes a date (YYYY-MM-DD), not '%s'", as_of);
		return error_hint(err, "ims2 check %s --as-of 2027-04-15", path);
	}
	if ((rc = workspace_open(&ws, path, STORE_READONLY | STORE_VERIFY, args->data_dir, err)))
		return rc;
	rc = as_of ? readiness_assess_at(&ws, as_of, &r, err) : readiness_assess(&ws, &r, err);
	if (!rc) {
		printf("Certification readiness of %s, as of %s:\n", ws.organisation, r.today);
		if (r.thresholds)
			printf("Settings: %s.\n", r.thresholds);
		for (i = 0; i < r.count; i++)
			printf("%s %s: %s.\n", r.items[i].pass ? "pass" : "FAIL", r.items[i].title,
			       r.items[i].detail);
		if (r.failed)
			printf("Not ready: %zu of %zu prerequisites not met.\n", r.failed, r.count);
		else
			printf("Ready: all %zu prerequisites met.\n", r.count);
		rc = r.failed ? IMS2_GAPS : IMS2_OK;
	}
	readiness_release(&r);
	workspace_close(&ws);
	return rc;
}

/* ims2 cycle: never on a file of an older format (it is not migrated behind the user's back). */
static int cmd_cycle(struct args *args, struct ims2_error *err)
{
	const struct option opts[] = { { 0 } };
	struct workspace ws;
	const char *path;
	int rc, closed;

	if ((rc = parse_args(args, "cycle", opts, &path, err)))
		return rc;
	if ((rc = workspace_open(&ws, path, STORE_CURRENT_ONLY, args->data_dir, err)))
		return rc;
	rc = cycle_close(&ws, &closed, err);
	if (!rc)
		printf("Closed PDCA cycle %d of %s: kept read-only in %s.\nThis is cycle %d: the "
		       "registers are carried forward, every step starts again as not started.\n",
		       closed, ws.organisation, path, closed + 1);
	workspace_close(&ws);
	return rc;
}

static int parse_size(const char *s, int *lines, int *columns)
{
	return sscanf(s, "%dx%d", columns, lines) == 2 && *lines > 0 && *columns > 0 ? IMS2_OK
										     : IMS2_USAGE;
}

static int cmd_open(struct args *args, struct ims2_error *err)
{
	struct ui_options opts = { .data_dir = args->data_dir, .lines = 24, .columns = 80 };
	const char *path, *size = NULL;
	bool readonly = false;
	/* --script and --size are for the screen tests (tests/screens). */
	const struct option options[] = { { "--read-only", NULL, NULL, &readonly },
					   { "--script", NULL, &opts.script, NULL },
					   { "--size", NULL, &size, NULL },
					   { 0 } };
	struct workspace ws;
	int rc;

	if ((rc = parse_args(args, "open", options, &path, err)))
		return rc;
	if (size && parse_size(size, &opts.lines, &opts.columns))
		return error_set(err, IMS2_USAGE, "--size takes COLUMNSxLINES");
	rc = workspace_open(&ws, path, readonly ? STORE_READONLY : 0, args->data_dir, err);
	if (rc)
		return rc;
	if (!opts.script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		workspace_close(&ws);
		error_set(err, IMS2_USAGE, "open: the workbench needs a terminal");
		return error_hint(err, "use 'ims2 export %s' for a report", path);
	}
	rc = ui_run(&ws, &opts);
	workspace_close(&ws);
	if (rc > IMS2_SIGNALLED)
		error_set(err, rc, "stopped by signal %d (%s); an open form was kept as a draft",
			  rc - IMS2_SIGNALLED, strsignal(rc - IMS2_SIGNALLED));
	return rc;
}

/* The options are export.h's, shared with :export in the workbench. */
static int cmd_export(struct args *args, struct ims2_error *err)
{
	struct export_request req = { 0 };
	struct workspace ws;
	const char *path;
	int rc;

	if ((rc = export_parse(&req, "export", args->argc - 1, args->argv + 1, &path, err)) ||
	    (rc = need_workspace("export", path, err)))
		return rc;
	if ((rc = export_settle(&req, err)))
		return rc;
	if (!req.output && (rc = output_check_fd(STDOUT_FILENO, "standard output", path, err)))
		return rc;
	/* Every page is read first: a damaged workspace gives no report rather than a wrong one. */
	if ((rc = workspace_open(&ws, path, STORE_READONLY | STORE_VERIFY, args->data_dir, err)))
		return rc;
	rc = export_run(&ws, &req, stdout, err);
	workspace_close(&ws);
	return rc;
}

static int cmd_import(struct args *args, struct ims2_error *err)
{
	const struct option opts[] = { { 0 } };
	struct args rest = *args;
	struct workspace ws;
	const char *path, *file;
	char *text = NULL;
	size_t len;
	int rc;

	/* The last argument is the file; the rest is parsed as for every command. */
	if (args->argc < 3) {
		error_set(err, IMS2_USAGE, "import: which workspace and which file?");
		return error_hint(err, "usage: %s", find_command("import")->synopsis);
	}
	file = args->argv[args->argc - 1];
	rest.argc--;
	if ((rc = parse_args(&rest, "import", opts, &path, err)))
		return rc;
	/* Exactly the file named, never a built-in file of the same name. */
	if ((rc = source_read_file(file, &text, &len, err))) {
		struct ims2_error why = *err;
		return error_set(err, IMS2_IO, "import: cannot read %s", why.message);
	}
	rc = workspace_open(&ws, path, STORE_VERIFY, args->data_dir, err);
	if (!rc) {
		rc = store_readonly(ws.store)
			     ? error_set(err, IMS2_WORKSPACE, "%s: read-only; nothing imported", path)
			     : workspace_import_text(&ws, file, text, len, err);
		if (!rc)
			printf("Imported %s into %s: %lld record%s added, %lld updated (forms and "
			       "catalog rows: the fields given replaced their values).\n",
			       file, path, ws.imported_added, ws.imported_added == 1 ? "" : "s",
			       ws.imported_updated);
		workspace_close(&ws);
	}
	free(text);
	return rc;
}

/* ims2 dump: read-only, the damaged refused (STORE_VERIFY), never written over the workspace. */
static int cmd_dump(struct args *args, struct ims2_error *err)
{
	const char *path, *output = NULL;
	const struct option opts[] = { { "--output", "-o", &output, NULL }, { 0 } };
	struct strbuf warnings = { 0 };
	struct workspace ws;
	char *line, *end;
	int rc;

	if ((rc = parse_args(args, "dump", opts, &path, err)))
		return rc;
	if (!output && (rc = output_check_fd(STDOUT_FILENO, "standard output", path, err)))
		return rc;
	if ((rc = workspace_open(&ws, path, STORE_READONLY | STORE_VERIFY, args->data_dir, err)))
		return rc;
	rc = dump_run(&ws, output, stdout, &warnings, err);
	workspace_close(&ws);
	/* The file is written; what will not read back is said, not hidden. */
	for (line = warnings.buf; line && *line; line = end + 1) {
		struct strbuf sb = { 0 };
		end = strchr(line, '\n');
		*end = '\0';
		strbuf_adds(&sb, "ims2: warning: ");
		output_safe_text(&sb, line);
		fprintf(stderr, "%s\n", sb.buf);
		strbuf_release(&sb);
	}
	strbuf_release(&warnings);
	return rc;
}

static int cmd_matrix(struct args *args, struct ims2_error *err)
{
	char **ids;
	struct risk_method m;
	struct strbuf sb = { 0 };
	size_t n, i;
	int rc;

	if (args->argc == 2 && strcmp(args->argv[1], "list") == 0) {
		n = risk_method_list_ids(args->data_dir, &ids);
		for (i = 0, rc = IMS2_OK; i < n && !rc; i++) {
			if ((rc = risk_method_load(&m, ids[i], args->data_dir, err)))
				break;
			printf("%-12s %s\n", ids[i], m.title);
			risk_method_release(&m);
		}
		risk_method_ids_free(ids, n);
		return rc;
	}
	if (args->argc == 3 && strcmp(args->argv[1], "show") == 0) {
		if ((rc = risk_method_load(&m, args->argv[2], args->data_dir, err)))
			return rc;
		printf("# %s\n\n%s\n\n", m.title, m.description);
		risk_method_grid_markdown(&m, &sb);
		fputs(sb.buf, stdout);
		printf("\nA risk owner may accept up to %s; %s and above must be treated.\n",
		       m.levels[m.owner_may_accept].label, m.levels[m.must_treat].label);
		strbuf_release(&sb);
		risk_method_release(&m);
		return IMS2_OK;
	}
	error_set(err, IMS2_USAGE, "matrix: say 'list' or 'show ID'");
	return error_hint(err, "usage: %s", find_command("matrix")->synopsis);
}

static int cmd_help(struct args *args, struct ims2_error *err)
{
	const struct command *cmd;

	if (args->argc < 2) {
		print_usage(stdout);
		return IMS2_OK;
	}
	cmd = find_command(args->argv[1]);
	if (!cmd) {
		error_set(err, IMS2_USAGE, "help: unknown command '%s'", args->argv[1]);
		return error_hint(err, "the commands are init, demo, open, export, import, dump, "
				       "check, cycle, matrix and help");
	}
	printf("Usage: %s\n\n%s\n", cmd->synopsis, cmd->help);
	return IMS2_OK;
}

/* Messages echo names and values from files: shown in output.h's safe convention. */
static void report_error(const struct ims2_error *err)
{
	struct strbuf sb = { 0 };

	strbuf_adds(&sb, "ims2: ");
	output_safe_text(&sb, err->message);
	if (err->hint[0]) {
		strbuf_adds(&sb, "\nhint: ");
		output_safe_text(&sb, err->hint);
	}
	fprintf(stderr, "%s\n", sb.buf);
	strbuf_release(&sb);
}

/*
 * Every command but the workbench prints through output.h's filter, so that no byte read from
 * a file (a name, a value, a report) drives the terminal.
 */
static int run_command(const struct command *cmd, struct args *args, struct ims2_error *err)
{
	FILE *real = stdout, *safe;
	int rc, failed;

	if (cmd->run == cmd_open)
		return cmd->run(args, err);
	if (!(safe = output_filter_open(real)))
		return error_set(err, IMS2_IO, "standard output: %s", strerror(errno));
	stdout = safe;
	rc = cmd->run(args, err);
	stdout = real;
	failed = output_filter_close(safe);
	if (failed && !rc)
		rc = error_set(err, IMS2_IO, "standard output: %s", strerror(failed));
	return rc;
}

int main(int argc, char **argv)
{
	struct args args = { 0 };
	struct ims2_error err;
	const struct command *cmd;
	char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	int i, n = 0, rc;

	setlocale(LC_ALL, "");
	error_clear(&err);
	args.data_dir = getenv("IMS2_DATA");
	/* Options for every command, anywhere on the line. */
	for (i = 1; i < argc; i++) {
		if (is_option(argv[i], "--data")) {
			struct args tmp = { argc, argv, NULL };
			if (option_value(&tmp, &i, "--data", &args.data_dir, &err)) {
				report_error(&err);
				free(rest);
				return IMS2_USAGE;
			}
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_usage(stdout);
			free(rest);
			return IMS2_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("ims2 %s (workspace format %d)\n", IMS2_VERSION, migrate_count());
			free(rest);
			return IMS2_OK;
		} else {
			rest[n++] = argv[i];
		}
	}
	args.argc = n;
	args.argv = rest;
	if (n == 0) {
		struct ui_options opts = { .data_dir = args.data_dir, .lines = 24, .columns = 80 };
		char *path = NULL;

		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			print_usage(stderr);
			free(rest);
			return IMS2_USAGE;
		}
		char message[sizeof(err.message) + sizeof(err.hint) + 4] = "";
		struct workspace ws;

		/* A file that does not open sends the user back to the list, with the reason. */
		while (!(rc = ui_start(&opts, message, &path)) && path) {
			rc = workspace_open(&ws, path, 0, args.data_dir, &err);
			if (!rc) {
				rc = ui_run(&ws, &opts);
				workspace_close(&ws);
				break;
			}
			if (err.hint[0])
				snprintf(message, sizeof(message), "%s (%s)", err.message, err.hint);
			else
				snprintf(message, sizeof(message), "%s", err.message);
			error_clear(&err);
			free(path);
			path = NULL;
		}
		free(path);
		if (rc > IMS2_SIGNALLED) /* from the start screen or the workbench */
			error_set(&err, rc, "stopped by signal %d (%s)", rc - IMS2_SIGNALLED,
				  strsignal(rc - IMS2_SIGNALLED));
	} else if ((cmd = find_command(rest[0]))) {
		rc = run_command(cmd, &args, &err);
	} else if (rest[0][0] == '-') {
		rc = error_set(&err, IMS2_USAGE, "unknown option '%s'", rest[0]);
		error_hint(&err, "see 'ims2 --help'");
	} else if (n == 1 && (strchr(rest[0], '/') || strchr(rest[0], '.') ||
			      access(rest[0], F_OK) == 0)) {
		char *open_argv[2] = { "open", rest[0] };
		args.argc = 2;
		args.argv = open_argv;
		rc = cmd_open(&args, &err);
	} else {
		rc = error_set(&err, IMS2_USAGE, "unknown command '%s'", rest[0]);
		error_hint(&err, "the commands are init, demo, open, export, import, dump, "
				 "check, cycle and help; or give a workspace file");
	}
	if (rc && err.message[0]) /* the terminal (ui_run) reports its own errors */
		report_error(&err);
	free(rest);
	return error_exit_code(rc);
}
