/*
 * escape — one function per output; each walks the bytes once.
 */
#include "escape.h"

#include <stdbool.h>
#include <string.h>

static bool
is_c0(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

int
esc_html(struct buf *out, const char *s)
{
	for (; s && *s && !buf_status(out); s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default:
			if (!is_c0(c))
				buf_addc(out, (char)c);
		}
	}
	return buf_status(out);
}

int
esc_csv(struct buf *out, const char *s)
{
	bool quote, formula;

	if (!s)
		return buf_status(out);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (quote)
		buf_addc(out, '"');
	if (formula)
		buf_addc(out, '\'');
	for (; *s && !buf_status(out); s++) {
		if (*s == '"')
			buf_adds(out, "\"\"");
		else if (*s == '\r' && s[1] == '\n')
			continue; /* written with the \n */
		else if (*s == '\n' || *s == '\r')
			buf_adds(out, "\r\n");
		else
			buf_addc(out, *s);
	}
	if (quote)
		buf_addc(out, '"');
	return buf_status(out);
}

int
esc_md_cell(struct buf *out, const char *s)
{
	for (; s && *s && !buf_status(out); s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r' && s[1] == '\n')
			continue;
		if (c == '\n' || c == '\r') {
			buf_adds(out, "<br>");
		} else if (strchr("\\`*_[]<>|#", c)) {
			buf_addc(out, '\\');
			buf_addc(out, (char)c);
		} else if (c == '\t') {
			buf_addc(out, ' ');
		} else if (!is_c0(c)) {
			buf_addc(out, (char)c);
		}
	}
	return buf_status(out);
}

int
esc_term(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; p && *p && !buf_status(out); p++) {
		if (is_c0(*p))
			buf_printf(out, "\\x%02x", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls, U+0080..U+009F: CSI among them */
			buf_printf(out, "\\x%02x", p[1]);
			p++;
		} else
			buf_addc(out, (char)*p);
	}
	return buf_status(out);
}

int
esc_libconfig(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(out, *s);
	}
	buf_addc(out, '"');
	return buf_status(out);
}
