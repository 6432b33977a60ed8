/*
 * imapproto — IMAP4rev1 response parsing (RFC 3501 §7 and §9 grammar, the
 * parts ykien uses: status responses, response codes, SEARCH, FETCH with
 * literals, CAPABILITY) and modified UTF-7 mailbox names (§5.1.3).
 * Everything here is bounded by the caller's length; nothing reads past it.
 */
#include "imapproto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "isotime.h"

/* "{123}\r\n" or "{123+}\r\n" ending at line_end (the CR).  */
static bool
literal_at_end(const char *line, size_t llen, uint64_t *n)
{
	size_t i;
	uint64_t v = 0;
	size_t digits = 0;

	if (llen < 3 || line[llen - 1] != '}')
		return false;
	i = llen - 1;
	if (i > 0 && line[i - 1] == '+')
		i--;
	while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9') {
		i--;
		digits++;
	}
	if (digits == 0 || digits > 12 || i == 0 || line[i - 1] != '{')
		return false;
	for (size_t k = i; k < i + digits; k++)
		v = v * 10 + (uint64_t)(line[k] - '0');
	*n = v;
	return true;
}

enum imap_complete
imapproto_complete(const char *buf, size_t len, size_t max_literal, size_t *rlen)
{
	size_t pos = 0;
	int literals = 0;

	for (;;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen;
		uint64_t lit;

		if (!nl)
			return len - pos > IMAP_MAX_LINE ? IMAP_TOO_LONG : IMAP_NEED_MORE;
		llen = (size_t)(nl - (buf + pos));
		if (llen > IMAP_MAX_LINE)
			return IMAP_TOO_LONG;
		if (llen > 0 && buf[pos + llen - 1] == '\r')
			llen--;
		if (!literal_at_end(buf + pos, llen, &lit)) {
			*rlen = (size_t)(nl - buf) + 1;
			return IMAP_COMPLETE;
		}
		if (lit > max_literal || ++literals > IMAP_MAX_LITERALS)
			return IMAP_TOO_LONG;
		pos = (size_t)(nl - buf) + 1;
		if (len - pos < lit)
			return IMAP_NEED_MORE;
		pos += (size_t)lit;
	}
}

size_t
imapproto_bytes_wanted(const char *buf, size_t len, size_t max_literal)
{
	size_t pos = 0;

	for (int literals = 0; literals <= IMAP_MAX_LITERALS; literals++) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen;
		uint64_t lit;

		if (!nl)
			return 0;
		llen = (size_t)(nl - (buf + pos));
		if (llen > 0 && buf[pos + llen - 1] == '\r')
			llen--;
		if (!literal_at_end(buf + pos, llen, &lit) || lit > max_literal)
			return 0;
		pos = (size_t)(nl - buf) + 1;
		if (len - pos < lit)
			return pos + (size_t)lit;
		pos += (size_t)lit;
	}
	return 0;
}

bool
imapproto_pending_literal(const char *buf, size_t len, struct imap_pending *out)
{
	size_t pos = 0;

	for (int literals = 0; literals <= IMAP_MAX_LITERALS; literals++) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen, open, close;
		uint64_t lit;

		if (!nl)
			return false;
		llen = (size_t)(nl - (buf + pos));
		if (llen > 0 && buf[pos + llen - 1] == '\r')
			llen--;
		if (!literal_at_end(buf + pos, llen, &lit))
			return false;
		close = pos + llen - 1;
		open = close;
		while (buf[open] != '{')
			open--;
		pos = (size_t)(nl - buf) + 1;
		if (len - pos < lit) {
			static const char body[] = "BODY[] ";
			out->open = open;
			out->close = close;
			out->start = pos;
			out->size = lit;
			out->body = open >= sizeof body - 1 &&
			            !memcmp(buf + open - (sizeof body - 1), body, sizeof body - 1);
			return true;
		}
		pos += (size_t)lit;
	}
	return false;
}

bool
imapproto_literal(const char *resp, size_t rlen, const char **data, size_t *n)
{
	const char *nl = memchr(resp, '\n', rlen);
	size_t llen;
	uint64_t lit;

	if (!nl)
		return false;
	llen = (size_t)(nl - resp);
	if (llen > 0 && resp[llen - 1] == '\r')
		llen--;
	if (!literal_at_end(resp, llen, &lit))
		return false;
	if (lit > rlen - (size_t)(nl - resp) - 1)
		return false;
	*data = nl + 1;
	*n = (size_t)lit;
	return true;
}

static size_t
line_len(const char *resp, size_t rlen)
{
	const char *nl = memchr(resp, '\n', rlen);
	size_t n = nl ? (size_t)(nl - resp) : rlen;

	if (n > 0 && resp[n - 1] == '\r')
		n--;
	return n;
}

static bool
word_is(const char *p, size_t n, const char *w)
{
	size_t wl = strlen(w);

	return n >= wl && !strncasecmp(p, w, wl) && (n == wl || p[wl] == ' ' || p[wl] == '\r');
}

void
imapproto_classify(const char *resp, size_t rlen, const char *tag, struct imap_resp *out)
{
	size_t n = line_len(resp, rlen);
	size_t tl = strlen(tag);
	const char *p;
	size_t rest;
	static const struct {
		const char *w;
		enum imap_status st;
	} words[] = { { "OK", IMAP_ST_OK }, { "NO", IMAP_ST_NO }, { "BAD", IMAP_ST_BAD },
		      { "BYE", IMAP_ST_BYE }, { "PREAUTH", IMAP_ST_PREAUTH } };

	memset(out, 0, sizeof *out);
	if (n >= 1 && resp[0] == '+') {
		out->continuation = true;
		out->text = resp + (n >= 2 ? 2 : 1);
		out->text_len = n >= 2 ? n - 2 : 0;
		return;
	}
	if (n >= 2 && resp[0] == '*' && resp[1] == ' ') {
		out->untagged = true;
		p = resp + 2;
		rest = n - 2;
	} else if (n > tl && !strncmp(resp, tag, tl) && resp[tl] == ' ') {
		out->tagged = true;
		p = resp + tl + 1;
		rest = n - tl - 1;
	} else {
		return;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (word_is(p, rest, words[i].w)) {
			size_t wl = strlen(words[i].w);
			out->status = words[i].st;
			out->text = p + (rest > wl ? wl + 1 : wl);
			out->text_len = rest > wl ? rest - wl - 1 : 0;
			return;
		}
	}
	out->text = p;
	out->text_len = rest;
}

static bool
parse_u32(const char *p, size_t n, uint32_t *v, size_t *used)
{
	uint64_t x = 0;
	size_t i = 0;

	while (i < n && p[i] >= '0' && p[i] <= '9' && i < 11) {
		x = x * 10 + (uint64_t)(p[i] - '0');
		i++;
	}
	if (i == 0 || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	if (used)
		*used = i;
	return true;
}

static const char *
find_ci(const char *hay, size_t n, const char *needle)
{
	size_t nl = strlen(needle);

	for (size_t i = 0; i + nl <= n; i++)
		if (!strncasecmp(hay + i, needle, nl))
			return hay + i;
	return NULL;
}

bool
imapproto_resp_code_num(const char *resp, size_t rlen, const char *code, uint32_t *v)
{
	size_t n = line_len(resp, rlen);
	char pat[64];
	const char *p;
	size_t cl = strlen(code);

	if (cl + 3 > sizeof pat)
		return false;
	pat[0] = '[';
	memcpy(pat + 1, code, cl);
	pat[cl + 1] = ' ';
	pat[cl + 2] = '\0';
	p = find_ci(resp, n, pat);
	if (!p)
		return false;
	p += cl + 2;
	return parse_u32(p, (size_t)(resp + n - p), v, NULL);
}

bool
imapproto_exists(const char *resp, size_t rlen, uint32_t *v)
{
	size_t n = line_len(resp, rlen), used;

	if (n < 3 || resp[0] != '*' || resp[1] != ' ')
		return false;
	if (!parse_u32(resp + 2, n - 2, v, &used))
		return false;
	return n - 2 - used == 7 && !strncasecmp(resp + 2 + used, " EXISTS", 7);
}

enum imap_idle_news
imapproto_idle_news(const char *resp, size_t rlen, uint32_t *exists)
{
	size_t n = line_len(resp, rlen), used;
	uint32_t v;

	if (n < 2 || resp[0] != '*' || resp[1] != ' ')
		return IMAP_IDLE_NOTHING;
	if (word_is(resp + 2, n - 2, "BYE"))
		return IMAP_IDLE_BYE;
	if (!parse_u32(resp + 2, n - 2, &v, &used) || 2 + used >= n || resp[2 + used] != ' ')
		return IMAP_IDLE_NOTHING;
	used += 3; /* "* ", the number, ' ' */
	if (word_is(resp + used, n - used, "EXISTS") && n - used == 6) {
		bool grew = v > *exists;
		*exists = v;
		return grew ? IMAP_IDLE_NEW_MAIL : IMAP_IDLE_NOTHING;
	}
	/* each EXPUNGE shrinks the folder by one (RFC 3501 §7.4.1): a later
	 * EXISTS of the old size is then a new message */
	if (word_is(resp + used, n - used, "EXPUNGE") && n - used == 7 && *exists > 0)
		(*exists)--;
	return IMAP_IDLE_NOTHING;
}

int
imapproto_search(const char *resp, size_t rlen, uint32_t **uids, size_t *n, size_t max_uids,
                 bool *found)
{
	size_t len = line_len(resp, rlen);
	size_t i = 9;
	bool is = !(len < 8 || strncasecmp(resp, "* SEARCH", 8) || (len > 8 && resp[8] != ' '));

	if (found)
		*found = is;
	if (!is)
		return 0;
	while (i < len) {
		uint32_t v;
		size_t used;
		if (resp[i] == ' ') {
			i++;
			continue;
		}
		if (!parse_u32(resp + i, len - i, &v, &used))
			break; /* e.g. "(MODSEQ 123)": ignore what follows */
		if (*n >= max_uids)
			return YK_ELIMIT;
		/* capacity is 64, then doubles whenever n reaches a power of two */
		if (*n == 0 || (*n >= 64 && (*n & (*n - 1)) == 0)) {
			size_t cap = *n ? *n * 2 : 64;
			uint32_t *p = realloc(*uids, cap * sizeof *p);
			if (!p)
				return YK_ENOMEM;
			*uids = p;
		}
		(*uids)[(*n)++] = v;
		i += used;
	}
	return 0;
}

bool
imapproto_is_fetch(const char *resp, size_t rlen)
{
	size_t n = line_len(resp, rlen), used;
	uint32_t v;

	if (n < 3 || resp[0] != '*' || resp[1] != ' ' || !parse_u32(resp + 2, n - 2, &v, &used))
		return false;
	return n - 2 - used > 6 && !strncasecmp(resp + 2 + used, " FETCH", 6);
}

bool
imapproto_fetch_num(const char *resp, size_t rlen, const char *name, uint64_t *v)
{
	size_t n = line_len(resp, rlen);
	size_t nl = strlen(name);
	const char *open = memchr(resp, '(', n);

	if (!imapproto_is_fetch(resp, rlen) || !open)
		return false;
	/* items are "NAME value" pairs after '('; match NAME at a boundary */
	for (const char *p = open + 1; p + nl < resp + n; p++) {
		if ((p[-1] == '(' || p[-1] == ' ') && !strncasecmp(p, name, nl) && p[nl] == ' ') {
			uint64_t x = 0;
			const char *q = p + nl + 1;
			int d = 0;
			while (q < resp + n && *q >= '0' && *q <= '9' && d < 20) {
				x = x * 10 + (uint64_t)(*q - '0');
				q++;
				d++;
			}
			if (d == 0)
				return false;
			*v = x;
			return true;
		}
	}
	return false;
}

/* A quoted string at *P (within END) into OUT (size N); *P moves past it. */
static bool
quoted(const char **p, const char *end, char *out, size_t n)
{
	const char *q = *p;
	size_t k = 0;

	if (q >= end || *q != '"')
		return false;
	for (q++; q < end && *q != '"'; q++) {
		if (*q == '\\' && q + 1 < end)
			q++;
		if (*q == '\r' || *q == '\n' || k + 1 >= n)
			return false;
		out[k++] = *q;
	}
	if (q >= end)
		return false;
	out[k] = '\0';
	*p = q + 1;
	return true;
}

bool
imapproto_namespace(const char *resp, size_t rlen, char *prefix, size_t n, char *sep)
{
	size_t len = line_len(resp, rlen);
	const char *p = resp, *end = resp + len;
	char d[4];

	if (len < 13 || strncasecmp(p, "* NAMESPACE ", 12))
		return false;
	p += 12;
	if (end - p < 2 || p[0] != '(' || p[1] != '(')
		return false; /* NIL: no personal namespace */
	p += 2;
	if (!quoted(&p, end, prefix, n) || p >= end || *p != ' ')
		return false;
	p++;
	if (end - p >= 3 && !strncasecmp(p, "NIL", 3)) {
		*sep = '\0';
		return true;
	}
	if (!quoted(&p, end, d, sizeof d) || strlen(d) != 1)
		return false;
	*sep = d[0];
	return true;
}

/* N digits at P as a number; -1 unless all are digits. */
static int
digits(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

bool
imapproto_fetch_internaldate(const char *resp, size_t rlen, int64_t *t)
{
	static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t n = line_len(resp, rlen);
	const char *open = memchr(resp, '(', n), *q = NULL;
	int day, m, y, hh, mm, ss, zh, zm;

	if (!imapproto_is_fetch(resp, rlen) || !open)
		return false;
	for (const char *p = open + 1; p + 14 < resp + n && !q; p++)
		if ((p[-1] == '(' || p[-1] == ' ') && !strncasecmp(p, "INTERNALDATE \"", 14))
			q = p + 14;
	/* date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP
	 *             time SP zone DQUOTE: 26 characters inside the quotes */
	if (!q || q + 27 > resp + n || q[26] != '"')
		return false;
	day = q[0] == ' ' ? digits(q + 1, 1) : digits(q, 2);
	for (m = 0; m < 12 && strncasecmp(q + 3, mon + 3 * m, 3); m++)
		;
	y = digits(q + 7, 4);
	hh = digits(q + 12, 2);
	mm = digits(q + 15, 2);
	ss = digits(q + 18, 2);
	zh = digits(q + 22, 2);
	zm = digits(q + 24, 2);
	if (q[2] != '-' || q[6] != '-' || q[11] != ' ' || q[14] != ':' || q[17] != ':' ||
	    q[20] != ' ' || (q[21] != '+' && q[21] != '-') || m == 12 || day < 1 || day > 31 ||
	    y < 1970 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || zh < 0 ||
	    zh > 23 || zm < 0 || zm > 59)
		return false;
	*t = isotime_days_from_civil(y, m + 1, day) * 86400 + hh * 3600 + mm * 60 + ss -
	     (q[21] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
	return true;
}

bool
imapproto_has_capability(const char *resp, size_t rlen, const char *cap)
{
	size_t n = line_len(resp, rlen);
	const char *p = find_ci(resp, n, "CAPABILITY ");
	size_t cl = strlen(cap);

	if (!p)
		return false;
	for (p += 11; p + cl <= resp + n; p++) {
		if ((p[-1] == ' ') && !strncasecmp(p, cap, cl) &&
		    (p + cl == resp + n || p[cl] == ' ' || p[cl] == ']'))
			return true;
		if (*p == ']')
			break;
	}
	return false;
}

/* ---- modified UTF-7 ----------------------------------------------------- */

static int
utf8_next(const unsigned char **s, uint32_t *cp)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int n;

	if (c < 0x80) {
		n = 1;
	} else if ((c & 0xe0) == 0xc0) {
		c &= 0x1f;
		n = 2;
	} else if ((c & 0xf0) == 0xe0) {
		c &= 0x0f;
		n = 3;
	} else if ((c & 0xf8) == 0xf0) {
		c &= 0x07;
		n = 4;
	} else {
		return -1;
	}
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	*s = p + n;
	return 0;
}

bool
imapproto_mailbox_name(const char *utf8, char *out, size_t outsz)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
	const unsigned char *s = (const unsigned char *)utf8;
	size_t o = 0;

#define PUT(ch) do { if (o + 1 >= outsz) return false; out[o++] = (char)(ch); } while (0)
	PUT('"');
	while (*s) {
		uint32_t cp;
		if (*s >= 0x20 && *s < 0x7f) {
			if (*s == '&') {
				PUT('&');
				PUT('-');
			} else {
				if (*s == '"' || *s == '\\')
					PUT('\\');
				PUT(*s);
			}
			s++;
			continue;
		}
		if (*s < 0x20 || *s == 0x7f)
			return false;
		/* a run of non-ASCII: UTF-16BE, base64 without padding, '&'...'-' */
		{
			uint32_t bits = 0;
			int nbits = 0;
			PUT('&');
			while (*s && (*s < 0x20 || *s >= 0x7f)) {
				uint16_t units[2];
				int nu;
				if (*s < 0x20 || *s == 0x7f)
					return false;
				if (utf8_next(&s, &cp) < 0)
					return false;
				if (cp >= 0x10000) {
					cp -= 0x10000;
					units[0] = (uint16_t)(0xd800 + (cp >> 10));
					units[1] = (uint16_t)(0xdc00 + (cp & 0x3ff));
					nu = 2;
				} else {
					units[0] = (uint16_t)cp;
					nu = 1;
				}
				for (int u = 0; u < nu; u++) {
					bits = (bits << 16) | units[u];
					nbits += 16;
					while (nbits >= 6) {
						nbits -= 6;
						PUT(b64[(bits >> nbits) & 0x3f]);
					}
				}
			}
			if (nbits > 0)
				PUT(b64[(bits << (6 - nbits)) & 0x3f]);
			PUT('-');
		}
	}
	PUT('"');
#undef PUT
	out[o] = '\0';
	return true;
}

size_t
imapproto_uid_set(const uint32_t *uids, size_t n, char *out, size_t outsz)
{
	size_t i = 0, o = 0;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	while (i < n) {
		size_t j = i;
		char item[32];
		int len;

		while (j + 1 < n && uids[j + 1] == uids[j] + 1)
			j++;
		if (j > i)
			len = snprintf(item, sizeof item, "%s%u:%u", o ? "," : "", uids[i], uids[j]);
		else
			len = snprintf(item, sizeof item, "%s%u", o ? "," : "", uids[i]);
		if (len < 0 || o + (size_t)len + 1 > outsz)
			break;
		memcpy(out + o, item, (size_t)len + 1);
		o += (size_t)len;
		i = j + 1;
	}
	return i;
}
