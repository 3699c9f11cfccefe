/*
 * Backlinks: what a record is referred to by, where the referring field asks for it
 * (`backlink:` in screens/SCHEMA.md). A nonconformity of 4.1 links the incident, finding,
 * review decision or measurement it was raised from; their forms show "Raised
 * nonconformity: 2 'Ransomware on a picking PC'". Generic: it reads the screen files, never
 * names a register.
 */
#include "ims2/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ims2/util.h"
#include "coreint.h"

/* How many records a line names before "and N more". */
#define BACKLINKS_NAMED 3

/* The records of field f of reg that refer to record id, numbered in order, as one line. */
static int backlink_line(struct store *store, const struct screen_set *set, const struct reg *reg,
			 const struct field *f, long long id, struct strbuf *out,
			 struct ims2_error *err)
{
	sqlite3_stmt *st;
	char *sql, key[32];
	long long count = 0;
	int rc;

	if (f->type == FIELD_REFS)
		sql = xasprintf("SELECT record FROM record_link WHERE source = ?1 AND field = ?2"
				" AND target = ?3 AND target_key = ?4 ORDER BY record");
	else
		sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?5 ORDER BY id", reg->table,
				f->name);
	rc = sqlite3_prepare_v2(store_db(store), sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return store_read_fail(store, reg->title, err);
	snprintf(key, sizeof(key), "%lld", id);
	if (f->type == FIELD_REFS) {
		sqlite3_bind_text(st, 1, reg->table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(st, 5, id);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long user = sqlite3_column_int64(st, 0);
		char *label;

		if (count++ >= BACKLINKS_NAMED)
			continue;
		label = record_label(store, set, reg->table, user);
		strbuf_addf(out, "%s%lld '%s'", count > 1 ? ", " : "", user, label ? label : "");
		free(label);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_read_fail(store, reg->title, err);
	if (count > BACKLINKS_NAMED)
		strbuf_addf(out, " and %lld more", count - BACKLINKS_NAMED);
	return IMS2_OK;
}

void record_backlinks_release(struct backlink *links, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(links[i].records);
	free(links);
}

int record_backlinks(struct store *store, const struct screen_set *set, const struct reg *reg,
		     long long id, struct backlink **links, size_t *count, struct ims2_error *err)
{
	size_t s, r, f;
	int rc = IMS2_OK;

	*links = NULL;
	*count = 0;
	for (s = 0; s < set->count && !rc; s++)
		for (r = 0; r < set->screens[s].reg_count && !rc; r++)
			for (f = 0; f < set->screens[s].regs[r].field_count && !rc; f++) {
				const struct reg *user = &set->screens[s].regs[r];
				const struct field *fld = &user->fields[f];
				struct strbuf line = { 0 };

				if (!fld->backlink || strcmp(fld->ref, reg->table) != 0)
					continue;
				rc = backlink_line(store, set, user, fld, id, &line, err);
				if (!rc && line.len) {
					*links = xrealloc(*links, (*count + 1) * sizeof(**links));
					(*links)[*count].label = fld->backlink;
					(*links)[(*count)++].records = strbuf_detach(&line);
				} else {
					strbuf_release(&line);
				}
			}
	if (rc) {
		record_backlinks_release(*links, *count);
		*links = NULL;
		*count = 0;
	}
	return rc;
}
