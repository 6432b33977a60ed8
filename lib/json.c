#include "json.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;
		if (c == 0xed && s[1] >= 0xa0)
			return 0; /* surrogates */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

int
json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = 0;

	if (!s)
		return buf_adds(b, "null");
	rc = buf_addc(b, '"');
	while (*p && !rc) {
		size_t n;
		char esc[8];

		switch (*p) {
		case '"': rc = buf_adds(b, "\\\""); p++; continue;
		case '\\': rc = buf_adds(b, "\\\\"); p++; continue;
		case '\n': rc = buf_adds(b, "\\n"); p++; continue;
		case '\r': rc = buf_adds(b, "\\r"); p++; continue;
		case '\t': rc = buf_adds(b, "\\t"); p++; continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			rc = buf_adds(b, esc);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			rc = buf_adds(b, "\xef\xbf\xbd");
			p++;
			continue;
		}
		rc = buf_add(b, p, n);
		p += n;
	}
	if (!rc)
		rc = buf_addc(b, '"');
	return rc;
}

int
json_key(struct buf *b, const char *key)
{
	int rc = json_str(b, key);

	return rc ? rc : buf_addc(b, ':');
}

int
json_bool(struct buf *b, bool v)
{
	return buf_adds(b, v ? "true" : "false");
}

int
json_member(struct buf *b, bool *more, const char *key)
{
	int rc = *more ? buf_addc(b, ',') : 0;

	*more = true;
	return rc ? rc : json_key(b, key);
}

int
json_member_str(struct buf *b, bool *more, const char *key, const char *v)
{
	int rc = json_member(b, more, key);

	return rc ? rc : json_str(b, v);
}

int
json_member_bool(struct buf *b, bool *more, const char *key, bool v)
{
	int rc = json_member(b, more, key);

	return rc ? rc : json_bool(b, v);
}
