/*
 * make bench: builds a workspace with many records and prints the figures of ARCHITECTURE.md
 * for the core on a risk register: open, first window, sort, search, export, peak memory.
 * Figures, not pass/fail. Usage: bench DIR [ROWS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ims2/output.h"
#include "ims2/record.h"
#include "ims2/report.h"
#include "ims2/riskreg.h"
#include "ims2/riskswitch.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void fail(const struct ims2_error *err)
{
	fprintf(stderr, "bench: %s\n", err->message);
	exit(1);
}

/* Risks with levels from the workspace's method, written in one transaction. */
static void fill(const char *path, long rows)
{
	struct workspace ws;
	struct risk_method m;
	struct ims2_error err;
	sqlite3_stmt *st;
	long i;

	if (workspace_create(&ws, path, "Bench Ltd", NULL, &err) ||
	    riskreg_method(ws.store, &m, &err))
		fail(&err);
	sqlite3_exec(store_db(ws.store), "BEGIN", NULL, NULL, NULL);
	/* Owners are people (ids 1 to 5). */
	sqlite3_exec(store_db(ws.store),
		     "INSERT INTO person (name) VALUES ('Anna'), ('Ben'), ('Chloe'), ('Dev'), "
		     "('Emma')",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(store_db(ws.store),
			   "INSERT INTO risk (title, kind, likelihood, impact, owner, status, "
			   "inherent_level, inherent_rank) VALUES (?, 'event', ?, ?, ?, 'open', ?, ?)",
			   -1, &st, NULL);
	for (i = 0; i < rows; i++) {
		char title[64];
		int l = (int)(i * 7 % 5) + 1, im = (int)(i * 3 % 5) + 1, level;
		snprintf(title, sizeof(title), "Risk %07ld %c", (i * 7919) % rows, 'A' + (int)(i % 26));
		risk_level(&m, l, im, &level, &err);
		sqlite3_bind_text(st, 1, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, l);
		sqlite3_bind_int(st, 3, im);
		sqlite3_bind_int(st, 4, (int)(i % 5) + 1);
		sqlite3_bind_text(st, 5, m.levels[level].label, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, level);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(store_db(ws.store), "COMMIT", NULL, NULL, NULL);
	risk_method_release(&m);
	workspace_close(&ws);
}

static void release_rows(struct record *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		record_release(&rows[i]);
}

int main(int argc, char **argv)
{
	struct workspace ws;
	struct ims2_error err;
	struct record rows[64];
	struct record_view view;
	struct rusage ru;
	long rows_wanted = argc > 2 ? atol(argv[2]) : 100000;
	long long count, pos;
	char path[512], out[512];
	double t;
	int got;
	FILE *fp;

	if (argc < 2) {
		fprintf(stderr, "usage: bench DIR [ROWS]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/bench.ims2", argv[1]);
	snprintf(out, sizeof(out), "%s/bench.md", argv[1]);
	remove(path);
	t = now_ms();
	fill(path, rows_wanted);
	printf("build a workspace of %ld risks           %8.1f ms\n", rows_wanted, now_ms() - t);

	t = now_ms();
	if (workspace_open(&ws, path, 0, NULL, &err))
		fail(&err);
	view = (struct record_view){ &ws.screens,
				     screen_set_find_register(&ws.screens, "risk"), -1,
				     false, NULL };
	record_count(ws.store, view.reg, &count, &err);
	record_window(ws.store, &view, 0, 20, rows, &got, &err);
	printf("open and read the first screen            %8.1f ms\n", now_ms() - t);
	release_rows(rows, got);

	t = now_ms();
	record_window(ws.store, &view, count / 2, 20, rows, &got, &err);
	printf("read a window in the middle (offset)      %8.1f ms\n", now_ms() - t);
	release_rows(rows, got);

	t = now_ms();
	record_window(ws.store, &view, count - 20, 20, rows, &got, &err);
	printf("read the last window (G)                  %8.1f ms\n", now_ms() - t);
	release_rows(rows, got);

	view.sort = 0;
	t = now_ms();
	record_window(ws.store, &view, 0, 20, rows, &got, &err);
	printf("sort by title, first window               %8.1f ms\n", now_ms() - t);
	release_rows(rows, got);

	t = now_ms();
	if (record_find(ws.store, &view, "Risk 0099990", 0, 1, &pos, &err))
		pos = -1;
	printf("search to a match near the end            %8.1f ms\n", now_ms() - t);

	/* What export and import add before they read (STORE_VERIFY); the workbench does not. */
	t = now_ms();
	if (store_check_integrity(ws.store, &err))
		fail(&err);
	printf("read every page (export's integrity check)%8.1f ms\n", now_ms() - t);

	t = now_ms();
	fp = fopen(out, "w");
	if (!fp || report_dossier(&ws, fp, &err))
		fail(&err);
	fclose(fp);
	printf("export the dossier                        %8.1f ms\n", now_ms() - t);

	/* The same as ims2 export -o does it: the terminal-safe filter, a synced temporary file. */
	{
		struct output o;
		t = now_ms();
		if (output_open(&o, out, store_path(ws.store), &err) ||
		    report_dossier(&ws, o.fp, &err) || output_commit(&o, NULL, &err))
			fail(&err);
		printf("export the dossier as ims2 export -o      %8.1f ms\n", now_ms() - t);
	}

	{
		struct riskswitch_summary sum;
		t = now_ms();
		if (riskswitch_apply(ws.store, &ws.screens, "3x3", NULL, false, &sum, &err))
			fail(&err);
		printf("switch the risk method to 3x3 (%d risks) %8.1f ms\n", sum.risks, now_ms() - t);
	}

	workspace_close(&ws);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak memory (whole benchmark)             %8.1f MB\n", ru.ru_maxrss / 1024.0);
	return 0;
}
