/* Status codes and error messages shared by every module. */
#ifndef IMS2_ERROR_H
#define IMS2_ERROR_H

/*
 * The first five are also the exit codes of the command line (man/ims2.1, EXIT STATUS).
 * The others are recoverable conditions the interface reports on its status line.
 */
enum ims2_status {
	IMS2_OK = 0,
	IMS2_GAPS = 1,      /* a check found gaps */
	IMS2_USAGE = 2,     /* bad command line, unknown id, bad catalog */
	IMS2_WORKSPACE = 3, /* not a workspace, damaged, newer, locked */
	IMS2_IO = 4,        /* other input/output error */
	IMS2_INVALID = 5,   /* a value fails validation; nothing was saved */
	IMS2_CONFLICT = 6,  /* the record was changed by someone else meanwhile */
	IMS2_READONLY = 7,  /* the workspace is open read-only */
	/* The workbench was stopped by signal N: status and exit code 128 + N (the shell's). */
	IMS2_SIGNALLED = 128,
};

struct ims2_error {
	int status;
	char message[512];
	char hint[256];
	char field[48]; /* the field of a record the error is about, "" when none (forms) */
};

/* Sets status and message (printf format); clears the hint and the field. Returns status. */
int error_set(struct ims2_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Names the record field the current error is about (a form shows it there); after error_set. */
int error_field(struct ims2_error *err, const char *field);
/* Adds a hint to the current error. Returns err->status. */
int error_hint(struct ims2_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void error_clear(struct ims2_error *err);
/* The exit code of the command line for a status (internal statuses map to 4 or 2). */
int error_exit_code(int status);

#endif
