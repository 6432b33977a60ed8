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
	int rc = 0;

	for (; s && *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': rc = buf_adds(out, "&amp;"); break;
		case '<': rc = buf_adds(out, "&lt;"); break;
		case '>': rc = buf_adds(out, "&gt;"); break;
		case '"': rc = buf_adds(out, "&quot;"); break;
		case '\'': rc = buf_adds(out, "&#39;"); break;
		default:
			if (!is_c0(c))
				rc = buf_addc(out, (char)c);
		}
	}
	return rc;
}

int
esc_csv(struct buf *out, const char *s)
{
	bool quote, formula;
	int rc = 0;

	if (!s)
		return 0;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (quote)
		rc |= buf_addc(out, '"');
	if (formula)
		rc |= buf_addc(out, '\'');
	for (; *s && !rc; s++) {
		if (*s == '"')
			rc = buf_adds(out, "\"\"");
		else if (*s == '\r' && s[1] == '\n')
			continue; /* written with the \n */
		else if (*s == '\n' || *s == '\r')
			rc = buf_adds(out, "\r\n");
		else
			rc = buf_addc(out, *s);
	}
	if (quote)
		rc |= buf_addc(out, '"');
	return rc;
}

int
esc_md_cell(struct buf *out, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r' && s[1] == '\n')
			continue;
		if (c == '\n' || c == '\r')
			rc = buf_adds(out, "<br>");
		else if (strchr("\\`*_[]<>|#", c))
			rc = buf_addc(out, '\\') || buf_addc(out, (char)c);
		else if (c == '\t')
			rc = buf_addc(out, ' ');
		else if (!is_c0(c))
			rc = buf_addc(out, (char)c);
	}
	return rc;
}

int
esc_term(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = 0;

	for (; p && *p && !rc; p++) {
		if (is_c0(*p))
			rc = buf_printf(out, "\\x%02x", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls, U+0080..U+009F: CSI among them */
			rc = buf_printf(out, "\\x%02x", p[1]);
			p++;
		} else
			rc = buf_addc(out, (char)*p);
	}
	return rc;
}
