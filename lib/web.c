/*
 * web — the form decoder and the response of the web desk (web.h).
 */
#include "web.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define WEB_DISPOSITION_NAME_MAX 255  /* bytes of a name kept in the header */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Is S (N bytes) well-formed UTF-8 without NUL?  A form's values go into
 * the database and back into pages: invalid bytes are refused at the door. */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t k;
		uint32_t cp;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			k = 1, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			k = 2, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			k = 3, cp = c & 0x07;
		else
			return false;
		if (i + k >= n)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k + 1;
	}
	return true;
}

/* Decodes S (N bytes) in place into D; returns the length or -1. */
static long
decode(const char *s, size_t n, char *d)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[o++] = ' ';
		} else if (s[i] == '%') {
			int h, l;

			if (i + 2 >= n)
				return -1;
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			d[o++] = (char)(h << 4 | l);
			i += 2;
		} else {
			d[o++] = s[i];
		}
	}
	return (long)o;
}

int
web_form_parse(const char *body, size_t len, struct web_form *form)
{
	size_t nf = 0;
	char *d;
	const char *p = body, *end = body + len;

	memset(form, 0, sizeof *form);
	if (len > WEB_MAX_FORM_BYTES)
		return YK_ELIMIT;
	form->mem = malloc(len + WEB_MAX_FIELDS * 2 + 2);
	form->f = calloc(WEB_MAX_FIELDS, sizeof *form->f);
	if (!form->mem || !form->f) {
		web_form_free(form);
		return YK_ENOMEM;
	}
	d = form->mem;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *vs = eq ? eq + 1 : stop;
		long nl, vl;

		if (stop == p) { /* "a=1&&b=2" */
			p = stop + 1;
			continue;
		}
		if (nf == WEB_MAX_FIELDS) {
			web_form_free(form);
			return YK_ELIMIT;
		}
		nl = decode(p, (size_t)((eq ? eq : stop) - p), d);
		if (nl < 0 || !utf8_ok((unsigned char *)d, (size_t)nl))
			goto bad;
		form->f[nf].name = d;
		d += nl;
		*d++ = '\0';
		vl = decode(vs, (size_t)(stop - vs), d);
		if (vl < 0 || !utf8_ok((unsigned char *)d, (size_t)vl))
			goto bad;
		form->f[nf].value = d;
		d += vl;
		*d++ = '\0';
		nf++;
		p = amp ? amp + 1 : end;
	}
	form->n = nf;
	return 0;
bad:
	web_form_free(form);
	return YK_EINVAL;
}

void
web_form_free(struct web_form *form)
{
	free(form->f);
	free(form->mem);
	memset(form, 0, sizeof *form);
}

const char *
web_form_get(const struct web_form *form, const char *name)
{
	for (size_t i = 0; i < form->n; i++)
		if (!strcmp(form->f[i].name, name))
			return form->f[i].value;
	return NULL;
}

void
web_resp_init(struct web_resp *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	buf_init(&rs->body, WEB_MAX_PAGE_BYTES);
}

void
web_resp_free(struct web_resp *rs)
{
	buf_free(&rs->body);
	free(rs->location);
	free(rs->disposition);
	free(rs->flash);
	memset(rs, 0, sizeof *rs);
}

char *
web_disposition(const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	size_t start, n;
	const char *s = name && *name ? name : "file";
	const unsigned char *end;

	/* a mail may name an attachment at any length: the header keeps the
	 * first WEB_DISPOSITION_NAME_MAX bytes, cut at a character, rather
	 * than failing (escaped, they still fit the buffer's limit) */
	n = strlen(s);
	if (n > WEB_DISPOSITION_NAME_MAX) {
		n = WEB_DISPOSITION_NAME_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	end = (const unsigned char *)s + n;
	buf_init(&b, 4096);
	buf_adds(&b, "attachment; filename=\"");
	start = b.len;
	for (const unsigned char *p = (const unsigned char *)s; p < end; p++) {
		unsigned char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		if (c >= 0x80 && (c & 0xc0) == 0x80)
			continue; /* one '_' per non-ASCII character */
		buf_addc(&b, ok ? (char)c : '_');
	}
	if (b.len == start)
		buf_addc(&b, '_');
	if (b.data[start] == '.')
		b.data[start] = '_';
	buf_adds(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)s; p < end; p++) {
		unsigned char c = *p;

		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
			continue;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-' || c == '~') {
			buf_addc(&b, (char)c);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		}
	}
	if (buf_status(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}
