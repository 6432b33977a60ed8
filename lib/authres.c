/*
 * authres — Authentication-Results (RFC 8601) of our own server.
 */
#include "authres.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Does domain D align with F (equal, or one a subdomain of the other)? */
static bool
aligned(const char *d, size_t dl, const char *f)
{
	size_t fl = strlen(f);

	while (dl && (d[dl - 1] == '.' || d[dl - 1] == ' '))
		dl--;
	if (dl == 0 || fl == 0)
		return false;
	if (dl == fl)
		return !strncasecmp(d, f, dl);
	if (dl < fl)
		return f[fl - dl - 1] == '.' && !strncasecmp(f + fl - dl, d, dl);
	return d[dl - fl - 1] == '.' && !strncasecmp(d + dl - fl, f, fl);
}

/* In one resinfo ("dkim=pass header.d=example.org ..."): the value of
 * property NAME ("header.d="), up to a space or the end. */
static bool
prop(const char *ri, size_t n, const char *name, const char **v, size_t *vl)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i + nl <= n; i++) {
		if ((i == 0 || ri[i - 1] == ' ' || ri[i - 1] == '\t') && !strncasecmp(ri + i, name, nl)) {
			size_t e = i + nl;
			while (e < n && ri[e] != ' ' && ri[e] != '\t' && ri[e] != ';')
				e++;
			*v = ri + i + nl;
			*vl = e - i - nl;
			return true;
		}
	}
	return false;
}

static bool
method_is(const char *ri, size_t n, const char *m)
{
	size_t ml = strlen(m);

	return n > ml + 5 && !strncasecmp(ri, m, ml) && ri[ml] == '=' &&
	       !strncasecmp(ri + ml + 1, "pass", 4) &&
	       (n == ml + 5 || ri[ml + 5] == ' ' || ri[ml + 5] == '\t');
}

/* The verdict of one field's value (after the authserv-id). */
static bool
judge(const char *v, const char *from_domain, char *why, size_t n)
{
	const char *p = v;

	while (*p) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *x;
		size_t xl;

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		if (method_is(p, len, "dkim") &&
		    ((prop(p, len, "header.d=", &x, &xl) && aligned(x, xl, from_domain)) ||
		     (prop(p, len, "header.i=", &x, &xl) && memchr(x, '@', xl) &&
		      aligned(memchr(x, '@', xl) + 1, xl - (size_t)((const char *)memchr(x, '@', xl) + 1 - x),
		              from_domain)))) {
			snprintf(why, n, "dkim=pass for %s", from_domain);
			return true;
		}
		if (method_is(p, len, "spf") && prop(p, len, "smtp.mailfrom=", &x, &xl)) {
			const char *at = memchr(x, '@', xl);
			if (at ? aligned(at + 1, xl - (size_t)(at + 1 - x), from_domain)
			       : aligned(x, xl, from_domain)) {
				snprintf(why, n, "spf=pass for %s", from_domain);
				return true;
			}
		}
		if (method_is(p, len, "dmarc") &&
		    (!prop(p, len, "header.from=", &x, &xl) || aligned(x, xl, from_domain))) {
			snprintf(why, n, "dmarc=pass for %s", from_domain);
			return true;
		}
		if (!end)
			break;
		p = end + 1;
	}
	snprintf(why, n, "no dkim, spf or dmarc pass for %s", from_domain);
	return false;
}

bool
authres_verified(const char *msg, size_t len, const char *trusted, const char *from_domain, char *why,
              size_t n)
{
	char field[AUTHRES_MAX_HEADER];
	size_t i = 0;

	snprintf(why, n, "no Authentication-Results from %s", trusted);
	if (!from_domain || !*from_domain)
		return false;
	while (i < len) {
		size_t o = 0;
		bool ours;
		/* one field: the line and its continuation lines, unfolded */
		if (msg[i] == '\n' || (msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n'))
			break; /* end of the header */
		do {
			while (i < len && msg[i] != '\n') {
				if (msg[i] != '\r' && o + 1 < sizeof field)
					field[o++] = msg[i] == '\t' ? ' ' : msg[i];
				i++;
			}
			i++;
		} while (i < len && (msg[i] == ' ' || msg[i] == '\t'));
		field[o] = '\0';
		if (strncasecmp(field, "Authentication-Results:", 23))
			continue;
		{
			const char *v = field + 23;
			size_t tl = strlen(trusted);
			while (*v == ' ')
				v++;
			/* authserv-id, maybe followed by a version number, then ';' */
			ours = !strncasecmp(v, trusted, tl) &&
			       (v[tl] == ';' || v[tl] == ' ') && strchr(v, ';');
			if (ours)
				return judge(strchr(v, ';') + 1, from_domain, why, n);
		}
	}
	return false;
}
