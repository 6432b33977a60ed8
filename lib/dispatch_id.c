/*
 * dispatch_id — see dispatch_id.h.  RFC 5322 §3.6.4 (msg-id, In-Reply-To,
 * References), RFC 5233 (sub-addressing, "user+detail@host").
 */
#include "dispatch_id.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
dispatch_token_hex(const unsigned char *bytes, char out[DISPATCH_TOKEN_HEX + 1])
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < DISPATCH_TOKEN_BYTES; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[DISPATCH_TOKEN_HEX] = '\0';
}

bool
dispatch_token_valid(const char *t)
{
	size_t i;

	for (i = 0; t && t[i]; i++)
		if (!isdigit((unsigned char)t[i]) && !(t[i] >= 'a' && t[i] <= 'f'))
			return false;
	return t && i == DISPATCH_TOKEN_HEX;
}

bool
dispatch_message_id(const char *campaign, const char *agency, const char *token,
                    const char *domain, char *out, size_t n)
{
	int w;

	if (!dispatch_token_valid(token) || !*campaign || !*agency || !*domain)
		return false;
	w = snprintf(out, n, DISPATCH_PREFIX "%s.%s.%s@%s", campaign, agency, token, domain);
	return w > 0 && (size_t)w < n;
}

bool
dispatch_token_of(const char *id, char out[DISPATCH_TOKEN_HEX + 1])
{
	const char *at, *dot;

	if (*id == '<')
		id++;
	if (strncmp(id, DISPATCH_PREFIX, strlen(DISPATCH_PREFIX)) || !(at = strchr(id, '@')))
		return false;
	/* the token is last: a campaign id or a code may hold '.' */
	for (dot = at; dot > id && dot[-1] != '.'; dot--)
		;
	if (at - dot != DISPATCH_TOKEN_HEX || dot - id <= (ptrdiff_t)strlen(DISPATCH_PREFIX) + 2)
		return false;
	memcpy(out, dot, DISPATCH_TOKEN_HEX);
	out[DISPATCH_TOKEN_HEX] = '\0';
	return dispatch_token_valid(out);
}

bool
dispatch_reply_address(const char *pattern, const char *agency, const char *token, char *out,
                       size_t n)
{
	const char *pct = strstr(pattern, "%s");
	size_t pre, need;
	char *w;

	if (!pct || !dispatch_token_valid(token) || !*agency)
		return false;
	pre = (size_t)(pct - pattern);
	need = pre + strlen(agency) + 1 + DISPATCH_TOKEN_HEX + strlen(pct + 2) + 1;
	if (need > n)
		return false;
	memcpy(out, pattern, pre);
	w = out + pre;
	/* lower case, and only what a dot-atom local part takes unquoted */
	for (const char *a = agency; *a; a++)
		*w++ = isalnum((unsigned char)*a) ? (char)tolower((unsigned char)*a)
		       : (*a == '_' || *a == '-') ? *a : '-';
	*w++ = '-';
	memcpy(w, token, DISPATCH_TOKEN_HEX);
	w += DISPATCH_TOKEN_HEX;
	memcpy(w, pct + 2, strlen(pct + 2) + 1); /* fits: counted in NEED */
	return true;
}

bool
dispatch_token_of_address(const char *addr, char out[DISPATCH_TOKEN_HEX + 1])
{
	const char *at = strrchr(addr, '@'), *p;

	if (!at || at - addr < DISPATCH_TOKEN_HEX + 3)
		return false;
	p = at - DISPATCH_TOKEN_HEX;
	if (p[-1] != '-')
		return false;
	for (size_t i = 0; i < DISPATCH_TOKEN_HEX; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[DISPATCH_TOKEN_HEX] = '\0';
	return dispatch_token_valid(out);
}

bool
dispatch_index_add(struct dispatch_index *x, const char *campaign, const char *agency,
                   const char *message_id, const char *reply_address)
{
	struct dispatch_entry *e;

	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 64;
		struct dispatch_entry *v = realloc(x->v, cap * sizeof *v);
		if (!v)
			return false;
		x->v = v;
		x->cap = cap;
	}
	e = &x->v[x->n];
	e->campaign = strdup(campaign);
	e->agency = strdup(agency);
	e->message_id = strdup(message_id);
	e->reply_address = reply_address ? strdup(reply_address) : NULL;
	if (!e->campaign || !e->agency || !e->message_id || (reply_address && !e->reply_address)) {
		free(e->campaign);
		free(e->agency);
		free(e->message_id);
		free(e->reply_address);
		return false;
	}
	x->n++;
	return true;
}

void
dispatch_index_free(struct dispatch_index *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->v[i].campaign);
		free(x->v[i].agency);
		free(x->v[i].message_id);
		free(x->v[i].reply_address);
	}
	free(x->v);
	memset(x, 0, sizeof *x);
}

const struct dispatch_entry *
dispatch_by_message_id(const struct dispatch_index *x, const char *id, size_t len)
{
	for (size_t i = 0; x && i < x->n; i++)
		if (strlen(x->v[i].message_id) == len && !memcmp(x->v[i].message_id, id, len))
			return &x->v[i];
	return NULL;
}

/* The first of X's Message-IDs among the ids of header value H. */
static const struct dispatch_entry *
in_ids(const struct dispatch_index *x, const char *h)
{
	while (h && *h) {
		size_t len;
		const struct dispatch_entry *e;

		h += strspn(h, " \t\r\n<>,");
		len = strcspn(h, " \t\r\n<>,");
		if (!len)
			break;
		/* ours all begin so: most ids are skipped without a search */
		if (len > strlen(DISPATCH_PREFIX) && !strncmp(h, DISPATCH_PREFIX, strlen(DISPATCH_PREFIX)) &&
		    (e = dispatch_by_message_id(x, h, len)))
			return e;
		h += len;
	}
	return NULL;
}

static bool
addr_edge(char c)
{
	return c == '\0' || c == '<' || c == '>' || c == ' ' || c == '\t' || c == ',' ||
	       c == ';' || c == ':' || c == '"' || c == '\r' || c == '\n';
}

/* Does header value H hold the address A (not inside a longer one)? */
static bool
holds_address(const char *h, const char *a)
{
	size_t l = strlen(a);

	for (const char *p = h; p && *p; p++)
		if ((p == h || addr_edge(p[-1])) && !strncasecmp(p, a, l) && addr_edge(p[l]))
			return true;
	return false;
}

const struct dispatch_entry *
dispatch_match(const struct dispatch_index *x, const char *in_reply_to, const char *references,
               const char *const *addrs, size_t n, const char **how)
{
	const struct dispatch_entry *e = NULL;
	const char *by = NULL;

	if (!x || !x->n)
		return NULL;
	if ((e = in_ids(x, in_reply_to)))
		by = "in_reply_to";
	else if ((e = in_ids(x, references)))
		by = "references";
	for (size_t k = 0; !e && k < n; k++)
		for (size_t i = 0; addrs[k] && !e && i < x->n; i++)
			if (x->v[i].reply_address && holds_address(addrs[k], x->v[i].reply_address)) {
				e = &x->v[i];
				by = "address";
			}
	if (how)
		*how = by;
	return e;
}

/* Does the line holding P (DATA its first byte) begin "Message-ID: <"
 * up to P?  A returned reminder quotes the letter in its References: only
 * the returned message's own id says which one bounced. */
static bool
after_message_id(const char *data, const char *p)
{
	static const char h[] = "message-id:";
	const char *q = p;

	if (q > data && q[-1] == '<')
		q--;
	while (q > data && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if ((size_t)(q - data) < sizeof h - 1)
		return false;
	q -= sizeof h - 1;
	return !strncasecmp(q, h, sizeof h - 1) && (q == data || q[-1] == '\n');
}

const struct dispatch_entry *
dispatch_find_in(const struct dispatch_index *x, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t pl = strlen(DISPATCH_PREFIX);

	while (x && x->n && p < end && (p = memmem(p, (size_t)(end - p), DISPATCH_PREFIX, pl))) {
		size_t l = 0;
		const struct dispatch_entry *e;

		while (p + l < end && !addr_edge(p[l]) && p[l] != '\0')
			l++;
		if (after_message_id(data, p) && (e = dispatch_by_message_id(x, p, l)))
			return e;
		p += pl;
	}
	return NULL;
}
