/*
 * config — ykien.conf (libconfig syntax).  Every problem is collected as
 * "FILE:LINE: what was expected" so an administrator fixes them all in one
 * pass (OpenSMTPD's `smtpd -n` habit).  Line numbers of semantic errors come
 * from the libconfig setting that carries the value.
 */
#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "isotime.h"
#include "text.h"

#define MAX_AGENCIES 10000
#define MAX_EMAILS_PER_AGENCY 64

struct loader {
	const char *path;
	struct buf errors;
	int n_errors;
	struct yk_config *cfg;
};

__attribute__((format(printf, 3, 4))) static void
bad(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	unsigned line = s ? (unsigned)config_setting_source_line(s) : 0;

	ld->n_errors++;
	if (ld->errors.len)
		(void)buf_addc(&ld->errors, '\n');
	if (line)
		(void)buf_printf(&ld->errors, "%s:%u: ", ld->path, line);
	else
		(void)buf_printf(&ld->errors, "%s: ", ld->path);
	va_start(ap, fmt);
	(void)buf_vprintf(&ld->errors, fmt, ap);
	va_end(ap);
}

static char *
xstrdup(const char *s)
{
	char *p = s ? strdup(s) : NULL;

	if (s && !p)
		abort(); /* allocation of a config string: nothing sane to do */
	return p;
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

static const char *
path_of(const config_setting_t *s, char *out, size_t n)
{
	/* "mailbox.url", "agencies[3].code": for messages */
	const char *names[16];
	int idx[16];
	int depth = 0;
	size_t off = 0;

	out[0] = '\0';
	while (s && config_setting_parent(s) && depth < 16) {
		names[depth] = config_setting_name(s);
		idx[depth] = config_setting_index(s);
		depth++;
		s = config_setting_parent(s);
	}
	while (depth-- > 0 && off < n) {
		int w;
		if (names[depth])
			w = snprintf(out + off, n - off, "%s%s", off ? "." : "", names[depth]);
		else
			w = snprintf(out + off, n - off, "[%d]", idx[depth]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	return out;
}

/* A string setting NAME in group G.  Required: error when missing. */
static char *
get_str(struct loader *ld, const config_setting_t *g, const char *name, bool required)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];

	if (!s) {
		if (required)
			bad(ld, g, "missing setting '%s' in %s (a string)", name,
			    path_of(g, p, sizeof p));
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		bad(ld, s, "'%s' must be a string in double quotes", path_of(s, p, sizeof p));
		return NULL;
	}
	if (required && !*config_setting_get_string(s)) {
		bad(ld, s, "'%s' must not be empty", path_of(s, p, sizeof p));
		return NULL;
	}
	return xstrdup(config_setting_get_string(s));
}

static bool
get_int(struct loader *ld, const config_setting_t *g, const char *name, long long min,
        long long max, long long *out)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];
	long long v;

	if (!s)
		return false;
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT: v = config_setting_get_int(s); break;
	case CONFIG_TYPE_INT64: v = config_setting_get_int64(s); break;
	default:
		bad(ld, s, "'%s' must be a whole number", path_of(s, p, sizeof p));
		return false;
	}
	if (v < min || v > max) {
		bad(ld, s, "'%s' must be between %lld and %lld, not %lld",
		    path_of(s, p, sizeof p), min, max, v);
		return false;
	}
	*out = v;
	return true;
}

static bool
get_bool(struct loader *ld, const config_setting_t *g, const char *name, bool *out)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];

	if (!s)
		return false;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		bad(ld, s, "'%s' must be true or false", path_of(s, p, sizeof p));
		return false;
	}
	*out = config_setting_get_bool(s) != 0;
	return true;
}

/* A list or array of strings; NULL/0 when missing. */
static char **
get_strs(struct loader *ld, const config_setting_t *g, const char *name, size_t max,
         size_t *n_out, bool required)
{
	config_setting_t *s = config_setting_get_member(g, name);
	char p[256];
	char **v;
	int i, n;

	*n_out = 0;
	if (!s) {
		if (required)
			bad(ld, g, "missing setting '%s' in %s (a list of strings [ \"...\" ])",
			    name, path_of(g, p, sizeof p));
		return NULL;
	}
	if (!config_setting_is_aggregate(s) || config_setting_type(s) == CONFIG_TYPE_GROUP) {
		bad(ld, s, "'%s' must be a list of strings [ \"...\", ... ]", path_of(s, p, sizeof p));
		return NULL;
	}
	n = config_setting_length(s);
	if ((size_t)n > max) {
		bad(ld, s, "'%s' has %d entries, at most %zu allowed", path_of(s, p, sizeof p), n, max);
		return NULL;
	}
	v = xcalloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			bad(ld, e, "'%s' must be a string", path_of(e, p, sizeof p));
			continue;
		}
		v[(*n_out)++] = xstrdup(config_setting_get_string(e));
	}
	return v;
}

static void
free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- sections --------------------------------------------------------- */

/* Is the URL's host exactly a loopback address (127.0.0.0/8 as a dotted
 * quad, ::1, or "localhost")?  A name that merely starts like one
 * ("localhost.example", "127.foo.example") is not. */
static bool
is_loopback_url(const char *url)
{
	const char *h = strstr(url, "://"), *end;
	char host[256];
	size_t n;
	int dots = 0;

	if (!h)
		return false;
	h += 3;
	end = h + strcspn(h, "/?#");
	for (const char *at = h; at < end; at++)
		if (*at == '@')
			h = at + 1; /* userinfo */
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));
		return close && close - h == 4 && !strncmp(h, "[::1]", 5);
	}
	n = strcspn(h, ":/?#");
	if (n == 0 || n >= sizeof host)
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	if (!strcasecmp(host, "localhost"))
		return true;
	if (strncmp(host, "127.", 4))
		return false;
	for (const char *p = host; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return false;
	}
	return dots == 3;
}

/* Settings a group may hold; anything else is a misspelling worth an error. */
static void
check_members(struct loader *ld, const config_setting_t *g, const char *const *known)
{
	char p[256];

	for (int i = 0; g && i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		bool ok = false;
		if (!name)
			continue;
		for (int k = 0; known[k] && !ok; k++)
			ok = !strcmp(name, known[k]);
		if (!ok) {
			struct buf list;
			buf_init(&list, 0);
			for (int k = 0; known[k]; k++)
				buf_printf(&list, "%s%s", k ? ", " : "", known[k]);
			bad(ld, s, "unknown setting '%s' in %s (expected one of: %s)", name,
			    config_setting_parent(g) ? path_of(g, p, sizeof p) : "the top level",
			    list.data ? list.data : "");
			buf_free(&list);
		}
	}
}

/* "LOGIN PLAIN": known mechanisms only (what libcurl is told is never
 * anything else), at least one, at most eight. */
static bool
auth_mechanisms_ok(const char *s)
{
	static const char *const known[] = { "PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "NTLM",
		                             "GSSAPI", "XOAUTH2", "EXTERNAL", NULL };
	size_t count = 0;

	while (*s) {
		size_t n;
		bool ok = false;
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		n = strcspn(s, " ,");
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strlen(known[i]) == n && !strncasecmp(s, known[i], n);
		if (!ok || ++count > 8)
			return false;
		s += n;
	}
	return count > 0;
}

static void
load_mailbox(struct loader *ld, config_t *c)
{
	config_setting_t *g = config_lookup(c, "mailbox");
	struct yk_mailbox *m = &ld->cfg->mailbox;
	char *s;
	long long v;

	m->poll_interval = 300;
	m->after_filing = AFTER_KEEP;
	m->max_message_size = 50LL * 1024 * 1024;
	m->timeout = 60;
	if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) {
		bad(ld, g, "missing group 'mailbox = { url = \"imaps://...\"; ... };'");
		return;
	}
	static const char *const known[] = { "url", "user", "password_file", "ca_file",
		"poll_interval", "timeout", "max_message_size", "after_filing", "folder_prefix",
		"allow_plaintext", "since_margin_days", "trusted_authserv_id", "max_connections",
		"auth_mechanisms", NULL };

	check_members(ld, g, known);
	m->url = get_str(ld, g, "url", true);
	if (m->url && !strncmp(m->url, "maildir://", 10)) {
		if (m->url[10] != '/')
			bad(ld, config_setting_get_member(g, "url"),
			    "mailbox.url: expected maildir:///absolute/path/to/Maildir");
	} else if (m->url && strncmp(m->url, "imaps://", 8) && strncmp(m->url, "imap://", 7)) {
		bad(ld, config_setting_get_member(g, "url"),
		    "mailbox.url must start with imaps://, imap:// or maildir://");
	}
	m->user = get_str(ld, g, "user", m->url && strncmp(m->url, "maildir://", 10) != 0);
	m->password_file = get_str(ld, g, "password_file", false);
	m->ca_file = get_str(ld, g, "ca_file", false);
	m->trusted_authserv_id = get_str(ld, g, "trusted_authserv_id", false);
	if (m->trusted_authserv_id && strpbrk(m->trusted_authserv_id, " ;\t\r\n"))
		bad(ld, config_setting_get_member(g, "trusted_authserv_id"),
		    "mailbox.trusted_authserv_id: expected the server's name, e.g. \"mx.soctrang.example\"");
	m->auth_mechanisms = get_str(ld, g, "auth_mechanisms", false);
	if (m->auth_mechanisms && !auth_mechanisms_ok(m->auth_mechanisms))
		bad(ld, config_setting_get_member(g, "auth_mechanisms"),
		    "mailbox.auth_mechanisms: expected SASL mechanisms in the order to try, separated "
		    "by spaces, of PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5, NTLM, GSSAPI, XOAUTH2 and "
		    "EXTERNAL, e.g. \"LOGIN PLAIN\"; not \"%s\"",
		    m->auth_mechanisms);
	m->folder_prefix = get_str(ld, g, "folder_prefix", false);
	if (!m->folder_prefix)
		m->folder_prefix = xstrdup("YKien");
	if (get_int(ld, g, "poll_interval", 1, 86400, &v))
		m->poll_interval = (int)v;
	if (get_int(ld, g, "timeout", 1, 3600, &v))
		m->timeout = (int)v;
	m->max_connections = 4;
	if (get_int(ld, g, "max_connections", 1, 16, &v))
		m->max_connections = (int)v;
	m->since_margin_days = 7;
	if (get_int(ld, g, "since_margin_days", -1, 36500, &v))
		m->since_margin_days = (int)v;
	if (get_int(ld, g, "max_message_size", 1024, 2LL * 1024 * 1024 * 1024, &v))
		m->max_message_size = v;
	get_bool(ld, g, "allow_plaintext", &m->allow_plaintext);
	if ((s = get_str(ld, g, "after_filing", false))) {
		if (!strcmp(s, "keep"))
			m->after_filing = AFTER_KEEP;
		else if (!strcmp(s, "seen"))
			m->after_filing = AFTER_SEEN;
		else if (!strcmp(s, "move"))
			m->after_filing = AFTER_MOVE;
		else
			bad(ld, config_setting_get_member(g, "after_filing"),
			    "mailbox.after_filing must be \"keep\", \"seen\" or \"move\", not \"%s\"", s);
		free(s);
	}
	if (m->url && !strncmp(m->url, "imap://", 7)) {
		if (m->allow_plaintext && !is_loopback_url(m->url))
			bad(ld, config_setting_get_member(g, "url"),
			    "plain imap:// is allowed only to a loopback address (127.0.0.1, localhost); "
			    "use imaps:// (STARTTLS is used on imap:// otherwise)");
	}
}

static bool valid_email(const char *s);
static void lower(char *s);

static void
load_smtp(struct loader *ld, config_t *c)
{
	config_setting_t *g = config_lookup(c, "smtp");
	struct yk_smtp *m = &ld->cfg->smtp;
	long long v;

	if (!g)
		return; /* no reminders sent */
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		bad(ld, g, "'smtp' must be a group { url = ...; from = ...; }");
		return;
	}
	static const char *const known[] = { "url", "user", "password_file", "from", "ca_file",
		"allow_plaintext", "cc", "timeout", "digest_to", "digest_at", NULL };
	char *t;

	check_members(ld, g, known);
	m->line = config_setting_source_line(g);
	m->url = get_str(ld, g, "url", true);
	if (m->url && strncmp(m->url, "smtps://", 8) && strncmp(m->url, "smtp://", 7))
		bad(ld, config_setting_get_member(g, "url"), "smtp.url must start with smtps:// or smtp://");
	m->user = get_str(ld, g, "user", false);
	m->password_file = get_str(ld, g, "password_file", false);
	m->from = get_str(ld, g, "from", true);
	m->ca_file = get_str(ld, g, "ca_file", false);
	get_bool(ld, g, "allow_plaintext", &m->allow_plaintext);
	m->timeout = 60;
	if (get_int(ld, g, "timeout", 1, 3600, &v))
		m->timeout = (int)v;

	m->cc = get_strs(ld, g, "cc", MAX_EMAILS_PER_AGENCY, &m->n_cc, false);
	for (size_t i = 0; i < m->n_cc; i++) {
		lower(m->cc[i]);
		if (!valid_email(m->cc[i]))
			bad(ld, config_setting_get_elem(config_setting_get_member(g, "cc"), (unsigned)i),
			    "smtp.cc \"%s\": expected an address user@host", m->cc[i]);
	}
	m->digest_to = get_strs(ld, g, "digest_to", MAX_EMAILS_PER_AGENCY, &m->n_digest_to, false);
	for (size_t i = 0; i < m->n_digest_to; i++) {
		lower(m->digest_to[i]);
		if (!valid_email(m->digest_to[i]))
			bad(ld, config_setting_get_elem(config_setting_get_member(g, "digest_to"),
			                                (unsigned)i),
			    "smtp.digest_to \"%s\": expected an address user@host", m->digest_to[i]);
	}
	m->digest_at_minutes = 7 * 60 + 30;
	if ((t = get_str(ld, g, "digest_at", false))) {
		if (isotime_parse_hhmm(t, &m->digest_at_minutes))
			bad(ld, config_setting_get_member(g, "digest_at"),
			    "smtp.digest_at = \"%s\": expected a local time \"HH:MM\"", t);
		free(t);
	}
	if (m->url && m->allow_plaintext && !strncmp(m->url, "smtp://", 7) && !is_loopback_url(m->url))
		bad(ld, config_setting_get_member(g, "url"),
		    "plain smtp:// is allowed only to a loopback address");
}

static void
load_storage(struct loader *ld, config_t *c)
{
	config_setting_t *g = config_lookup(c, "storage");

	if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) {
		bad(ld, g, "missing group 'storage = { database = \"...\"; archive = \"...\"; };'");
		return;
	}
	static const char *const known[] = { "database", "archive", NULL };

	check_members(ld, g, known);
	ld->cfg->storage.database = get_str(ld, g, "database", true);
	ld->cfg->storage.archive = get_str(ld, g, "archive", true);
}

static bool
valid_code(const char *s)
{
	size_t n = strlen(s);

	/* used as a folder name in the archive: no "." or ".." or hidden names */
	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

static bool
valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || strchr(at + 1, '@') || !at[1] || !strchr(at + 1, '.'))
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '<' || *s == '>' || *s == ',' || *s == ';')
			return false;
	return true;
}

static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void
load_agencies(struct loader *ld, config_t *c)
{
	config_setting_t *l = config_lookup(c, "agencies");
	struct yk_config *cfg = ld->cfg;
	char p[256];
	int n;

	if (!l || !config_setting_is_list(l)) {
		bad(ld, l, "missing list 'agencies = ( { code = \"...\"; name = \"...\"; emails = [ ... ]; }, ... );'");
		return;
	}
	n = config_setting_length(l);
	if (n > MAX_AGENCIES) {
		bad(ld, l, "too many agencies (%d, at most %d)", n, MAX_AGENCIES);
		return;
	}
	cfg->agencies = xcalloc((size_t)n, sizeof *cfg->agencies);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		struct yk_agency *a = &cfg->agencies[cfg->n_agencies];

		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			bad(ld, g, "%s must be a group { code = ...; name = ...; emails = [...]; }",
			    path_of(g, p, sizeof p));
			continue;
		}
		static const char *const known[] = { "code", "name", "group", "emails", "aliases",
			NULL };

		check_members(ld, g, known);
		a->code = get_str(ld, g, "code", true);
		a->name = get_str(ld, g, "name", true);
		a->group = get_str(ld, g, "group", false);
		a->emails = get_strs(ld, g, "emails", MAX_EMAILS_PER_AGENCY, &a->n_emails, true);
		a->aliases = get_strs(ld, g, "aliases", 64, &a->n_aliases, false);
		cfg->n_agencies++;
		if (a->code && !valid_code(a->code))
			bad(ld, config_setting_get_member(g, "code"),
			    "agency code \"%s\": expected 1-64 letters, digits, '_', '-' or '.', "
			    "starting with a letter, digit or '_'", a->code);
		for (size_t j = 0; a->code && j + 1 < cfg->n_agencies; j++)
			if (cfg->agencies[j].code && !strcmp(cfg->agencies[j].code, a->code))
				bad(ld, config_setting_get_member(g, "code"),
				    "duplicate agency code \"%s\" (already used by agencies[%zu])", a->code, j);
		for (size_t j = 0; j < a->n_emails; j++) {
			config_setting_t *e = config_setting_get_elem(config_setting_get_member(g, "emails"),
			                                              (unsigned)j);
			lower(a->emails[j]);
			if (a->emails[j][0] == '@' ? !strchr(a->emails[j] + 1, '.') || strchr(a->emails[j] + 1, '@')
			                           : !valid_email(a->emails[j]))
				bad(ld, e ? e : g,
				    "\"%s\": expected an address user@host or a whole domain @host",
				    a->emails[j]);
		}
	}
}

/*
 * With after_filing = "move", intake files into folder_prefix, the server's
 * separator and a leaf: an agency code, "_unassigned" or "_other".  A name
 * longer than CONFIG_FOLDER_MAX would be cut, and mail filed into a folder
 * nobody asked for, so the longest one is checked here, in bytes, whatever
 * the mode (a prefix that fits only while nothing is moved is a trap).  An
 * empty prefix or a control character would fail on the server every cycle.
 */
static void
check_folders(struct loader *ld, config_t *c)
{
	const struct yk_config *cfg = ld->cfg;
	const char *prefix = cfg->mailbox.folder_prefix;
	const char *leaf = "_unassigned";
	config_setting_t *s = config_lookup(c, "mailbox.folder_prefix");
	size_t len;

	if (!prefix)
		return;
	len = strlen(prefix);
	if (len == 0) {
		bad(ld, s, "mailbox.folder_prefix: expected a folder name, e.g. \"YKien\"; not empty");
		return;
	}
	for (const char *q = prefix; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f) {
			bad(ld, s, "mailbox.folder_prefix: expected a folder name without control characters");
			return;
		}
	for (size_t i = 0; i < cfg->n_agencies; i++)
		if (cfg->agencies[i].code && strlen(cfg->agencies[i].code) > strlen(leaf))
			leaf = cfg->agencies[i].code;
	if (len + 1 + strlen(leaf) > CONFIG_FOLDER_MAX)
		bad(ld, s, "mailbox.folder_prefix is %zu bytes: with the separator and \"%s\" the folder "
		    "would be %zu bytes; expected a prefix of at most %zu bytes (a folder name has at "
		    "most %d)", len, leaf, len + 1 + strlen(leaf), CONFIG_FOLDER_MAX - 1 - strlen(leaf),
		    CONFIG_FOLDER_MAX);
}

static void
load_forms(struct loader *ld, config_t *c)
{
	config_setting_t *l = config_lookup(c, "forms");
	struct yk_config *cfg = ld->cfg;
	char p[256];
	int n;

	if (!l || !config_setting_is_list(l)) {
		bad(ld, l, "missing list 'forms = ( { id = \"...\"; sections = ( ... ); } );'");
		return;
	}
	n = config_setting_length(l);
	cfg->forms = xcalloc((size_t)n, sizeof *cfg->forms);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		config_setting_t *secs;
		struct yk_form *f = &cfg->forms[cfg->n_forms];
		int ns;

		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			bad(ld, g, "%s must be a group { id = ...; sections = (...); }", path_of(g, p, sizeof p));
			continue;
		}
		static const char *const known[] = { "id", "sections", NULL };

		check_members(ld, g, known);
		cfg->n_forms++;
		f->id = get_str(ld, g, "id", true);
		for (size_t j = 0; f->id && j + 1 < cfg->n_forms; j++)
			if (cfg->forms[j].id && !strcmp(cfg->forms[j].id, f->id))
				bad(ld, config_setting_get_member(g, "id"), "duplicate form id \"%s\"", f->id);
		secs = config_setting_get_member(g, "sections");
		if (!secs || !config_setting_is_list(secs) || config_setting_length(secs) == 0) {
			bad(ld, secs ? secs : g, "%s: expected 'sections = ( { id = ...; heading = ...; }, ... );'",
			    path_of(g, p, sizeof p));
			continue;
		}
		ns = config_setting_length(secs);
		f->sections = xcalloc((size_t)ns, sizeof *f->sections);
		for (int k = 0; k < ns; k++) {
			config_setting_t *sg = config_setting_get_elem(secs, (unsigned)k);
			config_setting_t *opts;
			struct yk_section *sec = &f->sections[f->n_sections];

			if (config_setting_type(sg) != CONFIG_TYPE_GROUP) {
				bad(ld, sg, "%s must be a group { id = ...; heading = ...; }",
				    path_of(sg, p, sizeof p));
				continue;
			}
			static const char *const sknown[] = { "id", "heading", "options", NULL };

			check_members(ld, sg, sknown);
			f->n_sections++;
			sec->id = get_str(ld, sg, "id", true);
			sec->heading = get_str(ld, sg, "heading", true);
			sec->key = sec->heading ? text_key(sec->heading, strlen(sec->heading), NULL) : NULL;
			for (size_t j = 0; sec->id && j + 1 < f->n_sections; j++)
				if (f->sections[j].id && !strcmp(f->sections[j].id, sec->id))
					bad(ld, config_setting_get_member(sg, "id"),
					    "duplicate section id \"%s\" in form \"%s\"", sec->id,
					    f->id ? f->id : "?");
			opts = config_setting_get_member(sg, "options");
			if (!opts)
				continue;
			if (!config_setting_is_list(opts) ||
			    config_setting_length(opts) > CONFIG_MAX_OPTIONS) {
				bad(ld, opts, "%s: expected a list of at most %d { id = ...; text = ...; }",
				    path_of(opts, p, sizeof p), CONFIG_MAX_OPTIONS);
				continue;
			}
			sec->options = xcalloc((size_t)config_setting_length(opts), sizeof *sec->options);
			for (int o = 0; o < config_setting_length(opts); o++) {
				config_setting_t *og = config_setting_get_elem(opts, (unsigned)o);
				if (config_setting_type(og) != CONFIG_TYPE_GROUP) {
					bad(ld, og, "%s must be a group { id = ...; text = ...; }",
					    path_of(og, p, sizeof p));
					continue;
				}
				sec->options[sec->n_options].id = get_str(ld, og, "id", true);
				sec->options[sec->n_options].text = get_str(ld, og, "text", true);
				if (sec->options[sec->n_options].text)
					sec->options[sec->n_options].key =
						text_key(sec->options[sec->n_options].text,
						         strlen(sec->options[sec->n_options].text), NULL);
				sec->n_options++;
				for (size_t j = 0; sec->options[sec->n_options - 1].id &&
				                   j + 1 < sec->n_options; j++)
					if (sec->options[j].id &&
					    !strcmp(sec->options[j].id, sec->options[sec->n_options - 1].id))
						bad(ld, config_setting_get_member(og, "id"),
						    "duplicate option id \"%s\" in section \"%s\"",
						    sec->options[j].id, sec->id ? sec->id : "?");
			}
		}
	}
}

static bool
get_time(struct loader *ld, const config_setting_t *g, const char *name, time_t *out)
{
	char *s = get_str(ld, g, name, true);
	char p[256];
	bool ok = false;

	if (s) {
		ok = isotime_parse(s, out) == 0;
		if (!ok)
			bad(ld, config_setting_get_member(g, name),
			    "'%s' = \"%s\": expected a date and time like \"2024-01-31T17:00:00+07:00\"",
			    path_of(config_setting_get_member(g, name), p, sizeof p), s);
	}
	free(s);
	return ok;
}

static bool
get_deadline(struct loader *ld, const config_setting_t *g, struct yk_campaign *cp)
{
	char *s = get_str(ld, g, "deadline", true);
	char p[256];
	bool ok = false;

	if (s) {
		ok = isotime_parse_deadline(s, &cp->deadline, &cp->deadline_is_day) == 0;
		if (!ok)
			bad(ld, config_setting_get_member(g, "deadline"),
			    "'%s' = \"%s\": expected a date \"2024-01-31\" (until the end of that day, "
			    "Viet Nam time) or a date and time like \"2024-01-31T17:00:00+07:00\"",
			    path_of(config_setting_get_member(g, "deadline"), p, sizeof p), s);
	}
	free(s);
	return ok;
}

static void
load_reminders(struct loader *ld, const config_setting_t *cg, struct yk_reminder_rules *r)
{
	config_setting_t *g = config_setting_get_member(cg, "reminders");
	config_setting_t *s;
	char p[256];
	long long v;
	char *t;

	r->send_at_minutes = 8 * 60;
	r->working_days_only = true;
	if (!g)
		return;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		bad(ld, g, "%s must be a group { before_days = [...]; ... }", path_of(g, p, sizeof p));
		return;
	}
	if ((s = config_setting_get_member(g, "before_days"))) {
		int n = config_setting_length(s);
		if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
			bad(ld, s, "reminders.before_days must be a list of whole numbers [ 7, 3, 1 ]");
		} else {
			r->before_days = xcalloc((size_t)n, sizeof *r->before_days);
			for (int i = 0; i < n; i++) {
				config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
				if (config_setting_type(e) != CONFIG_TYPE_INT ||
				    config_setting_get_int(e) < 0 || config_setting_get_int(e) > 365) {
					bad(ld, e, "reminders.before_days: expected whole numbers of days from 0 to 365");
					continue;
				}
				r->before_days[r->n_before_days++] = config_setting_get_int(e);
			}
		}
	}
	{
		static const char *const known[] = { "before_days", "overdue_every_days",
			"overdue_max", "send_at", "working_days_only", "holidays", NULL };
		check_members(ld, g, known);
	}
	if (get_int(ld, g, "overdue_every_days", 1, 365, &v))
		r->overdue_every_days = (int)v;
	if (get_int(ld, g, "overdue_max", 0, 100, &v))
		r->overdue_max = (int)v;
	if (r->overdue_max > 0 && r->overdue_every_days == 0)
		bad(ld, config_setting_get_member(g, "overdue_max"),
		    "reminders.overdue_max needs overdue_every_days (days between two overdue reminders)");
	get_bool(ld, g, "working_days_only", &r->working_days_only);
	if ((t = get_str(ld, g, "send_at", false))) {
		if (isotime_parse_hhmm(t, &r->send_at_minutes))
			bad(ld, config_setting_get_member(g, "send_at"),
			    "reminders.send_at = \"%s\": expected a local time \"HH:MM\"", t);
		free(t);
	}
	r->holidays = get_strs(ld, g, "holidays", 1000, &r->n_holidays, false);
	for (size_t i = 0; i < r->n_holidays; i++)
		if (!isotime_valid_day(r->holidays[i]))
			bad(ld, config_setting_get_elem(config_setting_get_member(g, "holidays"), (unsigned)i),
			    "holiday \"%s\": expected a date \"YYYY-MM-DD\"", r->holidays[i]);
}

static void
load_campaigns(struct loader *ld, config_t *c)
{
	config_setting_t *l = config_lookup(c, "campaigns");
	struct yk_config *cfg = ld->cfg;
	char p[256];
	int n;

	if (!l) {
		bad(ld, NULL, "missing list 'campaigns = ( { id = ...; reference = ...; form = ...; ... } );'");
		return;
	}
	if (!config_setting_is_list(l)) {
		bad(ld, l, "'campaigns' must be a list ( { ... }, ... )");
		return;
	}
	n = config_setting_length(l);
	cfg->campaigns = xcalloc((size_t)n, sizeof *cfg->campaigns);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		config_setting_t *ag;
		struct yk_campaign *cp = &cfg->campaigns[cfg->n_campaigns];
		bool have_sent, have_deadline;

		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			bad(ld, g, "%s must be a group { id = ...; ... }", path_of(g, p, sizeof p));
			continue;
		}
		static const char *const known[] = { "id", "reference", "form", "title",
			"letter_message_id", "sent", "deadline", "agencies", "reminders", "template",
			"attach", "template_html", "attach_name", "acknowledge", NULL };

		check_members(ld, g, known);
		cfg->n_campaigns++;
		cp->id = get_str(ld, g, "id", true);
		if (cp->id && !valid_code(cp->id))
			bad(ld, config_setting_get_member(g, "id"),
			    "campaign id \"%s\": expected letters, digits, '_', '-' or '.'", cp->id);
		for (size_t j = 0; cp->id && j + 1 < cfg->n_campaigns; j++)
			if (cfg->campaigns[j].id && !strcmp(cfg->campaigns[j].id, cp->id))
				bad(ld, config_setting_get_member(g, "id"), "duplicate campaign id \"%s\"", cp->id);
		cp->reference = get_str(ld, g, "reference", true);
		cp->title = get_str(ld, g, "title", false);
		cp->form_id = get_str(ld, g, "form", true);
		if (cp->form_id) {
			for (size_t j = 0; j < cfg->n_forms; j++)
				if (cfg->forms[j].id && !strcmp(cfg->forms[j].id, cp->form_id))
					cp->form = &cfg->forms[j];
			if (!cp->form)
				bad(ld, config_setting_get_member(g, "form"),
				    "campaign \"%s\": form \"%s\" is not defined in 'forms'",
				    cp->id ? cp->id : "?", cp->form_id);
		}
		have_sent = get_time(ld, g, "sent", &cp->sent);
		have_deadline = get_deadline(ld, g, cp);
		if (have_sent && have_deadline && cp->deadline <= cp->sent)
			bad(ld, config_setting_get_member(g, "deadline"),
			    "campaign \"%s\": the deadline must come after 'sent'", cp->id ? cp->id : "?");
		cp->template_path = get_str(ld, g, "template", false);
		cp->attach_path = get_str(ld, g, "attach", false);
		get_bool(ld, g, "acknowledge", &cp->acknowledge);
		cp->letter_message_id = get_str(ld, g, "letter_message_id", false);
		if (cp->letter_message_id && strpbrk(cp->letter_message_id, "\r\n<> \t"))
			bad(ld, config_setting_get_member(g, "letter_message_id"),
			    "letter_message_id: expected the Message-ID without <>, spaces or line breaks");
		cp->template_html_path = get_str(ld, g, "template_html", false);
		cp->attach_name = get_str(ld, g, "attach_name", false);
		if (cp->attach_name && (strchr(cp->attach_name, '/') || strpbrk(cp->attach_name, "\r\n")))
			bad(ld, config_setting_get_member(g, "attach_name"),
			    "attach_name: expected a file name without '/' or line breaks");
		load_reminders(ld, g, &cp->reminders);

		ag = config_setting_get_member(g, "agencies");
		if (!ag || (config_setting_type(ag) == CONFIG_TYPE_STRING &&
		            !strcmp(config_setting_get_string(ag), "all"))) {
			cp->all_agencies = true;
		} else if (config_setting_is_array(ag) || config_setting_is_list(ag)) {
			int na = config_setting_length(ag);
			cp->agency_idx = xcalloc((size_t)na, sizeof *cp->agency_idx);
			for (int k = 0; k < na; k++) {
				config_setting_t *e = config_setting_get_elem(ag, (unsigned)k);
				const char *code = config_setting_get_string(e);
				const struct yk_agency *a = code ? config_agency(cfg, code) : NULL;
				if (!code)
					bad(ld, e, "campaign agencies: expected agency codes as strings");
				else if (!a)
					bad(ld, e, "campaign \"%s\": unknown agency code \"%s\" (not in 'agencies')",
					    cp->id ? cp->id : "?", code);
				else
					cp->agency_idx[cp->n_agencies++] = config_agency_index(cfg, a);
			}
		} else {
			bad(ld, ag, "campaign agencies: expected \"all\" or a list of agency codes [ \"SNV\", ... ]");
		}
	}
}

static void
load_top(struct loader *ld, config_t *c)
{
	static const char *const known[] = { "mailbox", "smtp", "storage", "agencies", "forms",
		                             "campaigns", "log_level", "log_target",
		                             "ready_after_login", NULL };
	const char *lv;

	check_members(ld, config_root_setting(c), known);
	if (config_lookup_string(c, "log_level", &lv)) {
		if (strcmp(lv, "debug") && strcmp(lv, "info") && strcmp(lv, "notice") &&
		    strcmp(lv, "warning") && strcmp(lv, "err"))
			bad(ld, config_lookup(c, "log_level"),
			    "log_level must be \"debug\", \"info\", \"notice\", \"warning\" or \"err\"");
		else
			ld->cfg->log_level = xstrdup(lv);
	}
	if (!ld->cfg->log_level)
		ld->cfg->log_level = xstrdup("info");
	ld->cfg->log_target = xstrdup("auto");
	if (config_lookup_string(c, "log_target", &lv)) {
		if (strcmp(lv, "auto") && strcmp(lv, "stderr") && strcmp(lv, "syslog"))
			bad(ld, config_lookup(c, "log_target"),
			    "log_target must be \"auto\", \"stderr\" or \"syslog\"");
		else {
			free(ld->cfg->log_target);
			ld->cfg->log_target = xstrdup(lv);
		}
	}
	ld->cfg->ready_after_login = true;
	get_bool(ld, config_root_setting(c), "ready_after_login", &ld->cfg->ready_after_login);
}

int
config_load(const char *path, struct yk_config **out, int *n_errors, struct yk_err *err)
{
	struct loader ld = { .path = path };
	config_t c;
	FILE *f;

	*out = NULL;
	if (n_errors)
		*n_errors = 0;
	f = fopen(path, "r");
	if (!f) {
		if (n_errors)
			*n_errors = 1;
		return yk_err_set(err, errno == ENOENT ? YK_ENOTFOUND : YK_EIO,
		                  "%s: cannot open: %s", path, strerror(errno));
	}
	config_init(&c);
	/* relative @include paths resolve against the config's directory */
	if (strchr(path, '/')) {
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", path);
		*strrchr(dir, '/') = '\0';
		config_set_include_dir(&c, dir);
	}
	if (!config_read(&c, f)) {
		const char *file = config_error_file(&c);
		int rc = yk_err_set(err, YK_ECONFIG, "%s:%d: syntax error: %s", file ? file : path,
		                    config_error_line(&c), config_error_text(&c));
		if (n_errors)
			*n_errors = 1;
		config_destroy(&c);
		fclose(f);
		return rc;
	}
	fclose(f);
	buf_init(&ld.errors, 0);
	ld.cfg = xcalloc(1, sizeof *ld.cfg);
	ld.cfg->path = xstrdup(path);
	load_top(&ld, &c);
	load_mailbox(&ld, &c);
	load_smtp(&ld, &c);
	load_storage(&ld, &c);
	load_agencies(&ld, &c);
	check_folders(&ld, &c);
	load_forms(&ld, &c);
	load_campaigns(&ld, &c);
	config_destroy(&c);
	if (n_errors)
		*n_errors = ld.n_errors;
	if (ld.n_errors) {
		int rc = yk_err_set(err, YK_ECONFIG, "%s", ld.errors.data);
		if (ld.errors.len >= sizeof err->msg) {
			/* cut at a line, leaving room to say how many more there were */
			char *nl;
			int shown = 0;
			err->msg[sizeof err->msg - 512] = '\0';
			if ((nl = strrchr(err->msg, '\n')))
				*nl = '\0';
			for (const char *q = err->msg; (q = strchr(q, '\n')); q++)
				shown++;
			snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
			         "\n%s: ... and %d more errors", path, ld.n_errors - shown - 1);
		}
		buf_free(&ld.errors);
		config_free(ld.cfg);
		return rc;
	}
	buf_free(&ld.errors);
	*out = ld.cfg;
	return 0;
}

void
config_free(struct yk_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->log_level);
	free(cfg->log_target);
	free(cfg->mailbox.url);
	free(cfg->mailbox.user);
	free(cfg->mailbox.password_file);
	free(cfg->mailbox.ca_file);
	free(cfg->mailbox.auth_mechanisms);
	free(cfg->mailbox.trusted_authserv_id);
	free(cfg->mailbox.folder_prefix);
	free(cfg->smtp.url);
	free(cfg->smtp.user);
	free(cfg->smtp.password_file);
	free(cfg->smtp.from);
	free(cfg->smtp.ca_file);
	free_strs(cfg->smtp.cc, cfg->smtp.n_cc);
	free_strs(cfg->smtp.digest_to, cfg->smtp.n_digest_to);
	free(cfg->storage.database);
	free(cfg->storage.archive);
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		struct yk_agency *a = &cfg->agencies[i];
		free(a->code);
		free(a->name);
		free(a->group);
		free_strs(a->emails, a->n_emails);
		free_strs(a->aliases, a->n_aliases);
	}
	free(cfg->agencies);
	for (size_t i = 0; i < cfg->n_forms; i++) {
		struct yk_form *f = &cfg->forms[i];
		for (size_t k = 0; k < f->n_sections; k++) {
			struct yk_section *s = &f->sections[k];
			free(s->id);
			free(s->heading);
			free(s->key);
			for (size_t o = 0; o < s->n_options; o++) {
				free(s->options[o].id);
				free(s->options[o].text);
				free(s->options[o].key);
			}
			free(s->options);
		}
		free(f->sections);
		free(f->id);
	}
	free(cfg->forms);
	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		struct yk_campaign *cp = &cfg->campaigns[i];
		free(cp->id);
		free(cp->reference);
		free(cp->form_id);
		free(cp->title);
		free(cp->agency_idx);
		free(cp->reminders.before_days);
		free_strs(cp->reminders.holidays, cp->reminders.n_holidays);
		free(cp->template_path);
		free(cp->attach_path);
		free(cp->letter_message_id);
		free(cp->template_html_path);
		free(cp->attach_name);
	}
	free(cfg->campaigns);
	free(cfg);
}

const struct yk_agency *
config_agency(const struct yk_config *cfg, const char *code)
{
	for (size_t i = 0; i < cfg->n_agencies; i++)
		if (cfg->agencies[i].code && !strcmp(cfg->agencies[i].code, code))
			return &cfg->agencies[i];
	return NULL;
}

const struct yk_campaign *
config_campaign(const struct yk_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_campaigns; i++)
		if (cfg->campaigns[i].id && !strcmp(cfg->campaigns[i].id, id))
			return &cfg->campaigns[i];
	return NULL;
}

size_t
config_agency_index(const struct yk_config *cfg, const struct yk_agency *a)
{
	return (size_t)(a - cfg->agencies);
}

bool
config_campaign_expects(const struct yk_campaign *c, size_t agency_idx)
{
	if (c->all_agencies)
		return true;
	for (size_t i = 0; i < c->n_agencies; i++)
		if (c->agency_idx[i] == agency_idx)
			return true;
	return false;
}
