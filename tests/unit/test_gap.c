/*
 * Gap analysis and SoA: status, scoring and effort on hand-computed cases, the SoA
 * completeness check and prefill, and the CSV exports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ims2/gap.h"
#include "ims2/record.h"
#include "ims2/report.h"
#include "ims2/soa.h"
#include "ims2/workspace.h"
#include "../../src/core/coreint.h"

struct fixture {
	char dir[64];
	char path[128];
	struct workspace ws;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ims2_error err;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ims2-gap-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/ws.ims2", f->dir);
	if (workspace_create(&f->ws, f->path, "Gap Test Ltd", NULL, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	workspace_close(&f->ws);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Sets one field of the gap row or SoA row named by key (its first field). */
static void set(struct fixture *f, const char *table, const char *key, const char *field,
		const char *value)
{
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);
	struct ims2_error err;
	sqlite3_stmt *st;
	long long id = 0;
	char sql[128];

	assert_non_null(reg);
	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE %s = ?", table, reg->fields[0].name);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(id > 0);
	if (record_set_field(f->ws.store, reg, id, (size_t)reg_field_index(reg, field), value,
			     &err))
		fail_msg("%s %s %s=%s: %s", table, key, field, value, err.message);
}

static void test_status(void **state)
{
	(void)state;
	assert_int_equal(gap_status_of(3, 3, true), GAP_MEETS);
	assert_int_equal(gap_status_of(5, 3, true), GAP_MEETS);
	assert_int_equal(gap_status_of(2, 3, true), GAP_PARTIAL);
	assert_int_equal(gap_status_of(0, 3, true), GAP_MISSING);
	assert_int_equal(gap_status_of(0, 0, true), GAP_MEETS);
	assert_int_equal(gap_status_of(-1, 3, true), GAP_NOT_ASSESSED);
	assert_int_equal(gap_status_of(4, 3, false), GAP_NOT_APPLICABLE);
	assert_string_equal(gap_status_name(GAP_PARTIAL), "partial");
	assert_string_equal(gap_status_name(GAP_MEETS), "meets target");
}

static void test_effort(void **state)
{
	struct maturity m = { .clause_days = 0.2, .control_days = 0.05, .ceiling_days = 14 };
	bool capped;

	(void)state;
	/* 10 clause levels and 40 control levels: 2 + 2 days. */
	assert_float_equal(gap_effort(&m, 10, 40, &capped), 4.0, 1e-9);
	assert_false(capped);
	/* 60 clause levels (12 days) and 100 control levels (5 days) exceed the ceiling. */
	assert_float_equal(gap_effort(&m, 60, 100, &capped), 14.0, 1e-9);
	assert_true(capped);
	assert_float_equal(gap_effort(&m, 0, 0, &capped), 0.0, 1e-9);
}

static void test_catalog_scale(void **state)
{
	struct fixture *f = *state;
	const struct maturity *m = &f->ws.catalog.maturity;

	assert_string_equal(m->names[0], "non-existent");
	assert_string_equal(m->names[5], "optimised");
	assert_int_equal(m->default_target, 3);
	assert_float_equal(m->ceiling_days, 14.0, 1e-9);
}

static void test_seeded(void **state)
{
	struct fixture *f = *state;
	struct gap_summary s;
	struct ims2_error err;

	assert_int_equal(gap_summarise(&f->ws, &s, &err), IMS2_OK);
	assert_int_equal(s.clauses.items, 30);
	assert_int_equal(s.controls.items, 93);
	assert_int_equal(s.overall.items, 123);
	assert_int_equal(s.overall.assessed, 0);
	assert_int_equal(s.group_count, 11); /* clauses 4-10 and 4 themes */
	assert_string_equal(s.groups[0].id, "4");
	assert_string_equal(s.groups[7].id, "organizational");
	assert_int_equal(s.groups[7].items, 37);
	assert_float_equal(s.effort_days, 0.0, 1e-9);
}

static void test_scoring(void **state)
{
	struct fixture *f = *state;
	struct gap_summary s;
	struct ims2_error err;

	/* Default target 3. */
	set(f, "gap_item", "4.1", "maturity", "3");  /* meets, gap 0 */
	set(f, "gap_item", "4.2", "maturity", "1");  /* partial, gap 2 */
	set(f, "gap_item", "4.3", "maturity", "0");  /* own target 2: missing, gap 2 */
	set(f, "gap_item", "4.3", "target", "2");
	set(f, "gap_item", "A.5.1", "maturity", "5"); /* meets, gap 0 */
	set(f, "gap_item", "A.5.2", "maturity", "1"); /* gap 2, control */
	set(f, "gap_item", "A.5.3", "justification", "No such activity here");
	set(f, "gap_item", "A.5.3", "applicable", "no");
	set(f, "gap_item", "A.5.3", "maturity", "0"); /* not applicable: not counted */
	assert_int_equal(gap_summarise(&f->ws, &s, &err), IMS2_OK);
	assert_int_equal(s.overall.applicable, 122);
	assert_int_equal(s.overall.assessed, 5);
	assert_int_equal(s.overall.maturity_sum, 3 + 1 + 0 + 5 + 1);
	assert_int_equal(s.overall.at_target, 2);
	assert_float_equal(gap_group_maturity(&s.overall), 2.0, 1e-9);
	assert_float_equal(gap_group_target(&s.overall), (3 + 3 + 2 + 3 + 3) / 5.0, 1e-9);
	assert_float_equal(gap_group_share(&s.overall), 2.0 / 122, 1e-9);
	assert_int_equal(s.clauses.gap_sum, 4);
	assert_int_equal(s.controls.gap_sum, 2);
	/* Clause 4: 4.1-4.4, three assessed. */
	assert_int_equal(s.groups[0].items, 4);
	assert_int_equal(s.groups[0].assessed, 3);
	assert_float_equal(gap_group_maturity(&s.groups[0]), 4.0 / 3, 1e-9);
	/* Effort: 4 clause levels x 0.2 + 2 control levels x 0.05 = 0.9 days. */
	assert_float_equal(s.effort_days, 0.9, 1e-9);
	assert_false(s.effort_capped);
	/* A new default target moves every item without its own. */
	set(f, "gap_settings", "3", "default_target", "1");
	assert_int_equal(gap_summarise(&f->ws, &s, &err), IMS2_OK);
	assert_int_equal(s.default_target, 1);
	assert_int_equal(s.clauses.gap_sum, 0 + 0 + 2); /* only 4.3 (own target 2) */
	assert_int_equal(s.overall.at_target, 4);
}

/* Clause requirements always apply; an excluded control needs its justification. */
static void test_exclusion(void **state)
{
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "gap_item");
	int applicable = reg_field_index(reg, "applicable");
	struct ims2_error err;
	struct record rec;

	/* gap_item rows in catalog order: 1 is 4.1, a clause requirement; 31 is A.5.1. */
	assert_int_equal(record_set_field(f->ws.store, reg, 1, (size_t)applicable, "no", &err),
			 IMS2_INVALID);
	assert_non_null(strstr(err.message, "clauses 4-10 applies to every ISMS"));
	assert_int_equal(record_get(f->ws.store, reg, 31, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[reg_field_index(reg, "item")], "A.5.1");
	record_release(&rec);
	assert_int_equal(record_set_field(f->ws.store, reg, 31, (size_t)applicable, "no", &err),
			 IMS2_INVALID);
	assert_string_equal(err.message, "Requirements and controls: an Annex A control marked not "
					 "applicable needs a justification");
	assert_int_equal(record_get(f->ws.store, reg, 1, &rec, &err), IMS2_OK);
	assert_string_equal(rec.values[applicable], "yes");
	record_release(&rec);
}

static void test_bar(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	gap_bar(&sb, 2.5, 5, 4, true);
	assert_string_equal(sb.buf, "##  ");
	strbuf_reset(&sb);
	gap_bar(&sb, 5, 5, 4, false);
	assert_string_equal(sb.buf, "████");
	strbuf_reset(&sb);
	gap_bar(&sb, 0.3125, 5, 4, false); /* 1/16 of 4 cells = 2 eighths */
	assert_string_equal(sb.buf, "▎   ");
	strbuf_reset(&sb);
	gap_bar(&sb, 9, 5, 2, true); /* over the maximum: full */
	assert_string_equal(sb.buf, "##");
	strbuf_release(&sb);
}

static size_t count_findings(struct fixture *f, const char *control, const char **problem)
{
	struct soa_finding *found;
	struct ims2_error err;
	size_t count, i, n = 0;

	assert_int_equal(soa_check(&f->ws, &found, &count, &err), IMS2_OK);
	for (i = 0; i < count; i++)
		if (!control || strcmp(found[i].control, control) == 0) {
			n++;
			if (problem)
				*problem = found[i].problem;
		}
	free(found);
	return n;
}

static void test_soa_check(void **state)
{
	struct fixture *f = *state;
	const char *problem = NULL;

	assert_int_equal(count_findings(f, NULL, NULL), 93);
	assert_int_equal(count_findings(f, "A.5.1", &problem), 1);
	assert_string_equal(problem, "no decision on applicability");
	/* Excluded without justification: saved, but listed. */
	set(f, "soa_entry", "A.5.1", "applicable", "no");
	assert_int_equal(count_findings(f, "A.5.1", &problem), 1);
	assert_string_equal(problem, "excluded without a justification");
	set(f, "soa_entry", "A.5.1", "justification", "No | reason\nsecond line");
	assert_int_equal(count_findings(f, "A.5.1", NULL), 0);
	/* Applicable: needs a status and a reason. */
	set(f, "soa_entry", "A.5.2", "applicable", "yes");
	assert_int_equal(count_findings(f, "A.5.2", &problem), 1);
	assert_string_equal(problem, "applicable, but no implementation status");
	set(f, "soa_entry", "A.5.2", "status", "planned");
	assert_int_equal(count_findings(f, "A.5.2", &problem), 1);
	assert_string_equal(problem, "applicable, but no reason for including it");
	set(f, "soa_entry", "A.5.2", "reason_contract", "yes");
	assert_int_equal(count_findings(f, "A.5.2", NULL), 0);
	assert_int_equal(count_findings(f, NULL, NULL), 91);
}

/* The value of a field of the row named by key, as text ("" for NULL); caller frees. */
static char *get(struct fixture *f, const char *table, const char *key, const char *field)
{
	sqlite3_stmt *st;
	char sql[160], *v = NULL;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, table);

	snprintf(sql, sizeof(sql), "SELECT coalesce(%s, '') FROM %s WHERE %s = ?", field, table,
		 reg->fields[0].name);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->ws.store), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void expect(struct fixture *f, const char *table, const char *key, const char *field,
		   const char *want)
{
	char *v = get(f, table, key, field);

	if (strcmp(v, want) != 0)
		fail_msg("%s %s %s: '%s', expected '%s'", table, key, field, v, want);
	free(v);
}

static void test_soa_prefill(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;
	int filled;

	set(f, "gap_item", "A.5.1", "maturity", "0");
	set(f, "gap_item", "A.5.2", "maturity", "2");
	set(f, "gap_item", "A.5.2", "evidence", "Role descriptions 2026");
	set(f, "gap_item", "A.5.3", "maturity", "4");
	set(f, "gap_item", "A.7.1", "justification", "No premises of our own");
	set(f, "gap_item", "A.7.1", "applicable", "no");
	set(f, "gap_item", "A.7.1", "notes", "Seen on the site visit");
	set(f, "soa_entry", "A.5.3", "applicable", "no"); /* decided already: kept */
	assert_int_equal(soa_prefill(&f->ws, &filled, &err), IMS2_OK);
	assert_int_equal(filled, 3);
	expect(f, "soa_entry", "A.5.1", "applicable", "yes");
	expect(f, "soa_entry", "A.5.1", "status", "not implemented");
	expect(f, "soa_entry", "A.5.2", "status", "partially implemented");
	expect(f, "soa_entry", "A.5.2", "evidence", "Role descriptions 2026");
	expect(f, "soa_entry", "A.5.3", "applicable", "no");
	expect(f, "soa_entry", "A.5.3", "status", "");
	expect(f, "soa_entry", "A.7.1", "applicable", "no");
	expect(f, "soa_entry", "A.7.1", "justification", "No premises of our own");
	expect(f, "soa_entry", "A.7.1", "justification", "No premises of our own");
	expect(f, "soa_entry", "A.8.1", "applicable", "undecided");
	/* Run again: nothing left to fill. */
	assert_int_equal(soa_prefill(&f->ws, &filled, &err), IMS2_OK);
	assert_int_equal(filled, 0);
	assert_string_equal(soa_status_for_maturity(3), "implemented");
}

/* Runs a CSV report into memory. */
static char *csv(struct fixture *f, const char *name)
{
	struct ims2_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_int_equal(report_named(&f->ws, name, REPORT_CSV, out, &err), IMS2_OK);
	fclose(out);
	return buf;
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_csv(void **state)
{
	struct fixture *f = *state;
	char *gap, *soa;

	set(f, "gap_item", "4.1", "maturity", "2");
	set(f, "gap_item", "4.1", "notes", "Says \"no\", then | yes\nZürich");
	set(f, "gap_item", "A.8.13", "target", "4");
	/* The interviewee is a person of 2.1: the CSV gives the name (quoted), not the number. */
	{
		struct ims2_error err;
		long long who;
		char key[32];
		assert_int_equal(record_insert(f->ws.store,
					       screen_set_find_register(&f->ws.screens, "person"),
					       (const char *[]){ "Backup admin, \"night\"", NULL, NULL,
								 NULL, NULL },
					       &who, &err),
				 IMS2_OK);
		snprintf(key, sizeof(key), "%lld", who);
		set(f, "gap_item", "A.8.13", "interviewee", key);
	}
	set(f, "gap_item", "A.5.7", "justification", "No threat feed in scope");
	set(f, "gap_item", "A.5.7", "applicable", "no");
	set(f, "soa_entry", "A.5.1", "applicable", "no");
	set(f, "soa_entry", "A.5.1", "justification", "Out, of scope");
	gap = csv(f, "gap");
	soa = csv(f, "soa");
	assert_true(strncmp(gap, "id,title,maturity,target,status,notes,evidence,interviewee,"
			    "justification,new_in_2022\n",
			    85) == 0);
	/* The first six columns as before; the others after them. */
	assert_true(strncmp(soa, "id,title,theme,applicable,justification,status,source,", 53) == 0);
	/* Every item, answered or not; the note has a line break inside its quotes. */
	assert_int_equal(lines(gap), 1 + 123 + 1);
	assert_int_equal(lines(soa), 1 + 93);
	assert_non_null(strstr(gap, "\n4.1,Understanding the organization and its context,2,3,partial,"
				  "\"Says \"\"no\"\", then | yes\nZürich\",,,,no\n"));
	assert_non_null(strstr(gap, "\n4.2,Understanding the needs and expectations of interested "
				  "parties,,3,not assessed,,,,,no\n"));
	assert_non_null(strstr(gap, "\nA.8.13,Information backup,,4,not assessed,,,"
				  "\"Backup admin, \"\"night\"\"\",,no\n"));
	/* An exclusion carries its justification; a control the 2022 edition added says so. */
	assert_non_null(strstr(gap, "\nA.5.7,Threat intelligence,,3,not applicable,,,,"
				  "No threat feed in scope,yes\n"));
	assert_non_null(strstr(soa, "\nA.5.1,Policies for information security,organizational,no,"
				  "\"Out, of scope\",,ISO/IEC 27001:2022 Annex A,no,"));
	assert_non_null(strstr(soa, "\nA.8.34,"));
	free(gap);
	free(soa);
}

/* Splits one CSV record (RFC 4180 quoting) at *p into fields; advances *p past it. */
static size_t csv_fields(const char **p, char fields[][512], size_t max)
{
	size_t n = 0, len = 0;
	bool quoted = false;
	const char *s = *p;

	fields[0][0] = '\0';
	for (; *s; s++) {
		if (quoted && *s == '"' && s[1] == '"') {
			fields[n][len++] = *s++;
		} else if (*s == '"') {
			quoted = !quoted;
		} else if (!quoted && (*s == ',' || *s == '\n')) {
			fields[n][len] = '\0';
			len = 0;
			if (*s == '\n' || ++n == max) {
				s++;
				break;
			}
			fields[n][0] = '\0';
		} else if (len < 511) {
			fields[n][len++] = *s;
		}
	}
	*p = s;
	return n + 1;
}

/* Every column of the SoA CSV reads back as it was entered, for Annex A and other sources. */
static void test_soa_csv_round_trip(void **state)
{
	static const char *const annexa[16] = {
		"A.5.7", "Threat intelligence", "organizational", "yes", "Line one, \"quoted\"\nline two",
		"planned", "ISO/IEC 27001:2022 Annex A", "yes", "legal or regulatory, contractual",
		"", "yes", "yes", "no", "Ann O'Neil", "Feed | subscription", "POL-7; PRO-2"
	};
	static const char *const other[16] = {
		"SEC-1", "Patch within 48 hours", "", "no", "Customer contract ended,\nno longer binding",
		"", "Customer contract MSA-9", "no", "contractual", "", "no", "yes", "no", "", "", ""
	};
	struct fixture *f = *state;
	const struct reg *reg = screen_set_find_register(&f->ws.screens, "soa_other_control");
	const char *values[16] = { NULL }, *p;
	char fields[16][512], *text;
	struct ims2_error err;
	long long id;
	size_t i, found = 0;

	assert_non_null(reg);
	/* The owner is one of the people of 2.1. */
	assert_int_equal(sqlite3_exec(store_db(f->ws.store),
				      "INSERT INTO person (name) VALUES ('Ann O''Neil')", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	set(f, "soa_entry", "A.5.7", "applicable", annexa[3]);
	set(f, "soa_entry", "A.5.7", "justification", annexa[4]);
	set(f, "soa_entry", "A.5.7", "status", annexa[5]);
	set(f, "soa_entry", "A.5.7", "reason_legal", annexa[10]);
	set(f, "soa_entry", "A.5.7", "reason_contract", annexa[11]);
	set(f, "soa_entry", "A.5.7", "owner", annexa[13]);
	set(f, "soa_entry", "A.5.7", "evidence", annexa[14]);
	set(f, "soa_entry", "A.5.7", "documents", annexa[15]);
	values[reg_field_index(reg, "control")] = other[0];
	values[reg_field_index(reg, "title")] = other[1];
	values[reg_field_index(reg, "applicable")] = other[3];
	values[reg_field_index(reg, "justification")] = other[4];
	values[reg_field_index(reg, "source")] = other[6];
	values[reg_field_index(reg, "reason_legal")] = other[10];
	values[reg_field_index(reg, "reason_contract")] = other[11];
	values[reg_field_index(reg, "reason_business")] = other[12];
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	/* An Annex A id is refused for a control from another source, in any spelling. */
	values[reg_field_index(reg, "control")] = "a.5.1";
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_INVALID);
	assert_non_null(strstr(err.message, "is Annex A control A.5.1"));
	values[reg_field_index(reg, "control")] = "8.34";
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_INVALID);
	values[reg_field_index(reg, "control")] = " A5.23 ";
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_INVALID);
	/* Ids that only look alike are the source's own. */
	values[reg_field_index(reg, "control")] = "5.1.2";
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);
	values[reg_field_index(reg, "control")] = "SEC-5.1";
	assert_int_equal(record_insert(f->ws.store, reg, values, &id, &err), IMS2_OK);

	text = csv(f, "soa");
	p = text;
	assert_int_equal(csv_fields(&p, fields, 16), 16);
	assert_string_equal(fields[15], "documents");
	while (*p) {
		const char *const *want = NULL;
		assert_int_equal(csv_fields(&p, fields, 16), 16);
		if (strcmp(fields[0], annexa[0]) == 0)
			want = annexa;
		else if (strcmp(fields[0], other[0]) == 0)
			want = other;
		for (i = 0; want && i < 16; i++)
			if (strcmp(fields[i], want[i]) != 0)
				fail_msg("%s column %zu: '%s', expected '%s'", want[0], i, fields[i],
					 want[i]);
		found += want != NULL;
	}
	assert_int_equal(found, 2);
	/* The other sources come after the 93 and are not among them. */
	assert_int_equal(lines(text), 1 + 93 + 3 + 4); /* their justifications span two lines */
	free(text);
}

static void test_unknown_report(void **state)
{
	struct fixture *f = *state;
	struct ims2_error err;

	assert_int_equal(report_named(&f->ws, "nope", REPORT_MD, stdout, &err), IMS2_USAGE);
	assert_int_equal(report_named(&f->ws, "dossier", REPORT_CSV, stdout, &err), IMS2_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_effort),
		cmocka_unit_test(test_bar),
		cmocka_unit_test_setup_teardown(test_catalog_scale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seeded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scoring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soa_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soa_csv_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soa_prefill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_report, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
