/*
 * Markdown that pandoc (GFM and its own dialect) and plain viewers render the same way:
 * user text is escaped so that it shows exactly as typed.
 */
#ifndef IMS2_MARKDOWN_H
#define IMS2_MARKDOWN_H

#include <stdio.h>

#include "ims2/util.h"

/* Text inside a table cell: punctuation escaped, `|` as `\|`, newlines as <br>. */
void md_cell(struct strbuf *sb, const char *text);
/* Text in a paragraph or list item: punctuation escaped, newlines as hard line breaks. */
void md_text(struct strbuf *sb, const char *text);
/*
 * A YAML double-quoted scalar (the metadata block, ims2 dump): quotes and backslashes escaped,
 * and every character md_yaml_escaped() names written as an escape, so the file holds none.
 */
void md_yaml_string(struct strbuf *sb, const char *text);
/*
 * Characters a YAML file of ims2 never holds as they are: controls, what YAML reads as a line
 * break (U+0085, U+2028, U+2029), bidi marks, embeddings, overrides and isolates, the byte
 * order mark and the non-characters U+FFFE and U+FFFF.
 */
bool md_yaml_escaped(unsigned long c);

/* Writes one table row: `| a | b |` with each cell escaped. */
void md_row(FILE *out, const char *const *cells, size_t count);
/* Writes the heading row and the delimiter row of a table. */
void md_table_head(FILE *out, const char *const *headings, size_t count);

#endif
