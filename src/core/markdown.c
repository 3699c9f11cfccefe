#include "ims2/markdown.h"

#include <stdbool.h>
#include <string.h>

/*
 * Characters that mean something to CommonMark or to pandoc's extensions (citations @,
 * math $, sub/superscript ~ ^, raw HTML < >, emphasis * _, code `, links [ ], tables |).
 * A backslash before any ASCII punctuation is valid in both and shows the character itself.
 */
/*
 * Characters that mean something to CommonMark, GFM or pandoc's extensions: emphasis * _,
 * code `, links [ ], raw HTML < > and entities &, tables |, math $, sub- and superscript ~ ^,
 * citations @, emoji codes (:name:), and pandoc's smart punctuation ' " (and -- ...). A backslash
 * before ASCII punctuation is valid in all of them and shows the character itself.
 */
static const char md_always[] = "\\`*_[]<>|$~^@&'\"";
/* These only at the start of a line (headings, lists, block quotes, setext underlines). */
static const char md_line_start[] = "#+-=!{}()\".";

/* True when p starts ":name:" (GFM would show an emoji). */
static bool emoji_code(const char *p)
{
	const char *q = p + 1;

	while ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_' || *q == '+' ||
	       *q == '-')
		q++;
	return q > p + 1 && *q == ':';
}

/*
 * Escapes text. block: paragraph text, where "1." at a line's start would open a list;
 * table cells hold inline text only (step ids there stay "1.1").
 */
static void escape(struct strbuf *sb, const char *text, const char *newline, bool block)
{
	const char *p;
	bool line_start = true;

	for (p = text; *p; p++) {
		if (*p == '\n') {
			strbuf_adds(sb, newline);
			line_start = true;
			continue;
		}
		if (*p == '\r')
			continue;
		if (block && line_start && *p >= '0' && *p <= '9') {
			/* "1." or "1)" at a line's start would open a numbered list. */
			const char *q = p;
			while (*q >= '0' && *q <= '9')
				q++;
			strbuf_add(sb, p, (size_t)(q - p));
			if (*q == '.' || *q == ')')
				strbuf_add(sb, "\\", 1);
			p = q - 1;
			line_start = false;
			continue;
		}
		if (strchr(md_always, *p) || (line_start && strchr(md_line_start, *p)) ||
		    (*p == ':' && emoji_code(p)) ||
		    (*p == '-' && p > text && p[-1] == '-') || (*p == '.' && p[1] == '.'))
			strbuf_add(sb, "\\", 1);
		strbuf_add(sb, p, 1);
		line_start = false;
	}
}

void md_cell(struct strbuf *sb, const char *text)
{
	escape(sb, text ? text : "", "<br>", false);
}

void md_text(struct strbuf *sb, const char *text)
{
	escape(sb, text ? text : "", "\\\n", true);
}

bool md_yaml_escaped(unsigned long c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e ||
	       c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0xfeff || c == 0xfffe || c == 0xffff;
}

void md_yaml_string(struct strbuf *sb, const char *text)
{
	const char *p = text;

	strbuf_adds(sb, "\"");
	while (*p) {
		unsigned int c;
		size_t len = util_utf8_decode(p, &c);
		if (!len) /* not UTF-8: the byte, escaped */
			len = 1;
		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", (char)c);
		else if (c == '\n')
			strbuf_adds(sb, "\\n");
		else if (c == '\t')
			strbuf_adds(sb, "\\t");
		else if (c == '\r')
			strbuf_adds(sb, "\\r");
		else if (c < 0x20 || c == 0x7f || (len == 1 && c >= 0x80))
			strbuf_addf(sb, "\\x%02X", c);
		else if (md_yaml_escaped(c))
			strbuf_addf(sb, "\\u%04X", c);
		else
			strbuf_add(sb, p, len);
		p += len;
	}
	strbuf_adds(sb, "\"");
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
