#include "ims2/dump.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coreint.h"
#include "ims2/cycle.h"
#include "ims2/markdown.h"
#include "ims2/migrate.h"
#include "ims2/output.h"
#include "ims2/record.h"
#include "ims2/riskreg.h"
#include "ims2/rtp.h"
#include "ims2/source.h"

/* Records read at a time: a register is never held whole. */
#define DUMP_WINDOW 64

/* True when text holds a character to escape other than line feed and tab. */
static bool needs_escape(const char *text)
{
	const char *p = text;

	while (*p) {
		unsigned int c;
		size_t len = util_utf8_decode(p, &c);
		if (!len || (c != '\n' && c != '\t' && md_yaml_escaped(c)))
			return true;
		p += len;
	}
	return false;
}

/* Words YAML 1.1 or 1.2 reads as a boolean or null when plain. */
static bool special_word(const char *text)
{
	static const char *const words[] = {"y",     "n",  "yes", "no",	  "true",
					    "false", "on", "off", "null", NULL};
	size_t i;

	for (i = 0; words[i]; i++)
		if (strcasecmp(text, words[i]) == 0)
			return true;
	return false;
}

/*
 * Plain when nothing could be misread: it starts with a letter (no indicator, number, date or
 * space), holds no ": ", " #", tab or line break, does not end in a space or colon, and is no
 * boolean or null.
 */
static bool plain_ok(const char *text)
{
	size_t n = strlen(text);
	unsigned char first = (unsigned char)text[0];

	if (!n ||
	    !((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first >= 0x80))
		return false;
	if (strstr(text, ": ") || strstr(text, " #") || strchr(text, '\t') || strchr(text, '\n'))
		return false;
	if (text[n - 1] == ' ' || text[n - 1] == ':')
		return false;
	return !special_word(text) && !needs_escape(text);
}

/*
 * A literal block for several lines of printable text whose first line with text starts with
 * neither a space nor a tab (that line sets the block's indentation).
 */
static bool block_ok(const char *text)
{
	const char *p = text;

	if (!strchr(text, '\n') || needs_escape(text))
		return false;
	while (*p == '\n')
		p++;
	return *p && *p != ' ' && *p != '\t';
}

static void add_quoted(struct strbuf *sb, const char *text)
{
	md_yaml_string(sb, text);
	strbuf_adds(sb, "\n");
}

/* The lines of text at indent spaces, empty lines empty; chomping keeps the final breaks. */
static void add_block(struct strbuf *sb, const char *text, int indent)
{
	size_t n = strlen(text), breaks = 0;
	const char *p = text, *end;

	while (breaks < n && text[n - 1 - breaks] == '\n')
		breaks++;
	strbuf_adds(sb, breaks == 0 ? "|-\n" : breaks == 1 ? "|\n" : "|+\n");
	end = text + n - breaks;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len)
			strbuf_addf(sb, "%*s%.*s", indent, "", (int)len, p);
		strbuf_adds(sb, "\n");
		p += len + 1;
	}
	for (; breaks > 1; breaks--)
		strbuf_adds(sb, "\n");
}

void dump_yaml_scalar(struct strbuf *sb, const char *text, int indent)
{
	if (plain_ok(text)) {
		strbuf_adds(sb, text);
		strbuf_adds(sb, "\n");
	} else if (block_ok(text)) {
		add_block(sb, text, indent);
	} else {
		add_quoted(sb, text);
	}
}

/* A register's place: after every register its references point to (a cycle: screen order). */
struct dump_order {
	const struct reg **regs;
	size_t count;
};

static bool placed(const struct dump_order *o, const struct reg *reg)
{
	size_t i;

	for (i = 0; i < o->count; i++)
		if (o->regs[i] == reg)
			return true;
	return false;
}

/* True when every register reg refers to (but itself) is placed already. */
static bool ready(const struct dump_order *o, const struct reg *reg)
{
	size_t f;

	for (f = 0; f < reg->field_count; f++) {
		const struct reg *to = reg->fields[f].ref_reg;
		if ((reg->fields[f].type == FIELD_REF || reg->fields[f].type == FIELD_REFS) && to &&
		    to != reg && !placed(o, to))
			return false;
	}
	return true;
}

static void order_registers(const struct screen_set *set, struct dump_order *o)
{
	size_t total = 0, s, r;
	bool progress = true;

	for (s = 0; s < set->count; s++)
		total += set->screens[s].reg_count;
	o->regs = xcalloc(total ? total : 1, sizeof(*o->regs));
	o->count = 0;
	/* Each pass places the first register, in screen order, whose references are placed. */
	while (o->count < total) {
		const struct reg *next = NULL, *first = NULL;
		for (s = 0; s < set->count && !next; s++)
			for (r = 0; r < set->screens[s].reg_count && !next; r++) {
				const struct reg *reg = &set->screens[s].regs[r];
				if (placed(o, reg))
					continue;
				if (!first)
					first = reg;
				if (!progress || ready(o, reg))
					next = reg;
			}
		progress = next != NULL;
		if (next)
			o->regs[o->count++] = next;
		else
			o->regs[o->count++] = first; /* a cycle of references */
	}
	assert(o->count == total);
}

/* What a dump is writing: the workspace, and the warnings for the caller (may be NULL). */
struct dump_state {
	struct workspace *ws;
	struct strbuf *warnings;
	unsigned long long bytes; /* written so far */
};

static int write_text(struct dump_state *d, FILE *out, struct strbuf *sb, struct ims2_error *err)
{
	int rc = IMS2_OK;

	d->bytes += sb->len;
	if (sb->len && fwrite(sb->buf, 1, sb->len, out) != sb->len)
		rc = error_set(err, IMS2_IO, "write failed");
	strbuf_release(sb);
	return rc;
}

static void dump_header(struct workspace *ws, struct strbuf *sb)
{
	char today[11], *method;
	int cycle = cycle_current(ws);

	rtp_today(today);
	strbuf_adds(sb, "# ims2 dump of the workspace of ");
	add_quoted(sb, ws->organisation);
	strbuf_addf(sb, "# written by ims2 %s (workspace format %d) on %s.\n", IMS2_VERSION,
		    migrate_count(), today);
	/* The risk method's scales are rows the new workspace must have: init makes them. */
	method = riskreg_method_id(ws->store);
	if (!method || strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				      "0123456789._-") != strlen(method)) {
		free(method);
		method = xstrdup("ID");
	}
	strbuf_addf(sb,
		    "# Restore: ims2 init NEW.ims2 --org NAME --matrix %s, then ims2 import "
		    "NEW.ims2 THIS-FILE.\n",
		    method);
	free(method);
	if (cycle == 2)
		strbuf_adds(
		    sb, "# This is PDCA cycle 2: closed cycle 1 (kept read-only in the workspace)\n"
			"# is not in this file:");
	else if (cycle > 2)
		strbuf_addf(sb,
			    "# This is PDCA cycle %d: closed cycles 1 to %d (kept read-only in the "
			    "workspace)\n# are not in this file:",
			    cycle, cycle - 1);
	if (cycle > 1)
		strbuf_adds(sb, " it holds the registers as they are now, and a workspace\n"
				"# restored from it starts at cycle 1.\n");
	strbuf_adds(sb, "organisation: ");
	dump_yaml_scalar(sb, ws->organisation, 2);
}

static int dump_steps(struct dump_state *d, FILE *out, struct ims2_error *err)
{
	struct workspace *ws = d->ws;
	struct strbuf sb = {0};
	size_t s, a;
	int rc = IMS2_OK;

	strbuf_adds(&sb, "steps:\n");
	for (s = 0; s < ws->screens.count && !rc; s++) {
		const struct screen *scr = &ws->screens.screens[s];
		char status[16];
		char *reason = NULL;
		bool any = false;

		if ((rc = store_step_status(ws->store, scr->step, status, &reason)))
			break;
		strbuf_addf(&sb, "  - step: \"%s\"\n    status: ", scr->step);
		dump_yaml_scalar(&sb, status, 6);
		if (reason && *reason) {
			strbuf_adds(&sb, "    reason: ");
			dump_yaml_scalar(&sb, reason, 6);
		}
		free(reason);
		for (a = 0; a < scr->activity_count; a++) {
			if (!store_activity_done(ws->store, scr->step, scr->activities[a].id))
				continue;
			if (!any)
				strbuf_adds(&sb, "    done:\n");
			any = true;
			strbuf_adds(&sb, "      - ");
			dump_yaml_scalar(&sb, scr->activities[a].id, 8);
		}
	}
	/* A failed read is remembered by the store, which says why. */
	if (rc && !store_read_failed(ws->store, err))
		rc = error_set(err, IMS2_WORKSPACE, "%s: the step states cannot be read",
			       store_path(ws->store));
	else if (!rc)
		rc = store_read_failed(ws->store, err);
	if (!rc)
		return write_text(d, out, &sb, err);
	strbuf_release(&sb);
	return rc;
}

/* One record as a list item; a value that is not UTF-8 text: the workspace is damaged. */
static int dump_record(struct workspace *ws, const struct reg *reg, const struct record *rec,
		       struct strbuf *sb, struct ims2_error *err)
{
	size_t f;

	for (f = 0; f < reg->field_count; f++) {
		const char *v = rec->values[f] ? rec->values[f] : "";
		if (!util_utf8_valid(v)) {
			error_set(err, IMS2_WORKSPACE, "%s: damaged: %s %lld, %s is not UTF-8 text",
				  store_path(ws->store), reg->title, rec->id, reg->fields[f].label);
			return error_hint(err, "nothing was written");
		}
		strbuf_addf(sb, "%s%s: ", f ? "      " : "    - ", reg->fields[f].name);
		dump_yaml_scalar(sb, v, 8);
	}
	return IMS2_OK;
}

static void warn(struct dump_state *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct dump_state *d, const char *fmt, ...)
{
	char line[600];
	va_list ap;

	if (!d->warnings)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	strbuf_addf(d->warnings, "%s\n", line);
}

/* True when a field of reg refers to reg itself (a person's deputy). */
static bool refers_to_itself(const struct reg *reg)
{
	size_t f;

	for (f = 0; f < reg->field_count; f++)
		if (reg->fields[f].ref_reg == reg)
			return true;
	return false;
}

/*
 * *ready: every record of its own register that record id refers to (stored as "3, 7") is
 * written already (done[to]); one naming itself or no record does not wait.
 */
static int own_refs_done(struct workspace *ws, const struct reg *reg, long long id,
			 const bool *done, long long max, bool *ready, struct ims2_error *err)
{
	struct record stored;
	size_t f;
	int rc = record_get(ws->store, reg, id, &stored, err);

	*ready = true;
	for (f = 0; !rc && f < reg->field_count && *ready; f++) {
		const char *p = stored.values[f];
		char *end;
		if (reg->fields[f].ref_reg != reg)
			continue;
		while (p && *p && *ready) {
			long long to = strtoll(p, &end, 10);
			if (end == p)
				break;
			*ready = to == id || to <= 0 || to > max || done[to];
			for (p = end; *p == ',' || *p == ' ';)
				p++;
		}
	}
	record_release(&stored);
	return rc;
}

static int max_id(struct workspace *ws, const struct reg *reg, long long *max,
		  struct ims2_error *err)
{
	char *sql = xasprintf("SELECT coalesce(max(id), 0) FROM \"%s\"", reg->table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(ws->store), sql, -1, &st, NULL);

	free(sql);
	*max = 0;
	if (rc != SQLITE_OK)
		return store_read_fail(ws->store, reg->table, err);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? IMS2_OK : store_read_fail(ws->store, reg->table, err);
}

/*
 * One pass over a register's records in id order, a window at a time: those not written yet
 * whose references to their own register are (all of them when force). *left: some wait.
 */
static int dump_pass(struct dump_state *d, const struct reg *reg, bool *done, long long max,
		     bool force, bool *first, bool *left, FILE *out, struct ims2_error *err)
{
	struct record_view view = {.set = &d->ws->screens, .reg = reg, .sort = -1};
	struct record rows[DUMP_WINDOW];
	long long after = 0;
	int got = DUMP_WINDOW, i, rc = IMS2_OK;

	*left = false;
	while (!rc && got == DUMP_WINDOW) {
		struct strbuf sb = {0};
		if ((rc = record_scan(d->ws->store, &view, after, DUMP_WINDOW, rows, &got, err)))
			break;
		for (i = 0; i < got; i++) {
			bool ready = !done || force;
			long long id = rows[i].id;
			if (!rc && done && !force && !done[id])
				rc = own_refs_done(d->ws, reg, id, done, max, &ready, err);
			if (!rc && done && done[id])
				ready = false; /* written in an earlier pass */
			else if (!rc && !ready)
				*left = true;
			if (!rc && ready && *first)
				strbuf_addf(&sb, "  %s:\n", reg->table);
			if (!rc && ready) {
				*first = false;
				rc = dump_record(d->ws, reg, &rows[i], &sb, err);
				if (done)
					done[id] = true;
			}
			after = id;
			record_release(&rows[i]);
		}
		if (!rc)
			rc = write_text(d, out, &sb, err);
		strbuf_release(&sb);
	}
	return rc;
}

static long long count_done(const bool *done, long long max)
{
	long long i, n = 0;

	for (i = 1; done && i <= max; i++)
		n += done[i];
	return n;
}

/*
 * A register's records in id order; nothing for an empty one. Import adds a record after
 * those it names, so a register that refers to itself (a person's deputy) is written in
 * passes: each record once those it names are written. Records that name each other in a
 * circle cannot be: they are written in id order, with a warning.
 */
static int dump_register(struct dump_state *d, const struct reg *reg, FILE *out,
			 struct ims2_error *err)
{
	bool *done = NULL, first = true, left = true, force = false;
	long long max = 0, before;
	int rc = IMS2_OK;

	if (refers_to_itself(reg) && !(rc = max_id(d->ws, reg, &max, err)))
		done = xcalloc((size_t)max + 1, sizeof(*done));
	while (!rc && left) {
		before = count_done(done, max);
		rc = dump_pass(d, reg, done, max, force, &first, &left, out, err);
		if (!rc && left && count_done(done, max) == before) {
			force = true;
			warn(d,
			     "%s: records name each other in a circle; import adds a record only "
			     "after those it names, so the file will not import until one is "
			     "changed",
			     reg->title);
		}
	}
	free(done);
	return rc;
}

/* The seeded registers: import deletes the rows a new workspace starts with before adding. */
static void dump_replace(const struct dump_order *o, struct strbuf *sb)
{
	size_t i;
	bool any = false;

	for (i = 0; i < o->count; i++) {
		const struct reg *reg = o->regs[i];
		if (!reg->seed_file || reg->form || reg->fixed)
			continue;
		if (!any)
			strbuf_adds(
			    sb, "# The seeded registers below are replaced whole, not added to.\n"
				"replace:\n");
		any = true;
		strbuf_addf(sb, "  - %s\n", reg->table);
	}
}

/* How reg is referred to: 0 not at all, 1 by single references only, 2 by lists too. */
static int referred_to(const struct dump_order *o, const struct reg *reg)
{
	size_t i, f;
	int how = 0;

	for (i = 0; i < o->count; i++)
		for (f = 0; f < o->regs[i]->field_count; f++)
			if (o->regs[i]->fields[f].ref_reg == reg)
				how = o->regs[i]->fields[f].type == FIELD_REFS ? 2 : how ? how : 1;
	return how;
}

/* Why import cannot find a record by label (links.c and workspace.c read labels). */
static const char *label_trouble(const char *label, long long shared)
{
	size_t n = strlen(label);

	if (shared > 1)
		return "records share this label, and import takes the first";
	if (!n)
		return "it has no label to be named by";
	if (strpbrk(label, ",;"))
		return "a list of records splits it at the comma or semicolon";
	if (strchr(" \t", label[0]) || strchr(" \t", label[n - 1]))
		return "import trims the spaces at its ends";
	return "import reads digits alone as a record number";
}

/*
 * Warns of the labels of reg that import cannot find the record by: shared or empty, and where
 * a list names it (lists: true), holding a list's separators, spaces at an end, or digits alone.
 * At most four a register, then a count.
 */
static int check_labels(struct dump_state *d, const struct reg *reg, bool lists,
			struct ims2_error *err)
{
	char *label = reg_label_sql(reg, "t");
	char *sql = xasprintf(
	    "SELECT l, count(*) FROM (SELECT coalesce(%s, '') AS l FROM \"%s\" AS t) GROUP BY l "
	    "HAVING count(*) > 1 OR l = '' OR (?1 AND (l GLOB '*[,;]*' OR l GLOB '[ \t]*' OR "
	    "l GLOB '*[ \t]' OR l NOT GLOB '*[^0-9]*')) ORDER BY l",
	    label, reg->table);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(store_db(d->ws->store), sql, -1, &st, NULL), n = 0;

	free(sql);
	free(label);
	if (rc != SQLITE_OK)
		return store_read_fail(d->ws->store, reg->table, err);
	sqlite3_bind_int(st, 1, lists);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 0);
		if (++n <= 4)
			warn(d, "%s '%s': %s; records that name it will not import as they are",
			     reg->title, l ? l : "",
			     label_trouble(l ? l : "", sqlite3_column_int64(st, 1)));
	}
	sqlite3_finalize(st);
	if (n > 4)
		warn(d, "%s: %d more labels like these", reg->title, n - 4);
	return rc == SQLITE_DONE ? IMS2_OK : store_read_fail(d->ws->store, reg->table, err);
}

static int dump_write(FILE *out, void *ctx, struct ims2_error *err)
{
	struct dump_state *d = ctx;
	struct workspace *ws = d->ws;
	struct dump_order order;
	struct strbuf sb = {0};
	size_t i;
	int rc;

	order_registers(&ws->screens, &order);
	dump_header(ws, &sb);
	rc = write_text(d, out, &sb, err);
	if (!rc)
		rc = dump_steps(d, out, err);
	dump_replace(&order, &sb);
	strbuf_adds(&sb, "records:\n");
	if (!rc)
		rc = write_text(d, out, &sb, err);
	strbuf_release(&sb);
	for (i = 0; i < order.count && !rc; i++) {
		const struct reg *reg = order.regs[i];
		int how = reg->fixed ? 0 : referred_to(&order, reg);
		if (how)
			rc = check_labels(d, reg, how == 2, err);
		if (!rc)
			rc = dump_register(d, reg, out, err);
	}
	free(order.regs);
	if (!rc)
		rc = store_read_failed(ws->store, err);
	if (!rc && ferror(out))
		rc = error_set(err, IMS2_IO, "write failed");
	if (!rc && d->bytes > SOURCE_MAX_BYTES)
		warn(d,
		     "the file is %llu MiB and import reads files of at most %u MiB: this version "
		     "cannot restore it whole",
		     (d->bytes + (1u << 20) - 1) >> 20, SOURCE_MAX_BYTES >> 20);
	return rc;
}

int dump_run(struct workspace *ws, const char *path, FILE *out, struct strbuf *warnings,
	     struct ims2_error *err)
{
	struct dump_state d = {ws, warnings, 0};

	return output_write(path, store_path(ws->store), out, dump_write, &d, err);
}
