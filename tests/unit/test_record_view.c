/*
 * Reading records a window at a time in view order (record.c): sorting by a field up and
 * down, filters, paging, counts, positions and search, each checked against an order and a
 * filter computed here.
 */
#include "testutil.h"

#include <strings.h>

#include "ims2/record.h"
#include "ims2/workspace.h"

#define ROWS 12

/* scope_element rows: name, kind, in_scope, justification (shown); description (not shown). */
static const char *const data[ROWS][5] = {
	{ "delta", "site", "in", NULL, "north wing" },
	{ "Alpha", "unit", "out", "Outsourced", NULL },
	{ "charlie", "process", "in", NULL, NULL },
	{ "bravo", "system", "out", "Legacy, switched off", NULL },
	{ "echo", "site", "in", "kept for reference", NULL },
	{ "alpha", "site", "in", NULL, "needle in the description" },
	{ "Delta", "unit", "out", "Sold in 2025", NULL },
	{ "foxtrot", "interface", "in", NULL, NULL },
	{ "golf", "site", "out", "alpha test only", NULL },
	{ "Bravo", "process", "in", NULL, NULL },
	{ "hotel", "system", "in", "Zürich", NULL },
	{ "india", "unit", "out", "Not ours", NULL },
};

struct fixture {
	char *dir;
	struct workspace ws;
	const struct reg *reg;
	long long ids[ROWS];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;
	char *path;
	int i;

	test_fixed_clock();
	f->dir = test_dir_new();
	path = test_path(f->dir, "ws.ims2");
	if (workspace_create(&f->ws, path, "View Test Ltd", NULL, &err))
		fail_msg("%s", err.message);
	free(path);
	f->reg = screen_set_find_register(&f->ws.screens, "scope_element");
	for (i = 0; i < ROWS; i++)
		if (record_insert(f->ws.store, f->reg, data[i], &f->ids[i], &err))
			fail_msg("%s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	workspace_close(&f->ws);
	test_tree_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* The expected order: by field `sort` (ASCII case ignored, empty first), then by id. */
static int sort_field;
static bool sort_down;

static int compare_rows(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b, c = 0;
	const char *vx = sort_field >= 0 ? data[x][sort_field] : NULL;
	const char *vy = sort_field >= 0 ? data[y][sort_field] : NULL;

	if (sort_field >= 0) {
		if (!vx || !vy)
			c = (vx != NULL) - (vy != NULL);
		else
			c = strcasecmp(vx, vy);
	}
	if (!c)
		c = x - y; /* ids rise with the index */
	return sort_down ? -c : c;
}

static bool row_matches(int row, const char *text);

/* The rows of the view in order; returns how many pass its filter. */
static int expected_order(const struct record_view *view, int order[ROWS])
{
	int i, n = 0;

	for (i = 0; i < ROWS; i++)
		if (!view->filter || row_matches(i, view->filter))
			order[n++] = i;
	sort_field = view->sort;
	sort_down = view->descending;
	qsort(order, (size_t)n, sizeof(order[0]), compare_rows);
	return n;
}

/* Reads the view window by window (size `page`) and compares ids with the order. */
static void check_windows(struct fixture *f, const struct record_view *view, int page)
{
	struct record rows[ROWS + 1];
	struct ims2_error err;
	int order[ROWS], n = expected_order(view, order), offset, got, i;
	long long total;

	assert_int_equal(record_view_count(f->ws.store, view, &total, &err), IMS2_OK);
	assert_int_equal(total, n);
	for (offset = 0; offset < n; offset += page) {
		assert_int_equal(record_window(f->ws.store, view, offset, page, rows, &got, &err),
				 IMS2_OK);
		assert_int_equal(got, n - offset < page ? n - offset : page);
		for (i = 0; i < got; i++) {
			int want = order[offset + i];
			if (rows[i].id != f->ids[want])
				fail_msg("sort %d%s, row %d: id %lld, expected %lld (%s)", view->sort,
					 view->descending ? " desc" : "", offset + i, rows[i].id,
					 f->ids[want], data[want][0]);
			assert_string_equal(rows[i].values[0], data[want][0]);
			record_release(&rows[i]);
		}
	}
	assert_int_equal(record_window(f->ws.store, view, n, page, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 0);
	assert_int_equal(record_window(f->ws.store, view, 0, 0, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 0);
	/* The position of each record is its place in the same order. */
	for (i = 0; i < n; i++) {
		long long pos = record_position(f->ws.store, view, f->ids[order[i]]);
		if (pos != i)
			fail_msg("sort %d%s: %s at %lld, expected %d", view->sort,
				 view->descending ? " desc" : "", data[order[i]][0], pos, i);
	}
	assert_int_equal(record_position(f->ws.store, view, 9999), -1);
}

static void test_window_order(void **state)
{
	struct fixture *f = *state;
	struct record_view view = { .set = &f->ws.screens, .reg = f->reg, .sort = -1 };
	static const int fields[] = { -1, 0, 1, 3, 4 };
	static const char *const filters[] = { NULL, "a", "ALPHA", "zürich", "site", "kilo" };
	size_t i, k;
	int down, page;

	for (k = 0; k < sizeof(filters) / sizeof(filters[0]); k++) {
		view.filter = filters[k];
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			for (down = 0; down < 2; down++) {
				view.sort = fields[i];
				view.descending = down;
				for (page = 1; page <= ROWS + 1; page += 4)
					check_windows(f, &view, page);
			}
		}
	}
	/* An empty filter is no filter. */
	view.filter = "";
	view.sort = 0;
	check_windows(f, &view, 5);
	{
		long long total;
		struct ims2_error err;
		assert_int_equal(record_view_count(f->ws.store, &view, &total, &err), IMS2_OK);
		assert_int_equal(total, ROWS);
	}
}

static bool row_matches(int row, const char *text)
{
	int c;

	for (c = 0; c < 4; c++) { /* the columns the table shows */
		const char *v = data[row][c];
		size_t n = strlen(text);
		for (; v && *v; v++)
			if (strncasecmp(v, text, n) == 0)
				return true;
	}
	return false;
}

/* Follows record_find from the start to the end and back, against the expected order. */
static void check_find(struct fixture *f, const struct record_view *view, const char *text)
{
	struct ims2_error err;
	int order[ROWS], n = expected_order(view, order), i, dir;
	long long from, found;

	for (dir = 1; dir >= -1; dir -= 2) {
		from = 0;
		for (i = dir > 0 ? 0 : n - 1; i >= 0 && i < n; i += dir) {
			if (!row_matches(order[i], text))
				continue;
			if (record_find(f->ws.store, view, text, from, dir, &found, &err))
				fail_msg("'%s' (filter %s) dir %d after %lld: %s, expected %s", text,
					 view->filter ? view->filter : "none", dir, from, err.message,
					 data[order[i]][0]);
			if (found != f->ids[order[i]])
				fail_msg("'%s' dir %d after %lld: found %lld, expected %s", text, dir,
					 from, found, data[order[i]][0]);
			from = found;
		}
		assert_int_equal(record_find(f->ws.store, view, text, from, dir, &found, &err),
				 IMS2_INVALID);
	}
}

static void test_find(void **state)
{
	struct fixture *f = *state;
	struct record_view view = { .set = &f->ws.screens, .reg = f->reg, .sort = 0 };
	struct ims2_error err;
	long long found;

	check_find(f, &view, "ALPHA");
	check_find(f, &view, "a");
	check_find(f, &view, "zürich");
	view.descending = true;
	check_find(f, &view, "alpha");
	check_find(f, &view, "in");
	view.sort = -1;
	check_find(f, &view, "o");
	view.sort = 3;
	view.descending = false;
	check_find(f, &view, "e");
	/* Nothing shown contains these. */
	assert_int_equal(record_find(f->ws.store, &view, "kilo", 0, 1, &found, &err),
			 IMS2_INVALID);
	assert_int_equal(record_find(f->ws.store, &view, "needle", 0, 1, &found, &err),
			 IMS2_INVALID);
	/* SQL and LIKE characters are plain text. */
	assert_int_equal(record_find(f->ws.store, &view, "%", 0, 1, &found, &err), IMS2_INVALID);
	assert_int_equal(record_find(f->ws.store, &view, "' OR 1=1 --", 0, 1, &found, &err),
			 IMS2_INVALID);
	assert_int_equal(record_find(f->ws.store, &view, ", ", 0, 1, &found, &err), IMS2_OK);
	assert_int_equal(found, f->ids[3]);
	/* Search stays inside the view's filter. */
	view.filter = "site";
	check_find(f, &view, "e");
	view.sort = 0;
	view.descending = true;
	check_find(f, &view, "a");
}

/*
 * Sorted down by a field some rows leave empty, those rows come last; searching forward
 * from a row with a value must reach them.
 */
static void test_find_down_to_empty(void **state)
{
	struct fixture *f = *state;
	struct record_view view = { .set = &f->ws.screens, .reg = f->reg, .sort = 3,
				    .descending = true };
	struct ims2_error err;
	long long found;

	/* golf ("alpha test only") is the last row with a justification; Bravo comes next. */
	assert_int_equal(record_find(f->ws.store, &view, "a", f->ids[8], 1, &found, &err),
			 IMS2_OK);
	assert_int_equal(found, f->ids[9]);
	check_find(f, &view, "a");
	view.filter = "site";
	check_find(f, &view, "a");
}

/* Numbers sort as numbers; references sort by the label they show. */
static void test_number_and_ref_order(void **state)
{
	struct fixture *f = *state;
	const struct reg *member = screen_set_find_register(&f->ws.screens, "project_member");
	const struct reg *milestone = screen_set_find_register(&f->ws.screens, "milestone");
	static const char *const avail[] = { "50", "100", NULL, "7.5", "5" };
	static const char *const names[] = { "Zoe", "Adam", "Mia", "Liam", "Emma" };
	struct record_view view = { .set = &f->ws.screens, .reg = member, .sort = 3 };
	struct record rows[8];
	struct ims2_error err;
	long long ids[5], ms[3];
	char owner[2][32];
	int i, got;

	for (i = 0; i < 5; i++) {
		const char *v[] = { names[i], "member", NULL, avail[i], NULL };
		const char *p[] = { names[i], NULL, NULL, NULL, NULL };
		long long person;
		/* A member is a person of 2.1, labelled by the person's name. */
		assert_int_equal(record_insert(f->ws.store,
					       screen_set_find_register(&f->ws.screens, "person"), p,
					       &person, &err),
				 IMS2_OK);
		assert_int_equal(record_insert(f->ws.store, member, v, &ids[i], &err), IMS2_OK);
	}
	assert_int_equal(record_window(f->ws.store, &view, 0, 8, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 5);
	{
		static const char *const want[] = { NULL, "5", "7.5", "50", "100" };
		for (i = 0; i < 5; i++) {
			if (want[i])
				assert_string_equal(rows[i].values[3], want[i]);
			else
				assert_null(rows[i].values[3]);
			assert_int_equal(record_position(f->ws.store, &view, rows[i].id), i);
			record_release(&rows[i]);
		}
	}
	/* Milestones owned by Zoe, Adam and nobody, sorted by owner: nobody, Adam, Zoe. */
	snprintf(owner[0], sizeof(owner[0]), "%lld", ids[0]);
	snprintf(owner[1], sizeof(owner[1]), "%lld", ids[1]);
	for (i = 0; i < 3; i++) {
		const char *v[] = { "Milestone", "2026-06-01", i < 2 ? owner[i] : NULL, "planned",
				    NULL };
		assert_int_equal(record_insert(f->ws.store, milestone, v, &ms[i], &err), IMS2_OK);
	}
	view.reg = milestone;
	view.sort = 2;
	assert_int_equal(record_window(f->ws.store, &view, 0, 8, rows, &got, &err), IMS2_OK);
	assert_int_equal(got, 3);
	assert_int_equal(rows[0].id, ms[2]);
	assert_int_equal(rows[1].id, ms[1]);
	assert_string_equal(rows[1].values[2], "Adam");
	assert_int_equal(rows[2].id, ms[0]);
	for (i = 0; i < 3; i++) {
		assert_int_equal(record_position(f->ws.store, &view, rows[i].id), i);
		record_release(&rows[i]);
	}
	assert_int_equal(record_find(f->ws.store, &view, "zoe", 0, 1, &ms[2], &err), IMS2_OK);
	assert_int_equal(ms[2], ms[0]);
}

/* Natural order both ways; search and filter fold case beyond ASCII. */
static void test_natural_and_folded(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "A.8.10", "a.8.2", "10.1", "9.2", "Données RH" };
	static const int up[] = { 3, 2, 1, 0, 4 }; /* 9.2 10.1 a.8.2 A.8.10 Données */
	struct record_view view = { .set = &f->ws.screens, .reg = f->reg, .sort = 0 };
	struct record rows[ROWS + 5];
	struct ims2_error err;
	long long ids[5], found, count;
	int i, got;

	for (i = 0; i < 5; i++) {
		const char *v[] = { names[i], "site", "in", NULL, NULL };
		assert_int_equal(record_insert(f->ws.store, f->reg, v, &ids[i], &err), IMS2_OK);
	}
	for (view.descending = false;; view.descending = true) {
		assert_int_equal(record_window(f->ws.store, &view, 0, ROWS + 5, rows, &got, &err),
				 IMS2_OK);
		assert_int_equal(got, ROWS + 5);
		for (i = 0; i < got; i++)
			assert_int_equal(record_position(f->ws.store, &view, rows[i].id), i);
		if (!view.descending) {
			for (i = 0; i < 4; i++)
				assert_int_equal(rows[i].id, ids[up[i]]);
		} else {
			for (i = 0; i < 4; i++)
				assert_int_equal(rows[got - 1 - i].id, ids[up[i]]);
		}
		for (i = 0; i < got; i++)
			record_release(&rows[i]);
		if (view.descending)
			break;
	}
	assert_int_equal(record_find(f->ws.store, &view, "DONNÉES", 0, 1, &found, &err), IMS2_OK);
	assert_int_equal(found, ids[4]);
	view.filter = "données rh";
	assert_int_equal(record_view_count(f->ws.store, &view, &count, &err), IMS2_OK);
	assert_int_equal(count, 1);
	view.filter = "DONNE\xcc\x81" "ES"; /* E and a combining accent: the same text */
	assert_int_equal(record_view_count(f->ws.store, &view, &count, &err), IMS2_OK);
	assert_int_equal(count, 1);
	view.filter = "DONNEES"; /* without the accent: another word */
	assert_int_equal(record_view_count(f->ws.store, &view, &count, &err), IMS2_OK);
	assert_int_equal(count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_window_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_down_to_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_and_ref_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_natural_and_folded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
