/*
 * Fuzz target: the importer (workspace_import_text in src/core/workspace.c) on a workspace
 * made once per process in the temporary directory. Accepted imports add records; the
 * workspace is made afresh now and then so that it stays small.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ims2/workspace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct workspace ws;
static char path[256];
static int accepted;

static void workspace_remove(void)
{
	char side[300];

	if (!path[0])
		return;
	workspace_close(&ws);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static void workspace_fresh(void)
{
	struct ims2_error err;
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	workspace_remove();
	snprintf(path, sizeof(path), "%s/ims2-fuzz-import-%ld.ims2", dir, (long)getpid());
	unlink(path);
	if (workspace_create(&ws, path, "Fuzz Ltd", NULL, &err)) {
		fprintf(stderr, "fuzz_import: %s\n", err.message);
		abort();
	}
	if (!accepted)
		atexit(workspace_remove);
	accepted = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ims2_error err;

	if (!ws.store || accepted >= 200)
		workspace_fresh();
	if (workspace_import_text(&ws, "fuzz.yaml", (const char *)data, size, &err) == 0)
		accepted++;
	return 0;
}
