/*
 * The fixture of tests that need a fresh workspace: a temporary directory with ws.ims2 made
 * for organisation TESTWS_ORG (define it before including; default "Store Test Ltd").
 * Include after testutil.h.
 */
#ifndef IMS2_TESTWS_H
#define IMS2_TESTWS_H

#include "ims2/workspace.h"

#ifndef TESTWS_ORG
#define TESTWS_ORG "Store Test Ltd"
#endif

struct fixture {
	char *dir, *path;
	struct workspace ws;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;

	test_fixed_clock();
	f->dir = test_dir_new();
	f->path = test_path(f->dir, "ws.ims2");
	if (workspace_create(&f->ws, f->path, TESTWS_ORG, NULL, &err))
		fail_msg("%s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	workspace_close(&f->ws); /* harmless when already closed */
	test_tree_remove(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

#endif
