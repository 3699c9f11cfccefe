#include "ims2/markdown.h"

#include <string.h>

/*
 * Characters that mean something to CommonMark or to pandoc's extensions (citations @,
 * math $, sub/superscript ~ ^, raw HTML < >, emphasis * _, code `, links [ ], tables |).
 * A backslash before any ASCII punctuation is valid in both and shows the character itself.
 */
static const char md_special[] = "\\`*_[]<>|$~^@#+-!{}()=\"'&:.";

static void escape(struct strbuf *sb, const char *text, const char *newline)
{
	const char *p;

	for (p = text; *p; p++) {
		if (*p == '\n') {
			strbuf_adds(sb, newline);
		} else if (*p == '\r') {
			continue;
		} else if (strchr(md_special, *p)) {
			/* Only what could start markup needs it; keep plain text readable. */
			if (strchr("\\`*_[]<>|$~^@", *p) || p == text || p[-1] == '\n')
				strbuf_add(sb, "\\", 1);
			strbuf_add(sb, p, 1);
		} else {
			strbuf_add(sb, p, 1);
		}
	}
}

void md_cell(struct strbuf *sb, const char *text)
{
	escape(sb, text ? text : "", "<br>");
}

void md_text(struct strbuf *sb, const char *text)
{
	escape(sb, text ? text : "", "\\\n");
}

void md_yaml_string(struct strbuf *sb, const char *text)
{
	const char *p;

	strbuf_add(sb, "\"", 1);
	for (p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_add(sb, "\\", 1);
		if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else
			strbuf_add(sb, p, 1);
	}
	strbuf_add(sb, "\"", 1);
}

void md_row(FILE *out, const char *const *cells, size_t count)
{
	struct strbuf sb = { 0 };
	size_t i;

	strbuf_adds(&sb, "|");
	for (i = 0; i < count; i++) {
		strbuf_adds(&sb, " ");
		md_cell(&sb, cells[i]);
		strbuf_adds(&sb, " |");
	}
	strbuf_adds(&sb, "\n");
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

void md_table_head(FILE *out, const char *const *headings, size_t count)
{
	size_t i;

	md_row(out, headings, count);
	fputs("|", out);
	for (i = 0; i < count; i++)
		fputs("---|", out);
	fputs("\n", out);
}
